// SPDX-License-Identifier: MIT
// The pre-#20 HTML extractor (bench/legacy_html.cpp), for scripts/bench/extraction only.
#pragma once

#include "document.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace lede::legacy {

struct HtmlPage {
    std::string title, description, author, date, site_name, url, lang;
    std::vector<std::string> tags;
    std::string text;
};

std::string html_declared_charset(std::string_view bytes);
HtmlPage extract_html(std::string_view utf8);
Article html_to_article(std::string_view bytes, std::string_view transport_charset = {});

} // namespace lede::legacy

// SPDX-License-Identifier: MIT
// HTML pages (gumbo): metadata and the article text, without navigation, scripts and styles.
#pragma once

#include "document.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace lede {

/// What an HTML page says about itself. All strings UTF-8, trimmed, possibly empty.
struct HtmlPage {
    std::string title;       // og:title, else JSON-LD headline, else <title>, else <h1>; the site's name
                             // before or after it cut ("Story - IGN", "Site | Story"); the page's <h1>
                             // when the title is that heading with decoration ("... Rezept")
    std::string description; // og:description, else <meta name=description>
    std::string author;      // <meta name=author>, article:author, JSON-LD author (a list: "A, B"), rel=author
    std::string date;        // the first plausible of: JSON-LD datePublished of an article, Open Graph and
                             // article:published_time / article:published, JSON-LD of another creative
                             // work (WebPage, ClaimReview...), <meta> name/itemprop variants, <time
                             // pubdate>, <time datetime> in the article, the URL's /YYYY/MM/DD/, a
                             // date in the short elements around the <h1>, in date/byline/meta
                             // elements, the modification dates; years before 1800 and future dates
                             // are refused. The publisher's day: when a zone offset moves the time to
                             // another day in UTC, the written day ("YYYY-MM-DD"); one day off the
                             // URL's date, the URL's day
    std::string site_name;   // og:site_name, else JSON-LD publisher
    std::string url;         // <link rel=canonical>, else og:url
    std::string lang;        // <html lang>
    std::vector<std::string> tags; // article:tag, keywords
    std::string text;        // the article's text (extract.hpp), paragraphs separated by blank lines
    std::vector<std::string> warnings; // e.g. a placeholder date refused
};

/// The charset an HTML document declares in its first 4 KiB: <meta charset="...">, or
/// <meta http-equiv="Content-Type" content="...; charset=...">. "" when none.
std::string html_declared_charset(std::string_view bytes);

/// Parse valid UTF-8 HTML and extract the page. Never throws for malformed HTML.
/// With `explanation`, the extractor's reasons (the best candidate blocks, what class/id evidence
/// left out) are written there, for bench/lede-extract --explain.
HtmlPage extract_html(std::string_view utf8, std::string* explanation = nullptr);

/// The text of a piece of HTML in valid UTF-8 as one line (a feed item's HTML title): every text
/// node but those of scripts, styles and templates, inline elements joined as written, blocks and
/// line breaks as spaces, whitespace collapsed. Entities are decoded; nothing is left out as
/// boilerplate. Bounded as extract_html is.
std::string html_line_text(std::string_view utf8);

/// Bytes of an HTML page in any charset -> an Article (id and origin left empty). The transport
/// charset (HTTP Content-Type, e-mail part) wins over the page's own declaration; then
/// decode_to_utf8 (BOM, declaration, detection); bytes that are valid UTF-8 are read as UTF-8 whatever
/// the page itself declares. The body is the article's text alone (never the meta description);
/// the source is the site name, else the URL's host. What was refused (a placeholder date) is
/// added to `warnings`. The one entry point for HTML files, WARC records and HTML-only e-mail.
Article html_to_article(std::string_view bytes, std::string_view transport_charset = {},
                        std::vector<std::string>* warnings = nullptr);

} // namespace lede

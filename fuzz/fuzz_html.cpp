// SPDX-License-Identifier: MIT
// Fuzz target: arbitrary bytes through the HTML extractor (charset, gumbo, metadata, main text).
#include "building_sink.hpp"
#include "html.hpp"

#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static lede::fuzz::BuildingSink sink;
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    (void)lede::html_declared_charset(bytes);
    // As a web page whose server sent no charset, and as one declared windows-1252.
    lede::Article a = lede::html_to_article(bytes);
    a.id = "fuzz";
    sink.article(std::move(a));
    lede::Article b = lede::html_to_article(bytes, "windows-1252");
    b.id = "fuzz";
    sink.article(std::move(b));
    return 0;
}

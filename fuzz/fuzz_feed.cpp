// SPDX-License-Identifier: MIT
// Fuzz target: arbitrary bytes through the feed reader (libxml2 in recovery mode, items, the HTML
// extractor on their content).
#include "building_sink.hpp"
#include "feed.hpp"

#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static lede::fuzz::BuildingSink sink;
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    lede::read_feed(bytes, lede::SourceName("fuzz.xml"), sink);
    (void)lede::looks_like_feed(bytes);
    return 0;
}

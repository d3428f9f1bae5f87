// SPDX-License-Identifier: MIT
// Fuzz target: arbitrary query strings through Lede's query parser; only QueryError may escape it.
#include "error.hpp"
#include "query_parser.hpp"

#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static lede::Analyzer analyzer;
    static lede::QueryParserOptions options = [] {
        lede::QueryParserOptions o;
        o.stem_languages = {"en", "de", "fr", "ru"};
        return o;
    }();
    if (size > 20000) return 0;
    std::string text(reinterpret_cast<const char*>(data), size);
    for (bool literal : {false, true}) {
        options.literal = literal;
        try {
            lede::ParsedQuery q = lede::parse_query(text, analyzer, options);
            (void)q.query.get_description();
        } catch (const lede::QueryError& e) {
            if (e.position() > text.size()) __builtin_trap();
        }
    }
    return 0;
}

// SPDX-License-Identifier: MIT
// ASCII-only helpers for the protocol words of the formats Lede reads (header names, tag names,
// charsets, MIME types, month names): never for text, which goes through the analyzer.
#pragma once

#include <string>
#include <string_view>

namespace lede {

/// `s` with A-Z lowered; every other byte (UTF-8 included) as it is.
inline std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

/// Runs of ASCII white space as one space, none at either end.
inline std::string collapse_spaces(std::string_view s) {
    std::string out;
    bool space = false;
    for (char c : s) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

} // namespace lede

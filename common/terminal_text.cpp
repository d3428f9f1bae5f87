// SPDX-License-Identifier: MIT
#include "terminal_text.hpp"
#include "decode.hpp"

#include <unicode/utf8.h>

namespace lede {
namespace {

void append_hex(std::string& out, unsigned value, int digits) {
    static const char hex[] = "0123456789abcdef";
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) out += hex[(value >> shift) & 0xF];
}

} // namespace

std::string terminal_text(std::string_view s, ControlAs as, bool keep_layout) {
    std::string out;
    out.reserve(s.size());
    const auto n = static_cast<int32_t>(s.size());
    int32_t i = 0;
    while (i < n) {
        const int32_t start = i;
        const auto byte = static_cast<unsigned char>(s[static_cast<std::size_t>(i)]);
        if (byte >= 0x20 && byte < 0x7F) { // the common case: printable ASCII
            out += static_cast<char>(byte);
            ++i;
            continue;
        }
        UChar32 c;
        U8_NEXT(s.data(), i, n, c);
        if (c < 0) {
            out += "\xEF\xBF\xBD";
        } else if (!is_terminal_control(static_cast<char32_t>(c))) {
            out.append(s, static_cast<std::size_t>(start), static_cast<std::size_t>(i - start));
        } else if (keep_layout && (c == '\n' || c == '\t')) {
            out += static_cast<char>(c);
        } else if (as == ControlAs::Space) {
            out += ' ';
        } else if (c < 0x80) {
            out += "\\x";
            append_hex(out, static_cast<unsigned>(c), 2);
        } else {
            out += "\\u";
            append_hex(out, static_cast<unsigned>(c), 4);
        }
    }
    return out;
}

std::size_t clean_field(std::string& s, bool multiline) {
    std::size_t fixes = 0;
    std::string out;
    out.reserve(s.size());
    const auto n = static_cast<int32_t>(s.size());
    int32_t i = 0;
    bool changed = false;
    while (i < n) {
        const int32_t start = i;
        const auto byte = static_cast<unsigned char>(s[static_cast<std::size_t>(i)]);
        if (byte >= 0x20 && byte < 0x7F) {
            out += static_cast<char>(byte);
            ++i;
            continue;
        }
        UChar32 c;
        U8_NEXT(s.data(), i, n, c);
        if (c < 0) {
            out += "\xEF\xBF\xBD";
            ++fixes;
            changed = true;
        } else if (!is_terminal_control(static_cast<char32_t>(c))) {
            out.append(s, static_cast<std::size_t>(start), static_cast<std::size_t>(i - start));
        } else if (append_windows_1252_for_c1(out, static_cast<char32_t>(c))) {
            ++fixes;
            changed = true;
        } else if (c == '\t' || c == '\n' || c == '\r') {
            changed = changed || !(multiline && c != '\r');
            if (!multiline) {
                out += ' ';
            } else if (c == '\r') {
                if (i < n && s[static_cast<std::size_t>(i)] == '\n') continue; // CR LF: the LF stays
                out += '\n';
            } else {
                out += static_cast<char>(c);
            }
        } else {
            ++fixes; // removed
            changed = true;
        }
    }
    if (changed) s.swap(out);
    return fixes;
}

} // namespace lede

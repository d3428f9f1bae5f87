// SPDX-License-Identifier: MIT
// Fuzz target: arbitrary bytes through decode_to_utf8 and the Analyzer, checking the token contract.
#include "analyzer.hpp"
#include "decode.hpp"
#include "language.hpp"
#include "schema.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static lede::Analyzer analyzer;
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    // The first byte picks a declared charset, so converters are fuzzed too.
    static const char* charsets[] = {"", "UTF-8", "windows-1252", "ISO-8859-5", "Shift_JIS", "UTF-16LE", "bogus"};
    std::string_view declared = size ? charsets[data[0] % 7] : "";
    lede::Decoded d = lede::decode_to_utf8(bytes, declared);
    lede::detect_language(d.text);
    std::uint32_t last_pos = 0;
    bool first = true;
    analyzer.analyze(d.text, 0, [&](const lede::Token& t) {
        if (t.term.empty() || t.term.size() > lede::schema::max_term_bytes) std::abort();
        if (t.accent_form.size() > lede::schema::max_term_bytes) std::abort();
        if (t.begin >= t.end || t.end > d.text.size()) std::abort();
        // Offsets fall on UTF-8 character boundaries.
        if ((static_cast<unsigned char>(d.text[t.begin]) & 0xC0) == 0x80) std::abort();
        if (t.end < d.text.size() && (static_cast<unsigned char>(d.text[t.end]) & 0xC0) == 0x80) std::abort();
        if (!first && !t.alias && t.kind != lede::TokenKind::CjkChar && t.pos < last_pos) std::abort();
        if (!t.alias && t.kind != lede::TokenKind::CjkChar) last_pos = t.pos, first = false;
    });
    return 0;
}

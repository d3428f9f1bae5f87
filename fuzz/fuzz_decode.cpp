// SPDX-License-Identifier: MIT
// Fuzz target: arbitrary bytes through common/decode (declared and detected charsets, sanitizing),
// checking its contract: the text is valid UTF-8 without NUL or other C0 controls but tab, LF, CR.
#include "decode.hpp"

#include <unicode/utf8.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

void check_text(const std::string& s) {
    const auto n = static_cast<int32_t>(s.size());
    for (int32_t i = 0; i < n;) {
        UChar32 c;
        U8_NEXT(s.data(), i, n, c);
        if (c < 0) std::abort();
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    // The first byte picks a declared charset (or none), so ICU's converters and the detector both run.
    static const char* charsets[] = {"",          "",         "UTF-8",    "windows-1252", "ISO-8859-1", "KOI8-R",
                                     "Shift_JIS", "EUC-KR",   "GB18030",  "UTF-16BE",     "UTF-16LE",   "UTF-32",
                                     "Big5",      "ISO-2022-JP", "x-unknown-charset", "utf8"};
    const std::string_view declared = size ? charsets[data[0] % 16] : "";
    const lede::Decoded d = lede::decode_to_utf8(bytes, declared);
    check_text(d.text);
    if (d.charset.empty()) std::abort();
    (void)lede::looks_binary(bytes);
    std::string s(bytes);
    const std::size_t fixes = lede::sanitize_utf8(s);
    const auto n = static_cast<int32_t>(s.size());
    for (int32_t i = 0; i < n;) {
        UChar32 c;
        U8_NEXT(s.data(), i, n, c);
        if (c < 0) std::abort();
    }
    if (fixes == 0 && s != bytes) std::abort();
    return 0;
}

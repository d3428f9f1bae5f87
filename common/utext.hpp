// SPDX-License-Identifier: MIT
// A UText over UTF-8 text for ICU's break iterators, with native indexes that are byte offsets.
// ICU reads UTF-8 through a UText that converts it chunk by chunk, a good part of the cost of
// segmenting; text that is all ASCII is widened once into UTF-16 instead, where each unit is one
// byte, so the indexes are the same byte offsets and the boundaries the same (the code points are).
#pragma once

#include <unicode/utext.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace lede {

inline bool is_ascii(std::string_view text) {
    const char* p = text.data();
    std::size_t n = text.size();
    std::uint64_t any = 0;
    for (; n >= 8; p += 8, n -= 8) {
        std::uint64_t w;
        std::memcpy(&w, p, 8);
        any |= w;
    }
    for (; n > 0; ++p, --n) any |= static_cast<unsigned char>(*p);
    return (any & 0x8080808080808080ULL) == 0;
}

/// Opens `ut` (initialized with UTEXT_INITIALIZER; close it with utext_close) over `text`;
/// `scratch` holds the UTF-16 copy of ASCII text and must outlive the UText's use.
inline void open_utext(UText& ut, std::string_view text, std::u16string& scratch, UErrorCode* status) {
    if (is_ascii(text)) {
        scratch.resize(text.size());
        for (std::size_t i = 0; i < text.size(); ++i) scratch[i] = static_cast<char16_t>(text[i]);
        utext_openUChars(&ut, reinterpret_cast<const UChar*>(scratch.data()), static_cast<int64_t>(scratch.size()), status);
    } else {
        utext_openUTF8(&ut, text.data(), static_cast<int64_t>(text.size()), status);
    }
}

} // namespace lede

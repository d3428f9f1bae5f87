// SPDX-License-Identifier: MIT
// Decoding with ICU converters (ucnv) and ICU's charset detector (ucsdet).
#include "decode.hpp"

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <memory>

namespace lede {
namespace {

struct Bom {
    std::string_view bytes;
    const char* charset;
};

// Longest first: the UTF-32LE BOM starts with the UTF-16LE one.
constexpr Bom boms[] = {
    {std::string_view("\xFF\xFE\x00\x00", 4), "UTF-32LE"}, {std::string_view("\x00\x00\xFE\xFF", 4), "UTF-32BE"},
    {std::string_view("\xEF\xBB\xBF", 3), "UTF-8"},         {std::string_view("\xFF\xFE", 2), "UTF-16LE"},
    {std::string_view("\xFE\xFF", 2), "UTF-16BE"},
};

bool valid_utf8(std::string_view s) {
    int32_t i = 0;
    const auto n = static_cast<int32_t>(s.size());
    while (i < n) {
        if (static_cast<unsigned char>(s[i]) < 0x80) {
            ++i;
            continue;
        }
        UChar32 c;
        U8_NEXT(s.data(), i, n, c);
        if (c < 0) return false;
    }
    return true;
}

// Convert with an ICU converter; false if the charset is unknown to ICU.
bool convert(std::string_view bytes, const char* charset, Decoded& out) {
    UErrorCode status = U_ZERO_ERROR;
    UConverter* conv = ucnv_open(charset, &status);
    if (U_FAILURE(status)) return false;
    std::unique_ptr<UConverter, decltype(&ucnv_close)> guard(conv, &ucnv_close);
    icu::UnicodeString u(bytes.data(), static_cast<int32_t>(bytes.size()), conv, status);
    if (U_FAILURE(status)) return false;
    out.text.clear();
    u.toUTF8String(out.text);
    const char* name = ucnv_getName(conv, &status);
    out.charset = U_SUCCESS(status) && name ? name : charset;
    // Count what the converter substituted (U+FFFD or U+001A), then clean up controls.
    for (int32_t i = 0; i < u.length(); ++i)
        if (u.charAt(i) == 0xFFFD || u.charAt(i) == 0x1A) ++out.replaced;
    out.replaced += sanitize_utf8(out.text);
    return true;
}

} // namespace

std::size_t sanitize_utf8(std::string& s) {
    std::size_t fixes = 0;
    std::string out;
    bool copied = false; // only build `out` once something needs fixing
    const auto n = static_cast<int32_t>(s.size());
    int32_t i = 0;
    while (i < n) {
        const int32_t start = i;
        auto byte = static_cast<unsigned char>(s[i]);
        if (byte < 0x80) {
            ++i;
            const bool bad = (byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r') || byte == 0x7F;
            if (bad) {
                if (!copied) {
                    out.assign(s, 0, static_cast<std::size_t>(start));
                    copied = true;
                }
                ++fixes;
            } else if (copied) {
                out += static_cast<char>(byte);
            }
            continue;
        }
        UChar32 c;
        U8_NEXT(s.data(), i, n, c);
        if (c < 0 || (c >= 0x80 && c < 0xA0)) { // invalid, or a C1 control
            if (!copied) {
                out.assign(s, 0, static_cast<std::size_t>(start));
                copied = true;
            }
            if (c < 0) out += "\xEF\xBF\xBD";
            ++fixes;
        } else if (copied) {
            out.append(s, static_cast<std::size_t>(start), static_cast<std::size_t>(i - start));
        }
    }
    if (copied) s.swap(out);
    return fixes;
}

bool looks_binary(std::string_view bytes) {
    for (const auto& bom : boms)
        if (bytes.substr(0, bom.bytes.size()) == bom.bytes) return false;
    std::string_view head = bytes.substr(0, 8192);
    std::size_t controls = 0, nuls = 0;
    for (unsigned char c : head) {
        nuls += c == 0;
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1B) ++controls;
    }
    // Text in any 8-bit encoding has next to no C0 controls; random bytes have about 11%, and
    // executables and UTF-16 without a BOM are full of NULs. A stray NUL in a text file is a bad
    // record to report, not a reason to reject the whole file.
    if (nuls * 100 > head.size() && nuls >= 4) return true;
    return head.size() >= 32 && controls * 50 > head.size();
}

Decoded decode_to_utf8(std::string_view bytes, std::string_view declared) {
    Decoded out;
    for (const auto& bom : boms) {
        if (bytes.substr(0, bom.bytes.size()) == bom.bytes) {
            bytes.remove_prefix(bom.bytes.size());
            if (convert(bytes, bom.charset, out)) return out;
        }
    }
    if (!declared.empty()) {
        std::string name(declared);
        // A declared UTF-8 that is not valid UTF-8 is a common lie; detection does better then.
        const bool says_utf8 = name == "utf-8" || name == "UTF-8" || name == "utf8" || name == "UTF8";
        if (!(says_utf8 && !valid_utf8(bytes)) && convert(bytes, name.c_str(), out)) return out;
    }
    if (valid_utf8(bytes)) {
        out.text.assign(bytes);
        out.charset = "UTF-8";
        out.replaced = sanitize_utf8(out.text);
        return out;
    }
    UErrorCode status = U_ZERO_ERROR;
    UCharsetDetector* det = ucsdet_open(&status);
    std::unique_ptr<UCharsetDetector, decltype(&ucsdet_close)> guard(det, &ucsdet_close);
    const char* guess = nullptr;
    if (U_SUCCESS(status)) {
        ucsdet_setText(det, bytes.data(), static_cast<int32_t>(bytes.size()), &status);
        const UCharsetMatch* match = ucsdet_detect(det, &status);
        if (U_SUCCESS(status) && match) {
            guess = ucsdet_getName(match, &status);
            if (U_FAILURE(status)) guess = nullptr;
        }
    }
    // ISO-8859-1 is ICU's guess for Western text; windows-1252 is what such text nearly always is.
    if (guess && std::string_view(guess) == "ISO-8859-1") guess = "windows-1252";
    if (guess && std::string_view(guess) != "UTF-8" && convert(bytes, guess, out)) return out;
    out.text.assign(bytes);
    out.charset = "UTF-8";
    out.replaced = sanitize_utf8(out.text);
    return out;
}

} // namespace lede

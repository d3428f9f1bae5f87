// SPDX-License-Identifier: MIT
// Decoding with ICU converters (ucnv) and ICU's charset detector (ucsdet).
#include "decode.hpp"

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <memory>
#include <string>

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

// The name people know a converter by ("windows-1252", not ICU's "ibm-5348_P100-1997").
std::string standard_name(UConverter* conv, const char* fallback) {
    UErrorCode status = U_ZERO_ERROR;
    const char* name = ucnv_getName(conv, &status);
    if (U_FAILURE(status) || !name) return fallback;
    for (const char* standard : {"MIME", "IANA"}) {
        UErrorCode st = U_ZERO_ERROR;
        const char* s = ucnv_getStandardName(name, standard, &st);
        if (U_SUCCESS(st) && s) return s;
    }
    return name;
}

// ICU's canonical converter name for a charset label, or "" when ICU does not know it.
std::string canonical(const std::string& label) {
    UErrorCode status = U_ZERO_ERROR;
    const char* name = ucnv_getCanonicalName(label.c_str(), "", &status);
    if (U_SUCCESS(status) && name && *name) return name;
    status = U_ZERO_ERROR;
    UConverter* conv = ucnv_open(label.c_str(), &status);
    if (U_FAILURE(status)) return {};
    std::string out = ucnv_getName(conv, &status);
    ucnv_close(conv);
    return out;
}

// Whether a charset encodes each character in one byte and ASCII as itself (US-ASCII, the
// ISO-8859 and windows-125x families, KOI8...; not EBCDIC, not the multibyte CJK charsets).
bool single_byte_ascii(const std::string& name) {
    UErrorCode status = U_ZERO_ERROR;
    UConverter* conv = ucnv_open(name.c_str(), &status);
    if (U_FAILURE(status)) return false;
    std::unique_ptr<UConverter, decltype(&ucnv_close)> guard(conv, &ucnv_close);
    if (ucnv_getMaxCharSize(conv) != 1) return false;
    constexpr std::string_view probe = "Az09 <>&=\"'";
    icu::UnicodeString u(probe.data(), static_cast<int32_t>(probe.size()), conv, status);
    if (U_FAILURE(status) || u.length() != static_cast<int32_t>(probe.size())) return false;
    for (int32_t i = 0; i < u.length(); ++i)
        if (u.charAt(i) != static_cast<char16_t>(probe[static_cast<std::size_t>(i)])) return false;
    return true;
}

bool has_non_ascii(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

// ICU's charset detector on the first 64 KiB: the best guess other than UTF-8 (the caller knows
// the bytes are not UTF-8), or nullptr.
const char* detect_charset(std::string_view bytes, UCharsetDetector* det) {
    UErrorCode status = U_ZERO_ERROR;
    const std::string_view head = bytes.substr(0, 65536);
    ucsdet_setText(det, head.data(), static_cast<int32_t>(head.size()), &status);
    int32_t n = 0;
    const UCharsetMatch** matches = ucsdet_detectAll(det, &n, &status);
    if (U_FAILURE(status)) return nullptr;
    for (int32_t i = 0; i < n; ++i) {
        UErrorCode st = U_ZERO_ERROR;
        const char* name = ucsdet_getName(matches[i], &st);
        if (U_SUCCESS(st) && name && std::string_view(name) != "UTF-8") return name;
    }
    return nullptr;
}

// The byte order of UTF-16 without a BOM, or nullptr when the bytes do not look like UTF-16
// (ICU's detector cannot tell the byte order of Japanese without a BOM). UTF-16 text has NULs
// (the high byte of ASCII, even of a CJK text's line breaks) where no legacy multibyte charset
// has any; and the high byte of a code unit varies less than the low byte (0x00 for Latin,
// 0x04 for Cyrillic, 0x30 for kana, a few dozen values for Han).
const char* guess_utf16(std::string_view bytes) {
    const std::string_view head = bytes.substr(0, std::min<std::size_t>(bytes.size(), 8192) & ~std::size_t{1});
    if (head.size() < 32) return nullptr;
    bool even[256] = {}, odd[256] = {};
    std::size_t nul_even = 0, nul_odd = 0;
    for (std::size_t i = 0; i < head.size(); i += 2) {
        even[static_cast<unsigned char>(head[i])] = true;
        odd[static_cast<unsigned char>(head[i + 1])] = true;
        nul_even += head[i] == 0;
        nul_odd += head[i + 1] == 0;
    }
    const auto n_even = std::count(std::begin(even), std::end(even), true);
    const auto n_odd = std::count(std::begin(odd), std::end(odd), true);
    if (nul_even + nul_odd == 0) return nullptr;
    if (n_even * 3 <= n_odd * 2) return "UTF-16BE";
    if (n_odd * 3 <= n_even * 2) return "UTF-16LE";
    return nullptr;
}

// Whether a converter is EBCDIC (it writes 'A' as 0xC1).
bool is_ebcdic(UConverter* conv) {
    const UChar a[1] = {u'A'};
    char b[4];
    UErrorCode status = U_ZERO_ERROR;
    const int32_t n = ucnv_fromUChars(conv, b, sizeof b, a, 1, &status);
    ucnv_resetFromUnicode(conv);
    return U_SUCCESS(status) && n == 1 && static_cast<unsigned char>(b[0]) == 0xC1;
}

// Convert with an ICU converter; false if the charset is unknown to ICU.
bool convert(std::string_view bytes, const char* charset, Decoded& out) {
    UErrorCode status = U_ZERO_ERROR;
    UConverter* conv = ucnv_open(charset, &status);
    if (U_FAILURE(status)) return false;
    std::unique_ptr<UConverter, decltype(&ucnv_close)> guard(conv, &ucnv_close);
    icu::UnicodeString u(bytes.data(), static_cast<int32_t>(bytes.size()), conv, status);
    if (U_FAILURE(status)) return false;
    // EBCDIC's NL byte is U+0085 (NEL): a line end, where elsewhere a C1 control is a
    // windows-1252 byte (sanitize_utf8).
    if (is_ebcdic(conv)) u.findAndReplace(icu::UnicodeString(static_cast<UChar>(0x85)), icu::UnicodeString(u'\n'));
    out.text.clear();
    u.toUTF8String(out.text);
    out.charset = standard_name(conv, charset);
    // Count what the converter substituted (U+FFFD or U+001A), then clean up controls.
    for (int32_t i = 0; i < u.length(); ++i)
        if (u.charAt(i) == 0xFFFD || u.charAt(i) == 0x1A) ++out.replaced;
    out.replaced += sanitize_utf8(out.text);
    return true;
}

} // namespace

char32_t windows_1252_for_c1(char32_t c) {
    // windows-1252's characters for the bytes 0x80..0x9F (0: a byte it leaves undefined).
    static constexpr char16_t table[32] = {
        0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
        0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};
    return c >= 0x80 && c < 0xA0 ? table[c - 0x80] : 0;
}

bool append_windows_1252_for_c1(std::string& out, char32_t c) {
    const char32_t w = windows_1252_for_c1(c);
    if (w == 0) return false;
    char buf[U8_MAX_LENGTH];
    int32_t len = 0;
    U8_APPEND_UNSAFE(buf, len, static_cast<UChar32>(w));
    out.append(buf, static_cast<std::size_t>(len));
    return true;
}

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
            if (c < 0) {
                out += "\xEF\xBF\xBD";
                ++fixes;
            } else {
                append_windows_1252_for_c1(out, static_cast<char32_t>(c)); // else removed
                ++fixes;
            }
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
    const bool utf8 = valid_utf8(bytes);
    if (!declared.empty()) {
        std::string name = canonical(std::string(declared));
        // A declared UTF-8 that is not valid UTF-8 is a common lie; detection does better then.
        // A declared ISO-8859-1 is read as windows-1252, its superset, as web browsers do.
        if (name == "ISO-8859-1" || name == "US-ASCII") name = "windows-1252";
        // Valid UTF-8 beyond ASCII under a single-byte declaration is UTF-8: read a byte at a
        // time, each such character would be two or three unlikely ones ("Ã©" for "é"), while
        // real single-byte text almost never forms valid UTF-8 sequences (a lone accented
        // letter is a lead byte without its continuation).
        const bool mislabelled = utf8 && !name.empty() && name != "UTF-8" && has_non_ascii(bytes) && single_byte_ascii(name);
        if (!name.empty() && !mislabelled && !(name == "UTF-8" && !utf8) && convert(bytes, name.c_str(), out)) return out;
    }
    // UTF-16 without a BOM is often valid UTF-8 byte for byte (ASCII with a NUL after every
    // letter, Cyrillic as 0x04 and a letter): text with that many control bytes is not UTF-8.
    std::size_t controls = 0;
    const std::string_view head = bytes.substr(0, 4096);
    for (unsigned char c : head) controls += c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f';
    const bool control_heavy = controls * 16 > head.size();
    if (!utf8 || control_heavy) {
        if (const char* order = guess_utf16(bytes)) {
            Decoded d;
            if (convert(bytes, order, d) && d.replaced * 100 <= d.text.size()) return d;
        }
    }
    if (utf8 && !control_heavy) {
        out.text.assign(bytes);
        out.charset = "UTF-8";
        out.replaced = sanitize_utf8(out.text);
        return out;
    }
    UErrorCode status = U_ZERO_ERROR;
    UCharsetDetector* det = ucsdet_open(&status);
    std::unique_ptr<UCharsetDetector, decltype(&ucsdet_close)> guard(det, &ucsdet_close);
    const char* guess = U_SUCCESS(status) ? detect_charset(bytes, det) : nullptr;
    // ISO-8859-1 is ICU's guess for Western text; windows-1252 is what such text nearly always is.
    if (guess && std::string_view(guess) == "ISO-8859-1") guess = "windows-1252";
    if (guess && (!utf8 || std::string_view(guess).substr(0, 6) == "UTF-16" || std::string_view(guess).substr(0, 6) == "UTF-32") &&
        convert(bytes, guess, out))
        return out;
    out.text.assign(bytes);
    out.charset = "UTF-8";
    out.replaced = sanitize_utf8(out.text);
    return out;
}

} // namespace lede

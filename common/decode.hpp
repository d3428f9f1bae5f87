// SPDX-License-Identifier: MIT
// Bytes in any encoding -> valid UTF-8: BOMs, declared charsets, detection of legacy encodings.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace lede {

struct Decoded {
    std::string text;          // valid UTF-8, without BOM, NUL and C0 controls other than \t \n \r
    std::string charset;       // the charset the bytes were read as ("UTF-8", "windows-1252", ...)
    std::size_t replaced = 0;  // invalid sequences replaced by U+FFFD, plus control characters dropped
};

/// Decode `bytes`. A non-empty `declared` charset (HTML meta, --encoding, a charset field) wins over
/// detection; a BOM wins over both. Without either, valid UTF-8 is taken as UTF-8 and anything else
/// goes through ICU's charset detector (first 64 KiB), as does valid UTF-8 full of NULs (UTF-16
/// without a BOM). A declared or detected ISO-8859-1 is read as windows-1252, its superset; a
/// declared UTF-8 that is not valid UTF-8 is detected instead. `charset` is the MIME (else IANA)
/// name. Never throws for bad input; an unknown declared charset falls back to detection.
/// Detection needs text: a few words of windows-1252 can come out as another 8-bit charset, and
/// Cyrillic in Shift_JIS reads as windows-1252 (see docs/analysis.md).
Decoded decode_to_utf8(std::string_view bytes, std::string_view declared = {});

/// Make `s` valid UTF-8 in place: invalid sequences become U+FFFD, NUL, DEL and C0 controls other
/// than tab, newline and carriage return are removed, and a C1 control becomes the windows-1252
/// character of its byte (windows_1252_for_c1; removed where there is none). Returns how many
/// characters were replaced or removed: 0 means `s` is unchanged.
std::size_t sanitize_utf8(std::string& s);

/// What a C1 control (U+0080..U+009F) stands for in text: the windows-1252 character of the same
/// byte, 0 for the five bytes windows-1252 leaves undefined and for anything else. Decoded text
/// holds C1 controls when windows-1252 went through an ISO-8859-1 decoder upstream, or from a JSON
/// "\u0092": "don\u0092t" is "don't" (browsers read HTML's "&#146;" the same way).
char32_t windows_1252_for_c1(char32_t c);
/// Append windows_1252_for_c1(c) to `out` as UTF-8; false (nothing appended) when it is 0.
bool append_windows_1252_for_c1(std::string& out, char32_t c);

/// True when the bytes look like a binary file rather than text (NULs or many control bytes in the
/// first 8 KiB, and no UTF-16/32 BOM).
bool looks_binary(std::string_view bytes);

} // namespace lede

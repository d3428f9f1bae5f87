// SPDX-License-Identifier: MIT
// Text from data (fields, ids, file and member names, facet values, warnings) made safe to write to
// a terminal: no byte of it can start an escape sequence.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace lede {

/// How a control character in data is written.
enum class ControlAs {
    Escape, // visibly: C0 and DEL as \xHH (ESC -> "\x1b"), C1 as \uHHHH (U+009B -> "\u009b")
    Space,  // as one space (the terminal layout, whose widths count a control as one column)
};

/// True for the code points a terminal may act on: C0 (U+0000-U+001F), DEL (U+007F) and C1
/// (U+0080-U+009F).
constexpr bool is_terminal_control(char32_t c) { return c < 0x20 || (c >= 0x7F && c < 0xA0); }

/// `s` with every control character replaced (see ControlAs) and every invalid UTF-8 sequence
/// replaced by U+FFFD, so the result is valid UTF-8 without ESC, CSI or any other control.
/// With `keep_layout`, tab and newline are kept as they are (multi-line output such as warnings
/// and bodies); every other control, carriage return included, is replaced.
std::string terminal_text(std::string_view s, ControlAs as = ControlAs::Escape, bool keep_layout = false);

/// Clean a stored text field in place at ingest, after every decoding step (charsets, HTML
/// entities, JSON escapes): C0 controls and DEL are removed, a C1 control becomes the
/// windows-1252 character of its byte (U+0092 is U+2019; the five bytes windows-1252 leaves
/// undefined are removed), invalid UTF-8 becomes U+FFFD. With `multiline` (the body), tab and
/// newline are kept and a carriage return becomes a newline (CR LF one newline); otherwise tab,
/// newline and carriage return become a space.
/// Returns how many characters were removed or replaced (layout conversions not counted).
std::size_t clean_field(std::string& s, bool multiline);

} // namespace lede

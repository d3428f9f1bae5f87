// SPDX-License-Identifier: MIT
// Language of an article: the declared code normalized, else detected (CLD2), else from the script.
#pragma once

#include <string>
#include <string_view>

namespace lede {

/// "en-US", "EN", "en_GB" -> "en"; "" for anything that is not a 2- or 3-letter code.
std::string normalize_language_code(std::string_view code);

/// Detect the language of UTF-8 text: CLD2 when it is reliable, else the dominant script
/// (Han -> zh, Kana -> ja, Hangul -> ko, Thai -> th, Arabic -> ar, Cyrillic -> ru, ...).
/// Returns an ISO 639-1 code, or "" when nothing can be said.
std::string detect_language(std::string_view text);

} // namespace lede

// SPDX-License-Identifier: MIT
// CLD2 detection with a script-count fallback for short or unusual text.
#include "language.hpp"

#include <cld2/public/compact_lang_det.h>
#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/uloc.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <map>

namespace CLD2 {
const char* LanguageCode(Language lang); // declared in cld2's internal lang_script.h
}

namespace lede {

namespace {

// ISO 639 codes and English language names -> the code Lede uses (ISO 639-1 where there is one).
// Built once from ICU's language list.
class LanguageCodes {
public:
    LanguageCodes() {
        for (const char* const* l = uloc_getISOLanguages(); *l; ++l) {
            const std::string code = *l;
            m_codes.emplace(code, code);
            icu::Locale loc(code.c_str());
            if (code.size() == 2 && *loc.getISO3Language()) m_codes.emplace(loc.getISO3Language(), code);
            icu::UnicodeString name;
            loc.getDisplayLanguage(icu::Locale::getEnglish(), name);
            std::string n;
            name.toLower(icu::Locale::getEnglish()).toUTF8String(n);
            if (n != code) m_codes.emplace(n, code);
        }
        // Withdrawn ISO 639-1 codes (CLD2 still returns iw and jw) and ISO 639-2/B codes.
        static constexpr std::pair<const char*, const char*> aliases[] = {
            {"iw", "he"},  {"in", "id"},  {"ji", "yi"},  {"jw", "jv"},  {"mo", "ro"},  {"alb", "sq"},
            {"arm", "hy"}, {"baq", "eu"}, {"bur", "my"}, {"chi", "zh"}, {"cze", "cs"}, {"dut", "nl"},
            {"fre", "fr"}, {"geo", "ka"}, {"ger", "de"}, {"gre", "el"}, {"ice", "is"}, {"mac", "mk"},
            {"mao", "mi"}, {"may", "ms"}, {"per", "fa"}, {"rum", "ro"}, {"slo", "sk"}, {"tib", "bo"},
            {"wel", "cy"}};
        for (const auto& [from, to] : aliases) m_codes[from] = to;
        for (const char* none : {"und", "mul", "zxx", "mis", "undetermined"}) m_codes.erase(none);
    }

    std::string find(const std::string& key) const {
        auto it = m_codes.find(key);
        return it == m_codes.end() ? std::string() : it->second;
    }

private:
    std::map<std::string, std::string> m_codes;
};

const LanguageCodes& language_codes() {
    static const LanguageCodes codes;
    return codes;
}

} // namespace

std::string normalize_language_code(std::string_view code) {
    while (!code.empty() && (code.front() == ' ' || code.front() == '\t')) code.remove_prefix(1);
    while (!code.empty() && (code.back() == ' ' || code.back() == '\t')) code.remove_suffix(1);
    std::string out;
    bool name = false;
    for (char c : code) {
        if (c == '-' || c == '_') break;
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c < 'a' || c > 'z') {
            if (c != ' ' && c != '(' && c != ')') return {};
            name = true; // "Norwegian Bokmål" style names are not handled: only letters and spaces
        }
        out += c;
    }
    if (out.size() < 2 || (name && out.size() < 4)) return {};
    // "und", "mul", "zxx" (undetermined, multiple, no linguistic content) and unknown codes say
    // nothing: the caller detects instead.
    return language_codes().find(out);
}

namespace {

std::string language_from_script(std::string_view text) {
    std::map<UScriptCode, std::size_t> counts;
    std::size_t kana = 0;
    int32_t i = 0;
    const auto n = static_cast<int32_t>(text.size());
    for (std::size_t seen = 0; i < n && seen < 4000;) {
        UChar32 c;
        U8_NEXT(text.data(), i, n, c);
        if (c < 0 || !u_isalpha(c)) continue;
        UErrorCode st = U_ZERO_ERROR;
        UScriptCode s = uscript_getScript(c, &st);
        if (U_FAILURE(st)) continue;
        if (s == USCRIPT_HIRAGANA || s == USCRIPT_KATAKANA) ++kana;
        ++counts[s];
        ++seen;
    }
    if (kana > 0) return "ja";
    UScriptCode best = USCRIPT_INVALID_CODE;
    std::size_t best_n = 0;
    for (auto [s, k] : counts)
        if (k > best_n) best = s, best_n = k;
    switch (best) {
    case USCRIPT_HAN: return "zh";
    case USCRIPT_HANGUL: return "ko";
    case USCRIPT_THAI: return "th";
    case USCRIPT_ARABIC: return "ar";
    case USCRIPT_CYRILLIC: return "ru";
    case USCRIPT_GREEK: return "el";
    case USCRIPT_HEBREW: return "he";
    case USCRIPT_DEVANAGARI: return "hi";
    case USCRIPT_LAO: return "lo";
    case USCRIPT_KHMER: return "km";
    case USCRIPT_MYANMAR: return "my";
    case USCRIPT_GEORGIAN: return "ka";
    case USCRIPT_ARMENIAN: return "hy";
    default: return {};
    }
}

} // namespace

std::string detect_language(std::string_view text) {
    if (text.empty()) return {};
    // CLD2 wants valid UTF-8 (callers decode first) and gains little past a few KB.
    std::string_view sample = text.substr(0, 16384);
    while (!sample.empty() && (static_cast<unsigned char>(sample.back()) & 0xC0) == 0x80) sample.remove_suffix(1);
    if (!sample.empty() && static_cast<unsigned char>(sample.back()) >= 0xC0) sample.remove_suffix(1);
    // No letters (numbers, punctuation): no language, whatever CLD2 would guess.
    bool letters = false;
    for (int32_t i = 0, n = static_cast<int32_t>(sample.size()); i < n && !letters;) {
        UChar32 c;
        U8_NEXT(sample.data(), i, n, c);
        letters = c >= 0 && u_isalpha(c);
    }
    if (!letters) return {};
    bool reliable = false;
    CLD2::Language lang = CLD2::DetectLanguage(sample.data(), static_cast<int>(sample.size()), true, &reliable);
    if (reliable && lang != CLD2::UNKNOWN_LANGUAGE) {
        std::string code = normalize_language_code(CLD2::LanguageCode(lang));
        if (!code.empty() && code != "un") return code;
    }
    std::string by_script = language_from_script(sample);
    if (!by_script.empty()) return by_script;
    if (lang != CLD2::UNKNOWN_LANGUAGE) {
        std::string code = normalize_language_code(CLD2::LanguageCode(lang));
        if (code != "un") return code;
    }
    return {};
}

} // namespace lede

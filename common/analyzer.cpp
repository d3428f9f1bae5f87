// SPDX-License-Identifier: MIT
// ICU-based analysis: word segmentation over UTF-8 (byte offsets kept), NFKC case folding,
// diacritic folding, apostrophe/hyphen/dot handling, link aliases, bigrams for unspaced scripts,
// Snowball stemming via Xapian.
#include "analyzer.hpp"

#include "error.hpp"
#include "icu_error.hpp"
#include "schema.hpp"
#include "utext.hpp"

#include <nlohmann/json.hpp>
#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>
#include <xapian.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <map>

namespace lede {
namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 25> stemmer_names{{
    {"ar", "arabic"},     {"hy", "armenian"},   {"eu", "basque"},     {"ca", "catalan"},
    {"da", "danish"},     {"nl", "dutch"},      {"en", "english"},    {"fi", "finnish"},
    {"fr", "french"},     {"de", "german"},     {"hu", "hungarian"},  {"id", "indonesian"},
    {"ga", "irish"},      {"it", "italian"},    {"lt", "lithuanian"}, {"ne", "nepali"},
    {"no", "norwegian"},  {"nb", "norwegian"},  {"nn", "norwegian"},  {"pt", "portuguese"},
    {"ro", "romanian"},   {"ru", "russian"},    {"es", "spanish"},    {"sv", "swedish"},
    {"tr", "turkish"},
}};

std::string_view stemmer_name(std::string_view lang) {
    for (const auto& [code, name] : stemmer_names)
        if (code == lang) return name;
    return {};
}

bool is_apostrophe(UChar32 c) {
    return c == 0x27 || c == 0x2019 || c == 0x2018 || c == 0x02BC || c == 0xFF07 || c == 0x02B9;
}

bool is_hyphen(UChar32 c) {
    return c == 0x2D || c == 0x2010 || c == 0x2011 || c == 0xFF0D || c == 0xFE63;
}

// Separators inside a word that split it into parts but stay in its joined alias:
// "www.example.com" -> www, example, com + "www.example.com". ICU keeps both inside one word.
char part_separator(UChar32 c) {
    switch (c) {
    case '.': case 0xFF0E: case 0xFE52: case 0x2024: return '.';
    case '@': case 0xFF20: case 0xFE6B: return '@';
    default: return 0;
    }
}

// Scripts written without spaces whose words ICU finds with a dictionary. The segmentation of a
// word depends on its neighbours, so like Han and Kana they are indexed as character bigrams.
bool is_unspaced_script(UChar32 c) {
    return (c >= 0x0E00 && c <= 0x0EFF) ||   // Thai, Lao
           (c >= 0x1000 && c <= 0x109F) ||   // Myanmar
           (c >= 0x1780 && c <= 0x17FF) ||   // Khmer
           (c >= 0x19E0 && c <= 0x19FF) ||   // Khmer symbols
           (c >= 0xA9E0 && c <= 0xA9FF) ||   // Myanmar extended-B
           (c >= 0xAA60 && c <= 0xAA7F);     // Myanmar extended-A
}

// Han and kana that ICU leaves outside its dictionary words, e.g. an iteration mark on its own.
bool is_han_or_kana(UChar32 c) {
    if (u_hasBinaryProperty(c, UCHAR_IDEOGRAPHIC)) return true;
    UErrorCode st = U_ZERO_ERROR;
    const UScriptCode script = uscript_getScript(c, &st);
    return script == USCRIPT_HAN || script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA ||
           c == 0x30FC || c == 0xFF70;
}

bool is_cjk_status(int32_t status) {
    return (status >= UBRK_WORD_KANA && status < UBRK_WORD_KANA_LIMIT) ||
           (status >= UBRK_WORD_IDEO && status < UBRK_WORD_IDEO_LIMIT);
}

// A character that belongs to the character before it in a bigram unit: combining marks, kana
// voicing marks, and the Thai/Lao SARA AM (a spacing vowel whose NFKC form starts with a mark).
bool joins_previous(UChar32 c) {
    if (c == 0xFF9E || c == 0xFF9F || c == 0x0E33 || c == 0x0EB3) return true;
    const auto t = u_charType(c);
    return t == U_NON_SPACING_MARK || t == U_COMBINING_SPACING_MARK || t == U_ENCLOSING_MARK;
}

// Scripts whose combining marks are accents that searchers ignore. Elsewhere (Indic, Thai, kana
// voicing marks) a mark changes the letter, so it stays.
bool strips_marks(UScriptCode script) {
    switch (script) {
    case USCRIPT_LATIN:
    case USCRIPT_GREEK:
    case USCRIPT_CYRILLIC:
    case USCRIPT_ARABIC:
    case USCRIPT_HEBREW:
    case USCRIPT_COMMON:
    case USCRIPT_INHERITED:
        return true;
    default:
        return false;
    }
}

bool is_ascii_alnum(unsigned char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

void lower_ascii(std::string& s) {
    for (auto& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
}

std::uint64_t fnv1a(std::string_view s) {
    std::uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return h;
}

// Characters of an e-mail address's local part (the common, unquoted subset of RFC 5322).
bool is_email_local(unsigned char c) {
    return is_ascii_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

bool is_host_char(unsigned char c) { return is_ascii_alnum(c) || c == '.' || c == '-'; }

// End of an e-mail address that starts at `b`, or 0.
std::size_t email_end(std::string_view text, std::size_t b) {
    if (b > 0) {
        const auto prev = static_cast<unsigned char>(text[b - 1]);
        if (is_ascii_alnum(prev) || prev == '_' || prev == '%' || prev == '+' || prev == '-') return 0;
    }
    std::size_t i = b;
    while (i < text.size() && is_email_local(static_cast<unsigned char>(text[i]))) ++i;
    if (i == b || i >= text.size() || text[i] != '@') return 0;
    const std::size_t host = i + 1;
    std::size_t j = host;
    while (j < text.size() && is_host_char(static_cast<unsigned char>(text[j]))) ++j;
    while (j > host && (text[j - 1] == '.' || text[j - 1] == '-')) --j;
    std::string_view domain = text.substr(host, j - host);
    const std::size_t dot = domain.rfind('.');
    if (dot == std::string_view::npos || dot == 0 || domain.size() - dot - 1 < 2) return 0;
    for (char c : domain.substr(dot + 1))
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return 0;
    return j;
}

// End of a URL ("scheme://..." or "www....") that starts at `b`, or 0. The URL runs to the next
// space, quote or angle bracket; trailing sentence punctuation is not part of it.
std::size_t url_end(std::string_view text, std::size_t b, std::size_t word_end) {
    std::string_view word = text.substr(b, word_end - b);
    bool starts = false;
    if (text.substr(word_end, 3) == "://" && word.size() <= 10) {
        starts = true;
        for (char c : word)
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) starts = false;
    } else if (word.size() > 4) {
        std::string w4(word.substr(0, 4));
        lower_ascii(w4);
        starts = w4 == "www." && is_ascii_alnum(static_cast<unsigned char>(word[4]));
    }
    if (!starts) return 0;
    const auto n = static_cast<int32_t>(text.size());
    auto i = static_cast<int32_t>(b);
    int parens = 0;
    while (i < n) {
        const auto byte = static_cast<unsigned char>(text[static_cast<std::size_t>(i)]);
        if (byte < 0x80) {
            if (byte <= 0x20 || byte == 0x7F || byte == '"' || byte == '<' || byte == '>' || byte == '`' ||
                byte == '{' || byte == '}' || byte == '|' || byte == '\\' || byte == '^')
                break;
            parens += byte == '(' ? 1 : byte == ')' ? -1 : 0;
            ++i;
            continue;
        }
        int32_t next = i;
        UChar32 c;
        U8_NEXT(text.data(), next, n, c);
        if (c < 0 || !(u_isalnum(c) || joins_previous(c))) break;
        i = next;
    }
    auto e = static_cast<std::size_t>(i);
    while (e > b) {
        const char c = text[e - 1];
        if (c == ')' && parens < 0) {
            ++parens;
            --e;
        } else if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '\'' || c == ']') {
            --e;
        } else {
            break;
        }
    }
    return e > word_end ? e : 0;
}

struct Part {
    std::uint32_t begin, end;
    char separator; // what joins it to the previous part in the joined alias (0: nothing)
};

// ICU's word break rules (UAX #29 as ICU 72 tailors it) restricted to ASCII, where they come
// down to a handful of character classes: ascii_segment gives the segments and rule statuses
// ICU's word iterator gives for all-ASCII text, without the iterator (a good part of the cost of
// analysis). ICU's tailoring differs between versions (ICU 72 counts '@' as a letter, ':' is not
// MidLetter), so the Analyzer first checks these rules against the ICU it runs with
// (ascii_rules_agree) and uses ICU alone if they differ; tests/unit/test_analyzer.cpp compares
// them exhaustively over short strings and over the shared corpora.
enum class Wb : std::uint8_t { Other, CR, Space, Letter, Digit, Under, MidNumLet, Quote, MidNum };

constexpr std::array<Wb, 128> wb_classes = [] {
    std::array<Wb, 128> t{};
    for (int c = 'a'; c <= 'z'; ++c) t[static_cast<std::size_t>(c)] = Wb::Letter;
    for (int c = 'A'; c <= 'Z'; ++c) t[static_cast<std::size_t>(c)] = Wb::Letter;
    for (int c = '0'; c <= '9'; ++c) t[static_cast<std::size_t>(c)] = Wb::Digit;
    t['@'] = Wb::Letter;
    t['_'] = Wb::Under;       // ExtendNumLet
    t['.'] = Wb::MidNumLet;
    t['\''] = Wb::Quote;     // Single_Quote: MidNumLet in the rules that matter here
    t[','] = Wb::MidNum;
    t[';'] = Wb::MidNum;
    t[' '] = Wb::Space;       // WSegSpace: runs stay together
    t['\r'] = Wb::CR;         // CR LF stays together; LF, VT, FF are segments of their own (Other)
    return t;
}();

Wb wb_class(char c) { return wb_classes[static_cast<unsigned char>(c) & 0x7F]; }

bool is_word_class(Wb c) { return c == Wb::Letter || c == Wb::Digit || c == Wb::Under; }

// The segment of all-ASCII `text` that starts at `b`: its end and ICU's rule status for it.
// Letters, digits and '_' join (WB5, 8, 9, 10, 13a, 13b); a letter, '.' or '\'' and a letter
// join (WB6, 7), a digit, '.', ',', ';' or '\'' and a digit join (WB11, 12). ICU gives the status
// of the last rule that joined: 200 (letter) when the segment ends in a letter, 100 (number) in a
// digit, and for a final '_' 100 after a digit, else 200; a lone letter 200, a lone digit 100,
// anything else 0.
std::pair<std::uint32_t, std::int32_t> ascii_segment(std::string_view text, std::uint32_t b) {
    const auto n = static_cast<std::uint32_t>(text.size());
    const Wb c0 = wb_class(text[b]);
    if (c0 == Wb::CR) return {b + 1 < n && text[b + 1] == '\n' ? b + 2 : b + 1, UBRK_WORD_NONE};
    if (c0 == Wb::Space) {
        std::uint32_t j = b + 1;
        while (j < n && text[j] == ' ') ++j;
        return {j, UBRK_WORD_NONE};
    }
    if (!is_word_class(c0)) return {b + 1, UBRK_WORD_NONE};
    std::int32_t status = c0 == Wb::Letter ? UBRK_WORD_LETTER : c0 == Wb::Digit ? UBRK_WORD_NUMBER : UBRK_WORD_NONE;
    Wb cur = c0;
    std::uint32_t j = b; // the segment's last character
    while (j + 1 < n) {
        const Wb next = wb_class(text[j + 1]);
        if (is_word_class(next)) {
            status = next == Wb::Letter  ? UBRK_WORD_LETTER
                     : next == Wb::Digit ? UBRK_WORD_NUMBER
                     : cur == Wb::Digit  ? UBRK_WORD_NUMBER
                                         : UBRK_WORD_LETTER;
            cur = next;
            ++j;
            continue;
        }
        if (j + 2 < n && (cur == Wb::Letter || cur == Wb::Digit)) {
            const Wb after = wb_class(text[j + 2]);
            const bool joins = cur == Wb::Letter ? (next == Wb::MidNumLet || next == Wb::Quote) && after == Wb::Letter
                                                 : (next == Wb::MidNumLet || next == Wb::Quote || next == Wb::MidNum) &&
                                                       after == Wb::Digit;
            if (joins) {
                j += 2;
                status = cur == Wb::Letter ? UBRK_WORD_LETTER : UBRK_WORD_NUMBER;
                continue;
            }
        }
        break;
    }
    return {j + 1, status};
}

// Text that takes every ASCII character through the rules of ascii_segment: each character
// between letters, between digits, doubled and alone, and the classes after one another.
std::string ascii_probe_text() {
    std::string t;
    for (int c = 0; c < 128; ++c) {
        const char ch = static_cast<char>(c);
        for (const char* around : {"aa", "11", "a1", "1a", "__", "a_", "_1"}) {
            t += around[0];
            t += ch;
            t += around[1];
            t += ' ';
        }
        t += ch;
        t += ch;
        t += ' ';
        t += ch;
        t += "a.";
        t += ch;
        t += "1,";
        t += ch;
        t += ' ';
    }
    const std::string_view reps = "a1_.',;: \r\n\t-@\"", word = "a1_";
    for (char x : word)
        for (char y : reps)
            for (char z : reps) {
                t += x;
                t += y;
                t += z;
                t += ' ';
            }
    return t;
}

// Whether ICU's word iterator `words` segments ascii_probe_text exactly as ascii_segment does
// (boundaries and statuses).
bool ascii_rules_agree(icu::BreakIterator& words) {
    const std::string probe = ascii_probe_text();
    IcuError err("checking the word break rules");
    UText ut = UTEXT_INITIALIZER;
    utext_openUTF8(&ut, probe.data(), static_cast<int64_t>(probe.size()), err);
    words.setText(&ut, err);
    bool agree = err.isSuccess();
    std::uint32_t b = 0;
    for (std::int32_t e = words.next(); agree && e != icu::BreakIterator::DONE; e = words.next()) {
        const auto [end, status] = ascii_segment(probe, b);
        agree = static_cast<std::int32_t>(end) == e && status == words.getRuleStatus();
        b = end;
    }
    agree = agree && b == probe.size();
    utext_close(&ut);
    return agree;
}

} // namespace

static_assert(max_token_bytes + 8 <= schema::max_term_bytes, "room for the longest field prefix");

namespace {

std::string cut_and_hash(std::string term, std::size_t max) {
    if (term.size() <= max) return term;
    char hash[20];
    std::snprintf(hash, sizeof hash, "#%016llx", static_cast<unsigned long long>(fnv1a(term)));
    std::size_t cut = max - 17;
    while (cut > 0 && (static_cast<unsigned char>(term[cut]) & 0xC0) == 0x80) --cut;
    term.resize(cut);
    term += hash;
    return term;
}

} // namespace

std::string limit_term_length(std::string term) { return cut_and_hash(std::move(term), schema::max_term_bytes); }

std::string limit_token_length(std::string term) { return cut_and_hash(std::move(term), max_token_bytes); }

namespace {

// Letters of `written` and whether all are upper case (UTF-8; invalid bytes are not letters).
std::pair<std::size_t, bool> letters_upper(std::string_view written) {
    std::size_t letters = 0;
    bool upper = true;
    for (int32_t i = 0; i < static_cast<int32_t>(written.size());) {
        UChar32 c = 0;
        U8_NEXT(written.data(), i, static_cast<int32_t>(written.size()), c);
        if (c < 0 || !u_isalpha(c)) continue;
        ++letters;
        if (!u_isupper(c) && !u_istitle(c)) upper = false;
    }
    return {letters, upper};
}

} // namespace

bool is_capitals(std::string_view written) {
    const auto [letters, upper] = letters_upper(written);
    return letters >= 2 && upper;
}

void CapitalsCount::add(std::string_view written) {
    const auto [letters, upper] = letters_upper(written);
    if (letters < 2) return;
    ++words;
    if (upper) ++capitals;
}

bool is_bigram_script_term(std::string_view term) {
    if (term.empty() || static_cast<unsigned char>(term[0]) < 0x80) return false;
    int32_t i = 0;
    UChar32 c = 0;
    U8_NEXT(reinterpret_cast<const uint8_t*>(term.data()), i, static_cast<int32_t>(term.size()), c);
    return c >= 0 && (is_unspaced_script(c) || is_han_or_kana(c));
}

std::string AnalyzerConfig::to_json() const {
    nlohmann::json j{{"version", version}, {"fold_diacritics", fold_diacritics}, {"cjk_bigrams", cjk_bigrams}};
    return j.dump();
}

AnalyzerConfig AnalyzerConfig::from_json(std::string_view json) {
    try {
        auto j = nlohmann::json::parse(json);
        AnalyzerConfig c;
        c.version = j.at("version").get<int>();
        c.fold_diacritics = j.at("fold_diacritics").get<bool>();
        c.cjk_bigrams = j.at("cjk_bigrams").get<bool>();
        if (c.version != AnalyzerConfig{}.version)
            throw SchemaError("the index was built with analyzer version " + std::to_string(c.version) +
                              ", this build has version " + std::to_string(AnalyzerConfig{}.version) +
                              "; re-index with this version of lede-index");
        return c;
    } catch (const nlohmann::json::exception& e) {
        throw SchemaError(std::string("unreadable analyzer settings in index: ") + e.what());
    }
}

struct Analyzer::Impl {
    std::unique_ptr<icu::BreakIterator> words;
    const icu::Normalizer2* nfkc_cf = nullptr;
    const icu::Normalizer2* nfd = nullptr;
    const icu::Normalizer2* nfc = nullptr;
    mutable std::map<std::string, Xapian::Stem, std::less<>> stemmers;
    bool fold_diacritics = true;
    bool ascii_fast = false;        // all-ASCII text segmented by ascii_segment, not by ICU

    // Scratch kept between calls so that the hot path does not allocate.
    mutable Token tok;
    mutable std::string joined, compound, link, unit, prev_unit, cur_unit, filtered;
    mutable std::vector<Part> parts;
    mutable std::vector<std::uint32_t> offset_map;
    mutable std::u16string wide; // ASCII text in UTF-16 for the word iterator (utext.hpp)

    // Normalize one piece of a word (no apostrophes inside) into `term` and `accent_form`
    // (cleared unless it differs). Returns false when nothing is left.
    bool normalize(std::string_view piece, std::string& term, std::string& accent_form) const {
        accent_form.clear();
        bool ascii = true;
        for (unsigned char c : piece)
            if (c >= 0x80) {
                ascii = false;
                break;
            }
        if (ascii) {
            term.assign(piece);
            lower_ascii(term);
            return !term.empty();
        }
        IcuError err("normalizing text");
        icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(piece.data(), static_cast<int32_t>(piece.size())));
        icu::UnicodeString cf = nfkc_cf->normalize(u, err);
        if (cf.isEmpty()) return false;
        icu::UnicodeString folded;
        bool changed = false;
        if (fold_diacritics) {
            icu::UnicodeString decomposed = nfd->normalize(cf, err);
            icu::UnicodeString kept;
            bool strip = true;
            UChar32 base = 0;
            for (int32_t i = 0; i < decomposed.length();) {
                UChar32 c = decomposed.char32At(i);
                i += U16_LENGTH(c);
                if (u_charType(c) == U_NON_SPACING_MARK) {
                    // Cyrillic short i (и + breve) is a letter of its own, never written without it.
                    const bool short_i = c == 0x0306 && (base == 0x0438 || base == 0x0456);
                    if (strip && !short_i) {
                        changed = true;
                        continue;
                    }
                } else if (c == 0x0640) { // Arabic tatweel: elongation only
                    changed = true;
                    continue;
                } else {
                    IcuError serr("script lookup");
                    strip = strips_marks(uscript_getScript(c, serr));
                    base = c;
                }
                kept.append(c);
            }
            if (changed) folded = nfc->normalize(kept, err);
            if (changed && folded.isEmpty()) return false;
        }
        term.clear();
        (changed ? folded : cf).toUTF8String(term);
        if (changed) cf.toUTF8String(accent_form);
        return true;
    }

    const Xapian::Stem* stemmer(std::string_view lang) const {
        auto it = stemmers.find(lang);
        if (it == stemmers.end()) {
            auto name = stemmer_name(lang);
            if (name.empty()) return nullptr;
            it = stemmers.emplace(std::string(lang), Xapian::Stem(std::string(name))).first;
        }
        return &it->second;
    }
};

namespace {

// One analysis of one text: walks ICU's word boundaries and emits tokens. `Emit` is a callable
// taking const Token&; a template so that analyze() into a vector pays no std::function call.
template <class Emit>
class Pass {
public:
    Pass(const Analyzer::Impl& im, const AnalyzerConfig& config, std::string_view text,
         const std::vector<std::uint32_t>* offsets, std::uint32_t first_pos, Emit& emit)
        : m_im(im), m_config(config), m_text(text), m_offsets(offsets), m_pos(first_pos), m_emit(emit),
          m_tok(im.tok) {}

    AnalyzeStats run() {
        if (m_im.ascii_fast && is_ascii(m_text)) run_ascii();
        else run_icu();
        flush_units();
        return m_stats;
    }

private:
    void run_icu() {
        IcuError err("segmenting text");
        UText ut = UTEXT_INITIALIZER;
        open_utext(ut, m_text, m_im.wide, err);
        err.check();
        icu::BreakIterator& words = *m_im.words;
        words.setText(&ut, err);
        err.check();
        const auto n = static_cast<int32_t>(m_text.size());
        std::int32_t start = words.first();
        for (std::int32_t end = words.next(); end != icu::BreakIterator::DONE; start = end, end = words.next()) {
            const auto b = static_cast<std::uint32_t>(start);
            const auto e = static_cast<std::uint32_t>(end);
            const auto first = static_cast<unsigned char>(m_text[b]);
            // A segment starting with ASCII space or punctuation (other than '_' and '@', which
            // can start one) is not a word: ICU's rule status is needed only for the others.
            const std::int32_t status = first < 0x80 && !is_ascii_alnum(first) && first != '_' && first != '@'
                                            ? static_cast<std::int32_t>(UBRK_WORD_NONE)
                                            : words.getRuleStatus();
            if (first >= 0x80 && m_config.cjk_bigrams) {
                int32_t i = start;
                UChar32 c;
                U8_NEXT(m_text.data(), i, n, c);
                const bool cjk = is_cjk_status(status) || (status < UBRK_WORD_NUMBER && is_han_or_kana(c));
                if (cjk || is_unspaced_script(c)) {
                    add_units(b, e, cjk ? 1 : 2);
                    continue;
                }
            }
            flush_units();
            segment(b, e, status);
        }
        utext_close(&ut);
    }

    // All-ASCII text: the same segments and rule statuses as ICU's word iterator (ascii_segment),
    // without it.
    void run_ascii() {
        const auto n = static_cast<std::uint32_t>(m_text.size());
        for (std::uint32_t b = 0; b < n;) {
            const auto [e, status] = ascii_segment(m_text, b);
            segment(b, e, status);
            b = e;
        }
    }

    // One segment of ICU's word iterator that is not part of a run of an unspaced script.
    void segment(std::uint32_t b, std::uint32_t e, std::int32_t status) {
        if (status >= UBRK_WORD_NUMBER) {
            if (static_cast<unsigned char>(m_text[b]) < 0x80 && b >= m_link_end && may_start_link(b, e)) find_link(b, e);
            word(b, e, status < UBRK_WORD_NUMBER_LIMIT ? TokenKind::Number : TokenKind::Word);
        } else {
            non_word(b, e);
        }
    }

    // Emit m_tok (term and accent_form already set) after cutting long terms and mapping offsets.
    void emit(std::uint32_t b, std::uint32_t e, std::uint32_t pos, TokenKind kind, bool alias) {
        if (m_tok.term.size() > max_token_bytes) {
            m_tok.term = limit_token_length(std::move(m_tok.term));
            if (!alias) {
                ++m_stats.cut_tokens;
                m_stats.longest_cut = std::max<std::size_t>(m_stats.longest_cut, e - b);
            }
        }
        if (m_tok.accent_form.size() > max_token_bytes)
            m_tok.accent_form = limit_token_length(std::move(m_tok.accent_form));
        if (m_offsets) {
            // Filtered bytes map one to one onto the original text.
            m_tok.begin = (*m_offsets)[b];
            m_tok.end = (*m_offsets)[e - 1] + 1;
        } else {
            m_tok.begin = b;
            m_tok.end = e;
        }
        m_tok.pos = pos;
        m_tok.kind = kind;
        m_tok.alias = alias;
        ++m_stats.tokens;
        m_emit(static_cast<const Token&>(m_tok));
    }

    void emit_alias(const std::string& term, std::uint32_t b, std::uint32_t e, std::uint32_t pos, TokenKind kind) {
        m_tok.term.assign(term);
        m_tok.accent_form.clear();
        emit(b, e, pos, kind, true);
    }

    // Cheap test before find_link: a scheme ("http" + "://"), "www.", or an '@' in or right
    // after the word, or a character that can continue an address's local part.
    bool may_start_link(std::uint32_t b, std::uint32_t e) const {
        const char after = e < m_text.size() ? m_text[e] : ' ';
        if (after == ':' || after == '@' || after == '.' || after == '+' || after == '-' || after == '%') return true;
        const char c = m_text[b];
        if ((c == 'w' || c == 'W') && e - b > 4) return true;
        return std::memchr(m_text.data() + b, '@', e - b) != nullptr;
    }

    // A URL or e-mail address starting at this word: its whole text becomes an alias at the
    // position of its first word, which the words inside it then follow as usual.
    void find_link(std::uint32_t b, std::uint32_t e) {
        std::size_t end = url_end(m_text, b, e);
        m_in_email = false;
        if (!end) {
            end = email_end(m_text, b);
            m_in_email = end != 0;
        }
        if (!end) return;
        m_link_end = static_cast<std::uint32_t>(end);
        std::string& link = m_im.link;
        if (!m_im.normalize(m_text.substr(b, end - b), link, m_im.unit)) return;
        if (link.size() > max_token_bytes) link = limit_token_length(std::move(link));
        emit_alias(link, b, m_link_end, m_pos, TokenKind::Word);
    }

    void word(std::uint32_t b, std::uint32_t e, TokenKind kind) {
        const std::string_view seg = m_text.substr(b, e - b);
        std::string& joined = m_im.joined;
        const std::uint32_t first_pos = m_pos;
        // ASCII without apostrophes (or, in words, dots and at-signs): the common case, lower-cased
        // while it is checked.
        bool simple = true;
        {
            std::string& term = m_tok.term;
            term.resize(seg.size());
            const bool word_kind = kind == TokenKind::Word;
            for (std::size_t i = 0; i < seg.size(); ++i) {
                const auto c = static_cast<unsigned char>(seg[i]);
                if (c >= 0x80 || c == '\'' || (word_kind && (c == '.' || c == '@'))) {
                    simple = false;
                    break;
                }
                term[i] = static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
            }
        }
        if (simple) {
            m_tok.accent_form.clear();
            emit(b, e, m_pos++, kind, false);
            after_word(b, e, first_pos, kind, true);
            return;
        }
        // Parts: split at apostrophes ("don't" -> don, t) and, in words, at dots and at-signs.
        auto& parts = m_im.parts;
        parts.clear();
        bool dots_only = true, any_dot = false;
        {
            std::uint32_t part_begin = b;
            char sep = 0;
            const auto n = static_cast<int32_t>(seg.size());
            for (int32_t i = 0; i < n;) {
                const int32_t at = i;
                UChar32 c;
                U8_NEXT(seg.data(), i, n, c);
                char s = 0;
                if (is_apostrophe(c)) {
                    s = '\'';
                    dots_only = false;
                } else if (kind == TokenKind::Word && (s = part_separator(c)) != 0) {
                    any_dot = any_dot || s == '.';
                    dots_only = dots_only && s == '.';
                } else {
                    continue;
                }
                parts.push_back({part_begin, b + static_cast<std::uint32_t>(at), sep});
                part_begin = b + static_cast<std::uint32_t>(i);
                sep = s == '\'' ? 0 : s;
            }
            parts.push_back({part_begin, e, sep});
        }
        // Acronyms ("U.S.", "e.g.") stay one token, with an alias without dots: every dotted part
        // at most two characters.
        bool acronym = false;
        if (any_dot && dots_only && parts.size() >= 2) {
            acronym = true;
            for (const Part& p : parts) {
                std::size_t chars = 0;
                for (std::uint32_t i = p.begin; i < p.end; ++i)
                    chars += (static_cast<unsigned char>(m_text[i]) & 0xC0) != 0x80;
                if (chars == 0 || chars > 2) acronym = false;
            }
            if (acronym) {
                parts.clear();
                parts.push_back({b, e, 0});
            }
        }
        joined.clear();
        int pieces = 0;
        for (const Part& p : parts) {
            if (p.end <= p.begin ||
                !m_im.normalize(m_text.substr(p.begin, p.end - p.begin), m_tok.term, m_tok.accent_form))
                continue;
            if (pieces > 0 && p.separator) joined += p.separator;
            joined += m_tok.term;
            ++pieces;
            emit(p.begin, p.end, m_pos++, kind, false);
        }
        if (pieces == 0) return;
        if (pieces > 1) {
            const bool redundant = b < m_link_end && (joined == m_im.link || (m_in_email && joined.find('@') != std::string::npos));
            if (!redundant) emit_alias(joined, b, e, first_pos, kind);
        } else if (acronym) {
            std::string& plain = m_im.unit;
            plain.clear();
            for (char c : joined)
                if (c != '.') plain += c;
            emit_alias(plain, b, e, first_pos, kind);
        }
        after_word(b, e, first_pos, kind, false);
    }

    // The joined form of the word just read: its term (simple words, still in m_tok) or `joined`.
    const std::string& last_joined(bool simple) const { return simple ? m_tok.term : m_im.joined; }

    // Hyphenated compounds: also index the parts joined ("e-mail" -> "email") at the first part.
    // The compound is copied only once a hyphen follows a word (see non_word).
    void after_word(std::uint32_t b, std::uint32_t e, std::uint32_t first_pos, TokenKind kind, bool simple) {
        std::string& compound = m_im.compound;
        const std::string& joined = last_joined(simple);
        if (m_hyphen_pending && m_compound_open && compound.size() + joined.size() <= max_token_bytes) {
            compound += joined;
            emit_alias(compound, m_compound_begin, e, m_compound_pos, kind);
            m_compound_ready = true;
        } else {
            m_compound_ready = false;
            m_compound_begin = b;
            m_compound_pos = first_pos;
            m_last_simple = simple;
        }
        m_compound_open = true;
        m_hyphen_pending = false;
        m_last_word_end = e;
    }

    // A non-word segment: only a single hyphen directly between two words keeps a compound open.
    void non_word(std::uint32_t b, std::uint32_t e) {
        if (m_compound_open && !m_hyphen_pending && b == m_last_word_end) {
            int32_t i = static_cast<int32_t>(b);
            UChar32 c;
            U8_NEXT(m_text.data(), i, static_cast<int32_t>(m_text.size()), c);
            if (is_hyphen(c) && static_cast<std::uint32_t>(i) == e) {
                if (!m_compound_ready) {
                    // The word before the hyphen starts the compound. A simple word's term is
                    // its lower-cased text; an other word's joined form is still in `joined`.
                    std::string& compound = m_im.compound;
                    if (m_last_simple) {
                        compound.assign(m_text.substr(m_compound_begin, b - m_compound_begin));
                        lower_ascii(compound);
                    } else {
                        compound.assign(m_im.joined);
                    }
                    m_compound_ready = true;
                }
                m_hyphen_pending = true;
                m_last_word_end = e;
                return;
            }
        }
        m_compound_open = m_hyphen_pending = false;
    }

    // A segment of a script written without spaces: split into units (a character with the marks
    // that follow it), each NFKC folded, and fed to the bigram run.
    void add_units(std::uint32_t b, std::uint32_t e, int script_class) {
        if (m_run_class != script_class) flush_units();
        m_run_class = script_class;
        m_compound_open = m_hyphen_pending = false;
        const auto n = static_cast<int32_t>(e);
        auto i = static_cast<int32_t>(b);
        // ICU may start a segment with marks (out of context, Thai "ม่น้ำ" breaks before SARA AM):
        // they still belong to the unit before.
        if (m_run_units > 0 && m_cur_end == b) {
            while (i < n) {
                int32_t j = i;
                UChar32 mark;
                U8_NEXT(m_text.data(), j, n, mark);
                if (!joins_previous(mark)) break;
                i = j;
            }
            if (i > static_cast<int32_t>(b)) {
                m_cur_end = static_cast<std::uint32_t>(i);
                m_im.normalize(m_text.substr(m_cur_begin, m_cur_end - m_cur_begin), m_im.cur_unit, m_tok.accent_form);
            }
        }
        while (i < n) {
            const int32_t ub = i;
            UChar32 c;
            U8_NEXT(m_text.data(), i, n, c);
            while (i < n) {
                int32_t j = i;
                UChar32 next;
                U8_NEXT(m_text.data(), j, n, next);
                if (!joins_previous(next)) break;
                i = j;
            }
            if (m_im.normalize(m_text.substr(static_cast<std::size_t>(ub), static_cast<std::size_t>(i - ub)), m_im.unit,
                               m_tok.accent_form))
                push_unit(static_cast<std::uint32_t>(ub), static_cast<std::uint32_t>(i));
        }
    }

    // Bigrams stream out as units arrive, one unit behind so that marks ICU puts in the next
    // segment can still join the last unit: unit k's character alias and the bigram (k, k+1)
    // share a position; the run's last unit gets a position of its own.
    void push_unit(std::uint32_t ub, std::uint32_t ue) {
        std::string& prev = m_im.prev_unit;
        std::string& cur = m_im.cur_unit;
        if (m_run_units >= 2) emit_bigram();
        if (m_run_units >= 1) {
            prev.swap(cur);
            m_prev_begin = m_cur_begin;
            m_prev_end = m_cur_end;
        }
        cur.swap(m_im.unit);
        m_cur_begin = ub;
        m_cur_end = ue;
        ++m_run_units;
    }

    // Emit the pending pair (prev, cur): prev's alias and the bigram, at the next position.
    void emit_bigram() {
        m_tok.term.assign(m_im.prev_unit);
        m_tok.accent_form.clear();
        emit(m_prev_begin, m_prev_end, m_pos, TokenKind::CjkChar, true);
        m_tok.term.assign(m_im.prev_unit);
        m_tok.term += m_im.cur_unit;
        emit(m_prev_begin, m_cur_end, m_pos++, TokenKind::Cjk, false);
    }

    void flush_units() {
        if (m_run_units == 0) return;
        if (m_run_units >= 2) emit_bigram();
        m_tok.term.assign(m_im.cur_unit);
        m_tok.accent_form.clear();
        if (m_run_units == 1) emit(m_cur_begin, m_cur_end, m_pos++, TokenKind::Cjk, false);
        else emit(m_cur_begin, m_cur_end, m_pos++, TokenKind::CjkChar, true);
        m_run_units = 0;
        m_run_class = 0;
    }

    const Analyzer::Impl& m_im;
    const AnalyzerConfig& m_config;
    std::string_view m_text;
    const std::vector<std::uint32_t>* m_offsets;
    std::uint32_t m_pos;
    Emit& m_emit;
    Token& m_tok;
    AnalyzeStats m_stats;

    // Hyphen joining state: the compound so far ("follow" + "up" -> "followup").
    std::uint32_t m_compound_begin = 0, m_compound_pos = 0, m_last_word_end = 0;
    bool m_compound_open = false;   // last token was a word (compound can continue)
    bool m_hyphen_pending = false;  // ...and a single hyphen followed it directly
    bool m_compound_ready = false;  // m_im.compound holds the compound so far
    bool m_last_simple = false;     // the compound's first word took the ASCII fast path
    // The URL or e-mail address being read, if any.
    std::uint32_t m_link_end = 0;
    bool m_in_email = false;
    // The run of unspaced-script units being read.
    std::size_t m_run_units = 0;
    int m_run_class = 0;            // 1 Han/Kana, 2 Thai/Lao/Khmer/Myanmar
    std::uint32_t m_prev_begin = 0, m_prev_end = 0, m_cur_begin = 0, m_cur_end = 0;
};

// Zero-width spaces are invisible and often sit inside words (pasted from web pages); ICU breaks
// words at them. They are removed before segmentation, remembering where each byte came from.
constexpr std::string_view zwsp = "\xE2\x80\x8B";

void strip_zero_width(std::string_view text, std::string& out, std::vector<std::uint32_t>& offsets) {
    out.clear();
    offsets.clear();
    for (std::size_t i = 0; i < text.size();) {
        if (text.compare(i, zwsp.size(), zwsp) == 0) {
            i += zwsp.size();
            continue;
        }
        out += text[i];
        offsets.push_back(static_cast<std::uint32_t>(i));
        ++i;
    }
}

template <class Emit>
AnalyzeStats run_pass(const Analyzer::Impl& im, const AnalyzerConfig& config, std::string_view text,
                      std::uint32_t first_pos, Emit& emit) {
    if (text.empty()) return {};
    if (text.find(zwsp) == std::string_view::npos)
        return Pass<Emit>(im, config, text, nullptr, first_pos, emit).run();
    strip_zero_width(text, im.filtered, im.offset_map);
    if (im.filtered.empty()) return {};
    return Pass<Emit>(im, config, im.filtered, &im.offset_map, first_pos, emit).run();
}

} // namespace

Analyzer::Analyzer(AnalyzerConfig config) : m_config(config), m_impl(std::make_unique<Impl>()) {
    IcuError err("creating the word break iterator");
    m_impl->words.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), err));
    err.check();
    m_impl->nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(err);
    m_impl->nfd = icu::Normalizer2::getNFDInstance(err);
    m_impl->nfc = icu::Normalizer2::getNFCInstance(err);
    err.check();
    m_impl->fold_diacritics = config.fold_diacritics;
    m_impl->ascii_fast = ascii_fast_path_available();
}

void Analyzer::set_ascii_fast_path(bool on) { m_impl->ascii_fast = on && ascii_fast_path_available(); }

bool Analyzer::ascii_fast_path_available() {
    // Checked once per process, on an iterator of its own.
    static const bool available = [] {
        IcuError err("creating the word break iterator");
        std::unique_ptr<icu::BreakIterator> words(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), err));
        err.check();
        return ascii_rules_agree(*words);
    }();
    return available;
}

std::vector<std::pair<std::uint32_t, std::int32_t>> ascii_word_segments(std::string_view text) {
    std::vector<std::pair<std::uint32_t, std::int32_t>> out;
    for (std::uint32_t b = 0; b < text.size();) {
        const auto seg = ascii_segment(text, b);
        out.push_back(seg);
        b = seg.first;
    }
    return out;
}

Analyzer::~Analyzer() = default;
Analyzer::Analyzer(Analyzer&&) noexcept = default;
Analyzer& Analyzer::operator=(Analyzer&&) noexcept = default;

bool Analyzer::has_stemmer(std::string_view lang) { return !stemmer_name(lang).empty(); }

bool Analyzer::stem_keeps_first_byte(std::string_view lang) {
    if (stemmer_name(lang).empty()) return true;
    // Each checked over the shared corpora's words (tests/unit/test_analyzer_ascii.cpp); a
    // stemmer added later is not among them until it is checked too (it is stemmed, as before).
    static constexpr std::array<std::string_view, 22> checked{"ar", "hy", "eu", "ca", "da", "nl", "en", "fi",
                                                              "fr", "de", "hu", "it", "lt", "ne", "no", "nb",
                                                              "nn", "pt", "ro", "ru", "es", "sv"};
    return std::find(checked.begin(), checked.end(), lang) != checked.end();
}

std::string Analyzer::stem(std::string_view term, std::string_view lang) const {
    const Xapian::Stem* s = m_impl->stemmer(lang);
    if (!s) return std::string(term);
    for (unsigned char c : term)
        if (c >= '0' && c <= '9') return std::string(term);
    std::string out = (*s)(std::string(term));
    return out.empty() ? std::string(term) : out;
}

std::vector<Token> Analyzer::analyze(std::string_view text, std::uint32_t first_pos) const {
    std::vector<Token> out;
    out.reserve(text.size() / 6 + 4); // about one token per 6 bytes of prose: few regrowths
    auto push = [&](const Token& t) { out.push_back(t); };
    run_pass(*m_impl, m_config, text, first_pos, push);
    return out;
}

AnalyzeStats Analyzer::analyze(std::string_view text, std::uint32_t first_pos,
                               const std::function<void(const Token&)>& emit) const {
    return run_pass(*m_impl, m_config, text, first_pos, emit);
}

std::string Analyzer::fold_word(std::string_view word) const {
    for (const auto& t : analyze(word))
        if (!t.alias) return t.term;
    return {};
}

} // namespace lede

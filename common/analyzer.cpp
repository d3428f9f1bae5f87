// SPDX-License-Identifier: MIT
// ICU-based analysis: word segmentation over UTF-8 (byte offsets kept), NFKC case folding,
// diacritic folding, apostrophe/hyphen handling, CJK bigrams, Snowball stemming via Xapian.
#include "analyzer.hpp"

#include "error.hpp"
#include "icu_error.hpp"
#include "schema.hpp"

#include <nlohmann/json.hpp>
#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>
#include <xapian.h>

#include <array>
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
    return c == 0x2D || c == 0x2010 || c == 0x2011 || c == 0xFF0D;
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

bool is_cjk_status(int32_t status) {
    return (status >= UBRK_WORD_KANA && status < UBRK_WORD_KANA_LIMIT) ||
           (status >= UBRK_WORD_IDEO && status < UBRK_WORD_IDEO_LIMIT);
}

bool is_ascii(std::string_view s) {
    for (unsigned char c : s)
        if (c >= 0x80) return false;
    return true;
}

std::uint64_t fnv1a(std::string_view s) {
    std::uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return h;
}

struct CjkUnit {
    std::string text;
    std::uint32_t begin;
    std::uint32_t end;
};

} // namespace

std::string limit_term_length(std::string term) {
    if (term.size() <= schema::max_term_bytes) return term;
    char hash[20];
    std::snprintf(hash, sizeof hash, "#%016llx", static_cast<unsigned long long>(fnv1a(term)));
    std::size_t cut = schema::max_term_bytes - 17;
    while (cut > 0 && (static_cast<unsigned char>(term[cut]) & 0xC0) == 0x80) --cut;
    term.resize(cut);
    term += hash;
    return term;
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

    // Normalize one piece of a word (no apostrophes inside). Returns false when nothing is left.
    bool normalize(std::string_view piece, std::string& term, std::string& accent_form) const {
        accent_form.clear();
        if (is_ascii(piece)) {
            term.assign(piece);
            for (auto& c : term)
                if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
            return !term.empty();
        }
        IcuError err("normalizing text");
        icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(piece.data(), static_cast<int32_t>(piece.size())));
        icu::UnicodeString cf = nfkc_cf->normalize(u, err);
        if (cf.isEmpty()) return false;
        icu::UnicodeString folded = cf;
        if (fold_diacritics) {
            icu::UnicodeString decomposed = nfd->normalize(cf, err);
            icu::UnicodeString kept;
            bool strip = true;
            bool changed = false;
            for (int32_t i = 0; i < decomposed.length();) {
                UChar32 c = decomposed.char32At(i);
                i += U16_LENGTH(c);
                int8_t type = u_charType(c);
                if (type == U_NON_SPACING_MARK) {
                    if (strip) {
                        changed = true;
                        continue;
                    }
                } else if (c == 0x0640) { // Arabic tatweel: elongation only
                    changed = true;
                    continue;
                } else {
                    IcuError serr("script lookup");
                    strip = strips_marks(uscript_getScript(c, serr));
                }
                kept.append(c);
            }
            if (changed) folded = nfc->normalize(kept, err);
            if (folded.isEmpty()) return false;
        }
        term.clear();
        folded.toUTF8String(term);
        if (folded != cf) cf.toUTF8String(accent_form);
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

Analyzer::Analyzer(AnalyzerConfig config) : m_config(config), m_impl(std::make_unique<Impl>()) {
    IcuError err("creating the word break iterator");
    m_impl->words.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), err));
    err.check();
    m_impl->nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(err);
    m_impl->nfd = icu::Normalizer2::getNFDInstance(err);
    m_impl->nfc = icu::Normalizer2::getNFCInstance(err);
    err.check();
    m_impl->fold_diacritics = config.fold_diacritics;
}

Analyzer::~Analyzer() = default;
Analyzer::Analyzer(Analyzer&&) noexcept = default;
Analyzer& Analyzer::operator=(Analyzer&&) noexcept = default;

bool Analyzer::has_stemmer(std::string_view lang) { return !stemmer_name(lang).empty(); }

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
    analyze(text, first_pos, [&](const Token& t) { out.push_back(t); });
    return out;
}

std::string Analyzer::fold_word(std::string_view word) const {
    for (const auto& t : analyze(word))
        if (!t.alias) return t.term;
    return {};
}

void Analyzer::analyze(std::string_view text, std::uint32_t first_pos,
                       const std::function<void(const Token&)>& emit) const {
    if (text.empty()) return;
    Impl& im = *m_impl;
    IcuError err("segmenting text");
    UText ut = UTEXT_INITIALIZER;
    utext_openUTF8(&ut, text.data(), static_cast<int64_t>(text.size()), err);
    err.check();
    im.words->setText(&ut, err);
    err.check();

    std::uint32_t pos = first_pos;
    Token tok;
    std::string piece_term, piece_accent;

    // Hyphen joining state: the compound so far ("follow" + "up" -> "followup").
    std::string compound;
    std::uint32_t compound_begin = 0, compound_pos = 0, last_word_end = 0;
    bool compound_open = false;   // last token was a word (compound can continue)
    bool hyphen_pending = false;  // ...and a single hyphen followed it directly

    std::vector<CjkUnit> run;
    auto flush_cjk = [&] {
        if (run.empty()) return;
        if (run.size() == 1 || !m_config.cjk_bigrams) {
            for (auto& u : run) {
                tok = Token{limit_term_length(u.text), {}, u.begin, u.end, pos++, TokenKind::Cjk, false};
                emit(tok);
            }
        } else {
            for (std::size_t i = 0; i < run.size(); ++i) {
                tok = Token{run[i].text, {}, run[i].begin, run[i].end, pos, TokenKind::CjkChar, false};
                emit(tok);
                if (i + 1 < run.size()) {
                    tok = Token{run[i].text + run[i + 1].text, {}, run[i].begin, run[i + 1].end, pos, TokenKind::Cjk, false};
                    emit(tok);
                    ++pos;
                }
            }
        }
        run.clear();
    };

    auto emit_word = [&](std::uint32_t b, std::uint32_t e, TokenKind kind) {
        std::string_view seg = text.substr(b, e - b);
        // Split at apostrophes: "don't" -> "don" "t" (+ alias "dont"); "l'économie" -> "l" "economie".
        std::string joined;
        std::uint32_t first_token_pos = pos;
        int pieces = 0;
        std::uint32_t piece_begin = b;
        auto flush_piece = [&](std::uint32_t pe) {
            if (pe > piece_begin &&
                im.normalize(text.substr(piece_begin, pe - piece_begin), piece_term, piece_accent)) {
                tok = Token{limit_term_length(piece_term),
                            piece_accent.empty() ? std::string() : limit_term_length(piece_accent),
                            piece_begin, pe, pos++, kind, false};
                emit(tok);
                joined += tok.term;
                ++pieces;
            }
        };
        for (std::int32_t i = 0; i < static_cast<std::int32_t>(seg.size());) {
            std::int32_t start = i;
            UChar32 c;
            U8_NEXT(seg.data(), i, static_cast<std::int32_t>(seg.size()), c);
            if (is_apostrophe(c)) {
                flush_piece(b + static_cast<std::uint32_t>(start));
                piece_begin = b + static_cast<std::uint32_t>(i);
            }
        }
        flush_piece(e);
        if (pieces > 1) {
            tok = Token{limit_term_length(joined), {}, b, e, first_token_pos, kind, true};
            emit(tok);
        } else if (pieces == 1 && kind == TokenKind::Word && joined.find('.') != std::string::npos) {
            // Acronyms: "U.S." is also "us". Only when every dotted part is short.
            bool acronym = true;
            std::size_t run_len = 0;
            for (char c : joined) {
                if (c == '.') run_len = 0;
                else if (++run_len > 2) acronym = false;
            }
            if (acronym) {
                std::string plain;
                for (char c : joined)
                    if (c != '.') plain += c;
                tok = Token{plain, {}, b, e, first_token_pos, kind, true};
                emit(tok);
            }
        }
        if (pieces == 0) return;
        // Hyphenated compounds: also index the parts joined ("e-mail" -> "email") at the first part.
        if (hyphen_pending && compound_open) {
            compound += joined;
            tok = Token{limit_term_length(compound), {}, compound_begin, e, compound_pos, kind, true};
            emit(tok);
        } else {
            compound = joined;
            compound_begin = b;
            compound_pos = first_token_pos;
        }
        compound_open = true;
        hyphen_pending = false;
        last_word_end = e;
    };

    std::int32_t start = im.words->first();
    for (std::int32_t end = im.words->next(); end != icu::BreakIterator::DONE; start = end, end = im.words->next()) {
        const auto b = static_cast<std::uint32_t>(start);
        const auto e = static_cast<std::uint32_t>(end);
        const std::int32_t status = im.words->getRuleStatus();
        if (m_config.cjk_bigrams && is_cjk_status(status)) {
            compound_open = hyphen_pending = false;
            // Units: a character with the marks that follow it (kana voicing marks), NFKC folded.
            std::string_view seg = text.substr(b, e - b);
            std::int32_t i = 0;
            while (i < static_cast<std::int32_t>(seg.size())) {
                std::int32_t ub = i;
                UChar32 c;
                U8_NEXT(seg.data(), i, static_cast<std::int32_t>(seg.size()), c);
                while (i < static_cast<std::int32_t>(seg.size())) {
                    std::int32_t j = i;
                    UChar32 n;
                    U8_NEXT(seg.data(), j, static_cast<std::int32_t>(seg.size()), n);
                    auto t = u_charType(n);
                    if (t != U_NON_SPACING_MARK && t != U_ENCLOSING_MARK && n != 0xFF9E && n != 0xFF9F) break;
                    i = j;
                }
                if (im.normalize(seg.substr(ub, i - ub), piece_term, piece_accent))
                    run.push_back({piece_term, b + static_cast<std::uint32_t>(ub), b + static_cast<std::uint32_t>(i)});
            }
            continue;
        }
        flush_cjk();
        if (status >= UBRK_WORD_NUMBER && status < UBRK_WORD_IDEO_LIMIT) {
            emit_word(b, e, status < UBRK_WORD_NUMBER_LIMIT ? TokenKind::Number : TokenKind::Word);
            continue;
        }
        // A non-word segment: only a single hyphen directly between two words keeps a compound open.
        if (compound_open && !hyphen_pending && b == last_word_end) {
            std::int32_t i = 0;
            UChar32 c;
            std::string_view seg = text.substr(b, e - b);
            U8_NEXT(seg.data(), i, static_cast<std::int32_t>(seg.size()), c);
            if (is_hyphen(c) && i == static_cast<std::int32_t>(seg.size())) {
                hyphen_pending = true;
                last_word_end = e;
                continue;
            }
        }
        compound_open = hyphen_pending = false;
    }
    flush_cjk();
    utext_close(&ut);
}

} // namespace lede

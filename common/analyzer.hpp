// SPDX-License-Identifier: MIT
// The one text analysis pipeline: ICU word segmentation, normalization and folding, bigrams for
// scripts written without spaces, stemming. Indexing, query parsing and passage highlighting all
// use it, so what is indexed is exactly what is searched. docs/analysis.md describes each step.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lede {

enum class TokenKind : std::uint8_t {
    Word,      // letters (scripts segmented into words: Latin, Cyrillic, Arabic, Devanagari, Hangul...)
    Number,    // digits, with inner separators kept ("1,000", "3.5")
    Cjk,       // a bigram of a run written without spaces (Han, Kana, Thai, Lao, Khmer, Myanmar),
               // or a run's only character: positional
    CjkChar,   // one character of a longer such run: an alias (alias == true) at the position of
               // the bigram it starts (the run's last character has a position of its own)
};

/// One analyzed token. Offsets are bytes into the UTF-8 text passed to Analyzer::analyze, half-open,
/// always on character boundaries.
struct Token {
    std::string term;          // folded exact form (case, accents, width folded; NFKC); never empty,
                               // at most max_token_bytes (see limit_token_length)
    std::string accent_form;   // case-folded with accents kept, when it differs from term; else empty
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
    std::uint32_t pos = 0;     // word position: tokens with alias == false take consecutive positions
                               // from the start position given (a run of n >= 2 characters written
                               // without spaces takes n: its n-1 bigrams and its last character)
    TokenKind kind = TokenKind::Word;
    bool alias = false;        // an extra form at an existing position ("email" for "e-mail",
                               // "www.example.com", a CJK/Thai character)
};

/// Analyzer settings. Stored in the index metadata so the searcher analyzes with the index's settings.
struct AnalyzerConfig {
    int version = 2;                 // bump when analysis output changes for the same input
    bool fold_diacritics = true;     // strip accents from Latin, Greek, Cyrillic, Arabic and Hebrew
    bool cjk_bigrams = true;         // unspaced runs as overlapping bigrams (+ character aliases)

    std::string to_json() const;
    /// Throws SchemaError when the JSON is not an analyzer configuration this build understands.
    static AnalyzerConfig from_json(std::string_view json);
    bool operator==(const AnalyzerConfig&) const = default;
};

/// What one analyze() call met that an indexer may want to report.
struct AnalyzeStats {
    std::size_t tokens = 0;          // tokens emitted, aliases included
    std::size_t cut_tokens = 0;      // non-alias tokens longer than max_token_bytes (cut and hashed)
    std::size_t longest_cut = 0;     // bytes of source text of the longest of those
};

/// Not thread-safe (it owns ICU break iterators and scratch buffers): use one Analyzer per thread.
/// The emit callback must not call analyze() on the same Analyzer.
class Analyzer {
public:
    explicit Analyzer(AnalyzerConfig config = {});
    ~Analyzer();
    Analyzer(Analyzer&&) noexcept;
    Analyzer& operator=(Analyzer&&) noexcept;

    const AnalyzerConfig& config() const noexcept { return m_config; }

    /// Segment and normalize valid UTF-8 `text` (see decode.hpp for getting there). Tokens come in
    /// text order; positions start at `first_pos`. Invalid UTF-8 is tolerated (treated as U+FFFD).
    std::vector<Token> analyze(std::string_view text, std::uint32_t first_pos = 0) const;

    /// Calls `emit` for each token instead of building a vector (the indexer's hot path). The
    /// Token passed is reused between calls: copy what you keep.
    AnalyzeStats analyze(std::string_view text, std::uint32_t first_pos,
                         const std::function<void(const Token&)>& emit) const;

    /// The folded form of one word as analyze() would produce it (first token's term), or "" if none.
    std::string fold_word(std::string_view word) const;

    /// Stemmed form of a folded Word term for an ISO 639-1 language; the term itself when the
    /// language has no stemmer (or the term contains digits).
    std::string stem(std::string_view term, std::string_view lang) const;

    /// True when Lede has a Snowball stemmer for this ISO 639-1 language code.
    static bool has_stemmer(std::string_view lang);

    /// True when stem(term, lang) of a term that begins with an ASCII letter or digit always
    /// begins with that same byte: languages without a stemmer (the term is its own stem) and
    /// those whose Snowball rules change only the end of a word (a prelude that marks letters
    /// puts them back at the end), listed one by one. Not Indonesian and Irish, which remove
    /// prefixes and initial mutations, nor Turkish, whose stemmer rewrites some foreign words
    /// whole. Passages use it to skip stemming words that cannot match (checked over the shared
    /// corpora's 230,000 words).
    static bool stem_keeps_first_byte(std::string_view lang);

    /// All-ASCII text is segmented without ICU's word iterator, by the same rules restricted to
    /// ASCII (see ascii_word_segments), when they agree with the ICU this runs with (checked once
    /// per process: ascii_fast_path_available). On by default; off, every text goes through ICU
    /// (differential tests and benchmarks). The tokens are the same either way.
    void set_ascii_fast_path(bool on);
    static bool ascii_fast_path_available();

    struct Impl;

private:
    AnalyzerConfig m_config;
    std::unique_ptr<Impl> m_impl;
};

/// Longest token term or accent form: schema::max_term_bytes less room for any field prefix
/// ("ZXSRC"), so that a prefixed token never needs a second cut (limit_term_length on a prefixed
/// token term is a no-op, on the index side as on the query side).
constexpr std::size_t max_token_bytes = 112;

/// Cut an over-long term to schema::max_term_bytes: a prefix cut at a UTF-8 boundary plus a hash
/// of the whole, so distinct long terms stay distinct and both sides cut the same way.
std::string limit_term_length(std::string term);

/// The same cut to max_token_bytes, as the analyzer applies it to every token.
std::string limit_token_length(std::string term);

/// Whether a word as written (a token's source text) is in capitals: at least two letters, every
/// letter upper case (other characters such as the dots of "U.S." do not count). Acronym search
/// (=US) is built on it: docs/query-language.md, "Acronyms".
bool is_capitals(std::string_view written);

/// Counts the words of one text (title or body) written in capitals, to tell acronyms from
/// shouting: in a text where more than half the words of two or more letters are in capitals (an
/// all-caps headline), capitals say nothing and no word of it counts as an acronym.
struct CapitalsCount {
    std::size_t words = 0;      // words of two or more letters
    std::size_t capitals = 0;   // of them, in capitals
    void add(std::string_view written);
    bool shouting() const noexcept { return capitals * 2 > words; }
};

/// The segments ICU's word break iterator gives for all-ASCII `text`, as the analyzer's ASCII
/// path computes them without ICU: each segment's end offset and ICU's rule status
/// (UBRK_WORD_NONE, UBRK_WORD_NUMBER or UBRK_WORD_LETTER). For differential tests.
std::vector<std::pair<std::uint32_t, std::int32_t>> ascii_word_segments(std::string_view text);

/// Whether a folded term is written in a script the analyzer indexes as character bigrams (Han,
/// Kana, Thai, Lao, Khmer, Myanmar), judged by its first character.
bool is_bigram_script_term(std::string_view term);

} // namespace lede

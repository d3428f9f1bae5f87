// SPDX-License-Identifier: MIT
// The one text analysis pipeline: ICU word segmentation, normalization and folding, CJK bigrams,
// stemming. Indexing, query parsing and passage highlighting all use it, so what is indexed is
// exactly what is searched.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace lede {

enum class TokenKind : std::uint8_t {
    Word,      // letters (any script segmented into words: Latin, Cyrillic, Arabic, Thai, Hangul...)
    Number,    // digits, with inner separators kept ("1,000", "3.5")
    Cjk,       // a Han/Kana bigram (or a lone character): positional
    CjkChar,   // a Han/Kana character inside a longer run: indexed without a position
};

/// One analyzed token. Offsets are bytes into the UTF-8 text passed to Analyzer::analyze, half-open.
struct Token {
    std::string term;          // folded exact form (case, accents, width folded; NFKC); never empty
    std::string accent_form;   // case-folded with accents kept, when it differs from term; else empty
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
    std::uint32_t pos = 0;     // word position, consecutive from the start position given
    TokenKind kind = TokenKind::Word;
    bool alias = false;        // an extra form at an existing position ("email" for "e-mail")
};

/// Analyzer settings. Stored in the index metadata so the searcher analyzes with the index's settings.
struct AnalyzerConfig {
    int version = 1;                 // bump when analysis output changes for the same input
    bool fold_diacritics = true;     // strip accents from Latin, Greek and Cyrillic letters
    bool cjk_bigrams = true;         // Han/Kana runs as overlapping bigrams (+ unpositioned unigrams)

    std::string to_json() const;
    /// Throws SchemaError when the JSON is not an analyzer configuration this build understands.
    static AnalyzerConfig from_json(std::string_view json);
    bool operator==(const AnalyzerConfig&) const = default;
};

/// Not thread-safe (it owns ICU break iterators): use one Analyzer per thread.
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

    /// Calls `emit` for each token instead of building a vector (the indexer's hot path).
    void analyze(std::string_view text, std::uint32_t first_pos,
                 const std::function<void(const Token&)>& emit) const;

    /// The folded form of one word as analyze() would produce it (first token's term), or "" if none.
    std::string fold_word(std::string_view word) const;

    /// Stemmed form of a folded Word term for an ISO 639-1 language; the term itself when the
    /// language has no stemmer (or the term contains digits).
    std::string stem(std::string_view term, std::string_view lang) const;

    /// True when Lede has a Snowball stemmer for this ISO 639-1 language code.
    static bool has_stemmer(std::string_view lang);

private:
    struct Impl;
    AnalyzerConfig m_config;
    std::unique_ptr<Impl> m_impl;
};

/// Cut an over-long term to schema::max_term_bytes: a prefix cut at a UTF-8 boundary plus a hash
/// of the whole, so distinct long tokens stay distinct and both sides cut the same way.
std::string limit_term_length(std::string term);

} // namespace lede

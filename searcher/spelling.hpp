// SPDX-License-Identifier: MIT
// Did-you-mean from the index's own vocabulary: Xapian's spelling table (fed by lede-index with
// the analyzer's folded title and body words), with a workaround for Xapian 1.4's candidate filter.
#pragma once

#include "db_revision.hpp"

#include <xapian.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace lede {

/// Edit distance between two UTF-8 strings in code points, counting an adjacent transposition
/// as one edit (as Xapian's spelling corrector does).
unsigned edit_distance(const std::string& a, const std::string& b);

/// How often `word` occurs in the spelling table (articles containing it), or 0.
Xapian::doccount spelling_frequency(const Xapian::Database& db, const std::string& word);

/// The words of the spelling table that begin with one code point, most frequent first.
struct SpellingWords {
    /// Code points counted by their value mod 16 (saturating): half the sum of two words'
    /// differences is at most their edit distance (an edit changes two counts by one at most).
    using Letters = std::array<std::uint8_t, 16>;
    struct Word {
        std::size_t begin = 0, size = 0; // bytes in `text`
        std::size_t length = 0;          // code points
        Xapian::doccount freq = 0;
        Letters letters{};
    };
    std::string text;
    std::vector<Word> words;
    std::string_view word(const Word& w) const { return std::string_view(text).substr(w.begin, w.size); }
};

/// The parts of the spelling table suggest_spelling() reads, kept in memory across calls while the
/// database stays at one revision: each first letter's words as they are first needed, and the
/// table's first letters. A Searcher keeps one across queries. Not thread-safe.
class SpellingCache {
public:
    /// Forget everything unless `db` is the single local database at the revision last seen.
    /// False (and nothing is kept) when `db` is anything else (shards, remote).
    bool sync(const Xapian::Database& db);
    /// The words beginning with `initial` (the UTF-8 of one code point).
    const SpellingWords& words(const Xapian::Database& db, const std::string& initial);
    /// The first letters of the table's words (the UTF-8 of each), or nothing when some word does
    /// not begin with a valid UTF-8 sequence.
    const std::optional<std::vector<std::string>>& initials(const Xapian::Database& db);
    /// Every word of the table, most frequent first; nothing until it has been asked for
    /// `ranked_after` times (reading the whole table pays only in a long-lived searcher), or when
    /// the table is too large to keep.
    struct Ranked {
        const SpellingWords* letter;
        const SpellingWords::Word* word;
    };
    const std::vector<Ranked>* ranked(const Xapian::Database& db);
    /// Every word of the table by its frequency, built from ranked() once the whole table is
    /// kept; nullptr before (and when the table is too large), each call counting as an ask for
    /// ranked(). suggest_spelling() then answers its lookups of single words from memory.
    using Vocabulary = std::unordered_map<std::string_view, Xapian::doccount>;
    const Vocabulary* vocabulary(const Xapian::Database& db);
    /// Answers of suggest_spelling() by their arguments (a query's words recur across queries).
    const std::string* answer(const std::string& key) const;
    void remember(const std::string& key, const std::string& answer);
    /// How many articles a suggested query matches, by the query's serialised form and whether
    /// copies collapse (the searcher counts each suggestion; the same ones recur).
    std::optional<Xapian::doccount> count(const std::string& key) const;
    void remember_count(const std::string& key, Xapian::doccount matches);

private:
    static constexpr std::size_t max_answers = 100000;
    static constexpr std::size_t max_bytes = 64u << 20; // beyond, the letters read are dropped
    DbRevision m_revision;
    std::size_t m_bytes = 0;
    std::unordered_map<std::string, std::unique_ptr<SpellingWords>> m_words;
    bool m_have_initials = false;
    std::optional<std::vector<std::string>> m_initials;
    std::unordered_map<std::string, std::string> m_answers;
    static constexpr unsigned ranked_after = 8;
    unsigned m_ranked_asks = 0;
    bool m_have_ranked = false, m_ranked_failed = false;
    std::vector<Ranked> m_ranked;
    bool m_have_vocabulary = false;
    Vocabulary m_vocabulary;        // views of the words in m_words
    std::unordered_map<std::string, Xapian::doccount> m_counts;
};

/// The best correction of a folded word from the spelling table, or "" when there is none within
/// `max_edit_distance` edits or when the best is in fewer than `min_freq` articles. Closer words
/// win; among equally close ones, the more frequent.
///
/// Xapian 1.4's get_spelling_suggestion() only computes edit distances for candidates whose
/// n-gram overlap is within 2 of the best overlap seen so far, so a long word sharing many
/// n-grams hides a close one ("schtuhl" finds nothing when "schiedsrichterstuhl" is in the
/// table beside "stuhl"; see kiwix/libkiwix#1254). So the words one edit away are also looked up
/// in the table, and the words with the same first letter and a close length are compared one by
/// one. Xapian's suggestion is asked for only when it could still change the answer: when neither
/// scan found a word one edit away, or the table has a word one edit away whose first letter
/// the one-edit lookups do not try. With `cache` (synced to `db` by the caller) the table is read
/// from memory; the answer is the same.
std::string suggest_spelling(const Xapian::Database& db, const std::string& word, unsigned max_edit_distance = 2,
                             Xapian::doccount min_freq = 1, SpellingCache* cache = nullptr);

} // namespace lede

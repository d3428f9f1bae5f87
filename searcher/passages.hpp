// SPDX-License-Identifier: MIT
// Passage selection and highlighting with the common analyzer's offsets.
#pragma once

#include "analyzer.hpp"
#include "query_parser.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace lede {

/// Half-open byte range [first, second) into some UTF-8 text.
using Span = std::pair<std::size_t, std::size_t>;

/// One passage of an article body.
///
/// `text` is the body between `begin` and `end` with every run of whitespace (line breaks
/// included) shown as one space, and "…" (U+2026, one character) before and/or after it where a
/// sentence was cut. It never holds more than PassageOptions::width code points, ellipses
/// included, and it starts and ends on grapheme cluster boundaries.
struct Passage {
    std::string text;
    std::vector<Span> highlights;   // byte offsets into `text`, sorted, non-overlapping, on grapheme boundaries
    std::size_t begin = 0;          // byte range of the passage in the article body
    std::size_t end = 0;
    double score = 0;               // see select_passages; 0 for a lead
    bool lead = false;              // the article's opening, for a query the body cannot match
};

struct PassageOptions {
    std::size_t count = 2;          // passages per article
    std::size_t width = 240;        // maximum characters (code points) per passage, ellipses included
};

/// Weight of a highlight term for passage scoring (the ranking's idf of the term in the index).
using TermWeight = std::function<double(const std::string& term)>;

/// Which query term each word matches, remembered across the hits of one query: a word's answer
/// depends only on the word, the article's language and the field (title or text), so a word met
/// in several hits is decided once. Use one memo per ParsedQuery, never across queries.
/// The decisions are kept in a small table of the memo's own (the words of a few articles, which
/// stays in the processor's cache), in front of the per-thread word cache of stems, which a word
/// reaches only the first time the query meets it.
struct MatchMemo {
    MatchMemo();
    ~MatchMemo();
    MatchMemo(const MatchMemo&) = delete;
    MatchMemo& operator=(const MatchMemo&) = delete;
    struct Table;
    Table& table();

private:
    std::unique_ptr<Table> m_table;
};

/// Highlight matches in `text`: tokens that match a query term as the index sees it (exact folded
/// term, stem in `lang`, wildcard prefix, accent form) and whole phrase / NEAR occurrences only.
/// Title rules (title:word) apply only when `field` is Field::Title. Spans are merged (a CJK word's
/// overlapping bigrams become one span) and fall on grapheme cluster boundaries.
std::vector<Span> find_highlights(const Analyzer& analyzer, std::string_view text, std::string_view lang,
                                  const ParsedQuery& query, Field field, MatchMemo* memo = nullptr);

/// The best `options.count` passages of `body` for the query, shown in article order.
///
/// Candidates are ICU sentences (hard line breaks inside a paragraph do not end one) merged up
/// to the width, and, in sentences longer than the width, windows cut at word boundaries and
/// centred on the matches. Each is scored by the distinct query terms it covers (weighted by
/// `weight`), a little for repeats, and a bonus for whole phrases and for distinct terms close
/// together; the best are taken greedily without overlap. Nothing is returned when nothing in
/// the body matches (only the title did: the highlighted title shows why), except for a query
/// the body cannot match (see body_can_match), which gets the article's lead.
std::vector<Passage> select_passages(const Analyzer& analyzer, std::string_view body, std::string_view lang,
                                     const ParsedQuery& query, const PassageOptions& options,
                                     const TermWeight& weight, MatchMemo* memo = nullptr);

/// Whether any word or phrase of the query can be highlighted in a body: false for pure filters
/// (date:, tag:, NOT x), --like without words and title: only queries.
bool body_can_match(const ParsedQuery& query);

/// Passage search: the matching passages of `body` (score > 0), best first, without overlap,
/// at most `options.count` of them. No lead passage when nothing matches.
std::vector<Passage> matching_passages(const Analyzer& analyzer, std::string_view body, std::string_view lang,
                                       const ParsedQuery& query, const PassageOptions& options,
                                       const TermWeight& weight, MatchMemo* memo = nullptr);

/// Forget the stems of body words that passage selection keeps per thread (they make the
/// passages of later hits and queries cheaper). For benchmarks that measure a cold start.
void clear_passage_caches();

} // namespace lede

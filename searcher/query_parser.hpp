// SPDX-License-Identifier: MIT
// Lede's query language over the common analyzer (Xapian's QueryParser tokenizes on its own and
// would disagree with the index). See docs/query-language.md for the grammar.
#pragma once

#include "analyzer.hpp"

#include <xapian.h>

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace lede {

/// Which text a highlight rule applies to.
enum class Field { Text, Title };

/// A word to highlight: a token matches when its folded term equals `exact`, or its stem (in the
/// article's language) is one of `stems`, or (wildcards) its term starts with `exact`.
struct HighlightTerm {
    std::string exact;
    std::vector<std::string> stems;   // stemmed forms (without the Z prefix), any language
    std::string accent;               // =word with accents: only this case-folded spelling matches
    bool prefix = false;              // wildcard: exact is a prefix
    Field field = Field::Text;
    double weight = 1.0;              // relative importance (idf is applied by the passage scorer)
    bool capitals = false;            // =US: only where the word is written in capitals (is_capitals)
};

/// A phrase (or NEAR group) to highlight only where the whole group occurs.
struct HighlightPhrase {
    std::vector<std::string> terms;   // exact folded terms, in order
    unsigned window = 0;              // span in positions that must contain all terms
    bool ordered = true;              // phrase (true) or NEAR (false)
    Field field = Field::Text;
};

/// A trailing wildcard as typed, with the term prefix it expands (field prefix + folded word).
struct WildcardUse {
    std::string typed;                // "econom*"
    std::string prefix;               // "econom", or "Seconom" under title:
    std::size_t pos = 0;              // byte offset of the word in the query
};

/// A free word of the query that a spelling suggestion may replace.
struct QueryWord {
    std::size_t begin = 0, end = 0;   // byte range in the query text
    std::string term;                 // folded form (as indexed, unprefixed)
};

struct ParsedQuery {
    Xapian::Query query;
    std::vector<HighlightTerm> terms;
    std::vector<HighlightPhrase> phrases;
    std::vector<WildcardUse> wildcards;
    std::vector<QueryWord> words;          // positive free words (not under NOT or -), in query order
    bool pure_filter = false;              // no ranked words (only fields like date:, lang:, or NOT x)
    /// With default_and: the most juxtaposed words one run requires (0 or 1: nothing to relax).
    std::size_t and_width = 0;
    /// With relax: every run relaxed is down to "any of its words": relaxing more changes nothing.
    bool relaxed_to_any = false;
};

struct QueryParserOptions {
    bool literal = false;                  // whole input is free text
    bool default_and = false;              // juxtaposed words must all match (default: ranked OR)
    /// With default_and: a run of n juxtaposed words (outside NOT and -) needs only n - relax of
    /// them (at least one); ranked as the OR of its words. 0: every word. A run whose subsets of
    /// n - relax words would take the query past max_relax_subsets is the ranked OR of its words.
    unsigned relax = 0;
    double title_weight = 2.0;             // extra weight of a word's title occurrences
    unsigned max_wildcard = 200;           // maximum words one wildcard may expand to
    unsigned default_near = 10;            // NEAR without /n
    std::vector<std::string> stem_languages; // languages whose stems a free word is searched under
    bool body_filter = true;               // body: available (needs Lede's posting source: no remote shards)
    bool capitals = true;                  // the index has capitals terms (IndexInfo::capitals): =US works
    double proximity_weight = 0;           // literal: weight of adjacent words found close together
    unsigned proximity_window = 4;         // literal: positions such a pair may span
    /// Literal: whether a word (its exact unprefixed term) may form proximity pairs; unset: all.
    std::function<bool(const std::string& term)> proximity_term;
    /// Query-term weighting: the factor a free word's weight is multiplied by, given the stem terms
    /// it is searched under in the body ("Z" + stem); unset: 1 (see RankingParams in searcher.hpp).
    std::function<double(const std::vector<std::string>& body_terms)> word_weight;
};

/// Deepest nesting of parentheses and field groups the parser accepts.
constexpr unsigned max_query_depth = 64;

/// Most words a query may hold (in phrases too): Xapian's matcher slows down more than linearly
/// with the number of terms (10,000 ORed words take seconds), so longer queries are refused.
constexpr unsigned max_query_words = 1000;

/// Most subsets of words that the relaxed runs of one query (QueryParserOptions::relax) are
/// matched over, all runs together: a run that would take more is relaxed to any of its words.
constexpr std::size_t max_relax_subsets = 256;

/// Largest n in NEAR/n and "phrase"~n.
constexpr unsigned max_query_window = 999;

/// Parse `text`. Throws QueryError (with the byte position in `text`) on a syntax error.
/// The analyzer must be configured as the index is (see index_meta.hpp).
ParsedQuery parse_query(const std::string& text, const Analyzer& analyzer, const QueryParserOptions& options);

/// Xapian::Query for the articles dated within [from, to]; each is "YYYY", "YYYY-MM" or
/// "YYYY-MM-DD" (either may be empty for an open end; an end stands for its whole period).
/// Throws QueryError (at `pos`, or `pos` + the offset of the bad end when `to_offset` is given)
/// for malformed or impossible dates and for an empty range.
Xapian::Query date_range_query(const std::string& from, const std::string& to, std::size_t pos = 0,
                               std::size_t to_offset = 0);

/// The first or last day ("YYYYMMDD") of the period a date value names; throws QueryError at `pos`.
std::string date_bound(const std::string& value, bool upper, std::size_t pos = 0);

} // namespace lede

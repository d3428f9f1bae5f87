// SPDX-License-Identifier: MIT
// Lede's public search API: open an index once, run many queries, get plain result structs.
#pragma once

#include <lede/error.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lede {
struct SearchResult; // the engine's own result (complete only inside Lede's build tree)
} // namespace lede

namespace lede::api {

/// A news article. All strings are UTF-8; fields that are unknown are empty.
/// Members have default initializers, so designated initializers may leave any of them out.
struct Article {
    std::string id{};      // unique in an index
    std::string title{};
    std::string body{};
    std::string date{};    // ISO 8601 ("2020-03-15" or with a time), "" when undated
    std::string source{};
    std::string author{};
    std::string url{};
    std::string lang{};    // ISO 639-1 code ("" when unknown)
    std::vector<std::string> tags{};

    bool operator==(const Article&) const = default;
};

/// Half-open byte range [first, second) into a UTF-8 string.
using Span = std::pair<std::size_t, std::size_t>;

/// A passage of an article's body with the query's words marked.
struct Passage {
    std::string text;               // "…" marks where it was cut
    std::vector<Span> highlights;   // byte offsets into text, sorted, non-overlapping
    std::size_t begin = 0;          // byte range of the passage in Article::body
    std::size_t end = 0;
    bool lead = false;              // the article's opening, for a query the body cannot match
};

struct Hit {
    std::size_t rank = 0;           // 1-based, counted across pages (offset + 1 for the first hit)
    double score = 0;               // relevance weight (only comparable within one query)
    std::size_t duplicates = 0;     // exact copies collapsed into this hit
    Article article;
    std::vector<Span> title_highlights;   // byte offsets into article.title
    std::vector<Passage> passages;        // empty when Query::passages is false
};

enum class Sort { Relevance, Newest, Oldest };

/// A query and how to run it. The query language is lede-search's (see lede-search --help).
struct Query {
    std::string text;
    bool literal = false;            // the whole text is free text: no operators, fields or quotes
    // Juxtaposed words: every one required (AND) by default, a ranked OR with literal; all_words
    // requires every word with literal too, any_words makes them a ranked OR. When no article has
    // every word, Results::relaxed says the hits have most of them.
    bool all_words = false;
    bool any_words = false;
    std::size_t limit = 10;          // hits to return
    std::size_t offset = 0;          // hits to skip (next pages)
    Sort sort = Sort::Relevance;
    double recency_half_life = 0;    // days; > 0 favours recent articles (see lede-search --recency)
    std::string since, until;        // YYYY[-MM[-DD]], inclusive; "" = open
    bool collapse = true;            // one hit per set of exact duplicates
    bool exact_count = false;        // count every match exactly (slower)
    bool passages = true;            // select passages and title highlights (costs time per hit)
    std::optional<std::size_t> passages_per_hit;   // unset = the engine's default
    std::optional<std::size_t> passage_width;      // characters per passage; unset = default
    std::string like;                // an article id: rank articles like it (text, if any, filters)
    bool facets = false;             // count the matches by source, author, tag, lang and year
    std::string timeline;            // "" = none, else "auto", "year", "month" or "day"
    bool suggest = true;             // did-you-mean for unknown words and few hits
};

struct FacetValue {
    std::string value;
    std::uint64_t count = 0;
};

/// Matches counted by one attribute, most frequent first.
struct Facet {
    std::string name;                // "source", "author", "tag", "lang", "year"
    std::vector<FacetValue> values;
    std::size_t distinct = 0;        // distinct values seen (values may hold fewer)
    std::uint64_t missing = 0;       // matches without this attribute
};

struct TimelineBucket {
    std::string period;              // "YYYY", "YYYY-MM" or "YYYY-MM-DD"
    std::uint64_t count = 0;
};

/// Matches per period, every period from the first to the last (zeros included).
struct Timeline {
    std::string unit;                // "year", "month" or "day"
    std::vector<TimelineBucket> buckets;
    std::uint64_t undated = 0;
};

/// A replaced word of a did-you-mean suggestion.
struct Correction {
    std::size_t begin = 0, end = 0;  // byte range in the query as typed
    std::string from, to;
};

struct Suggestion {
    std::string query;               // the query with the corrections applied
    std::uint64_t matches_estimated = 0;
    std::vector<Correction> corrections;
};

struct Results {
    std::vector<Hit> hits;
    std::uint64_t matches_lower_bound = 0;   // the number of matches is at least this,
    std::uint64_t matches_estimated = 0;     // probably this,
    std::uint64_t matches_upper_bound = 0;   // and at most this (all equal when exact)
    std::string parsed;                      // the query as the engine understood it
    std::size_t offset = 0;
    double seconds = 0;                      // time spent searching, passages included
    bool counts_exact = false;               // every match was counted
    // all_words: juxtaposed words were required (AND); relaxed: no article had them all, so hits,
    // counts, facets and timeline are of the articles with most of them: each run of n words
    // needs n - words_missing of them (relaxed_to_any: any one of them).
    bool all_words = false;
    bool relaxed = false;
    unsigned words_missing = 0;
    bool relaxed_to_any = false;
    std::optional<Suggestion> did_you_mean;  // when the engine has a correction
    // With Query::facets / Query::timeline: counted over facets_counted matches (all when facets_exact).
    std::vector<Facet> facets;
    std::optional<Timeline> timeline;
    bool facets_exact = false;
    std::uint64_t facets_counted = 0;

    /// The engine's own result, for Lede's renderers; an incomplete type outside Lede's build tree.
    std::shared_ptr<const lede::SearchResult> native;

    /// Shards left out because they could not be opened or reached (Searcher opened with
    /// allow_partial): when not empty, the results come from the other shards only.
    std::vector<std::string> unavailable_shards;
};

/// One article read by id (Searcher::article): lede-search --show.
struct ArticleView {
    Article article;
    std::vector<Span> title_highlights;   // the query's words: byte offsets into article.title
    std::vector<Span> body_highlights;    // and into article.body (empty without a query)
    std::vector<Article> copies;          // the other articles with the same text, oldest first
};

/// Ranking parameters (docs/search-quality.md); unset members keep the engine's defaults.
struct Ranking {
    std::optional<double> k1;                  // BM25 and BM25+ (the default weighting is BM25)
    std::optional<double> b;                   // BM25 and BM25+
    std::optional<double> title_weight;
    std::optional<double> recency_weight;      // with Query::recency_half_life (see lede-search --help)
    std::optional<std::string> weighting;      // "bm25", "bm25+", "bm25-rsj" or "ineb2"; Error (Usage) otherwise
    std::optional<double> dfr_c;               // IneB2's length normalization c
    std::optional<double> bm25_delta;          // BM25+ only
    std::optional<double> burstiness;          // query-term weighting (lede-search --help)
    std::optional<double> common_share;
    std::optional<double> common_weight;
    std::optional<double> proximity_weight;    // literal queries: adjacent words close together
    std::optional<double> proximity_max_share;
    std::optional<bool> expand;                // pseudo-relevance feedback for literal queries (default off)
    std::optional<bool> expand_all;            // feedback for every query
    std::optional<unsigned> expand_docs;
    std::optional<unsigned> expand_terms;
    std::optional<double> expand_weight;
};

/// Xapian runs the PROGRAM of a stub line "remote :PROGRAM ARGS" when it opens the stub. By
/// default Searcher and Indexer refuse such a line (Error, ErrorKind::Index, naming the stub file
/// and line), in the stub given and in every stub it names; allow_remote_programs(true) lets them
/// run, for the whole process. Only for indexes you trust.
void allow_remote_programs(bool allowed);

/// An open index. Opening costs far more than a query: open once, search many times.
/// Not thread-safe: use one Searcher per thread.
class Searcher {
public:
    /// Opens the index at `path` (a directory, or a stub file listing shards). Throws Error
    /// (ErrorKind::Index or ErrorKind::Schema).
    explicit Searcher(const std::string& path, const Ranking& ranking = {});
    /// As above; with `allow_partial`, shards of a stub that cannot be opened or reached are left
    /// out (each named in unavailable_shards()) instead of failing, as long as one shard opens.
    Searcher(const std::string& path, const Ranking& ranking, bool allow_partial);
    ~Searcher();
    Searcher(Searcher&&) noexcept;
    Searcher& operator=(Searcher&&) noexcept;

    /// Run a query. Throws Error: ErrorKind::Query for a syntax error (with position()),
    /// ErrorKind::Usage for a bad date or limit, others when the index fails.
    Results search(const Query& query);

    /// The article with id `id`, or nothing when the index has none. When `highlight.text` is not
    /// empty, its words are marked as passages mark them (only text, literal and all_words
    /// matter). Throws Error like search() (ErrorKind::Query for a bad highlight query).
    std::optional<ArticleView> article(const std::string& id, const Query& highlight = {});

    /// How `query` parses, as the engine's description of the Xapian query. Throws like search().
    std::string describe(const Query& query) const;

    /// See what has been committed since the index was opened (or last reopened).
    void reopen();

    /// Articles in the index.
    std::uint64_t document_count() const;

    /// With allow_partial: the shards left out, one "shard 'LINE' (line N of the stub) cannot be
    /// reached: REASON" each; empty when every shard opened.
    const std::vector<std::string>& unavailable_shards() const noexcept;

    struct Impl;
    /// Lede's own binaries reach the engine through this; not for other programs.
    Impl& impl() noexcept { return *m_impl; }

private:
    std::unique_ptr<Impl> m_impl;
};

/// Lede's version, e.g. "0.1.0".
const char* version() noexcept;

} // namespace lede::api

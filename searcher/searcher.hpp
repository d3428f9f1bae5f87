// SPDX-License-Identifier: MIT
// Searching an index: query parsing, ranking (BM25 by default; query-term, title, proximity,
// feedback and recency weighting), passages, duplicates, counts, facets, timeline, did-you-mean
// and more-like-this.
#pragma once

#include "analyzer.hpp"
#include "document.hpp"
#include "facets.hpp"
#include "feedback.hpp"
#include "index_meta.hpp"
#include "passages.hpp"
#include "query_parser.hpp"
#include "schema.hpp"
#include "spelling.hpp"

#include <xapian.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lede {

enum class SortOrder { Relevance, Newest, Oldest };

struct SearchRequest {
    std::string query;
    bool literal = false;
    bool default_and = false;       // --all: every word, even with literal (the default without literal)
    bool any_words = false;         // --any: juxtaposed words are a ranked OR (the default with literal)
    unsigned relax = 0;             // words a run may miss (QueryParserOptions::relax); search() sets it
    std::size_t limit = 10;
    std::size_t offset = 0;
    SortOrder sort = SortOrder::Relevance;
    double recency_half_life = 0;   // days; 0 = no recency weighting (see RankingParams)
    std::string since, until;       // YYYY[-MM[-DD]]
    bool collapse = true;           // one hit per set of exact duplicates
    bool exact_count = false;       // count every match (slower); also makes facets exact
    std::size_t exact_up_to = 1000; // Xapian examines at least this many matches: counts up to it are exact
    std::string like;               // article id: rank articles like it (the query, if any, filters)
    bool facets = false;            // count the matches by source, author, tag, lang, year
    bool timeline = false;          // count the matches per period
    TimeUnit timeline_unit = TimeUnit::Auto;
    std::size_t facet_values = 10;  // values kept per facet (0 = all)
    Xapian::doccount facet_sample = 10000; // matches examined for facets without exact_count
    unsigned max_wildcard = 200;    // words one wildcard may expand to
    bool suggest = true;            // did-you-mean when words are unknown or hits are few
    PassageOptions passages;
    bool want_passages = true;
    bool passage_search = false;        // rank passages, not articles (--passages): see SearchResult::passage_hits
    std::size_t passage_articles = 50;  // with passage_search: how many of the best articles' passages are ranked
};

struct Hit {
    Xapian::docid docid = 0;
    std::size_t rank = 0;           // 1-based, across pages
    double score = 0;
    Article article;
    std::size_t duplicates = 0;     // other copies collapsed into this hit (a lower bound unless counts_exact)
    std::vector<Span> title_highlights;
    std::vector<Passage> passages;
};

/// A replaced word of a did-you-mean suggestion.
struct Correction {
    std::size_t begin = 0, end = 0; // byte range in the query as typed
    std::string from, to;           // typed word, suggested (folded) word
};

/// One result of passage search: a passage and the article (in SearchResult::hits) it comes from.
struct PassageHit {
    std::size_t rank = 0;           // 1-based, across pages
    double score = 0;               // the passage's own score (see passages.hpp), comparable across articles
    std::size_t hit = 0;            // index of its article in SearchResult::hits
    Passage passage;
};

struct SearchResult {
    std::vector<Hit> hits;          // with passage search: the articles of passage_hits, best first, without passages
    // Number of matching articles (one per set of duplicates when collapsing). Xapian estimates
    // unless every match was counted: then lower bound = estimate = upper bound and counts_exact.
    Xapian::doccount matches_lower_bound = 0;
    Xapian::doccount matches_estimated = 0;
    Xapian::doccount matches_upper_bound = 0;
    bool counts_exact = false;
    std::string parsed;             // Xapian's description of the query
    // Juxtaposed words: all_words when every one was required (AND, the default for queries in the
    // query language), else a ranked OR (--any, --literal). When no article has every word, the
    // search is relaxed: each run of n words needs only n - words_missing of them (the fewest
    // words missing that finds something), or any of them when relaxed_to_any.
    bool all_words = false;
    bool relaxed = false;
    unsigned words_missing = 0;
    bool relaxed_to_any = false;
    std::size_t and_width = 0;      // the most words one run required (ParsedQuery::and_width)
    double seconds = 0;
    std::size_t offset = 0;

    // Did-you-mean: the query with corrected words, and its estimated number of matches.
    std::string suggestion;
    std::vector<Correction> corrections;
    Xapian::doccount suggestion_matches = 0;

    // --facets / --timeline. Counted over `facet_counted` matching articles (duplicates once);
    // facets_exact when those are all of them.
    std::vector<Facet> facets;
    Timeline timeline;
    bool has_timeline = false;
    bool facets_exact = false;
    Xapian::doccount facet_counted = 0;

    std::string like_id;            // --like: the article the hits resemble
    unsigned reopens = 0;           // times the index changed under the search and it was retried
    bool passage_search = false;    // passage_hits holds the results (SearchRequest::passage_search)
    std::vector<PassageHit> passage_hits;
    std::size_t passages_found = 0; // matching passages in the articles ranked (before offset/limit)
    std::size_t articles_ranked = 0; // articles whose passages were ranked
};

/// One article read by id (--show): the article, the query's words in its title and body, and
/// its copies (the other articles with the same copy key: the same analyzed title and body).
struct ArticleView {
    Xapian::docid docid = 0;
    Article article;
    std::vector<Span> title_highlights;   // byte offsets into article.title
    std::vector<Span> body_highlights;    // byte offsets into article.body
    std::vector<Article> copies;          // oldest first (undated last), then by id
};

/// How a term's occurrences in an article become a score (see docs/search-quality.md).
enum class Weighting {
    Bm25,    // Okapi BM25 (k1, b): the default
    IneB2,   // divergence from randomness: inverse expected document frequency, Bernoulli
             // after-effect, normalization 2 (tf * log2(1 + c * average length / length))
    Bm25Plus, // BM25+ (k1, b, delta): every occurrence counts at least delta, however long the article
    Bm25Rsj, // BM25 (k1, b) with FTS5's idf, log((N - n + 0.5) / (n + 0.5)) floored near 0 (bm25_idf.hpp)
};

/// The name of a weighting scheme as --weighting takes it: "bm25", "bm25+", "bm25-rsj" or "ineb2".
std::string_view weighting_name(Weighting weighting);
/// The scheme of a name (as weighting_name gives). Throws UsageError for any other name.
Weighting weighting_from_name(std::string_view name);

/// Ranking parameters (defaults chosen on the judged collections; see docs/search-quality.md).
///   score = sum over free words of q * (W(body stems) + title_weight * W(title stems))
///         + proximity_weight * W(adjacent words within proximity_window)   (--literal only)
///         + feedback terms                                                  (expand)
///         + recency_weight * top * 2^(-age / half_life)                     (with --recency half_life)
/// where W is the weighting scheme, q a word's query-term weight (burstiness, common words), top
/// is the best score of the query without recency and age is the number of days between the
/// article and the newest article in the index.
struct RankingParams {
    double k1 = 1.2;                 // BM25 and BM25+
    double b = 0.75;                 // BM25 and BM25+
    double title_weight = 0.15;
    double recency_weight = 0.5;
    Weighting weighting = Weighting::Bm25;
    double bm25_delta = 1.0;         // BM25+ only
    // Query-term weighting of free words (not of phrases or field filters): a word's weight is
    // multiplied by (occurrences / articles)^burstiness, its mean count in the articles that have
    // it (content words repeat, function words rarely do), and by common_weight when it occurs in
    // more than common_share of the articles.
    double burstiness = 0.75;
    double common_share = 1.0;
    double common_weight = 1.0;
    double dfr_c = 0.5;              // IneB2 only: higher favours short articles less
    double proximity_weight = 0.3;
    unsigned proximity_window = 4;   // positions spanned by the two words (4: up to 2 words between)
    double proximity_max_share = 0.1; // words in a larger share of the articles form no pairs
    // Pseudo-relevance feedback: the expand_terms best new body stems of the top expand_docs
    // articles re-rank the matches (they never add any); together they weigh expand_weight
    // times the query's words.
    // Off by default (issue 21): it gains on every shared collection but lost 3-8% MAP on two of
    // three held-out ones, and no measure of the first results predicts where it helps
    // (docs/search-quality.md). `expand` turns it on for --literal queries (pasted text, where
    // it was measured); expand_all for every query.
    bool expand = false;
    bool expand_all = false;
    unsigned expand_docs = 20;
    unsigned expand_terms = 20;
    double expand_weight = 0.35;
};

/// Opens the index once; search() may be called many times. Not thread-safe.
class Searcher {
public:
    /// Opens a database, or the shards a stub lists (see open_index_checked). Throws IndexError /
    /// SchemaError; with `allow_partial`, shards that cannot be opened are skipped and listed.
    explicit Searcher(const std::string& db_path, RankingParams ranking = {}, bool allow_partial = false);

    /// Throws QueryError (bad query, with its position), UsageError (bad option value such as
    /// --since, or an unknown --like id), Xapian::Error. Retries when the index changes under it.
    SearchResult search(const SearchRequest& request);

    /// The article with external id `id`, or nothing when the index has none. With a non-empty
    /// `highlight.query`, its words are marked in the title and body as in passages (the query is
    /// parsed as search() would; QueryError when it is bad). Retries when the index changes under it.
    std::optional<ArticleView> article(const std::string& id, const SearchRequest& highlight = {});

    /// Parse a query exactly as search() would (for --explain and tests), with --since/--until.
    ParsedQuery parse(const SearchRequest& request) const;

    /// See what has been committed since the index was opened or last reopened: the database and
    /// the index's metadata (its analyzer settings, whether copies are marked) read again.
    void reopen();

    const IndexInfo& info() const noexcept { return m_info; }
    Xapian::Database& database() noexcept { return m_db; }
    const Analyzer& analyzer() const noexcept { return *m_analyzer; }
    const RankingParams& ranking() const noexcept { return m_ranking; }
    /// True when the index has remote shards: body: and --recency are refused, facets count every
    /// copy of a duplicate, and collapsed counts stay Xapian's estimates.
    bool remote() const noexcept { return m_remote; }
    /// With allow_partial: the shards skipped, one "line N: SPEC: reason" each.
    const std::vector<std::string>& unavailable_shards() const noexcept { return m_unavailable; }

private:
    SearchResult search_once(const SearchRequest& request);
    SearchResult search_retried(const SearchRequest& request);
    bool any_match(const Xapian::Query& query);
    std::optional<ArticleView> article_once(const std::string& id, const SearchRequest& highlight);
    void check_wildcards(const ParsedQuery& pq, unsigned limit) const;
    Xapian::Query like_query(const std::string& id, std::string& dup_key) const;
    void suggest(const SearchRequest& request, const ParsedQuery& pq, SearchResult& result);
    Xapian::doccount count_matches(const Xapian::Query& query, bool collapse);
    /// The slot duplicates collapse on: slot::copies where the index keeps it (the key only on
    /// articles with a copy: a short value stream to read), else slot::dup_key (every article).
    Xapian::valueno collapse_slot() const noexcept {
        return m_info.copies_marked ? schema::slot::copies : schema::slot::dup_key;
    }

    std::string m_path;
    Xapian::Database m_db;
    bool m_remote = false;          // some shard is remote: only Xapian's built-in classes run there
    bool m_sharded = false;         // opened from a stub (metadata summed over shards at open)
    std::vector<std::string> m_unavailable;
    IndexInfo m_info;
    RankingParams m_ranking;
    std::unique_ptr<Analyzer> m_analyzer;
    mutable TermFreqCache m_freqs;  // term statistics (feedback, word weights, idf), kept across queries (feedback.hpp)
    SpellingCache m_spelling;       // did-you-mean's view of the spelling table, kept across queries
};

} // namespace lede

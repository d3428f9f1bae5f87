// SPDX-License-Identifier: MIT
// Searching an index: query parsing, ranking (BM25, title and recency weighting), passages.
#pragma once

#include "analyzer.hpp"
#include "document.hpp"
#include "index_meta.hpp"
#include "passages.hpp"
#include "query_parser.hpp"

#include <xapian.h>

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace lede {

enum class SortOrder { Relevance, Newest, Oldest };

struct SearchRequest {
    std::string query;
    bool literal = false;
    bool default_and = false;
    std::size_t limit = 10;
    std::size_t offset = 0;
    SortOrder sort = SortOrder::Relevance;
    double recency_half_life = 0;   // days; 0 = no recency weighting
    std::string since, until;       // YYYY[-MM[-DD]]
    bool collapse = true;           // one hit per set of exact duplicates
    bool exact_count = false;       // count every match (slower)
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
    std::size_t duplicates = 0;     // other copies collapsed into this hit
    std::vector<Span> title_highlights;
    std::vector<Passage> passages;
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
    Xapian::doccount matches_lower_bound = 0;
    Xapian::doccount matches_estimated = 0;
    Xapian::doccount matches_upper_bound = 0;
    std::string parsed;             // Xapian's description of the query
    double seconds = 0;
    std::size_t offset = 0;
    std::string did_you_mean;       // a corrected query to suggest, or empty
    bool passage_search = false;    // passage_hits holds the results (SearchRequest::passage_search)
    std::vector<PassageHit> passage_hits;
    std::size_t passages_found = 0; // matching passages in the articles ranked (before offset/limit)
    std::size_t articles_ranked = 0; // articles whose passages were ranked
};

/// BM25 parameters (defaults chosen on the judged collections; see README "Search quality").
struct RankingParams {
    double k1 = 1.2;
    double b = 0.75;
    double title_weight = 2.0;
};

/// Opens the index once; search() may be called many times. Not thread-safe.
class Searcher {
public:
    /// Throws IndexError / SchemaError (see open_index).
    explicit Searcher(const std::string& db_path, RankingParams ranking = {});

    SearchResult search(const SearchRequest& request);

    /// Parse a query exactly as search() would (for --explain and tests).
    ParsedQuery parse(const SearchRequest& request) const;

    const IndexInfo& info() const noexcept { return m_info; }
    Xapian::Database& database() noexcept { return m_db; }
    const Analyzer& analyzer() const noexcept { return *m_analyzer; }

private:
    SearchResult search_once(const SearchRequest& request);
    void reopen();

    std::string m_path;
    Xapian::Database m_db;
    IndexInfo m_info;
    RankingParams m_ranking;
    std::unique_ptr<Analyzer> m_analyzer;
};

} // namespace lede

// SPDX-License-Identifier: MIT
// Enquire setup, recency weighting, collapse of duplicates, hits with passages.
#include "searcher.hpp"

#include "date.hpp"
#include "error.hpp"
#include "passage_search.hpp"
#include "schema.hpp"

#include <chrono>
#include <cmath>
#include <ctime>

namespace lede {
namespace {

// Recency boost: weight = boost * 2^(-age_days / half_life), read from the numeric date slot.
class RecencySource : public Xapian::ValuePostingSource {
public:
    RecencySource(double today, double half_life, double boost)
        : Xapian::ValuePostingSource(schema::slot::date_num), m_today(today), m_half_life(half_life), m_boost(boost) {
        set_maxweight(boost);
    }
    double get_weight() const override {
        const double days = Xapian::sortable_unserialise(get_value());
        const double age = std::max(0.0, m_today - days);
        return m_boost * std::exp2(-age / m_half_life);
    }
    RecencySource* clone() const override { return new RecencySource(m_today, m_half_life, m_boost); }
    std::string name() const override { return "lede::RecencySource"; }

private:
    double m_today, m_half_life, m_boost;
};

double today_days() {
    return std::floor(static_cast<double>(std::time(nullptr)) / 86400.0);
}

} // namespace

Searcher::Searcher(const std::string& db_path, RankingParams ranking)
    : m_path(db_path), m_db(open_index(db_path)), m_info(read_index_info(m_db)), m_ranking(ranking),
      m_analyzer(std::make_unique<Analyzer>(m_info.analyzer)) {}

void Searcher::reopen() {
    if (!m_db.reopen()) m_db = open_index(m_path);
    m_info = read_index_info(m_db);
}

ParsedQuery Searcher::parse(const SearchRequest& req) const {
    QueryParserOptions qo;
    qo.literal = req.literal;
    qo.default_and = req.default_and;
    qo.title_weight = m_ranking.title_weight;
    for (const auto& [lang, n] : m_info.languages)
        if (n > 0 && Analyzer::has_stemmer(lang)) qo.stem_languages.push_back(lang);
    ParsedQuery pq = parse_query(req.query, *m_analyzer, qo);
    if (!req.since.empty() || !req.until.empty()) {
        Xapian::Query range = date_range_query(req.since, req.until);
        pq.query = pq.pure_filter ? Xapian::Query(Xapian::Query::OP_AND, pq.query, range)
                                  : Xapian::Query(Xapian::Query::OP_FILTER, pq.query, range);
    }
    return pq;
}

SearchResult Searcher::search(const SearchRequest& req) {
    // A writer may commit while we read: reopen and retry, a bounded number of times.
    for (int attempt = 0;; ++attempt) {
        try {
            return search_once(req);
        } catch (const Xapian::DatabaseModifiedError&) {
            if (attempt >= 5) throw;
            reopen();
        }
    }
}

SearchResult Searcher::search_once(const SearchRequest& req) {
    const auto started = std::chrono::steady_clock::now();
    ParsedQuery pq = parse(req);
    Xapian::Query query = pq.query;
    if (req.recency_half_life > 0) {
        auto* src = new RecencySource(today_days(), req.recency_half_life, 1.0);
        query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, query, Xapian::Query(src->release()));
    }
    Xapian::Enquire enquire(m_db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BM25Weight(m_ranking.k1, 0, 1, m_ranking.b, 0.5));
    SortOrder sort = req.sort;
    if (pq.pure_filter && sort == SortOrder::Relevance) sort = SortOrder::Newest;
    if (sort == SortOrder::Newest) enquire.set_sort_by_value_then_relevance(schema::slot::date, true);
    else if (sort == SortOrder::Oldest) enquire.set_sort_by_value_then_relevance(schema::slot::date, false);
    if (req.collapse) enquire.set_collapse_key(schema::slot::dup_key);

    const Xapian::doccount check = req.exact_count ? m_db.get_doccount() : 0;
    Xapian::MSet mset;
    try {
        // Passage search ranks the passages of the best articles; offset and limit apply to passages.
        if (req.passage_search)
            mset = enquire.get_mset(0, static_cast<Xapian::doccount>(req.passage_articles), check);
        else
            mset = enquire.get_mset(static_cast<Xapian::doccount>(req.offset), static_cast<Xapian::doccount>(req.limit), check);
    } catch (const Xapian::WildcardError&) {
        std::string which = pq.wildcards.empty() ? std::string("a wildcard") : "'" + pq.wildcards.front() + "'";
        for (std::size_t i = 1; i < pq.wildcards.size(); ++i) which += " or '" + pq.wildcards[i] + "'";
        throw UsageError("wildcard " + which + " matches more than 200 words; type more letters before the '*'");
    }

    SearchResult res;
    res.parsed = query.get_description();
    res.offset = req.offset;
    res.matches_lower_bound = mset.get_matches_lower_bound();
    res.matches_estimated = mset.get_matches_estimated();
    res.matches_upper_bound = mset.get_matches_upper_bound();

    const double n_docs = std::max<double>(1, m_db.get_doccount());
    TermWeight weight = [&](const std::string& term) {
        const double tf = m_db.get_termfreq(term);
        return std::log(1.0 + n_docs / (tf + 0.5));
    };
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        Hit h;
        h.docid = *it;
        h.rank = it.get_rank() + 1;
        h.score = it.get_weight();
        h.duplicates = it.get_collapse_count();
        Xapian::Document doc = it.get_document();
        h.article = decode_article(doc.get_data());
        if (req.want_passages && !req.passage_search) {
            h.title_highlights = find_highlights(*m_analyzer, h.article.title, h.article.lang, pq, Field::Title);
            h.passages = select_passages(*m_analyzer, h.article.body, h.article.lang, pq, req.passages, weight);
        }
        res.hits.push_back(std::move(h));
    }
    if (req.passage_search) rank_passages(res, *m_analyzer, pq, req.passages, weight, req.offset, req.limit);
    res.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return res;
}

} // namespace lede

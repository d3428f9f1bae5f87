// SPDX-License-Identifier: MIT
// The public Searcher over the engine (searcher/searcher.hpp): request and result conversion, errors.
#include "bridge.hpp"

#include "error.hpp"
#include "index_meta.hpp"

#include <xapian.h>

#ifndef LEDE_VERSION
#define LEDE_VERSION "0.0.0"
#endif

namespace lede::api {

void allow_remote_programs(bool allowed) { lede::set_remote_programs_allowed(allowed); }

namespace detail {

void rethrow_as_api_error() {
    try {
        throw;
    } catch (const api::Error&) {
        throw;
    } catch (const lede::QueryError& e) {
        throw api::Error(ErrorKind::Query, e.what(), e.position());
    } catch (const lede::UsageError& e) {
        throw api::Error(ErrorKind::Usage, e.what());
    } catch (const lede::IndexError& e) {
        throw api::Error(ErrorKind::Index, e.what());
    } catch (const lede::SchemaError& e) {
        throw api::Error(ErrorKind::Schema, e.what());
    } catch (const lede::Error& e) {
        throw api::Error(ErrorKind::Internal, e.what());
    } catch (const Xapian::DatabaseLockError& e) {
        throw api::Error(ErrorKind::Index, e.get_type() + std::string(": ") + e.get_msg());
    } catch (const Xapian::DatabaseOpeningError& e) {
        throw api::Error(ErrorKind::Index, e.get_type() + std::string(": ") + e.get_msg());
    } catch (const Xapian::Error& e) {
        throw api::Error(ErrorKind::Internal, e.get_type() + std::string(": ") + e.get_msg());
    } catch (const std::bad_alloc&) {
        throw;
    } catch (const std::exception& e) {
        throw api::Error(ErrorKind::Internal, e.what());
    }
}

SearchRequest to_request(const Query& q, SearchRequest r) {
    r.query = q.text;
    r.literal = q.literal;
    r.default_and = q.all_words;
    r.any_words = q.any_words;
    r.limit = q.limit;
    r.offset = q.offset;
    r.sort = q.sort == Sort::Newest ? SortOrder::Newest : q.sort == Sort::Oldest ? SortOrder::Oldest : SortOrder::Relevance;
    r.recency_half_life = q.recency_half_life;
    r.since = q.since;
    r.until = q.until;
    r.collapse = q.collapse;
    r.exact_count = q.exact_count;
    r.want_passages = q.passages;
    if (q.passages_per_hit) r.passages.count = *q.passages_per_hit;
    if (q.passage_width) r.passages.width = *q.passage_width;
    r.like = q.like;
    r.facets = q.facets;
    r.suggest = q.suggest;
    r.timeline = !q.timeline.empty();
    if (q.timeline == "auto") r.timeline_unit = TimeUnit::Auto;
    else if (q.timeline == "year") r.timeline_unit = TimeUnit::Year;
    else if (q.timeline == "month") r.timeline_unit = TimeUnit::Month;
    else if (q.timeline == "day") r.timeline_unit = TimeUnit::Day;
    else if (!q.timeline.empty())
        throw api::Error(ErrorKind::Usage, "timeline must be auto, year, month or day, not '" + q.timeline + "'");
    return r;
}

Results to_results(SearchResult&& res) {
    auto native = std::make_shared<SearchResult>(std::move(res));
    Results out;
    out.matches_lower_bound = native->matches_lower_bound;
    out.matches_estimated = native->matches_estimated;
    out.matches_upper_bound = native->matches_upper_bound;
    out.parsed = native->parsed;
    out.offset = native->offset;
    out.seconds = native->seconds;
    out.hits.reserve(native->hits.size());
    for (const auto& h : native->hits) {
        Hit hit;
        hit.rank = h.rank;
        hit.score = h.score;
        hit.duplicates = h.duplicates;
        const lede::Article& a = h.article;
        hit.article = Article{a.id, a.title, a.body, a.date, a.source, a.author, a.url, a.lang, a.tags};
        hit.title_highlights = h.title_highlights;
        hit.passages.reserve(h.passages.size());
        for (const auto& p : h.passages) hit.passages.push_back(Passage{p.text, p.highlights, p.begin, p.end, p.lead});
        out.hits.push_back(std::move(hit));
    }
    out.counts_exact = native->counts_exact;
    out.all_words = native->all_words;
    out.relaxed = native->relaxed;
    out.words_missing = native->words_missing;
    out.relaxed_to_any = native->relaxed_to_any;
    if (!native->suggestion.empty()) {
        Suggestion sg{native->suggestion, native->suggestion_matches, {}};
        for (const auto& c : native->corrections) sg.corrections.push_back(Correction{c.begin, c.end, c.from, c.to});
        out.did_you_mean = std::move(sg);
    }
    for (const auto& f : native->facets) {
        Facet facet{f.name, {}, f.distinct, f.missing};
        for (const auto& v : f.values) facet.values.push_back(FacetValue{v.value, v.count});
        out.facets.push_back(std::move(facet));
    }
    if (native->has_timeline) {
        Timeline t{time_unit_name(native->timeline.unit), {}, native->timeline.undated};
        for (const auto& b : native->timeline.buckets) t.buckets.push_back(TimelineBucket{b.period, b.count});
        out.timeline = std::move(t);
    }
    out.facets_exact = native->facets_exact;
    out.facets_counted = native->facet_counted;
    out.native = std::move(native);
    return out;
}

Results search(Searcher& searcher, const SearchRequest& request) {
    try {
        Results out = to_results(searcher.impl().engine.search(request));
        out.unavailable_shards = searcher.impl().engine.unavailable_shards();
        return out;
    } catch (...) {
        rethrow_as_api_error();
    }
}

} // namespace detail

namespace {

RankingParams to_params(const Ranking& ranking) {
    RankingParams p;
    if (ranking.k1) p.k1 = *ranking.k1;
    if (ranking.b) p.b = *ranking.b;
    if (ranking.title_weight) p.title_weight = *ranking.title_weight;
    if (ranking.weighting) p.weighting = weighting_from_name(*ranking.weighting);
    if (ranking.dfr_c) p.dfr_c = *ranking.dfr_c;
    if (ranking.bm25_delta) p.bm25_delta = *ranking.bm25_delta;
    if (ranking.burstiness) p.burstiness = *ranking.burstiness;
    if (ranking.common_share) p.common_share = *ranking.common_share;
    if (ranking.common_weight) p.common_weight = *ranking.common_weight;
    if (ranking.proximity_weight) p.proximity_weight = *ranking.proximity_weight;
    if (ranking.proximity_max_share) p.proximity_max_share = *ranking.proximity_max_share;
    if (ranking.recency_weight) p.recency_weight = *ranking.recency_weight;
    if (ranking.expand) p.expand = *ranking.expand;
    if (ranking.expand_all) p.expand_all = *ranking.expand_all;
    if (ranking.expand_docs) p.expand_docs = *ranking.expand_docs;
    if (ranking.expand_terms) p.expand_terms = *ranking.expand_terms;
    if (ranking.expand_weight) p.expand_weight = *ranking.expand_weight;
    return p;
}

std::unique_ptr<Searcher::Impl> open(const std::string& path, const Ranking& ranking, bool allow_partial) {
    try {
        return std::make_unique<Searcher::Impl>(Searcher::Impl{lede::Searcher(path, to_params(ranking), allow_partial)});
    } catch (...) {
        detail::rethrow_as_api_error();
    }
}

} // namespace

Searcher::Searcher(const std::string& path, const Ranking& ranking) : m_impl(open(path, ranking, false)) {}
Searcher::Searcher(const std::string& path, const Ranking& ranking, bool allow_partial)
    : m_impl(open(path, ranking, allow_partial)) {}
Searcher::~Searcher() = default;
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;

Results Searcher::search(const Query& query) { return detail::search(*this, detail::to_request(query)); }

std::optional<ArticleView> Searcher::article(const std::string& id, const Query& highlight) {
    try {
        SearchRequest request;
        request.query = highlight.text;
        request.literal = highlight.literal;
        request.default_and = highlight.all_words;
        std::optional<lede::ArticleView> found = m_impl->engine.article(id, request);
        if (!found) return std::nullopt;
        const auto convert = [](const lede::Article& a) {
            return Article{a.id, a.title, a.body, a.date, a.source, a.author, a.url, a.lang, a.tags};
        };
        ArticleView view{convert(found->article), found->title_highlights, found->body_highlights, {}};
        for (const auto& c : found->copies) view.copies.push_back(convert(c));
        return view;
    } catch (...) {
        detail::rethrow_as_api_error();
    }
}

const std::vector<std::string>& Searcher::unavailable_shards() const noexcept { return m_impl->engine.unavailable_shards(); }

std::string Searcher::describe(const Query& query) const {
    try {
        return m_impl->engine.parse(detail::to_request(query)).query.get_description();
    } catch (...) {
        detail::rethrow_as_api_error();
    }
}

void Searcher::reopen() {
    try {
        m_impl->engine.reopen();
    } catch (...) {
        detail::rethrow_as_api_error();
    }
}

std::uint64_t Searcher::document_count() const {
    try {
        return m_impl->engine.database().get_doccount();
    } catch (...) {
        detail::rethrow_as_api_error();
    }
}

const char* version() noexcept { return LEDE_VERSION; }

} // namespace lede::api

// SPDX-License-Identifier: MIT
// JSON for scripts: fixed key order, byte-offset highlights, honest counts (docs/json.md).
#include "json_output.hpp"

#include "error.hpp"

#include <array>

namespace lede {
namespace {

constexpr std::array<std::string_view, static_cast<std::size_t>(HitField::Count_)> field_names{
    "id", "rank", "score", "date", "title", "title_highlights", "source", "author", "url", "lang", "tags",
    "duplicates", "passages", "body"};

Json spans_json(const std::vector<api::Span>& spans) {
    Json a = Json::array();
    for (const auto& [b, e] : spans) a.push_back(Json::array({b, e}));
    return a;
}

} // namespace

HitFields::HitFields() {
    m_set.set();
    m_set.reset(static_cast<std::size_t>(HitField::Body));
}

std::string_view HitFields::name(HitField f) { return field_names.at(static_cast<std::size_t>(f)); }

HitFields HitFields::parse(std::string_view spec) {
    HitFields f;
    if (spec.find_first_not_of(" ,") == std::string_view::npos) return f;
    f.m_set.reset();
    std::size_t start = 0;
    while (start <= spec.size()) {
        std::size_t comma = spec.find(',', start);
        std::string_view item = spec.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        if (!item.empty()) {
            std::size_t i = 0;
            while (i < field_names.size() && field_names[i] != item) ++i;
            if (i == field_names.size()) {
                std::string known;
                for (auto n : field_names) known += (known.empty() ? "" : ", ") + std::string(n);
                throw UsageError("unknown field '" + std::string(item) + "' (known: " + known + ")");
            }
            f.m_set.set(i);
        }
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    return f;
}

Json hit_json(const api::Hit& h, const HitFields& fields) {
    const api::Article& a = h.article;
    Json d = Json::object();
    for (std::size_t i = 0; i < field_names.size(); ++i) {
        const auto f = static_cast<HitField>(i);
        if (!fields.has(f)) continue;
        const std::string key(field_names[i]);
        switch (f) {
        case HitField::Id: d[key] = a.id; break;
        case HitField::Rank: d[key] = h.rank; break;
        case HitField::Score: d[key] = h.score; break;
        case HitField::Date: d[key] = a.date; break;
        case HitField::Title: d[key] = a.title; break;
        case HitField::TitleHighlights: d[key] = spans_json(h.title_highlights); break;
        case HitField::Source: d[key] = a.source; break;
        case HitField::Author: d[key] = a.author; break;
        case HitField::Url: d[key] = a.url; break;
        case HitField::Lang: d[key] = a.lang; break;
        case HitField::Tags: d[key] = a.tags; break;
        case HitField::Duplicates: d[key] = h.duplicates; break;
        case HitField::Passages: {
            Json ps = Json::array();
            for (const auto& p : h.passages)
                ps.push_back(Json{{"text", p.text}, {"highlights", spans_json(p.highlights)}, {"begin", p.begin},
                                  {"end", p.end}, {"lead", p.lead}});
            d[key] = std::move(ps);
            break;
        }
        case HitField::Body: d[key] = a.body; break;
        case HitField::Count_: break;
        }
    }
    return d;
}

Json summary_json(const api::Results& r, const std::string& query) {
    const SearchResult* native = r.native.get();
    const bool passage_search = native && native->passage_search;
    Json s{{"query", query},
           {"parsed", r.parsed},
           {"offset", r.offset},
           {"returned", passage_search ? native->passage_hits.size() : r.hits.size()},
           {"matches_lower_bound", r.matches_lower_bound},
           {"matches_estimated", r.matches_estimated},
           {"matches_upper_bound", r.matches_upper_bound},
           {"counts_exact", r.counts_exact},
           {"operator", r.all_words ? "and" : "or"},
           {"relaxed", r.relaxed},
           {"seconds", r.seconds}};
    // Optional keys: present only when asked for or when the engine has something to say.
    if (passage_search) {
        s["passages_found"] = native->passages_found;
        s["articles_ranked"] = native->articles_ranked;
    }
    if (r.relaxed) s["words_missing"] = r.words_missing;
    if (native && !native->like_id.empty()) s["like"] = native->like_id;
    if (!r.unavailable_shards.empty()) {
        s["partial"] = true;
        s["unavailable_shards"] = r.unavailable_shards;
    }
    if (r.did_you_mean) {
        Json corrections = Json::array();
        for (const auto& c : r.did_you_mean->corrections)
            corrections.push_back(Json{{"begin", c.begin}, {"end", c.end}, {"from", c.from}, {"to", c.to}});
        s["did_you_mean"] = Json{{"query", r.did_you_mean->query},
                                 {"matches_estimated", r.did_you_mean->matches_estimated},
                                 {"corrections", std::move(corrections)}};
    }
    if (!r.facets.empty()) {
        Json fields = Json::array();
        for (const auto& f : r.facets) {
            Json vs = Json::array();
            for (const auto& v : f.values) vs.push_back(Json{{"value", v.value}, {"count", v.count}});
            fields.push_back(Json{{"name", f.name}, {"values", std::move(vs)}, {"distinct", f.distinct}, {"missing", f.missing}});
        }
        s["facets"] = Json{{"exact", r.facets_exact}, {"counted", r.facets_counted}, {"fields", std::move(fields)}};
    }
    if (r.timeline) {
        Json buckets = Json::array();
        for (const auto& b : r.timeline->buckets) buckets.push_back(Json{{"period", b.period}, {"count", b.count}});
        s["timeline"] = Json{{"unit", r.timeline->unit},
                             {"exact", r.facets_exact},
                             {"undated", r.timeline->undated},
                             {"buckets", std::move(buckets)}};
    }
    s["format_version"] = json_format_version;
    return s;
}

Json passage_hit_json(const SearchResult& native, const PassageHit& ph) {
    const Hit& h = native.hits.at(ph.hit);
    const Article& a = h.article;
    std::vector<api::Span> title_highlights(h.title_highlights.begin(), h.title_highlights.end());
    return Json{{"rank", ph.rank},
                {"score", ph.score},
                {"text", ph.passage.text},
                {"highlights", spans_json(ph.passage.highlights)},
                {"begin", ph.passage.begin},
                {"end", ph.passage.end},
                {"id", a.id},
                {"article_rank", h.rank},
                {"article_score", h.score},
                {"date", a.date},
                {"title", a.title},
                {"title_highlights", spans_json(title_highlights)},
                {"source", a.source},
                {"author", a.author},
                {"url", a.url},
                {"lang", a.lang}};
}

void write_json_line(std::ostream& out, const Json& value) {
    out << value.dump(-1, ' ', false, Json::error_handler_t::replace) << '\n';
}

void render_json(std::ostream& out, const api::Results& r, const std::string& query, const HitFields& fields) {
    if (r.native && r.native->passage_search) {
        for (const auto& ph : r.native->passage_hits)
            write_json_line(out, Json{{"type", "passage"}, {"data", passage_hit_json(*r.native, ph)}});
    } else {
        for (const auto& h : r.hits) write_json_line(out, Json{{"type", "hit"}, {"data", hit_json(h, fields)}});
    }
    write_json_line(out, Json{{"type", "summary"}, {"data", summary_json(r, query)}});
}

} // namespace lede

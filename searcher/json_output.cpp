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
            for (const auto& p : h.passages) {
                Json pj{{"text", p.text}, {"highlights", spans_json(p.highlights)}};
                if (p.lead) pj["lead"] = true;
                ps.push_back(std::move(pj));
            }
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
    Json s{{"query", query},
           {"parsed", r.parsed},
           {"offset", r.offset},
           {"returned", r.hits.size()},
           {"matches_lower_bound", r.matches_lower_bound},
           {"matches_estimated", r.matches_estimated},
           {"matches_upper_bound", r.matches_upper_bound},
           {"seconds", r.seconds}};
    // Optional keys: present only when the engine computed them.
    if (r.did_you_mean) s["did_you_mean"] = *r.did_you_mean;
    if (!r.facets.empty()) {
        Json facets = Json::object();
        for (const auto& [name, values] : r.facets) {
            Json vs = Json::array();
            for (const auto& v : values) vs.push_back(Json{{"value", v.value}, {"count", v.count}});
            facets[name] = std::move(vs);
        }
        s["facets"] = std::move(facets);
    }
    if (!r.timeline.empty()) {
        Json t = Json::array();
        for (const auto& b : r.timeline) t.push_back(Json{{"period", b.period}, {"count", b.count}});
        s["timeline"] = std::move(t);
    }
    s["format_version"] = json_format_version;
    return s;
}

void write_json_line(std::ostream& out, const Json& value) {
    out << value.dump(-1, ' ', false, Json::error_handler_t::replace) << '\n';
}

void render_json(std::ostream& out, const api::Results& r, const std::string& query, const HitFields& fields) {
    for (const auto& h : r.hits) write_json_line(out, Json{{"type", "hit"}, {"data", hit_json(h, fields)}});
    write_json_line(out, Json{{"type", "summary"}, {"data", summary_json(r, query)}});
}

} // namespace lede

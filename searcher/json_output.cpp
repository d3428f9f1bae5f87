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

namespace {

template <class Spans>
void write_spans(JsonWriter& w, const Spans& spans) {
    w.begin_array();
    for (const auto& [b, e] : spans) {
        w.begin_array();
        w.value(static_cast<std::uint64_t>(b));
        w.value(static_cast<std::uint64_t>(e));
        w.end_array();
    }
    w.end_array();
}

} // namespace

void write_hit(JsonWriter& w, const api::Hit& h, const HitFields& fields) {
    const api::Article& a = h.article;
    w.begin_object();
    for (std::size_t i = 0; i < field_names.size(); ++i) {
        const auto f = static_cast<HitField>(i);
        if (!fields.has(f)) continue;
        w.key(field_names[i]);
        switch (f) {
        case HitField::Id: w.value(a.id); break;
        case HitField::Rank: w.value(h.rank); break;
        case HitField::Score: w.value(h.score); break;
        case HitField::Date: w.value(a.date); break;
        case HitField::Title: w.value(a.title); break;
        case HitField::TitleHighlights: write_spans(w, h.title_highlights); break;
        case HitField::Source: w.value(a.source); break;
        case HitField::Author: w.value(a.author); break;
        case HitField::Url: w.value(a.url); break;
        case HitField::Lang: w.value(a.lang); break;
        case HitField::Tags:
            w.begin_array();
            for (const auto& t : a.tags) w.value(t);
            w.end_array();
            break;
        case HitField::Duplicates: w.value(h.duplicates); break;
        case HitField::Passages:
            w.begin_array();
            for (const auto& p : h.passages) {
                w.begin_object();
                w.key("text");
                w.value(p.text);
                w.key("highlights");
                write_spans(w, p.highlights);
                w.key("begin");
                w.value(p.begin);
                w.key("end");
                w.value(p.end);
                w.key("lead");
                w.value(p.lead);
                w.end_object();
            }
            w.end_array();
            break;
        case HitField::Body: w.value(a.body); break;
        case HitField::Count_: break;
        }
    }
    w.end_object();
}

void write_summary(JsonWriter& w, const api::Results& r, const std::string& query) {
    const SearchResult* native = r.native.get();
    const bool passage_search = native && native->passage_search;
    w.begin_object();
    w.key("query");
    w.value(query);
    w.key("parsed");
    w.value(r.parsed);
    w.key("offset");
    w.value(r.offset);
    w.key("returned");
    w.value(passage_search ? native->passage_hits.size() : r.hits.size());
    w.key("matches_lower_bound");
    w.value(r.matches_lower_bound);
    w.key("matches_estimated");
    w.value(r.matches_estimated);
    w.key("matches_upper_bound");
    w.value(r.matches_upper_bound);
    w.key("counts_exact");
    w.value(r.counts_exact);
    w.key("seconds");
    w.value(r.seconds);
    // Optional keys: present only when asked for or when the engine has something to say.
    if (passage_search) {
        w.key("passages_found");
        w.value(native->passages_found);
        w.key("articles_ranked");
        w.value(native->articles_ranked);
    }
    if (native && !native->like_id.empty()) {
        w.key("like");
        w.value(native->like_id);
    }
    if (!r.unavailable_shards.empty()) {
        w.key("partial");
        w.value(true);
        w.key("unavailable_shards");
        w.begin_array();
        for (const auto& u : r.unavailable_shards) w.value(u);
        w.end_array();
    }
    if (r.did_you_mean) {
        w.key("did_you_mean");
        w.begin_object();
        w.key("query");
        w.value(r.did_you_mean->query);
        w.key("matches_estimated");
        w.value(r.did_you_mean->matches_estimated);
        w.key("corrections");
        w.begin_array();
        for (const auto& c : r.did_you_mean->corrections) {
            w.begin_object();
            w.key("begin");
            w.value(c.begin);
            w.key("end");
            w.value(c.end);
            w.key("from");
            w.value(c.from);
            w.key("to");
            w.value(c.to);
            w.end_object();
        }
        w.end_array();
        w.end_object();
    }
    if (!r.facets.empty()) {
        w.key("facets");
        w.begin_object();
        w.key("exact");
        w.value(r.facets_exact);
        w.key("counted");
        w.value(r.facets_counted);
        w.key("fields");
        w.begin_array();
        for (const auto& f : r.facets) {
            w.begin_object();
            w.key("name");
            w.value(f.name);
            w.key("values");
            w.begin_array();
            for (const auto& v : f.values) {
                w.begin_object();
                w.key("value");
                w.value(v.value);
                w.key("count");
                w.value(v.count);
                w.end_object();
            }
            w.end_array();
            w.key("distinct");
            w.value(f.distinct);
            w.key("missing");
            w.value(f.missing);
            w.end_object();
        }
        w.end_array();
        w.end_object();
    }
    if (r.timeline) {
        w.key("timeline");
        w.begin_object();
        w.key("unit");
        w.value(r.timeline->unit);
        w.key("exact");
        w.value(r.facets_exact);
        w.key("undated");
        w.value(r.timeline->undated);
        w.key("buckets");
        w.begin_array();
        for (const auto& b : r.timeline->buckets) {
            w.begin_object();
            w.key("period");
            w.value(b.period);
            w.key("count");
            w.value(b.count);
            w.end_object();
        }
        w.end_array();
        w.end_object();
    }
    w.key("format_version");
    w.value(json_format_version);
    w.end_object();
}

void write_passage_hit(JsonWriter& w, const SearchResult& native, const PassageHit& ph) {
    const Hit& h = native.hits.at(ph.hit);
    const Article& a = h.article;
    w.begin_object();
    w.key("rank");
    w.value(ph.rank);
    w.key("score");
    w.value(ph.score);
    w.key("text");
    w.value(ph.passage.text);
    w.key("highlights");
    write_spans(w, ph.passage.highlights);
    w.key("begin");
    w.value(ph.passage.begin);
    w.key("end");
    w.value(ph.passage.end);
    w.key("id");
    w.value(a.id);
    w.key("article_rank");
    w.value(h.rank);
    w.key("article_score");
    w.value(h.score);
    w.key("date");
    w.value(a.date);
    w.key("title");
    w.value(a.title);
    w.key("title_highlights");
    write_spans(w, h.title_highlights);
    w.key("source");
    w.value(a.source);
    w.key("author");
    w.value(a.author);
    w.key("url");
    w.value(a.url);
    w.key("lang");
    w.value(a.lang);
    w.end_object();
}

Json hit_json(const api::Hit& h, const HitFields& fields) {
    std::string text;
    JsonWriter w(text);
    write_hit(w, h, fields);
    return Json::parse(text);
}

Json summary_json(const api::Results& r, const std::string& query) {
    std::string text;
    JsonWriter w(text);
    write_summary(w, r, query);
    return Json::parse(text);
}

Json passage_hit_json(const SearchResult& native, const PassageHit& ph) {
    std::string text;
    JsonWriter w(text);
    write_passage_hit(w, native, ph);
    return Json::parse(text);
}

void write_json_line(std::ostream& out, const Json& value) {
    out << value.dump(-1, ' ', false, Json::error_handler_t::replace) << '\n';
}

void render_json(std::ostream& out, const api::Results& r, const std::string& query, const HitFields& fields) {
    std::string line;
    auto envelope = [&](const char* type, auto&& write_data) {
        line.clear();
        JsonWriter w(line);
        w.begin_object();
        w.key("type");
        w.value(type);
        w.key("data");
        write_data(w);
        w.end_object();
        line += '\n';
        out << line;
    };
    if (r.native && r.native->passage_search) {
        for (const auto& ph : r.native->passage_hits)
            envelope("passage", [&](JsonWriter& w) { write_passage_hit(w, *r.native, ph); });
    } else {
        for (const auto& h : r.hits) envelope("hit", [&](JsonWriter& w) { write_hit(w, h, fields); });
    }
    envelope("summary", [&](JsonWriter& w) { write_summary(w, r, query); });
}

} // namespace lede

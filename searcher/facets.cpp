// SPDX-License-Identifier: MIT
// The match spy behind --facets and --timeline, and period arithmetic (the terminal rendering: cli/facets_render).
#include "facets.hpp"

#include "date.hpp"
#include "schema.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace lede {
namespace {

const std::vector<std::string> facet_names{"source", "author", "tag", "lang", "year"};

// "YYYYMMDD" -> the day after.
std::string next_day(const std::string& ymd) {
    int y = std::stoi(ymd.substr(0, 4)), m = std::stoi(ymd.substr(4, 2)), d = std::stoi(ymd.substr(6, 2));
    if (++d > days_in_month(y, m)) {
        d = 1;
        if (++m > 12) {
            m = 1;
            ++y;
        }
    }
    return fmt::format("{:04}{:02}{:02}", y, m, d);
}

std::string next_month(const std::string& ym) {
    int y = std::stoi(ym.substr(0, 4)), m = std::stoi(ym.substr(4, 2));
    if (++m > 12) {
        m = 1;
        ++y;
    }
    return fmt::format("{:04}{:02}", y, m);
}

std::string display_period(const std::string& key) {
    if (key.size() == 4) return key;
    if (key.size() == 6) return key.substr(0, 4) + "-" + key.substr(4, 2);
    return key.substr(0, 4) + "-" + key.substr(4, 2) + "-" + key.substr(6, 2);
}

bool valid_day(const std::string& v) {
    if (v.size() != 8 || !std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
    return is_valid_date(std::stoi(v.substr(0, 4)), std::stoi(v.substr(4, 2)), std::stoi(v.substr(6, 2)));
}

} // namespace

void FacetTally::add(const std::string& source, const std::string& author, const std::string& lang,
                     const std::string& tags, const std::string& day, Xapian::doccount n) {
    auto count = [&](const std::string& name, const std::string& value) {
        if (value.empty()) m_missing[name] += n;
        else m_counts[name][value] += n;
    };
    count("source", source);
    count("author", author);
    count("lang", lang);
    if (tags.empty()) m_missing["tag"] += n;
    for (std::size_t b = 0; b < tags.size();) {
        std::size_t e = tags.find('\x1f', b);
        if (e == std::string::npos) e = tags.size();
        if (e > b) m_counts["tag"][tags.substr(b, e - b)] += n;
        b = e + 1;
    }
    if (valid_day(day)) m_days[day] += n;
    else m_undated += n;
}

MatchSetSpy::MatchSetSpy(bool collapse, bool facets, bool dates, Xapian::valueno collapse_slot)
    : m_collapse(collapse), m_facets(facets), m_dates(dates || facets), m_slot(collapse_slot) {}

void MatchSetSpy::operator()(const Xapian::Document& doc, double) {
    ++m_seen;
    if (m_collapse) {
        std::string key = doc.get_value(m_slot);
        if (!key.empty() && !m_keys.insert(std::move(key)).second) return;
    }
    ++m_distinct;
    if (m_facets)
        m_tally.add(doc.get_value(schema::slot::source), doc.get_value(schema::slot::author),
                    doc.get_value(schema::slot::lang), doc.get_value(schema::slot::tags),
                    doc.get_value(schema::slot::date));
    else if (m_dates)
        m_tally.add({}, {}, {}, {}, doc.get_value(schema::slot::date));
}

RemoteFacetSpies::RemoteFacetSpies() {
    for (Xapian::valueno slot : {schema::slot::source, schema::slot::author, schema::slot::lang, schema::slot::tags,
                                 schema::slot::date})
        m_spies.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(slot));
}

void RemoteFacetSpies::attach(Xapian::Enquire& enquire) {
    for (auto& s : m_spies) enquire.add_matchspy(s.get());
}

FacetTally RemoteFacetSpies::tally() const {
    FacetTally t;
    const std::vector<std::string> names{"source", "author", "lang", "tag"};
    for (std::size_t i = 0; i < names.size(); ++i) {
        Xapian::doccount with = 0;
        for (auto v = m_spies[i]->values_begin(); v != m_spies[i]->values_end(); ++v) {
            const std::string value = *v;
            const Xapian::doccount n = v.get_termfreq();
            with += n;
            if (names[i] != "tag") {
                t.m_counts[names[i]][value] += n;
                continue;
            }
            for (std::size_t b = 0; b < value.size();) {
                std::size_t e = value.find('\x1f', b);
                if (e == std::string::npos) e = value.size();
                if (e > b) t.m_counts["tag"][value.substr(b, e - b)] += n;
                b = e + 1;
            }
        }
        if (m_spies[i]->get_total() > with) t.m_missing[names[i]] = m_spies[i]->get_total() - with;
    }
    Xapian::doccount dated = 0;
    for (auto v = m_spies[4]->values_begin(); v != m_spies[4]->values_end(); ++v)
        if (valid_day(*v)) {
            t.m_days[*v] += v.get_termfreq();
            dated += v.get_termfreq();
        }
    t.m_undated = m_spies[4]->get_total() - dated;
    return t;
}

Facet FacetTally::facet(const std::string& name, std::size_t limit) const {
    Facet f;
    f.name = name;
    std::map<std::string, Xapian::doccount> years;
    const std::map<std::string, Xapian::doccount>* counts = &years;
    if (name == "year") {
        for (const auto& [day, n] : m_days) years[day.substr(0, 4)] += n;
        f.missing = m_undated;
    } else {
        if (auto it = m_counts.find(name); it != m_counts.end()) counts = &it->second;
        if (auto it = m_missing.find(name); it != m_missing.end()) f.missing = it->second;
    }
    for (const auto& [value, n] : *counts) f.values.push_back({value, n});
    f.distinct = f.values.size();
    if (name == "year") {
        std::sort(f.values.begin(), f.values.end(), [](const auto& a, const auto& b) { return a.value < b.value; });
    } else {
        std::stable_sort(f.values.begin(), f.values.end(), [](const auto& a, const auto& b) { return a.count > b.count; });
    }
    if (limit && f.values.size() > limit) f.values.resize(limit);
    return f;
}

std::vector<Facet> FacetTally::facets(std::size_t limit) const {
    std::vector<Facet> out;
    for (const auto& name : facet_names) out.push_back(facet(name, limit));
    return out;
}

TimeUnit auto_time_unit(const std::string& first, const std::string& last) {
    auto date_of = [](const std::string& ymd) {
        return Date{std::stoi(ymd.substr(0, 4)), std::stoi(ymd.substr(4, 2)), std::stoi(ymd.substr(6, 2))};
    };
    const Date a = date_of(first), b = date_of(last);
    if (b.days_since_epoch() - a.days_since_epoch() < 62) return TimeUnit::Day;
    const int months = (b.year - a.year) * 12 + (b.month - a.month) + 1;
    return months <= 36 ? TimeUnit::Month : TimeUnit::Year;
}

std::string time_unit_name(TimeUnit unit) {
    switch (unit) {
    case TimeUnit::Year: return "year";
    case TimeUnit::Month: return "month";
    case TimeUnit::Day: return "day";
    default: return "auto";
    }
}

Timeline FacetTally::timeline(TimeUnit unit) const {
    Timeline t;
    t.undated = m_undated;
    t.unit = unit;
    if (m_days.empty()) {
        if (t.unit == TimeUnit::Auto) t.unit = TimeUnit::Year;
        return t;
    }
    if (t.unit == TimeUnit::Auto) t.unit = auto_time_unit(m_days.begin()->first, m_days.rbegin()->first);
    const std::size_t key_len = t.unit == TimeUnit::Year ? 4 : t.unit == TimeUnit::Month ? 6 : 8;
    std::map<std::string, Xapian::doccount> grouped;
    for (const auto& [day, n] : m_days) grouped[day.substr(0, key_len)] += n;
    const std::string last = grouped.rbegin()->first;
    for (std::string p = grouped.begin()->first;;) {
        auto it = grouped.find(p);
        t.buckets.push_back({display_period(p), it == grouped.end() ? 0 : it->second});
        if (p == last) break;
        p = key_len == 4 ? fmt::format("{:04}", std::stoi(p) + 1) : key_len == 6 ? next_month(p) : next_day(p);
    }
    return t;
}

std::string count_note(bool exact, Xapian::doccount counted) {
    if (exact) return fmt::format("({} article{}, exact counts)", counted, counted == 1 ? "" : "s");
    return fmt::format("(counted over the first {} matching articles; --exact-count counts all)", counted);
}

} // namespace lede

// SPDX-License-Identifier: MIT
// Facets and timeline of a matching set: one Xapian match spy reads the value slots of every
// matching article it is shown, counting each set of exact duplicates once when collapsing.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <unordered_set>
#include <vector>

namespace lede {

struct FacetCount {
    std::string value;
    Xapian::doccount count = 0;
};

/// Counts by one attribute, most frequent first (ties by value).
struct Facet {
    std::string name;                 // "source", "author", "tag", "lang", "year"
    std::vector<FacetCount> values;   // at most the requested number
    std::size_t distinct = 0;         // distinct values seen (values may hold fewer)
    Xapian::doccount missing = 0;     // matching articles without this attribute
};

enum class TimeUnit { Auto, Year, Month, Day };

struct TimelineBucket {
    std::string period;               // "1987", "1987-03" or "1987-03-15"
    Xapian::doccount count = 0;
};

/// Articles per period, every period from the first to the last present (zeros included).
struct Timeline {
    TimeUnit unit = TimeUnit::Year;   // never Auto once computed
    std::vector<TimelineBucket> buckets;
    Xapian::doccount undated = 0;
};

/// Counts of a matching set by attribute and by day, and the summaries drawn from them.
class FacetTally {
public:
    /// Count one article: its source, author, language, tags ('\x1f'-separated) and day ("YYYYMMDD").
    void add(const std::string& source, const std::string& author, const std::string& lang,
             const std::string& tags, const std::string& day, Xapian::doccount n = 1);

    /// The counts for one attribute ("source", "author", "tag", "lang", "year"); `limit` values
    /// at most (0 = all).
    Facet facet(const std::string& name, std::size_t limit) const;
    std::vector<Facet> facets(std::size_t limit) const;
    Timeline timeline(TimeUnit unit) const;

private:
    friend class RemoteFacetSpies;
    std::map<std::string, std::map<std::string, Xapian::doccount>> m_counts;
    std::map<std::string, Xapian::doccount> m_missing;
    std::map<std::string, Xapian::doccount> m_days;   // "YYYYMMDD" -> count
    Xapian::doccount m_undated = 0;
};

/// The match spy. Documents are counted once per duplicate key (in `collapse_slot`, the slot the
/// enquire collapses on) when `collapse` is set, so the counts agree with the collapsed hit list.
/// Needs a local index: stock remote servers cannot run it.
class MatchSetSpy : public Xapian::MatchSpy {
public:
    MatchSetSpy(bool collapse, bool facets, bool dates, Xapian::valueno collapse_slot);

    void operator()(const Xapian::Document& doc, double wt) override;

    Xapian::doccount seen() const noexcept { return m_seen; }         // documents shown to the spy
    Xapian::doccount distinct() const noexcept { return m_distinct; } // after duplicate collapsing
    const FacetTally& tally() const noexcept { return m_tally; }

private:
    bool m_collapse, m_facets, m_dates;
    Xapian::valueno m_slot;
    Xapian::doccount m_seen = 0, m_distinct = 0;
    std::unordered_set<std::string> m_keys;
    FacetTally m_tally;
};

/// Facets over remote shards, from Xapian's built-in ValueCountMatchSpy (which stock xapian-tcpsrv
/// servers run): every copy of a duplicated article counts.
class RemoteFacetSpies {
public:
    RemoteFacetSpies();
    void attach(Xapian::Enquire& enquire);
    Xapian::doccount seen() const { return m_spies[0]->get_total(); }
    FacetTally tally() const;

private:
    std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> m_spies;   // source, author, lang, tags, date
};

/// The period length auto chooses: days for spans up to 62 days, months up to 36 months, else years.
TimeUnit auto_time_unit(const std::string& first_day, const std::string& last_day);

std::string time_unit_name(TimeUnit unit);

/// "(129 articles, exact counts)" or "(counted over the first 10000 matches; --exact-count counts all)".
std::string count_note(bool exact, Xapian::doccount counted);

} // namespace lede

// SPDX-License-Identifier: MIT
// Expand terms for pseudo-relevance feedback, as Xapian's Enquire::get_eset ranks them, with the
// term frequencies remembered across the queries of one process (--batch).
#pragma once

#include "db_revision.hpp"

#include <xapian.h>

#include <cstddef>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

namespace lede {

/// Term frequencies of one revision of one local database, kept across queries. Most of the cost
/// of an expand set is looking up the frequency of each of the ~1,000 stems of the top articles,
/// and in a long-running process the same stems come back from query to query; the query
/// parser's word weights and the passages' idf ask for the same few terms in every query.
class TermFreqCache {
public:
    /// Forget every frequency when `db` is no longer at the revision they were read at. Returns
    /// false (and caches nothing) when `db` is not a single local database (shards, remote).
    bool sync(const Xapian::Database& db);
    /// The term frequency of `term` in `db` (which sync() accepted).
    Xapian::doccount termfreq(const Xapian::Database& db, const std::string& term);
    /// Its collection frequency (occurrences in all articles), read when first asked for.
    Xapian::termcount collection_freq(const Xapian::Database& db, const std::string& term);
    std::size_t size() const noexcept { return m_freqs.size(); }

private:
    struct Freqs {
        Xapian::doccount term = 0;
        Xapian::termcount collection = 0;
        bool have_collection = false;
    };
    Freqs& entry(const Xapian::Database& db, const std::string& term);
    static constexpr std::size_t max_terms = 500000;
    DbRevision m_revision;
    std::unordered_map<std::string, Freqs> m_freqs;
};

struct ExpandTerm {
    std::string term;
    double weight = 0;
};

/// The `count` best expand terms of the relevant documents `rset` that `accept` takes and that are
/// not terms of `query`, best first: the terms, weights and order of
/// Enquire::get_eset(count, rset, decider) with Xapian's default scheme (TradEWeight, k = 1) on a
/// single database, with term frequencies from `cache` (synced to `db` by the caller).
std::vector<ExpandTerm> expand_terms(const Xapian::Database& db, const std::vector<Xapian::docid>& rset,
                                     const Xapian::Query& query, std::size_t count,
                                     const std::function<bool(const std::string&)>& accept, TermFreqCache& cache);

} // namespace lede

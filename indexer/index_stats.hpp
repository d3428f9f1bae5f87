// SPDX-License-Identifier: MIT
// lede-index --stats: what an index holds.
#pragma once

#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace lede {

struct IndexSummary {
    std::string path;
    std::size_t articles = 0;
    std::size_t terms = 0;                              // distinct terms, all prefixes included
    std::map<std::string, long> languages;              // from the index metadata ("" = unknown)
    std::string first_date, last_date;                  // "YYYY-MM-DD"; empty when no article is dated
    std::size_t undated = 0;
    std::vector<std::pair<std::string, std::size_t>> sources; // by article count, most first
    std::size_t files = 0;                              // source files with a recorded state
    std::uint64_t disk_bytes = 0;                       // the index directory's files
};

/// Gather the summary (reads every document's date and source values once). Throws IndexError /
/// SchemaError as open_index does.
IndexSummary summarize_index(const std::string& path);

/// Human-readable, one "key  value" line each, on `out`.
void print_summary(const IndexSummary& s, std::ostream& out);

/// One JSON line {"type":"stats","data":{...}} on `out`.
void print_summary_json(const IndexSummary& s, std::ostream& out);

} // namespace lede

// SPDX-License-Identifier: MIT
// lede-index's work: read inputs, build documents, write them to the index, report.
#pragma once

#include "readers.hpp"

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

namespace lede {

struct IndexerOptions {
    std::string db;                    // index directory
    std::vector<std::string> inputs;   // files ("-" = stdin)
    std::string map_spec;              // --map
    std::vector<std::string> delete_ids;
    double wait_seconds = 2.0;         // wait for another writer's lock
    std::size_t batch = 5000;          // commit every this many changed articles
    bool quiet = false;
    bool json = false;                 // machine-readable summary on stdout
    bool spelling = true;              // feed the spelling table (did-you-mean) with title and body words
};

struct IndexStats {
    std::size_t added = 0;      // new articles
    std::size_t updated = 0;    // existing ids whose content changed
    std::size_t unchanged = 0;  // existing ids with identical content
    std::size_t deleted = 0;
    std::size_t skipped = 0;    // bad records (each reported)
    std::size_t warnings = 0;   // records kept despite a problem (each reported)
    std::size_t files = 0;      // input files read
    std::size_t failed_files = 0;
    std::size_t documents = 0;  // articles in the index at the end
    double seconds = 0;
};

/// Run an indexing job. Messages (file:line: reason) go to `err`; the JSON summary (with
/// options.json) to `out`. Throws lede::Error / Xapian::Error when the index cannot be used at all.
IndexStats run_index(const IndexerOptions& options, std::ostream& out, std::ostream& err);

} // namespace lede

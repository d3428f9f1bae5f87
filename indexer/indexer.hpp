// SPDX-License-Identifier: MIT
// lede-index's work: read inputs, build documents, write them to the index, report.
#pragma once

#include "readers.hpp"

#include <cstddef>
#include <map>
#include <ostream>
#include <string>
#include <vector>

namespace lede {

struct IndexerOptions {
    std::string db;                    // index directory (or stub file listing shards)
    unsigned shards = 0;               // --shards N: create a sharded index, articles placed by id hash
    std::string shard_by;              // --shard-by hash|year ("" = as the index is)
    std::vector<std::string> inputs;   // files and directories ("-" = stdin)
    std::string map_spec;              // --map
    std::string format = "auto";       // --format
    std::vector<std::string> include;  // --include globs (files found in directories)
    std::vector<std::string> exclude;  // --exclude globs
    std::vector<std::string> delete_ids;
    bool prune = false;                // remove articles whose source file is gone
    bool follow_symlinks = false;      // in directories, follow links leading outside them (and linked directories)
    bool force = false;                // re-read files even when size and mtime are unchanged
    double wait_seconds = 2.0;         // wait for another writer's lock
    std::size_t batch = 5000;          // commit every this many changed articles...
    double flush_mb = 64;              // ...or this many MB of changed article text, whichever first
    unsigned threads = 0;              // analysis threads (0 = one per core)
    bool segments = true;              // a new or empty index: write segments in parallel, then merge
    unsigned segment_threads = 0;      // threads writing segments (0 = one per core)
    double segment_mb = 0.5;           // MB of article text per segment database
    bool quiet = false;
    bool verbose = false;              // name every file ignored (of unknown type), not just the first few
    bool json = false;                 // machine-readable records and summary on stdout
    bool progress = false;             // live progress line even when stderr is not a terminal
    bool stats = false;                // print index statistics instead of indexing
    bool spelling = true;              // feed the spelling table (did-you-mean) with title and body words
};

struct IndexStats {
    std::size_t added = 0;      // new articles
    std::size_t updated = 0;    // existing ids whose content changed
    std::size_t unchanged = 0;  // existing ids with identical content (including those of unchanged files)
    std::size_t deleted = 0;    // by --delete, --prune, or gone from a changed file
    std::size_t skipped = 0;    // bad records (each reported)
    std::size_t warnings = 0;   // records kept despite a problem (each reported)
    std::size_t files = 0;      // input files read or found unchanged
    std::size_t files_unchanged = 0; // of those, skipped because size+mtime or content hash matched
    std::size_t failed_files = 0;    // inputs that could not be read (each reported)
    std::size_t ignored_files = 0;   // files of unknown type found in directories
    std::vector<std::string> ignored_names; // the first of them (display names), for the summary
    std::size_t documents = 0;  // articles in the index at the end
    std::uint64_t bytes = 0;    // bytes read from inputs
    double seconds = 0;
    int interrupted = 0;        // the signal (SIGINT, SIGTERM) that stopped the run early, else 0
    std::map<std::string, std::size_t> failures; // reason -> count, for skipped records and failed files

    std::size_t failed() const { return skipped + failed_files; }
};

/// Run an indexing job. Messages (file:line: reason) go to `err`; with options.json, one JSON line
/// per skipped record and the summary go to `out`. Throws lede::Error / Xapian::Error when the index
/// cannot be used at all.
IndexStats run_index(const IndexerOptions& options, std::ostream& out, std::ostream& err);

/// The summary line printed at the end (without "lede-index: " and newline).
std::string summary_line(const IndexStats& stats);

} // namespace lede

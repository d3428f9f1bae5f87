// SPDX-License-Identifier: MIT
// Opening a Lede index: existence and schema checks with messages that say what to do.
#pragma once

#include "analyzer.hpp"

#include <xapian.h>

#include <map>
#include <string>

namespace lede {

struct IndexInfo {
    int schema_version = 0;
    AnalyzerConfig analyzer;
    std::map<std::string, long> languages; // ISO 639-1 -> article count ("" = unknown)
};

/// Open an index (a directory, or a Xapian stub file listing shards) for searching. Throws
/// IndexError when it does not exist or is not an index, SchemaError on a version mismatch.
Xapian::Database open_index(const std::string& path);

/// Read Lede's metadata from an open index. Throws SchemaError when it is not a Lede index of
/// this schema version.
IndexInfo read_index_info(const Xapian::Database& db);

/// Write Lede's metadata (schema version, analyzer configuration, languages).
void write_index_info(Xapian::WritableDatabase& db, const IndexInfo& info);

/// Open (creating if needed) an index for writing. Refuses a non-empty directory that is not a
/// Xapian database. Waits up to `wait_seconds` for another writer's lock, then throws IndexError.
Xapian::WritableDatabase open_index_for_writing(const std::string& path, double wait_seconds);

} // namespace lede

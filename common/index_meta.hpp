// SPDX-License-Identifier: MIT
// Opening a Lede index: existence and schema checks with messages that say what to do.
#pragma once

#include "analyzer.hpp"

#include <xapian.h>

#include <map>
#include <string>
#include <vector>

namespace lede {

struct IndexInfo {
    int schema_version = 0;
    AnalyzerConfig analyzer;
    std::map<std::string, long> languages; // ISO 639-1 -> article count ("" = unknown)
    // Every article with a copy has slot::copies (meta::copies): true for indexes created by a
    // lede-index that keeps it (a sharded index: all shards); older ones collapse on slot::dup_key.
    bool copies_marked = false;
    // Every article has its words in capitals as terms (meta::capitals, for =US): true for indexes
    // created by a lede-index that writes them; older ones refuse =US with a message.
    bool capitals = false;
};

/// Open an index (a directory, or a Xapian stub file listing shards) for searching. Throws
/// IndexError when it does not exist or is not an index, SchemaError on a version mismatch.
Xapian::Database open_index(const std::string& path);

/// One database listed by a stub (a stub file, or the XAPIANDB file of a sharded index directory).
struct ShardSpec {
    std::string line;        // the stub line as written, e.g. "remote 10.0.0.2:33300"
    std::size_t line_no = 0; // 1-based line in the stub
    std::string kind;        // "auto", "glass", "chert", "remote-tcp", "remote-prog"
    std::string path;        // local path (resolved against the stub's directory)
    std::string host;        // remote-tcp
    unsigned port = 0;       // remote-tcp
    std::string program;     // remote-prog: the program and its arguments
};

/// The stub that describes `path`, if it is one: a stub file, or a directory holding XAPIANDB.
/// Returns an empty vector for a plain single database. Throws IndexError on a malformed stub.
std::vector<ShardSpec> read_stub(const std::string& path);

/// Xapian runs the program of a stub line "remote :PROGRAM ARGS" when it opens the stub. Lede
/// refuses such lines (read_stub throws IndexError naming the file and line) unless allowed here,
/// for the whole process (lede-index and lede-search: --allow-remote-programs). Off by default.
void set_remote_programs_allowed(bool allowed);
bool remote_programs_allowed();

/// Read the stub at `path` (if it is one) and every stub it names, recursively, throwing
/// IndexError on a malformed stub or a refused program line. Every open of an index path by Lede
/// goes through this before Xapian sees the path.
void check_stub(const std::string& path);

struct OpenedIndex {
    Xapian::Database db;
    IndexInfo info;                      // languages summed over the shards opened
    std::size_t shards = 1;              // databases listed
    std::vector<std::string> unavailable; // with allow_partial: "line N: SPEC: reason" per shard skipped
};

/// Open for searching, shard by shard when `path` is a stub, so that a shard that cannot be opened
/// or reached is named (IndexError), or, with `allow_partial`, skipped and listed in `unavailable`
/// (at least one shard must open). Remote shards are given `remote_timeout_ms` to connect and answer.
OpenedIndex open_index_checked(const std::string& path, bool allow_partial, unsigned remote_timeout_ms = 5000);

/// A segment directory of lede-index beside the index at DB ("DB.segments-PID", see
/// indexer/segments.hpp), left by another process than this one.
struct SegmentDir {
    std::string path;
    long pid = 0;
    bool alive = false; // a process with that pid exists (lede-index runs on the index's host)
    bool ready = false; // it holds a complete merge marked ready to be moved into the index
};

/// The segment directories beside the index at `db_path`.
std::vector<SegmentDir> segment_dirs(const std::string& db_path);

/// The name of the merged database, in a segment directory, once it is ready to be moved in.
inline constexpr const char* segment_ready_dir = "ready";

/// A file inside the index that lede-index creates before it marks a merge ready and removes once
/// the merge is moved in: a search looks for segment directories (a listing of the index's parent
/// directory, which may hold many thousands of files) only while it exists.
inline constexpr const char* merge_marker = "lede-merging";

/// Read Lede's metadata from an open index. Throws SchemaError when it is not a Lede index of
/// this schema version.
IndexInfo read_index_info(const Xapian::Database& db);

/// Write Lede's metadata (schema version, analyzer configuration, languages).
void write_index_info(Xapian::WritableDatabase& db, const IndexInfo& info);

/// Open (creating if needed) an index for writing. Refuses a non-empty directory that is not a
/// Xapian database. Waits up to `wait_seconds` for another writer's lock, then throws IndexError.
Xapian::WritableDatabase open_index_for_writing(const std::string& path, double wait_seconds);

/// True when the file system holding `path` (or its nearest existing parent) has no space left
/// for this process (fewer than 16 blocks available; root counts the reserved blocks).
bool disk_full(const std::string& path);

/// True when `error` (a write error) is "No space left on device", by its errno text or, as
/// Xapian sometimes reports a failed write as another error, by the free space of `path`.
bool is_disk_full_error(const Xapian::Error& error, const std::string& path);

/// The message of a write error of the index `path`: "disk full: ..." naming the index when the
/// disk is full, with Xapian's own text after it; "" when the disk is not full.
std::string disk_full_message(const std::string& path, const std::string& detail);

} // namespace lede

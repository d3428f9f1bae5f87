// SPDX-License-Identifier: MIT
// The databases lede-index writes to: one index, or the shards of a sharded index and the routing
// that gives each article its shard.
#pragma once

#include "document.hpp"
#include "index_meta.hpp"

#include <xapian.h>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace lede {

enum class ShardBy { None, Hash, Year };

/// The shard-routing hash of an article id: 64-bit FNV-1a over the id's bytes, then a final
/// avalanche (so that `% n` uses every bit). Fixed forever: changing it would misplace every
/// article of an existing sharded index.
std::uint64_t shard_hash(std::string_view id);

/// The writable databases of one indexing run.
///
/// A sharded index is a directory holding one Xapian database per shard and a stub file `XAPIANDB`
/// in Xapian's syntax ("auto shard-00" per line), so that Xapian (and lede-search) opens the
/// directory as one database. Each shard records in its metadata (schema::meta::shard) which shard
/// it is, so that a re-run, a remote shard, or a stub listing remote shards routes the same way:
///  - by hash: shard `shard_hash(id) % N`, databases `shard-00` ... (N fixed at creation);
///  - by year: the year of the article's date, databases `year-2024` ..., `undated`, created as
///    new years arrive.
/// `--db` may also name a stub file whose lines are `remote HOST:PORT` (xapian-tcpsrv --writable)
/// or `remote :PROGRAM ARGS` (xapian-progsrv --writable): the shards are then written remotely.
class ShardSet {
public:
    /// Open `path` for writing. `shards` > 0 or `by` != None ask for a sharded index: created when
    /// `path` is new or an empty directory, else checked against what exists (UsageError when it
    /// differs). Without them, an existing sharded index is opened as it is, anything else as one
    /// database (open_index_for_writing). Throws IndexError / UsageError.
    static std::unique_ptr<ShardSet> open(const std::string& path, unsigned shards, ShardBy by, double wait_seconds);

    ShardBy by() const noexcept { return m_by; }
    bool sharded() const noexcept { return m_by != ShardBy::None; }
    bool remote() const noexcept { return m_remote; }
    /// Shards opened so far (year shards are added while indexing).
    std::size_t size() const noexcept { return m_dbs.size(); }
    Xapian::WritableDatabase& db(std::size_t i) { return *m_dbs.at(i); }
    /// Name in messages: the stub line ("auto shard-01", "remote 10.0.0.2:33300"), or the index path.
    const std::string& name(std::size_t i) const { return m_names.at(i); }

    /// A read-only view of shard i as committed (for the analysis threads), or nullptr when it
    /// cannot be opened read-only.
    std::unique_ptr<Xapian::Database> open_reader(std::size_t i) const;

    /// The shard of `article` (its date already normalized). Thread-safe. By year, the index may be
    /// size() or more: a shard that create_pending() makes.
    std::size_t route(const Article& article);
    /// The shard that may hold `id` when the routing depends on the id alone, else -1 (by year:
    /// every shard must be asked).
    long owner_of_id(const std::string& id) const;

    /// Create the shards route() has promised (by year). Call from the writing thread only.
    void create_pending();

private:
    ShardSet() = default;
    void add_local(const std::string& dir_name, const std::string& shard_meta, double wait_seconds);
    void write_stub() const;

    ShardBy m_by = ShardBy::None;
    bool m_remote = false;
    std::string m_path;                                        // index directory or stub file
    std::vector<std::unique_ptr<Xapian::WritableDatabase>> m_dbs;
    std::vector<std::string> m_names;
    std::vector<ShardSpec> m_specs;                            // where each shard is (local path or remote)
    mutable std::mutex m_mutex;                                // guards the year table
    std::map<std::string, std::size_t> m_years;               // year ("undated") -> shard, incl. pending
    std::vector<std::string> m_pending;                        // years routed to, not yet created
};

} // namespace lede

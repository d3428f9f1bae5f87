// SPDX-License-Identifier: MIT
// Sharded indexes for writing: creating and opening the shards (local or remote), the stub file,
// and routing articles by a hash of their id or by year.
#include "shards.hpp"

#include "error.hpp"
#include "schema.hpp"

#include <nlohmann/json.hpp>

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace lede {
namespace {

constexpr unsigned remote_timeout_ms = 10000;
constexpr unsigned remote_connect_timeout_ms = 5000;

std::string shard_dir_name(std::size_t i, std::size_t n) {
    const int width = n > 100 ? 3 : 2;
    char buf[32];
    std::snprintf(buf, sizeof buf, "shard-%0*zu", width, i);
    return buf;
}

std::string year_dir_name(const std::string& year) { return year == "undated" ? year : "year-" + year; }

std::string year_of(const Article& a) {
    const std::string& d = a.date;
    if (d.size() >= 4 && std::isdigit(static_cast<unsigned char>(d[0])) && std::isdigit(static_cast<unsigned char>(d[1])) &&
        std::isdigit(static_cast<unsigned char>(d[2])) && std::isdigit(static_cast<unsigned char>(d[3])) &&
        (d.size() == 4 || d[4] == '-'))
        return d.substr(0, 4);
    return "undated";
}

const char* by_name(ShardBy by) { return by == ShardBy::Hash ? "hash" : by == ShardBy::Year ? "year" : "none"; }

} // namespace

std::uint64_t shard_hash(std::string_view id) {
    std::uint64_t h = 0xcbf29ce484222325ULL; // FNV-1a 64
    for (unsigned char c : id) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    // splitmix64's finalizer: FNV's low bits alone are poorly mixed for short, similar ids.
    h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ULL;
    h = (h ^ (h >> 27)) * 0x94d049bb133111ebULL;
    return h ^ (h >> 31);
}

std::unique_ptr<ShardSet> ShardSet::open(const std::string& path, unsigned shards, ShardBy by, double wait_seconds) {
    if (path.empty()) throw UsageError("no index given: use --db PATH or set LEDE_DB");
    if (by == ShardBy::None && shards > 0) by = ShardBy::Hash;
    if (by == ShardBy::Hash && shards == 0) throw UsageError("--shard-by hash needs --shards N");
    if (by == ShardBy::Year && shards > 0)
        throw UsageError("--shards N and --shard-by year cannot be combined (year shards are made as years arrive)");
    std::unique_ptr<ShardSet> set(new ShardSet);
    set->m_path = path;
    check_stub(path);
    const std::vector<ShardSpec> specs = read_stub(path);
    std::error_code ec;

    if (specs.empty()) {
        if (by == ShardBy::None) { // one database
            set->m_dbs.push_back(std::make_unique<Xapian::WritableDatabase>(open_index_for_writing(path, wait_seconds)));
            set->m_names.push_back(path);
            ShardSpec s;
            s.kind = "auto";
            s.path = path;
            set->m_specs.push_back(s);
            return set;
        }
        if (fs::exists(path, ec) && !(fs::is_directory(path, ec) && fs::is_empty(path, ec))) {
            if (fs::exists(fs::path(path) / "iamglass", ec))
                throw UsageError("'" + path + "' is an index of one database; to shard it, index the articles into a "
                                 "new directory with --shards N or --shard-by year");
            throw IndexError("'" + path + "' exists and is not an empty directory; refusing to create a sharded index there");
        }
        fs::create_directories(path, ec);
        if (ec) throw IndexError("cannot create index directory '" + path + "': " + ec.message());
        set->m_by = by;
        if (by == ShardBy::Hash) {
            for (unsigned i = 0; i < shards; ++i)
                set->add_local(shard_dir_name(i, shards),
                               nlohmann::json{{"by", "hash"}, {"shard", i}, {"of", shards}}.dump(), wait_seconds);
            set->write_stub();
        }
        return set;
    }

    // An existing sharded index (directory with XAPIANDB) or a stub file, maybe listing remote shards.
    ShardBy found = ShardBy::None;
    for (std::size_t i = 0; i < specs.size(); ++i) {
        const ShardSpec& s = specs[i];
        const std::string where = "shard '" + s.line + "' (line " + std::to_string(s.line_no) + " of the stub)";
        std::unique_ptr<Xapian::WritableDatabase> db;
        try {
            if (s.kind == "remote-tcp") {
                db = std::make_unique<Xapian::WritableDatabase>(
                    Xapian::Remote::open_writable(s.host, s.port, remote_timeout_ms, remote_connect_timeout_ms));
                set->m_remote = true;
            } else if (s.kind == "remote-prog") {
                const auto space = s.program.find(' ');
                db = std::make_unique<Xapian::WritableDatabase>(Xapian::Remote::open_writable(
                    s.program.substr(0, space), space == std::string::npos ? std::string() : s.program.substr(space + 1),
                    remote_timeout_ms));
                set->m_remote = true;
            } else {
                if (!fs::exists(fs::path(s.path) / "iamglass", ec))
                    throw IndexError(where + " is missing: no database at '" + s.path + "'");
                db = std::make_unique<Xapian::WritableDatabase>(open_index_for_writing(s.path, wait_seconds));
            }
            read_index_info(*db);
        } catch (const Xapian::Error& e) {
            throw IndexError(where + " cannot be " + (s.kind == "auto" ? "opened" : "reached") + " for writing: " +
                             e.get_type() + ": " + e.get_msg());
        }
        ShardBy this_by = ShardBy::None;
        const std::string raw = db->get_metadata(std::string(schema::meta::shard));
        try {
            const auto j = nlohmann::json::parse(raw.empty() ? "{}" : raw);
            const std::string b = j.value("by", "");
            if (b == "hash") {
                this_by = ShardBy::Hash;
                if (j.value("shard", -1) != static_cast<long>(i) || j.value("of", 0ul) != specs.size())
                    throw IndexError(where + " is shard " + std::to_string(j.value("shard", -1)) + " of " +
                                     std::to_string(j.value("of", 0)) + ", but the stub lists it as shard " +
                                     std::to_string(i) + " of " + std::to_string(specs.size()) +
                                     " (articles are placed by hash: keep the shards in their order)");
            } else if (b == "year") {
                this_by = ShardBy::Year;
                set->m_years[j.value("year", "undated")] = i;
            }
        } catch (const nlohmann::json::exception&) {
        }
        if (this_by == ShardBy::None)
            throw IndexError(where + " was not made by lede-index --shards or --shard-by (no shard metadata in it)");
        if (i > 0 && this_by != found)
            throw IndexError(where + " is sharded by " + by_name(this_by) + ", the shards before it by " + by_name(found));
        found = this_by;
        set->m_dbs.push_back(std::move(db));
        set->m_names.push_back(s.line);
        set->m_specs.push_back(s);
    }
    if (by != ShardBy::None && by != found)
        throw UsageError("'" + path + "' is sharded by " + by_name(found) + ", not by " + by_name(by));
    if (by == ShardBy::Hash && shards != specs.size())
        throw UsageError("'" + path + "' has " + std::to_string(specs.size()) + " shards, not " + std::to_string(shards) +
                         "; to change the number of shards, index the articles into a new directory");
    set->m_by = found;
    return set;
}

void ShardSet::add_local(const std::string& dir_name, const std::string& shard_meta, double wait_seconds) {
    const std::string full = (fs::path(m_path) / dir_name).string();
    auto db = std::make_unique<Xapian::WritableDatabase>(open_index_for_writing(full, wait_seconds));
    if (db->get_metadata(std::string(schema::meta::shard)).empty()) {
        db->set_metadata(std::string(schema::meta::shard), shard_meta);
        db->commit();
    }
    ShardSpec s;
    s.kind = "auto";
    s.path = full;
    s.line = "auto " + dir_name;
    s.line_no = m_dbs.size() + 1;
    m_dbs.push_back(std::move(db));
    m_names.push_back(s.line);
    m_specs.push_back(std::move(s));
}

void ShardSet::write_stub() const {
    const fs::path stub = fs::path(m_path) / "XAPIANDB";
    const fs::path tmp = fs::path(m_path) / "XAPIANDB.tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        for (const auto& s : m_specs) out << s.line << '\n';
        out.flush();
        if (!out) throw IndexError("cannot write stub database file '" + tmp.string() + "'");
    }
    std::error_code ec;
    fs::rename(tmp, stub, ec);
    if (ec) throw IndexError("cannot write stub database file '" + stub.string() + "': " + ec.message());
}

std::unique_ptr<Xapian::Database> ShardSet::open_reader(std::size_t i) const {
    const ShardSpec& s = m_specs.at(i);
    try {
        if (s.kind == "remote-tcp")
            return std::make_unique<Xapian::Database>(
                Xapian::Remote::open(s.host, s.port, remote_timeout_ms, remote_connect_timeout_ms));
        if (s.kind == "remote-prog") {
            const auto space = s.program.find(' ');
            return std::make_unique<Xapian::Database>(Xapian::Remote::open(
                s.program.substr(0, space), space == std::string::npos ? std::string() : s.program.substr(space + 1),
                remote_timeout_ms));
        }
        return std::make_unique<Xapian::Database>(s.path);
    } catch (const Xapian::Error&) {
        return nullptr;
    }
}

std::size_t ShardSet::route(const Article& a) {
    switch (m_by) {
    case ShardBy::None: return 0;
    case ShardBy::Hash: return shard_hash(a.id) % m_specs.size();
    case ShardBy::Year: break;
    }
    const std::string year = year_of(a);
    std::lock_guard<std::mutex> lock(m_mutex);
    auto [it, added] = m_years.emplace(year, m_years.size());
    if (added) m_pending.push_back(year);
    return it->second;
}

long ShardSet::owner_of_id(const std::string& id) const {
    if (m_by == ShardBy::None) return 0;
    if (m_by == ShardBy::Hash) return static_cast<long>(shard_hash(id) % m_specs.size());
    return -1;
}

void ShardSet::create_pending() {
    std::vector<std::string> years;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        years.swap(m_pending);
    }
    if (years.empty()) return;
    std::error_code ec;
    if (!fs::is_directory(m_path, ec))
        throw IndexError("no shard for the year " + years.front() + " in the stub '" + m_path +
                         "' (new year shards are made in an index directory only)");
    if (m_remote)
        throw IndexError("no shard for the year " + years.front() + " among the remote shards of '" + m_path +
                         "'; create it with lede-index --shard-by year on a local copy and serve it");
    for (const auto& y : years) add_local(year_dir_name(y), nlohmann::json{{"by", "year"}, {"year", y}}.dump(), 0);
    write_stub();
}

} // namespace lede

// SPDX-License-Identifier: MIT
// Index opening and metadata (schema version, analyzer settings, language counts).
#include "index_meta.hpp"

#include "error.hpp"
#include "schema.hpp"

#include <nlohmann/json.hpp>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <cstring>
#include <sys/statvfs.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace lede {
namespace {

bool is_xapian_dir(const fs::path& dir) {
    std::error_code ec;
    return fs::exists(dir / "iamglass", ec) || fs::exists(dir / "iamchert", ec) ||
           fs::exists(dir / "iamhoney", ec) || fs::exists(dir / "XAPIANDB", ec);
}

std::string how_to_make() { return "create one with: lede-index --db PATH FILE..."; }

// Who holds the write lock, written beside Xapian's lock by each writer once it has the lock, so
// that the next one can name it. Xapian's lock (fcntl) dies with its process; this note does not,
// so a reader believes it only while its process is alive on this host.
constexpr const char* writer_note = "lede-writer";

std::string host_name() {
    char host[256] = {};
    if (::gethostname(host, sizeof host - 1) != 0) return "?";
    return host;
}

void note_writer(const fs::path& dir) {
    std::string command;
    {
        std::ifstream in("/proc/self/cmdline", std::ios::binary);
        std::string arg;
        while (std::getline(in, arg, '\0') && command.size() < 300) command += (command.empty() ? "" : " ") + arg;
        if (command.size() > 300) command = command.substr(0, 297) + "...";
    }
    char since[32] = {};
    const std::time_t now = std::time(nullptr);
    std::tm tm {};
    ::gmtime_r(&now, &tm);
    std::strftime(since, sizeof since, "%Y-%m-%dT%H:%M:%SZ", &tm);
    const fs::path tmp = dir / (std::string(writer_note) + ".tmp");
    {
        std::ofstream out(tmp, std::ios::trunc);
        out << "pid " << ::getpid() << "\nhost " << host_name() << "\nsince " << since << "\ncommand " << command << '\n';
        if (!out) return; // only a courtesy to the next writer
    }
    std::error_code ec;
    fs::rename(tmp, dir / writer_note, ec);
}

// " (held by pid N on HOST since TIME: COMMAND)" when the note names a live process, else "".
std::string writer_holder(const fs::path& dir) {
    std::ifstream in(dir / writer_note);
    std::map<std::string, std::string> f;
    for (std::string line; std::getline(in, line);) {
        const auto space = line.find(' ');
        if (space != std::string::npos) f[line.substr(0, space)] = line.substr(space + 1);
    }
    if (f["pid"].empty() || f["pid"].find_first_not_of("0123456789") != std::string::npos) return "";
    const long pid = std::atol(f["pid"].c_str());
    if (f["host"] != host_name() || pid <= 0 || (::kill(static_cast<pid_t>(pid), 0) != 0 && errno != EPERM)) return "";
    return " (held by pid " + f["pid"] + " on " + f["host"] + " since " + f["since"] + ": " + f["command"] + ")";
}

std::string fmt_seconds(double s) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g s", s);
    return buf;
}

std::atomic<bool> g_allow_remote_programs{false};

void check_nested(const std::string& path, int depth);

} // namespace

void set_remote_programs_allowed(bool allowed) { g_allow_remote_programs = allowed; }
bool remote_programs_allowed() { return g_allow_remote_programs; }

void check_stub(const std::string& path) { check_nested(path, 0); }

namespace {

// Every database a stub names that is itself a stub (a regular file, or a directory holding
// XAPIANDB) is read too, so that a program line cannot hide one level down.
void check_nested(const std::string& path, int depth) {
    if (depth > 8) throw IndexError("stub '" + path + "': stubs nested more than 8 deep");
    for (const auto& s : read_stub(path))
        if (!s.path.empty()) check_nested(s.path, depth + 1);
}

} // namespace

std::vector<ShardSpec> read_stub(const std::string& path) {
    std::error_code ec;
    fs::path stub;
    if (fs::is_directory(path, ec)) {
        if (!fs::exists(fs::path(path) / "XAPIANDB", ec)) return {};
        stub = fs::path(path) / "XAPIANDB";
    } else if (fs::is_regular_file(path, ec)) {
        stub = path;
    } else {
        return {};
    }
    std::ifstream in(stub);
    if (!in) throw IndexError("cannot read stub database file '" + stub.string() + "'");
    std::vector<ShardSpec> out;
    std::string line;
    std::size_t n = 0;
    const fs::path base = stub.parent_path();
    while (std::getline(in, line)) {
        ++n;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        auto first = line.find_first_not_of(" \t");
        if (first == std::string::npos || line[first] == '#') continue;
        std::istringstream words(line.substr(first));
        ShardSpec s;
        s.line = line.substr(first);
        s.line_no = n;
        std::string kind;
        words >> kind;
        std::string rest;
        std::getline(words, rest);
        if (auto b = rest.find_first_not_of(" \t"); b != std::string::npos) rest.erase(0, b);
        else rest.clear();
        // The line is quoted short: a file given as --db by mistake (an input) may have long lines.
        std::string quoted = s.line.size() > 60 ? s.line.substr(0, 57) + "..." : s.line;
        while (!quoted.empty() && (static_cast<unsigned char>(quoted.back()) & 0xC0) == 0x80) quoted.pop_back();
        auto bad = [&](const std::string& why) {
            throw IndexError("stub '" + stub.string() + "' line " + std::to_string(n) + ": " + why + ": '" + quoted + "'");
        };
        if (kind == "auto" || kind == "glass" || kind == "chert") {
            if (rest.empty()) bad("missing database path");
            s.kind = kind;
            fs::path p = rest;
            s.path = (p.is_absolute() ? p : base / p).string();
        } else if (kind == "remote") {
            if (rest.empty()) bad("missing remote address");
            // Xapian's stub syntax: "remote :PROGRAM ARGS" runs a program (xapian-progsrv over ssh),
            // "remote HOST:PORT" connects to xapian-tcpsrv.
            if (rest[0] == ':') {
                if (!remote_programs_allowed())
                    bad("a remote program line runs a program on opening the index; refused "
                        "(pass --allow-remote-programs if you trust this index)");
                s.kind = "remote-prog";
                s.program = rest.substr(1);
                if (s.program.empty()) bad("expected remote :PROGRAM ARGS");
            } else {
                auto colon = rest.rfind(':');
                if (colon == std::string::npos || colon == 0) bad("expected remote HOST:PORT or remote :PROGRAM ARGS");
                s.kind = "remote-tcp";
                s.host = rest.substr(0, colon);
                const std::string port = rest.substr(colon + 1);
                if (port.empty() || port.find_first_not_of("0123456789") != std::string::npos || port.size() > 5)
                    bad("bad port");
                s.port = static_cast<unsigned>(std::stoul(port));
            }
        } else if (kind == "inmemory") {
            bad("in-memory databases cannot be shards");
        } else if (out.empty() && stub == fs::path(path)) {
            // A file given as the index whose first line is no stub line: most likely an input.
            throw IndexError("'" + path + "' is a file, not an index: --db takes an index directory or a stub file "
                             "(to index the file: lede-index --db INDEX '" + path + "')");
        } else {
            bad("unknown database type '" + kind.substr(0, 40) + "'");
        }
        out.push_back(std::move(s));
    }
    if (out.empty()) throw IndexError("stub '" + stub.string() + "' lists no databases");
    return out;
}

namespace {

Xapian::Database open_shard(const ShardSpec& s, unsigned timeout_ms) {
    if (s.kind == "remote-tcp") return Xapian::Remote::open(s.host, s.port, timeout_ms, timeout_ms);
    if (s.kind == "remote-prog") {
        auto space = s.program.find(' ');
        return Xapian::Remote::open(s.program.substr(0, space),
                                    space == std::string::npos ? std::string() : s.program.substr(space + 1), timeout_ms);
    }
    if (!is_xapian_dir(s.path) && !fs::exists(fs::path(s.path) / "XAPIANDB"))
        throw Xapian::DatabaseNotFoundError("no database at '" + s.path + "'");
    return Xapian::Database(s.path);
}

} // namespace

OpenedIndex open_index_checked(const std::string& path, bool allow_partial, unsigned remote_timeout_ms) {
    check_stub(path);
    std::vector<ShardSpec> shards = read_stub(path);
    if (shards.empty()) {
        OpenedIndex o;
        o.db = open_index(path);
        o.info = read_index_info(o.db);
        return o;
    }
    std::error_code ec;
    OpenedIndex o;
    o.shards = shards.size();
    bool any = false;
    for (const auto& s : shards) {
        try {
            Xapian::Database sub = open_shard(s, remote_timeout_ms);
            IndexInfo info = read_index_info(sub);
            if (!any) o.info = info;
            else
                for (const auto& [lang, n] : info.languages) o.info.languages[lang] += n;
            o.info.copies_marked = o.info.copies_marked && info.copies_marked;
            o.info.capitals = o.info.capitals && info.capitals;
            o.db.add_database(sub);
            any = true;
        } catch (const Xapian::Error& e) {
            std::string why = "shard '" + s.line + "' (line " + std::to_string(s.line_no) + " of the stub) " +
                              (s.kind.rfind("remote", 0) == 0 ? "cannot be reached: " : "cannot be opened: ") + e.get_msg();
            if (!allow_partial) throw IndexError(why + " (--allow-partial searches the other shards)");
            o.unavailable.push_back(why);
        }
    }
    if (!any) throw IndexError("no shard of '" + path + "' could be opened: " + o.unavailable.front());
    return o;
}

std::vector<SegmentDir> segment_dirs(const std::string& db_path) {
    fs::path db = fs::path(db_path).lexically_normal();
    if (db.filename().empty()) db = db.parent_path();
    const std::string prefix = db.filename().string() + ".segments-";
    const fs::path parent = db.parent_path().empty() ? fs::path(".") : db.parent_path();
    std::vector<SegmentDir> dirs;
    std::error_code ec;
    for (fs::directory_iterator it(parent, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.rfind(prefix, 0) != 0) continue;
        const std::string pid_text = name.substr(prefix.size());
        if (pid_text.empty() || pid_text.size() > 9 || pid_text.find_first_not_of("0123456789") != std::string::npos) continue;
        SegmentDir d;
        d.path = it->path().string();
        d.pid = std::atol(pid_text.c_str());
        if (d.pid == ::getpid()) continue;
        d.alive = ::kill(static_cast<pid_t>(d.pid), 0) == 0 || errno == EPERM;
        std::error_code ec2;
        d.ready = fs::is_directory(it->path() / segment_ready_dir, ec2);
        dirs.push_back(std::move(d));
    }
    return dirs;
}

namespace {

bool merge_marked(const std::string& path) {
    std::error_code ec;
    return fs::exists(fs::path(path) / merge_marker, ec);
}

bool has_ready_merge(const std::string& path) {
    if (!merge_marked(path)) return false;
    for (const auto& d : segment_dirs(path))
        if (d.ready) return true;
    return false;
}

// A merge being moved into the index (a few milliseconds) makes it a mix of old and new tables
// that Xapian may read without noticing: wait for a running lede-index to finish the move, and
// refuse an index whose move was cut short (the next lede-index on it completes the move).
void check_no_pending_merge(const std::string& path) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    for (;;) {
        if (!merge_marked(path)) return;
        bool running = false;
        for (const auto& d : segment_dirs(path)) {
            if (!d.ready) continue;
            if (!d.alive)
                throw IndexError("index '" + path + "' is incomplete: lede-index was stopped while moving a merge into it ('" +
                                 d.path + "'); run lede-index --db " + path + " to complete it");
            running = true;
        }
        if (!running) return;
        if (std::chrono::steady_clock::now() > deadline)
            throw IndexError("index '" + path + "' is being updated: lede-index is moving a merge into it; try again");
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

} // namespace

Xapian::Database open_index(const std::string& path) {
    std::error_code ec;
    if (path.empty()) throw UsageError("no index given: use --db PATH or set LEDE_DB");
    if (!fs::exists(path, ec))
        throw IndexError("index '" + path + "' does not exist; " + how_to_make());
    check_stub(path);
    if (fs::is_directory(path, ec) && !is_xapian_dir(path))
        throw IndexError("'" + path + "' is not a Lede index (no Xapian database in it); " + how_to_make());
    const bool local = fs::is_directory(path, ec);
    try {
        for (;;) {
            if (local) check_no_pending_merge(path);
            Xapian::Database db(path);
            // A merge marked ready while the database opened may have mixed its files: once more.
            if (local && has_ready_merge(path)) continue;
            read_index_info(db);
            return db;
        }
    } catch (const Xapian::DatabaseOpeningError& e) {
        throw IndexError("cannot open index '" + path + "': " + e.get_msg());
    } catch (const Xapian::NetworkError& e) {
        throw IndexError("cannot reach index '" + path + "': " + e.get_msg());
    }
}

IndexInfo read_index_info(const Xapian::Database& db) {
    IndexInfo info;
    std::string v = db.get_metadata(std::string(schema::meta::schema_version));
    if (v.empty()) {
        if (db.get_doccount() == 0) return info; // a fresh, empty index
        throw SchemaError("this Xapian database was not built by lede-index (no schema version in it)");
    }
    info.schema_version = std::atoi(v.c_str());
    if (info.schema_version != schema::version)
        throw SchemaError("the index has schema version " + v + ", this build reads version " +
                          std::to_string(schema::version) + "; re-index with this lede-index");
    info.analyzer = AnalyzerConfig::from_json(db.get_metadata(std::string(schema::meta::analyzer)));
    info.copies_marked = db.get_metadata(std::string(schema::meta::copies)) == "1";
    info.capitals = db.get_metadata(std::string(schema::meta::capitals)) == "1";
    std::string langs = db.get_metadata(std::string(schema::meta::languages));
    if (!langs.empty()) {
        try {
            const auto j = nlohmann::json::parse(langs);
            for (auto it = j.begin(); it != j.end(); ++it) info.languages[it.key()] = it.value().get<long>();
        } catch (const nlohmann::json::exception&) {
            throw SchemaError("unreadable language table in index metadata");
        }
    }
    return info;
}

void write_index_info(Xapian::WritableDatabase& db, const IndexInfo& info) {
    db.set_metadata(std::string(schema::meta::schema_version), std::to_string(schema::version));
    db.set_metadata(std::string(schema::meta::analyzer), info.analyzer.to_json());
    nlohmann::json langs = nlohmann::json::object();
    for (const auto& [k, n] : info.languages)
        if (n > 0) langs[k] = n;
    db.set_metadata(std::string(schema::meta::languages), langs.dump());
    db.set_metadata(std::string(schema::meta::copies), info.copies_marked ? "1" : "");
    db.set_metadata(std::string(schema::meta::capitals), info.capitals ? "1" : "");
}

bool disk_full(const std::string& path) {
    fs::path p = path.empty() ? fs::path(".") : fs::path(path);
    std::error_code ec;
    while (!fs::exists(p, ec) && p.has_parent_path() && p.parent_path() != p) p = p.parent_path();
    struct statvfs st {};
    if (::statvfs(p.c_str(), &st) != 0) return errno == ENOSPC;
    const auto available = ::geteuid() == 0 ? st.f_bfree : st.f_bavail;
    return available < 16;
}

bool is_disk_full_error(const Xapian::Error& error, const std::string& path) {
    const char* text = error.get_error_string();
    if (text && std::strcmp(text, std::strerror(ENOSPC)) == 0) return true;
    return disk_full(path);
}

std::string disk_full_message(const std::string& path, const std::string& detail) {
    return "disk full: no space left on the file system of the index '" + path + "'; the last commit is intact (" +
           detail + ")";
}

// Why a writable open failed with DatabaseLockError when no writer holds the lock: "" when it is
// held, else the reason (the index or its lock file cannot be written).
static std::string lock_failure_not_held(const std::string& path) {
    const fs::path lock = fs::path(path) / "flintlock";
    std::error_code ec;
    for (const fs::path& p : {fs::path(path), lock}) {
        if (p == lock && !fs::exists(lock, ec)) continue;
        if (::access(p.c_str(), W_OK) == 0) continue;
        if (errno == EROFS) return "the index '" + path + "' is read-only (read-only file system)";
        if (errno == EACCES || errno == EPERM) return "the index '" + path + "' is read-only (permission denied)";
    }
    return {};
}

Xapian::WritableDatabase open_index_for_writing(const std::string& path, double wait_seconds) {
    std::error_code ec;
    if (path.empty()) throw UsageError("no index given: use --db PATH or set LEDE_DB");
    if (fs::exists(path, ec)) {
        check_stub(path);
        if (!fs::is_directory(path, ec))
            throw IndexError("'" + path + "' exists and is not a directory; refusing to write an index there");
        if (fs::exists(fs::path(path) / "XAPIANDB", ec))
            throw IndexError("'" + path + "' is a sharded index (XAPIANDB lists its shards); lede-index writes to it, "
                             "each article to its shard");
        if (!is_xapian_dir(path) && !fs::is_empty(path, ec))
            throw IndexError("'" + path + "' is a non-empty directory that is not a Lede index; "
                             "refusing to write into it (choose a new or empty directory)");
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(wait_seconds);
    for (;;) {
        try {
            Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OPEN);
            read_index_info(db); // refuse other schemas before writing anything
            note_writer(path);
            return db;
        } catch (const Xapian::DatabaseLockError& e) {
            // Xapian reports a lock file it cannot create or open as a lock error too.
            if (const std::string why = lock_failure_not_held(path); !why.empty())
                throw IndexError(why + "; cannot write to it (" + e.get_msg() + ")");
            if (std::chrono::steady_clock::now() >= deadline) {
                const std::string holder = writer_holder(path);
                throw IndexError("index '" + path + "' is locked by another writer" +
                                 (holder.empty() ? " (another lede-index is running on it)" : holder) +
                                 "; waited " + fmt_seconds(wait_seconds) + "; try again later or pass --wait SECONDS");
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
        } catch (const Xapian::DatabaseOpeningError& e) {
            throw IndexError("cannot open index '" + path + "' for writing: " + e.get_msg());
        } catch (const Xapian::DatabaseCreateError& e) {
            throw IndexError("cannot create index '" + path + "': " + e.get_msg());
        }
    }
}

} // namespace lede

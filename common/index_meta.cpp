// SPDX-License-Identifier: MIT
// Index opening and metadata (schema version, analyzer settings, language counts).
#include "index_meta.hpp"

#include "error.hpp"
#include "schema.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <thread>

namespace fs = std::filesystem;

namespace lede {
namespace {

bool is_xapian_dir(const fs::path& dir) {
    std::error_code ec;
    return fs::exists(dir / "iamglass", ec) || fs::exists(dir / "iamchert", ec) ||
           fs::exists(dir / "iamhoney", ec);
}

std::string how_to_make() { return "create one with: lede-index --db PATH FILE..."; }

} // namespace

Xapian::Database open_index(const std::string& path) {
    std::error_code ec;
    if (path.empty()) throw UsageError("no index given: use --db PATH or set LEDE_DB");
    if (!fs::exists(path, ec))
        throw IndexError("index '" + path + "' does not exist; " + how_to_make());
    if (fs::is_directory(path, ec) && !is_xapian_dir(path))
        throw IndexError("'" + path + "' is not a Lede index (no Xapian database in it); " + how_to_make());
    try {
        Xapian::Database db(path);
        read_index_info(db);
        return db;
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
}

Xapian::WritableDatabase open_index_for_writing(const std::string& path, double wait_seconds) {
    std::error_code ec;
    if (path.empty()) throw UsageError("no index given: use --db PATH or set LEDE_DB");
    if (fs::exists(path, ec)) {
        if (!fs::is_directory(path, ec))
            throw IndexError("'" + path + "' exists and is not a directory; refusing to write an index there");
        if (!is_xapian_dir(path) && !fs::is_empty(path, ec))
            throw IndexError("'" + path + "' is a non-empty directory that is not a Lede index; "
                             "refusing to write into it (choose a new or empty directory)");
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(wait_seconds);
    for (;;) {
        try {
            Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OPEN);
            read_index_info(db); // refuse other schemas before writing anything
            return db;
        } catch (const Xapian::DatabaseLockError& e) {
            if (std::chrono::steady_clock::now() >= deadline)
                throw IndexError("index '" + path + "' is locked by another writer (another lede-index "
                                 "is running on it); try again later or pass --wait SECONDS");
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
        } catch (const Xapian::DatabaseOpeningError& e) {
            throw IndexError("cannot open index '" + path + "' for writing: " + e.get_msg());
        } catch (const Xapian::DatabaseCreateError& e) {
            throw IndexError("cannot create index '" + path + "': " + e.get_msg());
        }
    }
}

} // namespace lede

// SPDX-License-Identifier: MIT
// Incremental indexing on Reuters-21578 split into one JSON Lines file per reut2-NNN.sgm: an
// unchanged re-run, ten changed files, one removed file with --prune.
#include "../catch.hpp"
#include "run.hpp"

#include <nlohmann/json.hpp>
#include <xapian.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>

using namespace lede::e2e;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string reuters_jsonl() { return std::string(LEDE_TESTDATA_DIR) + "/reuters.jsonl"; }

json summary(const RunResult& r) {
    for (const auto& line : lines(r.out)) {
        json j = json::parse(line);
        if (j.at("type") == "summary") return j.at("data");
    }
    FAIL("no summary in: " << r.out);
    return {};
}

double timed_run(const std::vector<std::string>& argv, RunResult& result) {
    const auto start = std::chrono::steady_clock::now();
    result = run(argv);
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string file_name(int n) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "reut2-%03d.jsonl", n);
    return buf;
}

} // namespace

TEST_CASE("Reuters in 22 files: unchanged re-run under 10% of the time, 10 changed files, --prune", "[reuters][ingest][heavy]") {
    TempDir dir;
    const fs::path src = dir.path() / "reuters";
    fs::create_directories(src);

    // reut2-NNN.sgm holds NEWIDs 1000*NNN+1 .. 1000*NNN+1000: one JSON Lines file per .sgm file.
    std::map<int, std::vector<std::string>> files;
    std::size_t converted = 0, read = 0;
    {
        // Under the sanitizers (LEDE_TEST_LIGHT) every fifth article: the same 22 files, a fifth
        // of the work.
        const std::size_t every = light_tests() ? 5 : 1;
        std::ifstream in(reuters_jsonl());
        for (std::string line; std::getline(in, line);) {
            if (line.empty() || read++ % every != 0) continue;
            ++converted;
            const std::string id = json::parse(line).at("id").get<std::string>();
            const int newid = std::stoi(id.substr(id.find('-') + 1));
            files[(newid - 1) / 1000].push_back(line);
        }
    }
    REQUIRE(files.size() == 22);
    for (const auto& [n, ls] : files) {
        std::ofstream out(src / file_name(n));
        for (const auto& l : ls) out << l << '\n';
    }
    const std::string db = dir / "idx";

    RunResult first, second;
    const double t1 = timed_run({lede_index(), "--db", db, "--json", src.string()}, first);
    INFO(first.err);
    REQUIRE(first.code == 0);
    json s = summary(first);
    CHECK(s["added"] == converted);
    CHECK(s["documents"] == converted);

    const double t2 = timed_run({lede_index(), "--db", db, "--json", src.string()}, second);
    REQUIRE(second.code == 0);
    s = summary(second);
    CHECK(s["unchanged"] == converted);
    CHECK(s["files_unchanged"] == 22);
    CHECK(s["added"] == 0);
    CHECK(s["updated"] == 0);
    CHECK(s["deleted"] == 0);
    std::fprintf(stderr, "reuters incremental: first run %.3f s, unchanged re-run %.3f s (%.2f%%)\n", t1, t2,
                 100 * t2 / t1);
    CHECK(t2 < 0.1 * t1);

    // Ten files changed: every title in them amended.
    std::set<std::string> amended_ids;
    for (int n = 1; n <= 19; n += 2) {
        std::ofstream out(src / file_name(n));
        for (const auto& l : files[n]) {
            json j = json::parse(l);
            j["title"] = j["title"].get<std::string>() + " (amended)";
            amended_ids.insert(j["id"].get<std::string>());
            out << j.dump() << '\n';
        }
    }
    RunResult third;
    timed_run({lede_index(), "--db", db, "--json", src.string()}, third);
    REQUIRE(third.code == 0);
    s = summary(third);
    CHECK(s["updated"] == amended_ids.size());
    CHECK(s["unchanged"] == converted - amended_ids.size());
    CHECK(s["added"] == 0);
    CHECK(s["deleted"] == 0);
    CHECK(s["files_unchanged"] == 12);
    {
        Xapian::Database x(db);
        std::set<std::string> seen_amended;
        for (auto it = x.postlist_begin(""); it != x.postlist_end(""); ++it) {
            const json a = json::parse(x.get_document(*it).get_data());
            const std::string title = a.value("title", "");
            if (title.size() >= 10 && title.compare(title.size() - 10, 10, " (amended)") == 0)
                seen_amended.insert(a["id"].get<std::string>());
        }
        CHECK(seen_amended == amended_ids);
    }

    // One file removed: --prune removes exactly its articles.
    std::set<std::string> removed_ids;
    for (const auto& l : files[4]) removed_ids.insert(json::parse(l).at("id").get<std::string>());
    fs::remove(src / file_name(4));
    RunResult fourth;
    timed_run({lede_index(), "--db", db, "--json", "--prune", src.string()}, fourth);
    INFO(fourth.err);
    REQUIRE(fourth.code == 0);
    s = summary(fourth);
    CHECK(s["deleted"] == removed_ids.size());
    CHECK(s["documents"] == converted - removed_ids.size());
    CHECK(s["added"] == 0);
    CHECK(s["updated"] == 0);
    Xapian::Database x(db);
    std::size_t still_there = 0, duplicates = 0;
    for (const auto& id : removed_ids) still_there += x.term_exists("Q" + id);
    for (auto t = x.allterms_begin("Q"); t != x.allterms_end("Q"); ++t) duplicates += t.get_termfreq() != 1;
    CHECK(still_there == 0);
    CHECK(duplicates == 0);
    CHECK(x.get_doccount() == converted - removed_ids.size());
}

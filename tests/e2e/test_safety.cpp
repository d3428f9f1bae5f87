// SPDX-License-Identifier: MIT
// Crash safety and concurrent use on Reuters: SIGKILL at random moments, searches during commits.
#include "../catch.hpp"
#include "run.hpp"

#include <xapian.h>

#include <chrono>
#include <csignal>
#include <random>
#include <fstream>
#include <thread>

using namespace lede::e2e;

namespace {

std::string reuters_jsonl() { return std::string(LEDE_TESTDATA_DIR) + "/reuters.jsonl"; }

std::size_t count_lines(const std::string& path) {
    std::ifstream in(path);
    std::size_t n = 0;
    for (std::string line; std::getline(in, line);) n += !line.empty();
    return n;
}

// Every id term ("Q" prefix) must index exactly one document.
std::size_t duplicated_ids(const std::string& db_path) {
    Xapian::Database db(db_path);
    std::size_t dups = 0;
    for (auto t = db.allterms_begin("Q"); t != db.allterms_end("Q"); ++t)
        if (t.get_termfreq() != 1) ++dups;
    return dups;
}

int xapian_check(const std::string& db_path) {
    return run({"/usr/bin/xapian-check", db_path}).code;
}

} // namespace

TEST_CASE("SIGKILL at 10 random moments, then a re-run: every article once, index intact", "[reuters][safety]") {
    TempDir dir;
    const std::string db = dir / "idx";
    const std::size_t expected = count_lines(reuters_jsonl());
    std::mt19937 rng(20261128);
    // Each round resumes where the last kill left it; moments are short enough that a full index
    // takes several rounds, so the kills land while articles are being written.
    std::uniform_int_distribution<int> when_ms(100, 1200);
    int killed = 0;
    for (int round = 0; round < 30 && killed < 10; ++round) {
        Process p({lede_index(), "--db", db, "--quiet", "--batch", "1000", reuters_jsonl()});
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(when_ms(rng));
        while (std::chrono::steady_clock::now() < deadline && p.running())
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        const bool interrupted = p.running();
        if (interrupted) {
            p.signal(SIGKILL);
            ++killed;
        }
        RunResult r = p.wait();
        INFO("round " << round << ": " << r.err);
        CHECK((r.code == 128 + SIGKILL || r.code == 0));
        CHECK(xapian_check(db) == 0);
        if (!interrupted) break; // it finished: nothing left to interrupt
    }
    CHECK(killed >= 5);
    RunResult last = run({lede_index(), "--db", db, "--quiet", reuters_jsonl()});
    INFO(last.err);
    REQUIRE(last.code == 0);
    CHECK(xapian_check(db) == 0);
    CHECK(Xapian::Database(db).get_doccount() == expected);
    CHECK(duplicated_ids(db) == 0);
}

TEST_CASE("200 searches while an indexing run commits repeatedly: no failures", "[reuters][safety]") {
    TempDir dir;
    const std::string db = dir / "idx";
    // A small first commit so the index exists before the searches start.
    {
        std::ifstream in(reuters_jsonl());
        std::ofstream head(dir / "head.jsonl");
        std::string line;
        for (int i = 0; i < 200 && std::getline(in, line); ++i) head << line << '\n';
    }
    REQUIRE(run({lede_index(), "--db", db, "--quiet", dir / "head.jsonl"}).code == 0);
    Process writer({lede_index(), "--db", db, "--quiet", "--batch", "500", reuters_jsonl()});
    const char* queries[] = {"oil", "cocoa", "\"central bank\"", "trade AND japan", "wheat OR corn", "dollar"};
    int failures = 0, searches = 0, during_writes = 0;
    while (searches < 200) {
        const bool writing = writer.running();
        RunResult r = run({lede_search(), "--db", db, "--json", "-n", "5", queries[searches % 6]});
        if (r.code == 2) {
            ++failures;
            UNSCOPED_INFO("search failed: " << r.err);
        }
        ++searches;
        during_writes += writing;
    }
    RunResult w = writer.wait();
    CHECK(w.code == 0);
    CHECK(failures == 0);
    CHECK(during_writes >= 100); // the searches really overlapped the commits
}

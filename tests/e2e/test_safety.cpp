// SPDX-License-Identifier: MIT
// Crash safety and concurrent use on Reuters: SIGKILL at random moments, searches during commits,
// SIGINT/SIGTERM committing what was read, a second writer naming the lock holder.
#include "../catch.hpp"
#include "run.hpp"

#include <xapian.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <fstream>
#include <thread>

using namespace lede::e2e;

namespace {

// Under the sanitizers (LEDE_TEST_LIGHT) the first 8,000 articles: each test still kills,
// interrupts or searches a run that commits many times.
std::string reuters_jsonl() {
    const std::string full = std::string(LEDE_TESTDATA_DIR) + "/reuters.jsonl";
    return light_tests() ? first_lines(full, 8000) : full;
}

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

TEST_CASE("SIGKILL at 10 random moments, then a re-run: every article once, index intact", "[reuters][safety][heavy]") {
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

TEST_CASE("200 searches while an indexing run commits repeatedly: no failures", "[reuters][safety][heavy]") {
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
    // Light: commits every 200 articles, so the 8,000 give as many commits as the whole corpus.
    Process writer({lede_index(), "--db", db, "--quiet", "--batch", light_tests() ? "200" : "500", reuters_jsonl()});
    const char* queries[] = {"oil", "cocoa", "\"central bank\"", "trade AND japan", "wheat OR corn", "dollar"};
    // Under the sanitizers (LEDE_TEST_LIGHT) 60 searches, still overlapping the commits.
    const int total = light_tests() ? 60 : 200;
    int failures = 0, searches = 0, during_writes = 0;
    while (searches < total) {
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
    CHECK(during_writes >= total / 2); // the searches really overlapped the commits
}

namespace {

// Waits until `db` holds at least one committed article, or, when a new index is written as
// segments (committed only at the end), until two segments are written (or the writer has exited).
void wait_for_first_commit(const std::string& db, Process& writer) {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    const std::filesystem::path parent = std::filesystem::path(db).parent_path();
    const std::string segments = std::filesystem::path(db).filename().string() + ".segments-";
    while (std::chrono::steady_clock::now() < give_up && writer.running()) {
        try {
            if (Xapian::Database(db).get_doccount() > 0) return;
        } catch (const Xapian::Error&) {
        }
        std::error_code ec;
        for (const auto& e : std::filesystem::directory_iterator(parent, ec))
            if (e.path().filename().string().rfind(segments, 0) == 0 && std::filesystem::exists(e.path() / "seg-000001", ec))
                return;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

// The N of "committed N change(s)" in lede-index's interruption message, or -1.
long committed_of(const std::string& err) {
    const std::string key = "committed ";
    const auto at = err.find(key);
    if (at == std::string::npos) return -1;
    return std::atol(err.c_str() + at + key.size());
}

} // namespace

TEST_CASE("SIGINT and SIGTERM commit what was read, say so and exit 2, and a re-run completes the index", "[reuters][safety][heavy]") {
    const std::size_t expected = count_lines(reuters_jsonl());
    // Light (sanitizer builds): SIGINT only.
    for (int sig : {SIGINT, SIGTERM}) {
        if (light_tests() && sig == SIGTERM) continue;
        TempDir dir;
        const std::string db = dir / "idx";
        // SIGINT lands in a new index written as segments (merged before it exits), SIGTERM in
        // the single writer's run, committing every 500 articles.
        // --grace: this test is about what a run commits when it has the time to (the default of
        // 1.5 s would stop a slow sanitizer build's merge at once; tests/faults/test_signals.cpp
        // covers the bound).
        std::vector<std::string> argv{lede_index(), "--db", db, "--batch", "500", "--grace", "120", reuters_jsonl()};
        if (sig == SIGTERM) argv.push_back("--no-segments");
        Process p(argv);
        wait_for_first_commit(db, p);
        REQUIRE(p.running()); // still indexing: the signal lands mid-run
        p.signal(sig);
        const auto signalled = std::chrono::steady_clock::now();
        RunResult r = p.wait();
        const double stop_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - signalled).count();
        INFO("signal " << sig << ": " << r.err);
        CHECK(r.code == 2);
        CHECK(stop_seconds < 30); // it stops soon, not at the end of the input
        CHECK(r.err.find(std::string("lede-index: interrupted by ") + (sig == SIGINT ? "SIGINT" : "SIGTERM") +
                         ": committed ") != std::string::npos);
        CHECK(r.err.find("run the same command again to continue") != std::string::npos);
        const long committed = committed_of(r.err);
        CHECK(committed > 0);
        CHECK(xapian_check(db) == 0);
        const std::size_t held = Xapian::Database(db).get_doccount();
        CHECK(held == static_cast<std::size_t>(committed)); // what it says is what the index holds
        CHECK(held < expected);

        RunResult again = run({lede_index(), "--db", db, reuters_jsonl()});
        INFO(again.err);
        REQUIRE(again.code == 0);
        // The interrupted file was not marked as read: it is read again and only the rest is added.
        CHECK(again.err.find(std::to_string(expected - held) + " added, 0 updated, " + std::to_string(held) +
                             " unchanged") != std::string::npos);
        CHECK(Xapian::Database(db).get_doccount() == expected);
        CHECK(duplicated_ids(db) == 0);
        CHECK(xapian_check(db) == 0);
    }
}

TEST_CASE("a second lede-index waits for the lock, then fails naming the first one's pid", "[reuters][safety]") {
    TempDir dir;
    const std::string db = dir / "idx";
    { std::ofstream(dir / "one.jsonl") << R"({"id":"one","title":"one","body":"a single article"})" << '\n'; }
    Process first({lede_index(), "--db", db, "--quiet", "--batch", "500", "--grace", "120", reuters_jsonl()});
    wait_for_first_commit(db, first);
    REQUIRE(first.running());
    const auto started = std::chrono::steady_clock::now();
    RunResult second = run({lede_index(), "--db", db, "--wait", "1", dir / "one.jsonl"});
    const double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const bool first_still_running = first.running();
    INFO(second.err);
    CHECK(second.code == 2);
    CHECK(second.err.find("lede-index: index '" + db + "' is locked by another writer (held by pid " +
                          std::to_string(first.pid()) + " on ") != std::string::npos);
    CHECK(second.err.find(reuters_jsonl()) != std::string::npos); // the holder's command line
    CHECK(second.err.find("--wait SECONDS") != std::string::npos);
    CHECK(waited >= 0.9);
    CHECK(waited < 10);
    CHECK(first_still_running); // the lock was really held all along
    first.signal(SIGTERM);       // no need to index all of Reuters: it commits and stops
    RunResult f = first.wait();
    CHECK(f.code == 2);
    CHECK(f.err.find("lede-index: interrupted by SIGTERM: committed ") != std::string::npos);
    // Once the first is done, the same command succeeds.
    RunResult retry = run({lede_index(), "--db", db, "--quiet", "--wait", "1", dir / "one.jsonl"});
    INFO(retry.err);
    CHECK(retry.code == 0);
}

// SPDX-License-Identifier: MIT
// Parallel segment indexing (issue #11): the merged index holds what the single writer writes.
#include "../catch.hpp"
#include "run.hpp"

#include <nlohmann/json.hpp>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

using namespace lede::e2e;
namespace fs = std::filesystem;

namespace {

struct Snapshot {
    std::vector<std::string> data;                  // stored data, in docid order
    std::vector<std::vector<std::string>> terms;    // each document's terms, in docid order
    std::map<std::string, std::string> metadata;    // every key, file states' mtimes included
    std::map<std::string, Xapian::termcount> spelling;
    Xapian::docid last = 0;
};

Snapshot snapshot(const std::string& path) {
    Snapshot s;
    Xapian::Database db(path);
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
        const Xapian::Document doc = db.get_document(*it);
        s.data.push_back(doc.get_data());
        std::vector<std::string> t;
        for (auto ti = doc.termlist_begin(); ti != doc.termlist_end(); ++ti) t.push_back(*ti);
        s.terms.push_back(std::move(t));
    }
    for (auto it = db.metadata_keys_begin(); it != db.metadata_keys_end(); ++it) s.metadata[*it] = db.get_metadata(*it);
    for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it) s.spelling[*it] = it.get_termfreq();
    s.last = db.get_lastdocid();
    return s;
}

// `n` short articles of varied words: with a tiny --segment-mb, one segment each, enough for the
// merge to run in groups (more than 64 segments) before the final compaction.
std::string many_articles(const TempDir& dir, int n) {
    static const char* words[] = {"harbour", "tariff", "wheat", "copper", "strike", "bank", "yield", "crude", "cocoa", "merger"};
    const std::string path = dir / "many.jsonl";
    std::ofstream out(path);
    for (int i = 0; i < n; ++i)
        out << R"({"id": "m)" << i << R"(", "title": ")" << words[i % 10] << " report " << i << R"(", "body": ")"
            << words[(i * 7) % 10] << " and " << words[(i * 3 + 1) % 10] << " moved on day " << i << R"(", "date": "2019-03-)"
            << (10 + i % 18) << "\"}\n";
    return path;
}

std::string ids_of(const RunResult& r) {
    std::string out;
    for (const auto& line : lines(r.out)) out += line + ",";
    return out;
}

} // namespace

TEST_CASE("an index written as many segments equals the single writer's, document for document", "[e2e][segments]") {
    TempDir dir;
    const std::string corpus = (source_dir() / "corpora/sample/articles.jsonl").string();
    const std::string many = many_articles(dir, 150);
    auto one = run({lede_index(), "--db", dir / "one.idx", "--no-segments", corpus, many});
    // A tiny segment size: about one article per segment, so the merge runs in groups and levels.
    auto seg = run({lede_index(), "--db", dir / "seg.idx", "--segment-mb", "0.0001", "--segment-threads", "3", corpus, many});
    REQUIRE(seg.code == one.code);
    CHECK(lines(seg.err).size() == lines(one.err).size()); // the same warnings (the summary's timing differs)
    // One segment for everything: the last batch is cut in one part per thread before it is written.
    auto big = run({lede_index(), "--db", dir / "big.idx", "--segment-mb", "100", "--segment-threads", "3", corpus, many});
    REQUIRE(big.code == one.code);
    {
        const Snapshot c = snapshot(dir / "big.idx"), b = snapshot(dir / "one.idx");
        CHECK(c.data == b.data);
        CHECK(c.terms == b.terms);
        CHECK(c.metadata == b.metadata);
    }

    const Snapshot a = snapshot(dir / "seg.idx"), b = snapshot(dir / "one.idx");
    REQUIRE(a.data.size() == b.data.size());
    REQUIRE(a.data.size() > 200);
    CHECK(a.data == b.data);   // same order: docids follow the input
    CHECK(a.terms == b.terms);
    CHECK(a.spelling == b.spelling);
    CHECK(!a.spelling.empty());
    CHECK(a.metadata == b.metadata);
    CHECK(a.last == b.last);
    CHECK(run({"/usr/bin/xapian-check", dir / "seg.idx"}).code == 0);

    // No segment directory is left beside the index.
    for (const auto& e : fs::directory_iterator(dir.path()))
        CHECK(e.path().filename().string().find(".segments-") == std::string::npos);

    // Searches agree, and a re-run over the merged index changes nothing.
    for (const char* q : {"strike", "\"central bank\"", "muller", "title:cocoa"}) {
        auto x = run({lede_search(), "--db", dir / "seg.idx", "--ids", q});
        auto y = run({lede_search(), "--db", dir / "one.idx", "--ids", q});
        CHECK(x.code == y.code);
        CHECK(ids_of(x) == ids_of(y));
    }
    auto again = run({lede_index(), "--db", dir / "seg.idx", "--json", corpus, many});
    CHECK(again.out.find("\"added\":0") != std::string::npos);
    CHECK(again.out.find("\"updated\":0") != std::string::npos);
}

TEST_CASE("an id repeated across segments keeps its last copy once, reported as with one writer", "[e2e][segments]") {
    TempDir dir;
    std::ostringstream a, b;
    for (int i = 0; i < 40; ++i)
        a << R"({"id": "d)" << i << R"(", "title": "first )" << i << R"(", "body": "alpha bravo charlie number )" << i
          << R"(", "date": "2020-01-0)" << (1 + i % 9) << "\"}\n";
    // The second file repeats ids 5, 6 and 30 with new text; id 6 twice.
    b << R"({"id": "d5", "title": "second five", "body": "delta echo", "date": "2021-02-03"})" << "\n";
    b << R"({"id": "d6", "title": "second six", "body": "delta foxtrot", "date": "2021-02-03"})" << "\n";
    b << R"({"id": "d30", "title": "second thirty", "body": "delta golf", "date": "2021-02-03"})" << "\n";
    b << R"({"id": "d6", "title": "third six", "body": "hotel", "date": "2021-02-04"})" << "\n";
    std::ofstream(dir / "a.jsonl") << a.str();
    std::ofstream(dir / "b.jsonl") << b.str();
    for (const char* mode : {"segments", "single"}) {
        CAPTURE(mode);
        const std::string db = dir / (std::string(mode) + ".idx");
        std::vector<std::string> argv{lede_index(), "--db", db, "--json", "--segment-mb", "0.0001"};
        if (std::string(mode) == "single") argv.push_back("--no-segments");
        argv.push_back(dir / "a.jsonl");
        argv.push_back(dir / "b.jsonl");
        auto r = run(argv);
        CHECK(r.code == 0);
        CHECK(r.out.find("\"added\":40") != std::string::npos);
        CHECK(r.out.find("\"updated\":4") != std::string::npos);
        CHECK(r.err.find("a.jsonl): this record replaces it") != std::string::npos);
        Xapian::Database x(db);
        CHECK(x.get_doccount() == 40);
        CHECK(x.get_termfreq("Qd6") == 1);
        auto p = x.postlist_begin("Qd6");
        REQUIRE(p != x.postlist_end("Qd6"));
        CHECK(nlohmann::json::parse(x.get_document(*p).get_data()).at("title") == "third six");
        CHECK(x.get_termfreq("bravo") == 37);
        auto s = lines(run({lede_search(), "--db", db, "--ids", "delta"}).out);
        std::sort(s.begin(), s.end());
        CHECK(s == std::vector<std::string>{"d30", "d5"}); // d6's last copy has no "delta"
    }
    // Both ways agree on every stored document and its position.
    CHECK(snapshot(dir / "segments.idx").data == snapshot(dir / "single.idx").data);
}

TEST_CASE("a crash at any step of the segment merge loses no article: the re-run indexes everything once (#11)",
          "[e2e][segments]") {
    const std::string corpus = (source_dir() / "corpora/sample/articles.jsonl").string();
    TempDir dir;
    const std::string many = many_articles(dir, 150);
    REQUIRE(run({lede_index(), "--db", dir / "ref.idx", "--no-segments", "--quiet", corpus, many}).code == 0);
    const Snapshot ref = snapshot(dir / "ref.idx");
    REQUIRE(ref.data.size() > 200);
    // The steps of SegmentWriters::merge/install where the test hook kills the process (SIGKILL).
    for (const char* step : {"merge", "level", "compacted", "install", "ready", "swap"}) {
        CAPTURE(step);
        const std::string db = dir / (std::string(step) + ".idx");
        // About one article per segment: more than one group, so the "level" step is reached.
        auto crashed = run({lede_index(), "--db", db, "--quiet", "--segment-mb", "0.0001", "--segment-threads", "2", corpus, many},
                           {}, {std::string("LEDE_TEST_CRASH_AT=") + step});
        REQUIRE(crashed.code == 128 + SIGKILL);
        // Before the merge is marked ready, a search sees the index as it was (empty: no hits);
        // after, the index's files may be a mix of old and new ones, and a search says so instead
        // of answering from them.
        const bool moving = std::string(step) == "ready" || std::string(step) == "swap";
        auto search = run({lede_search(), "--db", db, "oil"});
        INFO(search.err);
        CHECK(search.code == (moving ? 2 : 1));
        if (moving) {
            CHECK(search.err.find("is incomplete: lede-index was stopped while moving a merge into it") != std::string::npos);
            CHECK(search.err.find("run lede-index --db " + db) != std::string::npos);
        }
        // Whatever the crash left is an index the next lede-index completes, with no file recorded
        // as read whose articles are missing.
        auto again = run({lede_index(), "--db", db, "--json", corpus, many});
        INFO(again.err);
        REQUIRE(again.code == 0);
        CHECK(run({"/usr/bin/xapian-check", db}).code == 0);
        const Snapshot s = snapshot(db);
        CHECK(s.data.size() == ref.data.size());
        CHECK(s.data == ref.data);
        Xapian::Database x(db);
        for (auto t = x.allterms_begin("Q"); t != x.allterms_end("Q"); ++t) CHECK(t.get_termfreq() == 1);
        // A third run finds every file read and changes nothing.
        auto third = run({lede_index(), "--db", db, "--json", corpus, many});
        CHECK(third.out.find("\"files_unchanged\":2") != std::string::npos);
        CHECK(third.out.find("\"added\":0") != std::string::npos);
        // The crashed run's segment directory is gone, and so is its marker in the index.
        for (const auto& e : fs::directory_iterator(dir.path()))
            CHECK(e.path().filename().string().find(std::string(step) + ".idx.segments-") == std::string::npos);
        CHECK_FALSE(fs::exists(db + "/lede-merging"));
        CHECK(run({lede_search(), "--db", db, "--count", "oil"}).code == 0);
    }
}

TEST_CASE("a search waits while a running lede-index moves a merge in, and ignores leftovers not marked ready",
          "[e2e][segments]") {
    const std::string corpus = (source_dir() / "corpora/sample/articles.jsonl").string();
    TempDir dir;
    const std::string db = dir / "news.idx";
    REQUIRE(run({lede_index(), "--db", db, "--quiet", corpus}).code == 0);
    // A process that has ended: its pid names a dead run.
    const pid_t dead = ::fork();
    if (dead == 0) ::_exit(0);
    REQUIRE(dead > 0);
    ::waitpid(dead, nullptr, 0);
    // A dead run's segments not marked ready are only leftovers: searches go on.
    fs::create_directories(db + ".segments-" + std::to_string(dead) + "/seg-000000");
    // Marked as lede-index marks its own, so that the next run may clear it.
    std::ofstream(db + ".segments-" + std::to_string(dead) + "/lede-segments-of")
        << "lede segments of index " << fs::weakly_canonical(fs::absolute(db)).string() << '\n';
    CHECK(run({lede_search(), "--db", db, "--count", "oil"}).code == 0);
    // A live process (this test) moving a merge in: a segment directory marked ready, and the
    // marker in the index. Without the marker (lede-index writes it first), searches do not look.
    fs::create_directories(db + ".segments-" + std::to_string(::getpid()) + "/ready");
    CHECK(run({lede_search(), "--db", db, "--count", "oil"}).code == 0);
    std::ofstream(db + "/lede-merging") << db << ".segments-" << ::getpid() << '\n';
    const auto t0 = std::chrono::steady_clock::now();
    auto busy = run({lede_search(), "--db", db, "oil"});
    const double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    CHECK(busy.code == 2);
    CHECK(busy.err.find("is being updated: lede-index is moving a merge into it") != std::string::npos);
    CHECK(waited >= 4.5);
    // A marker left without a merge marked ready costs a search a look, nothing more.
    fs::remove_all(db + ".segments-" + std::to_string(::getpid()));
    CHECK(run({lede_search(), "--db", db, "--count", "oil"}).code == 0);
    // The next lede-index removes the dead run's leftovers and the marker.
    REQUIRE(run({lede_index(), "--db", db, "--quiet", corpus}).code == 0);
    CHECK_FALSE(fs::exists(db + ".segments-" + std::to_string(dead)));
    CHECK_FALSE(fs::exists(db + "/lede-merging"));
    CHECK(run({lede_search(), "--db", db, "--count", "oil"}).code == 0);
}

// SPDX-License-Identifier: MIT
// The first end-to-end path: index corpora/sample, search it, and the bad-input contract.
#include "../catch.hpp"
#include "run.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <set>

using namespace lede::e2e;

namespace {

std::string sample() { return (source_dir() / "corpora/sample/articles.jsonl").string(); }

std::vector<std::string> ids_of(const RunResult& r) { return lines(r.out); }

} // namespace

TEST_CASE("the sample corpus indexes completely and searches find it", "[e2e][cli]") {
    TempDir dir;
    auto idx = run({lede_index(), "--db", dir / "idx", sample()});
    INFO(idx.err);
    REQUIRE(idx.code == 0);
    CHECK(idx.err.find("65 added") != std::string::npos);

    auto r = run({lede_search(), "--db", dir / "idx", "--ids", "muller"});
    REQUIRE(r.code == 0);
    const auto ids = ids_of(r);
    std::set<std::string> got(ids.begin(), ids.end());
    CHECK(got == std::set<std::string>{"smp-0008", "smp-0027"});

    SECTION("re-indexing the same input changes nothing") {
        auto again = run({lede_index(), "--db", dir / "idx", sample()});
        CHECK(again.code == 0);
        CHECK(again.err.find("0 added, 0 updated, 65 unchanged") != std::string::npos);
    }
    SECTION("a Chinese word finds the article with it, not the one with its characters scattered") {
        auto zh = run({lede_search(), "--db", dir / "idx", "--ids", "北京"});
        CHECK(zh.code == 0);
        CHECK(ids_of(zh) == std::vector<std::string>{"smp-0052"});
    }
    SECTION("no hits exits 1 with nothing on stderr") {
        auto none = run({lede_search(), "--db", dir / "idx", "xylophonequartet"});
        CHECK(none.code == 1);
        CHECK(none.err.empty());
    }
    SECTION("snippets highlight the query words") {
        auto hl = run({lede_search(), "--db", dir / "idx", "--color=never", "-n", "1", "cocoa"});
        CHECK(hl.code == 0);
        CHECK(hl.out.find("**") == std::string::npos); // without colour, plain text (--markers adds markers)
        auto marked = run({lede_search(), "--db", dir / "idx", "--color=never", "--markers", "**", "-n", "1", "cocoa"});
        CHECK(marked.out.find("**cocoa**") != std::string::npos);
    }
    SECTION("a bad query exits 2 and points at the position") {
        auto bad = run({lede_search(), "--db", dir / "idx", "\"central bank"});
        CHECK(bad.code == 2);
        CHECK(bad.out.empty());
        CHECK(bad.err.find("position 1") != std::string::npos);
    }
}

TEST_CASE("a missing index is one clear line and exit 2", "[e2e][cli]") {
    auto r = run({lede_search(), "--db", "/nonexistent", "x"});
    CHECK(r.code == 2);
    CHECK(r.out.empty());
    CHECK(lines(r.err).size() == 1);
    CHECK(r.err == "lede-search: index '/nonexistent' does not exist; create one with: lede-index --db PATH FILE...\n");
}

TEST_CASE("the index defaults to $LEDE_DB", "[e2e][cli]") {
    TempDir dir;
    REQUIRE(run({lede_index(), "--db", dir / "idx", sample()}).code == 0);
    auto r = run({lede_search(), "--ids", "cocoa"}, {}, {"LEDE_DB=" + (dir / "idx")});
    CHECK(r.code == 0);
    CHECK(!r.out.empty());
}

TEST_CASE("malformed records are reported by file:line, the rest indexed, exit 1", "[e2e][cli]") {
    TempDir dir;
    const std::string bad = (source_dir() / "corpora/bad/malformed.jsonl").string();
    auto r = run({lede_index(), "--db", dir / "idx", bad});
    INFO(r.err);
    CHECK(r.code == 1);
    CHECK(r.err.find(bad + ":3: skipped: malformed JSON") != std::string::npos);
    CHECK(r.err.find(bad + ":5: skipped: record has neither title nor body") != std::string::npos);
    CHECK(r.err.find(bad + ":7: skipped: malformed JSON") != std::string::npos);
    CHECK(r.err.find("7 added") != std::string::npos);
    CHECK(r.err.find("3 failed") != std::string::npos);
}

TEST_CASE("invalid UTF-8 and NUL are replaced with a warning, binary files rejected", "[e2e][cli]") {
    TempDir dir;
    const std::string inv = (source_dir() / "corpora/bad/invalid-utf8.jsonl").string();
    const std::string bin = (source_dir() / "corpora/bad/binary.jsonl").string();
    auto r = run({lede_index(), "--db", dir / "idx", inv, bin});
    INFO(r.err);
    CHECK(r.code == 1);
    CHECK(r.err.find(inv + ":2: warning:") != std::string::npos);
    CHECK(r.err.find(bin + ": skipped: binary file") != std::string::npos);
    CHECK(r.err.find("3 added") != std::string::npos);
    auto s = run({lede_search(), "--db", dir / "idx", "--ids", "marmalade"});
    CHECK(s.code == 0);
}

TEST_CASE("an unreadable input file is named and the others still indexed", "[e2e][cli]") {
    TempDir dir;
    auto r = run({lede_index(), "--db", dir / "idx", dir / "missing.jsonl", sample()});
    CHECK(r.code == 1);
    CHECK(r.err.find(dir / "missing.jsonl" + ": skipped: cannot open") != std::string::npos);
    CHECK(r.err.find("65 added") != std::string::npos);
}

TEST_CASE("lede-index refuses a non-empty directory that is not an index", "[e2e][cli]") {
    TempDir dir;
    std::filesystem::create_directory(dir.path() / "docs");
    { std::ofstream(dir / "docs/keep.txt") << "precious"; }
    auto r = run({lede_index(), "--db", dir / "docs", sample()});
    CHECK(r.code == 2);
    CHECK(r.err.find("not a Lede index") != std::string::npos);
    CHECK(std::filesystem::exists(dir.path() / "docs/keep.txt"));
}

// SPDX-License-Identifier: MIT
// Issue #18, finding 2: inputs that are not regular files (process substitution, /dev/stdin, a
// device) are read once as streams. Before the fix `<(cat a.jsonl)` and `cat a | ... /dev/stdin`
// indexed 0 articles with exit 0 (the unchanged-file check and the hash ate the stream) and
// /dev/zero was hashed forever.
#include "../catch.hpp"
#include "run.hpp"

#include <fstream>
#include <string>

using namespace lede::e2e;

namespace {

void write_articles(const std::string& path, int n) {
    std::ofstream out(path);
    for (int i = 0; i < n; ++i)
        out << "{\"id\":\"p-" << i << "\",\"title\":\"Story " << i << "\",\"body\":\"harbour strike day " << i << "\"}\n";
}

long count_all(const std::string& db) {
    const RunResult r = run({lede_search(), "--db", db, "--count", "--", "story"});
    return r.code <= 1 ? std::stol(r.out) : -1;
}

std::string q(const std::string& s) { return "'" + s + "'"; }

} // namespace

TEST_CASE("a process substitution and /dev/stdin are read as streams, every time", "[faults][pipes]") {
    TempDir t;
    const std::string a = t / "a.jsonl";
    write_articles(a, 50);
    const std::string db = t / "idx";
    const std::string cmd = q(lede_index()) + " --db " + q(db) + " --format jsonl <(cat " + q(a) + ")";
    RunResult r = run({"/bin/bash", "-c", cmd});
    INFO(r.err);
    CHECK(r.code == 0);
    CHECK(count_all(db) == 50);
    // Again: the stream is read again (not taken for an unchanged file), nothing lost.
    r = run({"/bin/bash", "-c", cmd});
    CHECK(r.code == 0);
    CHECK(count_all(db) == 50);

    const std::string db2 = t / "idx2";
    r = run({"/bin/bash", "-c", "cat " + q(a) + " | " + q(lede_index()) + " --db " + q(db2) + " /dev/stdin"});
    CHECK(r.code == 0);
    CHECK(count_all(db2) == 50);
}

TEST_CASE("a stream holding part of a file's articles deletes none of the file's others", "[faults][pipes]") {
    TempDir t;
    const std::string a = t / "a.jsonl";
    write_articles(a, 40);
    const std::string db = t / "idx";
    REQUIRE(run({lede_index(), "--db", db, "--quiet", a}).code == 0);
    const RunResult r =
        run({"/bin/bash", "-c", q(lede_index()) + " --db " + q(db) + " --format jsonl <(head -3 " + q(a) + ")"});
    INFO(r.err);
    CHECK(r.code == 0);
    CHECK(count_all(db) == 40);
}

TEST_CASE("an endless device is refused quickly, not hashed forever", "[faults][pipes]") {
    TempDir t;
    const RunResult r = run({"/usr/bin/timeout", "30", lede_index(), "--db", t / "idx", "/dev/zero"});
    INFO(r.err);
    CHECK(r.code != 124); // timeout's code: it would still be hashing
    CHECK((r.code == 1 || r.code == 2));
    CHECK(r.err.find("/dev/zero") != std::string::npos);
}

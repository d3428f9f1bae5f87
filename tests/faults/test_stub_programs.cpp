// SPDX-License-Identifier: MIT
// Issue #18, finding 3: opening an index must never run a program named by a Xapian stub
// ("remote :PROGRAM ARGS") unless the user passes --allow-remote-programs.
#include "run.hpp"

#include "../catch.hpp"

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using namespace lede::e2e;

namespace {

void write(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

} // namespace

TEST_CASE("a stub program line is refused by lede-search and lede-index", "[faults][stub]") {
    TempDir t;
    fs::create_directories(t / "D");
    const std::string proof = t / "P";
    write(t / "D/XAPIANDB", "remote :sh -c id>" + proof + "\n");

    const RunResult s = run({lede_search(), "--db", t / "D", "x"});
    CHECK(s.code == 2);
    CHECK(s.err.find("XAPIANDB' line 1") != std::string::npos);
    CHECK(s.err.find("--allow-remote-programs") != std::string::npos);
    CHECK_FALSE(fs::exists(proof));

    const RunResult st = run({lede_index(), "--db", t / "D", "--stats"});
    CHECK(st.code != 0);
    CHECK_FALSE(fs::exists(proof));

    write(t / "a.jsonl", "{\"id\":\"a\",\"title\":\"hello\",\"body\":\"hello world\"}\n");
    const RunResult ix = run({lede_index(), "--db", t / "D", t / "a.jsonl"});
    CHECK(ix.code != 0);
    CHECK_FALSE(fs::exists(proof));
}

TEST_CASE("a program line in a nested stub is refused", "[faults][stub]") {
    TempDir t;
    fs::create_directories(t / "D");
    const std::string proof = t / "P";
    write(t / "D/XAPIANDB", "# a comment\nremote :sh -c id>" + proof + "\n");
    write(t / "outer", "auto D\n");
    const RunResult s = run({lede_search(), "--db", t / "outer", "x"});
    CHECK(s.code == 2);
    CHECK(s.err.find("refused") != std::string::npos);
    CHECK_FALSE(fs::exists(proof));
    write(t / "outer2", "auto outer\n"); // a stub file naming a stub file naming the directory
    CHECK(run({lede_search(), "--db", t / "outer2", "x"}).code == 2);
    CHECK_FALSE(fs::exists(proof));
}

TEST_CASE("the flag --allow-remote-programs lets the program line run", "[faults][stub]") {
    TempDir t;
    fs::create_directories(t / "D");
    const std::string proof = t / "P";
    write(t / "D/XAPIANDB", "remote :sh -c id>" + proof + "\n");
    run({lede_search(), "--allow-remote-programs", "--db", t / "D", "x"}); // fails to talk to `id`
    CHECK(fs::exists(proof));
}

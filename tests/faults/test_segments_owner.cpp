// SPDX-License-Identifier: MIT
// Issue #18, finding 4: recovery must not delete a directory that only looks like segments.
#include "../catch.hpp"
#include "run.hpp"

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using namespace lede::e2e;

TEST_CASE("a directory named like segments but not marked as ours is left alone", "[faults][segments]") {
    TempDir t;
    std::ofstream(t / "a.jsonl") << "{\"id\":\"a\",\"title\":\"hello\",\"body\":\"hello world\"}\n";
    fs::create_directories(t / "photos");
    fs::create_directories(t / "photos.segments-2019");
    std::ofstream(t / "photos.segments-2019/keep.jpg") << "x";
    CHECK(run({lede_index(), "--db", t / "photos", t / "a.jsonl"}).code == 0);
    CHECK(fs::exists(t / "photos.segments-2019/keep.jpg"));
    // Again on an existing index: still left alone, and named.
    const RunResult r = run({lede_index(), "--db", t / "photos", t / "a.jsonl"});
    CHECK(r.code == 0);
    CHECK(fs::exists(t / "photos.segments-2019/keep.jpg"));
    CHECK(r.err.find("left alone") != std::string::npos);
}

// SPDX-License-Identifier: MIT
// Issue #18, finding 8: quadratic and exponential work. Before the fix one HTML tag with 1M
// attributes took over 110 s (gumbo looks for a duplicate among the attributes read so far for
// every attribute), and `--include` globs backtracked: 5 stars took 12 s on a 206-character name,
// 7 stars never ended. The bounds below are generous (a shared, slow machine, sanitizer builds).
#include "../catch.hpp"
#include "run.hpp"

#include <chrono>
#include <fstream>
#include <string>

using namespace lede::e2e;

namespace {

double seconds_of(const std::vector<std::string>& argv, RunResult& r) {
    const auto t0 = std::chrono::steady_clock::now();
    r = run(argv);
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

} // namespace

TEST_CASE("one HTML tag with 1M attributes is indexed in seconds", "[faults][quadratic]") {
    TempDir t;
    const std::string f = t / "attrs.html";
    {
        std::ofstream out(f);
        out << "<html><head><title>Ferry timetable</title></head><body><div";
        for (int i = 0; i < 1000000; ++i) out << " a" << i << "=\"v\"";
        out << "><p>the ferry sails at dawn</p></div></body></html>";
    }
    RunResult r;
    const double s = seconds_of({lede_index(), "--db", t / "idx", f}, r);
    INFO(r.err);
    INFO(s << " s");
    CHECK(r.code == 0);
    CHECK(s < 10);
    const RunResult found = run({lede_search(), "--db", t / "idx", "--count", "--", "ferry", "dawn"});
    CHECK(found.out == "1\n");
}

TEST_CASE("an --include glob with many stars matches in linear time", "[faults][quadratic]") {
    TempDir t;
    const std::string dir = t / "in";
    std::filesystem::create_directories(dir);
    const std::string name = std::string(200, 'a') + ".jsonl"; // 206 characters
    std::ofstream(dir + "/" + name) << "{\"title\":\"Ferry\",\"body\":\"sails\"}\n";
    std::ofstream(dir + "/b" + name.substr(1)) << "{\"title\":\"Ferry two\",\"body\":\"sails\"}\n";
    RunResult r;
    // 7 stars and no match: every way of splitting the name was tried before.
    double s = seconds_of({lede_index(), "--db", t / "idx", "--include", "*a*a*a*a*a*a*c*.jsonl", dir}, r);
    INFO(r.err);
    CHECK(s < 1);
    CHECK(r.code == 0);
    CHECK(r.err.find("0 added") != std::string::npos);
    // and the same stars where they match: both files.
    s = seconds_of({lede_index(), "--db", t / "idx", "--include", "*a*a*a*a*a*a*a*.jsonl", dir}, r);
    CHECK(s < 1);
    CHECK(r.err.find("2 added") != std::string::npos);
    // ** with stars around it, through directories.
    std::filesystem::create_directories(dir + "/x/y");
    std::ofstream(dir + "/x/y/" + name) << "{\"title\":\"Ferry three\",\"body\":\"sails\"}\n";
    s = seconds_of({lede_index(), "--db", t / "idx2", "--include", "**/*a*a*a**a*a*a*.jsonl", dir}, r);
    CHECK(s < 1);
    CHECK(r.err.find("3 added") != std::string::npos);
}

// SPDX-License-Identifier: MIT
// Golden files of lede-search's terminal output (plain and coloured) on corpora/sample.
//
// Each case runs lede-search with a fixed width (COLUMNS, stdout not a terminal) and without the
// time taken (LEDE_NO_TIMING=1), and compares stdout byte for byte with tests/data/<name>.golden.
// Orders come from --sort newest/oldest or from passage scores, not from article weights, so that
// ranking changes do not churn the goldens. scripts/regen-goldens rewrites the files (it runs this
// test with LEDE_REGEN_GOLDENS=1); review the diff before committing it.
#include "../catch.hpp"
#include "run.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>

using namespace lede::e2e;

namespace {

struct GoldenCase {
    std::string name;                // tests/data/<name>.golden
    std::string columns;             // COLUMNS
    std::vector<std::string> args;   // after --db
    int code = 0;                    // expected exit status
};

const std::vector<GoldenCase>& golden_cases() {
    static const std::vector<GoldenCase> cases{
        {"plain-cocoa-80", "80", {"--color=never", "--markers", "**", "--sort", "newest", "-n", "3", "cocoa harvest"}},
        {"color-cocoa-80", "80", {"--color=always", "--sort", "newest", "-n", "3", "cocoa harvest"}},
        {"plain-languages-64", "64", {"--color=never", "--markers", "**", "--sort", "newest", "-n", "5", "muller OR 北京 OR économie OR 東京 OR москва"}},
        {"color-languages-100", "100", {"--color=always", "--sort", "newest", "-n", "5", "muller OR 北京 OR économie OR 東京 OR москва"}},
        {"plain-phrase-near-72", "72", {"--color=never", "--markers", "**", "--sort", "oldest", "\"central bank\" OR (strike NEAR/4 port)"}},
        {"color-phrase-near-72", "72", {"--color=always", "--sort", "oldest", "\"central bank\" OR (strike NEAR/4 port)"}},
        {"plain-narrow-34", "34", {"--color=never", "--markers", "**", "--sort", "newest", "-n", "2", "--passages-per-hit", "1", "cocoa"}},
        {"plain-passages-90", "90", {"--color=never", "--markers", "**", "--passages", "-n", "4", "cocoa prices"}},
        {"color-passages-90", "90", {"--color=always", "--passages", "-n", "4", "cocoa prices"}},
        {"plain-filter-lead-80", "80", {"--color=never", "--markers", "**", "-n", "2", "tag:cocoa"}},
        {"color-filter-lead-80", "80", {"--color=always", "-n", "2", "tag:cocoa"}},
        {"plain-unmarked-cocoa-80", "80", {"--color=never", "--sort", "newest", "-n", "3", "cocoa harvest"}},
        {"plain-no-results-80", "80", {"--color=never", "--markers", "**", "xylophonequartet"}, 1},
        {"plain-relaxed-80", "80", {"--color=never", "--sort", "newest", "-n", "2", "cocoa harvest москва"}},
    };
    return cases;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

} // namespace

TEST_CASE("terminal output matches the golden files, plain and coloured", "[e2e][golden]") {
    TempDir dir;
    auto idx = run({lede_index(), "--db", dir / "idx", (source_dir() / "corpora/sample/articles.jsonl").string()});
    REQUIRE(idx.code == 0);
    const bool regen = std::getenv("LEDE_REGEN_GOLDENS") != nullptr;
    for (const auto& c : golden_cases()) {
        std::vector<std::string> argv{lede_search(), "--db", dir / "idx"};
        argv.insert(argv.end(), c.args.begin(), c.args.end());
        auto r = run(argv, {}, {"COLUMNS=" + c.columns, "LEDE_NO_TIMING=1", "NO_COLOR="});
        INFO(c.name << "\n" << r.out << r.err);
        CHECK(r.code == c.code);
        CHECK(r.err.empty());
        const std::string path = (source_dir() / "tests/data" / (c.name + ".golden")).string();
        if (regen) {
            std::ofstream(path, std::ios::binary) << r.out;
            continue;
        }
        const std::string want = read_file(path);
        REQUIRE(!want.empty());
        CHECK(r.out == want);
        // The coloured rendering is the plain one (with --markers '**') with SGR sequences instead of the markers.
        CHECK((c.name.rfind("color-", 0) == 0) == (r.out.find('\x1b') != std::string::npos));
    }
}

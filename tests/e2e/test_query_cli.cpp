// SPDX-License-Identifier: MIT
// lede-search's query features as a user sees them on corpora/sample: error messages and exit
// codes, copy counts, did-you-mean, facets, timeline, --like, --literal, --since/--until.
#include "../catch.hpp"
#include "run.hpp"

#include <algorithm>
#include <set>

using namespace lede::e2e;

namespace {

std::string sample() { return (source_dir() / "corpora/sample/articles.jsonl").string(); }

class SampleIndex {
public:
    SampleIndex() {
        const RunResult r = run({lede_index(), "--db", m_dir / "idx", "--quiet", sample()});
        if (r.code != 0) throw std::runtime_error("indexing the sample failed: " + r.err);
    }
    RunResult search(std::vector<std::string> args) const {
        std::vector<std::string> argv{lede_search(), "--db", m_dir / "idx", "--color", "never"};
        argv.insert(argv.end(), args.begin(), args.end());
        return run(argv, {}, {"COLUMNS=100"});
    }

private:
    TempDir m_dir;
};

const SampleIndex& sample_index() {
    static const SampleIndex index;
    return index;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

} // namespace

TEST_CASE("a bad query exits 2 with the message, the query and a caret under the problem", "[e2e][query]") {
    const auto& idx = sample_index();
    struct Case {
        std::string query, line, caret;
    };
    const std::vector<Case> cases{
        {"cocoa AND", "lede-search: bad query at position 7: AND needs a query on both sides", "        ^"},
        {"date:2019-02-30", "lede-search: bad query at position 6: impossible date '2019-02-30': February 2019 has 28 days",
         "       ^"},
        {"(cocoa OR coffee", "lede-search: bad query at position 1: this '(' is never closed", "  ^"},
        // The caret counts display columns: the two CJK characters are two columns each.
        {"北京 AND", "lede-search: bad query at position 8: AND needs a query on both sides", "       ^"},
    };
    for (const auto& c : cases) {
        INFO(c.query);
        const RunResult r = idx.search({"--", c.query});
        CHECK(r.code == 2);
        CHECK(r.out.empty());
        const auto err = lines(r.err);
        REQUIRE(err.size() == 3);
        CHECK(err[0] == c.line);
        CHECK(err[1] == "  " + c.query);
        CHECK(err[2] == c.caret);
    }
    RunResult r = idx.search({"--since", "2020-13", "cocoa"});
    CHECK(r.code == 2);
    CHECK(r.err == "lede-search: --since: impossible date '2020-13': months run from 01 to 12\n");
    r = idx.search({"--like", "no-such-id"});
    CHECK(r.code == 2);
    CHECK(r.err == "lede-search: --like: no article with id 'no-such-id' in the index\n");
}

TEST_CASE("duplicates show once with their copy count and --no-collapse lists both", "[e2e][query]") {
    const auto& idx = sample_index();
    RunResult r = idx.search({"mensah"});
    CHECK(r.code == 0);
    CHECK(has(r.out, "(+1 copy)"));
    CHECK(has(r.out, "1 of 1 result"));
    r = idx.search({"--ids", "--no-collapse", "mensah"});
    auto ids = lines(r.out);
    std::sort(ids.begin(), ids.end());
    CHECK(ids == std::vector<std::string>{"smp-0019", "smp-0020"});
}

TEST_CASE("an unknown word gets a did-you-mean line in the summary", "[e2e][query]") {
    const auto& idx = sample_index();
    RunResult r = idx.search({"cocao"});
    CHECK(r.code == 1);
    CHECK(has(r.out, "No results for 'cocao'"));
    CHECK(has(r.out, "Did you mean: cocoa?"));
    r = idx.search({"--no-suggest", "cocao"});
    CHECK_FALSE(has(r.out, "Did you mean"));
}

TEST_CASE("facets print one line per facet and the timeline one bar per period", "[e2e][query]") {
    const auto& idx = sample_index();
    RunResult r = idx.search({"-n", "0", "--facets", "--timeline", "cocoa"});
    CHECK(r.code == 0); // matches, even though none is shown
    CHECK(has(r.out, "none shown"));
    CHECK(has(r.out, "Facets (4 articles, exact counts):"));
    for (const std::string facet : {"  source  ", "  author  ", "  tag     ", "  lang    ", "  year    "})
        CHECK(has(r.out, facet));
    CHECK(has(r.out, "cocoa 4")); // the tag, once per story
    CHECK(has(r.out, "Timeline by month (4 articles, exact counts):")); // 2023-10 to 2024-11
    r = idx.search({"-n", "0", "--timeline=month", "date:2019"});
    const auto out = lines(r.out);
    std::size_t bars = 0;
    for (const auto& l : out)
        if (l.rfind("  2019-", 0) == 0) ++bars;
    CHECK(bars >= 2);
    r = idx.search({"--timeline=week", "cocoa"});
    CHECK(r.code == 2);
}

TEST_CASE("more like this lists related articles without the article itself", "[e2e][query]") {
    const auto& idx = sample_index();
    const RunResult r = idx.search({"--ids", "-n", "3", "--like", "smp-0017"});
    CHECK(r.code == 0);
    const auto ids = lines(r.out);
    CHECK(ids.size() == 3);
    CHECK(std::find(ids.begin(), ids.end(), "smp-0017") == ids.end());
}

TEST_CASE("literal mode searches operator words and a headline in capitals is not parsed", "[e2e][query]") {
    const auto& idx = sample_index();
    // Trap 5: smp-0015 "STAY OR GO? OIL AND GAS FIRMS SAY NOT YET".
    RunResult r = idx.search({"--ids", "-n", "1", "--literal", "STAY OR GO? OIL AND GAS FIRMS SAY NOT YET"});
    CHECK(r.code == 0);
    CHECK(lines(r.out) == std::vector<std::string>{"smp-0015"});
    r = idx.search({"--ids", "\"stay or go\""});
    CHECK(lines(r.out) == std::vector<std::string>{"smp-0015"});
    // As a query, NOT excludes "yet": neither smp-0003 nor smp-0015 (the only articles with it).
    r = idx.search({"--ids", "-n", "100", "oil NOT yet"});
    const auto ids = lines(r.out);
    CHECK(std::find(ids.begin(), ids.end(), "smp-0015") == ids.end());
    CHECK(std::find(ids.begin(), ids.end(), "smp-0003") == ids.end());
}

TEST_CASE("Note: and other unknown field names are plain text", "[e2e][query]") {
    const auto& idx = sample_index();
    const RunResult a = idx.search({"--ids", "-n", "100", "Note: cocoa"});
    const RunResult b = idx.search({"--ids", "-n", "100", "note cocoa"});
    CHECK(a.code == 0);
    CHECK(a.out == b.out);
}

TEST_CASE("since and until options keep the articles of the period only", "[e2e][query]") {
    const auto& idx = sample_index();
    const RunResult all = idx.search({"--ids", "-n", "100", "--since", "2019-03", "--until", "2019-03", "strike"});
    const RunResult field = idx.search({"--ids", "-n", "100", "strike date:2019-03"});
    CHECK(all.code == 0);
    CHECK(all.out == field.out);
    CHECK(has(all.out, "smp-0001"));
}

TEST_CASE("words in different scripts need every word, else most of them (marked), and a CJK word stays whole", "[e2e][query]") {
    const auto& idx = sample_index();
    // No sample article has both a Latin and a Chinese word: the articles with either, marked.
    const RunResult mixed = idx.search({"--no-pager", "muller 北京"});
    CHECK(mixed.code == 0);
    CHECK(mixed.out.rfind("No article has every word; showing articles with most of them\n", 0) == 0);
    CHECK(idx.search({"--ids", "muller 北京"}).out == idx.search({"--ids", "--any", "muller 北京"}).out);
    const RunResult json = idx.search({"--json", "muller 北京"});
    CHECK(has(json.out, "\"operator\":\"and\",\"relaxed\":true"));
    // Two Chinese words typed apart: both required.
    const RunResult both = idx.search({"--ids", "北京 经济"});
    CHECK(both.code == 0);
    CHECK(both.out == "smp-0052\n");
    CHECK_FALSE(has(both.err, "No article has every word"));
    // A Chinese word typed without spaces is one word (a phrase of bigrams): relaxing never
    // breaks it into its characters, so beside an unknown word it finds nothing.
    const RunResult whole = idx.search({"--json", "北京经济 zzqxv"});
    CHECK(whole.code == 1);
    CHECK(has(whole.out, "\"relaxed\":false"));
}

// SPDX-License-Identifier: MIT
// lede-search for scripts (issue 7): --json against the documented schema, --fields, --format,
// --count, --ids, exit codes, and --batch (in order, overrides, errors, as a live co-process).
#include "../catch.hpp"
#include "json_checks.hpp"
#include "run.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <csignal>
#include <fstream>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace lede::e2e;
using nlohmann::json;

namespace {

std::string qid(std::size_t i) { return std::string("q").append(std::to_string(i)); }

std::string sample() { return (source_dir() / "corpora/sample/articles.jsonl").string(); }

std::vector<std::string> query_suite() {
    std::ifstream in(source_dir() / "tests/data/json-queries.txt");
    std::vector<std::string> qs;
    for (std::string line; std::getline(in, line);)
        if (!line.empty() && line[0] != '#') qs.push_back(line);
    return qs;
}

struct SampleIndex {
    TempDir dir;
    std::string db = dir / "idx";
    SampleIndex() {
        auto r = run({lede_index(), "--db", db, "--quiet", sample()});
        if (r.code != 0) throw std::runtime_error("indexing the sample failed: " + r.err);
    }
};

std::string join(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += x + "\n";
    return s;
}

// JSON lines with the timing taken out, to compare runs.
std::vector<json> without_seconds(const std::string& out) {
    std::vector<json> v;
    for (const auto& l : lines(out)) {
        json j = json::parse(l);
        if (j.contains("summary")) j["summary"].erase("seconds");
        v.push_back(std::move(j));
    }
    return v;
}

std::vector<std::string> hit_ids(const std::string& json_lines) {
    std::vector<std::string> ids;
    for (const auto& l : lines(json_lines)) {
        auto j = json::parse(l);
        if (j["type"] == "hit") ids.push_back(j["data"]["id"]);
    }
    return ids;
}

json sample_record(const std::string& id) {
    std::ifstream in(sample());
    for (std::string line; std::getline(in, line);) {
        auto j = json::parse(line);
        if (j.value("id", "") == id) return j;
    }
    throw std::runtime_error("no record " + id);
}

// lede-search --batch with pipes both ways: write a line, read its answer, repeat.
class CoProcess {
public:
    explicit CoProcess(const std::vector<std::string>& argv) {
        int to_child[2], from_child[2];
        if (pipe(to_child) != 0 || pipe(from_child) != 0) throw std::runtime_error("pipe failed");
        m_pid = fork();
        if (m_pid == 0) {
            dup2(to_child[0], 0);
            dup2(from_child[1], 1);
            close(to_child[1]);
            close(from_child[0]);
            std::vector<char*> args;
            for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
            args.push_back(nullptr);
            execv(args[0], args.data());
            _exit(127);
        }
        close(to_child[0]);
        close(from_child[1]);
        m_in = to_child[1];
        m_out = from_child[0];
    }
    ~CoProcess() {
        if (m_in >= 0) close(m_in);
        if (m_out >= 0) close(m_out);
        if (m_pid > 0) {
            int st = 0;
            waitpid(m_pid, &st, 0);
        }
    }
    void send(const std::string& line) {
        const std::string s = line + "\n";
        if (write(m_in, s.data(), s.size()) != static_cast<ssize_t>(s.size())) throw std::runtime_error("write failed");
    }
    // One line of output, waiting at most 20 s: the answer must come without closing stdin.
    std::string receive() {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        for (;;) {
            if (auto nl = m_buf.find('\n'); nl != std::string::npos) {
                std::string line = m_buf.substr(0, nl);
                m_buf.erase(0, nl + 1);
                return line;
            }
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0) return "<timeout>";
            pollfd p{m_out, POLLIN, 0};
            if (poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
            char buf[4096];
            const ssize_t n = read(m_out, buf, sizeof buf);
            if (n <= 0) return "<eof>";
            m_buf.append(buf, static_cast<std::size_t>(n));
        }
    }
    int finish() {
        close(m_in);
        m_in = -1;
        int st = 0;
        waitpid(m_pid, &st, 0);
        m_pid = -1;
        return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    }

private:
    pid_t m_pid = -1;
    int m_in = -1, m_out = -1;
    std::string m_buf;
};

} // namespace

TEST_CASE("the JSON schema validator rejects what the schema forbids", "[e2e][json]") {
    const auto& schema = search_schema();
    const json good = {{"id", "a"}, {"rank", 1}, {"passages", json::array({{{"text", "ab"}, {"highlights", {{0, 1}}}}})}};
    CHECK(schema.validate(good, "#/$defs/hit").empty());
    const std::vector<json> bad{
        {{"id", 5}},                                                   // wrong type
        {{"rank", 0}},                                                 // below minimum
        {{"colour", "red"}},                                           // unknown key
        {{"date", "March 2020"}},                                      // not ISO 8601
        {{"passages", json::array({{{"text", "ab"}}})}},               // missing highlights
        {{"passages", json::array({{{"text", "ab"}, {"highlights", {{0, 1, 2}}}}})}},  // not a pair
    };
    for (const auto& b : bad) {
        INFO(b.dump());
        CHECK(!schema.validate(b, "#/$defs/hit").empty());
    }
    CHECK(!hit_problems({{"title", "abc"}, {"title_highlights", {{1, 9}}}}).empty());        // past the end
    CHECK(!hit_problems({{"title", "é"}, {"title_highlights", {{1, 2}}}}).empty());          // inside a character
    CHECK(!hit_problems({{"title", "abcd"}, {"title_highlights", {{2, 3}, {0, 1}}}}).empty()); // out of order
    CHECK(!schema.validate(json{{"type", "hit"}, {"data", json::object()}, {"extra", 1}}, "#/$defs/json_line").empty());
    CHECK(!schema.validate(json{{"id", 1}, {"error", ""}}, "#/$defs/batch_line").empty());
}

TEST_CASE("every JSON line validates against the documented schema for every query of the suite", "[e2e][json]") {
    SampleIndex idx;
    const auto suite = query_suite();
    REQUIRE(suite.size() >= 60);
    std::size_t with_hits = 0, nth = 0;
    const std::vector<std::vector<std::string>> variants{
        {},
        {"-n", "3", "--offset", "1", "--sort", "newest", "--fields", "id,rank,date,passages,body"},
        {"--facets", "--timeline", "--exact-count", "-n", "2"},
        {"--passages", "-n", "4"}};
    for (const auto& q : suite) {
        ++nth;
        for (std::size_t v = 0; v < variants.size(); ++v) {
            // Under the sanitizers (LEDE_TEST_LIGHT) the plain run and one other, in turn.
            if (light_tests() && v != 0 && v != 1 + nth % 3) continue;
            const std::vector<std::string>& extra = variants[v];
            std::vector<std::string> argv{lede_search(), "--db", idx.db, "--json"};
            argv.insert(argv.end(), extra.begin(), extra.end());
            argv.push_back(q);
            auto r = run(argv);
            INFO("query: " << q << " " << (extra.empty() ? std::string() : extra[0]) << "\n" << r.out << r.err);
            CHECK(r.err.empty());
            const auto problems = json_output_problems(r.out, q);
            CHECK(join(problems) == "");
            const auto n = lines(r.out).size() - 1;
            const json summary = json::parse(lines(r.out).back())["data"];
            CHECK(r.code == (n > 0 || summary["matches_lower_bound"] > 0 ? 0 : 1));
            if (extra.size() > 1 && extra[0] == "--facets" && summary["matches_lower_bound"] > 0) {
                CHECK(summary.contains("facets"));
                CHECK(summary.contains("timeline"));
            }
            if (extra.empty() && n > 0) {
                ++with_hits;
                // The default hit carries every documented key but body.
                auto first = json::parse(lines(r.out).front())["data"];
                for (auto key : {"id", "rank", "score", "date", "title", "title_highlights", "source", "author", "url",
                                 "lang", "tags", "duplicates", "passages"})
                    CHECK(first.contains(key));
                CHECK(!first.contains("body"));
            }
        }
    }
    CHECK(with_hits >= 50);
}

TEST_CASE("batch mode answers the suite in order and each line as a separate JSON run would", "[e2e][json][batch]") {
    SampleIndex idx;
    const auto suite = query_suite();
    std::string input;
    for (std::size_t i = 0; i < suite.size(); ++i) {
        // Every third line as a JSON object with its own id; the rest as plain text.
        if (i % 3 == 1) input += json{{"id", qid(i)}, {"query", suite[i]}}.dump() + "\n";
        else input += suite[i] + "\n";
    }
    auto r = run({lede_search(), "--db", idx.db, "--batch"}, input);
    INFO(r.err);
    CHECK(r.err.empty());
    const auto out = lines(r.out);
    REQUIRE(out.size() == suite.size());
    std::size_t sampled = 0;
    for (std::size_t i = 0; i < suite.size(); ++i) {
        const json a = json::parse(out[i]);
        INFO("line " << i + 1 << ": " << suite[i] << "\n" << out[i].substr(0, 500));
        CHECK(join(search_schema().validate(a, "#/$defs/batch_line")) == "");
        CHECK(join(search_schema().validate(a, "#")) == "");
        CHECK(a["id"] == (i % 3 == 1 ? json(qid(i)) : json(i + 1)));
        CHECK(a["query"] == suite[i]);
        REQUIRE(a.contains("hits"));
        for (const auto& h : a["hits"]) CHECK(join(hit_problems(h)) == "");
        CHECK(join(summary_problems(a["summary"], suite[i], a["hits"].size())) == "");
        if (i % 4 == 0) {  // the same hits as lede-search --json, in the same order
            ++sampled;
            std::vector<std::string> ids;
            for (const auto& h : a["hits"]) ids.push_back(h["id"]);
            CHECK(ids == hit_ids(run({lede_search(), "--db", idx.db, "--json", suite[i]}).out));
        }
    }
    CHECK(sampled >= 15);
    CHECK(r.code == 0);

    SECTION("with --jobs the answers are the same, in the same order") {
        for (const std::string jobs : {"2", "3", "0"}) {
            auto p = run({lede_search(), "--db", idx.db, "--batch", "--jobs", jobs}, input);
            INFO("--jobs " << jobs << "\n" << p.err);
            CHECK(p.code == 0);
            CHECK(without_seconds(p.out) == without_seconds(r.out));
        }
        auto bad = run({lede_search(), "--db", idx.db, "--jobs", "2", "cocoa"});
        CHECK(bad.code == 2);
        CHECK(bad.err == "lede-search: --jobs applies to --batch only\n");
    }
}

TEST_CASE("the fields option chooses the keys of each hit in JSON and batch output", "[e2e][json]") {
    SampleIndex idx;
    struct Case {
        std::string spec;
        std::vector<std::string> keys;
    };
    const std::vector<Case> cases{
        {"id", {"id"}},
        {"id,title,date", {"id", "date", "title"}},
        {"title, id", {"id", "title"}},
        {"rank,score,duplicates", {"rank", "score", "duplicates"}},
        {"id,body", {"id", "body"}},
        {"passages", {"passages"}},
        {"tags,lang,url,author,source,title_highlights",
         {"title_highlights", "source", "author", "url", "lang", "tags"}},
    };
    for (const auto& c : cases) {
        INFO("--fields " << c.spec);
        auto r = run({lede_search(), "--db", idx.db, "--json", "--fields", c.spec, "cocoa"});
        REQUIRE(r.code == 0);
        CHECK(join(json_output_problems(r.out, "cocoa")) == "");
        // ordered_json keeps the keys in the order written.
        const nlohmann::ordered_json hit = nlohmann::ordered_json::parse(lines(r.out).front())["data"];
        std::vector<std::string> keys;
        for (const auto& [k, v] : hit.items()) keys.push_back(k);
        CHECK(keys == c.keys);  // in the documented order, whatever the order asked
        auto b = run({lede_search(), "--db", idx.db, "--batch", "--fields", c.spec}, "cocoa\n");
        REQUIRE(b.code == 0);
        const nlohmann::ordered_json batch_hit = nlohmann::ordered_json::parse(b.out)["hits"][0];
        keys.clear();
        for (const auto& [k, v] : batch_hit.items()) keys.push_back(k);
        CHECK(keys == c.keys);
    }
    SECTION("body is the whole article text") {
        auto r = run({lede_search(), "--db", idx.db, "--json", "--fields", "id,body", "id:smp-0018"});
        const json hit = json::parse(lines(r.out).front())["data"];
        CHECK(hit["body"] == sample_record("smp-0018")["body"]);
    }
    SECTION("an unknown field is a usage error naming it, exit 2, nothing on stdout") {
        auto r = run({lede_search(), "--db", idx.db, "--json", "--fields", "id,headline", "cocoa"});
        CHECK(r.code == 2);
        CHECK(r.out.empty());
        CHECK(r.err.rfind("lede-search: unknown field 'headline' (known: id, rank, score,", 0) == 0);
    }
}

TEST_CASE("format templates print one line per hit from field placeholders", "[e2e][format]") {
    SampleIndex idx;
    const json rec = sample_record("smp-0018");
    const std::string title = rec["title"], date = rec["date"], source = rec["source"], url = rec["url"];
    struct Case {
        std::string format;
        std::string expected;
    };
    const std::vector<Case> cases{
        {"%{id}", "smp-0018"},
        {"%{rank} %{date} %{title}", "1 " + date + " " + title},
        {"%{id}\\t%{source}", "smp-0018\t" + source},
        {"%{id}%n%{url}", "smp-0018\n" + url},
        {"%{id}\\n%{url}", "smp-0018\n" + url},
        {"100%% %{lang}", "100% en"},
        {"[%{tags}]", "[cocoa,food,consumers]"},
        {"%{day}|%{duplicates}|%{author}", date.substr(0, 10) + "|0|" + rec["author"].get<std::string>()},
        {"C:\\dir %{id}", "C:\\dir smp-0018"},
    };
    for (const auto& c : cases) {
        INFO("--format " << c.format);
        auto r = run({lede_search(), "--db", idx.db, "--format", c.format, "id:smp-0018"});
        CHECK(r.code == 0);
        CHECK(r.out == c.expected + "\n");
    }
    SECTION("one line per hit, in rank order, newlines inside values flattened") {
        auto ids = run({lede_search(), "--db", idx.db, "--ids", "-n", "5", "strike"});
        auto r = run({lede_search(), "--db", idx.db, "--format", "%{id}\\t%{passages}", "-n", "5", "strike"});
        REQUIRE(r.code == 0);
        const auto ls = lines(r.out);
        const auto want = lines(ids.out);
        REQUIRE(ls.size() == want.size());
        for (std::size_t i = 0; i < ls.size(); ++i) CHECK(ls[i].substr(0, ls[i].find('\t')) == want[i]);
    }
    SECTION("bad templates are usage errors with exit 2") {
        const std::vector<std::pair<std::string, std::string>> bad{
            {"%{nope}", "lede-search: bad --format: unknown placeholder '%{nope}'"},
            {"50% %{id}", "lede-search: bad --format: lone '%' at position 3"},
            {"%{id", "lede-search: bad --format: '%{' at position 1 has no closing '}'"},
        };
        for (const auto& [f, msg] : bad) {
            INFO(f);
            auto r = run({lede_search(), "--db", idx.db, "--format", f, "cocoa"});
            CHECK(r.code == 2);
            CHECK(r.out.empty());
            CHECK(r.err.rfind(msg, 0) == 0);
        }
    }
}

TEST_CASE("count and ids output agree with JSON output and exit codes are 0 1 2", "[e2e][json]") {
    SampleIndex idx;
    for (const std::string q : {"cocoa", "central bank", "lang:de", "xylophonequartet"}) {
        INFO(q);
        auto j = run({lede_search(), "--db", idx.db, "--json", "--exact-count", "-n", "100", q});
        auto c = run({lede_search(), "--db", idx.db, "--count", "--exact-count", q});
        auto i = run({lede_search(), "--db", idx.db, "--ids", "-n", "100", q});
        // --count is the summary's matches_estimated of the same search without hits.
        auto j0 = run({lede_search(), "--db", idx.db, "--json", "--exact-count", "-n", "0", q});
        const json summary = json::parse(lines(j0.out).back())["data"];
        CHECK(c.out == std::to_string(summary["matches_estimated"].get<std::size_t>()) + "\n");
        CHECK(lines(i.out) == hit_ids(j.out));
        const int expected = hit_ids(j.out).empty() ? 1 : 0;
        CHECK(j.code == expected);
        CHECK(c.code == expected);
        CHECK(i.code == expected);
    }
    SECTION("errors stay on stderr in --json mode: stdout is empty, exit 2") {
        for (const std::vector<std::string>& argv :
             {std::vector<std::string>{lede_search(), "--db", idx.db, "--json", "\"central bank"},
              std::vector<std::string>{lede_search(), "--db", idx.db + "-missing", "--json", "cocoa"},
              std::vector<std::string>{lede_search(), "--db", idx.db, "--json", "--since", "2020-13", "cocoa"}}) {
            auto r = run(argv);
            INFO(r.err);
            CHECK(r.code == 2);
            CHECK(r.out.empty());
            CHECK(r.err.rfind("lede-search: ", 0) == 0);
        }
    }
    SECTION("output modes cannot be combined") {
        const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
            {{"--json", "--ids"}, "lede-search: --json and --ids cannot be combined\n"},
            {{"--count", "--format", "%{id}"}, "lede-search: --count and --format cannot be combined\n"},
            {{"--ids", "--batch"}, "lede-search: --ids and --batch cannot be combined\n"},
            {{"--fields", "id"}, "lede-search: --fields applies to --json and --batch output (use --format for plain lines)\n"},
        };
        for (const auto& [flags, msg] : cases) {
            std::vector<std::string> argv{lede_search(), "--db", idx.db};
            argv.insert(argv.end(), flags.begin(), flags.end());
            argv.push_back("cocoa");
            auto r = run(argv);
            CHECK(r.code == 2);
            CHECK(r.err == msg);
        }
    }
    SECTION("the exit codes are in --help") {
        auto h = run({lede_search(), "--help"});
        CHECK(h.code == 0);
        CHECK(h.out.find("Exit status: 0 at least one hit, 1 no hits, 2 error") != std::string::npos);
        auto all = run({lede_search(), "--help-all"});
        CHECK(all.out.find("With --batch, exit status: 0 every line answered and at least one matched") != std::string::npos);
    }
}

TEST_CASE("batch mode gives one answer per line with overrides and errors in line", "[e2e][batch]") {
    SampleIndex idx;
    const std::string input = "cocoa\n"
                              "{\"id\": 42, \"query\": \"cocoa\", \"limit\": 1, \"offset\": 1}\n"
                              "\"central bank\n"
                              "\n"
                              "{\"id\": [1, \"x\"], \"query\": \"strike\", \"limt\": 3}\n"
                              "{not json\n"
                              "{\"id\": \"nq\"}\n"
                              "{\"query\": \"cocoa\", \"sort\": \"oldest\", \"fields\": [\"id\", \"date\"]}\n"
                              "{\"query\": \"cocoa\", \"limit\": -1}\n"
                              "{\"query\": \"cocoa\", \"since\": \"2024-02-30\"}\n"
                              "{\"query\": \"Note: strike\", \"literal\": true, \"limit\": 2}\r\n"
                              "xylophonequartet\n";
    auto r = run({lede_search(), "--db", idx.db, "--batch", "-n", "3", "--fields", "id,rank"}, input);
    INFO(r.out << r.err);
    CHECK(r.err.empty());
    const auto out = lines(r.out);
    REQUIRE(out.size() == 12);
    std::vector<json> a;
    for (const auto& l : out) {
        a.push_back(json::parse(l));
        CHECK(join(search_schema().validate(a.back(), "#/$defs/batch_line")) == "");
    }
    // Line 1: the command line's defaults (-n 3, --fields id,rank).
    CHECK(a[0]["id"] == 1);
    CHECK(a[0]["hits"].size() == 3);
    CHECK(a[0]["hits"][0].size() == 2);
    // Line 2: its own limit and offset, id echoed.
    CHECK(a[1]["id"] == 42);
    REQUIRE(a[1]["hits"].size() == 1);
    CHECK(a[1]["hits"][0]["id"] == a[0]["hits"][1]["id"]);
    CHECK(a[1]["hits"][0]["rank"] == 2);
    // Line 3: a bad query, with the position.
    CHECK(a[2]["error"].get<std::string>().rfind("bad query at position 1: ", 0) == 0);
    CHECK(a[2]["position"] == 0);
    CHECK(a[2]["query"] == "\"central bank");
    CHECK(a[3]["error"] == "empty query");
    CHECK(a[4]["id"] == json::array({1, "x"}));
    CHECK(a[4]["error"] == "unknown key \"limt\"");
    CHECK(a[5]["id"] == 6);
    CHECK(a[5]["error"].get<std::string>().rfind("malformed JSON: ", 0) == 0);
    CHECK(a[6]["id"] == "nq");
    CHECK(a[6]["error"] == "no \"query\" key");
    // Line 8: sort and fields overridden.
    REQUIRE(a[7]["hits"].size() == 3);
    std::vector<std::string> dates;
    for (const auto& h : a[7]["hits"]) {
        CHECK(h.size() == 2);
        dates.push_back(h["date"]);
    }
    CHECK(std::is_sorted(dates.begin(), dates.end()));
    CHECK(a[8]["error"] == "\"limit\" must be an integer from 0 to 100000");
    CHECK(a[9].contains("error"));
    CHECK(a[10]["hits"].size() == 2);  // CRLF line endings are accepted
    CHECK(a[10]["summary"]["query"] == "Note: strike");
    CHECK(a[11]["hits"].empty());
    CHECK(r.code == 2);  // some lines were errors

    SECTION("facets, timeline and passage search per line") {
        auto f = run({lede_search(), "--db", idx.db, "--batch"},
                     "{\"query\": \"cocoa\", \"facets\": true, \"timeline\": \"year\", \"exact_count\": true}\n"
                     "{\"query\": \"cocoa\", \"passage_search\": true, \"limit\": 3}\n"
                     "{\"query\": \"cocoa\", \"timeline\": \"weekly\"}\n"
                     "{\"like\": \"smp-0018\", \"fields\": \"id\"}\n");
        const auto fl = lines(f.out);
        REQUIRE(fl.size() == 4);
        const json a3 = json::parse(fl[3]);
        CHECK(join(search_schema().validate(a3, "#/$defs/batch_line")) == "");
        CHECK(a3["summary"]["like"] == "smp-0018");
        REQUIRE(!a3["hits"].empty());
        for (const auto& h : a3["hits"]) CHECK(h["id"] != "smp-0018");
        const json a0 = json::parse(fl[0]), a1 = json::parse(fl[1]), a2 = json::parse(fl[2]);
        for (const auto& x : {a0, a1, a2}) CHECK(join(search_schema().validate(x, "#/$defs/batch_line")) == "");
        REQUIRE(a0["summary"].contains("facets"));
        CHECK(a0["summary"]["facets"]["exact"] == true);
        CHECK(a0["summary"]["timeline"]["unit"] == "year");
        std::size_t dated = 0;
        for (const auto& b : a0["summary"]["timeline"]["buckets"]) dated += b["count"].get<std::size_t>();
        CHECK(dated + a0["summary"]["timeline"]["undated"].get<std::size_t>() ==
              a0["summary"]["matches_estimated"].get<std::size_t>());
        REQUIRE(a1.contains("passages"));
        CHECK(!a1.contains("hits"));
        CHECK(a1["passages"].size() == 3);
        for (const auto& p : a1["passages"]) CHECK(join(passage_hit_problems(p)) == "");
        CHECK(a1["summary"]["returned"] == 3);
        CHECK(a2["error"].get<std::string>().rfind("\"timeline\" must be", 0) == 0);
    }
    SECTION("exit codes: 0 when every line is answered and one has hits, 1 when none has, 2 on errors") {
        CHECK(run({lede_search(), "--db", idx.db, "--batch"}, "cocoa\nxylophonequartet\n").code == 0);
        CHECK(run({lede_search(), "--db", idx.db, "--batch"}, "xylophonequartet\n").code == 1);
        CHECK(run({lede_search(), "--db", idx.db, "--batch"}, "").code == 1);
        CHECK(run({lede_search(), "--db", idx.db, "--batch"}, "cocoa\n(\n").code == 2);
        auto missing = run({lede_search(), "--db", idx.db + "-missing", "--batch"}, "cocoa\n");
        CHECK(missing.code == 2);
        CHECK(missing.out.empty());
        auto with_query = run({lede_search(), "--db", idx.db, "--batch", "cocoa"}, "cocoa\n");
        CHECK(with_query.code == 2);
        CHECK(with_query.err == "lede-search: --batch reads the queries from standard input; remove the query arguments\n");
    }
}

TEST_CASE("batch mode works as a co-process: each answer arrives before the next line and new commits are seen",
          "[e2e][batch]") {
    SampleIndex idx;
    const std::string jobs = GENERATE(as<std::string>{}, "1", "2");
    INFO("--jobs " << jobs);
    CoProcess co({lede_search(), "--db", idx.db, "--batch", "--fields", "id", "--jobs", jobs});
    co.send("{\"id\": \"a\", \"query\": \"zanzibarquokka\"}");
    json first = json::parse(co.receive());
    CHECK(first["id"] == "a");
    CHECK(first["hits"].empty());
    co.send("muller");
    json second = json::parse(co.receive());
    CHECK(second["id"] == 2);
    CHECK(second["hits"].size() == 2);

    // Another process commits an article while the co-process runs; the next line sees it.
    TempDir dir;
    { std::ofstream(dir / "new.jsonl") << R"({"id":"new-1","title":"Zanzibarquokka sighted","body":"A rare animal."})" << "\n"; }
    REQUIRE(run({lede_index(), "--db", idx.db, "--quiet", dir / "new.jsonl"}).code == 0);
    co.send("{\"id\": \"b\", \"query\": \"zanzibarquokka\"}");
    json third = json::parse(co.receive());
    CHECK(third["id"] == "b");
    REQUIRE(third["hits"].size() == 1);
    CHECK(third["hits"][0]["id"] == "new-1");
    CHECK(co.finish() == 0);
}

TEST_CASE("the Python co-process example of docs/scripting.md works", "[e2e][batch]") {
    SampleIndex idx;
    auto r = run({"/usr/bin/env", "python3", (source_dir() / "examples/lede_batch.py").string(), "--db", idx.db,
                  "--lede-search", lede_search(), "muller", "\"central bank", "北京"});
    INFO(r.out << r.err);
    CHECK(r.code == 1);  // one query was an error
    const auto ls = lines(r.out);
    REQUIRE(ls.size() == 5);
    CHECK(ls[0].rfind("muller\t", 0) == 0);
    CHECK(ls[1].find("**Müller") != std::string::npos);  // byte offsets applied to UTF-8 text
    CHECK(ls[2].rfind("\"central bank\terror: bad query at position 1", 0) == 0);
    CHECK(ls[3] == "北京\t1\tsmp-0052");
    CHECK(ls[4].rfind("\t**北京**", 0) == 0);
}

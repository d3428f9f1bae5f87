// SPDX-License-Identifier: MIT
// lede-search --batch on Reuters-21578: 1,000 queries answered by one process, in order, each
// line valid against the documented schema and equal to what a separate lede-search returns.
#include "../catch.hpp"
#include "json_checks.hpp"
#include "run.hpp"

#include <nlohmann/json.hpp>

#include <cctype>
#include <fstream>

using namespace lede::e2e;
using nlohmann::json;

namespace {

std::string reuters_db() { return std::string(LEDE_TESTDATA_DIR) + "/reuters.idx"; }
std::string reuters_jsonl() { return std::string(LEDE_TESTDATA_DIR) + "/reuters.jsonl"; }

struct BatchQuery {
    std::string line;     // what goes to stdin
    json id;              // the id the answer must carry
    std::string query;
    std::size_t limit;
};

// 1,000 queries from the headlines: 1 to 3 lower-cased words of every 20th article (lower case,
// so that headline words like AND or NOT stay words); every fourth as a JSON line with an id and
// its own limit.
std::vector<BatchQuery> make_queries(std::size_t n) {
    std::ifstream in(reuters_jsonl());
    std::vector<BatchQuery> qs;
    std::size_t record = 0;
    for (std::string line; qs.size() < n && std::getline(in, line); ++record) {
        if (record % 20 != 0) continue;
        const std::string title = json::parse(line).value("title", "");
        std::vector<std::string> words;
        std::string w;
        for (char c : title + " ") {
            if (std::isalpha(static_cast<unsigned char>(c))) w += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            else {
                if (w.size() >= 3) words.push_back(w);
                w.clear();
            }
        }
        if (words.empty()) continue;
        const std::size_t k = std::min(words.size(), qs.size() % 3 + 1);
        std::string q;
        for (std::size_t i = 0; i < k; ++i) q += (i ? " " : "") + words[i];
        const std::size_t number = qs.size() + 1;
        if (number % 4 == 0) {
            const std::size_t limit = number % 7 + 1;
            json id = std::string("r").append(std::to_string(record));
            qs.push_back({json{{"id", id}, {"query", q}, {"limit", limit}}.dump(), id, q, limit});
        } else {
            qs.push_back({q, json(number), q, 10});
        }
    }
    return qs;
}

} // namespace

TEST_CASE("1000 queries through batch mode on Reuters come back as 1000 lines in order", "[reuters][batch][heavy]") {
    // Under the sanitizers (LEDE_TEST_LIGHT) the first 250 of the same queries.
    const std::size_t count = light_tests() ? 250 : 1000;
    const auto queries = make_queries(count);
    REQUIRE(queries.size() == count);
    std::string input;
    for (const auto& q : queries) input += q.line + "\n";
    auto r = run({lede_search(), "--db", reuters_db(), "--batch"}, input);
    INFO(r.err);
    CHECK(r.err.empty());
    const auto out = lines(r.out);
    REQUIRE(out.size() == count);
    std::size_t with_hits = 0, problems = 0;
    for (std::size_t i = 0; i < out.size(); ++i) {
        const json a = json::parse(out[i]);
        const auto& q = queries[i];
        INFO("line " << i + 1 << ": " << q.line << "\n" << out[i].substr(0, 400));
        CHECK(a["id"] == q.id);
        CHECK(a["query"] == q.query);
        auto errs = search_schema().validate(a, "#/$defs/batch_line");
        REQUIRE(a.contains("hits"));
        for (const auto& h : a["hits"]) {
            auto hp = hit_problems(h);
            errs.insert(errs.end(), hp.begin(), hp.end());
        }
        auto sp = summary_problems(a["summary"], q.query, a["hits"].size());
        errs.insert(errs.end(), sp.begin(), sp.end());
        problems += !errs.empty();
        if (!errs.empty()) CHECK(errs.front().empty());
        CHECK(a["hits"].size() <= q.limit);
        with_hits += !a["hits"].empty();
    }
    CHECK(problems == 0);
    CHECK(with_hits >= count * 95 / 100); // the words come from the headlines, so nearly every query has hits
    CHECK(r.code == 0);

    SECTION("two workers (--jobs 2) give the same answers in the same order") {
        auto p = run({lede_search(), "--db", reuters_db(), "--batch", "--jobs", "2"}, input);
        CHECK(p.code == 0);
        const auto pout = lines(p.out);
        REQUIRE(pout.size() == out.size());
        std::size_t differing = 0;
        for (std::size_t i = 0; i < out.size(); ++i) {
            json a = json::parse(out[i]), b = json::parse(pout[i]);
            a["summary"].erase("seconds");
            b["summary"].erase("seconds");
            differing += a != b;
        }
        CHECK(differing == 0);
    }
    SECTION("every 50th answer equals a separate lede-search --json run") {
        for (std::size_t i = 0; i < queries.size(); i += 50) {
            const auto& q = queries[i];
            const json a = json::parse(out[i]);
            auto single = run({lede_search(), "--db", reuters_db(), "--json", "-n", std::to_string(q.limit), q.query});
            std::vector<std::string> batch_ids, single_ids;
            for (const auto& h : a["hits"]) batch_ids.push_back(h["id"]);
            for (const auto& l : lines(single.out)) {
                const json j = json::parse(l);
                if (j["type"] == "hit") single_ids.push_back(j["data"]["id"]);
                else CHECK(j["data"]["matches_estimated"] == a["summary"]["matches_estimated"]);
            }
            INFO(q.query);
            CHECK(batch_ids == single_ids);
        }
    }
}

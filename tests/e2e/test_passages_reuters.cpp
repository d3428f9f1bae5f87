// SPDX-License-Identifier: MIT
// Passages on Reuters-21578: taken from the stored text, passage search ranked across articles.
#include "../catch.hpp"
#include "run.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <set>

using namespace lede::e2e;
using nlohmann::json;

namespace {

std::string reuters_db() { return std::string(LEDE_TESTDATA_DIR) + "/reuters.idx"; }

const std::map<std::string, std::string>& reuters_bodies() {
    static const std::map<std::string, std::string> bodies = [] {
        std::map<std::string, std::string> out;
        std::ifstream in(std::string(LEDE_TESTDATA_DIR) + "/reuters.jsonl");
        for (std::string line; std::getline(in, line);) {
            if (line.empty()) continue;
            const json j = json::parse(line);
            out[j["id"].get<std::string>()] = j.value("body", "");
        }
        return out;
    }();
    return bodies;
}

std::string flat(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
            if (!out.empty() && out.back() != ' ') out += ' ';
        } else {
            out += c;
        }
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

std::string core(std::string text) {
    const std::string ell = "\u2026";
    if (text.rfind(ell, 0) == 0) text.erase(0, ell.size());
    if (text.size() >= ell.size() && text.compare(text.size() - ell.size(), ell.size(), ell) == 0) text.resize(text.size() - ell.size());
    return text;
}

std::vector<json> of_type(const RunResult& r, const std::string& type) {
    std::vector<json> out;
    for (const auto& line : lines(r.out)) {
        json j = json::parse(line);
        if (j["type"] == type) out.push_back(std::move(j["data"]));
    }
    return out;
}

} // namespace

TEST_CASE("passages come from each hit's stored body, the best first in article order", "[reuters][passages]") {
    auto r = run({lede_search(), "--db", reuters_db(), "--json", "-n", "10", "--passages-per-hit", "3", "cocoa buffer stock"});
    REQUIRE(r.code == 0);
    const auto hits = of_type(r, "hit");
    REQUIRE(hits.size() == 10);
    for (const auto& h : hits) {
        const std::string body = flat(reuters_bodies().at(h["id"].get<std::string>()));
        INFO(h["id"]);
        CHECK(h["passages"].size() <= 3);
        std::size_t last = 0;
        for (const auto& p : h["passages"]) {
            const std::string text = core(p["text"].get<std::string>());
            const auto at = body.find(text);
            REQUIRE(at != std::string::npos);
            CHECK(at >= last); // article order
            last = at + text.size();
        }
    }
}

TEST_CASE("passage search ranks passages of the best articles across articles", "[reuters][passages]") {
    auto r = run({lede_search(), "--db", reuters_db(), "--json", "--passages", "-n", "10", "opec said output"});
    REQUIRE(r.code == 0);
    const auto ps = of_type(r, "passage");
    REQUIRE(ps.size() == 10);
    const auto summary = of_type(r, "summary");
    REQUIRE(summary.size() == 1);
    CHECK(summary[0]["articles_ranked"] == 50);
    CHECK(summary[0]["passages_found"].get<std::size_t>() >= 10);
    std::set<std::string> articles;
    for (std::size_t i = 0; i < ps.size(); ++i) {
        INFO(ps[i].dump());
        CHECK(ps[i]["rank"] == i + 1);
        if (i > 0) CHECK(ps[i - 1]["score"].get<double>() >= ps[i]["score"].get<double>());
        CHECK(!ps[i]["highlights"].empty());
        CHECK(ps[i]["article_rank"].get<std::size_t>() <= 50);
        const std::string body = reuters_bodies().at(ps[i]["id"].get<std::string>());
        const std::size_t b = ps[i]["begin"], e = ps[i]["end"];
        REQUIRE(e <= body.size());
        CHECK(flat(body.substr(b, e - b)) == core(ps[i]["text"].get<std::string>()));
        articles.insert(ps[i]["id"].get<std::string>());
    }
    CHECK(articles.size() > 1); // several articles, not one article's passages

    SECTION("the next page continues the ranking") {
        auto next = run({lede_search(), "--db", reuters_db(), "--json", "--passages", "-n", "10", "--offset", "10", "opec said output"});
        REQUIRE(next.code == 0);
        const auto ps2 = of_type(next, "passage");
        REQUIRE(!ps2.empty());
        CHECK(ps2[0]["rank"] == 11);
        CHECK(ps2[0]["score"].get<double>() <= ps.back()["score"].get<double>());
        for (const auto& p : ps2)
            for (const auto& q : ps) CHECK(!(p["id"] == q["id"] && p["begin"] == q["begin"]));
    }
    SECTION("the terminal shows rank, score and article for each passage") {
        auto t = run({lede_search(), "--db", reuters_db(), "--passages", "-n", "3", "--color=never", "--markers", "**", "opec said output"},
                     {}, {"COLUMNS=100", "LEDE_NO_TIMING=1"});
        REQUIRE(t.code == 0);
        const auto out = lines(t.out);
        REQUIRE(!out.empty());
        CHECK(out[0].rfind(" 1. ", 0) == 0);
        CHECK(t.out.find("**") != std::string::npos);
        CHECK(t.out.find(ps[0]["id"].get<std::string>() + " \u00b7 ") != std::string::npos);
        CHECK(out.back().rfind("Passages 1\u20133 of ", 0) == 0);
    }
}

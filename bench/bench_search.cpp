// SPDX-License-Identifier: MIT
// Search-core latency by feature, side by side in one run: the same queries through one in-process
// Searcher, alternating variants round by round (default, no collapsing, facets + timeline, exact
// counts, body:, did-you-mean, recency).
//
// Usage: bench_search [--rounds N] INDEX
// Prints, per variant, the best round's mean milliseconds per query and its ratio to the default.
#include "searcher.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

namespace {

using clock_type = std::chrono::steady_clock;

// Reuters-flavoured queries: common and rare words, OR and AND pairs, phrases, fields, mixed.
const std::vector<std::string> queries{
    "oil", "cocoa", "bank", "dollar", "wheat", "opec", "yen", "gold", "strike", "merger",
    "oil prices", "interest rates", "trade deficit", "coffee exports", "crude oil", "money supply",
    "oil AND gas", "bank AND rates", "cocoa AND ghana", "wheat AND usda", "gold OR silver",
    "\"central bank\"", "\"interest rates\"", "\"trade deficit\"", "\"crude oil\"", "\"money supply\"",
    "title:oil", "title:bank rates", "tag:grain", "date:1987-03 oil", "oil -opec", "+dollar yen",
    "strike NEAR/5 port", "export*", "bank rates date:1987-04", "sugar OR cocoa OR coffee",
};

// The same words, misspelled (did-you-mean) and restricted to the body.
std::vector<std::string> misspelled() {
    return {"cocao", "centrl bank", "intrest rates", "exchnage", "treasurey bills", "goverment bonds", "petrolium"};
}

std::vector<std::string> body_queries() {
    return {"body:oil", "body:cocoa", "body:bank", "body:\"central bank\"", "body:\"interest rates\"", "body:yen"};
}

struct Variant {
    std::string name;
    std::function<lede::SearchRequest(const std::string&)> make;
    std::vector<std::string> queries;
    double best_ms = 1e300;
};

lede::SearchRequest plain(const std::string& q) {
    lede::SearchRequest r;
    r.query = q;
    r.limit = 10;
    r.want_passages = false;
    return r;
}

} // namespace

int main(int argc, char** argv) {
    int rounds = 5;
    std::string index;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--rounds") == 0 && i + 1 < argc) rounds = std::atoi(argv[++i]);
        else index = argv[i];
    }
    if (index.empty()) {
        std::fprintf(stderr, "usage: bench_search [--rounds N] INDEX\n");
        return 2;
    }
    lede::Searcher searcher(index);
    std::vector<Variant> variants{
        {"default (collapse, exact small counts)", plain, queries},
        {"--no-collapse", [](const std::string& q) { auto r = plain(q); r.collapse = false; return r; }, queries},
        {"--facets --timeline", [](const std::string& q) { auto r = plain(q); r.facets = r.timeline = true; return r; }, queries},
        {"--exact-count", [](const std::string& q) { auto r = plain(q); r.exact_count = true; return r; }, queries},
        {"--recency 30", [](const std::string& q) { auto r = plain(q); r.recency_half_life = 30; return r; }, queries},
        {"with passages (2 per hit)", [](const std::string& q) { auto r = plain(q); r.want_passages = true; return r; }, queries},
        {"plain words (body: baseline)", plain, {"oil", "cocoa", "bank", "\"central bank\"", "\"interest rates\"", "yen"}},
        {"body: words", plain, body_queries()},
        {"misspelled, no suggestion", [](const std::string& q) { auto r = plain(q); r.suggest = false; return r; }, misspelled()},
        {"misspelled, did-you-mean", plain, misspelled()},
        // Counts exact up to 1,000 matches (issue 22) against the 100 of before; --count's 100,000.
        {"exact up to 100 matches (before)", [](const std::string& q) { auto r = plain(q); r.exact_up_to = 100; return r; }, queries},
        {"--count (exact up to 100,000)", [](const std::string& q) {
             auto r = plain(q);
             r.limit = 0;
             r.want_passages = r.suggest = false;
             r.exact_up_to = 100000;
             return r;
         }, queries},
    };
    for (int round = 0; round < rounds; ++round) {
        for (auto& v : variants) {
            const auto start = clock_type::now();
            std::size_t hits = 0;
            for (const auto& q : v.queries) {
                const lede::SearchResult r = searcher.search(v.make(q));
                hits += r.hits.empty() ? r.matches_estimated : r.hits.size(); // --count: no hits, a count
            }
            const double ms = std::chrono::duration<double, std::milli>(clock_type::now() - start).count() /
                              static_cast<double>(v.queries.size());
            v.best_ms = std::min(v.best_ms, ms);
            if (hits == 0 && v.name.find("misspelled") == std::string::npos) std::fprintf(stderr, "no hits: %s\n", v.name.c_str());
        }
    }
    std::printf("%-40s %10s %8s\n", "variant (best of rounds)", "ms/query", "ratio");
    for (const auto& v : variants) {
        const double base = v.name.rfind("body:", 0) == 0 ? variants[6].best_ms
                            : v.name == "misspelled, did-you-mean" ? variants[8].best_ms
                                                                   : variants[0].best_ms;
        std::printf("%-40s %10.3f %7.2fx\n", v.name.c_str(), v.best_ms, v.best_ms / base);
    }
    return 0;
}

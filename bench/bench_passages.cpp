// SPDX-License-Identifier: MIT
// The cost of passages (selection and highlighting) for the hits shown, next to the cost of the
// search itself, on the same index, queries and run.
//
// Usage: bench_passages [--rounds N] [--queries N] [--limit N] DB
// Draws N queries (default 200) from the index's own vocabulary with a fixed seed: half single
// words, half two words, each a plain word indexed in 5 to 2,000 articles. Each round times, for
// every query, (a) Searcher::search without passages (parse, match, rank, the hits' stored data),
// then (b) on those hits, what the searcher adds for passages: title highlights and
// select_passages over each stored body, with the same parsed query and idf weights (once with
// the per-thread stem cache cleared before each query, as in one lede-search run, and once with
// the stems that earlier queries left there, as in a long-running process); and (c) the search with
// passages, end to end, as a check that (c) is close to (a) + (b). Prints the best round of each
// in milliseconds per query and the ratios (b) / (a).
#include "passages.hpp"
#include "searcher.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

namespace {

using clock_type = std::chrono::steady_clock;

double seconds_since(clock_type::time_point t) { return std::chrono::duration<double>(clock_type::now() - t).count(); }

struct Lcg {
    std::uint64_t state;
    std::size_t below(std::size_t n) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<std::size_t>((state >> 33) % n);
    }
};

std::vector<std::string> draw_queries(Xapian::Database& db, std::size_t n) {
    std::vector<std::string> words;
    for (auto it = db.allterms_begin(); it != db.allterms_end(); ++it) {
        const std::string t = *it;
        if (t.size() < 3 || !std::all_of(t.begin(), t.end(), [](char c) { return c >= 'a' && c <= 'z'; })) continue;
        const auto df = it.get_termfreq();
        if (df >= 5 && df <= 2000) words.push_back(t);
    }
    if (words.empty()) return {};
    Lcg rng{42};
    std::vector<std::string> out;
    for (std::size_t i = 0; i < n; ++i) {
        std::string q = words[rng.below(words.size())];
        if (i % 2 == 1) q += " " + words[rng.below(words.size())];
        out.push_back(q);
    }
    return out;
}

} // namespace

int main(int argc, char** argv) {
    std::size_t rounds = 5, n_queries = 200, limit = 10;
    std::string db_path;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if ((a == "--rounds" || a == "--queries" || a == "--limit") && i + 1 < argc) {
            const std::size_t v = std::stoul(argv[++i]);
            (a == "--rounds" ? rounds : a == "--queries" ? n_queries : limit) = v;
        } else if (db_path.empty() && a[0] != '-') {
            db_path = a;
        } else {
            std::cerr << "usage: bench_passages [--rounds N] [--queries N] [--limit N] DB\n";
            return 2;
        }
    }
    if (db_path.empty()) {
        std::cerr << "usage: bench_passages [--rounds N] [--queries N] [--limit N] DB\n";
        return 2;
    }
    try {
        lede::Searcher searcher(db_path);
        const std::vector<std::string> queries = draw_queries(searcher.database(), n_queries);
        if (queries.empty()) {
            std::cerr << "bench_passages: no words to draw queries from in " << db_path << '\n';
            return 2;
        }
        Xapian::Database& db = searcher.database();
        const double n_docs = std::max<double>(1, db.get_doccount());
        const lede::TermWeight weight = [&](const std::string& term) {
            return std::log(1.0 + n_docs / (db.get_termfreq(term) + 0.5));
        };
        double best_search = 1e100, best_passages = 1e100, best_full = 1e100, best_cold = 1e100;
        std::size_t hits = 0, passages = 0, body_bytes = 0;
        std::vector<lede::SearchRequest> requests(queries.size());
        std::vector<lede::ParsedQuery> parsed;
        for (std::size_t i = 0; i < queries.size(); ++i) {
            requests[i].query = queries[i];
            requests[i].limit = limit;
            parsed.push_back(searcher.parse(requests[i]));
        }
        auto add_passages = [&](lede::SearchResult& res, const lede::SearchRequest& req, const lede::ParsedQuery& pq) {
            lede::MatchMemo memo; // one per query, as Searcher::search keeps it
            for (auto& h : res.hits) {
                h.title_highlights =
                    lede::find_highlights(searcher.analyzer(), h.article.title, h.article.lang, pq, lede::Field::Title, &memo);
                h.passages =
                    lede::select_passages(searcher.analyzer(), h.article.body, h.article.lang, pq, req.passages, weight, &memo);
            }
        };
        for (std::size_t r = 0; r < rounds; ++r) {
            // (a) the search alone
            std::vector<lede::SearchResult> results;
            auto t0 = clock_type::now();
            for (auto& req : requests) {
                req.want_passages = false;
                results.push_back(searcher.search(req));
            }
            best_search = std::min(best_search, seconds_since(t0));
            // (b) passages for those hits, cold: the stem cache cleared before each query
            t0 = clock_type::now();
            for (std::size_t i = 0; i < requests.size(); ++i) {
                lede::clear_passage_caches();
                add_passages(results[i], requests[i], parsed[i]);
            }
            best_cold = std::min(best_cold, seconds_since(t0));
            // (b') the same, warm: stems left by earlier queries (a long-running process)
            t0 = clock_type::now();
            for (std::size_t i = 0; i < requests.size(); ++i) add_passages(results[i], requests[i], parsed[i]);
            best_passages = std::min(best_passages, seconds_since(t0));
            hits = passages = body_bytes = 0;
            for (const auto& res : results) {
                hits += res.hits.size();
                for (const auto& h : res.hits) passages += h.passages.size(), body_bytes += h.article.body.size();
            }
            // (c) end to end, passages included
            t0 = clock_type::now();
            for (std::size_t i = 0; i < requests.size(); ++i) {
                requests[i].want_passages = true;
                const lede::SearchResult full = searcher.search(requests[i]);
                if (full.hits.size() != results[i].hits.size()) {
                    std::cerr << "bench_passages: results differ between runs of '" << queries[i] << "'\n";
                    return 1;
                }
            }
            best_full = std::min(best_full, seconds_since(t0));
        }
        const double nq = static_cast<double>(queries.size());
        std::printf("index: %s (%u articles); %zu queries (half one word, half two), top %zu hits, best of %zu rounds\n",
                    db_path.c_str(), db.get_doccount(), queries.size(), limit, rounds);
        std::printf("hits per query: %.1f, passages per query: %.1f, body bytes scanned per query: %.0f\n",
                    static_cast<double>(hits) / nq, static_cast<double>(passages) / nq, static_cast<double>(body_bytes) / nq);
        std::printf("search alone (parse, match, rank, stored data):   %8.3f ms/query\n", 1e3 * best_search / nq);
        std::printf("passages for the hits (titles, select_passages):  %8.3f ms/query  (stem cache cleared before each query)\n", 1e3 * best_cold / nq);
        std::printf("passages, stems kept from earlier queries:        %8.3f ms/query  (a long-running process)\n", 1e3 * best_passages / nq);
        std::printf("search with passages, end to end:                 %8.3f ms/query\n", 1e3 * best_full / nq);
        std::printf("ratio passages / search: %.2f (%.2f with stems kept)\n", best_cold / best_search, best_passages / best_search);
    } catch (const std::exception& e) {
        std::cerr << "bench_passages: " << e.what() << '\n';
        return 2;
    } catch (const Xapian::Error& e) {
        std::cerr << "bench_passages: " << e.get_description() << '\n';
        return 2;
    }
    return 0;
}

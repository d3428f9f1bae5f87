// SPDX-License-Identifier: MIT
// One search's full cost (parse, match, rank, stored data, title highlights and passages of the
// hits) on the queries of scripts/bench/python, through one in-process Searcher, for profiling
// (perf, callgrind) and for comparing two builds.
//
// Usage: bench_queries [--rounds N] [--queries N] [--passages N] [--dump FILE] INDEX JSONL
// The queries are those of scripts/bench/python: 1 to 3 lower-cased words of 3 or more ASCII
// letters from the title of every 20th article of JSONL (the Reuters conversion). Prints the best
// round's milliseconds per query. --dump writes every hit of every query (id, score, title
// highlights, passages with their highlights) to FILE, so two builds' results can be compared
// byte for byte.
#include "searcher.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

namespace {

using clock_type = std::chrono::steady_clock;

std::vector<std::string> make_queries(const std::string& jsonl, std::size_t n) {
    std::vector<std::string> out;
    std::ifstream in(jsonl);
    std::string line;
    for (std::size_t i = 0; out.size() < n && std::getline(in, line); ++i) {
        if (i % 20) continue;
        const auto j = nlohmann::json::parse(line);
        const std::string title = j.value("title", "");
        std::vector<std::string> words;
        std::string w;
        auto flush = [&] {
            if (w.size() >= 3) words.push_back(w);
            w.clear();
        };
        for (char c : title) {
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) w += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            else flush();
        }
        flush();
        if (words.empty()) continue;
        std::string q;
        for (std::size_t k = 0; k < std::min(words.size(), out.size() % 3 + 1); ++k) q += (k ? " " : "") + words[k];
        out.push_back(q);
    }
    return out;
}

void dump_spans(std::FILE* f, const std::vector<lede::Span>& spans) {
    for (const auto& [b, e] : spans) std::fprintf(f, " %zu-%zu", b, e);
    std::fputc('\n', f);
}

} // namespace

int main(int argc, char** argv) {
    int rounds = 3;
    std::size_t n = 1000, passages = 2;
    std::string dump;
    std::vector<std::string> args;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--rounds") == 0 && i + 1 < argc) rounds = std::atoi(argv[++i]);
        else if (std::strcmp(argv[i], "--queries") == 0 && i + 1 < argc) n = std::strtoul(argv[++i], nullptr, 10);
        else if (std::strcmp(argv[i], "--passages") == 0 && i + 1 < argc) passages = std::strtoul(argv[++i], nullptr, 10);
        else if (std::strcmp(argv[i], "--dump") == 0 && i + 1 < argc) dump = argv[++i];
        else args.push_back(argv[i]);
    }
    if (args.size() != 2) {
        std::fprintf(stderr, "usage: bench_queries [--rounds N] [--queries N] [--passages N] [--dump FILE] INDEX JSONL\n");
        return 2;
    }
    const auto queries = make_queries(args[1], n);
    lede::Searcher searcher(args[0]);
    std::FILE* out = dump.empty() ? nullptr : std::fopen(dump.c_str(), "w");
    double best = 1e300;
    for (int round = 0; round < rounds; ++round) {
        const auto start = clock_type::now();
        for (const auto& q : queries) {
            lede::SearchRequest r;
            r.query = q;
            r.passages.count = passages;
            const lede::SearchResult res = searcher.search(r);
            if (out && round == 0) {
                std::fprintf(out, "Q %s\n", q.c_str());
                for (const auto& h : res.hits) {
                    std::fprintf(out, "H %s %.17g %zu\nT", h.article.id.c_str(), h.score, h.duplicates);
                    dump_spans(out, h.title_highlights);
                    for (const auto& p : h.passages) {
                        std::fprintf(out, "P %zu %zu %.17g %d %s\nS", p.begin, p.end, p.score, p.lead ? 1 : 0, p.text.c_str());
                        dump_spans(out, p.highlights);
                    }
                }
            }
        }
        best = std::min(best, std::chrono::duration<double, std::milli>(clock_type::now() - start).count() /
                                  static_cast<double>(queries.size()));
    }
    if (out) std::fclose(out);
    std::printf("%zu queries, %zu passages per hit: %.3f ms/query (best of %d rounds)\n", queries.size(), passages, best, rounds);
    return 0;
}

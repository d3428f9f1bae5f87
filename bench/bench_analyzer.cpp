// SPDX-License-Identifier: MIT
// Analyzer throughput next to ICU's bare word BreakIterator, on the same texts in the same run.
//
// Usage: bench_analyzer [--rounds N] FILE.jsonl
// Reads the "body" of every JSON Lines record, then alternates rounds of (a) ICU's word
// BreakIterator walking each body (setText on a UTF-8 UText, next() to the end) and (b)
// Analyzer::analyze on each body with a callback that only counts (the indexer's hot path).
// Prints the best round of each in MB/s of UTF-8 input and the ratio.
#include "analyzer.hpp"

#include <nlohmann/json.hpp>
#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace {

using clock_type = std::chrono::steady_clock;

double seconds_since(clock_type::time_point t) {
    return std::chrono::duration<double>(clock_type::now() - t).count();
}

std::size_t bare_break_iterator(icu::BreakIterator& bi, const std::vector<std::string>& texts) {
    std::size_t boundaries = 0;
    for (const auto& s : texts) {
        UErrorCode status = U_ZERO_ERROR;
        UText ut = UTEXT_INITIALIZER;
        utext_openUTF8(&ut, s.data(), static_cast<int64_t>(s.size()), &status);
        bi.setText(&ut, status);
        for (int32_t p = bi.first(); p != icu::BreakIterator::DONE; p = bi.next()) ++boundaries;
        utext_close(&ut);
    }
    return boundaries;
}

std::size_t analyzer_pass(const lede::Analyzer& an, const std::vector<std::string>& texts) {
    std::size_t tokens = 0;
    for (const auto& s : texts) an.analyze(s, 0, [&](const lede::Token& t) { tokens += 1 + (t.term.size() & 1); });
    return tokens;
}

} // namespace

int main(int argc, char** argv) {
    int rounds = 5;
    std::string path;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--rounds") == 0 && i + 1 < argc) rounds = std::max(1, std::atoi(argv[++i]));
        else path = argv[i];
    }
    if (path.empty()) {
        std::cerr << "usage: bench_analyzer [--rounds N] FILE.jsonl\n";
        return 2;
    }
    std::ifstream in(path);
    if (!in) {
        std::cerr << "bench_analyzer: cannot open '" << path << "'\n";
        return 2;
    }
    std::vector<std::string> texts;
    std::size_t bytes = 0;
    for (std::string line; std::getline(in, line);) {
        auto j = nlohmann::json::parse(line, nullptr, false);
        if (!j.is_object() || !j.contains("body") || !j["body"].is_string()) continue;
        texts.push_back(j["body"].get<std::string>());
        bytes += texts.back().size();
    }
    if (bytes == 0) {
        std::cerr << "bench_analyzer: no bodies in '" << path << "'\n";
        return 2;
    }
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> bi(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status)) {
        std::cerr << "bench_analyzer: cannot create a word break iterator: " << u_errorName(status) << '\n';
        return 1;
    }
    lede::Analyzer an;
    double best_bare = 1e30, best_an = 1e30;
    std::size_t boundaries = 0, tokens = 0;
    for (int r = 0; r < rounds; ++r) {
        auto t0 = clock_type::now();
        boundaries = bare_break_iterator(*bi, texts);
        best_bare = std::min(best_bare, seconds_since(t0));
        t0 = clock_type::now();
        tokens = analyzer_pass(an, texts);
        best_an = std::min(best_an, seconds_since(t0));
    }
    const double mb = static_cast<double>(bytes) / 1e6;
    std::printf("input: %zu texts, %.1f MB (%s)\n", texts.size(), mb, path.c_str());
    std::printf("icu word BreakIterator: %8.1f MB/s  (%zu boundaries, best of %d)\n", mb / best_bare, boundaries, rounds);
    std::printf("lede Analyzer:          %8.1f MB/s  (%zu token units, best of %d)\n", mb / best_an, tokens, rounds);
    std::printf("ratio analyzer/bare:    %8.1f %%\n", 100.0 * best_bare / best_an);
    return 0;
}

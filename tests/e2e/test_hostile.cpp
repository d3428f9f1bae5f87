// SPDX-License-Identifier: MIT
// Hostile input through lede-index: invalid UTF-8, NUL bytes, a 1 MB word, a 20 MB article.
// Everything is indexed, each problem is a warning naming file and line, memory stays bounded.
#include "../catch.hpp"
#include "run.hpp"

#include "searcher.hpp"

#include <nlohmann/json.hpp>

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <random>

using namespace lede::e2e;

namespace {

void write(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary);
    out << bytes;
}

std::string record(const std::string& id, const std::string& title, const std::string& body) {
    return nlohmann::json{{"id", id}, {"title", title}, {"body", body}, {"lang", "en"}}.dump() + "\n";
}

std::vector<std::string> ids(lede::Searcher& s, const std::string& query) {
    lede::SearchRequest req;
    req.query = query;
    req.limit = 20;
    req.want_passages = false;
    std::vector<std::string> out;
    for (const auto& h : s.search(req).hits) out.push_back(h.article.id);
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

TEST_CASE("hostile input is indexed with warnings naming file and line, in bounded memory", "[e2e][analysis][heavy]") {
    TempDir dir;
    const std::string hostile = dir / "hostile.jsonl", huge = dir / "huge.jsonl";
    std::string long_word(1 << 20, 'x');
    for (std::size_t i = 0; i < long_word.size(); i += 7) long_word[i] = static_cast<char>('a' + i % 26);
    {
        std::string bytes = record("good1", "orderly start", "nothing odd here");
        bytes += "{\"id\":\"inv\",\"title\":\"bad bytes\",\"body\":\"caf\xE9 \xFF\xFE marmalade \xC3\x28\"}\n";
        static const char nul_line[] = "{\"id\":\"nul\",\"title\":\"nul\",\"body\":\"quince\0 jam \0\"}\n";
        bytes += std::string(nul_line, sizeof nul_line - 1);
        bytes += "{\"id\":\"esc\",\"title\":\"escaped\",\"body\":\"gooseberry \\u0000 fool\"}\n";
        bytes += record("tok", "one long word", "prologue " + long_word + " epilogue");
        bytes += record("good2", "orderly end", "nothing odd here either");
        write(hostile, bytes);
    }
    {
        // 20 MB of words, a marker at the very end.
        std::mt19937 rng(5);
        const std::vector<std::string> words{"market", "shares", "rose", "fell", "bank", "rates", "the", "of"};
        std::string body;
        body.reserve(21 << 20);
        while (body.size() < (20u << 20)) body += words[rng() % words.size()] + ' ';
        body += "zanzibarquokka";
        write(huge, record("huge", "a very long article", body));
    }

    const auto t0 = std::chrono::steady_clock::now();
    auto r = run({lede_index(), "--db", dir / "idx", hostile, huge});
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    INFO(r.err);
    std::cout << "hostile input: indexed in " << seconds << " s\n";
    CHECK(seconds < (light_tests() ? 240 : 60)); // bounded time: 21 MB of input, 4 s in a Release build
    CHECK(r.code == 0);
    CHECK(r.err.find("lede-index: " + hostile + ":2: warning: ") != std::string::npos);   // invalid UTF-8
    CHECK(r.err.find("lede-index: " + hostile + ":3: warning: ") != std::string::npos);   // raw NULs
    CHECK(r.err.find("lede-index: " + hostile + ":5: warning: 1 word(s) longer than 112 bytes ") != std::string::npos);
    CHECK(r.err.find("(longest: 1048576 bytes)") != std::string::npos);
    CHECK(r.err.find("lede-index: " + huge + ":1: warning: very large article") != std::string::npos);
    CHECK(r.err.find("7 added") != std::string::npos);

    // Peak memory of the largest child so far (lede-index): bounded, a small multiple of the record.
    rusage usage{};
    getrusage(RUSAGE_CHILDREN, &usage);
    const long peak_mb = usage.ru_maxrss / 1024;
    std::cout << "hostile input: lede-index peak RSS " << peak_mb << " MB for a 20 MB article\n";
    CHECK(peak_mb < (light_tests() ? 800 : 400)); // ASan's shadow memory and quarantine under LEDE_TEST_LIGHT

    lede::Searcher s(dir / "idx");
    using V = std::vector<std::string>;
    CHECK(ids(s, "marmalade") == V{"inv"});      // the text after the bad bytes is there
    CHECK(ids(s, "quince jam") == V{"nul"});
    CHECK(ids(s, "gooseberry fool") == V{"esc"});
    CHECK(ids(s, "prologue") == V{"tok"});
    CHECK(ids(s, "epilogue") == V{"tok"});
    // The long word is cut and hashed the same way in the query, so it finds its article; a word
    // that differs only after the cut does not.
    CHECK(ids(s, long_word) == V{"tok"});
    std::string other = long_word;
    other.back() = other.back() == 'q' ? 'r' : 'q';
    CHECK(ids(s, other).empty());
    CHECK(ids(s, "zanzibarquokka") == V{"huge"}); // the end of the 20 MB article is indexed
    CHECK(ids(s, "orderly") == V{"good1", "good2"});
}

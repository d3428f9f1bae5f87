// SPDX-License-Identifier: MIT
// lede-extract: what Lede's HTML reader makes of pages, one JSON object per line, for
// scripts/bench/extraction (never installed, not a user command).
//
// Usage: lede-extract [--legacy] [--rounds N] FILE...
//        lede-extract --text FILE       (the body only, as it would be indexed)
//        lede-extract --explain FILE    (the extractor's best candidates and what it left out)
// Each line: {"file", "title", "date", "author", "source", "url", "lang", "body", "warnings",
// "seconds"}; "date" is as the indexer would store it (parsed by common/date, "" when refused).
// "seconds" is the best of N rounds (default 1) of html_to_article on the file's bytes (decoding,
// parsing, metadata and extraction; reading the file is not counted). --legacy runs the extractor
// as it was before issue #20 (bench/legacy_html.cpp) instead, to compare both in one run.
#include "html.hpp"
#include "legacy_html.hpp"

#include "date.hpp"
#include "decode.hpp"
#include "document_builder.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

using clock_type = std::chrono::steady_clock;

bool read_file(const char* path, std::string& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream ss;
    ss << in.rdbuf();
    out = ss.str();
    return true;
}

} // namespace

int main(int argc, char** argv) {
    bool legacy = false, text_only = false, explain = false;
    int rounds = 1;
    std::vector<const char*> files;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--legacy") == 0) legacy = true;
        else if (std::strcmp(argv[i], "--text") == 0) text_only = true;
        else if (std::strcmp(argv[i], "--explain") == 0) explain = true;
        else if (std::strcmp(argv[i], "--rounds") == 0 && i + 1 < argc) rounds = std::max(1, std::atoi(argv[++i]));
        else if (argv[i][0] == '-' && argv[i][1] != 0) {
            std::cerr << "lede-extract: unknown option " << argv[i] << "\n"
                      << "usage: lede-extract [--legacy] [--rounds N] [--text] FILE...\n";
            return 2;
        } else files.push_back(argv[i]);
    }
    if (files.empty()) {
        std::cerr << "usage: lede-extract [--legacy] [--rounds N] [--text] FILE...\n";
        return 2;
    }
    int status = 0;
    for (const char* path : files) {
        std::string bytes;
        if (!read_file(path, bytes)) {
            std::cerr << "lede-extract: cannot read " << path << "\n";
            status = 1;
            continue;
        }
        if (explain) {
            std::string why;
            lede::HtmlPage p = lede::extract_html(lede::decode_to_utf8(bytes, lede::html_declared_charset(bytes)).text, &why);
            std::cout << "== " << path << "\ntitle: " << p.title << "\ndate: " << p.date << "\n" << why;
            continue;
        }
        lede::Article a;
        std::vector<std::string> warnings;
        double best = 0;
        for (int r = 0; r < rounds; ++r) {
            warnings.clear();
            const auto t0 = clock_type::now();
            a = legacy ? lede::legacy::html_to_article(bytes) : lede::html_to_article(bytes, {}, &warnings);
            const double s = std::chrono::duration<double>(clock_type::now() - t0).count();
            if (r == 0 || s < best) best = s;
        }
        std::string problem;
        if (!lede::prepare_article(a, problem)) warnings.push_back(problem);
        if (text_only) {
            std::cout << a.body << "\n";
            for (const auto& w : warnings) std::cerr << path << ": " << w << "\n";
            continue;
        }
        nlohmann::json j{{"file", path},        {"title", a.title},   {"date", a.date},    {"author", a.author},
                         {"source", a.source},  {"url", a.url},       {"lang", a.lang},    {"body", a.body},
                         {"warnings", warnings}, {"seconds", best}};
        std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    }
    return status;
}

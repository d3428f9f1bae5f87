// SPDX-License-Identifier: MIT
// lede-search's command line: CLI11 stays in here and main.cpp.
#pragma once

#include "searcher.hpp"

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace lede {

enum class ColorMode { Auto, Always, Never };

struct SearchOptions {
    std::string db;
    std::vector<std::string> words;   // the query, joined by spaces
    SearchRequest request;
    RankingParams ranking;
    std::string sort = "relevance";
    std::string timeline;             // "" = off, else auto, year, month or day
    ColorMode color = ColorMode::Auto;
    bool json = false;
    bool count = false;
    bool ids = false;
    bool explain = false;
    bool no_pager = false;
    std::string show;                 // --show ID: print the whole article
    std::string open;                 // --open ID: open its url with xdg-open
    std::string markers;              // --markers: highlight markers without colour ("" = none)            // --no-pager: never page terminal output
    bool allow_partial = false;       // search the shards that open when some cannot be reached
    bool batch = false;               // queries from stdin, one JSON answer per line
    bool interactive = false;         // -i: the full-screen terminal UI (interactive.hpp)
    std::string fields;               // --fields: keys of a hit in JSON output ("" = default set)
    std::string format;               // --format: template for one plain line per hit
    std::size_t jobs = 1;             // --batch: lines answered concurrently (0 = one per core)
    std::string colors;               // --colors: LEDE_COLORS entries, applied after the variable's
};

/// Register lede-search's options on `app`, writing into `options`.
void add_options(CLI::App& app, SearchOptions& options);

/// Apply derived settings after parsing (sort order, joined query). Throws UsageError.
void finish_options(SearchOptions& options);

} // namespace lede

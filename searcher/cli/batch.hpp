// SPDX-License-Identifier: MIT
// lede-search --batch: many queries over one open index, one JSON line answered per input line.
#pragma once

#include "json_output.hpp"
#include "searcher.hpp"

#include <lede/search.hpp>

#include <cstddef>
#include <istream>
#include <ostream>
#include <vector>

namespace lede {

struct BatchStats {
    std::size_t lines = 0;       // input lines read (each answered with one output line)
    std::size_t with_hits = 0;   // answered with at least one hit
    std::size_t failed = 0;      // answered with an "error" object
    bool input_failed = false;   // reading standard input failed (not end of file)
    bool output_failed = false;  // the reader went away (closed pipe): stopped early
};

/// Read queries from `in` until end of file; answer each line on `out` and flush it, so that a
/// program can drive lede-search as a co-process. A line is a query string, or (starting with '{')
/// a JSON object {"id":..., "query":..., and overrides: limit, offset, literal, all, sort, since,
/// until, recency, collapse, exact_count, fields, passages_per_hit, passage_width, like, facets,
/// timeline, suggest, passage_search, passage_articles}. `defaults`
/// and `fields` (the command line's) apply where a line says nothing. The index is reopened
/// before each line, so each line sees the last commit. Output lines (docs/json.md):
///   {"id":1,"query":"cocoa","hits":[{...},...],"summary":{...}}
///   {"id":"q7","query":"\"cocoa","error":"bad query at position 1: ...","position":0}
BatchStats run_batch(api::Searcher& searcher, const SearchRequest& defaults, const HitFields& fields,
                     std::istream& in, std::ostream& out);

/// The same with one worker per searcher (--jobs): lines are answered concurrently and written in
/// input order, each as soon as it and every earlier line are answered.
BatchStats run_batch(std::vector<api::Searcher>& searchers, const SearchRequest& defaults, const HitFields& fields,
                     std::istream& in, std::ostream& out);

/// lede-search --batch's exit status: 2 when the input could not be read or any line was answered
/// with an error; else 0 when some line had a hit, 1 when none had (or there were no lines).
int batch_exit_code(const BatchStats& stats);

} // namespace lede

// SPDX-License-Identifier: MIT
// Passage selection and highlighting with the common analyzer's offsets.
#pragma once

#include "analyzer.hpp"
#include "query_parser.hpp"

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lede {

/// Half-open byte range [first, second) into some UTF-8 text.
using Span = std::pair<std::size_t, std::size_t>;

struct Passage {
    std::string text;               // passage text (ellipsis "…" added where it was cut)
    std::vector<Span> highlights;   // byte offsets into `text`, sorted, non-overlapping
    std::size_t begin = 0;          // byte range of the passage in the article body
    std::size_t end = 0;
    double score = 0;
};

struct PassageOptions {
    std::size_t count = 2;          // passages per article
    std::size_t width = 240;        // maximum characters (code points) per passage, ellipses included
};

/// Weight of a highlight term for passage scoring (e.g. its idf in the index).
using TermWeight = std::function<double(const std::string& term)>;

/// Highlight matches in `text`: tokens that match a query term as the index sees them (exact folded
/// term, stem in `lang`, wildcard prefix, accent form), and whole phrase/NEAR occurrences only.
/// `field` selects which rules apply (Title rules apply to titles only).
std::vector<Span> find_highlights(const Analyzer& analyzer, std::string_view text, std::string_view lang,
                                  const ParsedQuery& query, Field field);

/// The best `options.count` passages of `body` for the query, in article order. When nothing in
/// the body matches, the article's first passage (its lead) is returned.
std::vector<Passage> select_passages(const Analyzer& analyzer, std::string_view body, std::string_view lang,
                                     const ParsedQuery& query, const PassageOptions& options,
                                     const TermWeight& weight);

} // namespace lede

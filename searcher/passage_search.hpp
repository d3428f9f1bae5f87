// SPDX-License-Identifier: MIT
// Passage search (lede-search --passages): the passages of the best articles, ranked across articles.
#pragma once

#include "searcher.hpp"

namespace lede {

/// Stage 2 of passage search. Stage 1 (the searcher) put the best articles in `result.hits`, in
/// rank order. Takes the matching passages of each (at most options.count per article, so that
/// one long story does not fill the page), ranks them all by their own scores (ties: the better
/// article, then article order), and keeps passages [offset, offset + limit) in
/// result.passage_hits, with result.hits reduced to their articles (title highlights set).
void rank_passages(SearchResult& result, const Analyzer& analyzer, const ParsedQuery& query,
                   const PassageOptions& options, const TermWeight& weight, std::size_t offset, std::size_t limit);

} // namespace lede

// SPDX-License-Identifier: MIT
// Passage search: every matching passage of the stage-1 articles, scored alike and ranked globally.
#include "passage_search.hpp"

#include <algorithm>

namespace lede {

void rank_passages(SearchResult& res, const Analyzer& analyzer, const ParsedQuery& query,
                   const PassageOptions& options, const TermWeight& weight, std::size_t offset, std::size_t limit) {
    struct Found {
        std::size_t hit;
        Passage passage;
    };
    std::vector<Found> found;
    MatchMemo memo; // one query: its words' matches are decided once across the articles
    for (std::size_t i = 0; i < res.hits.size(); ++i) {
        const Article& a = res.hits[i].article;
        for (auto& p : matching_passages(analyzer, a.body, a.lang, query, options, weight, &memo)) found.push_back({i, std::move(p)});
    }
    std::stable_sort(found.begin(), found.end(), [](const Found& x, const Found& y) {
        if (x.passage.score != y.passage.score) return x.passage.score > y.passage.score;
        if (x.hit != y.hit) return x.hit < y.hit;
        return x.passage.begin < y.passage.begin;
    });
    res.passage_search = true;
    res.articles_ranked = res.hits.size();
    res.passages_found = found.size();
    res.offset = offset;

    const std::size_t first = std::min(offset, found.size());
    const std::size_t last = std::min(found.size(), first + limit);
    // Keep only the articles shown, in their article rank order.
    std::vector<std::size_t> new_index(res.hits.size(), SIZE_MAX);
    for (std::size_t i = first; i < last; ++i) new_index[found[i].hit] = 0;
    std::vector<Hit> kept;
    for (std::size_t i = 0; i < res.hits.size(); ++i) {
        if (new_index[i] == SIZE_MAX) continue;
        new_index[i] = kept.size();
        Hit& h = res.hits[i];
        h.passages.clear();
        h.title_highlights = find_highlights(analyzer, h.article.title, h.article.lang, query, Field::Title, &memo);
        kept.push_back(std::move(h));
    }
    res.hits = std::move(kept);
    res.passage_hits.clear();
    for (std::size_t i = first; i < last; ++i)
        res.passage_hits.push_back({i + 1, found[i].passage.score, new_index[found[i].hit], std::move(found[i].passage)});
}

} // namespace lede

// SPDX-License-Identifier: MIT
// Index a few articles and search them through Lede's public C++ API (see docs/scripting.md).
#include <lede/index.hpp>
#include <lede/search.hpp>

#include <iostream>
#include <string>

namespace {

// The passage with its highlights in [brackets] (offsets are bytes into text).
std::string marked(const lede::api::Passage& p) {
    std::string out;
    std::size_t at = 0;
    for (const auto& [begin, end] : p.highlights) {
        out += p.text.substr(at, begin - at) + "[" + p.text.substr(begin, end - begin) + "]";
        at = end;
    }
    return out + p.text.substr(at);
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: search_example INDEX_DIR [QUERY]\n";
        return 2;
    }
    const std::string path = argv[1];
    const std::string text = argc > 2 ? argv[2] : "cocoa prices";
    try {
        {
            lede::api::Indexer indexer(path);
            indexer.add({.id = "ex-1",
                         .title = "Cocoa prices hit a record as disease spreads",
                         .body = "Cocoa futures rose for a fifth week as swollen shoot disease spread through farms "
                                 "in West Africa, where most of the world's beans are grown.",
                         .date = "2024-03-26",
                         .source = "Example Wire",
                         .tags = {"cocoa", "commodities"}});
            indexer.add({.id = "ex-2",
                         .title = "Chocolate makers shrink their bars",
                         .body = "Several makers reduced bar sizes while keeping prices unchanged, blaming cocoa costs.",
                         .date = "2024-11-19",
                         .source = "Example Wire"});
            indexer.add({.id = "ex-3",
                         .title = "Harbour reopens after the storm",
                         .body = "Ferries sailed again on Monday once the harbour walls had been inspected.",
                         .date = "2024-01-08"});
            const lede::api::IndexReport& report = indexer.commit();
            std::cout << "indexed: " << report.added << " added, " << report.updated << " updated, "
                      << report.unchanged << " unchanged; " << report.documents << " articles\n";
        }

        lede::api::Searcher searcher(path);
        lede::api::Query query;
        query.text = text;
        query.limit = 5;
        const lede::api::Results results = searcher.search(query);
        for (const auto& hit : results.hits) {
            std::cout << hit.rank << ". " << hit.article.id << "  " << hit.article.date.substr(0, 10) << "  "
                      << hit.article.title << '\n';
            for (const auto& p : hit.passages) std::cout << "   " << marked(p) << '\n';
        }
        std::cout << results.hits.size() << " of about " << results.matches_estimated << " matches for '" << text
                  << "' (lede " << lede::api::version() << ")\n";
        return results.hits.empty() ? 1 : 0;
    } catch (const lede::api::Error& e) {
        std::cerr << "search_example: " << e.what() << '\n';
        return 2;
    }
}

// SPDX-License-Identifier: MIT
// Expand sets with cached term frequencies: the same statistics, weights, summation order and
// tie-breaks as Xapian 1.4's ESet (TradEWeight), so feedback ranks exactly as get_eset would.
#include "feedback.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_set>

namespace lede {

bool TermFreqCache::sync(const Xapian::Database& db) {
    bool moved = false;
    const bool local = m_revision.follow(db, moved);
    if (moved) m_freqs.clear();
    return local;
}

TermFreqCache::Freqs& TermFreqCache::entry(const Xapian::Database& db, const std::string& term) {
    auto it = m_freqs.find(term);
    if (it != m_freqs.end()) return it->second;
    if (m_freqs.size() >= max_terms) m_freqs.clear();
    return m_freqs.emplace(term, Freqs{db.get_termfreq(term)}).first->second;
}

Xapian::doccount TermFreqCache::termfreq(const Xapian::Database& db, const std::string& term) {
    return entry(db, term).term;
}

Xapian::termcount TermFreqCache::collection_freq(const Xapian::Database& db, const std::string& term) {
    Freqs& f = entry(db, term);
    if (!f.have_collection) {
        f.collection = db.get_collection_freq(term);
        f.have_collection = true;
    }
    return f.collection;
}

namespace {

// Xapian merges the relevant documents' term lists in a binary tree built like a Huffman code
// (the two shortest lists joined first, the longer one on the left) and adds up each term's
// statistics by walking that tree left to right. Floating-point sums depend on their order, so
// the documents are visited in the same order here: the leaves of that tree, left to right.
std::vector<std::size_t> merge_order(const std::vector<std::size_t>& sizes) {
    struct Node {
        std::size_t size;
        std::vector<std::size_t> leaves; // left to right
    };
    std::vector<Node> nodes;
    nodes.reserve(sizes.size());
    for (std::size_t i = 0; i < sizes.size(); ++i) nodes.push_back({sizes[i], {i}});
    if (nodes.size() <= 1) return nodes.empty() ? std::vector<std::size_t>{} : nodes[0].leaves;
    // A heap with the shortest list on top, using the same standard heap algorithms (and so the
    // same choice among lists of equal length) as Xapian.
    std::vector<std::size_t> heap(nodes.size());
    for (std::size_t i = 0; i < heap.size(); ++i) heap[i] = i;
    auto longer = [&](std::size_t a, std::size_t b) { return nodes[a].size > nodes[b].size; };
    std::make_heap(heap.begin(), heap.end(), longer);
    for (;;) {
        const std::size_t right = heap.front();
        std::pop_heap(heap.begin(), heap.end(), longer);
        heap.pop_back();
        const std::size_t left = heap.front();
        Node joined{nodes[left].size + nodes[right].size, nodes[left].leaves};
        joined.leaves.insert(joined.leaves.end(), nodes[right].leaves.begin(), nodes[right].leaves.end());
        nodes.push_back(std::move(joined));
        if (heap.size() == 1) return nodes.back().leaves;
        std::pop_heap(heap.begin(), heap.end(), longer);
        heap.back() = nodes.size() - 1;
        std::push_heap(heap.begin(), heap.end(), longer);
    }
}

} // namespace

std::vector<ExpandTerm> expand_terms(const Xapian::Database& db, const std::vector<Xapian::docid>& rset_in,
                                     const Xapian::Query& query, std::size_t count,
                                     const std::function<bool(const std::string&)>& accept, TermFreqCache& cache) {
    std::vector<ExpandTerm> out;
    // An RSet is a set of document ids, visited in ascending order.
    std::vector<Xapian::docid> rset(rset_in);
    std::sort(rset.begin(), rset.end());
    rset.erase(std::unique(rset.begin(), rset.end()), rset.end());
    if (rset.empty() || count == 0) return out;

    const std::unordered_set<std::string> query_terms(query.get_unique_terms_begin(), query.get_unique_terms_end());
    struct Entry {
        std::string term;
        Xapian::termcount wdf;
    };
    std::vector<std::vector<Entry>> lists(rset.size());
    std::vector<std::size_t> sizes(rset.size());
    std::vector<Xapian::termcount> doclens(rset.size());
    for (std::size_t d = 0; d < rset.size(); ++d) {
        std::size_t n = 0;
        for (auto t = db.termlist_begin(rset[d]); t != db.termlist_end(rset[d]); ++t, ++n) {
            const std::string term = *t;
            if (query_terms.count(term) || !accept(term)) continue;
            lists[d].push_back({term, t.get_wdf()});
        }
        sizes[d] = n;
        doclens[d] = db.get_doclength(rset[d]);
    }

    // Each term's relevant documents, in the order Xapian adds up their statistics.
    struct Stats {
        Xapian::doccount rtermfreq = 0;
        double multiplier = 0;
    };
    std::map<std::string, Stats> stats; // term order, as Xapian meets the terms
    constexpr double expand_k = 1.0;
    const double avlen = db.get_avlength();
    for (std::size_t d : merge_order(sizes)) {
        for (const Entry& e : lists[d]) {
            Stats& s = stats[e.term];
            const Xapian::termcount wdf = e.wdf == 0 ? 1 : e.wdf; // boolean terms count once
            ++s.rtermfreq;
            s.multiplier += (expand_k + 1) * wdf / (expand_k * doclens[d] / avlen + wdf);
        }
    }

    // Selection as Xapian makes it: terms in lexical order, each kept if it weighs more than the
    // worst of the `count` kept so far (so of equal weights the earlier, smaller term stays), the
    // worst found with a heap ordered by weight and then by term; ties end up in reverse lexical
    // order. The same standard algorithms and order give the same terms in the same order.
    auto better = [](const ExpandTerm& a, const ExpandTerm& b) {
        return a.weight > b.weight || (a.weight == b.weight && a.term > b.term);
    };
    const Xapian::doccount dbsize = db.get_doccount();
    const Xapian::doccount rsize = static_cast<Xapian::doccount>(rset.size());
    double min_weight = 0;
    bool is_heap = false;
    for (const auto& [term, s] : stats) {
        const Xapian::doccount termfreq = cache.termfreq(db, term);
        const double reldocs_without_term = rsize - s.rtermfreq;
        const double num = (s.rtermfreq + 0.5) * (dbsize - termfreq - reldocs_without_term + 0.5);
        const double denom = (termfreq - s.rtermfreq + 0.5) * (reldocs_without_term + 0.5);
        const double weight = s.multiplier * std::log(num / denom);
        if (weight <= min_weight) continue;
        out.push_back({term, weight});
        if (out.size() > count) {
            if (!is_heap) {
                is_heap = true;
                std::make_heap(out.begin(), out.end(), better);
            } else {
                std::push_heap(out.begin(), out.end(), better);
            }
            std::pop_heap(out.begin(), out.end(), better);
            out.pop_back();
            min_weight = out.front().weight;
        }
    }
    if (is_heap) std::sort_heap(out.begin(), out.end(), better);
    else std::sort(out.begin(), out.end(), better);
    return out;
}

} // namespace lede

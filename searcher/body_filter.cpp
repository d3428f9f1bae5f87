// SPDX-License-Identifier: MIT
// Body-only matching: a title word is indexed under the same unprefixed term as a body word, so
// the body's share is what the title twin ("S"/"ZS" term) does not account for, by wdf for single
// terms and by position for sequences.
#include "body_filter.hpp"

#include "schema.hpp"

#include <algorithm>
#include <limits>

namespace lede {

BodyFilter::BodyFilter(std::vector<BodyClause> clauses, unsigned max_expansion)
    : m_clauses(std::move(clauses)), m_max_expansion(max_expansion) {}

std::string BodyFilter::title_twin(const std::string& term) {
    const std::string_view stem = schema::prefix::stem;
    if (term.compare(0, stem.size(), stem) == 0)
        return std::string(stem).append(schema::prefix::title).append(term, stem.size());
    return std::string(schema::prefix::title).append(term);
}

void BodyFilter::init(const Xapian::Database& db) {
    m_db = db;
    m_expanded.clear();
    m_anchors.clear();
    m_current = 0;
    m_at_end = false;
    m_started = false;
    m_cursors.clear();
    auto anchor = [&](const std::string& term) {
        m_anchors.push_back({db.postlist_begin(term), db.postlist_end(term)});
    };
    for (const auto& c : m_clauses) {
        BodyClause e = c;
        if (c.kind == BodyClause::Kind::Prefix) {
            e.kind = BodyClause::Kind::AnyTerm;
            e.terms.clear();
            const std::string& prefix = c.terms.at(0);
            for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
                if (e.terms.size() >= m_max_expansion) break;
                e.terms.push_back(*t);
            }
        }
        if (e.kind == BodyClause::Kind::Sequence && !e.terms.empty()) anchor(e.terms.front());
        else
            for (const auto& t : e.terms) anchor(t);
        m_expanded.push_back(std::move(e));
    }
    // The filter sits under a ranked query for the same words, so it hardly narrows that query:
    // estimating every document keeps Xapian's AND estimate at the ranked side's.
    m_estimate = db.get_doccount();
}

BodyFilter* BodyFilter::clone() const { return new BodyFilter(m_clauses, m_max_expansion); }

std::string BodyFilter::get_description() const {
    std::string d = "lede::BodyFilter(";
    for (std::size_t i = 0; i < m_clauses.size(); ++i) {
        const auto& c = m_clauses[i];
        if (i) d += " | ";
        if (c.kind == BodyClause::Kind::Prefix) d += c.terms.at(0) + "*";
        else if (c.kind == BodyClause::Kind::AnyTerm) {
            for (std::size_t j = 0; j < c.terms.size(); ++j) d += (j ? "/" : "") + c.terms[j];
        } else {
            d += c.ordered ? "PHRASE " : "NEAR ";
            d += std::to_string(c.window);
            for (const auto& t : c.terms) d += " " + t;
        }
    }
    return d + ")";
}

void BodyFilter::next(double) {
    settle(m_started ? m_current + 1 : 1);
}

void BodyFilter::skip_to(Xapian::docid did, double) {
    if (m_started && (m_at_end || did <= m_current)) return;
    settle(did);
}

void BodyFilter::settle(Xapian::docid from) {
    m_started = true;
    while (true) {
        Xapian::docid best = std::numeric_limits<Xapian::docid>::max();
        bool any = false;
        for (auto& a : m_anchors) {
            if (a.it == a.end) continue;
            if (*a.it < from) a.it.skip_to(from);
            if (a.it == a.end) continue;
            best = std::min(best, *a.it);
            any = true;
        }
        if (!any) {
            m_at_end = true;
            return;
        }
        if (matches(best)) {
            m_current = best;
            return;
        }
        from = best + 1;
    }
}

bool BodyFilter::matches(Xapian::docid did) const {
    for (const auto& c : m_expanded)
        if (clause_matches(c, did)) return true;
    return false;
}

// The term's within-document frequency, or 0. Cursors only move forward, as the candidates do.
Xapian::termcount BodyFilter::wdf(const std::string& term, Xapian::docid did) const {
    auto it = m_cursors.find(term);
    if (it == m_cursors.end()) it = m_cursors.emplace(term, Anchor{m_db.postlist_begin(term), m_db.postlist_end(term)}).first;
    Anchor& a = it->second;
    if (a.it != a.end && *a.it < did) a.it.skip_to(did);
    if (a.it == a.end || *a.it != did) return 0;
    return a.it.get_wdf();
}

bool BodyFilter::term_in_body(const std::string& term, Xapian::docid did) const {
    const Xapian::termcount all = wdf(term, did);
    return all > 0 && all > wdf(title_twin(term), did);
}

std::vector<Xapian::termpos> BodyFilter::body_positions(const std::string& term, Xapian::docid did) const {
    std::vector<Xapian::termpos> out;
    if (wdf(term, did) == 0) return out;
    std::vector<Xapian::termpos> title;
    const std::string twin = title_twin(term);
    if (wdf(twin, did) > 0)
        for (auto p = m_db.positionlist_begin(did, twin); p != m_db.positionlist_end(did, twin); ++p) title.push_back(*p);
    for (auto p = m_db.positionlist_begin(did, term); p != m_db.positionlist_end(did, term); ++p)
        if (!std::binary_search(title.begin(), title.end(), *p)) out.push_back(*p);
    return out;
}

bool BodyFilter::clause_matches(const BodyClause& c, Xapian::docid did) const {
    if (c.kind != BodyClause::Kind::Sequence) {
        for (const auto& t : c.terms)
            if (term_in_body(t, did)) return true;
        return false;
    }
    std::vector<std::vector<Xapian::termpos>> pos;
    for (const auto& t : c.terms) {
        pos.push_back(body_positions(t, did));
        if (pos.back().empty()) return false;
    }
    const Xapian::termpos window = std::max<Xapian::termpos>(c.window, static_cast<Xapian::termpos>(c.terms.size()));
    if (c.ordered) {
        // Earliest-next choice is optimal for an ordered match from a given start.
        for (Xapian::termpos start : pos[0]) {
            Xapian::termpos prev = start;
            bool ok = true;
            for (std::size_t i = 1; i < pos.size() && ok; ++i) {
                auto it = std::upper_bound(pos[i].begin(), pos[i].end(), prev);
                if (it == pos[i].end() || *it - start + 1 > window) ok = false;
                else prev = *it;
            }
            if (ok) return true;
        }
        return false;
    }
    // Unordered: the smallest span holding one position of every term.
    std::vector<std::pair<Xapian::termpos, std::size_t>> all;
    for (std::size_t i = 0; i < pos.size(); ++i)
        for (auto p : pos[i]) all.emplace_back(p, i);
    std::sort(all.begin(), all.end());
    std::vector<std::size_t> seen(pos.size(), 0);
    std::size_t covered = 0, lo = 0;
    for (std::size_t hi = 0; hi < all.size(); ++hi) {
        if (seen[all[hi].second]++ == 0) ++covered;
        while (covered == pos.size()) {
            if (all[hi].first - all[lo].first + 1 <= window) return true;
            if (--seen[all[lo].second] == 0) --covered;
            ++lo;
        }
    }
    return false;
}

} // namespace lede

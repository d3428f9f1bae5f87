// SPDX-License-Identifier: MIT
// BM25 with the Robertson-Sparck Jones idf as SQLite FTS5's bm25() computes it: a Xapian::Weight,
// so that Lede's BM25 and the baseline's differ in nothing but what the index holds.
#pragma once

#include <xapian.h>

#include <string>

namespace lede {

/// Okapi BM25: idf * (k1 + 1) * wdf / (k1 * ((1 - b) + b * len / avlen) + wdf), where
/// idf = log((N - n + 0.5) / (n + 0.5)) floored at `idf_floor` (FTS5: 1e-6), N the articles and n
/// those with the term. Xapian's BM25Weight instead replaces a ratio r = (N - n + 0.5) / (n + 0.5)
/// below 2 with r / 2 + 1, so a word in half the articles keeps log 1.5 = 0.41 (here: the floor).
/// len / avlen is floored at min_normlen as in BM25Weight. Local databases only: remote shards run
/// Xapian's built-in classes (the searcher uses BM25Weight there).
class Bm25IdfWeight : public Xapian::Weight {
public:
    explicit Bm25IdfWeight(double k1 = 1.2, double b = 0.75, double min_normlen = 0.5, double idf_floor = 1e-6);

    /// The idf of a term in n of N articles, as above.
    static double idf(double n_docs, double term_docs, double idf_floor);

    std::string name() const override;
    std::string serialise() const override;
    Bm25IdfWeight* unserialise(const std::string& serialised) const override;
    Bm25IdfWeight* clone() const override;
    void init(double factor) override;
    double get_sumpart(Xapian::termcount wdf, Xapian::termcount doclen, Xapian::termcount uniqterms) const override;
    double get_maxpart() const override;
    double get_sumextra(Xapian::termcount, Xapian::termcount) const override { return 0; }
    double get_maxextra() const override { return 0; }

private:
    double m_k1, m_b, m_min_normlen, m_idf_floor;
    double m_termweight = 0;   // idf * (k1 + 1) * wqf * factor
    double m_inv_avlen = 1;
};

} // namespace lede

// SPDX-License-Identifier: MIT
#include "bm25_idf.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace lede {

Bm25IdfWeight::Bm25IdfWeight(double k1, double b, double min_normlen, double idf_floor)
    : m_k1(k1), m_b(b), m_min_normlen(min_normlen), m_idf_floor(idf_floor) {
    need_stat(COLLECTION_SIZE);
    need_stat(TERMFREQ);
    need_stat(WDF);
    need_stat(WDF_MAX);
    need_stat(WQF);
    need_stat(AVERAGE_LENGTH);
    need_stat(DOC_LENGTH);
    need_stat(DOC_LENGTH_MIN);
}

double Bm25IdfWeight::idf(double n_docs, double term_docs, double idf_floor) {
    const double w = std::log((n_docs - term_docs + 0.5) / (term_docs + 0.5));
    return std::isfinite(w) && w > idf_floor ? w : idf_floor;
}

std::string Bm25IdfWeight::name() const { return "lede::Bm25IdfWeight"; }

std::string Bm25IdfWeight::serialise() const {
    char buf[128];
    std::snprintf(buf, sizeof buf, "%.17g %.17g %.17g %.17g", m_k1, m_b, m_min_normlen, m_idf_floor);
    return buf;
}

Bm25IdfWeight* Bm25IdfWeight::unserialise(const std::string& s) const {
    double v[4] = {1.2, 0.75, 0.5, 1e-6};
    const char* p = s.c_str();
    for (double& x : v) {
        char* end = nullptr;
        x = std::strtod(p, &end);
        if (end == p) throw Xapian::SerialisationError("bad lede::Bm25IdfWeight parameters");
        p = end;
    }
    return new Bm25IdfWeight(v[0], v[1], v[2], v[3]);
}

Bm25IdfWeight* Bm25IdfWeight::clone() const { return new Bm25IdfWeight(m_k1, m_b, m_min_normlen, m_idf_floor); }

void Bm25IdfWeight::init(double factor) {
    if (factor == 0.0) { // used for get_sumextra only (none here)
        m_termweight = 0;
        return;
    }
    const double avlen = get_average_length();
    m_inv_avlen = avlen > 0 ? 1.0 / avlen : 1.0;
    m_termweight = idf(static_cast<double>(get_collection_size()), static_cast<double>(get_termfreq()), m_idf_floor) *
                   (m_k1 + 1) * static_cast<double>(std::max<Xapian::termcount>(1, get_wqf())) * factor;
}

double Bm25IdfWeight::get_sumpart(Xapian::termcount wdf, Xapian::termcount doclen, Xapian::termcount) const {
    if (wdf == 0) return 0;
    const double normlen = std::max(doclen * m_inv_avlen, m_min_normlen);
    const double k = m_k1 * ((1 - m_b) + m_b * normlen);
    return m_termweight * wdf / (k + wdf);
}

double Bm25IdfWeight::get_maxpart() const {
    const double wdf = get_wdf_upper_bound();
    if (wdf == 0) return 0;
    // Largest for the most occurrences in the shortest article.
    const double normlen = std::max(get_doclength_lower_bound() * m_inv_avlen, m_min_normlen);
    const double k = m_k1 * ((1 - m_b) + m_b * normlen);
    return m_termweight * wdf / (k + wdf);
}

} // namespace lede

// SPDX-License-Identifier: MIT
// body: in queries. Title and body words share the unprefixed term space; this posting source
// keeps the articles where a word (or phrase) occurs in the body itself.
#pragma once

#include <xapian.h>

#include <map>
#include <string>
#include <vector>

namespace lede {

/// One way a body can match. The terms are unprefixed exact terms ("cocoa") or stem terms
/// ("Zcocoa"); their title twins ("Scocoa", "ZScocoa") tell title occurrences apart.
struct BodyClause {
    enum class Kind {
        AnyTerm,     // one of `terms` occurs in the body (more often than in the title)
        Sequence,    // exact `terms` within `window` body positions (in order when `ordered`)
        Prefix,      // a word starting with terms[0] occurs in the body (expanded per database)
    };
    Kind kind = Kind::AnyTerm;
    std::vector<std::string> terms;
    unsigned window = 0;
    bool ordered = true;
};

/// Matches the articles where any clause matches in the body. Weightless: combine it with
/// Xapian::Query::OP_FILTER under the ranked query for the same words.
class BodyFilter : public Xapian::PostingSource {
public:
    explicit BodyFilter(std::vector<BodyClause> clauses, unsigned max_expansion = 10000);

    void init(const Xapian::Database& db) override;
    Xapian::doccount get_termfreq_min() const override { return 0; }
    Xapian::doccount get_termfreq_est() const override { return m_estimate; }
    Xapian::doccount get_termfreq_max() const override { return m_estimate; }
    Xapian::docid get_docid() const override { return m_current; }
    void next(double min_wt) override;
    void skip_to(Xapian::docid did, double min_wt) override;
    bool at_end() const override { return m_at_end; }
    BodyFilter* clone() const override;
    std::string get_description() const override;

    /// The title twin of a text term: "Zrun" -> "ZSrun", "run" -> "Srun".
    static std::string title_twin(const std::string& term);

private:
    struct Anchor {
        Xapian::PostingIterator it, end;
    };
    void settle(Xapian::docid from);
    bool matches(Xapian::docid did) const;
    bool clause_matches(const BodyClause& clause, Xapian::docid did) const;
    bool term_in_body(const std::string& term, Xapian::docid did) const;
    Xapian::termcount wdf(const std::string& term, Xapian::docid did) const;
    std::vector<Xapian::termpos> body_positions(const std::string& term, Xapian::docid did) const;

    std::vector<BodyClause> m_clauses;    // as given
    std::vector<BodyClause> m_expanded;   // prefixes expanded for the current database
    unsigned m_max_expansion;
    Xapian::Database m_db;
    std::vector<Anchor> m_anchors;
    mutable std::map<std::string, Anchor> m_cursors;   // per-term postings for wdf lookups
    Xapian::docid m_current = 0;
    Xapian::doccount m_estimate = 0;
    bool m_at_end = false;
    bool m_started = false;
};

} // namespace lede

// SPDX-License-Identifier: MIT
// The query language on Reuters-21578, end to end: lede-search's hits are checked against the
// stored articles through the common analyzer (the same folding and stemming as the index).
#include "../catch.hpp"
#include "run.hpp"

#include "analyzer.hpp"
#include "document.hpp"
#include "index_meta.hpp"
#include "schema.hpp"
#include "searcher.hpp"

#include <xapian.h>

#include <algorithm>
#include <map>
#include <set>

using namespace lede;
using namespace lede::e2e;

namespace {

std::string reuters_db() { return std::string(LEDE_TESTDATA_DIR) + "/reuters.idx"; }

// Ids printed by lede-search --ids for a query (all of them: no collapsing, a large page).
std::vector<std::string> hit_ids(const std::string& query, std::vector<std::string> extra = {}) {
    std::vector<std::string> argv{lede_search(), "--db", reuters_db(), "--ids", "--no-collapse", "-n", "100000"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    argv.push_back("--"); // a query may start with '-'
    argv.push_back(query);
    const RunResult r = run(argv);
    INFO(query << "\n" << r.err);
    REQUIRE((r.code == 0 || r.code == 1));
    return lines(r.out);
}

unsigned long exact_count(const std::string& query) {
    const RunResult r = run({lede_search(), "--db", reuters_db(), "--count", "--exact-count", "--no-collapse", "--", query});
    INFO(query << "\n" << r.err);
    REQUIRE((r.code == 0 || r.code == 1));
    return std::stoul(r.out);
}

class Articles {
public:
    Articles() : m_db(reuters_db()), m_an(read_index_info(m_db).analyzer) {}

    Article get(const std::string& id) const {
        const std::string term = limit_term_length(std::string(schema::prefix::id) + id);
        Xapian::PostingIterator p = m_db.postlist_begin(term);
        REQUIRE(p != m_db.postlist_end(term));
        return decode_article(m_db.get_document(*p).get_data());
    }

    // English stems of the words of a text (Reuters is English), as the index stems them.
    std::set<std::string> stems(const std::string& text) const {
        std::set<std::string> out;
        for (const auto& t : m_an.analyze(text))
            if (t.kind == TokenKind::Word) out.insert(m_an.stem(t.term, "en"));
        return out;
    }

    // Does `text` hold `words` (folded) at consecutive positions, as a phrase query sees them?
    bool has_phrase(const std::string& text, const std::string& words) const {
        std::vector<std::string> want;
        for (const auto& t : m_an.analyze(words))
            if (!t.alias) want.push_back(t.term);
        std::map<std::uint32_t, std::set<std::string>> at;
        for (const auto& t : m_an.analyze(text)) at[t.pos].insert(t.term);
        for (const auto& [pos, terms] : at) {
            bool ok = true;
            for (std::size_t i = 0; i < want.size() && ok; ++i) {
                auto it = at.find(pos + static_cast<std::uint32_t>(i));
                ok = it != at.end() && it->second.count(want[i]);
            }
            if (ok) return true;
        }
        return false;
    }

    std::string stem(const std::string& word) const { return m_an.stem(m_an.fold_word(word), "en"); }
    const Xapian::Database& db() const { return m_db; }

private:
    Xapian::Database m_db;
    Analyzer m_an;
};

} // namespace

TEST_CASE("every hit of title:cocoa has cocoa in its title, and every such title is a hit", "[reuters][query]") {
    Articles articles;
    const auto ids = hit_ids("title:cocoa");
    REQUIRE(ids.size() > 40);
    CHECK(ids.size() == exact_count("title:cocoa"));
    const std::string cocoa = articles.stem("cocoa");
    for (const auto& id : ids) {
        const Article a = articles.get(id);
        INFO(id << ": " << a.title);
        CHECK(articles.stems(a.title).count(cocoa));
    }
    // Recall: scan every stored title.
    std::set<std::string> want;
    for (Xapian::docid d = 1; d <= articles.db().get_lastdocid(); ++d) {
        const Article a = decode_article(articles.db().get_document(d).get_data());
        if (articles.stems(a.title).count(cocoa)) want.insert(a.id);
    }
    CHECK(std::set<std::string>(ids.begin(), ids.end()) == want);
}

TEST_CASE("every hit of a phrase query contains the phrase", "[reuters][query]") {
    Articles articles;
    for (const std::string phrase : {"central bank", "interest rates", "crude oil prices", "U.S. Treasury"}) {
        const auto ids = hit_ids("\"" + phrase + "\"");
        INFO(phrase);
        REQUIRE(ids.size() > 5);
        for (const auto& id : ids) {
            const Article a = articles.get(id);
            INFO(id);
            CHECK((articles.has_phrase(a.title, phrase) || articles.has_phrase(a.body, phrase)));
        }
        // In the body only, the body has it.
        for (const auto& id : hit_ids("body:\"" + phrase + "\"")) CHECK(articles.has_phrase(articles.get(id).body, phrase));
    }
}

TEST_CASE("A NOT B: no hit contains B, and every hit contains A", "[reuters][query]") {
    Articles articles;
    const std::vector<std::pair<std::string, std::string>> pairs{
        {"oil", "opec"}, {"cocoa", "ghana"}, {"bank", "rate"}, {"wheat", "usda"}};
    for (const auto& [a, b] : pairs) {
        for (const std::string& form : {a + " NOT " + b, a + " AND NOT " + b, a + " -" + b}) {
            const auto ids = hit_ids(form);
            INFO(form);
            REQUIRE(ids.size() > 5);
            CHECK(ids.size() == exact_count(form));
            for (const auto& id : ids) {
                const Article art = articles.get(id);
                const auto stems = articles.stems(art.title + "\n" + art.body);
                INFO(id);
                CHECK(stems.count(articles.stem(a)));
                CHECK_FALSE(stems.count(articles.stem(b)));
            }
        }
        CHECK(exact_count(a + " NOT " + b) + exact_count(a + " AND " + b) == exact_count(a));
    }
}

TEST_CASE("date ranges return only articles inside them, and all of those", "[reuters][query]") {
    Articles articles;
    // Per day counts of the whole collection, from the stored articles.
    std::map<std::string, unsigned long> per_day;
    for (Xapian::docid d = 1; d <= articles.db().get_lastdocid(); ++d) {
        const Article a = decode_article(articles.db().get_document(d).get_data());
        if (a.date.size() >= 10) ++per_day[a.date.substr(0, 10)];
    }
    struct Range {
        std::string query, from, to;
        std::vector<std::string> options;
    };
    const std::vector<Range> ranges{
        {"date:1987-03-01..1987-03-15", "1987-03-01", "1987-03-15", {}},
        {"date:1987-04", "1987-04-01", "1987-04-30", {}},
        {"date:1987-06-01", "1987-06-01", "1987-06-01", {}},
        {"date:..1987-02", "0000-00-00", "1987-02-28", {}},
        {"date:1987-10..", "1987-10-01", "9999-99-99", {}},
        {"oil date:1987-03..1987-04", "1987-03-01", "1987-04-30", {}},
        {"oil", "1987-03-10", "1987-06-05", {"--since", "1987-03-10", "--until", "1987-06-05"}},
        {"date:1987", "1987-10-01", "1987-12-31", {"--since", "1987-10"}},
    };
    for (const auto& r : ranges) {
        INFO(r.query);
        const auto ids = hit_ids(r.query, r.options);
        REQUIRE(!ids.empty());
        const std::string& from = r.from;
        for (const auto& id : ids) {
            const std::string day = articles.get(id).date.substr(0, 10);
            INFO(id << " " << day);
            CHECK(day >= from);
            CHECK(day <= r.to);
        }
        if (r.query.rfind("date:", 0) == 0) {
            unsigned long want = 0;
            for (const auto& [day, n] : per_day)
                if (day >= from && day <= r.to) want += n;
            CHECK(ids.size() == want);
        }
    }
}

TEST_CASE("hits(A OR B) >= hits(A) >= hits(A AND B), counted exactly", "[reuters][query]") {
    const std::vector<std::pair<std::string, std::string>> pairs{
        {"oil", "gas"},           {"cocoa", "coffee"},         {"title:bank", "rates"},
        {"\"central bank\"", "dollar"}, {"wheat", "date:1987-03"}, {"tag:grain", "export*"},
        {"strike NEAR/5 port", "union"}, {"yen", "-dollar"}};
    for (const auto& [a, b] : pairs) {
        const unsigned long n_or = exact_count(a + " OR " + b), n_a = exact_count(a), n_b = exact_count(b);
        const unsigned long n_and = exact_count(a + " AND " + b);
        INFO(a << " | " << b << ": OR " << n_or << ", A " << n_a << ", B " << n_b << ", AND " << n_and);
        CHECK(n_or >= n_a);
        CHECK(n_a >= n_and);
        CHECK(n_or + n_and == n_a + n_b); // inclusion-exclusion: the counts are exact
        CHECK(n_a > 0);
    }
}

TEST_CASE("did-you-mean on Reuters finds the obvious corrections", "[reuters][query]") {
    Searcher s(reuters_db());
    const std::vector<std::pair<std::string, std::string>> cases{
        {"cocao", "cocoa"},
        {"centrl bank", "central bank"},
        {"\"centrl bank\"", "\"central bank\""},
        {"exchnage rates", "exchange rates"},
        {"intrest", "interest"}, // in one article: few hits, and "interest" is far more common
        {"title:treasurey", "title:treasury"},
    };
    for (const auto& [typed, want] : cases) {
        SearchRequest r;
        r.query = typed;
        r.want_passages = false;
        const SearchResult res = s.search(r);
        INFO(typed);
        CHECK(res.suggestion == want);
        CHECK(res.suggestion_matches > res.matches_estimated);
    }
}

TEST_CASE("exact counts with duplicates collapsed never exceed the uncollapsed ones", "[reuters][query]") {
    for (const std::string q : {"oil", "date:1987-03", "NOT oil", "cocoa OR coffee"}) {
        const RunResult c = run({lede_search(), "--db", reuters_db(), "--count", "--exact-count", q});
        REQUIRE(c.code == 0);
        const unsigned long collapsed = std::stoul(c.out), all = exact_count(q);
        INFO(q << ": " << collapsed << " of " << all);
        CHECK(collapsed <= all);
        CHECK(collapsed > 0);
    }
    // Reuters repeats some stories verbatim: the whole collection has fewer distinct stories.
    const RunResult c = run({lede_search(), "--db", reuters_db(), "--count", "--exact-count", "NOT xyzzy"});
    CHECK(std::stoul(c.out) < exact_count("NOT xyzzy"));
}

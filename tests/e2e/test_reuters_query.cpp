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

#include <nlohmann/json.hpp>
#include <xapian.h>

#include <algorithm>
#include <cctype>
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
        // The suggestion finds more, or (a misspelt word leaves no article with every word, so the
        // typed query was relaxed to the others) finds articles with all of its words.
        if (res.relaxed) CHECK(res.suggestion_matches > 0);
        else CHECK(res.suggestion_matches > res.matches_estimated);
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

namespace {

RunResult search_run(std::vector<std::string> args, const std::vector<std::string>& env = {}) {
    std::vector<std::string> argv{lede_search(), "--db", reuters_db()};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv, {}, env);
}

unsigned long count_of(std::vector<std::string> args) {
    args.insert(args.begin(), "--count");
    const RunResult r = search_run(args);
    INFO(r.err);
    REQUIRE((r.code == 0 || r.code == 1));
    return std::stoul(r.out);
}

} // namespace

TEST_CASE("juxtaposed words are all required: central bank has fewer hits than --any, each with both words", "[reuters][query]") {
    Articles articles;
    const unsigned long n_and = count_of({"--exact-count", "--no-collapse", "central bank"});
    const unsigned long n_any = count_of({"--exact-count", "--no-collapse", "--any", "central bank"});
    const unsigned long n_phrase = count_of({"--exact-count", "--no-collapse", "\"central bank\""});
    INFO("AND " << n_and << ", OR " << n_any << ", phrase " << n_phrase);
    CHECK(n_and < n_any);
    CHECK(n_and >= n_phrase);
    CHECK(n_and == exact_count("central AND bank")); // the default is the explicit AND
    const auto ids = hit_ids("central bank");
    CHECK(ids.size() == n_and);
    const std::string central = articles.stem("central"), bank = articles.stem("bank");
    for (const auto& id : ids) {
        const Article a = articles.get(id);
        std::set<std::string> words = articles.stems(a.title);
        words.merge(articles.stems(a.body));
        INFO(id);
        CHECK(words.count(central));
        CHECK(words.count(bank));
    }
    // --any is the old ranked OR: the same hits in the same order as the explicit OR.
    CHECK(hit_ids("central bank", {"--any"}) == hit_ids("central OR bank"));
    CHECK(n_any == exact_count("central OR bank"));
    // --literal stays the ranked OR (pasted text; docs/search-quality.md), --all makes it AND.
    CHECK(count_of({"--exact-count", "--no-collapse", "--literal", "central bank"}) == n_any);
    CHECK(count_of({"--exact-count", "--no-collapse", "--literal", "--all", "central bank"}) == n_and);
    // Timeline and facets count what the hits are: the articles with both words.
    for (const std::vector<std::string>& extra : {std::vector<std::string>{}, {"--any"}}) {
        std::vector<std::string> args{"--json", "-n", "0", "--no-collapse", "--facets", "--timeline=month", "--exact-count"};
        args.insert(args.end(), extra.begin(), extra.end());
        args.push_back("central bank");
        const RunResult t = search_run(args);
        REQUIRE(t.code == 0);
        const nlohmann::json s = nlohmann::json::parse(lines(t.out).back())["data"];
        const unsigned long want = extra.empty() ? n_and : n_any;
        CHECK(s["operator"] == (extra.empty() ? "and" : "or"));
        CHECK(s["relaxed"] == false);
        CHECK(s["matches_estimated"] == want);
        CHECK(s["facets"]["counted"] == want);
        unsigned long in_timeline = s["timeline"]["undated"].get<unsigned long>();
        for (const auto& b : s["timeline"]["buckets"]) in_timeline += b["count"].get<unsigned long>();
        CHECK(in_timeline == want);
        for (const auto& f : s["facets"]["fields"])
            if (f["name"] == "year") {
                unsigned long in_years = f["missing"].get<unsigned long>();
                for (const auto& v : f["values"]) in_years += v["count"].get<unsigned long>();
                CHECK(in_years == want);
            }
    }
}

TEST_CASE("a query no article fully matches shows the articles with most of its words, marked relaxed", "[reuters][query]") {
    Articles articles;
    const std::string q = "cocoa ghana yen";
    REQUIRE(exact_count("cocoa AND ghana AND yen") == 0);
    const unsigned long pairs = exact_count("(cocoa AND ghana) OR (cocoa AND yen) OR (ghana AND yen)");
    REQUIRE(pairs > 0);
    // JSON: relaxed, one word missing; the count is of the articles with two of the three words.
    const RunResult j = search_run({"--json", "--no-collapse", "--exact-count", "-n", "1000", "--fields", "id", q});
    REQUIRE(j.code == 0);
    CHECK(j.out.find("\"relaxed\":true") != std::string::npos);
    CHECK(j.out.find("\"words_missing\":1") != std::string::npos);
    CHECK(j.out.find("\"matches_estimated\":" + std::to_string(pairs) + ",") != std::string::npos);
    const auto ids = hit_ids(q);
    CHECK(ids.size() == pairs);
    for (const auto& id : ids) {
        const Article a = articles.get(id);
        std::set<std::string> words = articles.stems(a.title);
        words.merge(articles.stems(a.body));
        const int have = static_cast<int>(words.count(articles.stem("cocoa")) + words.count(articles.stem("ghana")) +
                                          words.count(articles.stem("yen")));
        INFO(id);
        CHECK(have == 2);
    }
    // The terminal says so above the hits; --count says so on stderr and counts the same articles.
    const RunResult t = search_run({"--color", "never", "--no-pager", "-n", "2", q});
    REQUIRE(t.code == 0);
    CHECK(t.out.rfind("No article has every word; showing articles with most of them\n", 0) == 0);
    const RunResult c = search_run({"--count", "--no-collapse", "--exact-count", q});
    CHECK(c.out == std::to_string(pairs) + "\n");
    CHECK(c.err.find("No article has every word") != std::string::npos);
    // Words none of which occurs: no hits, nothing relaxed (exit 1).
    const RunResult none = search_run({"--json", "zzqxv qqzzv"});
    CHECK(none.code == 1);
    CHECK(none.out.find("\"relaxed\":false") != std::string::npos);
    // A phrase is one item: it is never broken up into its words.
    const RunResult ph = search_run({"--json", "--fields", "id", "-n", "100", "\"central bank\" zzqxv"});
    CHECK(ph.code == 0);
    CHECK(ph.out.find("\"relaxed\":true") != std::string::npos);
    for (const auto& id : hit_ids("\"central bank\" zzqxv")) {
        const Article a = articles.get(id);
        CHECK((articles.has_phrase(a.title, "central bank") || articles.has_phrase(a.body, "central bank")));
    }
}

TEST_CASE("=US finds US written in capitals only, not the word us", "[reuters][query]") {
    Articles articles;
    const auto ids = hit_ids("=US");
    const unsigned long any_case = exact_count("=us");
    INFO(ids.size() << " in capitals, " << any_case << " in any case");
    REQUIRE(ids.size() >= 20);
    CHECK(ids.size() * 10 < any_case);
    // Every hit writes the token US in capitals (a word of its own: not "USA", "US$" is fine).
    auto has_caps_us = [](const std::string& text) {
        for (std::size_t i = text.find("US"); i != std::string::npos; i = text.find("US", i + 1)) {
            const bool left = i == 0 || !std::isalnum(static_cast<unsigned char>(text[i - 1]));
            const bool right = i + 2 >= text.size() || !std::isalnum(static_cast<unsigned char>(text[i + 2]));
            if (left && right) return true;
        }
        return false;
    };
    for (const auto& id : ids) {
        const Article a = articles.get(id);
        INFO(id << ": " << a.title);
        CHECK((has_caps_us(a.title) || has_caps_us(a.body)));
    }
    // A text where most words of two or more letters are in capitals (ASCII, counted here by hand).
    auto shouting = [](const std::string& text) {
        std::size_t words = 0, caps = 0;
        for (std::size_t i = 0; i < text.size();) {
            if (!std::isalpha(static_cast<unsigned char>(text[i]))) {
                ++i;
                continue;
            }
            std::size_t j = i, letters = 0, upper = 0;
            while (j < text.size() && (std::isalnum(static_cast<unsigned char>(text[j])) || text[j] == '.')) {
                if (std::isalpha(static_cast<unsigned char>(text[j]))) ++letters;
                if (std::isupper(static_cast<unsigned char>(text[j]))) ++upper;
                ++j;
            }
            if (letters >= 2) {
                ++words;
                if (upper == letters) ++caps;
            }
            i = j;
        }
        return caps * 2 > words;
    };
    // Bodies with US in capitals are hits (Reuters bodies are in mixed case; titles shout and count not).
    std::set<std::string> got(ids.begin(), ids.end());
    std::size_t bodies = 0;
    for (Xapian::docid d = 1; d <= articles.db().get_lastdocid(); ++d) {
        const Article a = decode_article(articles.db().get_document(d).get_data());
        if (!has_caps_us(a.body) || shouting(a.body)) continue;
        ++bodies;
        INFO(a.id);
        CHECK(got.count(a.id));
    }
    CHECK(bodies > 10);
    // =us keeps its old meaning (unstemmed, any case) and a lower-case =word is not an acronym.
    CHECK(any_case == exact_count("us"));
}

TEST_CASE("relative dates count back from today in UTC days ($LEDE_TODAY fixes it)", "[reuters][query]") {
    const std::vector<std::string> env{"LEDE_TODAY=1987-03-15"};
    auto count = [&](std::vector<std::string> args) {
        args.insert(args.begin(), {"--count", "--exact-count", "--no-collapse"});
        const RunResult r = search_run(args, env);
        INFO(r.err);
        REQUIRE((r.code == 0 || r.code == 1));
        return std::stoul(r.out);
    };
    CHECK(count({"date:yesterday"}) == exact_count("date:1987-03-14"));
    CHECK(count({"date:today"}) == exact_count("date:1987-03-15"));
    CHECK(count({"date:last-month"}) == exact_count("date:1987-02"));
    CHECK(count({"date:last-year"}) == 0);
    CHECK(count({"date:last-week"}) == exact_count("date:1987-03-02..1987-03-08"));
    CHECK(count({"date:7d"}) == exact_count("date:1987-03-08..1987-03-15"));
    CHECK(count({"date:2w..yesterday"}) == exact_count("date:1987-03-01..1987-03-14"));
    CHECK(count({"oil", "--since", "7d"}) == exact_count("oil date:1987-03-08.."));
    CHECK(count({"oil", "--since", "1m", "--until", "yesterday"}) == exact_count("oil date:1987-02-15..1987-03-14"));
    CHECK(count({"date:7d"}) > 0);
    const RunResult bad = search_run({"--since", "7days", "oil"}, env);
    CHECK(bad.code == 2);
    CHECK(bad.err.find("relative date like today, 7d or last-month") != std::string::npos);
}

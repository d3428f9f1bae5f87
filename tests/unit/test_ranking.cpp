// SPDX-License-Identifier: MIT
// Ranking (issue 8): proximity pairs of literal queries, weighting schemes, pseudo-relevance
// feedback on corpora/sample, and the ranking options of lede-search and the public API.
#include "../catch.hpp"

#include "bm25_idf.hpp"
#include "cli.hpp" // lede-search's (searcher/cli/); the unit tests do not link lede-index's
#include "error.hpp"
#include "indexer.hpp"
#include "query_parser.hpp"
#include "searcher.hpp"

#include <lede/error.hpp>
#include <lede/search.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <set>
#include <sstream>

using namespace lede;
namespace fs = std::filesystem;

namespace {

std::string describe(const std::string& q, const QueryParserOptions& o) {
    static const Analyzer analyzer;
    return parse_query(q, analyzer, o).query.get_description();
}

QueryParserOptions literal_with_pairs() {
    QueryParserOptions o;
    o.stem_languages = {"en"};
    o.literal = true;
    o.title_weight = 0;
    o.proximity_weight = 0.25; // exact in binary, so descriptions print it as 0.25
    o.proximity_window = 4;
    return o;
}

// corpora/sample, indexed once for the whole test run.
const std::string& sample_index() {
    static const fs::path dir = [] {
        std::string tmpl = (fs::temp_directory_path() / "lede-ranking-XXXXXX").string();
        if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
        return fs::path(tmpl);
    }();
    static const struct Cleanup {
        ~Cleanup() {
            std::error_code ec;
            fs::remove_all(dir, ec);
        }
    } cleanup;
    static const std::string db = [] {
        IndexerOptions o;
        o.db = (dir / "sample.idx").string();
        o.inputs = {std::string(LEDE_SOURCE_DIR) + "/corpora/sample/articles.jsonl"};
        o.quiet = true;
        std::ostringstream out, err;
        const IndexStats stats = run_index(o, out, err);
        if (stats.skipped || stats.failed_files) throw std::runtime_error("indexing failed: " + err.str());
        return o.db;
    }();
    return db;
}

SearchRequest every_match(const std::string& q, bool literal) {
    SearchRequest r;
    r.query = q;
    r.literal = literal;
    r.limit = 1000;
    r.exact_count = true;
    r.want_passages = false;
    r.suggest = false;
    return r;
}

std::set<std::string> id_set(const SearchResult& r) {
    std::set<std::string> out;
    for (const auto& h : r.hits) out.insert(h.article.id);
    return out;
}

} // namespace

TEST_CASE("literal queries add a NEAR pair for each two adjacent words, scaled by the proximity weight", "[ranking]") {
    const QueryParserOptions o = literal_with_pairs();
    const std::vector<std::pair<std::string, std::string>> rows{
        {"central bank rates",
         "Query((Zcentral OR Zbank OR (Zrate SYNONYM Zrates) OR 0.25 * (central NEAR 4 bank) OR "
         "0.25 * (bank NEAR 4 rates)))"},
        // One word: nothing to pair. A repeated word pairs with nothing but its neighbours.
        {"cocoa", "Query(Zcocoa)"},
        {"cocoa cocoa prices",
         "Query((Zcocoa OR Zcocoa OR (Zprice SYNONYM Zprices) OR 0.25 * (cocoa NEAR 4 prices)))"},
        // A word the analyzer splits ("e-mail") is a phrase already and forms no pair.
        {"e-mail scam", "Query((((e PHRASE 2 mail) SYNONYM Zemail) OR Zscam))"},
    };
    for (const auto& [q, d] : rows) {
        INFO(q);
        CHECK(describe(q, o) == d);
    }
}

TEST_CASE("proximity pairs leave out words the hook rejects and weight 0, and only rank under --all", "[ranking]") {
    QueryParserOptions o = literal_with_pairs();
    o.proximity_term = [](const std::string& term) { return term != "the"; };
    CHECK(describe("the central bank", o) ==
          "Query((Zthe OR Zcentral OR Zbank OR 0.25 * (central NEAR 4 bank)))");
    o.default_and = true;
    CHECK(describe("central bank", o) == "Query(((Zcentral AND Zbank) AND_MAYBE 0.25 * (central NEAR 4 bank)))");
    o.default_and = false;
    o.proximity_weight = 0;
    CHECK(describe("central bank", o) == "Query((Zcentral OR Zbank))");
    // The query language (not --literal) is unchanged.
    o = literal_with_pairs();
    o.literal = false;
    CHECK(describe("central bank", o) == "Query((Zcentral OR Zbank))");
}

TEST_CASE("the word-weight hook scales each free word's query, title boost included", "[ranking]") {
    QueryParserOptions o = literal_with_pairs();
    o.word_weight = [](const std::vector<std::string>& body_terms) {
        return body_terms == std::vector<std::string>{"Zthe"} ? 0.5 : 1.0;
    };
    CHECK(describe("the central bank", o) == "Query((0.5 * Zthe OR Zcentral OR Zbank OR 0.25 * (the NEAR 4 central) OR "
                                             "0.25 * (central NEAR 4 bank)))");
    o.title_weight = 0.25;
    o.literal = false;
    CHECK(describe("the bank", o) == "Query((0.5 * (Zthe OR 0.25 * ZSthe) OR (Zbank OR 0.25 * ZSbank)))");
}

TEST_CASE("query-term weighting: burstiness and common words scale free words by the index's statistics", "[ranking]") {
    RankingParams plain;
    plain.burstiness = 0;
    plain.title_weight = 0;
    plain.proximity_weight = 0;
    auto count = [](const std::string& text, const std::string& part) {
        std::size_t n = 0;
        for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
        return n;
    };
    const std::string q = "cocoa prices";
    CHECK(count(Searcher(sample_index(), plain).parse(every_match(q, true)).query.get_description(), " * ") == 0);
    // Every word counts as common (share 0): each is scaled by common_weight alone.
    RankingParams common = plain;
    common.common_share = 0;
    common.common_weight = 0.5;
    CHECK(count(Searcher(sample_index(), common).parse(every_match(q, true)).query.get_description(), "0.5 * (") == 2);
    // Burstiness: the factor is (occurrences / articles)^burstiness of the word's most frequent
    // stem term, over the stems of the index's languages.
    RankingParams bursty = plain;
    bursty.burstiness = 1;
    Searcher s(sample_index(), bursty);
    double df = 0, cf = 0;
    std::vector<std::string> terms{"Zcocoa"};
    for (const auto& [lang, n] : s.info().languages)
        if (n > 0 && Analyzer::has_stemmer(lang)) terms.push_back("Z" + s.analyzer().stem("cocoa", lang));
    for (const auto& term : terms) {
        if (s.database().get_termfreq(term) > df) {
            df = s.database().get_termfreq(term);
            cf = s.database().get_collection_freq(term);
        }
    }
    REQUIRE(df > 0);
    REQUIRE(cf > df); // cocoa repeats within the cocoa articles
    const std::string b = s.parse(every_match("cocoa", true)).query.get_description();
    const std::string::size_type star = b.find(" * ");
    REQUIRE(star != std::string::npos);
    CHECK(std::stod(b.substr(6, star - 6)) == Approx(cf / df).epsilon(1e-6));
    RankingParams sqrt_burst = bursty;
    sqrt_burst.burstiness = 0.5;
    const std::string h = Searcher(sample_index(), sqrt_burst).parse(every_match("cocoa", true)).query.get_description();
    CHECK(std::stod(h.substr(6, h.find(" * ") - 6)) == Approx(std::sqrt(cf / df)).epsilon(1e-6));
}

TEST_CASE("weighting names round-trip and an unknown name is a usage error", "[ranking]") {
    for (Weighting w : {Weighting::IneB2, Weighting::Bm25, Weighting::Bm25Plus, Weighting::Bm25Rsj})
        CHECK(weighting_from_name(weighting_name(w)) == w);
    CHECK(weighting_name(RankingParams{}.weighting) == "bm25");
    CHECK_THROWS_AS(weighting_from_name("tfidf"), UsageError);
}

TEST_CASE("bm25-rsj is BM25 with FTS5's idf, floored for words in half the articles or more", "[ranking]") {
    // The idf of FTS5's bm25(): log((N - n + 0.5) / (n + 0.5)), and 1e-6 where that is not positive.
    CHECK(Bm25IdfWeight::idf(1000, 10, 1e-6) == Approx(std::log(990.5 / 10.5)));
    CHECK(Bm25IdfWeight::idf(1000, 500, 1e-6) == 1e-6);
    CHECK(Bm25IdfWeight::idf(1000, 1000, 1e-6) == 1e-6);
    CHECK(Bm25IdfWeight::idf(1, 0, 1e-6) == Approx(std::log(3.0)));
    // A one-term query's scores, against the formula computed here from the index's statistics.
    Xapian::Database db(sample_index());
    const std::string term = "Zcocoa";
    REQUIRE(db.get_termfreq(term) > 0);
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(term));
    const Bm25IdfWeight weight(1.2, 0.75, 0.5, 1e-6);
    enquire.set_weighting_scheme(weight);
    const Xapian::MSet mset = enquire.get_mset(0, 20);
    REQUIRE(mset.size() > 1);
    const double n = db.get_doccount(), df = db.get_termfreq(term), avlen = db.get_avlength();
    const double idf = std::log((n - df + 0.5) / (df + 0.5));
    REQUIRE(idf > 0);
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        double wdf = 0;
        for (auto t = db.termlist_begin(*it); t != db.termlist_end(*it); ++t)
            if (*t == term) wdf = t.get_wdf();
        const double normlen = std::max(db.get_doclength(*it) / avlen, 0.5);
        CHECK(it.get_weight() == Approx(idf * 2.2 * wdf / (1.2 * (0.25 + 0.75 * normlen) + wdf)));
        CHECK(it.get_weight() <= mset.get_max_possible() * (1 + 1e-12));
    }
    // Parameters survive serialisation (how Xapian hands a weight to another database).
    std::unique_ptr<Xapian::Weight> copy(weight.unserialise(weight.serialise()));
    CHECK(copy->serialise() == weight.serialise());
    CHECK(weighting_from_name("bm25-rsj") == Weighting::Bm25Rsj);
}

TEST_CASE("feedback re-ranks the matches of a query but never adds or drops one", "[ranking]") {
    RankingParams off;
    off.expand = false;
    RankingParams on;
    on.expand_all = true;
    Searcher plain(sample_index(), off), expanded(sample_index(), on);
    for (const auto& [q, literal] : std::vector<std::pair<std::string, bool>>{
             {"cocoa prices", false}, {"central bank interest rates", true}, {"election", false}}) {
        INFO(q);
        const SearchResult a = plain.search(every_match(q, literal));
        const SearchResult b = expanded.search(every_match(q, literal));
        REQUIRE(!a.hits.empty());
        CHECK(b.matches_estimated == a.matches_estimated);
        CHECK(id_set(b) == id_set(a));
        CHECK(b.parsed.find("AND_MAYBE") != std::string::npos);
        CHECK(a.parsed.find("AND_MAYBE") == std::string::npos);
    }
    // Filters and date sorts have no ranking to improve: no feedback.
    CHECK(expanded.search(every_match("lang:en", false)).parsed.find("AND_MAYBE") == std::string::npos);
    SearchRequest newest = every_match("cocoa", false);
    newest.sort = SortOrder::Newest;
    CHECK(expanded.search(newest).parsed.find("AND_MAYBE") == std::string::npos);
}

TEST_CASE("feedback is off by default, expand turns it on for literal queries, expand_all for every query", "[ranking]") {
    Searcher none(sample_index());
    REQUIRE_FALSE(none.ranking().expand);
    REQUIRE_FALSE(none.ranking().expand_all);
    CHECK(none.search(every_match("central bank interest rates", true)).parsed.find("AND_MAYBE") == std::string::npos);
    RankingParams on;
    on.expand = true;
    Searcher s(sample_index(), on);
    CHECK(s.search(every_match("central bank interest rates", true)).parsed.find("AND_MAYBE") != std::string::npos);
    CHECK(s.search(every_match("central bank interest rates", false)).parsed.find("AND_MAYBE") == std::string::npos);
    RankingParams all;
    all.expand_all = true;
    Searcher every(sample_index(), all);
    CHECK(every.search(every_match("central bank interest rates", false)).parsed.find("AND_MAYBE") != std::string::npos);
}

TEST_CASE("every weighting scheme ranks the article about the query first", "[ranking]") {
    for (Weighting w : {Weighting::IneB2, Weighting::Bm25, Weighting::Bm25Plus, Weighting::Bm25Rsj}) {
        RankingParams p;
        p.weighting = w;
        Searcher s(sample_index(), p);
        SearchRequest r = every_match("regatta", false);
        const SearchResult res = s.search(r);
        REQUIRE(!res.hits.empty());
        CHECK(res.hits.front().article.id == "smp-0022");
        CHECK(res.hits.front().score > 0);
    }
}

TEST_CASE("the ranking options parse, and reach the engine through the public API", "[ranking][cli]") {
    {
        CLI::App app{"lede-search"};
        SearchOptions o;
        add_options(app, o);
        app.parse("--db x --weighting bm25 --k1 0.9 --no-expand --proximity-weight 0 --dfr-c 2 --expand-docs 5 "
                  "--expand-terms 7 --expand-weight 0.5 --title-weight 1 --burstiness 0.75 --common-share 0.1 "
                  "--common-weight 0.25 --bm25-delta 0.5 --b 0.5",
                  false);
        CHECK(o.ranking.burstiness == 0.75);
        CHECK(o.ranking.common_share == 0.1);
        CHECK(o.ranking.common_weight == 0.25);
        CHECK(o.ranking.bm25_delta == 0.5);
        CHECK(o.ranking.b == 0.5);
        CHECK(o.ranking.weighting == Weighting::Bm25);
        CHECK(o.ranking.k1 == 0.9);
        CHECK_FALSE(o.ranking.expand);
        CHECK(o.ranking.proximity_weight == 0);
        CHECK(o.ranking.dfr_c == 2);
        CHECK(o.ranking.expand_docs == 5);
        CHECK(o.ranking.expand_terms == 7);
        CHECK(o.ranking.expand_weight == 0.5);
        CHECK(o.ranking.title_weight == 1);
    }
    {
        CLI::App app{"lede-search"};
        SearchOptions o;
        add_options(app, o);
        CHECK_THROWS_AS(app.parse("--db x --weighting tfidf", false), CLI::ValidationError);
    }
    api::Ranking bad;
    bad.weighting = "tfidf";
    try {
        api::Searcher s(sample_index(), bad);
        FAIL("an unknown weighting was accepted");
    } catch (const api::Error& e) {
        CHECK(e.kind() == api::ErrorKind::Usage);
        CHECK(std::string(e.what()) == "unknown weighting 'tfidf' (bm25, bm25+, bm25-rsj or ineb2)");
    }
    api::Ranking bm25;
    bm25.weighting = "bm25";
    bm25.expand = false;
    api::Searcher s(sample_index(), bm25);
    api::Query q;
    q.text = "regatta";
    CHECK(s.search(q).hits.size() == 1);
}

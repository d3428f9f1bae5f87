// SPDX-License-Identifier: MIT
// 10,000 random and adversarial queries (generated from the grammar, then mutated; fixed seed)
// through one in-process Searcher on Reuters: each gives results or a QueryError/UsageError,
// never another exception, a crash or a hang, and each answers within one second.
#include "../catch.hpp"
#include "run.hpp"

#include "error.hpp"
#include "searcher.hpp"

#include <chrono>
#include <random>

using namespace lede;

namespace {

std::string reuters_db() { return std::string(LEDE_TESTDATA_DIR) + "/reuters.idx"; }

class QueryGenerator {
public:
    explicit QueryGenerator(std::uint32_t seed) : m_rng(seed) {}

    std::string next() {
        std::string q;
        switch (pick(10)) {
        case 0: q = extreme(); break;
        default: q = expr(0); break;
        }
        const std::size_t mutations = pick(3) == 0 ? 1 + pick(4) : 0;
        for (std::size_t i = 0; i < mutations; ++i) mutate(q);
        return q;
    }

private:
    std::size_t pick(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(m_rng); }
    template <class T>
    const T& one(const std::vector<T>& v) { return v[pick(v.size())]; }

    std::string word() {
        static const std::vector<std::string> words{
            "oil", "cocoa", "bank", "central", "rates", "dollar", "yen", "opec", "wheat", "strike", "the", "of", "a",
            "prices", "Treasury", "U.S.", "e-mail", "don't", "1,000", "3.5%", "1987", "café", "Müller", "straße",
            "北京", "東京経済", "экономика", "الاقتصاد", "ธนาคาร", "AND", "OR", "NOT", "NEAR", "and", "not", "Note:",
            "cocao", "centrl", "xyzzy", "qqqqqqqq", "ａｂｃ", "i", "x", "zz", "co-operation", "l'économie", "Reuters"};
        return one(words);
    }

    std::string field() {
        static const std::vector<std::string> fields{"title", "body", "author", "source", "tag", "lang", "site", "id",
                                                     "date", "TITLE", "Note", "foo", "http"};
        return one(fields);
    }

    std::string date() {
        static const std::vector<std::string> dates{"1987", "1987-03", "1987-03-02", "2019-02-30", "2020-13", "1987-02-29",
                                                    "2000-02-29", "0000", "9999-12-31", "1987-3", "87", "x", ""};
        std::string d = one(dates);
        switch (pick(4)) {
        case 0: return d + ".." + one(dates);
        case 1: return ".." + d;
        case 2: return d + "..";
        default: return d;
        }
    }

    // Concatenation by appending (GCC 12 warns falsely on "literal" + std::string&&).
    template <class... Parts>
    static std::string cat(const Parts&... parts) {
        std::string s;
        (s.append(std::string_view(parts)), ...);
        return s;
    }

    std::string term(int depth) {
        switch (pick(14)) {
        case 0: return cat("\"", word(), " ", word(), pick(2) ? cat(" ", word()) : std::string(), "\"");
        case 1: return cat("\"", word(), " ", word(), "\"~", std::to_string(pick(12)));
        case 2: return cat(word(), "*");
        case 3: return cat(std::string(1, "+-="[pick(3)]), word());
        case 4: return cat("date:", date());
        case 5: return cat(field(), ":", word());
        case 6: return cat(field(), ":\"", word(), " ", word(), "\"");
        case 7: return depth < 6 ? cat(field(), ":(", expr(depth + 1), ")") : word();
        case 8: return depth < 6 ? cat("(", expr(depth + 1), ")") : word();
        case 9: return cat(word(), " NEAR", pick(2) ? cat("/", std::to_string(pick(20))) : std::string(), " ", word());
        case 10: return cat("\u201C", word(), " ", word(), "\u201D");
        default: return word();
        }
    }

    std::string expr(int depth) {
        static const std::vector<std::string> ops{" ", " ", " ", " AND ", " OR ", " NOT ", " AND NOT ", " NEAR/3 ", "  "};
        std::string q = pick(8) == 0 ? "NOT " : "";
        const std::size_t n = 1 + pick(depth ? 3 : 5);
        for (std::size_t i = 0; i < n; ++i) {
            if (i) q += one(ops);
            q += term(depth);
        }
        return q;
    }

    // Shapes that stress limits: long queries, deep nesting, long words, many NEARs, many wildcards.
    std::string extreme() {
        std::string q;
        switch (pick(7)) {
        case 0:
            for (int i = 0; i < 500; ++i) q += word() + " ";
            break;
        case 1: {
            const std::size_t depth = 50 + pick(30);
            q = std::string(depth, '(') + word() + std::string(depth, ')');
            break;
        }
        case 2: q = std::string(200 + pick(400), 'a') + (pick(2) ? "*" : ""); break;
        case 3:
            q = word();
            for (int i = 0; i < 60; ++i) q += " NEAR/" + std::to_string(pick(1000)) + " " + word();
            break;
        case 4:
            for (int i = 0; i < 30; ++i) q += one(std::vector<std::string>{"ec", "ba", "co", "in", "ra"}) + "* ";
            break;
        case 5:
            for (int i = 0; i < 200; ++i) q += std::string(1, "()\"*:~+-=/ ."[pick(13)]);
            break;
        default:
            for (int i = 0; i < 40; ++i) q += "title:(" + word() + " OR ";
            q += "x";
            break;
        }
        return q;
    }

    void mutate(std::string& q) {
        static const std::vector<std::string> inserts{"\"", "(", ")", ":", "*", "~", "-", "+", "=", "/", "..", "NEAR/",
                                                      " AND ", " OR ", " NOT ", "\u201C", "\u00BB", "\u3000", "\xff",
                                                      "\xc3", std::string(1, '\0'), "\t", "\n", "date:", "title:"};
        const std::size_t at = q.empty() ? 0 : pick(q.size() + 1);
        switch (pick(5)) {
        case 0:
            if (!q.empty() && at < q.size()) q.erase(at, 1 + pick(3));
            break;
        case 1: q.insert(at, one(inserts)); break;
        case 2:
            if (!q.empty()) q.resize(pick(q.size()));
            break;
        case 3:
            if (!q.empty()) q.insert(at, q.substr(pick(q.size()), 1 + pick(10)));
            break;
        default: q.insert(at, std::string(1, static_cast<char>(pick(256)))); break;
        }
    }

    std::mt19937 m_rng;
};

} // namespace

TEST_CASE("ten thousand random and adversarial queries give results or a clear error within 1 s each",
          "[reuters][robustness][heavy][serial]") {
    Searcher searcher(reuters_db());
    QueryGenerator gen(20240401);
    // Light (sanitizer builds): 2000 queries, and the bound scaled for a build four times slower.
    const int total = lede::e2e::light_tests() ? 2000 : 10000;
    int answered = 0, refused = 0, with_hits = 0;
    double slowest = 0;
    std::string slowest_query;
    for (int i = 0; i < total; ++i) {
        SearchRequest r;
        r.query = gen.next();
        r.limit = 10;
        r.literal = i % 50 == 0;
        r.facets = i % 97 == 0;
        r.timeline = i % 89 == 0;
        r.sort = i % 13 == 0 ? SortOrder::Newest : SortOrder::Relevance;
        const auto start = std::chrono::steady_clock::now();
        try {
            const SearchResult res = searcher.search(r);
            ++answered;
            with_hits += !res.hits.empty();
            CHECK(res.matches_lower_bound <= res.matches_estimated);
            CHECK(res.matches_estimated <= res.matches_upper_bound);
        } catch (const QueryError& e) {
            ++refused;
            if (e.position() > r.query.size() || std::string(e.what()).empty()) {
                INFO("query #" << i << ": [" << r.query << "]");
                FAIL("QueryError without a usable position or message: " << e.what());
            }
        } catch (const UsageError&) {
            ++refused;
        } catch (const std::exception& e) {
            INFO("query #" << i << ": [" << r.query << "]");
            FAIL("unexpected exception: " << e.what());
        } catch (const Xapian::Error& e) {
            INFO("query #" << i << ": [" << r.query << "]");
            FAIL("Xapian error: " << e.get_description());
        }
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (seconds > slowest) {
            slowest = seconds;
            slowest_query = r.query;
        }
    }
    INFO("slowest: " << slowest << " s for [" << slowest_query << "]");
    CHECK(slowest < (lede::e2e::light_tests() ? 4.0 : 1.0));
    CHECK(answered + refused == total);
    // The generator must exercise both paths substantially.
    CHECK(answered > total / 3);
    CHECK(refused > total / 20);
    CHECK(with_hits > total / 5);
    WARN(answered << " answered (" << with_hits << " with hits), " << refused << " refused; slowest " << slowest
                  << " s");
}

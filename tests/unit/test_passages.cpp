// SPDX-License-Identifier: MIT
// Passages: highlighting as the index sees words, selection, widths, grapheme-safe cuts.
#include "../catch.hpp"

#include "analyzer.hpp"
#include "document.hpp"
#include "passages.hpp"
#include "query_parser.hpp"

#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include <fstream>
#include <memory>
#include <string>
#include <vector>

using namespace lede;

namespace {

ParsedQuery parse(const Analyzer& an, const std::string& q) {
    QueryParserOptions o;
    o.stem_languages = {"de", "en", "fr", "ru"};
    return parse_query(q, an, o);
}

std::vector<std::string> pieces(std::string_view text, const std::vector<Span>& spans) {
    std::vector<std::string> out;
    for (const auto& [b, e] : spans) out.emplace_back(text.substr(b, e - b));
    return out;
}

std::size_t code_points(std::string_view s) {
    std::size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

// Grapheme cluster boundaries of `text` per ICU's character BreakIterator.
std::vector<bool> grapheme_boundaries(std::string_view text) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> it(icu::BreakIterator::createCharacterInstance(icu::Locale::getRoot(), status));
    UText ut = UTEXT_INITIALIZER;
    utext_openUTF8(&ut, text.data(), static_cast<int64_t>(text.size()), &status);
    it->setText(&ut, status);
    REQUIRE(U_SUCCESS(status));
    std::vector<bool> at(text.size() + 1, false);
    for (int32_t b = it->first(); b != icu::BreakIterator::DONE; b = it->next()) at[static_cast<std::size_t>(b)] = true;
    utext_close(&ut);
    return at;
}

// Whitespace runs as one space, as passages show text.
std::string flat(std::string_view s) {
    std::string out;
    for (char c : s) {
        const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
        if (space) {
            if (!out.empty() && out.back() != ' ') out += ' ';
        } else {
            out += c;
        }
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

constexpr std::string_view ell = "\u2026";

// The passage without its ellipses.
std::string_view core(std::string_view text) {
    if (text.substr(0, ell.size()) == ell) text.remove_prefix(ell.size());
    if (text.size() >= ell.size() && text.substr(text.size() - ell.size()) == ell) text.remove_suffix(ell.size());
    return text;
}

// Every structural promise of a passage list: width, order, no overlap, body range, boundaries.
void check_passages(std::string_view body, const std::vector<Passage>& ps, std::size_t width, std::size_t count) {
    REQUIRE(ps.size() <= std::max<std::size_t>(count, 1));
    const std::string flat_body = flat(body);
    const auto body_graphemes = grapheme_boundaries(flat_body);
    for (std::size_t i = 0; i < ps.size(); ++i) {
        const Passage& p = ps[i];
        INFO("passage: " << p.text);
        CHECK(code_points(p.text) <= width);
        CHECK(p.text.find('\n') == std::string::npos);
        CHECK(p.begin < p.end);
        CHECK(p.end <= body.size());
        if (i > 0) CHECK(ps[i - 1].end <= p.begin);
        // The passage is the body's text between begin and end, whitespace shown as spaces.
        CHECK(flat(body.substr(p.begin, p.end - p.begin)) == core(p.text));
        const auto at = flat_body.find(core(p.text));
        REQUIRE(at != std::string::npos);
        CHECK(body_graphemes[at]);
        CHECK(body_graphemes[at + core(p.text).size()]);
        const auto text_graphemes = grapheme_boundaries(p.text);
        std::size_t last = 0;
        for (const auto& [b, e] : p.highlights) {
            CHECK(b < e);
            CHECK(last <= b);
            REQUIRE(e <= p.text.size());
            CHECK(text_graphemes[b]);
            CHECK(text_graphemes[e]);
            last = e;
        }
    }
}

std::vector<Article> sample_articles() {
    std::ifstream in(std::string(LEDE_SOURCE_DIR) + "/corpora/sample/articles.jsonl");
    std::vector<Article> out;
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) out.push_back(decode_article(line));
    REQUIRE(out.size() == 65);
    return out;
}

} // namespace

TEST_CASE("a word is highlighted exactly where the index matches it", "[passages]") {
    Analyzer an;
    struct Case {
        std::string query, text, lang;
        std::vector<std::string> expected;
    };
    const std::vector<Case> cases{
        // stems in the article's language, folded case
        {"price", "Prices rose; the PRICE of cocoa and pricing.", "en", {"Prices", "PRICE", "pricing"}},
        {"running", "He runs, she ran, they were running.", "en", {"runs", "running"}},
        // accents and case folded both ways
        {"muller", "Anna Müller met MÜLLER and Muller.", "de", {"Müller", "MÜLLER", "Muller"}},
        {"café", "Un CAFÉ, un cafe, des cafés.", "fr", {"CAFÉ", "cafe", "cafés"}},
        // =word: this spelling only, no stemming, accents kept
        {"=café", "Un CAFÉ, un cafe, des cafés.", "fr", {"CAFÉ"}},
        // wildcards
        {"econom*", "The economy, economists and the Economic Council; not ecology.", "en", {"economy", "economists", "Economic"}},
        // a phrase only where the whole phrase occurs, as one span
        {"\"central bank\"", "The central bank said a bank in the central square...", "en", {"central bank"}},
        {"\"central bank\" rates", "Rates: the Central Bank. A bank. Central.", "en", {"Rates", "Central Bank"}},
        // excluded words are never highlighted
        {"cocoa -ghana", "Ghana grows cocoa.", "en", {"cocoa"}},
        {"cocoa NOT ghana", "Ghana grows cocoa.", "en", {"cocoa"}},
        {"cocoa AND NOT (ghana OR ivory)", "Ghana and Ivory Coast grow cocoa.", "en", {"cocoa"}},
        // NEAR: the words only where they are within the window of each other
        {"strike NEAR/3 port", "The port workers went on strike. Much later, far away, a strike ended.", "en", {"port", "strike"}},
        {"strike NEAR/1 port", "The port workers went on strike.", "en", {}},
        // CJK: a word's overlapping bigrams make one span; scattered characters are not the word
        {"北京", "北京经济，京北。", "zh", {"北京"}},
        {"北京经济", "北京经济发展很快。经济北京。", "zh", {"北京经济"}},
        {"東京", "東京都の東京タワー", "ja", {"東京", "東京"}},
        // a phrase of single CJK characters, as the index matches it through the characters'
        // positions (issue 5): the whole phrase, in order only
        {"\"北 京\"", "北京经济，京北。", "zh", {"北京"}},
        {"\"京 北\"", "北京经济，京北。", "zh", {"京北"}},
        {"\"北 京 经\"", "北京经济，京北。", "zh", {"北京经"}},
        // words with apostrophes and hyphens, as the analyzer joins them
        {"email", "Send an e-mail or an email.", "en", {"e-mail", "email"}},
        // (the index holds "don't" as "don" "t" at consecutive positions, so "don t" is the phrase too)
        {"\"don't\"", "I don't know; don t.", "en", {"don't", "don t"}},
        // a decomposed accent stays inside the highlight (grapheme cluster)
        {"cafe", "Cafe\u0301 noir", "fr", {"Cafe\u0301"}},
        // non-Latin scripts
        {"москва", "В Москве и Москва.", "ru", {"Москве", "Москва"}},
        {"السلام", "قال السلام عليكم", "ar", {"السلام"}},
    };
    for (const auto& c : cases) {
        INFO("query: " << c.query << "  text: " << c.text);
        const ParsedQuery q = parse(an, c.query);
        CHECK(pieces(c.text, find_highlights(an, c.text, c.lang, q, Field::Text)) == c.expected);
    }
}

TEST_CASE("title: rules apply to titles only, plain words to both", "[passages]") {
    Analyzer an;
    const ParsedQuery q = parse(an, "title:cocoa ghana");
    const std::string text = "Cocoa from Ghana";
    CHECK(pieces(text, find_highlights(an, text, "en", q, Field::Title)) == std::vector<std::string>{"Cocoa", "Ghana"});
    CHECK(pieces(text, find_highlights(an, text, "en", q, Field::Text)) == std::vector<std::string>{"Ghana"});
}

TEST_CASE("hard line breaks inside a paragraph do not end a passage", "[passages]") {
    Analyzer an;
    const std::string body = "Closing prices on the Bahia Cocoa\nFutures Market were as follows\n(in cruzados per bag).\n"
                             "    The market was quiet, traders\nsaid.";
    const auto ps = select_passages(an, body, "en", parse(an, "cocoa"), {1, 240}, {});
    REQUIRE(ps.size() == 1);
    CHECK(ps[0].text == "Closing prices on the Bahia Cocoa Futures Market were as follows (in cruzados per bag). "
                        "The market was quiet, traders said.");
    CHECK(pieces(ps[0].text, ps[0].highlights) == std::vector<std::string>{"Cocoa"});
    check_passages(body, ps, 240, 1);
}

TEST_CASE("a long sentence is cut around its match, centred, at word boundaries", "[passages]") {
    Analyzer an;
    std::string body = "Officials";
    for (int i = 0; i < 40; ++i) body += " from region " + std::to_string(i);
    const std::size_t match_at = body.size() + 1;
    body += " praised cocoa growers";
    for (int i = 0; i < 40; ++i) body += " in district " + std::to_string(i);
    body += ".";
    const auto ps = select_passages(an, body, "en", parse(an, "cocoa"), {1, 80}, {});
    REQUIRE(ps.size() == 1);
    const Passage& p = ps[0];
    INFO(p.text);
    check_passages(body, ps, 80, 1);
    CHECK(code_points(p.text) >= 70); // the width is used
    CHECK(p.text.rfind("\u2026", 0) == 0);
    CHECK(p.text.size() > 3);
    CHECK(p.text.substr(p.text.size() - 3) == "\u2026");
    REQUIRE(p.highlights.size() == 1);
    CHECK(pieces(p.text, p.highlights)[0] == "cocoa");
    // Centred: as much context before the match as after it, give or take a word.
    const std::size_t before = code_points(p.text.substr(0, p.highlights[0].first));
    const std::size_t after = code_points(p.text.substr(p.highlights[0].second));
    CHECK(before + 12 >= after);
    CHECK(after + 12 >= before);
    CHECK(p.begin > 0);
    CHECK(p.begin < match_at);
    // Cut at word boundaries: the body has a space (or the start) before and after the passage.
    CHECK(body[p.begin - 1] == ' ');
    CHECK((p.end == body.size() || body[p.end] == ' '));
}

TEST_CASE("a match near the end of a long sentence gets its context from the left", "[passages]") {
    Analyzer an;
    std::string body = "Officials";
    for (int i = 0; i < 40; ++i) body += " from region " + std::to_string(i);
    body += " praised cocoa.";
    const auto ps = select_passages(an, body, "en", parse(an, "cocoa"), {1, 60}, {});
    REQUIRE(ps.size() == 1);
    INFO(ps[0].text);
    check_passages(body, ps, 60, 1);
    CHECK(ps[0].text.rfind("\u2026", 0) == 0);
    CHECK(ps[0].text.substr(ps[0].text.size() - 14) == "praised cocoa.");
    CHECK(code_points(ps[0].text) >= 55);
}

TEST_CASE("passages prefer covering distinct query words over repeating one", "[passages]") {
    Analyzer an;
    const std::string body = "Cocoa exports rose as cocoa stocks grew and cocoa traders cheered the cocoa crop. "
                             "The weather was dry in the west of the country for most of the month. "
                             "Farmers in Ghana expect the cocoa harvest to improve.";
    const auto ps = select_passages(an, body, "en", parse(an, "cocoa ghana"), {1, 90}, {});
    REQUIRE(ps.size() == 1);
    CHECK(ps[0].text == "Farmers in Ghana expect the cocoa harvest to improve.");
    SECTION("and rarer words weigh more") {
        auto idf = [](const std::string& t) { return t == "ghana" ? 5.0 : 1.0; };
        const std::string b2 = "Cocoa prices rose sharply on the London market today. The weather was dry in the "
                               "west of the country for most of the month. Ghana said little.";
        const auto p2 = select_passages(an, b2, "en", parse(an, "cocoa ghana"), {1, 60}, idf);
        REQUIRE(p2.size() == 1);
        CHECK(p2[0].text == "Ghana said little.");
    }
}

TEST_CASE("a whole phrase beats its words scattered", "[passages]") {
    Analyzer an;
    const std::string body = "The bank in the central district opened a branch near the central station. "
                             "The weather was dry in the west of the country for most of the month. "
                             "The central bank held rates.";
    const auto ps = select_passages(an, body, "en", parse(an, "\"central bank\" OR central OR bank"), {1, 80}, {});
    REQUIRE(ps.size() == 1);
    CHECK(ps[0].text == "The central bank held rates.");
}

TEST_CASE("a phrase across a full stop is found as the index finds it", "[passages]") {
    Analyzer an;
    std::string body = "The company said its accounts met";
    for (int i = 0; i < 30; ++i) body += " the requirements of agency " + std::to_string(i);
    body += ", the spokeswoman said.\n    In addition, she said the bank was sound.";
    const auto ps = select_passages(an, body, "en", parse(an, "\"spokeswoman said in\""), {2, 120}, {});
    REQUIRE(ps.size() == 1);
    INFO(ps[0].text);
    check_passages(body, ps, 120, 2);
    CHECK(!ps[0].lead);
    CHECK(pieces(ps[0].text, ps[0].highlights) == std::vector<std::string>{"spokeswoman said. In"});
}

TEST_CASE("the best k passages are shown in article order without overlap", "[passages]") {
    Analyzer an;
    std::string body;
    for (int i = 0; i < 30; ++i)
        body += i % 7 == 3 ? "Cocoa prices in Ghana rose " + std::to_string(i) + " pct. " : "Nothing happened on day " + std::to_string(i) + ". ";
    for (std::size_t k : {1u, 2u, 3u, 5u}) {
        const auto ps = select_passages(an, body, "en", parse(an, "cocoa ghana"), {k, 50}, {});
        INFO("k = " << k);
        CHECK(ps.size() == std::min<std::size_t>(k, 4));
        check_passages(body, ps, 50, k);
        for (const auto& p : ps) CHECK(p.highlights.size() == 2);
    }
}

TEST_CASE("a body that does not match gets no passage, a query no body can match gets the lead", "[passages]") {
    Analyzer an;
    const std::string body = "Dockworkers returned on Thursday. The dispute was settled. Ships sailed.";
    // "strike" could be in a body, but is not in this one (the article matched in its title).
    CHECK(body_can_match(parse(an, "strike")));
    CHECK(select_passages(an, body, "en", parse(an, "strike"), {2, 40}, {}).empty());
    CHECK(select_passages(an, body, "en", parse(an, "\"dispute was over\""), {2, 40}, {}).empty());
    CHECK(matching_passages(an, body, "en", parse(an, "strike"), {2, 40}, {}).empty());
    for (const char* q : {"title:strike", "date:2024", "NOT strike", "title:\"port strike\""}) {
        INFO(q);
        const ParsedQuery pq = parse(an, q);
        CHECK(!body_can_match(pq));
        const auto ps = select_passages(an, body, "en", pq, {2, 40}, {});
        REQUIRE(ps.size() == 1);
        CHECK(ps[0].lead);
        CHECK(ps[0].score == 0);
        CHECK(ps[0].highlights.empty());
        CHECK(ps[0].begin == 0);
        CHECK(ps[0].text == "Dockworkers returned on Thursday.");
        CHECK(matching_passages(an, body, "en", pq, {2, 40}, {}).empty());
    }
    SECTION("a long first sentence is cut after a word") {
        const std::string long_body = "Dockworkers at the port of Eastmere returned to the quays on Thursday morning.";
        const auto lp = select_passages(an, long_body, "en", parse(an, "title:strike"), {2, 30}, {});
        REQUIRE(lp.size() == 1);
        CHECK(lp[0].text == "Dockworkers at the port of\u2026");
    }
}

TEST_CASE("an unbreakable run wider than the passage is cut between grapheme clusters", "[passages]") {
    Analyzer an;
    std::string body;
    for (int i = 0; i < 50; ++i) body += "e\u0301"; // 50 clusters of 2 code points, one word
    const auto ps = select_passages(an, body, "fr", parse(an, "title:x"), {1, 21}, {});
    REQUIRE(ps.size() == 1);
    check_passages(body, ps, 21, 1);
    CHECK(code_points(ps[0].text) == 21); // 10 clusters and the ellipsis
}

TEST_CASE("matching passages rank by score across the body", "[passages]") {
    Analyzer an;
    const std::string body = "Cocoa rose. Filler text comes here to separate the sentences well. "
                             "Cocoa in Ghana rose. More filler text comes here to separate them.";
    const auto ps = matching_passages(an, body, "en", parse(an, "cocoa ghana"), {5, 30}, {});
    REQUIRE(ps.size() == 2);
    CHECK(ps[0].text == "Cocoa in Ghana rose.");
    CHECK(ps[1].text == "Cocoa rose.");
    CHECK(ps[0].score > ps[1].score);
}

TEST_CASE("passages of the sample corpus keep every promise at every width", "[passages]") {
    Analyzer an;
    const auto articles = sample_articles();
    const std::vector<std::string> queries{"cocoa harvest", "\"central bank\"", "muller", "北京", "strike NOT port",
                                           "économie", "東京", "banque centrale", "rate* bank", "der OR die",
                                           "title:cocoa", "date:2024"};
    for (const auto& query : queries) {
        const ParsedQuery q = parse(an, query);
        for (const auto& a : articles) {
            for (std::size_t width : {20u, 33u, 60u, 120u, 240u}) {
                INFO("query " << query << ", article " << a.id << ", width " << width);
                const auto ps = select_passages(an, a.body, a.lang, q, {3, width}, {});
                check_passages(a.body, ps, width, 3);
                if (a.body.empty()) {
                    CHECK(ps.empty());
                } else if (!body_can_match(q)) {
                    REQUIRE(ps.size() == 1); // the lead
                    CHECK(ps[0].lead);
                } else {
                    for (const auto& p : ps) {
                        CHECK(!p.lead);
                        CHECK(!p.highlights.empty());
                    }
                }
            }
        }
    }
}

TEST_CASE("a match memo shared by the hits of a query changes no passage and no highlight", "[passages]") {
    Analyzer an;
    const auto articles = sample_articles();
    const std::vector<std::string> queries{"cocoa harvest", "\"central bank\"", "muller", "北京", "économie",
                                           "banque centrale", "rate* bank", "der OR die", "title:cocoa bank",
                                           "=café", "bank NEAR/3 rate"};
    const TermWeight idf = [](const std::string& term) { return 1.0 + static_cast<double>(term.size() % 3); };
    std::size_t highlighted = 0;
    for (const auto& query : queries) {
        INFO("query " << query);
        const ParsedQuery q = parse(an, query);
        MatchMemo memo;
        // Every article twice, so that the second time every word is decided by the memo.
        for (int round = 0; round < 2; ++round) {
            for (const auto& a : articles) {
                INFO("article " << a.id << ", round " << round);
                const auto alone = select_passages(an, a.body, a.lang, q, {2, 80}, idf);
                const auto shared = select_passages(an, a.body, a.lang, q, {2, 80}, idf, &memo);
                REQUIRE(alone.size() == shared.size());
                for (std::size_t i = 0; i < alone.size(); ++i) {
                    CHECK(alone[i].text == shared[i].text);
                    CHECK(alone[i].highlights == shared[i].highlights);
                    CHECK(alone[i].score == shared[i].score);
                    highlighted += alone[i].highlights.size();
                }
                CHECK(find_highlights(an, a.title, a.lang, q, Field::Title) ==
                      find_highlights(an, a.title, a.lang, q, Field::Title, &memo));
                CHECK(matching_passages(an, a.body, a.lang, q, {2, 80}, idf).size() ==
                      matching_passages(an, a.body, a.lang, q, {2, 80}, idf, &memo).size());
            }
        }
    }
    CHECK(highlighted > 100);
}

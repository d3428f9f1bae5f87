// SPDX-License-Identifier: MIT
// Analyzer: folding, apostrophes, hyphens, invisible characters, numbers, links, offsets,
// positions, CJK and Thai bigrams, term length, accent-exact search.
#include "../catch.hpp"

#include "analyzer.hpp"
#include "document_builder.hpp"
#include "error.hpp"
#include "query_parser.hpp"
#include "schema.hpp"

#include <nlohmann/json.hpp>
#include <unicode/utf8.h>
#include <xapian.h>

#include <fstream>
#include <map>
#include <random>
#include <set>

using namespace lede;

namespace {

// Non-alias terms, in order: what a phrase query is made of.
std::vector<std::string> terms(const Analyzer& an, std::string_view text) {
    std::vector<std::string> out;
    for (const auto& t : an.analyze(text))
        if (!t.alias) out.push_back(t.term);
    return out;
}

std::vector<std::string> aliases(const Analyzer& an, std::string_view text) {
    std::vector<std::string> out;
    for (const auto& t : an.analyze(text))
        if (t.alias && t.kind != TokenKind::CjkChar) out.push_back(t.term);
    return out;
}

using Terms = std::vector<std::string>;

std::vector<std::string> sample_texts() {
    std::ifstream in(std::string(LEDE_SOURCE_DIR) + "/corpora/sample/articles.jsonl");
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);) {
        auto j = nlohmann::json::parse(line);
        out.push_back(j["title"].get<std::string>());
        out.push_back(j["body"].get<std::string>());
    }
    return out;
}

bool is_boundary(std::string_view text, std::size_t i) {
    return i == 0 || i == text.size() || (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
}

} // namespace

TEST_CASE("case, accents, width and compatibility forms fold to one term", "[analyzer]") {
    Analyzer an;
    // Each row: spellings that must give identical terms, then those terms.
    struct Row {
        std::vector<std::string> spellings;
        Terms expected;
    };
    const std::vector<Row> table{
        {{"Müller", "MÜLLER", "muller", "MULLER", "Mu\u0308ller", "ＭＵＬＬＥＲ"}, {"muller"}},
        {{"café", "cafe", "CAFÉ", "Cafe\u0301", "caf\u00E9", "ｃａｆé"}, {"cafe"}},
        {{"Straße", "STRASSE", "strasse", "STRAẞE"}, {"strasse"}},
        {{"ＡＢＣ", "abc", "ABC"}, {"abc"}},
        {{"２０２０", "2020"}, {"2020"}},
        {{"ﬁnance", "finance", "FINANCE"}, {"finance"}},
        {{"Ελλάδα", "ΕΛΛΑΔΑ", "Ελλαδα"}, {"ελλαδα"}},
        {{"Όλες", "όλες", "ολες", "ΟΛΕΣ"}, {"ολεσ"}},          // final sigma folds too
        {{"прошёл", "прошел", "ПРОШЁЛ"}, {"прошел"}},
        {{"йод", "ЙОД", "и\u0306од"}, {"йод"}},                // short i is a letter, kept
        {{"عُرض", "عرض"}, {"عرض"}},                            // harakat
        {{"علّقت", "علقت"}, {"علقت"}},                         // shadda
        {{"الإمبراطورية", "الامبراطورية"}, {"الامبراطورية"}},  // hamza on alef
        {{"كتـــاب", "كتاب"}, {"كتاب"}},                       // tatweel
        {{"שָׁלוֹם", "שלום"}, {"שלום"}},                        // niqqud
        {{"año", "ano", "AÑO", "an\u0303o"}, {"ano"}},
        {{"Jürgen", "JURGEN", "jurgen"}, {"jurgen"}},
        {{"Köln", "koln", "KÖLN", "Ko\u0308ln"}, {"koln"}},
        {{"क़िला", "क\u093Cिला"}, {"क\u093Cिला"}},                // Devanagari nukta: NFC and NFD agree, mark kept
        {{"ｶﾞｲﾄﾞ", "ガイド"}, {"ガイ", "イド"}},                  // half-width katakana with voicing marks
    };
    for (const auto& row : table) {
        for (const auto& s : row.spellings) {
            INFO("'" << s << "'");
            CHECK(terms(an, s) == row.expected);
        }
    }
}

TEST_CASE("accented words keep their accented form for accent-exact search", "[analyzer]") {
    Analyzer an;
    struct Row {
        std::string text, term, accent_form;
    };
    const std::vector<Row> table{
        {"café", "cafe", "café"},       {"Café", "cafe", "café"},     {"CAFÉ", "cafe", "café"},
        {"cafe\u0301", "cafe", "café"}, {"cafe", "cafe", ""},         {"Müller", "muller", "müller"},
        {"Straße", "strasse", ""},      {"прошёл", "прошел", "прошёл"}, {"東京", "東京", ""},
    };
    for (const auto& row : table) {
        INFO(row.text);
        std::vector<Token> toks;
        for (auto& t : an.analyze(row.text))
            if (!t.alias) toks.push_back(t);
        REQUIRE(toks.size() == 1);
        CHECK(toks[0].term == row.term);
        CHECK(toks[0].accent_form == row.accent_form);
    }
}

TEST_CASE("=word searches the accented spelling only, plain words match every spelling", "[analyzer]") {
    // An in-memory index of four spellings, searched through the real query parser.
    Analyzer an;
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    DocumentBuilder builder(an);
    // The third writes the word in capitals in a text that does not shout, so it records CAFÉ as
    // written in capitals (=CAFÉ); a text in capitals throughout would not (see is_capitals).
    const std::vector<std::string> bodies{"un café noir", "un cafe noir", "un CAFÉ noir", "un cafè noir"};
    for (std::size_t i = 0; i < bodies.size(); ++i) {
        Article a;
        a.id = "d";
        a.id += std::to_string(i);
        a.body = bodies[i];
        a.lang = "fr";
        db.add_document(builder.build(a));
    }
    auto search = [&](const std::string& q) {
        QueryParserOptions opt;
        opt.stem_languages = {"fr"};
        Xapian::Enquire enq(db);
        enq.set_query(parse_query(q, an, opt).query);
        std::set<Xapian::docid> out;
        for (auto it = enq.get_mset(0, 10).begin(); it != enq.get_mset(0, 10).end(); ++it) out.insert(*it);
        return out;
    };
    CHECK(search("cafe") == std::set<Xapian::docid>{1, 2, 3, 4});
    CHECK(search("CAFÉ") == std::set<Xapian::docid>{1, 2, 3, 4});
    CHECK(search("=café") == std::set<Xapian::docid>{1, 3});
    CHECK(search("=CAFÉ") == std::set<Xapian::docid>{3}); // in capitals: where it is written so
    CHECK(search("=cafe\u0301") == std::set<Xapian::docid>{1, 3});
    CHECK(search("=cafè") == std::set<Xapian::docid>{4});
    CHECK(search("=cafe") == std::set<Xapian::docid>{1, 2, 3, 4}); // no accent typed: no accent required
}

TEST_CASE("apostrophes of every kind split a word and join it in an alias", "[analyzer]") {
    Analyzer an;
    for (const std::string s : {"don't", "don’t", "DON'T", "donʼt", "don＇t", "don‘t"}) {
        INFO(s);
        CHECK(terms(an, s) == Terms{"don", "t"});
        CHECK(aliases(an, s) == Terms{"dont"});
    }
    CHECK(terms(an, "l'économie") == Terms{"l", "economie"});
    CHECK(aliases(an, "l'économie") == Terms{"leconomie"});
    CHECK(terms(an, "Müller's") == Terms{"muller", "s"});
    CHECK(terms(an, "teachers’ union") == Terms{"teachers", "union"});
}

TEST_CASE("hyphenated words are findable as parts and joined", "[analyzer]") {
    Analyzer an;
    struct Row {
        std::string text;
        Terms parts, joined;
    };
    const std::vector<Row> table{
        {"e-mail", {"e", "mail"}, {"email"}},
        {"e\u2010mail", {"e", "mail"}, {"email"}},     // U+2010 HYPHEN
        {"e\u2011mail", {"e", "mail"}, {"email"}},     // non-breaking hyphen
        {"Ｅ－ｍａｉｌ", {"e", "mail"}, {"email"}},       // full width
        {"co-operation", {"co", "operation"}, {"cooperation"}},
        {"follow-up", {"follow", "up"}, {"followup"}},
        {"state-of-the-art", {"state", "of", "the", "art"}, {"stateof", "stateofthe", "stateoftheart"}},
        {"Lese-, Schreib", {"lese", "schreib"}, {}},  // a hyphen not between two words joins nothing
        {"well - known", {"well", "known"}, {}},
    };
    for (const auto& row : table) {
        INFO(row.text);
        CHECK(terms(an, row.text) == row.parts);
        CHECK(aliases(an, row.text) == row.joined);
    }
    // The joined alias sits at the first part's position, so "email" and "e mail" both match.
    auto toks = an.analyze("send e-mail now", 10);
    std::map<std::string, std::uint32_t> pos;
    for (const auto& t : toks) pos[t.term] = t.pos;
    CHECK(pos["send"] == 10);
    CHECK(pos["e"] == 11);
    CHECK(pos["email"] == 11);
    CHECK(pos["mail"] == 12);
    CHECK(pos["now"] == 13);
}

TEST_CASE("soft hyphens and zero-width characters are ignored", "[analyzer]") {
    Analyzer an;
    struct Row {
        std::string text;
        Terms expected;
    };
    const std::vector<Row> table{
        {"Hafen\u00ADarbeiter", {"hafenarbeiter"}},
        {"ship\u200Bbuilding", {"shipbuilding"}},
        {"\u200Bship\u200B\u200Bbuilding\u200B", {"shipbuilding"}},
        {"ship\u2060building", {"shipbuilding"}},    // word joiner
        {"ship\uFEFFbuilding", {"shipbuilding"}},    // BOM inside text
        {"ship\u200Cbuilding", {"shipbuilding"}},    // zero-width non-joiner
        {"ship\u200Dbuilding", {"shipbuilding"}},    // zero-width joiner
        {"\u200B", {}},
        {"a\u200B b", {"a", "b"}},
    };
    for (const auto& row : table) {
        INFO(row.text);
        CHECK(terms(an, row.text) == row.expected);
    }
    // Offsets still point into the original text, zero-width spaces included.
    const std::string text = "big ship\u200Bbuilding yard";
    auto toks = an.analyze(text);
    REQUIRE(toks.size() == 3);
    CHECK(text.substr(toks[1].begin, toks[1].end - toks[1].begin) == "ship\u200Bbuilding");
    CHECK(text.substr(toks[2].begin, toks[2].end - toks[2].begin) == "yard");
}

TEST_CASE("numbers are kept whole, with their separators", "[analyzer]") {
    Analyzer an;
    struct Row {
        std::string text;
        Terms expected;
    };
    const std::vector<Row> table{
        {"1,000 tonnes", {"1,000", "tonnes"}},
        {"3.5%", {"3.5"}},
        {"$1.5 billion", {"1.5", "billion"}},
        {"3,5 Prozent", {"3,5", "prozent"}},
        {"１，０００", {"1,000"}},
        {"1987", {"1987"}},
        {"192.168.0.1", {"192.168.0.1"}},
        {"٢٠٢٠", {"٢٠٢٠"}},
    };
    for (const auto& row : table) {
        INFO(row.text);
        CHECK(terms(an, row.text) == row.expected);
    }
    for (const auto& t : an.analyze("1,000 3.5"))
        CHECK(t.kind == TokenKind::Number);
}

TEST_CASE("URLs and e-mail addresses are words plus the whole address", "[analyzer]") {
    Analyzer an;
    struct Row {
        std::string text;
        Terms parts, aliases;
    };
    const std::vector<Row> table{
        {"press@example.net", {"press", "example", "net"}, {"press@example.net"}},
        {"Write to Jane.Roe@Example.ORG.", {"write", "to", "jane", "roe", "example", "org"}, {"jane.roe@example.org"}},
        {"john_doe+news@mail.example.co.uk", {"john_doe", "news", "mail", "example", "co", "uk"},
         {"john_doe+news@mail.example.co.uk"}},
        {"see https://www.example.org/reports/2019.",
         {"see", "https", "www", "example", "org", "reports", "2019"},
         {"https://www.example.org/reports/2019", "www.example.org"}},
        {"(http://en.wikipedia.org/wiki/Foo_(bar))",
         {"http", "en", "wikipedia", "org", "wiki", "foo_", "bar"},
         {"http://en.wikipedia.org/wiki/foo_(bar)", "en.wikipedia.org"}},
        {"www.Example.com", {"www", "example", "com"}, {"www.example.com"}},
        {"Politico.com", {"politico", "com"}, {"politico.com"}},
        {"node.js", {"node", "js"}, {"node.js"}},
        {"U.S. economy", {"u.s", "economy"}, {"us"}},  // acronyms stay whole
        {"e.g.", {"e.g"}, {"eg"}},
        {"a@b", {"a", "b"}, {"a@b"}},                  // not an address (no domain): joined only
    };
    for (const auto& row : table) {
        INFO(row.text);
        CHECK(terms(an, row.text) == row.parts);
        CHECK(aliases(an, row.text) == row.aliases);
    }
    // The address alias starts where the address starts, at its first word's position.
    for (const auto& t : an.analyze("mail press@example.net today")) {
        if (t.term == "press@example.net") {
            CHECK(t.alias);
            CHECK(t.pos == 1);
            CHECK(t.begin == 5);
            CHECK(t.end == 22);
        }
    }
}

TEST_CASE("token offsets are on UTF-8 boundaries and give back the token", "[analyzer]") {
    Analyzer an;
    auto texts = sample_texts();
    texts.push_back("Ｆｕｌｌ－ｗｉｄｔｈ ｔｅｘｔ ２０２０年 and e-mail don’t ship\u200Bbuilding café\u0301");
    texts.push_back("mixed 東京タワー2020 ภาษาไทย Ελλάδα عُرض https://x.example.com/a?b=c");
    std::size_t checked = 0;
    for (const auto& text : texts) {
        for (const auto& t : an.analyze(text)) {
            INFO(text << " token '" << t.term << "' [" << t.begin << "," << t.end << ")");
            REQUIRE(t.begin < t.end);
            REQUIRE(t.end <= text.size());
            CHECK(is_boundary(text, t.begin));
            CHECK(is_boundary(text, t.end));
            if (t.alias) continue;
            // Analyzing the token's own text gives the token again.
            const auto again = terms(an, std::string_view(text).substr(t.begin, t.end - t.begin));
            CHECK(again == Terms{t.term});
            ++checked;
        }
    }
    CHECK(checked > 5000);
}

TEST_CASE("offsets stay on boundaries for invalid UTF-8 and random bytes", "[analyzer]") {
    Analyzer an;
    std::mt19937 rng(7);
    for (int round = 0; round < 300; ++round) {
        std::string text;
        const std::size_t n = 1 + rng() % 200;
        for (std::size_t i = 0; i < n; ++i) {
            // Mostly text-like bytes, some UTF-8 lead and continuation bytes out of place.
            const unsigned r = rng() % 10;
            text += static_cast<char>(r < 6 ? 'a' + rng() % 26 : r < 7 ? ' ' : 0x80 + rng() % 128);
        }
        for (const auto& t : an.analyze(text)) {
            REQUIRE(t.begin < t.end);
            REQUIRE(t.end <= text.size());
            CHECK(!t.term.empty());
            CHECK(t.term.size() <= max_token_bytes);
            int32_t i = 0;
            bool valid = true;
            while (i < static_cast<int32_t>(t.term.size())) {
                UChar32 c;
                U8_NEXT(t.term.data(), i, static_cast<int32_t>(t.term.size()), c);
                valid = valid && c >= 0;
            }
            CHECK(valid);
        }
    }
}

TEST_CASE("positions are consecutive, aliases share an existing position", "[analyzer]") {
    Analyzer an;
    auto texts = sample_texts();
    texts.push_back("e-mail don't U.S. press@example.net 北京经济 ภาษาไทย 1,000 state-of-the-art 京");
    for (const auto& text : texts) {
        if (text.empty()) continue;
        INFO(text);
        const std::uint32_t first = 7;
        std::set<std::uint32_t> main_positions, alias_positions;
        std::uint32_t last = 0;
        bool increasing = true, seen = false;
        for (const auto& t : an.analyze(text, first)) {
            if (t.alias) {
                alias_positions.insert(t.pos);
                continue;
            }
            increasing = increasing && (!seen || t.pos > last);
            last = t.pos;
            seen = true;
            main_positions.insert(t.pos);
        }
        CHECK(increasing);
        // Together they cover first..max without a hole; an alias is never past the end.
        std::set<std::uint32_t> all = main_positions;
        all.insert(alias_positions.begin(), alias_positions.end());
        REQUIRE(!all.empty());
        CHECK(*all.begin() == first);
        CHECK(*all.rbegin() - *all.begin() + 1 == all.size());
    }
}

TEST_CASE("Chinese and Japanese runs become overlapping bigrams with character aliases", "[analyzer]") {
    Analyzer an;
    auto toks = an.analyze("北京经济");
    struct Expect {
        std::string term;
        std::uint32_t pos;
        TokenKind kind;
        bool alias;
    };
    const std::vector<Expect> expected{
        {"北", 0, TokenKind::CjkChar, true}, {"北京", 0, TokenKind::Cjk, false},
        {"京", 1, TokenKind::CjkChar, true}, {"京经", 1, TokenKind::Cjk, false},
        {"经", 2, TokenKind::CjkChar, true}, {"经济", 2, TokenKind::Cjk, false},
        {"济", 3, TokenKind::CjkChar, true},
    };
    REQUIRE(toks.size() == expected.size());
    for (std::size_t i = 0; i < toks.size(); ++i) {
        INFO(i);
        CHECK(toks[i].term == expected[i].term);
        CHECK(toks[i].pos == expected[i].pos);
        CHECK(toks[i].kind == expected[i].kind);
        CHECK(toks[i].alias == expected[i].alias);
    }
    struct Row {
        std::string text;
        Terms expected;
    };
    const std::vector<Row> table{
        {"京", {"京"}},                                   // a lone character is positional
        {"東京タワー", {"東京", "京タ", "タワ", "ワー"}},  // kana and kanji in one run
        {"東京 タワー", {"東京", "タワ", "ワー"}},          // a space ends a run
        {"２０２０年東京", {"2020", "年東", "東京"}},
        {"ＪＲ東日本", {"jr", "東日", "日本"}},
        {"コリ・シューマン", {"コリ", "シュ", "ュー", "ーマ", "マン"}},
        {"で", {"で"}},
        {"て\u3099", {"で"}},                              // NFD voiced kana
    };
    for (const auto& row : table) {
        INFO(row.text);
        CHECK(terms(an, row.text) == row.expected);
    }
}

TEST_CASE("Thai is segmented into character bigrams that do not depend on context", "[analyzer]") {
    Analyzer an;
    CHECK(terms(an, "ภาษาไทย") == Terms{"ภา", "าษ", "ษา", "าไ", "ไท", "ทย"});
    // Tone marks and SARA AM belong to the letter before: น้ำ is one unit.
    CHECK(terms(an, "น้ำ") == Terms{"น\u0E49\u0E4D\u0E32"});
    // Every Thai word of the sample articles, analyzed alone, is a run of positions of its article.
    std::ifstream in(std::string(LEDE_SOURCE_DIR) + "/corpora/sample/articles.jsonl");
    std::size_t words = 0;
    for (std::string line; std::getline(in, line);) {
        auto j = nlohmann::json::parse(line);
        if (j["lang"] != "th") continue;
        const std::string body = j["body"];
        std::map<std::uint32_t, std::set<std::string>> at;
        for (const auto& t : an.analyze(body)) at[t.pos].insert(t.term);
        // Thai words: the spans ICU's dictionary finds in the text, analyzed out of context.
        for (const std::string w : {"น้ำท่วม", "ธนาคารกลาง", "ประเทศไทย", "รัฐบาล", "เศรษฐกิจ", "ดอกเบี้ย"}) {
            if (body.find(w) == std::string::npos) continue;
            ++words;
            const Terms q = terms(an, w);
            bool found = false;
            for (const auto& [p, set] : at) {
                bool all = true;
                for (std::size_t k = 0; k < q.size() && all; ++k) all = at.count(p + k) && at[p + k].count(q[k]);
                found = found || all;
            }
            INFO(w);
            CHECK(found);
        }
    }
    CHECK(words >= 2);
}

TEST_CASE("no term is ever longer than max_token_bytes, even with a field prefix", "[analyzer]") {
    Analyzer an;
    std::vector<std::string> inputs{
        std::string(1 << 20, 'a'),
        [] { std::string s; for (int i = 0; i < 100000; ++i) s += "é"; return s; }(),
        [] { std::string s = "a"; for (int i = 0; i < 100000; ++i) s += "\u0301"; return s; }(),
        [] { std::string s = "北"; for (int i = 0; i < 100000; ++i) s += "\u0301"; return s; }(),
        [] { std::string s; for (int i = 0; i < 100000; ++i) s += "a-"; return s; }(),
        [] { std::string s; for (int i = 0; i < 100000; ++i) s += "a'"; return s; }(),
        [] { std::string s; for (int i = 0; i < 100000; ++i) s += "ab."; return s; }(),
        [] { std::string s = "https://example.com/"; s += std::string(5000, 'x'); return s; }(),
        [] { std::string s(5000, 'x'); s += "@example.com"; return s; }(),
        [] { std::string s; for (int i = 0; i < 20000; ++i) s += "東京"; return s; }(),
        [] { std::string s; for (int i = 0; i < 20000; ++i) s += "ภาษา"; return s; }(),
        [] { std::string s; for (int i = 0; i < 3000; ++i) s += "Ｗ"; return s; }(),
        [] { std::string s; for (int i = 0; i < 2000; ++i) s += "ﷺ"; return s; }(), // expands 18x under NFKC
    };
    std::mt19937 rng(3);
    for (int i = 0; i < 50; ++i) {
        std::string s;
        for (int k = 0; k < 400; ++k) {
            const UChar32 c = static_cast<UChar32>(0x20 + rng() % 0x3000);
            if (c >= 0xD800 && c < 0xE000) continue;
            char buf[4];
            int32_t len = 0;
            U8_APPEND_UNSAFE(buf, len, c);
            s.append(buf, static_cast<std::size_t>(len));
        }
        inputs.push_back(s);
    }
    for (const auto& s : inputs) {
        INFO(s.substr(0, 40));
        const auto stats = an.analyze(s, 0, [&](const Token& t) {
            CHECK(t.term.size() <= max_token_bytes);
            CHECK(t.accent_form.size() <= max_token_bytes);
            // A prefixed token is never cut again, so index and query agree whatever the prefix.
            for (std::string_view prefix : {"ZXSRC", "XSRC", "ZS", "XE", "S", "Z"}) {
                const std::string prefixed = std::string(prefix) + t.term;
                CHECK(limit_term_length(prefixed) == prefixed);
            }
        });
        CHECK(stats.tokens > 0);
    }
    // The same long word is cut the same way each time; different long words stay different.
    const std::string long1(1000, 'x'), long2 = std::string(999, 'x') + "y";
    CHECK(terms(an, long1) == terms(an, long1));
    CHECK(terms(an, long1) != terms(an, long2));
    const auto stats = an.analyze("short " + std::string(1 << 20, 'a') + " words", 0, [](const Token&) {});
    CHECK(stats.cut_tokens == 1);
    CHECK(stats.longest_cut == (1u << 20));
}

TEST_CASE("limit_term_length and limit_token_length cut at a character boundary and keep terms distinct", "[analyzer]") {
    CHECK(limit_term_length("short") == "short");
    const std::string exact(schema::max_term_bytes, 'a');
    CHECK(limit_term_length(exact) == exact);
    std::string cyr;
    for (int i = 0; i < 200; ++i) cyr += "ж";
    const std::string cut = limit_term_length(cyr);
    CHECK(cut.size() <= schema::max_term_bytes);
    CHECK(cut.find('#') != std::string::npos);
    const std::string prefix = cut.substr(0, cut.find('#'));
    CHECK(prefix.size() % 2 == 0); // whole two-byte letters
    CHECK(cyr.compare(0, prefix.size(), prefix) == 0);
    CHECK(limit_term_length(cyr + "a") != cut);
    CHECK(limit_token_length(cyr).size() <= max_token_bytes);
    CHECK(limit_token_length(std::string(max_token_bytes, 'a')) == std::string(max_token_bytes, 'a'));
}

TEST_CASE("fold_word, stemming and the configuration", "[analyzer]") {
    Analyzer an;
    CHECK(an.fold_word("Müller's") == "muller");
    CHECK(an.fold_word("...") == "");
    CHECK(an.stem("running", "en") == "run");
    CHECK(an.stem("häuser", "de") == an.stem("hauser", "de"));
    CHECK(an.stem("2020s", "en") == "2020s");
    CHECK(an.stem("running", "xx") == "running");
    CHECK(Analyzer::has_stemmer("ru"));
    CHECK(!Analyzer::has_stemmer("zh"));

    AnalyzerConfig c;
    CHECK(AnalyzerConfig::from_json(c.to_json()) == c);
    CHECK_THROWS_AS(AnalyzerConfig::from_json(R"({"version":1,"fold_diacritics":true,"cjk_bigrams":true})"), SchemaError);
    CHECK_THROWS_AS(AnalyzerConfig::from_json("not json"), SchemaError);

    AnalyzerConfig keep;
    keep.fold_diacritics = false;
    Analyzer exact(keep);
    CHECK(terms(exact, "Café") == Terms{"café"});
}

TEST_CASE("spelling words: a document's folded title and body words, letters only, no bigram scripts", "[analyzer]") {
    Analyzer an;
    DocumentBuilder builder(an);
    Article a;
    a.id = "s1";
    a.title = "Café owners' e-mail";
    a.body = "Prices rose 3.5% in 2024 at www.example.com; 東京の市場 x.";
    a.author = "Dana Smith";
    a.tags = {"markets"};
    a.lang = "en";
    std::vector<std::string> words;
    const Xapian::Document doc = builder.build(a, nullptr, &words);
    // Folded words of the title and body (the host's parts, the alias "email" too); not the
    // author's name or the tag (prefixed terms), numbers, the whole host, one-letter words or CJK bigrams.
    CHECK(words == std::vector<std::string>{"at", "cafe", "com", "email", "example", "in", "mail", "owners", "prices",
                                            "rose", "www"});
    CHECK(std::is_sorted(words.begin(), words.end()));
    std::vector<std::string> again;
    spelling_words_of(doc, again);
    CHECK(again == words); // the same from the document alone (what an update takes back)
    CHECK(is_spelling_term("cafe"));
    CHECK_FALSE(is_spelling_term("Zcafe"));
    CHECK_FALSE(is_spelling_term("x"));
    CHECK_FALSE(is_spelling_term("3.5"));
    CHECK_FALSE(is_spelling_term("東京"));
    CHECK_FALSE(is_spelling_term("ตลาด"));
    CHECK(is_spelling_term("москва"));
}

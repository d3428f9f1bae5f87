// SPDX-License-Identifier: MIT
// The scripting surface in-process: --fields, --format templates, the public API, batch lines.
#include "../catch.hpp"

#include "batch.hpp"
#include "cli.hpp" // lede-search's (searcher/cli/); the unit tests do not link lede-index's
#include "document.hpp"
#include "error.hpp"
#include "hit_format.hpp"
#include "json_output.hpp"
#include "schema.hpp"

#include <lede/index.hpp>
#include <lede/search.hpp>

#include <xapian.h>

#include <filesystem>
#include <random>
#include <set>
#include <sstream>

using namespace lede;

namespace {

// A fresh directory under the system temp dir, removed at the end of the test.
struct TempPath {
    std::filesystem::path path;
    TempPath() {
        std::random_device rd;
        path = std::filesystem::temp_directory_path() / ("lede-unit-" + std::to_string(rd()) + std::to_string(rd()));
        std::filesystem::create_directories(path);
    }
    ~TempPath() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
};

api::Hit sample_hit() {
    api::Hit h;
    h.rank = 3;
    h.score = 7.25;
    h.duplicates = 1;
    h.article = {.id = "a-1",
                 .title = "Port\tstrike\nends",
                 .body = "Body text.",
                 .date = "2019-03-21T10:00:00Z",
                 .source = "Harbour Gazette",
                 .author = "A. Writer",
                 .url = "https://example.com/a",
                 .lang = "en",
                 .tags = {"port", "strike"}};
    h.passages = {{"First passage…", {{0, 5}}}, {"Second one", {}}};
    return h;
}

void add_sample(api::Indexer& ix) {
    ix.add({.id = "c1", .title = "Cocoa prices hit a record", .body = "Cocoa futures rose again.", .date = "2024-03-26"});
    ix.add({.id = "c2", .title = "Chocolate bars shrink", .body = "Makers blame cocoa costs.", .date = "2024-11-19"});
    ix.add({.id = "h1", .title = "Harbour reopens", .body = "Ferries sailed on Monday.", .date = "2024-01-08"});
}

} // namespace

TEST_CASE("the fields option parses names into a fixed set and rejects unknown ones", "[scripting]") {
    struct Case {
        std::string spec;
        std::vector<HitField> on;
    };
    const std::vector<Case> cases{
        {"id", {HitField::Id}},
        {"title,id", {HitField::Id, HitField::Title}},
        {" id , rank ,", {HitField::Id, HitField::Rank}},
        {"body,passages", {HitField::Passages, HitField::Body}},
    };
    for (const auto& c : cases) {
        INFO(c.spec);
        const HitFields f = HitFields::parse(c.spec);
        for (int i = 0; i < static_cast<int>(HitField::Count_); ++i) {
            const auto field = static_cast<HitField>(i);
            CHECK(f.has(field) == (std::find(c.on.begin(), c.on.end(), field) != c.on.end()));
        }
    }
    const HitFields def = HitFields::parse("");
    CHECK(def.has(HitField::Passages));
    CHECK(def.has(HitField::Tags));
    CHECK(!def.has(HitField::Body));
    CHECK(!HitFields::parse("id,date").needs_passages());
    CHECK(HitFields::parse("title_highlights").needs_passages());
    CHECK_THROWS_WITH(HitFields::parse("id,headline"), Catch::Contains("unknown field 'headline'"));
    CHECK_THROWS_AS(HitFields::parse("ID"), UsageError);
}

TEST_CASE("hit objects carry the chosen keys in the documented order", "[scripting]") {
    const auto j = hit_json(sample_hit(), HitFields::parse("passages,date,id"));
    std::vector<std::string> keys;
    for (const auto& [k, v] : j.items()) keys.push_back(k);
    CHECK(keys == std::vector<std::string>{"id", "date", "passages"});
    CHECK(j["passages"][0]["highlights"] == Json::array({Json::array({0, 5})}));
    std::ostringstream out;
    write_json_line(out, Json{{"text", std::string("bad \xff byte")}});
    CHECK(out.str() == "{\"text\":\"bad \xef\xbf\xbd byte\"}\n");
}

TEST_CASE("format templates expand placeholders and escapes", "[scripting]") {
    const api::Hit h = sample_hit();
    const std::vector<std::pair<std::string, std::string>> cases{
        {"%{id}", "a-1"},
        {"%{rank}. %{title}", "3. Port strike ends"},  // control characters in values become spaces
        {"%{score}", "7.250"},
        {"%{date}|%{day}", "2019-03-21T10:00:00Z|2019-03-21"},
        {"%{tags}", "port,strike"},
        {"%{passage}", "First passage…"},
        {"%{passages}", "First passage… | Second one"},
        {"%{source}/%{author}/%{url}/%{lang}/%{duplicates}", "Harbour Gazette/A. Writer/https://example.com/a/en/1"},
        {"%{body}", "Body text."},
        {"a\\tb\\nc\\\\d", "a\tb\nc\\d"},
        {"%%{id}%n", "%{id}\n"},
        {"\\x %{id}", "\\x a-1"},
        {"", ""},
    };
    for (const auto& [spec, expected] : cases) {
        INFO(spec);
        CHECK(HitFormat(spec).expand(h) == expected);
    }
    CHECK(HitFormat("%{passages}").needs_passages());
    CHECK(!HitFormat("%{title}").needs_passages());
    CHECK_THROWS_WITH(HitFormat("%{titel}"), Catch::StartsWith("bad --format: unknown placeholder '%{titel}'"));
    CHECK_THROWS_WITH(HitFormat("a %"), "bad --format: lone '%' at position 3 (write %% for a percent sign, %{field} for a field)");
    CHECK_THROWS_WITH(HitFormat("%{id"), "bad --format: '%{' at position 1 has no closing '}'");
}

TEST_CASE("the public API indexes and replaces and removes and searches", "[scripting][api]") {
    TempPath dir;
    const std::string db = (dir.path / "idx").string();
    {
        api::Indexer ix(db);
        add_sample(ix);
        const auto& rep = ix.commit();
        CHECK(rep.added == 3);
        CHECK(rep.documents == 3);
    }
    {
        api::Indexer ix(db);
        add_sample(ix);  // identical: nothing written
        ix.add({.id = "h1", .title = "Harbour reopens after storm", .body = "Ferries sailed on Monday."});
        ix.add({.id = "x1", .title = "Undated", .body = "Text", .date = "sometime"});
        CHECK(ix.remove("c2"));
        CHECK(!ix.remove("nope"));
        const auto& rep = ix.commit();
        CHECK(rep.unchanged == 3);
        CHECK(rep.updated == 1);
        CHECK(rep.added == 1);
        CHECK(rep.deleted == 1);
        REQUIRE(rep.warnings.size() == 1);
        CHECK(rep.warnings[0].rfind("x1: ", 0) == 0);
        CHECK(rep.documents == 3);
        CHECK_THROWS_AS(ix.add({.id = "", .title = "t"}), api::Error);
        try {
            ix.add({.id = "e"});
        } catch (const api::Error& e) {
            CHECK(e.kind() == api::ErrorKind::Usage);
        }
    }
    api::Searcher s(db);
    CHECK(s.document_count() == 3);
    api::Query q;
    q.text = "cocoa";
    auto res = s.search(q);
    REQUIRE(res.hits.size() == 1);
    CHECK(res.hits[0].article.id == "c1");
    CHECK(res.hits[0].rank == 1);
    CHECK(res.hits[0].article.body == "Cocoa futures rose again.");
    REQUIRE(!res.hits[0].passages.empty());
    const auto& p = res.hits[0].passages[0];
    REQUIRE(!p.highlights.empty());
    CHECK(p.text.substr(p.highlights[0].first, p.highlights[0].second - p.highlights[0].first) == "Cocoa");
    CHECK(res.native != nullptr);
    q.passages = false;
    CHECK(s.search(q).hits[0].passages.empty());
    CHECK(s.describe(q).find("cocoa") != std::string::npos);

    SECTION("errors carry their kind") {
        api::Query bad;
        bad.text = "\"cocoa";
        try {
            s.search(bad);
            FAIL("no error");
        } catch (const api::Error& e) {
            CHECK(e.kind() == api::ErrorKind::Query);
            CHECK(e.position() == 0);
        }
        try {
            api::Searcher missing((dir.path / "missing").string());
            FAIL("no error");
        } catch (const api::Error& e) {
            CHECK(e.kind() == api::ErrorKind::Index);
        }
    }
}

TEST_CASE("run_batch answers every line in order and keeps going after bad lines", "[scripting][batch]") {
    TempPath dir;
    const std::string db = (dir.path / "idx").string();
    {
        api::Indexer ix(db);
        add_sample(ix);
        ix.commit();
    }
    api::Searcher s(db);
    SearchRequest defaults;
    defaults.limit = 1;
    std::istringstream in("cocoa\n"
                          "{\"id\":\"x\",\"query\":\"cocoa\",\"limit\":5,\"fields\":\"id\"}\n"
                          "(\n"
                          "{\"query\":\"cocoa\",\"literal\":\"yes\"}\n"
                          "zzzz\n");
    std::ostringstream out;
    const BatchStats st = run_batch(s, defaults, HitFields::parse("id,rank"), in, out);
    CHECK(st.lines == 5);
    CHECK(st.failed == 2);
    CHECK(st.with_hits == 2);
    CHECK(batch_exit_code(st) == 2);
    std::vector<Json> a;
    std::istringstream lines(out.str());
    for (std::string l; std::getline(lines, l);) a.push_back(Json::parse(l));
    REQUIRE(a.size() == 5);
    CHECK(a[0]["id"] == 1);
    CHECK(a[0]["hits"].size() == 1);
    CHECK(a[1]["id"] == "x");
    CHECK(a[1]["hits"].size() == 2);
    CHECK(a[1]["hits"][0].size() == 1);
    CHECK(a[2]["id"] == 3);
    CHECK(a[2].contains("error"));
    CHECK(a[3]["error"] == "\"literal\" must be true or false");
    CHECK(a[4]["hits"].empty());

    const std::vector<std::pair<BatchStats, int>> codes{
        {BatchStats{3, 1, 0, false, false}, 0},
        {BatchStats{3, 0, 0, false, false}, 1},
        {BatchStats{0, 0, 0, false, false}, 1},
        {BatchStats{3, 3, 1, false, false}, 2},
        {BatchStats{3, 3, 0, true, false}, 2},
    };
    for (const auto& [stats, code] : codes) CHECK(batch_exit_code(stats) == code);
}

TEST_CASE("the scripting options parse", "[scripting][cli]") {
    CLI::App app{"lede-search"};
    SearchOptions o;
    add_options(app, o);
    app.parse("--db x --batch --fields id,title -n 3 --format %{id}", false);
    CHECK(o.batch);
    CHECK(o.fields == "id,title");
    CHECK(o.format == "%{id}");
    CHECK(o.request.limit == 3);
}

TEST_CASE("the public API marks copies as lede-index does, and its searches collapse them", "[scripting][api]") {
    TempPath dir;
    const std::string db = (dir.path / "idx").string();
    {
        api::Indexer ix(db);
        add_sample(ix);
        ix.commit();
        ix.add({.id = "c9", .title = "Cocoa prices hit a record", .body = "Cocoa futures rose again.", .date = "2024-03-27"});
        ix.commit();
    }
    Xapian::Database x(db);
    CHECK(x.get_metadata(std::string(schema::meta::copies)) == "1");
    std::set<std::string> marked;
    for (auto d = x.postlist_begin(""); d != x.postlist_end(""); ++d) {
        const Xapian::Document doc = x.get_document(*d);
        if (!doc.get_value(schema::slot::copies).empty()) marked.insert(decode_article(doc.get_data()).id);
    }
    CHECK(marked == std::set<std::string>{"c1", "c9"});
    api::Searcher s(db);
    api::Query q;
    q.text = "record";
    const auto r = s.search(q);
    REQUIRE(r.hits.size() == 1);
    CHECK(r.hits[0].duplicates == 1);
}

TEST_CASE("the API and batch lines say whether every word was required and whether it was relaxed", "[scripting][api][batch]") {
    TempPath dir;
    const std::string db = (dir.path / "idx").string();
    {
        api::Indexer ix(db);
        add_sample(ix);
        ix.add({.id = "n1", .title = "WHO warns on flu", .body = "The WHO said who would pay was unclear.", .date = "2024-02-01"});
        ix.commit();
    }
    api::Searcher s(db);
    api::Query q;
    q.text = "cocoa prices";
    api::Results r = s.search(q);
    CHECK(r.all_words);
    CHECK_FALSE(r.relaxed);
    CHECK(r.hits.size() == 1); // c1 only: c2 has cocoa without prices
    q.any_words = true;
    r = s.search(q);
    CHECK_FALSE(r.all_words);
    CHECK(r.hits.size() == 2);
    q.any_words = false;
    q.text = "cocoa ferries";
    r = s.search(q);
    CHECK(r.relaxed);
    CHECK(r.words_missing == 1);
    CHECK(r.hits.size() == 3);
    q.text = "cocoa ferries";
    q.literal = true;
    r = s.search(q);
    CHECK_FALSE(r.all_words);
    CHECK_FALSE(r.relaxed);
    q.all_words = true;
    CHECK(s.search(q).relaxed);
    q = {};
    q.text = "=WHO";
    r = s.search(q);
    REQUIRE(r.hits.size() == 1);
    CHECK(r.hits[0].article.id == "n1");

    SearchRequest defaults;
    std::istringstream in("cocoa prices\n"
                          "{\"query\":\"cocoa prices\",\"any\":true}\n"
                          "{\"query\":\"cocoa ferries\"}\n"
                          "{\"query\":\"cocoa ferries\",\"literal\":true,\"all\":true}\n"
                          "{\"query\":\"cocoa\",\"any\":1}\n");
    std::ostringstream out;
    run_batch(s, defaults, HitFields::parse("id"), in, out);
    std::vector<Json> a;
    std::istringstream lines(out.str());
    for (std::string l; std::getline(lines, l);) a.push_back(Json::parse(l));
    REQUIRE(a.size() == 5);
    CHECK(a[0]["summary"]["operator"] == "and");
    CHECK(a[0]["hits"].size() == 1);
    CHECK(a[1]["summary"]["operator"] == "or");
    CHECK(a[1]["hits"].size() == 2);
    CHECK(a[2]["summary"]["relaxed"] == true);
    CHECK(a[2]["summary"]["words_missing"] == 1);
    CHECK(a[3]["summary"]["relaxed"] == true);
    CHECK(a[4]["error"] == "\"any\" must be true or false");
}

// SPDX-License-Identifier: MIT
// Plain text and Markdown: title, byline and date lines, front matter, markup stripping.
#include "../catch.hpp"

#include "collect_sink.hpp"
#include "plain.hpp"

using namespace lede;

TEST_CASE("plain text: title line, byline, date line, body, and mtime only without a date", "[plain]") {
    test::CollectSink sink;
    read_text("\n  Headline here  \n\nBy Ann Author\n2024-02-03\n\nBody line one.\nBody line two.\n",
              SourceName("a.txt", "/abs/a.txt", 86400), sink);
    read_text("Just a title\nand a body\n", SourceName("b.txt", "/abs/b.txt", 86400), sink);
    read_text(" \n\n", SourceName("c.txt", "/abs/c.txt"), sink);
    REQUIRE(sink.articles.size() == 2);
    CHECK(sink.articles[0].title == "Headline here");
    CHECK(sink.articles[0].author == "Ann Author");
    CHECK(sink.articles[0].date == "2024-02-03");
    CHECK(sink.articles[0].body == "Body line one.\nBody line two.");
    CHECK(sink.articles[0].id == "/abs/a.txt");
    CHECK(sink.articles[1].date == "1970-01-02T00:00:00Z");
    CHECK(sink.articles[1].author.empty());
    CHECK(sink.skips == std::vector<std::string>{"c.txt:0: file has no text"});
}

TEST_CASE("Markdown front matter (YAML and TOML) gives the fields", "[plain]") {
    test::CollectSink sink;
    read_markdown("---\ntitle: \"Quoted: title\"\ndate: 2024-06-03\nauthor: Sam\nsource: Paper\nid: md-1\n"
                  "tags:\n  - one\n  - two\n---\n# Quoted: title\n\nText *here*.\n",
                  SourceName("a.md"), sink);
    read_markdown("+++\ntitle = 'T'\ntags = [\"x\", \"y\"]\n+++\nBody\n", SourceName("b.md"), sink);
    REQUIRE(sink.articles.size() == 2);
    const Article& a = sink.articles[0];
    CHECK(a.title == "Quoted: title");
    CHECK(a.date == "2024-06-03");
    CHECK(a.author == "Sam");
    CHECK(a.source == "Paper");
    CHECK(a.id == "md-1");
    CHECK(a.tags == std::vector<std::string>{"one", "two"});
    CHECK(a.body == "Text here.");
    CHECK(sink.articles[1].title == "T");
    CHECK(sink.articles[1].tags == std::vector<std::string>{"x", "y"});
}

TEST_CASE("Markdown without front matter: the first heading is the title", "[plain]") {
    test::CollectSink sink;
    read_markdown("Setext title\n============\n\nBy Lee\n\nSome text.\n", SourceName("s.md"), sink);
    read_markdown("## ATX title ##\nText.\n", SourceName("t.md"), sink);
    REQUIRE(sink.articles.size() == 2);
    CHECK(sink.articles[0].title == "Setext title");
    CHECK(sink.articles[0].author == "Lee");
    CHECK(sink.articles[0].body == "Some text.");
    CHECK(sink.articles[1].title == "ATX title");
}

TEST_CASE("Markdown markup is stripped, link targets dropped", "[plain]") {
    struct Case {
        std::string in, out;
    };
    const Case cases[] = {
        {"a [link](http://x.example/y) b", "a link b\n"},
        {"![alt text](img.png)", "alt text\n"},
        {"**bold** and _em_ and snake_case", "bold and em and snake_case\n"},
        {"> quoted", "quoted\n"},
        {"[ref]: http://x.example", ""},
        {"see [this][ref]", "see this\n"},
        {"```\ncode *kept*\n```", "code *kept*\n"},
        {"`inline`", "inline\n"},
        {"<https://x.example> text", " text\n"},
    };
    for (const auto& c : cases) {
        INFO(c.in);
        CHECK(strip_markdown(c.in) == c.out);
    }
}

// SPDX-License-Identifier: MIT
// CSV/TSV: the tokenizer (quotes, separators, newlines, doubled quotes) and the record reader.
#include "../catch.hpp"

#include "collect_sink.hpp"
#include "error.hpp"
#include "readers.hpp"

#include <sstream>

using namespace lede;

TEST_CASE("the CSV tokenizer follows RFC 4180", "[csv]") {
    struct Case {
        std::string input;
        std::vector<std::vector<std::string>> records;
        std::vector<std::size_t> start_lines;
    };
    const Case cases[] = {
        {"a,b,c\n", {{"a", "b", "c"}}, {1}},
        {"a,b,c", {{"a", "b", "c"}}, {1}},                                     // no final newline
        {"a,b\r\nc,d\r\n", {{"a", "b"}, {"c", "d"}}, {1, 2}},                  // CRLF
        {"\"x,y\",z\n", {{"x,y", "z"}}, {1}},                                 // quoted separator
        {"\"say \"\"hi\"\"\",2\n", {{"say \"hi\"", "2"}}, {1}},               // doubled quotes
        {"\"two\nlines\",b\nnext,row\n", {{"two\nlines", "b"}, {"next", "row"}}, {1, 3}}, // embedded newline
        {"a,,c\n", {{"a", "", "c"}}, {1}},                                     // empty field
        {"a,\n", {{"a", ""}}, {1}},                                            // trailing empty field
        {"\n\na,b\n\n", {{"a", "b"}}, {3}},                                    // blank lines skipped
        {"ab\"c,d\n", {{"ab\"c", "d"}}, {1}},                                 // quote inside an unquoted field
        {"\"ab\"c,d\n", {{"abc", "d"}}, {1}},                                  // text after a closing quote
        {"\"\",x\n", {{"", "x"}}, {1}},                                        // empty quoted field
    };
    for (const auto& c : cases) {
        INFO(c.input);
        std::istringstream in(c.input);
        std::vector<std::string> fields;
        std::size_t line = 0, start = 0;
        std::vector<std::vector<std::string>> got;
        std::vector<std::size_t> starts;
        while (next_csv_record(in, ',', fields, line, start)) {
            got.push_back(fields);
            starts.push_back(start);
        }
        CHECK(got == c.records);
        CHECK(starts == c.start_lines);
    }
}

TEST_CASE("an unterminated quote is an error at the line where the record starts", "[csv]") {
    std::istringstream in("a,b\n\"open,\nstill open\n");
    std::vector<std::string> fields;
    std::size_t line = 0, start = 0;
    REQUIRE(next_csv_record(in, ',', fields, line, start));
    try {
        next_csv_record(in, ',', fields, line, start);
        FAIL("no error");
    } catch (const InputError& e) {
        CHECK(e.line() == 2);
    }
}

TEST_CASE("TSV uses the same tokenizer with tabs", "[csv]") {
    std::istringstream in("a\tb,c\n\"q\tq\"\td\n");
    std::vector<std::string> fields;
    std::size_t line = 0, start = 0;
    REQUIRE(next_csv_record(in, '\t', fields, line, start));
    CHECK(fields == std::vector<std::string>{"a", "b,c"});
    REQUIRE(next_csv_record(in, '\t', fields, line, start));
    CHECK(fields == std::vector<std::string>{"q\tq", "d"});
}

TEST_CASE("CSV records become articles, headers match case-insensitively and through --map", "[csv]") {
    const std::string csv =
        "Headline,BODY,when,Tags,id\n"
        "First,\"Body, with comma\",2024-01-02,\"a; b\",x1\n"
        "Second,\"multi\nline\",2024-01-03,c,\n"
        "too,few\n"
        ",,2024-01-04,,x4\n"
        "Fifth,ok,2024-01-05,,x5,extra\n";
    std::istringstream in(csv);
    test::CollectSink sink;
    read_csv(in, SourceName("news.csv", "/abs/news.csv"), parse_field_map("title=headline,date=When"), ',', sink);
    REQUIRE(sink.articles.size() == 2);
    CHECK(sink.articles[0].id == "x1");
    CHECK(sink.articles[0].title == "First");
    CHECK(sink.articles[0].body == "Body, with comma");
    CHECK(sink.articles[0].date == "2024-01-02");
    CHECK(sink.articles[0].tags == std::vector<std::string>{"a", "b"});
    CHECK(sink.articles[0].origin == "/abs/news.csv:2");
    CHECK(sink.articles[1].id == "/abs/news.csv:3"); // derived from the path and the record's first line
    CHECK(sink.articles[1].body == "multi\nline");
    CHECK(sink.skips == std::vector<std::string>{"news.csv:5: record has 2 fields, the header has 5",
                                                 "news.csv:6: record has neither title nor body",
                                                 "news.csv:7: record has 6 fields, the header has 5"});
}

TEST_CASE("a CSV whose header names no text column is reported once", "[csv]") {
    std::istringstream in("a,b\n1,2\n");
    test::CollectSink sink;
    read_csv(in, SourceName("x.csv"), {}, ',', sink);
    CHECK(sink.articles.empty());
    REQUIRE(sink.skips.size() == 1);
    CHECK(sink.skips[0].rfind("x.csv:1: the header row names no title or body column", 0) == 0);
}

TEST_CASE("legacy-encoded CSV fields are decoded and reported once", "[csv]") {
    std::istringstream in("title,body\nCaf\xe9 opens,Cr\xe8me br\xfbl\xe9\x65 for everyone in the caf\xe9 today\n");
    test::CollectSink sink;
    read_csv(in, SourceName("l.csv"), {}, ',', sink);
    REQUIRE(sink.articles.size() == 1);
    CHECK(sink.articles[0].title == "Caf\xc3\xa9 opens");
    REQUIRE(sink.warnings.size() == 1);
    CHECK(sink.warnings[0].find("not valid UTF-8") != std::string::npos);
}

TEST_CASE("JSON Lines: nested --map paths, derived ids, reasons for bad lines", "[csv][jsonl]") {
    std::istringstream in("{\"h\": {\"t\": \"Nested\"}, \"text\": \"b\"}\n"
                          "not json\n"
                          "[1,2]\n"
                          "{\"h\": {}, \"text\": \"\"}\n");
    test::CollectSink sink;
    read_jsonl(in, SourceName("f.jsonl", "/abs/f.jsonl"), parse_field_map("title=h.t,body=text"), sink);
    REQUIRE(sink.articles.size() == 1);
    CHECK(sink.articles[0].title == "Nested");
    CHECK(sink.articles[0].id == "/abs/f.jsonl:1");
    REQUIRE(sink.skips.size() == 3);
    CHECK(sink.skips[0].rfind("f.jsonl:2: malformed JSON", 0) == 0);
    CHECK(sink.skips[1] == "f.jsonl:3: not a JSON object");
    CHECK(sink.skips[2] == "f.jsonl:4: record has neither title nor body");
}

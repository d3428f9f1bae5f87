// SPDX-License-Identifier: MIT
// Terminal rendering: display widths, wrapping, layout at every width, summary line, safety.
#include "../catch.hpp"

#include "analyzer.hpp"
#include "document.hpp"
#include "render.hpp"

#include <fstream>
#include <regex>
#include <sstream>

using namespace lede;

namespace {

std::string strip_ansi(const std::string& s) { return std::regex_replace(s, std::regex("\x1b\\[[0-9;]*m"), ""); }

std::vector<std::string> split_lines(const std::string& s) {
    std::vector<std::string> out;
    std::istringstream in(s);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

std::vector<std::string> line_texts(std::string_view text, const std::vector<Span>& lines) {
    std::vector<std::string> out;
    for (const auto& [b, e] : lines) out.emplace_back(text.substr(b, e - b));
    return out;
}

std::vector<Article> sample_articles() {
    std::ifstream in(std::string(LEDE_SOURCE_DIR) + "/corpora/sample/articles.jsonl");
    std::vector<Article> out;
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) out.push_back(decode_article(line));
    return out;
}

// Hits for a query over some sample articles, as the searcher would build them.
SearchResult sample_result(const std::string& query, const std::vector<std::string>& ids) {
    Analyzer an;
    QueryParserOptions qo;
    qo.stem_languages = {"de", "en", "fr"};
    const ParsedQuery q = parse_query(query, an, qo);
    SearchResult res;
    std::size_t rank = 0;
    for (const auto& a : sample_articles()) {
        if (std::find(ids.begin(), ids.end(), a.id) == ids.end()) continue;
        Hit h;
        h.rank = ++rank;
        h.article = a;
        h.title_highlights = find_highlights(an, a.title, a.lang, q, Field::Title);
        h.passages = select_passages(an, a.body, a.lang, q, {2, 240}, {});
        res.hits.push_back(std::move(h));
    }
    res.matches_lower_bound = res.matches_estimated = res.matches_upper_bound = static_cast<Xapian::doccount>(rank);
    return res;
}

} // namespace

TEST_CASE("display width counts East Asian wide characters twice and marks not at all", "[render]") {
    const std::vector<std::pair<std::string, std::size_t>> cases{
        {"", 0},           {"abc", 3},          {"北京", 4},          {"e\u0301", 1},
        {"한국어", 6},     {"\uFF21\uFF22", 4}, {"\u2026", 1},       {"Ελλάδα", 6},
        {"東京タワー", 10}, {"مرحبا", 5},        {"a\u200Bb", 2},     {"\t", 1},
    };
    for (const auto& [text, width] : cases) {
        INFO(text);
        CHECK(display_width(text) == width);
    }
}

TEST_CASE("wrapping breaks at line-break opportunities", "[render]") {
    struct Case {
        std::string text;
        std::size_t width;
        std::vector<std::string> lines;
    };
    const std::vector<Case> cases{
        {"The quick brown fox jumps", 10, {"The quick", "brown fox", "jumps"}},
        {"The quick brown fox jumps", 40, {"The quick brown fox jumps"}},
        {"  leading and trailing  ", 40, {"leading and trailing"}},
        {"北京经济发展很快", 6, {"北京经", "济发展", "很快"}},
        {"well-known follow-up", 12, {"well-known ", "follow-up"}},
        {"abcdefghijklmnop", 5, {"abcde", "fghij", "klmno", "p"}},
    };
    for (const auto& c : cases) {
        INFO(c.text << " at " << c.width);
        auto got = line_texts(c.text, wrap_lines(c.text, c.width));
        for (auto& l : got)
            while (!l.empty() && l.back() == ' ') l.pop_back();
        std::vector<std::string> want = c.lines;
        for (auto& l : want)
            while (!l.empty() && l.back() == ' ') l.pop_back();
        CHECK(got == want);
    }
}

TEST_CASE("wrapping counts the plain markers of highlights", "[render]") {
    const std::string text = "aa bb cc";
    CHECK(line_texts(text, wrap_lines(text, 8)) == std::vector<std::string>{"aa bb cc"});
    CHECK(line_texts(text, wrap_lines(text, 8, {{0, 2}, {3, 5}}, 2)) == std::vector<std::string>{"aa", "bb", "cc"}); // "**bb** cc" is 9 columns
    CHECK(line_texts(text, wrap_lines(text, 8, {{0, 2}, {3, 5}}, 0)) == std::vector<std::string>{"aa bb cc"});
}

TEST_CASE("wrapping keeps every line within the width and loses no text", "[render]") {
    const std::vector<std::string> texts{
        "Cocoa futures are expected to open 10 to 15 dlrs lower following London cocoa prices.",
        "北京市统计局十六日发布数据显示，今年一季度全市地区生产总值同比增长5.2%，经济运行总体平稳。",
        "See https://example.com/a/very/long/path/that/does/not/fit/anywhere?query=1 for details.",
        "“แม้ว่าการเปลี่ยนไปใช้ระบบดิจิตัลเป็นสิ่งที่ไม่เคยมีมาก่อนในสหรัฐฯ การเปลี่ยนผ่านอำนาจอย่างสันตินั้นก็ไม่ใช่เรื่องใหม่”",
        "東京都の東京タワーは、1958年に完成した電波塔です。Tokyo Tower, completed in 1958.",
    };
    for (const auto& text : texts) {
        for (std::size_t width = 2; width <= 70; width += 3) {
            INFO(text << " at " << width);
            const auto lines = wrap_lines(text, width);
            REQUIRE(!lines.empty());
            std::size_t prev = 0;
            std::string rebuilt;
            for (const auto& [b, e] : lines) {
                CHECK(b >= prev);
                CHECK(text.substr(prev, b - prev).find_first_not_of(' ') == std::string::npos);
                CHECK(display_width(text.substr(b, e - b)) <= width);
                rebuilt += text.substr(b, e - b);
                prev = e;
            }
            CHECK(text.substr(prev).find_first_not_of(' ') == std::string::npos);
            std::string squeezed;
            for (char ch : text)
                if (ch != ' ') squeezed += ch;
            std::string rebuilt_squeezed;
            for (char ch : rebuilt)
                if (ch != ' ') rebuilt_squeezed += ch;
            CHECK(rebuilt_squeezed == squeezed);
        }
    }
}

TEST_CASE("rendered results fit the terminal at every width, plain and coloured", "[render]") {
    const SearchResult res = sample_result("cocoa OR muller OR 北京 OR économie OR strike",
                                           {"smp-0001", "smp-0008", "smp-0021", "smp-0027", "smp-0032", "smp-0052"});
    REQUIRE(res.hits.size() == 6);
    for (bool color : {false, true}) {
        for (std::size_t width = 30; width <= 140; width += 11) {
            std::ostringstream out;
            render_terminal(out, res, {color, width, "q", false, {}, {}, {}});
            const std::string text = out.str();
            INFO("width " << width << (color ? " colour" : " plain") << "\n" << text);
            CHECK((text.find('\x1b') != std::string::npos) == color);
            if (color) CHECK(text.find("\x1b[1;33m") != std::string::npos);
            else CHECK(text.find("**") == std::string::npos); // highlights are plain text without colour
            for (const auto& line : split_lines(strip_ansi(text))) {
                const auto trimmed = line.substr(line.find_first_not_of(' ') == std::string::npos ? 0 : line.find_first_not_of(' '));
                if (trimmed.rfind("https://", 0) == 0) continue; // a URL is never broken
                CHECK(display_width(line) <= width);
            }
            // Every hit has its header and footer.
            for (const auto& h : res.hits) {
                CHECK(text.find(h.article.id) != std::string::npos);
            }
        }
    }
}

TEST_CASE("markers: text around highlights without colour counted in the width", "[render][markers]") {
    const SearchResult res = sample_result("cocoa OR muller OR strike", {"smp-0001", "smp-0008", "smp-0021"});
    for (std::size_t width = 30; width <= 140; width += 11) {
        RenderOptions ro{false, width, "q", false, "[", "]", {}};
        std::ostringstream out;
        render_terminal(out, res, ro);
        const std::string text = out.str();
        INFO("width " << width << "\n" << text);
        CHECK(text.find('[') != std::string::npos);
        CHECK(text.find(']') != std::string::npos);
        for (const auto& line : split_lines(text)) {
            if (line.find("https://") != std::string::npos) continue;
            CHECK(display_width(line) <= width);
        }
    }
    RenderOptions colour{true, 80, "q", false, "[", "]", {}};
    std::ostringstream out;
    render_terminal(out, res, colour);
    CHECK(out.str().find("]") == std::string::npos); // colour wins over markers
    CHECK(parse_markers("**") == std::make_pair(std::string("**"), std::string("**")));
    CHECK(parse_markers("[,]") == std::make_pair(std::string("["), std::string("]")));
    CHECK(parse_markers(",") == std::make_pair(std::string(","), std::string(",")));
    CHECK_THROWS(parse_markers("\x1b[1m"));
}

TEST_CASE("the header aligns rank, date, source and title", "[render]") {
    const SearchResult res = sample_result("cocoa", {"smp-0001", "smp-0018", "smp-0021"});
    std::ostringstream out;
    render_terminal(out, res, {false, 100, "cocoa", false, {}, {}, {}});
    std::vector<std::string> headers;
    for (const auto& line : split_lines(out.str()))
        if (line.size() > 3 && line[2] == '.') headers.push_back(line);
    REQUIRE(headers.size() == 3);
    // The title starts in the same column on every header line.
    const auto title_col = [&](const std::string& line, const std::string& title) {
        return display_width(line.substr(0, line.find(title.substr(0, 5))));
    };
    const std::size_t col = title_col(headers[0], res.hits[0].article.title);
    for (std::size_t i = 0; i < 3; ++i) {
        INFO(headers[i]);
        CHECK(headers[i].rfind(" " + std::to_string(i + 1) + ". " + res.hits[i].article.date.substr(0, 10), 0) == 0);
        std::string title = res.hits[i].article.title;
        CHECK(title_col(headers[i], title) == col);
    }
}

TEST_CASE("the summary line tells counts, time, the next page and did-you-mean", "[render]") {
    auto summary = [](const SearchResult& r, bool timing) {
        std::ostringstream out;
        render_terminal(out, r, {false, 80, "cocoa", timing, {}, {}, {}});
        const auto lines = split_lines(out.str());
        return lines.empty() ? std::string() : lines.back();
    };
    SearchResult none;
    CHECK(summary(none, false) == "No results for 'cocoa'");
    none.suggestion = "cocoa";
    {
        std::ostringstream out;
        render_terminal(out, none, {false, 80, "cocao", false, {}, {}, {}});
        CHECK(out.str() == "Did you mean: cocoa?\nNo results for 'cocao'\n");
    }
    SearchResult some = sample_result("cocoa", {"smp-0001", "smp-0018", "smp-0021"});
    some.seconds = 0.0123;
    CHECK(summary(some, false) == "1\u20133 of 3 results");
    CHECK(summary(some, true) == "1\u20133 of 3 results in 0.012 s");
    some.offset = 10;
    some.matches_lower_bound = 28;
    some.matches_estimated = 4000;
    some.matches_upper_bound = 4105;
    CHECK(summary(some, false) == "11\u201313 of about 4,000 results. Next page: --offset 13");
    {
        // Narrow: wrapped at spaces, the hint kept whole.
        std::ostringstream narrow;
        render_terminal(narrow, some, {false, 30, "cocoa", true, {}, {}, {}});
        const auto lines = split_lines(narrow.str());
        REQUIRE(lines.size() >= 3);
        CHECK(lines[lines.size() - 3] == "11\u201313 of about 4,000 results");
        CHECK(lines[lines.size() - 2] == "in 0.012 s.");
        CHECK(lines[lines.size() - 1] == "Next page: --offset 13");
    }
    SearchResult past_end;
    past_end.offset = 10;
    past_end.matches_lower_bound = past_end.matches_estimated = past_end.matches_upper_bound = 5;
    CHECK(summary(past_end, false) == "No more results (5 results in all)");
    past_end.matches_lower_bound = past_end.matches_estimated = past_end.matches_upper_bound = 1;
    CHECK(summary(past_end, false) == "No more results (1 result in all)");
}

TEST_CASE("control characters in stored text never reach the terminal", "[render]") {
    SearchResult res = sample_result("cocoa", {"smp-0021"});
    REQUIRE(res.hits.size() == 1);
    res.hits[0].article.title = "Evil \x1b[2J title\x07 \xc2\x9b" "1m";
    res.hits[0].title_highlights.clear();
    res.hits[0].passages[0].text += " \x1b]0;pwned\x07";
    for (bool color : {false, true}) {
        std::ostringstream out;
        render_terminal(out, res, {color, 80, "cocoa", false, {}, {}, {}});
        const std::string text = strip_ansi(out.str());
        CHECK(text.find('\x1b') == std::string::npos);
        CHECK(text.find('\x07') == std::string::npos);
        CHECK(text.find("\xc2\x9b") == std::string::npos);
        CHECK(text.find("Evil  [2J title") != std::string::npos);
    }
}

TEST_CASE("passage search shows each passage with its score and article", "[render]") {
    SearchResult res = sample_result("cocoa", {"smp-0017", "smp-0021"});
    REQUIRE(res.hits.size() == 2);
    REQUIRE(!res.hits[0].passages.empty());
    REQUIRE(!res.hits[1].passages.empty());
    res.passage_search = true;
    res.articles_ranked = 2;
    res.passages_found = 3;
    res.passage_hits = {{1, 7.5, 1, res.hits[1].passages[0]}, {2, 3.25, 0, res.hits[0].passages[0]}};
    std::ostringstream out;
    render_terminal(out, res, {false, 90, "cocoa", false, {}, {}, {}});
    const auto lines = split_lines(out.str());
    REQUIRE(lines.size() > 4);
    CHECK(lines[0].rfind(" 1. 7.50  " + res.hits[1].article.date.substr(0, 10), 0) == 0);
    CHECK(out.str().find(" 2. 3.25  " + res.hits[0].article.date.substr(0, 10)) != std::string::npos);
    CHECK(out.str().find(res.hits[1].article.id + " \u00b7 ") != std::string::npos);
    CHECK(lines.back() == "Passages 1\u20132 of 3 from the best 2 of 2 matching articles. Next page: --offset 2");
}

// SPDX-License-Identifier: MIT
// The one terminal sanitizer (common/terminal_text) and the printers that go through it; the
// cleaning of fields at ingest (prepare_article).
#include "../catch.hpp"

#include "document_builder.hpp"
#include "facets_render.hpp"
#include "hit_format.hpp"
#include "terminal_text.hpp"

#include <lede/search.hpp>

#include <sstream>

using namespace lede;

namespace {

// No ESC, no other C0 but tab and newline, no DEL, no C1 (UTF-8 0xC2 0x80-0x9F).
bool terminal_safe(std::string_view s, bool allow_layout = false) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (allow_layout && (c == '\n' || c == '\t')) continue;
        if (c < 0x20 || c == 0x7f) return false;
        if (c == 0xc2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
            static_cast<unsigned char>(s[i + 1]) <= 0x9f)
            return false;
    }
    return true;
}

const std::string hostile = "a\x1b[2Jb \x1b]52;c;SGVsbG8=\x07 \x1b]8;;http://evil\x1b\\x\x1b]8;;\x1b\\ \xc2\x9b" "31m \x7f\r\n\tz";

} // namespace

TEST_CASE("terminal_text escapes C0, DEL and C1 visibly and keeps valid UTF-8", "[terminal]") {
    CHECK(terminal_text("plain text, accents: é ü 東京") == "plain text, accents: é ü 東京");
    CHECK(terminal_text("a\x1b[2Jb") == "a\\x1b[2Jb");
    CHECK(terminal_text("\x07\x7f") == "\\x07\\x7f");
    CHECK(terminal_text("x\xc2\x9by") == "x\\u009by");
    CHECK(terminal_text("x\xc2\x80\xc2\x9f\xc2\xa0y") == "x\\u0080\\u009f\xc2\xa0y"); // U+00A0 is text
    CHECK(terminal_text("tab\tnl\ncr\r") == "tab\\x09nl\\x0acr\\x0d");
    CHECK(terminal_text("tab\tnl\ncr\r", ControlAs::Escape, true) == "tab\tnl\ncr\\x0d");
    CHECK(terminal_text("bad \xff\xc2 end") == "bad \xEF\xBF\xBD\xEF\xBF\xBD end");
    CHECK(terminal_text("a\x1b[2J\xc2\x9b", ControlAs::Space) == "a [2J ");
    CHECK(terminal_safe(terminal_text(hostile)));
    CHECK(terminal_safe(terminal_text(hostile, ControlAs::Space)));
    CHECK(terminal_safe(terminal_text(hostile, ControlAs::Escape, true), true));
    for (int b = 0; b < 256; ++b) {
        const std::string one(1, static_cast<char>(b));
        CHECK(terminal_safe(terminal_text(one)));
        CHECK(terminal_safe(terminal_text("\xc2" + one)));
    }
}

TEST_CASE("clean_field removes controls last, keeping the body's layout", "[terminal]") {
    std::string title = "Title\x1b]52;c;AA\x07 \xc2\x9b" "2J\tx\ny";
    CHECK(clean_field(title, false) == 3);
    // A C1 control is the windows-1252 character of its byte: U+009B (CSI) is U+203A.
    CHECK(title == "Title]52;c;AA \u203a2J x y");
    std::string quotes = "don\u0092t \u0093say\u0094 \u0081";
    CHECK(clean_field(quotes, false) == 4);
    CHECK(quotes == "don\u2019t \u201csay\u201d "); // U+0081: windows-1252 has no character there
    std::string body = "line one\r\nline two\rthree\t\x1b[31mred\x7f";
    CHECK(clean_field(body, true) == 2);
    CHECK(body == "line one\nline two\nthree\t[31mred");
    std::string ok = "unchanged é";
    CHECK(clean_field(ok, true) == 0);
    CHECK(ok == "unchanged é");
}

TEST_CASE("prepare_article cleans every field after decoding", "[terminal]") {
    Article a;
    a.id = "id\x1b[2J";
    a.title = "T\x1b]8;;http://e\x07x";
    a.body = "B\xc2\x9b" "31m\nsecond";
    a.source = "s\x1b[31m";
    a.author = "au\x07";
    a.url = "http://x/\x1b]52;c;AA\x07";
    a.tags = {"t\x1b"};
    std::string problem;
    prepare_article(a, problem);
    for (const std::string* s : {&a.id, &a.title, &a.source, &a.author, &a.url, &a.tags[0]}) CHECK(terminal_safe(*s));
    CHECK(terminal_safe(a.body, true));
    CHECK(a.body == "B\u203a31m\nsecond");
    CHECK(a.id == "id[2J");
}

TEST_CASE("format templates and the facet table carry no control from data", "[terminal]") {
    api::Hit hit;
    hit.rank = 1;
    hit.article.id = "id" + hostile;
    hit.article.title = "title" + hostile;
    hit.article.body = "body" + hostile;
    hit.article.source = hostile;
    hit.article.url = hostile;
    const HitFormat format("%{id}|%{title}|%{body}|%{source}|%{url}");
    const std::string out = format.expand(hit);
    CHECK(terminal_safe(out));
    CHECK(out.find("]52;") != std::string::npos); // the text is kept, visible
    Facet f;
    f.name = "source";
    f.values = {{hostile, 3}, {"wire\xc2\x9b", 1}};
    f.distinct = 2;
    std::ostringstream plain, coloured;
    render_facets(plain, {f}, true, 4, 80, false);
    render_facets(coloured, {f}, true, 4, 80, true);
    CHECK(terminal_safe(plain.str(), true));
    // With colour, the only ESC are Lede's own SGR codes.
    const std::string c = coloured.str();
    for (std::size_t i = c.find('\x1b'); i != std::string::npos; i = c.find('\x1b', i + 1)) {
        CHECK(c.compare(i, 2, "\x1b[") == 0);
        CHECK((c.compare(i, 4, "\x1b[2m") == 0 || c.compare(i, 4, "\x1b[0m") == 0));
    }
}

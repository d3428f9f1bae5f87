// SPDX-License-Identifier: MIT
// Main-content extraction (issue #20): choosing the article's block and keeping all of the story.
#include "../catch.hpp"

#include "extract.hpp"
#include "html.hpp"
#include "extract_pages.hpp"

#include <string>

using namespace lede;

using lede::test::has;
using lede::test::story;

TEST_CASE("a stray quote inside a long tag does not swallow the page", "[extract]") {
    // `type="text=""`: the third quote is a stray character (the HTML tokenizer opens a value only
    // after '='), not a value running to the next quote in the page. A tag made long enough to be
    // shortened before parsing must not take the story with it.
    std::string attrs;
    for (int i = 0; i < 300; ++i) attrs += " data-a" + std::to_string(i) + "=\"x\"";
    const std::string html = "<body><form><input name=\"q\" type=\"text=\"\" placeholder=\"Search\"" + attrs +
                             "><input type=\"submit\" value=\"s\"></form><article>" + story + "</article></body>";
    HtmlPage p = extract_html(html);
    CHECK(has(p.text, "The council voted"));
    CHECK(has(p.text, "if funds are found."));
}

TEST_CASE("an <aside> or <footer> is left out unless it holds the story", "[extract]") {
    // The page's frame is dropped as boilerplate is...
    const std::string framed = "<body><header><p>The Daily Paper, news since 1901, every day of the year.</p></header>"
                               "<article>" + story + "</article><aside><p>Weather: sunny, 21 degrees, light wind "
                               "from the west.</p></aside><footer><p>Contact us, careers, terms.</p></footer></body>";
    HtmlPage a = extract_html(framed);
    CHECK(has(a.text, "The council voted"));
    CHECK_FALSE(has(a.text, "Daily Paper"));
    CHECK_FALSE(has(a.text, "Weather"));
    CHECK_FALSE(has(a.text, "careers"));
    // ...but a slideshow in an <aside> that holds far more text than the rest of the page is the story.
    std::string slides;
    for (int i = 0; i < 6; ++i) slides += "<li><h2>Slide " + std::to_string(i) + "</h2>" + story + "</li>";
    const std::string aside = "<body><div class=\"intro\"><p>Ideas for the table, in pictures.</p></div>"
                              "<aside id=\"rightColumn\"><div class=\"slideshow\"><ul>" + slides +
                              "</ul></div></aside></body>";
    HtmlPage b = extract_html(aside);
    CHECK(has(b.text, "Slide 5"));
    CHECK(has(b.text, "if funds are found."));
}

TEST_CASE("inside the article, a <header> or <footer> holding more text than the rest is kept", "[extract]") {
    // An article whose text is in its <header> (the rest a gallery of captions), and one whose
    // transcript sits in a <footer>: the part with most of the text is part of the story.
    const std::string html = "<body><article><header class=\"article-header\"><h1>Bridge</h1><div>" + story +
                             "</div></header><div class=\"gallery\"><p>At dawn the bridge glows, seen from the east bank of the river.</p>"
                             "</div><footer><p>Tags: bridge, council</p></footer></article></body>";
    HtmlPage p = extract_html(html);
    CHECK(has(p.text, "The council voted"));
    CHECK(has(p.text, "if funds are found."));
    CHECK(has(p.text, "the bridge glows"));
    const std::string transcript = "<body><article><div class=\"video\"><p>Watch: a short film about the bridge, "
                                   "and what comes next for the town.</p></div><footer id=\"meta-data\"><div id=\"transcript\">" +
                                   story + story + "</div></footer></article></body>";
    HtmlPage t = extract_html(transcript);
    CHECK(has(t.text, "Watch: a short film"));
    CHECK(has(t.text, "if funds are found."));
}

TEST_CASE("a post held in <noscript> beside its script template is the story", "[extract]") {
    // Blogger's shape: the post as a script template (never read) and again in <noscript>.
    const std::string html = "<body><div class=\"header-desc\"><p>News and insights on security.</p></div>"
                             "<div class=\"post-body\"><script type=\"text/template\">" + story +
                             "</script><noscript>" + story + story + "</noscript></div></body>";
    HtmlPage p = extract_html(html);
    CHECK(has(p.text, "The council voted"));
    CHECK(has(p.text, "if funds are found."));
    // A <noscript> that only asks for script stays out.
    HtmlPage q = extract_html("<body><article>" + story + "</article><noscript><p>Please enable JavaScript "
                              "to see the comments, thank you.</p></noscript></body>");
    CHECK_FALSE(has(q.text, "enable JavaScript"));
}

TEST_CASE("questions and answers in a role=tablist accordion are kept when they are the story", "[extract]") {
    std::string panels;
    for (int i = 0; i < 3; ++i)
        panels += "<div class=\"panel\"><h3>Question " + std::to_string(i) + "</h3><div role=\"tabpanel\">" + story +
                  "</div></div>";
    const std::string html = "<body><main><article><h1>Jobs</h1><p>Figures for May.</p><div role=\"tablist\">" +
                             panels + "</div></article></main></body>";
    HtmlPage p = extract_html(html);
    CHECK(has(p.text, "Question 2"));
    CHECK(has(p.text, "if funds are found."));
}

TEST_CASE("a <header> of prose is a story's text, a masthead is not", "[extract]") {
    // Cards whose text sits in their <header>: each header is kept.
    std::string cards;
    for (int i = 0; i < 3; ++i)
        cards += "<article class=\"card\"><header class=\"card-description\"><h3>Athlete " + std::to_string(i) +
                 "</h3>" + story + story + "</header><img src=x.jpg></article>";
    const std::string html = "<body><header class=\"site\"><a href=/>Home</a> <a href=/a>Athletics</a> "
                             "<a href=/b>Tickets</a></header><main><div class=\"cards\">" + cards +
                             "</div></main></body>";
    HtmlPage p = extract_html(html);
    CHECK(has(p.text, "Athlete 0"));
    CHECK(has(p.text, "Athlete 2"));
    CHECK_FALSE(has(p.text, "Tickets"));
}

TEST_CASE("the rows of a data table in the article are kept, linked titles and years too", "[extract]") {
    const std::string html = "<body><main><article>" + story + "<table><thead><tr><th>Film</th><th>Year</th><th>Plot</th></tr>"
                             "</thead><tbody><tr><th><a href=/f1>Repeat Performance</a></th><td>1947</td><td>A woman "
                             "who shot her husband wishes she could live the year again, and gets her chance.</td></tr>"
                             "<tr><th><a href=/f2>The Time Travelers</a></th><td>1964</td><td>Scientists find a "
                             "portal to the future, and cannot come back from it.</td></tr></tbody></table>"
                             "</article></main></body>";
    HtmlPage p = extract_html(html);
    CHECK(has(p.text, "Repeat Performance"));
    CHECK(has(p.text, "1964"));
    // A layout table's column of links (no <th>) is still a list of links.
    const std::string layout = "<body><table><tr><td><a href=/a>Home page of the site</a><br><a href=/b>Archive "
                               "of all the stories</a><br><a href=/c>Contact the newsroom</a></td><td>" + story +
                               "</td></tr></table></body>";
    HtmlPage q = extract_html(layout);
    CHECK(has(q.text, "The council voted"));
    CHECK_FALSE(has(q.text, "Archive of all"));
}

TEST_CASE("a container named for the article gives way to its column that holds the story", "[extract]") {
    // "articleContent" holds the story's column and a column of headline links beside it.
    std::string links;
    for (int i = 0; i < 6; ++i)
        links += "<li><a href=/s" + std::to_string(i) + ">Another headline about the markets, number " +
                 std::to_string(i) + "</a> and more</li>";
    const std::string html = "<body><div id=\"articleContent\"><div class=\"columns\"><div class=\"column1\">" + story +
                             story + "</div><div class=\"column2\"><p>Markets in brief, today's other stories:</p><ul>" +
                             links + "</ul></div></div></div></body>";
    HtmlPage p = extract_html(html);
    CHECK(has(p.text, "The council voted"));
    CHECK_FALSE(has(p.text, "Markets in brief"));
    // A story whose intro is followed by a data table keeps both: a table is never all of it.
    const std::string table = "<body><main><p>Films in which a day repeats, a list with the year of each.</p>"
                              "<table><thead><tr><th>Film</th><th>Plot</th></tr></thead><tbody>" +
                              std::string("<tr><th><a href=/f>Repeat Performance</a></th><td>") + story +
                              "</td></tr></tbody></table><ul><li><a href=/x>See also: time travel</a></li></ul>"
                              "</main></body>";
    HtmlPage t = extract_html(table);
    CHECK(has(t.text, "Films in which a day repeats"));
    CHECK(has(t.text, "The council voted"));
}

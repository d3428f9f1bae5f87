// SPDX-License-Identifier: MIT
// Main-content extraction (issue #20), precision: what the chosen article block holds that is not
// the story -- repeated copies, lead-ins to dropped parts, picture credits, teaser cards.
#include "../catch.hpp"

#include "extract.hpp"
#include "html.hpp"
#include "extract_pages.hpp"

using namespace lede;
using lede::test::has;

namespace {

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t i = text.find(what); i != std::string::npos; i = text.find(what, i + 1)) ++n;
    return n;
}

const std::string para1 = "<p>The council voted on Tuesday to close the old bridge, after engineers found cracks in "
                          "two of its piers, a decision that will reroute traffic for months.</p>";
const std::string para2 = "<p>Residents, who had asked for repairs since 2019, said the detour adds twenty minutes "
                          "to every trip, and shops near the river fear for their trade.</p>";
const std::string para3 = "<p>The mayor said a new bridge could open in three years, if funds are found, and that "
                          "ferries would run in the meantime for people on foot.</p>";
const std::string story = para1 + para2 + para3;

} // namespace

TEST_CASE("precision: a run of paragraphs copied elsewhere in the article is kept once", "[extract]") {
    // The intro twice (one copy for small screens), the story after it.
    const std::string html = "<body><article><div class=\"intro-wide\"><div>" + para1 + para2 +
                             "</div></div><div class=\"intro-small\">" + para1 + para2 + "</div>" + para3 +
                             "</article></body>";
    HtmlPage p = extract_html(html);
    CHECK(count(p.text, "The council voted") == 1);
    CHECK(count(p.text, "Residents, who had asked") == 1);
    CHECK(has(p.text, "ferries would run"));
}

TEST_CASE("precision: one paragraph repeated (a pull quote, a refrain) stays", "[extract]") {
    const std::string quote = "<blockquote><p>The council voted on Tuesday to close the old bridge, after engineers "
                              "found cracks in two of its piers, a decision that will reroute traffic for months."
                              "</p></blockquote>";
    HtmlPage p = extract_html("<body><article>" + story + quote + "</article></body>");
    CHECK(count(p.text, "The council voted") == 2);
    // Copies side by side under one parent are the text's own repetition.
    HtmlPage q = extract_html("<body><article>" + para1 + para2 + para1 + para2 + para3 + "</article></body>");
    CHECK(count(q.text, "The council voted") == 2);
}

TEST_CASE("precision: a lead-in to a dropped link list goes with it", "[extract]") {
    const std::string html = "<body><article>" + para1 + para2 +
                             "<p><strong>Read more:</strong></p><ul><li><a href=/a>Another bridge closed in the "
                             "north of the county</a></li><li><a href=/b>Ferries to run again this spring</a></li>"
                             "</ul>" + para3 + "<p>You might also like</p><div class=\"related-stories\"><a href=/c>"
                             "Ten bridges to see before they are gone</a></div></article></body>";
    HtmlPage p = extract_html(html);
    CHECK(has(p.text, "ferries would run"));
    CHECK_FALSE(has(p.text, "Read more"));
    CHECK_FALSE(has(p.text, "Another bridge closed"));
    CHECK_FALSE(has(p.text, "You might also like"));
    // A heading over a section that goes on after a dropped "main article" link stays, and so
    // does a sentence that leads to a video.
    const std::string sections = "<body><article>" + para1 + "<h2>Repairs</h2><ul><li><a href=/m>Main article: "
                                 "the history of the old bridge and its piers</a></li></ul>" + para2 +
                                 "<p>See the cracks in the footage below.</p><video src=v.mp4></video>" + para3 +
                                 "</article></body>";
    HtmlPage q = extract_html(sections);
    CHECK(has(q.text, "Repairs"));
    CHECK(has(q.text, "footage below"));
}

TEST_CASE("precision: picture credit lines are left out, captions with words of their own stay", "[extract]") {
    const std::string html = "<body><article>" + para1 +
                             "<figure><img src=a.jpg><figcaption>The bridge at dawn, seen from the river bank."
                             "</figcaption><p>Photo: Jo Lens/Agency</p></figure>" + para2 +
                             "<p>(Credit: Agency / Grist)</p><p>\xC2\xA9 Jo Lens</p><p>Foto: Galli</p>" + para3 +
                             "</article></body>";
    HtmlPage p = extract_html(html);
    CHECK(has(p.text, "The bridge at dawn"));
    for (const char* out : {"Photo: Jo Lens", "Credit:", "\xC2\xA9 Jo Lens", "Foto: Galli"}) CHECK_FALSE(has(p.text, out));
    CHECK(has(p.text, "ferries would run"));
}

TEST_CASE("precision: teaser cards inside the article block are left out, a listing page is not emptied", "[extract]") {
    std::string cards = "<ul class=\"stream\">";
    for (int i = 0; i < 4; ++i)
        cards += "<li class=\"card\"><a href=/s" + std::to_string(i) + "><img src=t.jpg></a><h3><a href=/s" +
                 std::to_string(i) + ">Another story with its own headline " + std::to_string(i) +
                 "</a></h3><p>A summary of that other story, which has nothing to do with the bridge, goes "
                 "here, cut short and</p><span>Morning Show</span></li>";
    cards += "</ul>";
    HtmlPage p = extract_html("<body><div id=\"main\">" + story + cards + "</div></body>");
    CHECK(has(p.text, "The council voted"));
    CHECK(has(p.text, "ferries would run"));
    CHECK_FALSE(has(p.text, "A summary of that other story"));
    CHECK_FALSE(has(p.text, "Morning Show"));
    // A page that is nothing but cards keeps them.
    HtmlPage q = extract_html("<body><div id=\"main\">" + cards + "</div></body>");
    CHECK(has(q.text, "A summary of that other story"));
}

TEST_CASE("precision: a gallery of counted slides inside an article is cut, a slideshow keeps its captions", "[extract]") {
    std::string gallery = "<div class=\"widget\"><h2>Business in pictures</h2><ul>";
    for (int i = 1; i <= 4; ++i)
        gallery += "<li><p>" + std::to_string(i) + "/4 Markets today</p><p>Traders in the city had a busy day "
                   "as the shares of the big banks rose again, for the third time this week.</p></li>";
    gallery += "</ul></div>";
    const std::string more = "<p>Engineers will inspect the other bridges of the county in the spring, and the "
                             "council has set aside money for the repairs they find needed, the mayor added.</p>";
    HtmlPage p = extract_html("<body><article>" + story + more + gallery + "</article></body>");
    CHECK(has(p.text, "ferries would run"));
    CHECK_FALSE(has(p.text, "Traders in the city"));
    CHECK_FALSE(has(p.text, "2/4 Markets"));
    // The slideshow is the article: the captions stay, bare counters ("1 of 3") go.
    std::string show = "<body><article>";
    for (int i = 1; i <= 3; ++i)
        show += "<div class=\"slide\"><p>" + std::to_string(i) + " of 3</p><p>Slide " + std::to_string(i) +
                ": the old bridge seen from the north bank, where the cracks were first found by engineers "
                "this spring, in two of its piers.</p></div>";
    show += "</article></body>";
    HtmlPage q = extract_html(show);
    CHECK(has(q.text, "Slide 2: the old bridge"));
    CHECK_FALSE(has(q.text, "1 of 3"));
}

TEST_CASE("precision: comments are left out even when each holds an article-body class", "[extract]") {
    std::string comments = "<div id=\"comment-box\"><ul>";
    for (int i = 0; i < 3; ++i)
        comments += "<li class=\"post-text\"><p>What a lovely picture of the bridge, I walked over it every day as "
                    "a child, thank you for sharing it, reader " + std::to_string(i) + ".</p></li>";
    comments += "</ul></div>";
    HtmlPage p = extract_html("<body><div id=\"area\"><div class=\"article-body\">" + story + "</div>" + comments +
                              "</div></body>");
    CHECK(has(p.text, "ferries would run"));
    CHECK_FALSE(has(p.text, "What a lovely picture"));
}

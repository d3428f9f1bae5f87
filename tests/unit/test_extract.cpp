// SPDX-License-Identifier: MIT
// Main-content extraction (issue #20): the boilerplate rules and the metadata chain on small pages.
#include "../catch.hpp"

#include "date.hpp"
#include "extract.hpp"
#include "html.hpp"
#include "extract_pages.hpp"

using namespace lede;

using lede::test::has;
using lede::test::story;

TEST_CASE("class and id evidence: boilerplate, layout modifiers, taxonomy and slugs", "[extract]") {
    CHECK(class_tokens("relatedPosts post__share-bar") == "related posts post share bar");
    CHECK(class_evidence("comments-area", "") == -3);
    CHECK(class_evidence("", "disqus_thread") == -3);
    CHECK(class_evidence("related-posts", "") == -2);
    CHECK(class_evidence("social-share", "") == -2);
    CHECK(class_evidence("newsletter-signup", "") == -2);
    CHECK(class_evidence("ad", "") == -2);
    CHECK(class_evidence("byline", "") == -2);
    CHECK(class_evidence("sidebar", "") == -1);
    CHECK(class_evidence("site-footer", "") == -1);
    CHECK(class_evidence("entry-content", "") == 2);
    CHECK(class_evidence("articleBody", "") == 2);
    CHECK(class_evidence("post", "") == 1);
    // A layout modifier, a taxonomy value and a heading's slug say nothing against an element.
    CHECK(class_evidence("has-sidebar", "") == 0);
    CHECK(class_evidence("post-12 tag-sharing category-related-news", "") == 1);
    CHECK(class_evidence("section", "sharing-with-a-single-developer") == 0);
    CHECK(class_evidence("node node-not-promoted", "") == 0);
    // Comments win over a content-like word.
    CHECK(class_evidence("comment-content", "") == -3);
}

TEST_CASE("the article block wins over navigation, related stories, sharing, bylines and comments", "[extract]") {
    const std::string html = "<html><head><title>Bridge closed</title></head><body>"
                             "<div class=\"menu\"><a href=/a>World</a> <a href=/b>Politics</a> <a href=/c>Sport</a></div>"
                             "<div class=\"content\"><h1>Bridge closed</h1><div class=\"byline\">By Jo Writer</div>"
                             "<div class=\"share-tools\">Share on Facebook</div>"
                             "<div class=\"story\">" + story + "</div>"
                             "<div class=\"related\"><h3>Related</h3><ul><li><a href=/x>Another bridge story, with "
                             "a long headline that goes on</a></li><li><a href=/y>Second related link here</a></li>"
                             "</ul></div></div>"
                             "<div id=\"comments\"><p>I have crossed that bridge every day for forty years, and I "
                             "never saw a crack, this is a scandal, believe me.</p></div>"
                             "<div class=\"newsletter\">Sign up for our newsletter, it is free.</div>"
                             "</body></html>";
    HtmlPage p = extract_html(html);
    CHECK(has(p.text, "The council voted on Tuesday"));
    CHECK(has(p.text, "if funds are found."));
    // Paragraphs stay paragraphs.
    CHECK(has(p.text, "for months.\n\nResidents"));
    for (const char* out : {"World", "By Jo Writer", "Share on", "Related", "Another bridge", "forty years",
                            "newsletter"})
        CHECK_FALSE(has(p.text, out));
    CHECK_FALSE(has(p.text, "Bridge closed")); // the headline is the title, not the text
}

TEST_CASE("without <article> or <main>, the heaviest block is the article, not the teasers beside it", "[extract]") {
    const std::string html = "<body><div id=\"wrap\"><div class=\"col-left\">" + story +
                             "</div><div class=\"col-right\"><div><a href=/1>Teaser one with a headline</a></div>"
                             "<div><a href=/2>Teaser two with a headline</a></div><div><a href=/3>Teaser three, "
                             "also a headline</a></div></div></div><div class=\"copyright\">(c) 2024 The Paper</div>"
                             "</body>";
    HtmlPage p = extract_html(html);
    CHECK(has(p.text, "The council voted"));
    CHECK(has(p.text, "three years"));
    CHECK_FALSE(has(p.text, "Teaser"));
    CHECK_FALSE(has(p.text, "2024 The Paper"));
}

TEST_CASE("of two <main> elements the one with the story wins, hidden parts are left out", "[extract]") {
    const std::string html = "<body><main class=\"ad-slot\"><div>Advertisement</div></main><main>" + story +
                             "<div style=\"display: none\">Hidden promo text that nobody sees, with commas, yes.</div>"
                             "</main></body>";
    HtmlPage p = extract_html(html);
    CHECK(has(p.text, "The council voted"));
    CHECK_FALSE(has(p.text, "Advertisement"));
    CHECK_FALSE(has(p.text, "Hidden promo"));
}

TEST_CASE("the meta description is not put before the text", "[extract]") {
    Article a = html_to_article("<head><meta name=\"description\" content=\"A teaser that is not in the story.\">"
                                "</head><body><article>" + story + "</article></body>");
    CHECK_FALSE(has(a.body, "A teaser"));
    CHECK(a.body.rfind("The council voted", 0) == 0);
}

TEST_CASE("JSON-LD articleBody is used when the page renders its story by script", "[extract]") {
    const std::string body = "The council voted on Tuesday to close the old bridge after engineers found cracks. "
                             "Residents said the detour adds twenty minutes to every trip.\nThe mayor said a new "
                             "bridge could open in three years, if funds are found for it by the region.";
    const std::string html = "<head><title>Council closes the old bridge</title><script type=\"application/ld+json\">"
                             "{\"@type\":\"NewsArticle\",\"headline\":\"Council closes the old bridge\","
                             "\"articleBody\":\"" + std::string(body).replace(body.find('\n'), 1, "\\n") +
                             "\"}</script></head><body><div id=\"app\">Loading...</div></body>";
    HtmlPage p = extract_html(html);
    CHECK(has(p.text, "The council voted"));
    CHECK(has(p.text, "every trip.\n\nThe mayor"));
    // Another story's body (nothing of the title in it) is not taken.
    const std::string other = "<head><title>Election results tonight</title><script type=\"application/ld+json\">"
                              "{\"@type\":\"NewsArticle\",\"articleBody\":\"" + body.substr(0, body.find('\n')) + " " +
                              body.substr(body.find('\n') + 1) + "\"}</script></head><body><p>Loading...</p></body>";
    CHECK_FALSE(has(extract_html(other).text, "council voted"));
}

TEST_CASE("titles lose the site's name before or after them", "[extract]") {
    CHECK(extract_html("<meta property=\"og:title\" content=\"Zelda review: a triumph - IGN\">"
                       "<meta property=\"og:site_name\" content=\"IGN\">")
              .title == "Zelda review: a triumph");
    CHECK(extract_html("<title>The Paper | Bridge closed after cracks are found</title>"
                       "<link rel=canonical href=\"https://www.thepaper.example/x\">")
              .title == "Bridge closed after cracks are found");
    CHECK(extract_html("<title>Lorem ipsum dolor sit amet \xE2\x80\x93 My website</title>").title ==
          "Lorem ipsum dolor sit amet");
    // The page's heading settles it.
    CHECK(extract_html("<title>Hope! - bewusster leben</title><body><h1>Hope!</h1></body>").title == "Hope!");
    // A dash inside a headline stays.
    CHECK(extract_html("<title>Brexit - the talks go on</title>").title == "Brexit - the talks go on");
}

TEST_CASE("the date chain: JSON-LD of any creative work, Open Graph, <meta>, <time>, the URL", "[extract]") {
    // WebPage inside an @graph, and a MedicalWebPage in a top-level array.
    CHECK(extract_html(R"(<script type="application/ld+json">{"@graph":[{"@type":"WebSite","name":"S"},
        {"@type":"WebPage","datePublished":"2021-03-04T05:06:07Z"}]}</script>)").date == "2021-03-04T05:06:07Z");
    CHECK(extract_html(R"(<script type="application/ld+json">[{"@type":"Organization","name":"O"},
        {"@type":"MedicalWebPage","datePublished":"2020-01-02"}]</script>)").date == "2020-01-02");
    CHECK(extract_html(R"(<script type="application/ld+json">{"@type":"ClaimReview","datePublished":"2019-05-06"}
        </script>)").date == "2019-05-06");
    CHECK(extract_html("<meta property=\"article:published\" content=\"2018-07-08\">").date == "2018-07-08");
    CHECK(extract_html("<meta itemprop=\"datePublished\" content=\"2017-09-10\">").date == "2017-09-10");
    CHECK(extract_html("<body><article><p>x</p><time datetime=\"2016-11-12\">12 Nov</time></article></body>").date ==
          "2016-11-12");
    CHECK(extract_html("<link rel=canonical href=\"https://paper.example/news/2015/06/07/story.html\">").date ==
          "2015-06-07");
    CHECK(parse_date(extract_html("<body><div class=\"post-date\">Posted on 5. March 2014</div><p>x</p></body>").date)
              ->iso() == "2014-03-05");
    CHECK(parse_date(extract_html("<body><span class=\"datum\">05.11.2013, 14:00</span></body>").date)->iso() ==
          "2013-11-05");
}

TEST_CASE("placeholder and future dates are refused with a warning, a later plausible date is used", "[extract]") {
    HtmlPage p = extract_html(R"(<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"0001-01-01"}
        </script><meta property="article:published_time" content="2020-02-03T04:05:06Z">)");
    CHECK(p.date == "2020-02-03T04:05:06Z");
    CHECK(p.warnings.empty());
    std::vector<std::string> warnings;
    Article a = html_to_article(R"(<script type="application/ld+json">{"@type":"NewsArticle",
        "datePublished":"0001-01-01T00:00:00"}</script><body><p>x</p></body>)", {}, &warnings);
    CHECK(a.date.empty());
    REQUIRE(warnings.size() == 1);
    CHECK(has(warnings[0], "0001-01-01"));
    CHECK(has(warnings[0], "refused"));
    CHECK(extract_html("<meta property=\"article:published_time\" content=\"2999-01-01\">").date.empty());
    CHECK(extract_html("<meta name=\"date\" content=\"1750-06-01\">").date.empty());
    CHECK(is_plausible_publication_date(*parse_date("1800-01-01"), 20000));
    CHECK_FALSE(is_plausible_publication_date(*parse_date("1799-12-31"), 20000));
    // Day 20000 is 2024-10-04: up to the next day is plausible.
    CHECK(is_plausible_publication_date(*parse_date("2024-10-05"), 20000));
    CHECK_FALSE(is_plausible_publication_date(*parse_date("2024-10-06"), 20000));
}

TEST_CASE("authors: JSON-LD lists, creators, bylines", "[extract]") {
    CHECK(extract_html(R"(<script type="application/ld+json">{"@type":"BlogPosting","author":[{"name":"A One"},
        {"name":"B Two"},{"name":"A One"}]}</script>)").author == "A One, B Two");
    CHECK(extract_html(R"(<script type="application/ld+json">{"@type":"Report","creator":"C Three"}</script>)")
              .author == "C Three");
}

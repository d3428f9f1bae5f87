// SPDX-License-Identifier: MIT
// The metadata chain of HTML pages (issue #20): where a page's date and title come from.
#include "../catch.hpp"

#include "date.hpp"
#include "html.hpp"

using namespace lede;

namespace {
std::string day(const std::string& value) {
    auto d = parse_date(value);
    return d ? Date{d->year, d->month, d->day}.iso() : "-";
}
} // namespace

TEST_CASE("JSON-LD wrapped in CDATA or an HTML comment is read", "[html]") {
    CHECK(extract_html("<script type=\"application/ld+json\">\n  <![CDATA[\n {\"@type\":\"NewsArticle\","
                       "\"datePublished\":\"2015-10-15T02:19:15Z\"}\n ]]>\n</script>"
                       "<meta property=\"article:published_time\" content=\"2015-12-11T14:28:34Z\">")
              .date == "2015-10-15T02:19:15Z");
    CHECK(extract_html("<script type=\"application/ld+json\">//<![CDATA[\n{\"@type\":\"Article\","
                       "\"datePublished\":\"2014-01-02\"}\n//]]></script>")
              .date == "2014-01-02");
    CHECK(extract_html("<script type=\"application/ld+json\"><!-- {\"@type\":\"BlogPosting\","
                       "\"datePublished\":\"2013-04-05\"} --></script>")
              .date == "2013-04-05");
}

TEST_CASE("more <meta> date names, Dublin Core in any spelling", "[html]") {
    CHECK(extract_html("<meta name=\"DC:date\" content=\"2009-09-15\">").date == "2009-09-15");
    CHECK(extract_html("<meta name=\"dcterms:created\" content=\"2009-09-16\">").date == "2009-09-16");
    CHECK(extract_html("<meta name=\"citation_publication_date\" content=\"2008/05/06\">").date == "2008/05/06");
    CHECK(extract_html("<meta itemprop=\"uploadDate\" content=\"2019-10-16T18:15:00Z\">").date ==
          "2019-10-16T18:15:00Z");
    CHECK(extract_html("<meta name=\"pubdate\" content=\"2019-01-02\">"
                       "<meta name=\"displaydate\" content=\"2018-01-01\">")
              .date == "2019-01-02");
    // A modification date only when nothing says when the page was published.
    CHECK(extract_html("<meta property=\"article:modified\" content=\"2020-02-02\">").date == "2020-02-02");
    CHECK(extract_html("<meta property=\"og:updated_time\" content=\"2020-02-02\">"
                       "<meta name=\"date\" content=\"2019-01-01\">")
              .date == "2019-01-01");
}

TEST_CASE("a page's date is the day its publisher wrote, whatever the offset does in UTC", "[html]") {
    // 23:37 in New York is already the next day in UTC: the page's day is the 3rd.
    CHECK(extract_html("<meta property=\"article:published_time\" content=\"2022-05-03T23:37:37-04:00\">").date ==
          "2022-05-03");
    // Midnight in Berlin is the day before in UTC.
    CHECK(extract_html("<meta property=\"article:published_time\" content=\"2022-01-28T00:30:00+01:00\">").date ==
          "2022-01-28");
    // Where the offset does not change the day, the instant is kept.
    CHECK(extract_html("<meta property=\"article:published_time\" content=\"2022-05-03T10:00:00+02:00\">").date ==
          "2022-05-03T10:00:00+02:00");
    CHECK(parse_date("2022-05-03T23:37:37-04:00")->written_day().iso() == "2022-05-03");
    CHECK(parse_date("2022-05-04T00:30:00+05:30")->written_day().iso() == "2022-05-04");
    CHECK(parse_date("2022-05-04")->written_day().iso() == "2022-05-04");
}

TEST_CASE("visible dates in other languages", "[html]") {
    CHECK(day(extract_html("<body><span class=\"date\">, le 15 septembre 2009</span><p>x</p></body>").date) ==
          "2009-09-15");
    CHECK(day(extract_html("<body><div class=\"post-date\">12 de marzo de 2019</div></body>").date) == "2019-03-12");
    CHECK(day(extract_html("<body><span class=\"date\">2019年3月12日 10:30</span></body>").date) == "2019-03-12");
    CHECK(day(extract_html("<body><time>12 марта 2019</time></body>").date) == "2019-03-12");
}

TEST_CASE("a date in the short elements around the headline", "[html]") {
    CHECK(day(extract_html("<body><div><p class=\"kicker\">Pressemitteilung 02. November 2021</p>"
                           "<h1>Headline here</h1><p>Lead</p></div><p>x</p></body>")
                  .date) == "2021-11-02");
    CHECK(day(extract_html("<body><header><h1>Headline</h1><p class=\"c-sub\">Bern, 02.02.2022</p></header>"
                           "<div>" + std::string(300, 'x') + " 01.01.2001</div></body>")
                  .date) == "2022-02-02");
}

TEST_CASE("a date a day off the URL's is the URL's day", "[html]") {
    CHECK(extract_html("<link rel=canonical href=\"https://paper.example/2019/01/01/new-year/\">"
                       "<meta property=\"article:published_time\" content=\"2018-12-31T23:11:59+00:00\">")
              .date == "2019-01-01");
    // Further off: the metadata wins.
    CHECK(extract_html("<link rel=canonical href=\"https://paper.example/2019/01/01/new-year/\">"
                       "<meta property=\"article:published_time\" content=\"2018-12-20T10:00:00+00:00\">")
              .date == "2018-12-20T10:00:00+00:00");
}

TEST_CASE("the page's heading inside a longer title is the headline", "[html]") {
    CHECK(extract_html("<title>Pierogi z dynią w sosie szałwiowym przepis</title><body><h1>Pierogi z dynią w sosie "
                       "szałwiowym</h1></body>")
              .title == "Pierogi z dynią w sosie szałwiowym");
    CHECK(extract_html("<meta property=\"og:title\" content=\"Wahl: Eva Muster zur neuen Präsidentin gewählt\">"
                       "<body><h1>Eva Muster zur neuen Präsidentin gewählt</h1></body>")
              .title == "Eva Muster zur neuen Präsidentin gewählt");
    // A heading that is the lesser part of the title (the site's name) is not the headline.
    CHECK(extract_html("<title>Evolve: Shared Mutable History — evolve extension for Mercurial</title>"
                       "<body><h1>evolve extension for Mercurial</h1></body>")
              .title == "Evolve: Shared Mutable History — evolve extension for Mercurial");
}

TEST_CASE("itemprop=datePublished on any element, a byline with a date and a name", "[html]") {
    CHECK(extract_html("<body><div itemprop=\"datePublished\" datetime=\"2022-02-04\"> 04. Februar 2022 </div></body>")
              .date == "2022-02-04");
    CHECK(day(extract_html("<body><span itemprop=\"datePublished\">4. Februar 2022</span></body>").date) ==
          "2022-02-04");
    CHECK(day(extract_html("<body><div><h1>Elder: Aus dem Ghetto nach Augusta</h1><div><p>1. Februar 2022 , Daniel "
                           "Dillenburg und Max Mustermann</p></div></div></body>")
                  .date) == "2022-02-01");
}

TEST_CASE("site names for titles: JSON-LD WebSite, application-name, apple-mobile-web-app-title", "[html]") {
    CHECK(extract_html(R"(<script type="application/ld+json">{"@graph":[{"@type":"WebSite",
        "name":"European Championships Munich 2022"}]}</script>
        <title>Europas Topathleten fit für München 2022 - European Championships Munich 2022</title>)")
              .title == "Europas Topathleten fit für München 2022");
    CHECK(extract_html("<meta name=\"application-name\" content=\"DOBSZAYs Ansichten und Einsichten\"><title>Was ist "
                       "der Unterschied? – DOBSZAYs Ansichten und Einsichten</title>")
              .title == "Was ist der Unterschied?");
    CHECK(extract_html("<meta name=\"apple-mobile-web-app-title\" content=\"Krimiblog\"><title>Das Musikvideo der "
                       "Welt | Krimiblog</title>")
              .title == "Das Musikvideo der Welt");
}

TEST_CASE("Parse.ly's parsely-page pub_date, the page's first <time datetime> as a last resort", "[html]") {
    CHECK(extract_html("<meta name='parsely-page' content='{\"title\": \"T\", \"pub_date\": \"2014-12-29T23:17:11\"}'>")
              .date == "2014-12-29T23:17:11");
    CHECK(extract_html("<meta name='parsely-page' content='{\"pub_date\": \"\"}'>").date.empty());
    CHECK(extract_html("<meta name='parsely-page' content='not json'>").date.empty());
    CHECK(day(extract_html("<body><header><time datetime='2014-12-18 10:00:00 -0500'>Dec 18</time></header>"
                           "<article><p>x</p></article></body>")
                  .date) == "2014-12-18");
}

TEST_CASE("a byline in an author block gives the date", "[html]") {
    CHECK(day(extract_html("<body><div class=\"author-container\"><p>By <a href=\"/a/j\">Jessica Vince</a> - 29 "
                           "December 2014</p></div><p>x</p></body>")
                  .date) == "2014-12-29");
}

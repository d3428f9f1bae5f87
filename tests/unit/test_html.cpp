// SPDX-License-Identifier: MIT
// HTML extraction: metadata sources in priority order, the content root, what is left out, charsets.
#include "../catch.hpp"

#include "html.hpp"

using namespace lede;

TEST_CASE("the main text leaves out navigation, scripts, styles, headers, footers and asides", "[html]") {
    const std::string html = R"(<html><head><title>T</title><style>.x{}</style><script>var tracker=1;</script></head>
<body><header>Masthead</header><nav>Menu items</nav>
<div>Outside article</div>
<article><header><h1>T</h1></header><p>First   para
graph.</p><p>Second <b>bold</b> one.<br>After break.</p>
<div hidden>Hidden</div><div aria-hidden="true">Aria</div><div role="navigation">Role nav</div>
<ul><li>one</li><li>two</li></ul><pre>keep
  lines</pre></article>
<aside>Related</aside><footer>Copyright</footer></body></html>)";
    HtmlPage p = extract_html(html);
    CHECK(p.text == "First para graph.\n\nSecond bold one.\nAfter break.\n\none\n\ntwo\n\nkeep\n  lines");
}

TEST_CASE("without <article>, <main> is the content root, then <body>", "[html]") {
    CHECK(extract_html("<body><nav>n</nav><div>intro</div><main><p>Main text</p></main></body>").text == "Main text");
    CHECK(extract_html("<body><nav>n</nav><p>Body text</p><footer>f</footer></body>").text == "Body text");
}

TEST_CASE("the longest <article> wins over teasers", "[html]") {
    HtmlPage p = extract_html("<body><article><p>Teaser</p></article><article><p>The real story is longer.</p></article>"
                              "<article><p>Other</p></article></body>");
    CHECK(p.text == "The real story is longer.");
}

TEST_CASE("metadata: Open Graph first, then <meta>, JSON-LD, <title> and <h1>", "[html]") {
    HtmlPage og = extract_html(R"(<html lang="de-AT"><head><title>Long title | Site</title>
<meta property="og:title" content="OG title"><meta property="og:site_name" content="Site">
<meta name="author" content="By Jo Writer"><meta property="article:published_time" content="2024-01-02T03:04:05Z">
<meta name="description" content="Desc"><meta property="article:tag" content="a"><meta property="article:tag" content="b">
<link rel="canonical" href="https://site.example/x"></head><body><p>x</p></body></html>)");
    CHECK(og.title == "OG title");
    CHECK(og.site_name == "Site");
    CHECK(og.author == "Jo Writer");
    CHECK(og.date == "2024-01-02T03:04:05Z");
    CHECK(og.description == "Desc");
    CHECK(og.tags == std::vector<std::string>{"a", "b"});
    CHECK(og.url == "https://site.example/x");
    CHECK(og.lang == "de-AT");

    HtmlPage ld = extract_html(R"(<head><title>Head title - Paper</title><script type="application/ld+json">
{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Paper"},
{"@type":["NewsArticle"],"headline":"LD headline","datePublished":"2023-05-06",
"author":[{"@type":"Person","name":"A One"},{"@type":"Person","name":"B Two"}],"publisher":{"name":"Paper"}}]}
</script></head><body><p>x</p></body>)");
    CHECK(ld.title == "LD headline");
    CHECK(ld.date == "2023-05-06");
    CHECK(ld.author == "A One, B Two");
    CHECK(ld.site_name == "Paper");

    HtmlPage plain = extract_html("<head><title>Story - Paper</title><meta property=\"og:site_name\" content=\"Paper\">"
                                  "</head><body><p>Posted <time datetime=\"2022-02-03\">Feb 3</time></p></body>");
    CHECK(plain.title == "Story"); // the site's suffix is cut
    CHECK(plain.date == "2022-02-03");
    CHECK(extract_html("<body><h1>Only heading</h1><p>t</p></body>").title == "Only heading");
    CHECK(extract_html("<meta property=\"article:author\" content=\"https://x.example/me\"><a rel=\"author\">Real Name</a>")
              .author == "Real Name");
}

TEST_CASE("declared charsets are found in <meta>", "[html]") {
    CHECK(html_declared_charset("<meta charset=\"ISO-8859-1\">") == "iso-8859-1");
    CHECK(html_declared_charset("<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=windows-1252\">") ==
          "windows-1252");
    CHECK(html_declared_charset("<meta name=x content=y>") == "");
}

TEST_CASE("html_to_article decodes the declared charset and fills source from the site or host", "[html]") {
    Article a = html_to_article("<html><head><meta charset=\"windows-1252\"><title>Caf\xe9</title>"
                                "<link rel=canonical href=\"https://www.paper.example.com/a\"></head>"
                                "<body><p>Cr\xe8me \x93quoted\x94</p></body></html>");
    CHECK(a.title == "Caf\xc3\xa9");
    CHECK(a.body == "Cr\xc3\xa8me \xe2\x80\x9cquoted\xe2\x80\x9d");
    CHECK(a.source == "paper.example.com");
    // A transport charset (HTTP header) wins over the page's own declaration.
    Article b = html_to_article("<meta charset=\"windows-1252\"><title>\xe9</title>", "ISO-8859-5");
    CHECK(b.title == "\xd1\x89"); // щ, not é
    // Except that valid UTF-8 beyond ASCII is UTF-8 under any single-byte label (decode.hpp).
    Article c = html_to_article("<meta charset=\"utf-8\"><title>\xc3\xa9</title>", "iso-8859-1");
    CHECK(c.title == "\xc3\xa9");
}

TEST_CASE("deeply nested or broken markup does not crash", "[html]") {
    std::string deep;
    for (int i = 0; i < 5000; ++i) deep += "<div>";
    deep += "deep text";
    HtmlPage p = extract_html(deep);
    CHECK(p.text.size() < 100);
    CHECK(extract_html("<p>unclosed <b>bold <i>both").text == "unclosed bold both");
}

TEST_CASE("html_line_text reads a piece of HTML whole as one line (a feed item's title)", "[html]") {
    CHECK(html_line_text("Ex<b>am</b>ple <script>location.href='x'</script>title") == "Example title");
    CHECK(html_line_text("<div>one</div><div>two<br>three</div>") == "one two three");
    CHECK(html_line_text("<a href=\"/a\">all links</a> <a href=\"/b\">kept</a>") == "all links kept");
    CHECK(html_line_text("History of the &lt;blink&gt; tag &amp; more") == "History of the <blink> tag & more");
    CHECK(html_line_text("<style>p{}</style>\n  spaced \t out ") == "spaced out");
    CHECK(html_line_text("").empty());
    // Deep nesting is bounded as in extract_html.
    CHECK(html_line_text(std::string(100000, '<') + "x").size() < 200000);
    std::string deep;
    for (int i = 0; i < 5000; ++i) deep += "<span>";
    CHECK(html_line_text(deep + "deep").size() <= 4); // "deep", or nothing past the depth bound
}

// SPDX-License-Identifier: MIT
// E-mail: transfer encodings, RFC 2047 words, MIME walking, mbox splitting.
#include "../catch.hpp"

#include "collect_sink.hpp"
#include "decode.hpp"
#include "mail.hpp"

#include <sstream>

using namespace lede;

TEST_CASE("quoted-printable decoding", "[mail]") {
    struct Case {
        std::string in, out;
    };
    const Case cases[] = {
        {"plain", "plain"},
        {"caf=C3=A9", "caf\xc3\xa9"},
        {"soft=\nbreak", "softbreak"},
        {"soft=\r\nbreak", "softbreak"},
        {"a=3db", "a=b"},      // lower-case hex
        {"100=", "100="},      // stray '=' at the end
        {"x=ZZy", "x=ZZy"},    // not hex: kept
    };
    for (const auto& c : cases) {
        INFO(c.in);
        CHECK(decode_quoted_printable(c.in) == c.out);
    }
}

TEST_CASE("base64 decoding ignores line breaks and stops at padding", "[mail]") {
    CHECK(decode_base64("aGVs\r\nbG8=") == "hello");
    CHECK(decode_base64("aGVsbG8gd29ybGQ=\n") == "hello world");
    CHECK(decode_base64("") == "");
}

TEST_CASE("RFC 2047 encoded words in headers", "[mail]") {
    struct Case {
        std::string in, out;
    };
    const Case cases[] = {
        {"plain subject", "plain subject"},
        {"=?utf-8?Q?Caf=C3=A9_open?=", "Caf\xc3\xa9 open"},
        {"=?ISO-8859-1?Q?Tromsv=E6r?= bridge", "Tromsv\xc3\xa6r bridge"},
        {"=?utf-8?B?w4Zyw7h?= x", "\xc3\x86r\xc3\xb8 x"},
        {"=?utf-8?Q?a?= =?utf-8?Q?b?=", "ab"},           // whitespace between encoded words dropped
        {"Re: =?utf-8?Q?caf=C3=A9?= now", "Re: caf\xc3\xa9 now"},
        {"=?bogus", "=?bogus"},
    };
    for (const auto& c : cases) {
        INFO(c.in);
        CHECK(decode_header_words(c.in) == c.out);
    }
}

TEST_CASE("a multipart message gives its plain-text part, decoded", "[mail]") {
    const std::string raw =
        "From: \"Doe, Jane\" <jane@news.example.org>\r\n"
        "Subject: =?utf-8?Q?Weekly_notes?=\r\n"
        "Date: Tue, 2 Apr 2024 09:00:00 +0000\r\n"
        "Message-ID: <abc@example.org>\r\n"
        "Content-Type: multipart/mixed; boundary=\"outer\"\r\n"
        "\r\n"
        "--outer\r\n"
        "Content-Type: multipart/alternative; boundary=inner\r\n"
        "\r\n"
        "--inner\r\n"
        "Content-Type: text/html; charset=utf-8\r\n"
        "\r\n"
        "<p>html version</p>\r\n"
        "--inner\r\n"
        "Content-Type: text/plain; charset=iso-8859-1\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\n"
        "\r\n"
        "Caf=E9 news for every=\r\none.\r\n"
        "-- \r\n"
        "unsubscribe here\r\n"
        "--inner--\r\n"
        "--outer\r\n"
        "Content-Type: text/plain\r\n"
        "Content-Disposition: attachment; filename=notes.txt\r\n"
        "\r\n"
        "attached text\r\n"
        "--outer--\r\n";
    Article a = parse_mail(raw);
    CHECK(a.title == "Weekly notes");
    CHECK(a.author == "Doe, Jane");
    CHECK(a.source == "news.example.org");
    CHECK(a.date == "Tue, 2 Apr 2024 09:00:00 +0000");
    CHECK(a.id == "abc@example.org");
    CHECK(a.body == "Caf\xc3\xa9 news for everyone.");
}

TEST_CASE("an HTML-only message goes through the HTML extractor", "[mail]") {
    const std::string raw = "From: a@b.example\nSubject: S\nContent-Type: text/html; charset=utf-8\n"
                            "Content-Transfer-Encoding: base64\n\n"
                            "PGh0bWw+PGJvZHk+PG5hdj5NZW51PC9uYXY+PHA+SGVsbG8gdGhlcmU8L3A+PC9ib2R5PjwvaHRtbD4=\n";
    Article a = parse_mail(raw); // <html><body><nav>Menu</nav><p>Hello there</p></body></html>
    CHECK(a.body == "Hello there");
    CHECK(a.author == "a@b.example");
}

TEST_CASE("mbox: one article per message, >From unescaped, separator dates used", "[mail]") {
    std::istringstream in("From a@x.example Mon Mar  4 10:00:00 2024\n"
                          "Subject: One\n"
                          "\n"
                          "First body.\n"
                          ">From here on, quoted.\n"
                          "\n"
                          "From b@x.example Tue Mar  5 11:30:00 2024\n"
                          "Subject: Two\n"
                          "Date: Wed, 6 Mar 2024 08:00:00 +0000\n"
                          "\n"
                          "Second body.\n"
                          "\n"
                          "From c@x.example Wed Mar  6 12:00:00 2024\n"
                          "X-Nothing: here\n"
                          "\n");
    test::CollectSink sink;
    read_mbox(in, SourceName("box.mbox", "/abs/box.mbox"), sink);
    REQUIRE(sink.articles.size() == 2);
    CHECK(sink.articles[0].title == "One");
    CHECK(sink.articles[0].body == "First body.\nFrom here on, quoted.");
    CHECK(sink.articles[0].date == "2024-03-04T10:00:00Z");
    CHECK(sink.articles[0].id == "/abs/box.mbox:1");
    CHECK(sink.articles[1].date == "Wed, 6 Mar 2024 08:00:00 +0000");
    CHECK(sink.articles[1].origin == "/abs/box.mbox:7");
    CHECK(sink.skips == std::vector<std::string>{"box.mbox:13: message has neither subject nor text nor sender"});
}

TEST_CASE("raw bytes in List-Id, From and Date headers come out as valid UTF-8 (fuzz_mail finding)", "[mail]") {
    using namespace std::string_literals;
    const std::string raw = "Subject: hello\r\n"
                            "From: Bad \xff\xfe Name <a@b.example>\r\n"
                            "Date: Mon, 9 Sep 2024 \x90\x01 06:02:11\r\n"
                            "List-Id: Morning \0\0a\x90\x00"s "0 brief <brief.example>\r\n"
                            "\r\n"
                            "body text\r\n";
    const Article a = parse_mail(raw);
    for (const std::string* s : {&a.author, &a.source, &a.date, &a.title, &a.body}) {
        std::string copy = *s;
        INFO(copy);
        CHECK(sanitize_utf8(copy) == 0); // nothing left to repair
    }
    CHECK(a.source.rfind("Morning ", 0) == 0);
    CHECK(a.body == "body text");
}

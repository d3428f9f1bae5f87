// SPDX-License-Identifier: MIT
// WARC: record framing, which records become articles, chunked bodies, bad records.
#include "../catch.hpp"

#include "collect_sink.hpp"
#include "warc.hpp"

#include <brotli/encode.h>

#include <sstream>

using namespace lede;

namespace {

std::string record(const std::string& type, const std::string& uri, const std::string& content_type,
                   const std::string& content, const std::string& date = "2024-01-01T00:00:00Z") {
    return "WARC/1.0\r\nWARC-Type: " + type + "\r\nWARC-Target-URI: " + uri + "\r\nWARC-Date: " + date +
           "\r\nContent-Type: " + content_type + "\r\nContent-Length: " + std::to_string(content.size()) + "\r\n\r\n" +
           content + "\r\n\r\n";
}

std::string http(const std::string& status, const std::string& headers, const std::string& body) {
    return "HTTP/1.1 " + status + "\r\n" + headers + "\r\n" + body;
}

} // namespace

TEST_CASE("dechunk undoes chunked transfer coding", "[warc]") {
    CHECK(dechunk("5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n") == "hello world");
    CHECK(dechunk("a\r\n0123456789\r\n") == "0123456789"); // no last chunk
    CHECK(dechunk("") == "");
}

TEST_CASE("HTML responses become articles and other records are passed over", "[warc]") {
    const std::string page = "<html><head><title>Page one</title></head><body><p>Text one.</p></body></html>";
    const std::string dated = "<html><head><meta property=\"article:published_time\" content=\"2020-05-06\">"
                              "<title>Two</title></head><body><p>Text two.</p></body></html>";
    std::string chunked = std::to_string(0) + "";
    {
        std::ostringstream c;
        c << std::hex << dated.size() << "\r\n" << dated << "\r\n0\r\n\r\n";
        chunked = c.str();
    }
    const std::string warc =
        record("warcinfo", "", "application/warc-fields", "software: test\r\n") +
        record("request", "https://a.example/1", "application/http; msgtype=request", "GET /1 HTTP/1.1\r\n\r\n") +
        record("response", "https://a.example/1", "application/http; msgtype=response",
               http("200 OK", "Content-Type: text/html\r\n", page), "2021-02-03T04:05:06Z") +
        record("response", "https://a.example/img.png", "application/http; msgtype=response",
               http("200 OK", "Content-Type: image/png\r\n", std::string("\x89PNG\0\0", 6))) +
        record("response", "https://a.example/old", "application/http; msgtype=response",
               http("301 Moved", "Location: /1\r\n", "")) +
        record("response", "https://b.example/2", "application/http; msgtype=response",
               http("200 OK", "Content-Type: text/html; charset=utf-8\r\nTransfer-Encoding: chunked\r\n", chunked)) +
        record("resource", "https://c.example/3", "text/html", "<title>Three</title><p>Res</p>");
    std::istringstream in(warc);
    test::CollectSink sink;
    read_warc(in, SourceName("c.warc", "/abs/c.warc"), sink);
    CHECK(sink.skips.empty());
    REQUIRE(sink.articles.size() == 3);
    CHECK(sink.articles[0].title == "Page one");
    CHECK(sink.articles[0].id == "https://a.example/1 2021-02-03T04:05:06Z"); // URI and capture date
    CHECK(sink.articles[0].url == "https://a.example/1");
    CHECK(sink.articles[0].date == "2021-02-03T04:05:06Z"); // WARC-Date: the page has none
    CHECK(sink.articles[0].source == "a.example");
    CHECK(sink.articles[1].title == "Two");
    CHECK(sink.articles[1].date == "2020-05-06");           // the page's own date wins
    CHECK(sink.articles[1].body == "Text two.");
    CHECK(sink.articles[2].title == "Three");
}

TEST_CASE("a bad record is reported at its version line and reading resumes", "[warc]") {
    const std::string good = record("resource", "https://x.example/a", "text/html", "<title>A</title><p>a</p>");
    const std::string bad = "WARC/1.0\r\nWARC-Type: resource\r\nContent-Length: lots\r\n\r\n<p>junk</p>\r\n\r\n";
    std::istringstream in(good + bad + good);
    test::CollectSink sink;
    read_warc(in, SourceName("x.warc"), sink);
    CHECK(sink.articles.size() == 2);
    REQUIRE(sink.skips.size() == 1);
    CHECK(sink.skips[0] == "x.warc:10: WARC record without a valid Content-Length (record at byte 177)");

    std::istringstream cut(good + "WARC/1.0\r\nWARC-Type: resource\r\nContent-Type: text/html\r\nContent-Length: 500\r\n\r\nshort");
    test::CollectSink sink2;
    read_warc(cut, SourceName("y.warc"), sink2);
    // The record cut short is kept up to the damage, with a warning naming it.
    CHECK(sink2.articles.size() == 2);
    CHECK(sink2.skips.empty());
    REQUIRE(sink2.warnings.size() == 1);
    CHECK(sink2.warnings[0] == "y.warc:10: cut short (495 bytes missing): the text before the damage is kept (record at byte 177)");
}

TEST_CASE("Content-Encoding br is decoded, a brotli body cut short keeps what decoded", "[warc]") {
    std::string page = "<html><head><title>Brotli page</title></head><body><p>";
    for (int i = 0; i < 200; ++i) page += "Sentence " + std::to_string(i) + " of the brotli report. ";
    page += "</p></body></html>";
    std::string enc(BrotliEncoderMaxCompressedSize(page.size()), '\0');
    std::size_t n = enc.size();
    REQUIRE(BrotliEncoderCompress(BROTLI_DEFAULT_QUALITY, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, page.size(),
                                  reinterpret_cast<const std::uint8_t*>(page.data()), &n,
                                  reinterpret_cast<std::uint8_t*>(enc.data())));
    enc.resize(n);
    const std::string whole = record("response", "https://b.example/1", "application/http; msgtype=response",
                                     http("200 OK", "Content-Type: text/html\r\nContent-Encoding: br\r\n", enc));
    const std::string cut = record("response", "https://b.example/2", "application/http; msgtype=response",
                                   http("200 OK", "Content-Type: text/html\r\nContent-Encoding: br\r\n", enc.substr(0, n / 2)));
    std::istringstream in(whole + cut);
    test::CollectSink sink;
    read_warc(in, SourceName("b.warc"), sink);
    REQUIRE(sink.articles.size() == 2);
    CHECK(sink.articles[0].title == "Brotli page");
    CHECK(sink.articles[0].body.find("Sentence 199 of the brotli report.") != std::string::npos);
    CHECK(sink.articles[1].body.find("Sentence 1 of the brotli report.") != std::string::npos);
    REQUIRE(sink.warnings.size() == 1);
    CHECK(sink.warnings[0].find("Content-Encoding br data damaged") != std::string::npos);
    CHECK(sink.warnings[0].find("https://b.example/2") != std::string::npos);
}

// SPDX-License-Identifier: MIT
// Format recognition by name and content, container magic, and the glob filters.
#include "../catch.hpp"

#include "formats.hpp"
#include "inputs.hpp"
#include "streams.hpp"

#include <fnmatch.h>

#include <random>

using namespace lede;

TEST_CASE("formats are recognized by extension, through compression extensions", "[formats]") {
    struct Case {
        const char* name;
        std::optional<Format> format;
    };
    const Case cases[] = {
        {"a.jsonl", Format::Jsonl},       {"dir/a.ndjson", Format::Jsonl}, {"A.JSONL", Format::Jsonl},
        {"a.csv", Format::Csv},           {"a.tsv", Format::Tsv},          {"a.txt", Format::Text},
        {"README.TXT", Format::Text},     {"a.md", Format::Markdown},      {"a.html", Format::Html},
        {"a.htm", Format::Html},          {"a.eml", Format::Email},        {"a.mbox", Format::Mbox},
        {"a.warc", Format::Warc},         {"a.warc.gz", Format::Warc},     {"a.jsonl.zst", Format::Jsonl},
        {"a.csv.bz2", Format::Csv},       {"a.sgm", std::nullopt},         {"Makefile", std::nullopt},
        {"a.tar.gz", std::nullopt},       {".jsonl", std::nullopt},
    };
    for (const auto& c : cases) {
        INFO(c.name);
        CHECK(format_from_name(c.name) == c.format);
    }
}

TEST_CASE("compression and archive names", "[formats]") {
    CHECK(strip_compression_extension("x.jsonl.gz") == "x.jsonl");
    CHECK(strip_compression_extension("x.tgz") == "x.tar");
    CHECK(strip_compression_extension("x.html") == "x.html");
    for (const char* n : {"a.gz", "a.tar", "a.tar.xz", "a.zip", "a.tgz", "a.zst", "a.7z"}) {
        INFO(n);
        CHECK(is_container_name(n));
    }
    CHECK_FALSE(is_container_name("a.jsonl"));
}

TEST_CASE("formats are recognized by content", "[formats]") {
    struct Case {
        std::string head;
        Format format;
    };
    const Case cases[] = {
        {"WARC/1.0\r\nWARC-Type: warcinfo\r\n", Format::Warc},
        {"From someone@example.org Mon Mar 15 10:00:00 2024\nSubject: x\n", Format::Mbox},
        {"Received: from x\nFrom: A <a@b>\nSubject: hi\n\nbody\n", Format::Email},
        {"  \n<!DOCTYPE html><html>", Format::Html},
        {"<HTML><HEAD>", Format::Html},
        {"\xEF\xBB\xBF{\"id\": 1}\n", Format::Jsonl},
        {"Headline of a story\n\nText: with a colon.\n", Format::Text},
        {"Key: value\nOther: value\n\nno mail headers", Format::Text},
    };
    for (const auto& c : cases) {
        INFO(c.head);
        CHECK(sniff_format(c.head) == c.format);
    }
}

TEST_CASE("container magic numbers", "[formats]") {
    CHECK(sniff_container("\x1f\x8b\x08\x00") == Container::Compressed);
    CHECK(sniff_container("BZh91AY") == Container::Compressed);
    CHECK(sniff_container(std::string_view("\xfd" "7zXZ\0\0", 7)) == Container::Compressed);
    CHECK(sniff_container("\x28\xb5\x2f\xfd") == Container::Compressed);
    CHECK(sniff_container("PK\x03\x04") == Container::Archive);
    std::string tar(512, '\0');
    tar.replace(257, 5, "ustar");
    CHECK(sniff_container(tar) == Container::Archive);
    CHECK(sniff_container("{\"id\":1}") == Container::None);
}

TEST_CASE("format names parse and print", "[formats]") {
    for (Format f : {Format::Jsonl, Format::Csv, Format::Tsv, Format::Text, Format::Markdown, Format::Html,
                     Format::Email, Format::Mbox, Format::Warc})
        CHECK(parse_format(format_name(f)) == f);
    CHECK(parse_format("eml") == Format::Email);
    CHECK_FALSE(parse_format("pdf"));
}

TEST_CASE("globs: *, **, ?, classes", "[formats][glob]") {
    struct Case {
        const char* pattern;
        const char* text;
        bool match;
    };
    const Case cases[] = {
        {"*.html", "a.html", true},          {"*.html", "dir/a.html", false},
        {"a?c", "abc", true},                {"a?c", "a/c", false},
        {"**/*.html", "a.html", true},       {"**/*.html", "x/y/a.html", true},
        {"news/**", "news/a/b.txt", true},   {"news/**", "other/a.txt", false},
        {"[ab]*.md", "b1.md", true},         {"[!ab]*.md", "b1.md", false},
        {"[a-c]x", "bx", true},              {"drafts", "drafts", true},
        {"*", "", true},                     {"x*y*z", "xaaybbz", true},
        {"a/**/b", "a/b", true},             {"a/**/b", "a/x/y/b", true},
        {"a/**/b", "a/xb", false},           {"a**b", "a/x/b", true},
        {"**", "x/y", true},                 {"*a*a*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false},
    };
    for (const auto& c : cases) {
        INFO(c.pattern << " ~ " << c.text);
        CHECK(glob_match(c.pattern, c.text) == c.match);
    }
}

TEST_CASE("globs without ** agree with fnmatch(FNM_PATHNAME) on random patterns and names", "[formats][glob]") {
    // The C library's matcher as the independent reader (issue #18: ours no longer backtracks).
    std::mt19937 rng(18);
    const char pattern_chars[] = {'a', 'b', '/', '*', '?', '.'};
    const char text_chars[] = {'a', 'b', '/', '.'};
    int compared = 0;
    for (int n = 0; n < 20000; ++n) {
        std::string p, t;
        for (int i = rng() % 8; i > 0; --i) p += pattern_chars[rng() % 6];
        for (int i = rng() % 10; i > 0; --i) t += text_chars[rng() % 4];
        if (p.find("**") != std::string::npos) continue; // ** crosses '/', fnmatch has no such thing
        INFO(p << " ~ " << t);
        REQUIRE(glob_match(p, t) == (fnmatch(p.c_str(), t.c_str(), FNM_PATHNAME) == 0));
        ++compared;
    }
    CHECK(compared > 10000);
}

TEST_CASE("include and exclude globs select walked paths", "[formats][glob]") {
    WalkOptions o;
    o.include = {"*.html", "feeds/**/*.jsonl"};
    o.exclude = {"drafts", "*.tmp.html"};
    CHECK(glob_selected(o, "a/b/page.html", false));       // name-only pattern
    CHECK(glob_selected(o, "feeds/2024/x.jsonl", false));  // path pattern
    CHECK_FALSE(glob_selected(o, "x.jsonl", false));       // not included
    CHECK_FALSE(glob_selected(o, "a/draft.tmp.html", false));
    CHECK_FALSE(glob_selected(o, "site/drafts", true));    // excluded directory
    CHECK(glob_selected(o, "site/pages", true));           // includes never prune directories
}

// SPDX-License-Identifier: MIT
// Reading through compression and archives (libarchive), member names in messages, nesting.
#include "../catch.hpp"

#include "collect_sink.hpp"
#include "error.hpp"
#include "sources.hpp"
#include "streams.hpp"

#include <archive.h>
#include <archive_entry.h>

using namespace lede;

namespace {

class StringStream : public ByteStream {
public:
    explicit StringStream(std::string s) : m_s(std::move(s)) {}
    std::size_t read(char* buf, std::size_t n) override {
        const std::size_t k = std::min(n, m_s.size() - m_pos);
        std::copy_n(m_s.data() + m_pos, k, buf);
        m_pos += k;
        return k;
    }

private:
    std::string m_s;
    std::size_t m_pos = 0;
};

// Build an archive in memory: format "raw" (one compressed stream) or "tar"/"zip", filter "gzip"...
std::string make_archive(const std::string& format, const std::string& filter,
                         const std::vector<std::pair<std::string, std::string>>& files) {
    std::string out(1 << 20, '\0');
    std::size_t used = 0;
    struct archive* a = archive_write_new();
    if (format == "tar") archive_write_set_format_pax_restricted(a);
    else if (format == "zip") archive_write_set_format_zip(a);
    else archive_write_set_format_raw(a);
    if (filter == "gzip") archive_write_add_filter_gzip(a);
    else if (filter == "bzip2") archive_write_add_filter_bzip2(a);
    else if (filter == "xz") archive_write_add_filter_xz(a);
    else if (filter == "zstd") archive_write_add_filter_zstd(a);
    archive_write_open_memory(a, out.data(), out.size(), &used);
    for (const auto& [name, data] : files) {
        struct archive_entry* e = archive_entry_new();
        archive_entry_set_pathname(e, name.c_str());
        archive_entry_set_size(e, static_cast<la_int64_t>(data.size()));
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_perm(e, 0644);
        archive_entry_set_mtime(e, 1700000000, 0);
        archive_write_header(a, e);
        archive_write_data(a, data.data(), data.size());
        archive_entry_free(e);
    }
    archive_write_close(a);
    archive_write_free(a);
    out.resize(used);
    return out;
}

const std::string jsonl = "{\"id\":\"a\",\"title\":\"Alpha\"}\n{\"id\":\"b\",\"title\":\"Beta\"}\nbroken\n";

} // namespace

TEST_CASE("compressed streams are read as the format their inner name says", "[streams]") {
    for (const char* filter : {"gzip", "bzip2", "xz", "zstd"}) {
        INFO(filter);
        StringStream in(make_archive("raw", filter, {{"data", jsonl}}));
        test::CollectSink sink;
        read_source(in, SourceName("dump.jsonl.x", "/abs/dump.jsonl.x"), {}, sink);
        // ".x" is no extension we know: the content is sniffed as JSON Lines.
        REQUIRE(sink.articles.size() == 2);
        CHECK(sink.articles[1].title == "Beta");
        CHECK(sink.skips.size() == 1);
        CHECK(sink.skips[0].rfind("dump.jsonl.x:3: malformed JSON", 0) == 0);
    }
}

TEST_CASE("archive members are named archive:member in ids and messages", "[streams]") {
    const std::string html = "<html><head><title>Page</title></head><body><p>Text</p></body></html>";
    for (const char* fmt : {"tar", "zip"}) {
        INFO(fmt);
        StringStream in(make_archive(fmt, std::string(fmt) == "tar" ? "gzip" : "",
                                     {{"site/a.html", html}, {"feeds/f.jsonl", jsonl}, {"img/logo.png", "\x89PNG"}}));
        test::CollectSink sink;
        read_source(in, SourceName("bundle", "/abs/bundle"), {}, sink);
        REQUIRE(sink.articles.size() == 3);
        CHECK(sink.articles[0].title == "Page");
        CHECK(sink.articles[0].id == "/abs/bundle:site/a.html");
        CHECK(sink.articles[1].id == "a");
        CHECK(sink.articles[1].origin == "/abs/bundle:feeds/f.jsonl:1");
        REQUIRE(sink.skips.size() == 1);
        CHECK(sink.skips[0].rfind("bundle:feeds/f.jsonl:3: malformed JSON", 0) == 0);
    }
}

TEST_CASE("archives inside archives are read", "[streams]") {
    const std::string inner = make_archive("raw", "gzip", {{"data", jsonl}});
    StringStream in(make_archive("tar", "", {{"deep/f.jsonl.gz", inner}}));
    test::CollectSink sink;
    read_source(in, SourceName("outer.tar"), {}, sink);
    CHECK(sink.articles.size() == 2);
    REQUIRE(sink.skips.size() == 1);
    CHECK(sink.skips[0].rfind("outer.tar:deep/f.jsonl.gz:3:", 0) == 0);
}

TEST_CASE("a corrupt compressed stream is an error for the whole input", "[streams]") {
    std::string gz = make_archive("raw", "gzip", {{"data", std::string(100000, 'x')}});
    gz.resize(gz.size() / 2);
    StringStream in(gz);
    test::CollectSink sink;
    CHECK_THROWS_AS(read_source(in, SourceName("cut.jsonl.gz"), {}, sink), InputError);
}

TEST_CASE("binary input is refused by name", "[streams]") {
    StringStream in(std::string("\x01\x02\x00\x03garbage", 11) + std::string(100, '\0'));
    test::CollectSink sink;
    try {
        read_source(in, SourceName("x.jsonl"), {}, sink);
        FAIL("accepted");
    } catch (const InputError& e) {
        CHECK(e.file() == "x.jsonl");
        CHECK(std::string(e.what()) == "binary file, not jsonl");
    }
}

// SPDX-License-Identifier: MIT
// Archives written by other programs (../shared/corpora/real-formats: WARC crawlers', mail programs'
// and feed readers' test data), indexed and checked against an independent reader of the same files
// (tests/e2e/independent-read: Python's email, mailbox, zlib and xml.etree), plus the small files of
// tests/data/real-formats that pin each finding of issue 19.
#include "../catch.hpp"
#include "run.hpp"
#include "date.hpp"

#include <nlohmann/json.hpp>
#include <unicode/unistr.h>
#include <xapian.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

using namespace lede::e2e;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const char* python = "/usr/bin/python3";

fs::path real_formats() {
    const fs::path shared = shared_corpora();
    if (shared.empty()) return {};
    return shared / "real-formats";
}

fs::path data_dir() { return source_dir() / "tests/data/real-formats"; }

std::vector<json> independent(const std::vector<std::string>& paths) {
    std::vector<std::string> argv{python, (source_dir() / "tests/e2e/independent-read").string()};
    argv.insert(argv.end(), paths.begin(), paths.end());
    RunResult r = run(argv);
    INFO(r.err);
    REQUIRE(r.code == 0);
    std::vector<json> out;
    for (const auto& line : lines(r.out)) out.push_back(json::parse(line));
    return out;
}

// Every stored article, by id.
std::map<std::string, json> articles(const std::string& db_path) {
    std::map<std::string, json> out;
    Xapian::Database db(db_path);
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
        json j = json::parse(db.get_document(*it).get_data());
        out[j.at("id").get<std::string>()] = j;
    }
    return out;
}

// Whether some line of `text` holds every one of `parts`.
bool has_line(const std::string& text, std::initializer_list<std::string_view> parts) {
    for (const auto& line : lines(text)) {
        bool all = true;
        for (auto p : parts) all = all && line.find(p) != std::string::npos;
        if (all) return true;
    }
    return false;
}

std::string field(const json& j, const char* key) {
    return j.contains(key) && j.at(key).is_string() ? j.at(key).get<std::string>() : "";
}

// Whitespace runs as one space, trimmed: how both readers may fold a header differently.
std::string squeeze(const std::string& s) {
    std::string out;
    bool space = false;
    for (char c : s) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

// The real messages of the notmuch LKML Maildir written as one mbox by Python's mailbox module.
std::string make_lkml_mbox(const TempDir& t) {
    const std::string mbox = t / "lkml.mbox";
    const std::string code = R"(import mailbox, os, sys
src, dst = sys.argv[1], sys.argv[2]
box = mailbox.mbox(dst)
for name in sorted(os.listdir(src)):
    with open(os.path.join(src, name), 'rb') as f:
        box.add(mailbox.mboxMessage(f.read()))
box.flush()
)";
    RunResult r = run({python, "-c", code, (real_formats() / "notmuch-corpora/lkml/cur").string(), mbox});
    INFO(r.err);
    REQUIRE(r.code == 0);
    return mbox;
}

} // namespace

TEST_CASE("a real mailing list's dates keep their time zones: the UTC day is the day of the instant",
          "[e2e][real-formats]") {
    if (real_formats().empty()) FAIL("../shared/corpora/real-formats is missing");
    TempDir t;
    const std::string mbox = make_lkml_mbox(t);
    const auto want = independent({mbox});
    RunResult r = run({lede_index(), "--db", t / "idx", mbox});
    INFO(r.err);
    REQUIRE(r.code <= 1);
    const auto got = articles(t / "idx");
    std::size_t other_day = 0, checked = 0, other_day_lede = 0;
    for (const auto& m : want) {
        REQUIRE(m.at("kind") == "mail");
        if (m.at("date").is_null()) continue;
        const std::string id = field(m, "message_id");
        auto it = got.find(id);
        INFO("Message-ID " << id);
        REQUIRE(it != got.end());
        const std::string utc = m.at("date").get<std::string>();
        CHECK(field(it->second, "date") == utc);
        ++checked;
        if (utc.substr(0, 10) != field(m, "local_day")) {
            ++other_day;
            if (field(it->second, "date").substr(0, 10) == utc.substr(0, 10)) ++other_day_lede;
        }
    }
    // 210 messages (176 distinct Message-IDs); 54 were written at an hour whose UTC day is another.
    CHECK(checked >= 200);
    CHECK(other_day >= 50);
    CHECK(other_day_lede == other_day);
    // And a date: query finds them on their UTC day (one of them, searched by its day).
    for (const auto& m : want) {
        if (m.at("date").is_null() || field(m, "date").substr(0, 10) == field(m, "local_day")) continue;
        const std::string day = field(m, "date").substr(0, 10);
        RunResult s = run({lede_search(), "--db", t / "idx", "--json", "--limit", "1000", "date:" + day});
        REQUIRE(s.code == 0);
        CHECK(s.out.find(field(m, "message_id")) != std::string::npos);
        break;
    }
}

namespace {

// The file an article was read from: its origin without the ":LINE" of an mbox or WARC record.
std::string origin_file(const json& a, const std::set<std::string>& files) {
    std::string o = field(a, "origin");
    while (!o.empty() && !files.count(o)) {
        const auto colon = o.rfind(':');
        if (colon == std::string::npos) return o;
        o.erase(colon);
    }
    return o;
}

bool has_cjk_or_replacement(const std::string& s) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBF &&
            static_cast<unsigned char>(s[i + 2]) == 0xBD)
            return true; // U+FFFD
        if (c >= 0xE3 && c <= 0xE9) return true; // U+3000..U+9FFF: kana, CJK ideographs
        if (c == 0xEA && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0xB0) return true; // Hangul
    }
    return false;
}

struct Indexed {
    RunResult run;
    std::map<std::string, json> by_id;
};

Indexed index_all(const TempDir& t, const std::vector<std::string>& inputs, const std::string& name) {
    Indexed out;
    std::vector<std::string> argv{lede_index(), "--db", t / name};
    argv.insert(argv.end(), inputs.begin(), inputs.end());
    out.run = run(argv);
    if (fs::exists(t / name)) out.by_id = articles(t / name);
    return out;
}

} // namespace

TEST_CASE("every message of the real mail corpora is an article with the independent reader's fields",
          "[e2e][real-formats]") {
    if (real_formats().empty()) FAIL("../shared/corpora/real-formats is missing");
    TempDir t;
    const std::vector<std::string> dirs{(real_formats() / "mail-fixtures").string(),
                                        (real_formats() / "notmuch-corpora").string()};
    const auto want = independent(dirs);
    Indexed got = index_all(t, dirs, "mail");
    std::ofstream("/tmp/lede-real-formats-mail.err") << got.run.err;
    REQUIRE(got.run.code <= 1);
    // Messages by the id Lede gives them: the Message-ID, else the file (an mbox piece: file:line).
    std::map<std::string, std::vector<json>> by_id;
    std::set<std::string> files;
    std::size_t messages = 0;
    // Where Python's email package is known to read less than the message holds: a header line
    // with a space in its name ("quite Delivered-To:") ends its headers, so it sees no Message-ID
    // and no Subject; Lede (like the mail gem whose fixture it is) reads the headers after it.
    const std::set<std::string> python_reads_less{"plain_emails/raw_email_incorrect_header.eml"};
    for (const auto& m : want) {
        if (m.at("kind") != "mail") continue;
        const std::string path = field(m, "path");
        bool known = false;
        for (const auto& k : python_reads_less) known = known || (path.size() > k.size() && path.substr(path.size() - k.size()) == k);
        if (known) continue;
        ++messages;
        files.insert(field(m, "path"));
        by_id[field(m, "message_id")].push_back(m);
    }
    std::size_t without_id = by_id.count("") ? by_id[""].size() : 0;
    const std::size_t expected = by_id.size() - (without_id ? 1 : 0) + without_id;
    std::size_t lede_mail = got.by_id.size();
    CHECK(lede_mail == expected);
    if (lede_mail != expected) {
        std::set<std::string> theirs, mine;
        for (const auto& [id, ms] : by_id)
            if (!id.empty()) theirs.insert(id);
        for (const auto& [id, a] : got.by_id) mine.insert(id);
        for (const auto& id : theirs)
            if (!mine.count(id)) WARN("only the independent reader has " << id);
        for (const auto& id : mine)
            if (!theirs.count(id)) WARN("only Lede has " << id);
    }
    // Fields, message by message.
    std::map<std::string, const json*> by_file; // articles without a Message-ID, by their file
    for (const auto& [id, a] : got.by_id) by_file[origin_file(a, files)] = &a;
    std::size_t compared = 0, mismatched = 0, far_ahead_dates = 0;
    for (const auto& [id, ms] : by_id) {
        for (const auto& m : ms) {
            const json* a = nullptr;
            if (!id.empty() && got.by_id.count(id)) a = &got.by_id.at(id);
            else if (id.empty() && by_file.count(field(m, "path"))) a = by_file.at(field(m, "path"));
            INFO(field(m, "path") << " (Message-ID " << id << ")");
            if (!a) {
                FAIL_CHECK("no article for this message");
                ++mismatched;
                continue;
            }
            if (ms.size() > 1) continue; // copies under one id: the one read last wins
            ++compared;
            const std::string subject = squeeze(field(m, "subject")), author = squeeze(field(m, "author"));
            bool ok = true;
            if (!subject.empty()) {
                CHECK(squeeze(field(*a, "title")) == subject);
                ok = ok && squeeze(field(*a, "title")) == subject;
            }
            if (!author.empty()) {
                CHECK(squeeze(field(*a, "author")) == author);
                ok = ok && squeeze(field(*a, "author")) == author;
            }
            if (!m.at("date").is_null()) {
                // A date more than a year after today (raw_email_bad_time.eml's "30 Jun 3609") is
                // stored without a date, with a warning naming the file.
                const auto theirs = lede::parse_date(field(m, "date"));
                REQUIRE(theirs);
                const bool far_ahead = theirs->days_since_epoch() > lede::today_utc().days_since_epoch() + 366;
                const std::string expect = far_ahead ? std::string() : field(m, "date");
                CHECK(field(*a, "date") == expect);
                ok = ok && field(*a, "date") == expect;
                if (far_ahead) {
                    ++far_ahead_dates;
                    const std::string name = fs::path(field(m, "path")).filename().string();
                    CHECK(has_line(got.run.err, {name, "more than a year after today", "stored without a date"}));
                }
            }
            for (const char* key : {"title", "author"}) {
                const std::string mine = field(*a, key), theirs = key == std::string("title") ? subject : author;
                if (!has_cjk_or_replacement(theirs)) CHECK_FALSE(has_cjk_or_replacement(mine));
            }
            if (!ok) ++mismatched;
        }
    }
    CHECK(compared >= 280);
    CHECK(mismatched == 0);
    CHECK(far_ahead_dates == 1);
    (void)messages;
}

TEST_CASE("issue 19 finding 1: dates with offsets land on their UTC day, compact ISO is read", "[e2e][real-formats]") {
    TempDir t;
    Indexed got = index_all(t, {(data_dir() / "zones.mbox").string()}, "idx");
    INFO(got.run.err);
    REQUIRE(got.run.code == 0);
    REQUIRE(got.by_id.size() == 3);
    CHECK(field(got.by_id.at("ny@example.org"), "date") == "2025-01-01T03:30:00Z");
    CHECK(field(got.by_id.at("paris@example.org"), "date") == "2024-12-31T23:30:00Z");
    CHECK(field(got.by_id.at("tokyo@example.org"), "date") == "2024-12-31T21:00:00Z");
    RunResult s = run({lede_search(), "--db", t / "idx", "--json", "--fields", "id", "date:2025"});
    CHECK(s.out.find("ny@example.org") != std::string::npos);
    CHECK(s.out.find("paris@example.org") == std::string::npos);
}

TEST_CASE("issue 19 finding 3: undeclared 8-bit headers are UTF-8, else the body's charset, else windows-1252",
          "[e2e][real-formats]") {
    TempDir t;
    Indexed got = index_all(t, {(data_dir() / "8bit-latin1.eml").string(), (data_dir() / "8bit-utf8.eml").string(),
                                (data_dir() / "8bit-nocharset.eml").string(), (data_dir() / "8bit-koi8.eml").string()},
                            "idx");
    INFO(got.run.err);
    REQUIRE(got.run.code == 0);
    CHECK(field(got.by_id.at("latin1@example.org"), "author") == "José Peña");
    CHECK(field(got.by_id.at("latin1@example.org"), "title") == "Café con Björn");
    CHECK(field(got.by_id.at("utf8@example.org"), "author") == "José Peña");
    CHECK(field(got.by_id.at("utf8@example.org"), "title") == "Björn and the café");
    CHECK(field(got.by_id.at("nocharset@example.org"), "author") == "Björn Müller");
    CHECK(field(got.by_id.at("nocharset@example.org"), "title") == "Grüße aus Köln");
    CHECK(field(got.by_id.at("koi8@example.org"), "author") == "Иван");
    CHECK(field(got.by_id.at("koi8@example.org"), "title") == "Привет");
    RunResult s = run({lede_search(), "--db", t / "idx", "--json", "--fields", "id", "author:josé"});
    CHECK(s.code == 0);
    CHECK(s.out.find("latin1@example.org") != std::string::npos);
}

TEST_CASE("a real message whose UTF-8 body is labelled us-ascii reads as UTF-8, not as mojibake", "[e2e][real-formats]") {
    if (real_formats().empty()) FAIL("../shared/corpora/real-formats is missing");
    // mail-fixtures' raw_email6.eml says "charset=us-ascii" over a body in UTF-8 (Python's email
    // package gives U+FFFD for those bytes; a byte at a time they read "EnvoyÃ©").
    const fs::path eml = real_formats() / "mail-fixtures/plain_emails/raw_email6.eml";
    std::ifstream in(eml, std::ios::binary);
    std::string line, wanted;
    while (std::getline(in, line))
        if (line.rfind("Envoy", 0) == 0) wanted = line.substr(0, line.find_last_not_of("\r\n") + 1);
    REQUIRE(wanted.size() > 20);
    REQUIRE(wanted.find("\xC3\xA9") != std::string::npos); // é in UTF-8, as the file holds it
    TempDir t;
    Indexed got = index_all(t, {eml.string()}, "idx");
    INFO(got.run.err);
    REQUIRE(got.run.code == 0);
    REQUIRE(got.by_id.size() == 1);
    const std::string body = field(got.by_id.begin()->second, "body");
    CHECK(body.find(wanted) != std::string::npos);
    CHECK(body.find("\xC3\x83\xC2\xA9") == std::string::npos); // "Ã©"
    RunResult s = run({lede_search(), "--db", t / "idx", "--count", "=mobilité"});
    CHECK(s.out == "1\n");
}

TEST_CASE("issue 19 finding 5: a Pipermail month archive (.txt.gz) is an mbox", "[e2e][real-formats]") {
    TempDir t;
    Indexed got = index_all(t, {data_dir().string()}, "idx");
    INFO(got.run.err);
    CHECK(got.by_id.count("p1@example.org"));
    CHECK(got.by_id.count("p2@example.org"));
    CHECK(got.by_id.count("p3@example.org"));
    CHECK(field(got.by_id.at("p2@example.org"), "title") == "[list] Re: First post of the month");
    CHECK(field(got.by_id.at("p2@example.org"), "author") == "John Doe");
}

TEST_CASE("issue 19 finding 6: a Maildir is read in a directory walk, one article per file", "[e2e][real-formats]") {
    TempDir t;
    Indexed got = index_all(t, {(data_dir() / "maildir").string()}, "idx");
    INFO(got.run.err);
    REQUIRE(got.run.code == 0);
    CHECK(got.by_id.size() == 3);
    for (int i = 1; i <= 3; ++i) {
        const std::string id = "maildir" + std::to_string(i) + "@example.org";
        REQUIRE(got.by_id.count(id));
        CHECK(field(got.by_id.at(id), "title") == "Maildir message " + std::to_string(i));
    }
    // The real Maildirs of notmuch: every message file of lkml/cur is read.
    if (!real_formats().empty()) {
        Indexed lkml = index_all(t, {(real_formats() / "notmuch-corpora/lkml").string()}, "lkml");
        CHECK(lkml.by_id.size() == 176); // 210 files, 176 distinct Message-IDs
    }
}

TEST_CASE("issue 19 finding 10: From lines in bodies, mboxrd escapes, Content-Length, a saved .eml", "[e2e][real-formats]") {
    TempDir t;
    Indexed got = index_all(t, {(data_dir() / "from-lines.mbox").string(), (data_dir() / "from-line-no-date.eml").string()},
                            "idx");
    INFO(got.run.err);
    REQUIRE(got.run.code == 0);
    CHECK(got.by_id.size() == 4); // no phantom, untitled article
    REQUIRE(got.by_id.count("minutes@example.org"));
    const std::string body = field(got.by_id.at("minutes@example.org"), "body");
    CHECK(body.find("From the chair, a word of thanks.") != std::string::npos);
    CHECK(body.find("\nFrom here on, quoted.") != std::string::npos);
    CHECK(body.find("\n>From deeper, quoted twice.") != std::string::npos);
    REQUIRE(got.by_id.count("counted@example.org"));
    CHECK(field(got.by_id.at("counted@example.org"), "body").find("Line two.") != std::string::npos);
    REQUIRE(got.by_id.count("last@example.org"));
    REQUIRE(got.by_id.count("saved@example.org"));
    const json& saved = got.by_id.at("saved@example.org");
    CHECK(field(saved, "title") == "Saved with a separator");
    CHECK(field(saved, "author") == "Jane");
    CHECK(field(saved, "body") == "The headers above are headers, not text.");
}

TEST_CASE("every HTML page of the real WARC files is an article, as a WARC scan counts them", "[e2e][real-formats]") {
    if (real_formats().empty()) FAIL("../shared/corpora/real-formats is missing");
    const auto want = independent({(real_formats() / "warcio").string(), (real_formats() / "warcat").string(),
                                   (real_formats() / "jwarc").string()});
    std::size_t files = 0, pages = 0;
    for (const auto& w : want) {
        if (w.at("kind") != "warc") continue;
        ++files;
        TempDir t;
        const std::string path = field(w, "path");
        Indexed got = index_all(t, {path}, "idx");
        INFO(path << "\n" << got.run.err);
        CHECK(got.run.code <= 1);
        CHECK(got.by_id.size() == w.at("pages").get<std::size_t>());
        pages += got.by_id.size();
        for (const auto& uri : w.at("uris")) {
            bool found = false;
            for (const auto& [id, a] : got.by_id) found = found || field(a, "url") == uri.get<std::string>();
            CHECK(found);
        }
        for (const auto& [id, a] : got.by_id) {
            CHECK_FALSE(has_cjk_or_replacement(field(a, "title")));
            CHECK(!(field(a, "title").empty() && field(a, "body").empty()));
        }
    }
    CHECK(files >= 22);
    CHECK(pages >= 15);
}

namespace {
// The article whose url is `url` (captures have ids "URL DATE").
const json* by_url(const Indexed& got, const std::string& url) {
    for (const auto& [id, a] : got.by_id)
        if (field(a, "url") == url) return &a;
    return nullptr;
}
} // namespace

TEST_CASE("issue 19 finding 2: a chunked header over a body stored de-chunked reads the body as it is",
          "[e2e][real-formats]") {
    TempDir t;
    Indexed got = index_all(t, {(data_dir() / "chunked-stored-plain.warc").string()}, "idx");
    INFO(got.run.err);
    REQUIRE(got.run.code == 0);
    REQUIRE(got.by_id.size() == 2);
    const json* plain = by_url(got, "http://news.example/dechunked");
    REQUIRE(plain);
    CHECK(field(*plain, "title") == "Stored dechunked");
    const json* chunked = by_url(got, "http://news.example/chunked");
    REQUIRE(chunked);
    CHECK(field(*chunked, "body") == "These bytes came in two chunks as sent.");
    CHECK(got.run.err.find("Transfer-Encoding chunked does not decode") != std::string::npos);
    // The real crawl of warcat with a bad chunk: its page is kept.
    if (!real_formats().empty()) {
        Indexed real = index_all(t, {(real_formats() / "warcat/bad_http_chunked_content.warc").string()}, "real");
        CHECK(real.by_id.size() == 1);
    }
}

TEST_CASE("issue 19 finding 7: Content-Encoding deflate (zlib and raw), zstd and gzip are decoded", "[e2e][real-formats]") {
    TempDir t;
    Indexed got = index_all(t, {(data_dir() / "codings.warc").string()}, "idx");
    INFO(got.run.err);
    REQUIRE(got.run.code == 0);
    REQUIRE(got.by_id.size() == 5);
    const std::pair<const char*, const char*> pages[] = {
        {"http://news.example/deflate-zlib", "Deflate zlib page"}, {"http://news.example/deflate-raw", "Deflate raw page"},
        {"http://news.example/zstd", "Zstandard page"},            {"http://news.example/gzip", "Gzip page"},
        {"http://news.example/gzip-stored-plain", "Gzip header, plain body"}};
    for (const auto& [url, title] : pages) {
        INFO(url);
        const json* a = by_url(got, url);
        REQUIRE(a);
        CHECK(field(*a, "title") == title);
        CHECK_FALSE(has_cjk_or_replacement(field(*a, "body")));
    }
}

TEST_CASE("issue 19 finding 4: damaged compressed input keeps what came before the damage", "[e2e][real-formats]") {
    TempDir t;
    // A .warc.gz cut at 80% of its four members: the three whole ones are indexed.
    Indexed warc = index_all(t, {(data_dir() / "cut.warc.gz").string()}, "warc");
    INFO(warc.run.err);
    CHECK(warc.run.code == 1);
    CHECK(warc.by_id.size() == 3);
    CHECK(warc.run.err.find("at byte") != std::string::npos);
    // An 8-message mbox.gz missing its last 20 bytes: the messages are kept, the file is damaged and read again.
    Indexed mbox = index_all(t, {(data_dir() / "cut.mbox.gz").string()}, "mbox");
    INFO(mbox.run.err);
    CHECK(mbox.run.code == 1);
    CHECK(mbox.by_id.size() == 8);
    RunResult again = run({lede_index(), "--db", t / "mbox", (data_dir() / "cut.mbox.gz").string()});
    CHECK(again.code == 1);
    CHECK(again.err.find("cannot read compressed data") != std::string::npos);
    // A gzip-encoded HTTP body missing its last bytes: the page up to the damage, with a warning.
    Indexed body = index_all(t, {(data_dir() / "gzip-body-cut.warc").string()}, "body");
    INFO(body.run.err);
    REQUIRE(body.by_id.size() == 1);
    CHECK(field(body.by_id.begin()->second, "body").find("Sentence number 100 of a long report") != std::string::npos);
    CHECK(body.run.err.find("data damaged after") != std::string::npos);
    CHECK(body.run.err.find("http://news.example/cut") != std::string::npos);
}

TEST_CASE("issue 19: WARC-Truncated and records cut short are reported with the record's URI and byte offset",
          "[e2e][real-formats]") {
    TempDir t;
    Indexed got = index_all(t, {(data_dir() / "warc-truncated.warc").string()}, "idx");
    INFO(got.run.err);
    CHECK(got.by_id.size() == 1);
    CHECK(got.run.err.find("WARC-Truncated: length") != std::string::npos);
    CHECK(got.run.err.find("(record at byte 0, http://news.example/big)") != std::string::npos);
    if (!real_formats().empty()) {
        Indexed trunc = index_all(t, {(real_formats() / "warcio/example-trunc.warc").string()}, "trunc");
        INFO(trunc.run.err);
        CHECK(trunc.by_id.size() == 1);
        CHECK(trunc.run.err.find("http://example.com/") != std::string::npos);
    }
}

TEST_CASE("issue 19 finding 8 (ARC): ARC files are read", "[e2e][real-formats]") {
    TempDir t;
    Indexed got = index_all(t, {(data_dir() / "capture.arc").string()}, "idx");
    INFO(got.run.err);
    REQUIRE(got.run.code == 0);
    REQUIRE(got.by_id.size() == 1);
    const json& a = got.by_id.begin()->second;
    CHECK(field(a, "title") == "An ARC capture");
    CHECK(field(a, "url") == "http://news.example/arc");
    CHECK(field(a, "date") == "2005-01-02T03:04:05Z");
}

TEST_CASE("issue 19 finding 9: each capture of a re-crawled URL is kept, and an unchanged re-run changes nothing",
          "[e2e][real-formats]") {
    TempDir t;
    const std::string warc = (data_dir() / "recrawl.warc").string();
    Indexed got = index_all(t, {warc}, "idx");
    INFO(got.run.err);
    REQUIRE(got.run.code == 0);
    CHECK(got.by_id.size() == 3);
    CHECK(got.by_id.count("http://news.example/story 2020-02-01T08:00:00Z"));
    CHECK(got.by_id.count("http://news.example/story 2020-02-03T08:00:00Z"));
    CHECK(got.run.err.find("duplicate id") == std::string::npos);
    RunResult again = run({lede_index(), "--db", t / "idx", "--json", warc});
    REQUIRE(again.code == 0);
    CHECK(again.out.find("\"updated\":0") != std::string::npos);
    CHECK(again.out.find("\"added\":0") != std::string::npos);
    // The two identical captures are copies: one hit when searched, the changed one another.
    RunResult s = run({lede_search(), "--db", t / "idx", "--json", "--fields", "id", "ferry"});
    REQUIRE(s.code == 0);
    std::size_t hits = 0;
    for (const auto& line : lines(s.out)) hits += json::parse(line).at("type") == "hit";
    CHECK(hits == 2);
}

TEST_CASE("every item and entry of the real feeds (feedparser's well-formed tests) is an article", "[e2e][real-formats]") {
    if (real_formats().empty()) FAIL("../shared/corpora/real-formats is missing");
    TempDir t;
    const std::string dir = (real_formats() / "feedparser/wellformed").string();
    const auto want = independent({dir});
    Indexed got = index_all(t, {dir}, "idx");
    std::ofstream("/tmp/lede-real-formats-feed.err") << got.run.err;
    REQUIRE(got.run.code <= 1);
    std::map<std::string, json> items; // by the id the documented identity gives
    std::size_t feeds = 0;
    for (const auto& f : want) {
        if (f.at("kind") != "feed") continue;
        ++feeds;
        for (const auto& it : f.at("items")) items[field(it, "id")] = it;
    }
    CHECK(feeds >= 1700);
    CHECK(got.by_id.size() == items.size());
    std::size_t mismatched = 0;
    for (const auto& [id, it] : items) {
        INFO(id);
        auto a = got.by_id.find(id);
        if (a == got.by_id.end()) {
            if (++mismatched <= 20) FAIL_CHECK("no article for this item");
            continue;
        }
        const std::string title = squeeze(field(it, "title"));
        if (!title.empty() && title.find('<') == std::string::npos && title.find('&') == std::string::npos &&
            squeeze(field(a->second, "title")) != title) {
            if (++mismatched <= 20) CHECK(squeeze(field(a->second, "title")) == title);
        }
        if (!field(it, "link").empty() && field(a->second, "url") != field(it, "link")) {
            if (++mismatched <= 20) CHECK(field(a->second, "url") == field(it, "link"));
        }
    }
    CHECK(mismatched == 0);
}

TEST_CASE("a hit whose link is its id (a feed item's guid) shows that address once", "[e2e][real-formats]") {
    if (real_formats().empty()) FAIL("../shared/corpora/real-formats is missing");
    TempDir t;
    Indexed got = index_all(t, {(real_formats() / "feedparser/wellformed").string()}, "idx");
    REQUIRE(got.run.code <= 1);
    // The hits of a common word, as JSON (id, url) and as a person sees them.
    const std::vector<std::string> query{"--limit", "100", "test"};
    std::vector<std::string> argv{lede_search(), "--db", t / "idx", "--json", "--fields", "id,url"};
    argv.insert(argv.end(), query.begin(), query.end());
    const RunResult j = run(argv);
    REQUIRE(j.code == 0);
    std::vector<std::pair<std::string, std::string>> hits; // id, url
    for (const auto& line : lines(j.out)) {
        const json o = json::parse(line);
        if (o.at("type") == "hit") hits.emplace_back(field(o.at("data"), "id"), field(o.at("data"), "url"));
    }
    const auto same = std::count_if(hits.begin(), hits.end(), [](const auto& h) { return !h.first.empty() && h.first == h.second; });
    REQUIRE(same >= 5); // the corpus's RSS items whose link is their guid
    argv = {lede_search(), "--db", t / "idx", "--no-pager", "--color=never"};
    argv.insert(argv.end(), query.begin(), query.end());
    const RunResult text = run(argv, {}, {"COLUMNS=200"});
    REQUIRE(text.code == 0);
    // Each hit's footer is the line that starts with its id; its url follows it on that line or
    // the next one, unless it is the id.
    const std::vector<std::string> shown = lines(text.out);
    std::size_t checked = 0;
    for (const auto& hit : hits) {
        const std::string& id = hit.first;
        const std::string& url = hit.second;
        INFO(id << " " << url);
        auto footer = std::find_if(shown.begin(), shown.end(), [&](const std::string& l) {
            const auto b = l.find_first_not_of(' ');
            return b != std::string::npos && l.compare(b, id.size(), id) == 0;
        });
        REQUIRE(footer != shown.end());
        const std::string after = footer->substr(footer->find_first_not_of(' ') + id.size());
        const std::string next = footer + 1 != shown.end() ? *(footer + 1) : std::string();
        const auto trimmed = [](const std::string& l) { const auto b = l.find_first_not_of(' '); return b == std::string::npos ? std::string() : l.substr(b); };
        if (url == id) {
            CHECK(after.find(url) == std::string::npos);
            CHECK(trimmed(next) != url);
            ++checked;
        } else if (!url.empty()) {
            CHECK((after.find(url) != std::string::npos || trimmed(next) == url));
        }
    }
    CHECK(checked == static_cast<std::size_t>(same));
}

TEST_CASE("real feeds without an encoding declaration in EUC-JP, EUC-KR, GB2312, KOI8-R, Shift_JIS and windows-1255 "
          "read as the charset their authors name",
          "[e2e][real-formats]") {
    if (real_formats().empty()) FAIL("../shared/corpora/real-formats is missing");
    // feedparser's chardet tests: each file says in a comment which encoding it is in
    // ("Expect: bozo and encoding == 'KOI8-R'"); its first item's title (else description),
    // converted from that encoding by ICU directly, must be the article's text. TIS-620 is left
    // out: ICU's detector has no Thai charset.
    const fs::path dir = real_formats() / "feedparser/illformed/chardet";
    TempDir t;
    Indexed got = index_all(t, {dir.string()}, "idx");
    REQUIRE(got.run.code <= 1);
    std::size_t checked = 0;
    for (const char* file : {"eucjp.xml", "euckr.xml", "gb2312.xml", "koi8r.xml", "shiftjis.xml", "windows1255.xml"}) {
        INFO(file);
        std::ifstream in(dir / file, std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        const std::string raw = ss.str();
        const std::size_t e = raw.find("encoding == '");
        REQUIRE(e != std::string::npos);
        const std::string encoding = raw.substr(e + 13, raw.find('\'', e + 13) - e - 13);
        const std::size_t item = std::min(raw.find("<item"), raw.find("<entry"));
        REQUIRE(item != std::string::npos);
        auto element = [&](const std::string& tag) {
            const std::size_t b = raw.find("<" + tag, item);
            if (b == std::string::npos || raw.find('>', b) == std::string::npos) return std::string();
            const std::size_t from = raw.find('>', b) + 1, to = raw.find("</" + tag + ">", from);
            if (to == std::string::npos) return std::string();
            std::string text;
            icu::UnicodeString(raw.data() + from, static_cast<int32_t>(to - from), encoding.c_str()).toUTF8String(text);
            return squeeze(text);
        };
        const std::string title = element("title"), description = element("description");
        REQUIRE(!(title.empty() && description.empty()));
        const auto a = got.by_id.find((dir / file).string() + ":1");
        REQUIRE(a != got.by_id.end());
        if (!title.empty()) CHECK(squeeze(field(a->second, "title")) == title);
        else CHECK(squeeze(field(a->second, "body")).find(description.substr(0, 60)) != std::string::npos);
        ++checked;
    }
    CHECK(checked == 6);
}

TEST_CASE("issue 19 finding 8: RSS 2.0, RSS 1.0 and Atom feeds give one article per item with its fields",
          "[e2e][real-formats]") {
    TempDir t;
    Indexed got = index_all(t, {(data_dir() / "feeds").string()}, "idx");
    INFO(got.run.err);
    REQUIRE(got.run.code == 0);
    REQUIRE(got.by_id.size() == 5);
    const json& ferry = got.by_id.at("gazette-ferry-1");
    CHECK(field(ferry, "title") == "Ferry crews walk out");
    CHECK(field(ferry, "url") == "https://gazette.example/ferry");
    CHECK(field(ferry, "date") == "2025-01-01T03:30:00Z");
    CHECK(field(ferry, "author") == "Ansel Mbeki");
    CHECK(field(ferry, "source") == "Harbour Gazette");
    CHECK(ferry.at("tags") == json::array({"ferries", "strikes"}));
    CHECK(field(ferry, "body").find("Crews of the morning ferry walked out.") != std::string::npos);
    CHECK(field(ferry, "body").find("track") == std::string::npos); // through the HTML extractor
    const json& cafe = got.by_id.at("https://gazette.example/cafe");
    CHECK(field(cafe, "title") == "Café terrace fees");
    CHECK(field(cafe, "author") == "Renée Castellan");
    CHECK(field(cafe, "date") == "2024-08-19T05:15:00Z");
    CHECK(field(cafe, "body") == "Owners protest the new fees.");
    const json& bridge = got.by_id.at("tag:stadt.example,2024:bruecke");
    CHECK(field(bridge, "title") == "Brücke wieder offen");
    CHECK(field(bridge, "url") == "https://stadt.example/bruecke");
    CHECK(field(bridge, "date") == "2024-09-09T06:00:00Z");
    CHECK(field(bridge, "author") == "Redaktion");
    CHECK(field(bridge, "lang") == "de");
    CHECK(bridge.at("tags") == json::array({"verkehr"}));
    CHECK(field(bridge, "body") == "Die Brücke ist wieder offen.");
    const json& market = got.by_id.at("tag:stadt.example,2024:markt");
    CHECK(field(market, "author") == "Hanne Solberg");
    CHECK(field(market, "date") == "2024-10-18T08:00:00Z");
    CHECK(field(market, "body") == "Der Markt wird verschoben.");
    const json& wire = got.by_id.at("https://wire.example/1");
    CHECK(field(wire, "title") == "Lighthouse vote");
    CHECK(field(wire, "source") == "Wire Service");
    CHECK(wire.at("tags") == json::array({"labour"}));
    // Archives of feeds.
    TempDir t2;
    Indexed tar = index_all(t2, {(data_dir() / "feeds.tar.gz").string()}, "idx");
    INFO(tar.run.err);
    CHECK(tar.run.code == 0);
    CHECK(tar.by_id.size() == 4);
}

TEST_CASE("the real feeds in other encodings read without mojibake", "[e2e][real-formats]") {
    if (real_formats().empty()) FAIL("../shared/corpora/real-formats is missing");
    TempDir t;
    const std::string dir = (real_formats() / "feedparser/encoding").string();
    const auto want = independent({dir});
    Indexed got = index_all(t, {dir}, "idx");
    REQUIRE(got.run.code <= 1);
    std::map<std::string, std::string> title_of; // id -> the independent reader's title
    for (const auto& f : want)
        if (f.at("kind") == "feed")
            for (const auto& it : f.at("items")) title_of[field(it, "id")] = squeeze(field(it, "title"));
    std::size_t checked = 0;
    for (const auto& [id, title] : title_of) {
        auto a = got.by_id.find(id);
        if (a == got.by_id.end() || title.empty()) continue;
        INFO(id);
        ++checked;
        if (!has_cjk_or_replacement(title)) CHECK_FALSE(has_cjk_or_replacement(field(a->second, "title")));
        if (title.find('<') == std::string::npos && title.find('&') == std::string::npos)
            CHECK(squeeze(field(a->second, "title")) == title);
    }
    CHECK(checked >= 1); // these files test the channel more than items
    // The ill-formed feeds (unclosed CDATA, undeclared entities, wrong encodings): read, never a crash.
    Indexed ill = index_all(t, {(real_formats() / "feedparser/illformed").string()}, "ill");
    INFO(ill.run.err.substr(0, 2000));
    CHECK(ill.run.code <= 1);
    CHECK(ill.by_id.size() >= 10);
}

TEST_CASE("the first item of each of feedparser's test feeds holds the title and text its file expects",
          "[e2e][real-formats]") {
    if (real_formats().empty()) FAIL("../shared/corpora/real-formats is missing");
    // Each file says in a comment what its first entry must hold ("Expect: ... entries[0]['title']
    // == 'safe description'"); tests/e2e/feed-expectations reads those lines with Python's own
    // parser and makes them comparable (tags removed, entities decoded, spaces squeezed).
    const fs::path root = real_formats() / "feedparser";
    RunResult e = run({python, (source_dir() / "tests/e2e/feed-expectations").string(), root.string()});
    REQUIRE(e.code == 0);
    TempDir t;
    Indexed got = index_all(t, {root.string()}, "idx");
    REQUIRE(got.run.code <= 1);
    std::map<std::string, const json*> first_item; // by file: the article of its item 1
    for (const auto& [id, a] : got.by_id) {
        const std::string origin = field(a, "origin");
        if (origin.size() > 2 && origin.compare(origin.size() - 2, 2, ":1") == 0) first_item[origin.substr(0, origin.size() - 2)] = &a;
    }
    // Where Lede means to differ, and why.
    const std::map<std::string, std::string> differs{
        // Atom 1.0 content of a binary type (application/octet-stream) is Base64 of something
        // that is not text: feedparser decodes it, Lede leaves it out.
        {"atom10/entry_summary_base64.xml", "binary"}, {"atom10/entry_summary_base64_2.xml", "binary"},
        {"atom10/entry_title_base64.xml", "binary"}, {"atom10/entry_title_base64_2.xml", "binary"},
        // The item has a fuller text than its summary, and that is the article's body.
        {"atom10/entry_content_and_summary.xml", "content over summary"},
        {"rss/item_summary_and_description.xml", "description over summary"},
        // Browsers show an <iframe>'s or <object>'s fallback text only where the frame or object
        // cannot be shown; the HTML extractor leaves both out, with what an unclosed one (in
        // escaped HTML) swallows.
        {"item_content_encoded_iframe.xml", "iframe"}, {"item_description_iframe.xml", "iframe"},
        {"entry_summary_iframe.xml", "iframe"}, {"item_content_encoded_object.xml", "object"},
        {"item_description_object.xml", "object"}, {"entry_summary_object.xml", "object"},
        {"item_fullitem_iframe.xml", "iframe"},
        {"item_fullitem_object.xml", "object"},
        // " <!DOCTYPE " is a doctype to an HTML parser, as to a browser: no text.
        {"item_description_not_a_doctype2.xml", "a doctype"},
        // "&#X41;" (upper-case X) is not well-formed XML; libxml2 keeps the text after the '#'.
        {"hex_entity_x_uppercase.xml", "not XML"},
    };
    std::size_t compared = 0, shadowed = 0;
    for (const auto& line : lines(e.out)) {
        const json x = json::parse(line);
        const std::string path = x.at("path"), key = x.at("key"), want = x.at("value"), literal = x.at("literal"),
                          joined = x.at("joined");
        auto it = first_item.find(path);
        if (it == first_item.end()) {
            ++shadowed; // another file's item has the same id and was read later
            continue;
        }
        bool known = false;
        for (const auto& [name, why] : differs) known = known || (path.size() > name.size() && path.compare(path.size() - name.size(), name.size(), name) == 0);
        if (known) continue;
        INFO(path << ": entries[0]['" << key << "'] is '" << literal << "'");
        const std::string mine = squeeze(field(*it->second, key == "title" ? "title" : "body"));
        if (mine != literal && mine != joined) CHECK(mine == want); // as plain text, else as HTML
        ++compared;
    }
    CHECK(compared >= 550);
    CHECK(shadowed <= 40);
}

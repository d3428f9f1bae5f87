// SPDX-License-Identifier: MIT
// lede-index on real-looking inputs of every format (corpora/formats), compressed and archived
// copies, corrupt records, incremental re-runs, --prune, globs, standard input and --stats.
#include "../catch.hpp"
#include "run.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <chrono>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

using namespace lede::e2e;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

fs::path formats_dir() { return source_dir() / "corpora/formats"; }

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void write_file(const fs::path& p, const std::string& data) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << data;
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

std::string field(const json& j, const char* key) { return j.contains(key) ? j.at(key).get<std::string>() : ""; }

// The "summary" record of a --json run.
json summary(const RunResult& r) {
    for (const auto& line : lines(r.out)) {
        json j = json::parse(line);
        if (j.at("type") == "summary") return j.at("data");
    }
    FAIL("no summary in: " << r.out);
    return {};
}

// An archive in memory with libarchive: format "raw" (a compressed single stream), "tar" or "zip".
std::string make_archive(const std::string& format, const std::string& filter,
                         const std::vector<std::pair<std::string, std::string>>& files) {
    std::string out(8 << 20, '\0');
    std::size_t used = 0;
    struct archive* a = archive_write_new();
    if (format == "tar") archive_write_set_format_pax_restricted(a);
    else if (format == "zip") archive_write_set_format_zip(a);
    else archive_write_set_format_raw(a);
    if (filter == "gzip") archive_write_add_filter_gzip(a);
    else if (filter == "bzip2") archive_write_add_filter_bzip2(a);
    else if (filter == "xz") archive_write_add_filter_xz(a);
    else if (filter == "zstd") archive_write_add_filter_zstd(a);
    REQUIRE(archive_write_open_memory(a, out.data(), out.size(), &used) == ARCHIVE_OK);
    for (const auto& [name, data] : files) {
        struct archive_entry* e = archive_entry_new();
        archive_entry_set_pathname(e, name.c_str());
        archive_entry_set_size(e, static_cast<la_int64_t>(data.size()));
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_perm(e, 0644);
        REQUIRE(archive_write_header(a, e) == ARCHIVE_OK);
        REQUIRE(archive_write_data(a, data.data(), data.size()) == static_cast<la_ssize_t>(data.size()));
        archive_entry_free(e);
    }
    archive_write_close(a);
    archive_write_free(a);
    out.resize(used);
    return out;
}

std::string compress(const std::string& filter, const std::string& data) { return make_archive("raw", filter, {{"data", data}}); }

void copy_formats(const fs::path& to) {
    fs::create_directories(to);
    for (const auto& e : fs::directory_iterator(formats_dir()))
        if (e.is_regular_file() && e.path().filename() != "README.md") fs::copy_file(e.path(), to / e.path().filename());
}

struct Expected {
    std::string title, date, author, source;
};

// What each format in corpora/formats must give (one article per format, two for mbox and WARC).
const std::vector<Expected> expected_articles = {
    {"Lighthouse keepers vote to end overtime ban", "2024-03-12T16:40:00Z", "Ines Calloway", "Lede Wire"},
    {"Cheese market sets record, then runs out of wheels", "2024-04-02", "Marit Olsen", "Valley Market Bulletin"},
    {"Ferry timetable changes for the summer season", "2024-05-20", "Daan Verholt", "Island Courier"},
    {"Dredging of the inner harbour finishes a month early", "2024-06-14", "Petra Lindqvist", ""},
    {"Council approves cycle lanes on Mill Road", "2024-06-03", "Sunniva Dahl", "Northbridge Observer"},
    {"Ferry crews walk out over rota changes", "2024-07-06T09:30:00Z", "Ansel Mbeki", "The Harbour Gazette"},
    {"Caf\u00e9 owners protest new terrace fees", "2024-08-19T07:15:00Z", "Ren\u00e9e Castellan", "The Midland Courier"},
    {"Morning briefing: Tromsv\u00e6r bridge reopens", "2024-09-09T06:00:00Z", "Northern Ledger Morning Briefing",
     "Northern Ledger Morning Briefing"},
    {"Library extends opening hours", "2024-10-04T08:00:00Z", "Weekly Town Notes", "Weekly Town Notes"},
    {"Market square repaving delayed", "2024-10-18T08:00:00Z", "Hanne Solberg", "Weekly Town Notes"},
    {"Tidal power trial doubles output", "2024-09-23T11:00:00Z", "Oskar Venn", "Coastal Energy Review"},
    {"Wind farm consultation extended", "2024-10-02T08:45:00Z", "", "moorpost.example.org"},
};

std::map<std::string, json> by_title(const std::map<std::string, json>& arts) {
    std::map<std::string, json> out;
    for (const auto& [id, a] : arts) out[field(a, "title")] = a;
    return out;
}

} // namespace

TEST_CASE("a directory with one file per format indexes with the right title, date, author and source",
          "[e2e][ingest]") {
    TempDir dir;
    copy_formats(dir.path() / "in");
    auto r = run({lede_index(), "--db", dir / "idx", "--json", dir / "in"});
    INFO(r.err);
    REQUIRE(r.code == 0);
    const json s = summary(r);
    CHECK(s["added"] == 16);
    CHECK(s["failed"] == 0);
    CHECK(s["files"] == 10);

    const auto arts = articles(dir / "idx");
    REQUIRE(arts.size() == 16);
    const auto titles = by_title(arts);
    for (const auto& e : expected_articles) {
        INFO(e.title);
        auto it = titles.find(e.title);
        REQUIRE(it != titles.end());
        CHECK(field(it->second, "date") == e.date);
        CHECK(field(it->second, "author") == e.author);
        CHECK(field(it->second, "source") == e.source);
    }
    // Ids: from the data where it has one, else the file's absolute path (and line or member).
    const std::string in = fs::canonical(dir.path() / "in").string();
    for (const char* id : {"fmt-wire-001", "fmt-csv-002", "fmt-tsv-002", "briefing-20240909@northernledger.example.com",
                           "notes-42@weekly.example.net", "https://energyreview.example.com/2024/09/tidal-trial"})
        CHECK(arts.count(id));
    CHECK(arts.count(in + "/harbour-report.txt"));
    CHECK(arts.count(in + "/ferry-strike.html"));
    CHECK(arts.count(in + "/digest.mbox:27"));

    // Quoted CSV fields keep their commas, newlines and doubled quotes.
    CHECK(field(arts.at("fmt-csv-001"), "body") ==
          "The Thursday cheese market in Brenholt sold 1,240 wheels before noon, a record.\n"
          "Traders said the \"early rush\" began at five in the morning.");
    // Mail: quoted-printable latin-1 decoded, signature left out; mbox ">From" unescaped.
    CHECK(field(arts.at("briefing-20240909@northernledger.example.com"), "body").find("Tromsv\u00e6r bridge reopened") !=
          std::string::npos);
    CHECK(field(arts.at("briefing-20240909@northernledger.example.com"), "body").find("subscribed") == std::string::npos);
    CHECK(field(arts.at("notes-41@weekly.example.net"), "body").find("\nFrom the first of the month") != std::string::npos);
    // HTML: the article's text, not the navigation, scripts, styles, header, footer or aside.
    const std::string html_id = in + "/ferry-strike.html";
    auto hits = run({lede_search(), "--db", dir / "idx", "--ids", "portwell"});
    CHECK(hits.out == html_id + "\n");
    for (const char* word : {"subscribenow", "cookiepreferences", "weatherforecast", "trackingpixel", "popupwindow",
                             "lottery", "georgia", "loginportal", "signup"}) {
        INFO(word);
        CHECK(run({lede_search(), "--db", dir / "idx", "--ids", word}).code == 1);
    }
    CHECK(field(arts.at(html_id), "url") == "https://harbourgazette.example.com/news/2024/07/06/ferry-crews-walk-out");
    CHECK(arts.at(html_id).at("tags") == json::array({"ferries", "strikes"}));
    // The windows-1252 page decoded by its http-equiv declaration (0x92 is a right single quote).
    CHECK(field(arts.at(in + "/market-hall.htm"), "body").find("town\u2019s finance officer") != std::string::npos);
    // WARC: the latin-1 page decoded by the HTTP header's charset, chunked body joined.
    CHECK(field(arts.at("https://moorpost.example.org/news/wind-farm-consultation"), "body").find("Caf\u00e9 owners") !=
          std::string::npos);
    CHECK(field(arts.at("https://energyreview.example.com/2024/09/tidal-trial"), "body").find("next spring") !=
          std::string::npos);
}

TEST_CASE("compressed and archived copies index to the same articles, members named archive:path",
          "[e2e][ingest]") {
    TempDir dir;
    copy_formats(dir.path() / "plain");
    auto src = [&](const char* name) { return read_file(formats_dir() / name); };
    const fs::path packed = dir.path() / "packed";
    write_file(packed / "wire.jsonl.gz", compress("gzip", src("wire.jsonl")));
    write_file(packed / "markets.csv.bz2", compress("bzip2", src("markets.csv")));
    write_file(packed / "regional.tsv.xz", compress("xz", src("regional.tsv")));
    write_file(packed / "council-notes.md.zst", compress("zstd", src("council-notes.md")));
    write_file(packed / "harbour-report.txt.gz", compress("gzip", src("harbour-report.txt")));
    write_file(packed / "digest.mbox.xz", compress("xz", src("digest.mbox")));
    // A .warc.gz is gzip'ed record by record: two gzip members, split at a record boundary.
    const std::string warc = src("crawl.warc");
    const auto second = warc.find("WARC/1.0", 10);
    REQUIRE(second != std::string::npos);
    write_file(packed / "crawl.warc.gz", compress("gzip", warc.substr(0, second)) + compress("gzip", warc.substr(second)));
    write_file(packed / "site.tar.gz", make_archive("tar", "gzip",
                                                    {{"site/2024/ferry-strike.html", src("ferry-strike.html")},
                                                     {"site/2024/market-hall.htm", src("market-hall.htm")},
                                                     {"site/logo.png", "\x89PNG\r\n"}}));
    write_file(packed / "mail.zip", make_archive("zip", "", {{"mail/newsletter.eml", src("newsletter.eml")}}));

    auto a = run({lede_index(), "--db", dir / "plain.idx", dir / "plain"});
    auto b = run({lede_index(), "--db", dir / "packed.idx", "--json", packed.string()});
    INFO(b.err);
    REQUIRE(a.code == 0);
    REQUIRE(b.code == 0);
    CHECK(summary(b)["added"] == 16);
    const auto plain = by_title(articles(dir / "plain.idx"));
    const auto arts = articles(dir / "packed.idx");
    const auto copies = by_title(arts);
    REQUIRE(copies.size() == plain.size());
    for (const auto& [title, p] : plain) {
        INFO(title);
        REQUIRE(copies.count(title));
        const json& c = copies.at(title);
        for (const char* key : {"date", "author", "source", "body", "url", "lang"}) {
            INFO(key);
            CHECK(field(c, key) == field(p, key));
        }
    }
    const std::string root = fs::canonical(packed).string();
    CHECK(arts.count(root + "/site.tar.gz:site/2024/ferry-strike.html"));
    CHECK(arts.count(root + "/harbour-report.txt.gz"));
    CHECK(field(arts.at("fmt-wire-001"), "origin") == root + "/wire.jsonl.gz:1");

    SECTION("a bad record inside an archive is reported as archive:member:line") {
        write_file(dir.path() / "broken" / "feeds.tar.gz",
                   make_archive("tar", "gzip", {{"feeds/good.jsonl", src("wire.jsonl")},
                                                {"feeds/bad.jsonl", "{\"id\":\"ok\",\"title\":\"Fine\"}\n{broken\n"}}));
        auto r = run({lede_index(), "--db", dir / "broken.idx", (dir.path() / "broken").string()});
        CHECK(r.code == 1);
        CHECK(r.err.find((dir.path() / "broken").string() + "/feeds.tar.gz:feeds/bad.jsonl:2: skipped: malformed JSON") !=
              std::string::npos);
        CHECK(r.err.find("3 added") != std::string::npos);
    }
    SECTION("a truncated archive is reported and the articles before the damage are kept") {
        std::string tgz = read_file(packed / "site.tar.gz");
        write_file(dir.path() / "cut" / "site.tar.gz", tgz.substr(0, tgz.size() * 2 / 3));
        auto r = run({lede_index(), "--db", dir / "cut.idx", (dir.path() / "cut").string()});
        CHECK(r.code == 2); // the only input failed
        CHECK(r.err.find("site.tar.gz: skipped: ") != std::string::npos);
    }
}

TEST_CASE("5% corrupt records: the rest indexed, each bad one located, counts right, exit 1", "[e2e][ingest]") {
    TempDir dir;
    const fs::path in = dir.path() / "dirty";
    std::vector<std::string> expected_errors;
    std::size_t good = 0;

    std::string jsonl;
    for (int i = 1; i <= 100; ++i) {
        if (i % 20 == 10) {
            jsonl += std::string("{\"id\": \"j") + std::to_string(i) + "\", \"title\": \"cut off\n";
            expected_errors.push_back(std::string("feed.jsonl:") + std::to_string(i) + ": skipped: malformed JSON");
        } else {
            jsonl += std::string("{\"id\": \"j") + std::to_string(i) + "\", \"title\": \"Story " + std::to_string(i) +
                     "\", \"body\": \"Text of story " + std::to_string(i) + ".\"}\n";
            ++good;
        }
    }
    write_file(in / "feed.jsonl", jsonl);

    std::string csv = "id,title,body\n";
    for (int i = 1; i <= 60; ++i) {
        const int line = i + 1;
        if (i % 20 == 10) {
            csv += std::string("c") + std::to_string(i) + ",only two fields\n";
            expected_errors.push_back(std::string("table.csv:") + std::to_string(line) + ": skipped: record has 2 fields, the header has 3");
        } else {
            csv += std::string("c") + std::to_string(i) + ",\"Row " + std::to_string(i) + ", quoted\",Body " + std::to_string(i) + "\n";
            ++good;
        }
    }
    write_file(in / "table.csv", csv);

    std::string mbox;
    int line = 1;
    for (int i = 1; i <= 20; ++i) {
        if (i == 7) {
            mbox += "From x@example.org Mon Jan  1 00:00:00 2024\nX-Empty: yes\n\n";
            expected_errors.push_back(std::string("box.mbox:") + std::to_string(line) + ": skipped: message has neither subject nor text");
            line += 3;
        } else {
            mbox += std::string("From x@example.org Mon Jan  1 00:00:00 2024\nSubject: Letter ") + std::to_string(i) +
                    "\nMessage-ID: <m" + std::to_string(i) + "@example.org>\n\nDear reader " + std::to_string(i) + ".\n\n";
            line += 6;
            ++good;
        }
    }
    write_file(in / "box.mbox", mbox);

    std::string warc;
    line = 1;
    for (int i = 1; i <= 20; ++i) {
        const std::string page = std::string("<title>Page ") + std::to_string(i) + "</title><p>Crawled text " + std::to_string(i) + "</p>";
        const std::string length = i == 13 ? "12x" : std::to_string(page.size());
        if (i == 13)
            expected_errors.push_back(std::string("crawl.warc:") + std::to_string(line) +
                                      ": skipped: WARC record without a valid Content-Length");
        else
            ++good;
        warc += std::string("WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: https://w.example/") + std::to_string(i) +
                "\r\nContent-Type: text/html\r\nContent-Length: " + length + "\r\n\r\n" + page + "\r\n\r\n";
        line += 8;
    }
    write_file(in / "crawl.warc", warc);
    REQUIRE(expected_errors.size() == 10); // of 200 records
    REQUIRE(good == 190);

    auto r = run({lede_index(), "--db", dir / "idx", "--json", in.string()});
    INFO(r.err);
    CHECK(r.code == 1);
    for (const auto& e : expected_errors) {
        INFO(e);
        CHECK(r.err.find("lede-index: " + (in / e).string()) != std::string::npos);
    }
    const json s = summary(r);
    CHECK(s["added"] == 190);
    CHECK(s["failed"] == 10);
    CHECK(s["skipped"] == 10);
    CHECK(s["documents"] == 190);
    CHECK(s["failures"] == json{{"malformed JSON", 5},
                                {"record has N fields", 3},
                                {"message has neither subject nor text", 1},
                                {"WARC record without a valid Content-Length", 1}});
    std::size_t skipped_records = 0;
    for (const auto& l : lines(r.out)) skipped_records += json::parse(l)["type"] == "skipped";
    CHECK(skipped_records == 10);
    CHECK(Xapian::Database(dir / "idx").get_doccount() == 190);

    SECTION("a file with bad records is read again next time and still reported") {
        auto again = run({lede_index(), "--db", dir / "idx", "--json", in.string()});
        CHECK(again.code == 1);
        const json s2 = summary(again);
        CHECK(s2["failed"] == 10);
        CHECK(s2["unchanged"] == 190);
        CHECK(s2["added"] == 0);
    }
}

TEST_CASE("re-runs are incremental: unchanged files skipped, changed articles replaced, vanished ones removed",
          "[e2e][ingest]") {
    TempDir dir;
    const fs::path in = dir.path() / "in";
    copy_formats(in);
    auto first = run({lede_index(), "--db", dir / "idx", "--json", in.string()});
    REQUIRE(first.code == 0);
    // Did-you-mean's word counts (articles per word).
    auto spellings = [](const std::string& path) {
        std::map<std::string, Xapian::termcount> out;
        Xapian::Database db(path);
        for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it) out[*it] = it.get_termfreq();
        return out;
    };
    CHECK(spellings(dir / "idx")["glassworks"] == 1);

    auto second = run({lede_index(), "--db", dir / "idx", "--json", in.string()});
    REQUIRE(second.code == 0);
    json s = summary(second);
    CHECK(s["unchanged"] == 16);
    CHECK(s["files_unchanged"] == 10);
    CHECK(s["added"] == 0);
    CHECK(s["updated"] == 0);
    CHECK(s["bytes"] == 0); // nothing was read

    // Touched but not changed: hashed, found equal, not re-read.
    fs::last_write_time(in / "markets.csv", fs::file_time_type::clock::now() + std::chrono::seconds(5));
    s = summary(run({lede_index(), "--db", dir / "idx", "--json", in.string()}));
    CHECK(s["files_unchanged"] == 10);
    CHECK(s["unchanged"] == 16);

    // One title changed, one article gone, one new, in the same file.
    write_file(in / "wire.jsonl",
               "{\"id\": \"fmt-wire-001\", \"title\": \"Lighthouse keepers end overtime ban\", \"body\": \"Revised.\"}\n"
               "{\"id\": \"fmt-wire-003\", \"title\": \"Pier lights repaired\", \"body\": \"New story.\"}\n");
    auto third = run({lede_index(), "--db", dir / "idx", "--json", in.string()});
    INFO(third.err);
    REQUIRE(third.code == 0);
    s = summary(third);
    CHECK(s["updated"] == 1);
    CHECK(s["added"] == 1);
    CHECK(s["deleted"] == 1);
    CHECK(s["unchanged"] == 14);
    CHECK(s["files_unchanged"] == 9);
    auto arts = articles(dir / "idx");
    CHECK(arts.size() == 16);
    CHECK(field(arts.at("fmt-wire-001"), "title") == "Lighthouse keepers end overtime ban");
    CHECK_FALSE(arts.count("fmt-wire-002"));
    CHECK(run({lede_search(), "--db", dir / "idx", "--ids", "glassworks"}).code == 1);
    // The removed article took its words back from the spelling table, the new one added its own.
    CHECK(spellings(dir / "idx").count("glassworks") == 0);
    CHECK(spellings(dir / "idx")["pier"] >= 1);

    // Lines swapped: the same articles from other lines are not re-analysed, only re-located.
    write_file(in / "wire.jsonl",
               "{\"id\": \"fmt-wire-003\", \"title\": \"Pier lights repaired\", \"body\": \"New story.\"}\n"
               "{\"id\": \"fmt-wire-001\", \"title\": \"Lighthouse keepers end overtime ban\", \"body\": \"Revised.\"}\n");
    s = summary(run({lede_index(), "--db", dir / "idx", "--json", in.string()}));
    CHECK(s["updated"] == 0);
    CHECK(s["added"] == 0);
    CHECK(s["unchanged"] == 16);
    arts = articles(dir / "idx");
    CHECK(field(arts.at("fmt-wire-001"), "origin") == fs::canonical(in).string() + "/wire.jsonl:2");

    // The same id in a second file: one article, the later file's, and a warning.
    write_file(in / "zz-copy.jsonl", "{\"id\": \"fmt-csv-001\", \"title\": \"Cheese record, corrected\", \"body\": \"x\"}\n");
    auto dup = run({lede_index(), "--db", dir / "idx", in.string()});
    CHECK(dup.code == 0);
    CHECK(dup.err.find("duplicate id 'fmt-csv-001'") != std::string::npos);
    arts = articles(dir / "idx");
    CHECK(arts.size() == 16);
    CHECK(field(arts.at("fmt-csv-001"), "title") == "Cheese record, corrected");
    fs::remove(in / "zz-copy.jsonl");

    // A removed file: kept without --prune, removed with it.
    fs::remove(in / "digest.mbox");
    auto kept = run({lede_index(), "--db", dir / "idx", "--json", in.string()});
    CHECK(summary(kept)["deleted"] == 0);
    // markets.csv, which lost fmt-csv-001 to zz-copy.jsonl, was read again and took it back.
    CHECK(field(articles(dir / "idx").at("fmt-csv-001"), "title") == "Cheese market sets record, then runs out of wheels");
    auto pruned = run({lede_index(), "--db", dir / "idx", "--json", "--prune", in.string()});
    INFO(pruned.err);
    CHECK(pruned.code == 0);
    s = summary(pruned);
    CHECK(s["deleted"] == 3); // the mbox's three messages
    CHECK(s["files_unchanged"] == 9);
    arts = articles(dir / "idx");
    CHECK_FALSE(arts.count("notes-41@weekly.example.net"));
    CHECK(arts.size() == 13);
    std::size_t duplicates = 0;
    Xapian::Database db(dir / "idx");
    for (auto t = db.allterms_begin("Q"); t != db.allterms_end("Q"); ++t) duplicates += t.get_termfreq() != 1;
    CHECK(duplicates == 0);
    // After all those updates the spelling table is what a new index of the same files holds.
    REQUIRE(run({lede_index(), "--db", dir / "fresh", "--quiet", in.string()}).code == 0);
    const auto fresh = spellings(dir / "fresh");
    CHECK(fresh.size() > 100);
    CHECK(spellings(dir / "idx") == fresh);
}

TEST_CASE("globs choose files in directories, a dash reads standard input and the format option overrides",
          "[e2e][ingest]") {
    TempDir dir;
    copy_formats(dir.path() / "in");
    write_file(dir.path() / "in/drafts/unfinished.html", "<title>Draft</title><p>draft text</p>");
    auto r = run({lede_index(), "--db", dir / "html.idx", "--json", "--include", "*.html", "--include", "*.htm", "--exclude", "drafts",
                  dir / "in"});
    REQUIRE(r.code == 0);
    CHECK(summary(r)["added"] == 2);

    auto stdin_run = run({lede_index(), "--db", dir / "stdin.idx", "--json", "-"},
                         "{\"id\": \"s1\", \"title\": \"From a pipe\", \"body\": \"piped text\"}\n");
    REQUIRE(stdin_run.code == 0);
    CHECK(summary(stdin_run)["added"] == 1);
    auto csv_run = run({lede_index(), "--db", dir / "stdin.idx", "--json", "--format", "csv", "-"},
                       "id,title\ns2,Second pipe\n");
    REQUIRE(csv_run.code == 0);
    CHECK(summary(csv_run)["added"] == 1);
    CHECK(articles(dir / "stdin.idx").size() == 2);

    auto bad_format = run({lede_index(), "--db", dir / "x.idx", "--format", "pdf", "-"});
    CHECK(bad_format.code == 2);
    CHECK(bad_format.err.find("unknown format 'pdf'") != std::string::npos);
}

TEST_CASE("the stats option reports articles, terms, languages, date span, sources and size", "[e2e][ingest]") {
    TempDir dir;
    copy_formats(dir.path() / "in");
    REQUIRE(run({lede_index(), "--db", dir / "idx", dir / "in"}).code == 0);
    auto r = run({lede_index(), "--db", dir / "idx", "--stats"});
    INFO(r.out);
    REQUIRE(r.code == 0);
    CHECK(r.out.find("articles   16\n") != std::string::npos);
    CHECK(r.out.find("dates      2024-03-12 .. 2024-10-18\n") != std::string::npos);
    CHECK(r.out.find("languages  en 15, de 1\n") != std::string::npos);
    CHECK(r.out.find("files      10\n") != std::string::npos);
    auto j = run({lede_index(), "--db", dir / "idx", "--stats", "--json"});
    REQUIRE(j.code == 0);
    const json s = json::parse(j.out).at("data");
    CHECK(s["articles"] == 16);
    CHECK(s["terms"].get<std::size_t>() > 500);
    CHECK(s["sources"][0] == json{{"source", "Weekly Town Notes"}, {"articles", 3}});
    CHECK(s["sources"].size() == 11); // ten named sources, and "" for the plain text file
    CHECK(s["disk_bytes"].get<std::size_t>() > 10000);
    auto missing = run({lede_index(), "--db", dir / "nothing", "--stats"});
    CHECK(missing.code == 2);
}

TEST_CASE("the progress line shows files, rate and ETA, and quiet runs print nothing on success", "[e2e][ingest]") {
    TempDir dir;
    copy_formats(dir.path() / "in");
    auto r = run({lede_index(), "--db", dir / "idx", "--progress", "--threads", "1", dir / "in"});
    CHECK(r.code == 0);
    // Not on a terminal, --progress writes whole lines, and always the last state.
    INFO(r.err);
    // The last line is drawn after the segments' merge: it names that phase, with no rate or ETA
    // (tests/unit/test_progress.cpp checks the indexing line's rates and ETA).
    CHECK(r.err.find("lede-index: merging segments: 10/10 files, 16 articles, ") != std::string::npos);
    CHECK(r.err.find("ETA") == std::string::npos);
    auto one = run({lede_index(), "--db", dir / "one.idx", "--progress", "--no-segments", dir / "in"});
    CHECK(one.err.find("lede-index: committing: 10/10 files, 16 articles, ") != std::string::npos);
    CHECK(r.err.find("16 added") != std::string::npos);
    auto q = run({lede_index(), "--db", dir / "q.idx", "--quiet", dir / "in"});
    CHECK(q.code == 0);
    CHECK(q.err.empty());
    CHECK(q.out.empty());
}

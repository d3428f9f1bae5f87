// SPDX-License-Identifier: MIT
// Issue 18, finding 6 and the front-end part of finding 10: a terminal-escape corpus (ESC, CSI,
// OSC 52 clipboard writes, OSC 8 hyperlinks, C1 controls, in fields, HTML entities and file names)
// through every printer of lede-search and lede-index; negative --offset/--limit; a read-only
// index; a full disk.
#include "../catch.hpp"
#include "run.hpp"

#include "analyzer.hpp"
#include "document_builder.hpp"
#include "index_meta.hpp"
#include "schema.hpp"

#include <nlohmann/json.hpp>
#include <xapian.h>

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

using namespace lede::e2e;

// Catch2 v2 has no SKIP: say why, and end the test.
#define LEDE_SKIP(why)              \
    do {                            \
        WARN("skipped: " << (why)); \
        return;                     \
    } while (0)
namespace fs = std::filesystem;

namespace {

const std::string ESC = "\x1b";
const std::string BEL = "\x07";
const std::string CSI1 = "\xc2\x9b"; // U+009B, the one-byte CSI

void write(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary);
    out << bytes;
}

// Where `s` carries a control byte a terminal acts on: "" when none. With `own_sgr`, Lede's own
// colour codes (ESC [ digits ; m) are allowed, and nothing else after an ESC.
std::string control_in(const std::string& s, bool own_sgr = false) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c == '\n' || c == '\t') continue;
        if (c == 0x1b && own_sgr && i + 1 < s.size() && s[i + 1] == '[') {
            std::size_t j = i + 2;
            while (j < s.size() && (std::isdigit(static_cast<unsigned char>(s[j])) || s[j] == ';')) ++j;
            if (j < s.size() && s[j] == 'm') {
                i = j;
                continue;
            }
        }
        if (c < 0x20 || c == 0x7f ||
            (c == 0xc2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
             static_cast<unsigned char>(s[i + 1]) <= 0x9f))
            return "byte " + std::to_string(c) + " at " + std::to_string(i) + " in: " +
                   s.substr(i >= 40 ? i - 40 : 0, 80);
    }
    return {};
}

// The data's own sequences never follow a raw ESC (they may show as text).
void check_no_data_sequences(const std::string& s) {
    for (const char* seq : {"]52;", "]8;;", "[2J"}) {
        INFO(seq);
        CHECK(s.find(ESC + seq) == std::string::npos);
    }
}

void check_clean(const RunResult& r, bool own_sgr = false) {
    INFO(r.out.substr(0, 2000));
    INFO(r.err.substr(0, 2000));
    CHECK(control_in(r.out, own_sgr).empty());
    CHECK(control_in(r.err).empty());
    check_no_data_sequences(r.out);
    check_no_data_sequences(r.err);
}

// The hostile corpus: a JSONL with ESC, OSC 52, OSC 8 and C1 in every field; an HTML file with
// the same as entities; a file whose name carries ESC, with a malformed line (a warning naming it).
struct Corpus {
    TempDir dir;
    std::string input, db;
    Corpus() {
        input = dir / "in";
        db = dir / "db";
        fs::create_directories(input);
        const std::string osc52 = ESC + "]52;c;SGVsbG8=" + BEL, osc8 = ESC + "]8;;http://evil.example/" + BEL;
        std::string jsonl;
        jsonl += nlohmann::json{{"id", "id" + ESC + "[2J" + CSI1 + "1m"},
                                {"title", "harbour " + osc52 + " title " + CSI1 + "2J"},
                                {"body", "harbour body " + osc8 + "link" + ESC + "]8;;" + BEL + " " + CSI1 + "31m red\r\nline"},
                                {"source", "wire" + ESC + "[31m" + CSI1},
                                {"author", "au" + osc52},
                                {"url", "http://x.example/" + osc52},
                                {"tags", {"t" + ESC + "[5m"}},
                                {"date", "2020-01-02"}}
                     .dump() +
                 "\n";
        jsonl += nlohmann::json{{"id", "plain"}, {"title", "harbour plain"}, {"body", "harbour"}, {"source", "wire"}}.dump() + "\n";
        write(input + "/esc.jsonl", jsonl);
        write(input + "/ent.html",
              "<html><head><title>harbour &#27;[2J entity &#x1b;]52;c;QUJD&#7; &#x9b;1m</title></head><body>"
              "<p>harbour body &#27;]8;;http://evil.example/&#x7;link&#27;]8;;&#7; &#155;0m &#x85;</p></body></html>");
        write(input + "/name" + ESC + "]52;c;QQ==" + BEL + ESC + "[2J.txt", "harbour in a file with a hostile name\n");
        write(input + "/bad" + ESC + "[2J" + ESC + "]8;;x" + BEL + ".jsonl",
              nlohmann::json{{"id", "fine"}, {"title", "harbour fine"}}.dump() + "\n{not json\n");
    }
};

// An article written the way an index made before the fix holds it: controls in the stored data
// and terms (no prepare_article), to prove the printers clean on their own.
void plant_raw_article(const std::string& db_path) {
    Xapian::WritableDatabase db(db_path, Xapian::DB_OPEN);
    const lede::IndexInfo info = lede::read_index_info(db);
    lede::Analyzer analyzer(info.analyzer);
    lede::DocumentBuilder builder(analyzer);
    lede::Article a;
    a.id = "raw" + ESC + "]52;c;UkFX" + BEL;
    a.title = "harbour raw " + ESC + "[2J" + CSI1 + "1m";
    a.body = "harbour raw body " + ESC + "]8;;http://evil.example/" + BEL + "x";
    a.source = "raw" + ESC + "]52;c;U1JD" + BEL;
    a.author = "raw" + ESC + "[31m";
    a.tags = {"tag" + CSI1};
    a.lang = "en";
    a.date = "2021-03-04";
    Xapian::Document doc = builder.build(a, nullptr, nullptr);
    db.replace_document(lede::limit_term_length(std::string(lede::schema::prefix::id) + a.id), doc);
    db.commit();
}

const std::vector<std::vector<std::string>> search_modes = {
    {"--color", "always"},
    {"--color", "never"},
    {"--color", "never", "--passages"},
    {"--ids"},
    {"--facets", "--color", "never"},
    {"--facets", "--color", "always"},
    {"--timeline", "--color", "never"},
    {"--timeline", "--color", "always"},
    {"--format", "%{id}|%{title}|%{body}|%{source}|%{author}|%{url}|%{tags}|%{passage}"},
};

void check_every_printer(const std::string& db) {
    for (const auto& mode : search_modes) {
        std::vector<std::string> argv{lede_search(), "--db", db, "harbour", "-n", "20"};
        argv.insert(argv.end(), mode.begin(), mode.end());
        const RunResult r = run(argv);
        INFO(argv.back());
        CHECK(r.code == 0);
        check_clean(r, mode.size() > 1 && mode.back() == "always");
    }
    // JSON: valid JSON, ESC escaped (\u001b), no raw ESC anywhere.
    const RunResult j = run({lede_search(), "--db", db, "harbour", "--json", "-n", "20"});
    CHECK(j.code == 0);
    CHECK(j.out.find(ESC) == std::string::npos);
    for (const auto& line : lines(j.out)) CHECK_NOTHROW(nlohmann::json::parse(line));
}

} // namespace

TEST_CASE("terminal escapes in data are cleaned at ingest and by every printer", "[faults][terminal]") {
    Corpus c;
    const RunResult ix = run({lede_index(), "--db", c.db, c.input});
    INFO(ix.err);
    CHECK(ix.code == 1); // the malformed line
    check_clean(ix);
    // The warning names the file, its ESC shown as \x1b.
    CHECK(ix.err.find("bad\\x1b[2J\\x1b]8;;x\\x07.jsonl:2: skipped") != std::string::npos);

    SECTION("nothing stored carries a control character") {
        const RunResult j = run({lede_search(), "--db", c.db, "harbour", "--json", "-n", "20"});
        CHECK(j.code == 0);
        CHECK(lines(j.out).size() == 6); // 5 hits and the summary
        CHECK(j.out.find("\\u001b") == std::string::npos);
        CHECK(j.out.find("\\u009b") == std::string::npos);
        CHECK(control_in(j.out).empty());
        CHECK(j.out.find("]52;c;SGVsbG8=") != std::string::npos); // the text stays, harmless
    }
    SECTION("every printer of lede-search") { check_every_printer(c.db); }
    SECTION("lede-index --stats, plain and JSON") {
        const RunResult s = run({lede_index(), "--db", c.db, "--stats"});
        CHECK(s.code == 0);
        check_clean(s);
        const RunResult sj = run({lede_index(), "--db", c.db, "--stats", "--json"});
        CHECK(sj.code == 0);
        CHECK(sj.out.find(ESC) == std::string::npos);
    }
}

TEST_CASE("an index written before the fix prints no control character either", "[faults][terminal]") {
    Corpus c;
    REQUIRE(run({lede_index(), "--db", c.db, c.input + "/esc.jsonl"}).code == 0);
    plant_raw_article(c.db);
    // The planted article is there, with its controls.
    const RunResult j = run({lede_search(), "--db", c.db, "raw", "--json"});
    REQUIRE(j.code == 0);
    REQUIRE(j.out.find("\\u001b]52;c;UkFX") != std::string::npos);
    check_every_printer(c.db);
    const RunResult ids = run({lede_search(), "--db", c.db, "raw", "--ids"});
    CHECK(ids.out == "raw\\x1b]52;c;UkFX\\x07\n");
    const RunResult s = run({lede_index(), "--db", c.db, "--stats"});
    CHECK(s.code == 0);
    check_clean(s);
    CHECK(s.out.find("raw\\x1b]52;c;U1JD\\x07") != std::string::npos);
}

TEST_CASE("a negative --offset or --limit is refused with exit 2", "[faults][cli]") {
    Corpus c;
    REQUIRE(run({lede_index(), "--db", c.db, c.input + "/esc.jsonl"}).code == 0);
    for (const char* opt : {"--offset", "--limit", "-n"}) {
        const RunResult r = run({lede_search(), "--db", c.db, "harbour", opt, "-5"});
        INFO(opt << ": " << r.err);
        CHECK(r.code == 2);
        CHECK(r.out.empty());
        CHECK(r.err.find("-5 not in range") != std::string::npos);
    }
    CHECK(run({lede_search(), "--db", c.db, "harbour", "--offset", "1"}).code == 0);
}

namespace {

// The path of unshare(1), when this process can make a mount namespace of its own; else "".
std::string unshare_path() {
    const RunResult r = run({"/bin/sh", "-c", "command -v unshare && unshare -m true"});
    if (r.code != 0 || lines(r.out).empty()) return {};
    return lines(r.out).front();
}

bool can_unshare_mounts() { return !unshare_path().empty(); }

} // namespace

TEST_CASE("a read-only index is reported as read-only, not as locked", "[faults][cli]") {
    Corpus c;
    REQUIRE(run({lede_index(), "--db", c.db, c.input + "/esc.jsonl"}).code == 0);
    const std::string more = c.dir / "more.jsonl";
    write(more, nlohmann::json{{"id", "more"}, {"title", "harbour more"}}.dump() + "\n");
    RunResult r;
    if (::geteuid() != 0) {
        fs::permissions(c.db, fs::perms::owner_write | fs::perms::group_write | fs::perms::others_write,
                        fs::perm_options::remove);
        for (const auto& e : fs::directory_iterator(c.db))
            fs::permissions(e.path(), fs::perms::owner_write | fs::perms::group_write | fs::perms::others_write,
                            fs::perm_options::remove);
        r = run({lede_index(), "--db", c.db, more});
        fs::permissions(c.db, fs::perms::owner_write, fs::perm_options::add);
        INFO(r.err);
        CHECK(r.err.find("is read-only (permission denied)") != std::string::npos);
    } else if (can_unshare_mounts()) {
        // Root ignores permissions: a read-only bind mount, in a mount namespace that ends with the shell.
        r = run({unshare_path(), "-m", "/bin/sh", "-c",
                 "mount --bind \"$1\" \"$1\" && mount -o remount,bind,ro \"$1\" && exec \"$2\" --db \"$1\" \"$3\"", "sh",
                 c.db, lede_index(), more});
        INFO(r.err);
        CHECK(r.err.find("is read-only (read-only file system)") != std::string::npos);
    } else {
        LEDE_SKIP("running as root without a mount namespace: permissions are not enforced and no read-only mount can be made");
    }
    CHECK(r.code == 2);
    CHECK(r.err.find("locked by another writer") == std::string::npos);
    CHECK(r.err.find("'" + c.db + "'") != std::string::npos);
}

TEST_CASE("a full disk says disk full, naming the index, and keeps the last commit", "[faults][cli]") {
    if (!can_unshare_mounts() || ::geteuid() != 0) LEDE_SKIP("cannot mount a small tmpfs here (needs root and unshare -m)");
    Corpus c;
    const std::string big = c.dir / "big.jsonl";
    {
        std::ofstream out(big);
        for (int i = 0; i < 4000; ++i) {
            std::string body;
            for (int w = 0; w < 150; ++w) body += "w" + std::to_string((i * 7919 + w * 104729) % 1000003) + " ";
            out << nlohmann::json{{"id", "b" + std::to_string(i)}, {"title", "harbour " + std::to_string(i)}, {"body", body}}.dump()
                << "\n";
        }
    }
    const std::string mnt = c.dir / "mnt";
    fs::create_directories(mnt);
    // A new index (segments) and an update of a committed one, each on a 700 KiB tmpfs.
    for (const bool update : {false, true}) {
        const RunResult r = run(
            {unshare_path(), "-m", "/bin/sh", "-c",
             "mount -t tmpfs -o size=700k tmpfs \"$1\" || exit 77; "
             "if [ \"$5\" = 1 ]; then \"$2\" --db \"$1/idx\" \"$3\" >/dev/null 2>&1 || exit 78; fi; "
             "\"$2\" --db \"$1/idx\" \"$4\"; code=$?; echo \"count=$(\"$6\" --db \"$1/idx\" harbour --count)\"; exit $code",
             "sh", mnt, lede_index(), c.input + "/esc.jsonl", big, update ? "1" : "0", lede_search()});
        INFO("update " << update << ": " << r.err << r.out);
        if (r.code == 77) LEDE_SKIP("cannot mount a tmpfs here");
        CHECK(r.code == 2);
        CHECK(r.err.find("disk full") != std::string::npos);
        CHECK(r.err.find("'" + mnt + "/idx'") != std::string::npos);
        if (update) CHECK(r.out.find("count=2\n") != std::string::npos); // the last commit is intact
    }
}

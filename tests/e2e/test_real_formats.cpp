// SPDX-License-Identifier: MIT
// Archives written by other programs (../shared/corpora/real-formats: WARC crawlers', mail programs'
// and feed readers' test data), indexed and checked against an independent reader of the same files
// (tests/e2e/independent-read: Python's email, mailbox, zlib and xml.etree), plus the small files of
// tests/data/real-formats that pin each finding of issue 19.
#include "../catch.hpp"
#include "run.hpp"

#include <nlohmann/json.hpp>
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

// SPDX-License-Identifier: MIT
// Sharded indexes on the sample corpus (issue 10): lede-index --shards / --shard-by year, updates
// and deletions routed to the owning shard, searches equal to one index's, remote shards written
// through xapian-tcpsrv --writable, and what Lede's own features do across local and remote shards.
#include "../catch.hpp"
#include "json_schema.hpp"
#include "run.hpp"
#include "shard_helpers.hpp"

#include "schema.hpp"

#include <nlohmann/json.hpp>
#include <xapian.h>

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <memory>
#include <thread>

using namespace lede::e2e;
using json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string sample() { return (source_dir() / "corpora" / "sample" / "articles.jsonl").string(); }

RunResult index(const std::vector<std::string>& args) {
    std::vector<std::string> argv{lede_index()};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv);
}

// lede-search --json output with the timing taken out, for comparing two indexes.
json search_json(const std::string& db, const std::vector<std::string>& args) {
    std::vector<std::string> argv{lede_search(), "--db", db, "--json"};
    argv.insert(argv.end(), args.begin(), args.end());
    const RunResult r = run(argv);
    INFO(r.err);
    REQUIRE((r.code == 0 || r.code == 1));
    json out = json::array();
    for (const auto& l : lines(r.out)) {
        json j = json::parse(l);
        j["data"].erase("seconds");
        out.push_back(j);
    }
    return out;
}

// Scores rounded to 1e-6 relative, so that equal rankings compare equal.
void round_scores(json& j) {
    for (auto& line : j)
        if (line["data"].contains("score")) {
            const double s = line["data"]["score"].get<double>();
            const double scale = std::pow(10.0, 6 - std::ceil(std::log10(std::fabs(s) + 1e-300)));
            line["data"]["score"] = std::round(s * scale) / scale;
        }
}

} // namespace

TEST_CASE("lede-index --shards 3 places each article in one shard, and re-runs, updates and deletes there", "[shards]") {
    TempDir dir;
    const std::string one = dir / "one.idx", three = dir / "three.idx", file = dir / "articles.jsonl";
    fs::copy_file(sample(), file);
    REQUIRE(index({"--db", one, "--quiet", file}).code == 0);
    const RunResult made = index({"--db", three, "--shards", "3", file});
    INFO(made.err);
    REQUIRE(made.code == 0);
    CHECK(made.err.find("65 added") != std::string::npos);
    const auto shards = shard_dirs(three);
    REQUIRE(shards.size() == 3);
    CHECK(fs::path(shards[0]).filename() == "shard-00");
    // Every article in exactly one shard, each shard holding some.
    Xapian::Database single(one);
    std::size_t total = 0;
    for (const auto& s : shards) {
        const auto n = Xapian::Database(s).get_doccount();
        CHECK(n > 5);
        total += n;
    }
    CHECK(total == single.get_doccount());
    for (auto t = single.allterms_begin("Q"); t != single.allterms_end("Q"); ++t) {
        int in = 0;
        for (const auto& s : shards) in += holds(s, (*t).substr(1));
        CHECK(in == 1);
    }

    // Searches over the directory (Xapian's stub) equal the single index's, Lede's features included.
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"cocoa"}, {"--no-collapse", "central bank"}, {"--facets", "--timeline", "year", "strike"},
          {"--like", "smp-0019"}, {"--passages", "harbour"}, {"cocoo"}, {"--all", "port strike"}}) {
        INFO(args.back());
        json a = search_json(one, args), b = search_json(three, args);
        round_scores(a);
        round_scores(b);
        CHECK(a == b);
    }

    // A re-run needs no --shards and finds everything unchanged; another count is refused.
    RunResult again = index({"--db", three, file});
    CHECK(again.code == 0);
    CHECK(again.err.find("0 added, 0 updated, 65 unchanged") != std::string::npos);
    again = index({"--db", three, "--shards", "4", file});
    CHECK(again.code == 2);
    CHECK(again.err == "lede-index: '" + three + "' has 3 shards, not 4; to change the number of shards, index the "
                                                "articles into a new directory\n");

    // An edited article is replaced in its shard; a deleted one leaves its shard.
    {
        std::ifstream in(sample());
        std::ofstream out(file, std::ios::trunc);
        std::string line;
        while (std::getline(in, line)) {
            json j = json::parse(line);
            if (j["id"] == "smp-0001") j["title"] = "Dockers back at work in Eastmere";
            if (j["id"] != "smp-0002") out << j.dump() << '\n';
        }
    }
    again = index({"--db", three, file});
    INFO(again.err);
    CHECK(again.code == 0);
    CHECK(again.err.find("0 added, 1 updated, 63 unchanged, 1 deleted") != std::string::npos);
    CHECK_FALSE(holds(three, "smp-0002"));
    again = index({"--db", three, "--delete", "smp-0003"});
    CHECK(again.code == 0);
    CHECK(again.err.find("1 deleted, 0 failed; 63 articles") != std::string::npos);
    int with_0001 = 0, with_0003 = 0;
    for (const auto& s : shards) {
        with_0001 += holds(s, "smp-0001");
        with_0003 += holds(s, "smp-0003");
    }
    CHECK(with_0001 == 1);
    CHECK(with_0003 == 0);
    const RunResult hit = run({lede_search(), "--db", three, "--ids", "Dockers Eastmere"});
    CHECK(lines(hit.out).at(0) == "smp-0001");
}

TEST_CASE("lede-index --shard-by year moves an article whose date changed year out of the old year's shard", "[shards]") {
    TempDir dir;
    const std::string idx = dir / "years.idx", file = dir / "a.jsonl";
    auto write = [&](const std::string& date_of_0001) {
        std::ifstream in(sample());
        std::ofstream out(file);
        std::string line;
        while (std::getline(in, line)) {
            json j = json::parse(line);
            if (j["id"] == "smp-0001") j["date"] = date_of_0001;
            out << j.dump() << '\n';
        }
    };
    write("2019-03-21");
    REQUIRE(index({"--db", idx, "--shard-by", "year", "--quiet", file}).code == 0);
    REQUIRE(holds(idx + "/year-2019", "smp-0001"));
    write("1990-01-01");
    const RunResult r = index({"--db", idx, file});
    INFO(r.err);
    CHECK(r.code == 0);
    CHECK(r.err.find("0 added, 1 updated, 64 unchanged, 0 deleted") != std::string::npos);
    CHECK(holds(idx + "/year-1990", "smp-0001"));
    CHECK_FALSE(holds(idx + "/year-2019", "smp-0001"));
    CHECK(Xapian::Database(idx).get_doccount() == 65);
    const RunResult d = index({"--db", idx, "--delete", "smp-0001"});
    CHECK(d.err.find("1 deleted") != std::string::npos);
    CHECK_FALSE(holds(idx + "/year-1990", "smp-0001"));
}

TEST_CASE("lede-index writes to remote shards served by xapian-tcpsrv --writable", "[shards]") {
    if (!fs::exists("/usr/bin/xapian-tcpsrv")) {
        WARN("xapian-tcpsrv not installed: remote writable shards not tested");
        return;
    }
    TempDir dir;
    // The first 30 articles locally, the other 35 through the servers; then the same as one local run.
    const std::string a1 = dir / "a1.jsonl", a2 = dir / "a2.jsonl";
    {
        std::ifstream in(sample());
        std::ofstream o1(a1), o2(a2);
        std::string line;
        for (int n = 0; std::getline(in, line); ++n) (n < 30 ? o1 : o2) << line << '\n';
    }
    const std::string served = dir / "served.idx", ref = dir / "ref.idx";
    REQUIRE(index({"--db", served, "--shards", "2", "--quiet", a1}).code == 0);
    REQUIRE(index({"--db", ref, "--shards", "2", "--quiet", a1, a2}).code == 0);
    {
        std::vector<std::unique_ptr<Process>> servers;
        std::vector<unsigned> ports;
        for (const auto& s : shard_dirs(served)) {
            ports.push_back(free_port());
            servers.push_back(std::make_unique<Process>(std::vector<std::string>{
                "/usr/bin/xapian-tcpsrv", "--quiet", "--interface", "127.0.0.1", "--port", std::to_string(ports.back()),
                "--writable", s}));
        }
        for (std::size_t i = 0; i < ports.size(); ++i) {
            const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
            while (!accepts(ports[i])) {
                REQUIRE(servers[i]->running());
                REQUIRE(std::chrono::steady_clock::now() < until);
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
            }
        }
        const std::string stub = dir / "writable.stub";
        {
            std::ofstream out(stub);
            for (auto p : ports) out << "remote 127.0.0.1:" << p << '\n';
        }
        const RunResult r = index({"--db", stub, a2});
        INFO(r.err);
        CHECK(r.code == 0);
        CHECK(r.err.find("35 added") != std::string::npos);
        CHECK(r.err.find("no spelling table") != std::string::npos);
        const RunResult again = index({"--db", stub, "--force", a2});
        CHECK(again.err.find("0 added, 0 updated, 35 unchanged") != std::string::npos);
        // The servers end here (Process kills them), releasing the write locks.
    }
    // Each article in the shard a local run puts it in.
    const auto s = shard_dirs(served), r = shard_dirs(ref);
    for (std::size_t i = 0; i < s.size(); ++i) {
        Xapian::Database a(s[i]), b(r[i]);
        CHECK(a.get_doccount() == b.get_doccount());
        for (auto t = b.allterms_begin("Q"); t != b.allterms_end("Q"); ++t) CHECK(a.term_exists(*t));
    }
}

TEST_CASE("lede-search names a shard it cannot open, or with --allow-partial searches the others", "[shards]") {
    TempDir dir;
    const std::string idx = dir / "s.idx";
    REQUIRE(index({"--db", idx, "--shards", "2", "--quiet", sample()}).code == 0);
    const std::string stub = dir / "broken.stub";
    {
        std::ofstream out(stub);
        out << "auto " << idx << "/shard-00\n"
            << "remote 127.0.0.1:" << free_port() << '\n';
    }
    const RunResult fail = run({lede_search(), "--db", stub, "cocoa"});
    CHECK(fail.code == 2);
    CHECK(fail.err.find("(line 2 of the stub) cannot be reached") != std::string::npos);
    const RunResult part = run({lede_search(), "--db", stub, "--allow-partial", "--json", "cocoa"});
    CHECK(part.code == 0);
    CHECK(part.err.find("lede-search: warning: shard 'remote 127.0.0.1:") == 0);
    const json summary = json::parse(lines(part.out).back());
    CHECK(summary["data"]["partial"] == true);
    CHECK(summary["data"]["unavailable_shards"].size() == 1);
    const auto schema = lede::e2e::JsonSchema::load(source_dir() / "docs" / "json-schema" / "lede-search.schema.json");
    for (const auto& l : lines(part.out)) {
        INFO(l);
        CHECK(schema.validate(json::parse(l), "#/$defs/json_line").empty());
    }
    const RunResult whole = run({lede_search(), "--db", idx, "--json", "cocoa"});
    CHECK(json::parse(lines(whole.out).back())["data"].count("partial") == 0);
}

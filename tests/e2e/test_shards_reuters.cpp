// SPDX-License-Identifier: MIT
// Sharded search over Xapian's remote backend (issue 10): Reuters in 4 shards served by 4
// xapian-tcpsrv on loopback answers 200 drawn queries as the single index does; a killed server
// is named (exit 2), or left out with --allow-partial.
#include "../catch.hpp"
#include "run.hpp"
#include "shard_helpers.hpp"

#include "schema.hpp"

#include <nlohmann/json.hpp>
#include <xapian.h>

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <csignal>
#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <thread>

using namespace lede::e2e;
using json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string reuters_db() { return std::string(LEDE_TESTDATA_DIR) + "/reuters.idx"; }
// Under the sanitizers (LEDE_TEST_LIGHT) the first 8,000 articles, in shards and in one index.
std::string reuters_jsonl() {
    const std::string full = std::string(LEDE_TESTDATA_DIR) + "/reuters.jsonl";
    return light_tests() ? first_lines(full, 8000) : full;
}

// Letters-only words of 4 to 12 bytes, lowercased.
std::vector<std::string> words_of(const std::string& text) {
    std::vector<std::string> out;
    std::string w;
    auto flush = [&] {
        if (w.size() >= 4 && w.size() <= 12) out.push_back(w);
        w.clear();
    };
    for (unsigned char c : text) {
        if (std::isalpha(c)) w += static_cast<char>(std::tolower(c));
        else flush();
    }
    flush();
    return out;
}

// 200 queries drawn (fixed seed) from the corpus: 50 each of a word, A OR B, A AND B, "A B" (two
// adjacent words of an article).
std::vector<std::string> draw_queries() {
    std::ifstream in(reuters_jsonl());
    REQUIRE(in);
    std::vector<std::vector<std::string>> texts;
    std::string line;
    while (std::getline(in, line)) {
        const json j = json::parse(line);
        std::vector<std::string> w = words_of(j.value("title", "") + " " + j.value("body", ""));
        if (w.size() >= 2) texts.push_back(std::move(w));
    }
    REQUIRE(texts.size() > 1000);
    std::mt19937_64 rng(20261128);
    auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
    auto word = [&] {
        const auto& t = texts[pick(texts.size())];
        return t[pick(t.size())];
    };
    // Under the sanitizers (LEDE_TEST_LIGHT) 20 of each kind: the same comparison, a quarter of the time.
    const int each = light_tests() ? 20 : 50;
    std::vector<std::string> q;
    for (int i = 0; i < each; ++i) q.push_back(word());
    for (int i = 0; i < each; ++i) q.push_back(word() + " OR " + word());
    for (int i = 0; i < each; ++i) q.push_back(word() + " AND " + word());
    for (int i = 0; i < each; ++i) {
        const auto& t = texts[pick(texts.size())];
        const std::size_t k = pick(t.size() - 1);
        q.push_back("\"" + t[k] + " " + t[k + 1] + "\"");
    }
    return q;
}

struct Hit {
    std::string id;
    double score;
};

// lede-search --batch over `db`: per query, its hits (id, score) in rank order.
std::vector<std::vector<Hit>> batch(const std::string& db, const std::vector<std::string>& queries, std::size_t limit,
                                    const std::vector<std::string>& extra = {}) {
    std::string input;
    // No collapsing: of identical copies (equal scores), which one stands for the story follows
    // the docid order, which sharding changes.
    for (const auto& q : queries) input += json{{"query", q}, {"limit", limit}, {"collapse", false}}.dump() + "\n";
    std::vector<std::string> argv{lede_search(), "--db", db, "--batch", "--jobs", "1", "--fields", "id,score"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    const RunResult r = run(argv, input);
    INFO(r.err);
    REQUIRE((r.code == 0 || r.code == 1));
    std::vector<std::vector<Hit>> out;
    for (const auto& l : lines(r.out)) {
        const json a = json::parse(l);
        INFO(l);
        REQUIRE_FALSE(a.contains("error"));
        std::vector<Hit> hits;
        for (const auto& h : a.at("hits")) hits.push_back({h.at("id").get<std::string>(), h.at("score").get<double>()});
        out.push_back(std::move(hits));
    }
    REQUIRE(out.size() == queries.size());
    return out;
}

bool same_score(double a, double b) { return std::fabs(a - b) <= 1e-6 * std::max(std::fabs(a), std::fabs(b)); }

/// Servers for the shards of a sharded index, one xapian-tcpsrv each on a free loopback port,
/// killed when this dies (also when a check fails).
struct Servers {
    std::vector<std::unique_ptr<Process>> procs;
    std::vector<unsigned> ports;

    Servers(const std::vector<std::string>& shard_dirs, bool writable = false) {
        for (const auto& dir : shard_dirs) {
            const unsigned port = free_port();
            std::vector<std::string> argv{"/usr/bin/xapian-tcpsrv", "--quiet", "--interface", "127.0.0.1", "--port",
                                          std::to_string(port)};
            if (writable) argv.push_back("--writable");
            argv.push_back(dir);
            procs.push_back(std::make_unique<Process>(argv));
            ports.push_back(port);
        }
        for (std::size_t i = 0; i < ports.size(); ++i) {
            const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
            while (!accepts(ports[i])) {
                REQUIRE(procs[i]->running());
                REQUIRE(std::chrono::steady_clock::now() < until);
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
            }
        }
    }

    void write_stub(const std::string& path) const {
        std::ofstream out(path);
        for (auto p : ports) out << "remote 127.0.0.1:" << p << '\n';
    }
};

} // namespace

TEST_CASE("Reuters in 4 shards behind 4 xapian-tcpsrv ranks 200 queries as the single index does", "[shards][e2e][heavy]") {
    if (!fs::exists("/usr/bin/xapian-tcpsrv")) {
        WARN("xapian-tcpsrv not installed (xapian-tools): remote shards not tested");
        return;
    }
    TempDir dir;
    const std::string index = dir / "reuters-4.idx";
    const RunResult made = run({lede_index(), "--db", index, "--shards", "4", "--quiet", reuters_jsonl()});
    INFO(made.err);
    REQUIRE(made.code == 0);
    const std::vector<std::string> shards = shard_dirs(index);
    REQUIRE(shards.size() == 4);
    // The single index: the fixture's, or (light) one of the same sample.
    std::string single_db = reuters_db();
    if (light_tests()) {
        single_db = dir / "single.idx";
        const RunResult one = run({lede_index(), "--db", single_db, "--quiet", reuters_jsonl()});
        REQUIRE(one.code == 0);
    }
    {
        Xapian::Database single(single_db);
        Xapian::doccount total = 0;
        for (const auto& s : shards) {
            const Xapian::doccount n = Xapian::Database(s).get_doccount();
            CHECK(n > single.get_doccount() / 5); // the hash spreads the articles
            total += n;
        }
        CHECK(total == single.get_doccount());
    }

    Servers servers(shards);
    const std::string stub = dir / "remote.stub";
    servers.write_stub(stub);

    const std::vector<std::string> queries = draw_queries();
    const auto want = batch(single_db, queries, 50);
    const auto got = batch(stub, queries, 50);
    std::size_t with_hits = 0, tied_at_cut = 0;
    for (std::size_t i = 0; i < queries.size(); ++i) {
        INFO("query " << i << ": " << queries[i]);
        const auto& w = want[i];
        const auto& g = got[i];
        REQUIRE(g.size() == w.size());
        const std::size_t n = std::min<std::size_t>(10, w.size());
        with_hits += n > 0;
        for (std::size_t k = 0; k < n; ++k) {
            INFO("rank " << k + 1 << ": " << w[k].id << " " << w[k].score << " vs " << g[k].id << " " << g[k].score);
            CHECK(same_score(g[k].score, w[k].score));
        }
        // Equal scores are ordered by docid, which sharding renumbers: the ids are compared as sets
        // within each run of equal scores. A run cut by the top 10 is checked against the single
        // index's 50 results.
        std::size_t k = 0;
        while (k < n) {
            std::size_t e = k + 1;
            while (e < w.size() && same_score(w[e].score, w[k].score)) ++e;
            std::set<std::string> ws, gs;
            for (std::size_t j = k; j < std::min(e, n); ++j) gs.insert(g[j].id);
            if (e <= n) {
                for (std::size_t j = k; j < e; ++j) ws.insert(w[j].id);
                CHECK(gs == ws);
            } else {
                ++tied_at_cut;
                for (std::size_t j = k; j < e; ++j) ws.insert(w[j].id);
                for (const auto& id : gs) CHECK(ws.count(id) == 1);
            }
            k = e;
        }
    }
    CHECK(with_hits > queries.size() * 3 / 4);
    WARN(queries.size() << " queries, " << with_hits << " with hits, " << tied_at_cut
                        << " with a run of equal scores cut by the top 10");

    SECTION("a killed server is named (exit 2), or left out with --allow-partial") {
        const unsigned dead_port = servers.ports[1];
        servers.procs[1]->signal(SIGKILL);
        servers.procs[1]->wait();
        const std::string name = "remote 127.0.0.1:" + std::to_string(dead_port);

        const RunResult fail = run({lede_search(), "--db", stub, "--ids", "oil"});
        CHECK(fail.code == 2);
        CHECK(fail.out.empty());
        CHECK(fail.err.find("lede-search: shard '" + name + "' (line 2 of the stub) cannot be reached") == 0);
        CHECK(fail.err.find("--allow-partial") != std::string::npos);

        const RunResult part = run({lede_search(), "--db", stub, "--json", "--fields", "id,score", "--allow-partial",
                                    "-n", "50", "--no-collapse", "oil"});
        INFO(part.err);
        REQUIRE(part.code == 0);
        CHECK(part.err.find("lede-search: warning: shard '" + name + "' (line 2 of the stub) cannot be reached") == 0);
        const auto out = lines(part.out);
        REQUIRE(out.size() > 1);
        const json summary = json::parse(out.back());
        REQUIRE(summary.at("type") == "summary");
        CHECK(summary.at("data").at("partial") == true);
        REQUIRE(summary.at("data").at("unavailable_shards").size() == 1);
        CHECK(summary.at("data").at("unavailable_shards")[0].get<std::string>().find(name) != std::string::npos);
        // The hits are those of the three other shards, as a stub listing only them finds them.
        const std::string rest = dir / "rest.stub";
        {
            std::ofstream o(rest);
            for (std::size_t i : {0, 2, 3}) o << "auto " << shards[i] << '\n';
        }
        std::vector<std::string> ids;
        for (std::size_t i = 0; i + 1 < out.size(); ++i) {
            const std::string id = json::parse(out[i]).at("data").at("id");
            CHECK_FALSE(holds(shards[1], id));
            ids.push_back(id);
        }
        const RunResult local = run({lede_search(), "--db", rest, "--ids", "-n", "50", "--no-collapse", "oil"});
        REQUIRE(local.code == 0);
        CHECK(lines(local.out) == ids);

        // Batch answers carry the same flag.
        const RunResult b = run({lede_search(), "--db", stub, "--batch", "--allow-partial"}, "oil\n");
        REQUIRE(b.code == 0);
        CHECK(json::parse(lines(b.out).at(0)).at("summary").at("partial") == true);
    }
}

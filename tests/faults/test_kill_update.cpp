// SPDX-License-Identifier: MIT
// Issue #18: kill -9 at random moments during an *update* of an existing index (edited, added and
// removed articles in files already recorded), not only while a new one is built. After each kill
// the index passes xapian-check and holds every id once (documents = distinct ids); a run to the
// end then gives exactly the edited corpus.
#include "../catch.hpp"
#include "run.hpp"

#include <xapian.h>

#include <chrono>
#include <csignal>
#include <fstream>
#include <random>
#include <string>
#include <thread>

using namespace lede::e2e;

namespace {

// `files` files of `per_file` articles; in version 2 every third article is edited, every fifth
// is gone and each file gains 100 new ones.
void write_corpus(const TempDir& t, int files, int per_file, int version) {
    static const char* words[] = {"harbour", "strike", "cocoa", "rain", "bank", "rates", "council", "vote",
                                  "river", "flood", "mine", "coal", "port", "grain", "ship", "court"};
    std::mt19937 rng(7 + version);
    for (int f = 0; f < files; ++f) {
        std::ofstream out(t / ("feed-" + std::to_string(f) + ".jsonl"));
        const int n = per_file + (version == 2 ? 100 : 0);
        for (int i = 0; i < n; ++i) {
            if (version == 2 && i < per_file && i % 5 == 0) continue;
            std::string body;
            for (int w = 0; w < 40; ++w) body += std::string(words[rng() % 16]) + " ";
            if (version == 2 && i % 3 == 0) body += "edited ";
            out << "{\"id\":\"f" << f << "-" << i << "\",\"title\":\"Story " << i << "\",\"body\":\"" << body << "\"}\n";
        }
    }
}

std::size_t expected_v2(int files, int per_file) {
    std::size_t kept = 0;
    for (int i = 0; i < per_file; ++i)
        if (i % 5 != 0) ++kept;
    return static_cast<std::size_t>(files) * (kept + 100);
}

void check_consistent(const std::string& db_path) {
    CHECK(run({"/usr/bin/xapian-check", db_path}).code == 0);
    Xapian::Database db(db_path);
    std::size_t ids = 0, dups = 0;
    for (auto t = db.allterms_begin("Q"); t != db.allterms_end("Q"); ++t) {
        ++ids;
        if (t.get_termfreq() != 1) ++dups;
    }
    CHECK(dups == 0);
    CHECK(db.get_doccount() == ids); // documents = distinct ids
}

} // namespace

TEST_CASE("kill -9 at random moments during an update: every id once, index intact", "[faults][kill]") {
    TempDir t;
    const int files = 8, per_file = 3000;
    write_corpus(t, files, per_file, 1);
    std::vector<std::string> inputs;
    for (int f = 0; f < files; ++f) inputs.push_back(t / ("feed-" + std::to_string(f) + ".jsonl"));
    const std::string db = t / "idx";
    std::vector<std::string> argv{lede_index(), "--db", db, "--quiet", "--batch", "300"};
    argv.insert(argv.end(), inputs.begin(), inputs.end());
    REQUIRE(run(argv).code == 0);
    REQUIRE(Xapian::Database(db).get_doccount() == static_cast<Xapian::doccount>(files * per_file));

    write_corpus(t, files, per_file, 2); // the update: edits, removals, additions in every file
    std::mt19937 rng(18);
    int killed = 0;
    for (int round = 0; round < 5; ++round) {
        Process p(argv);
        const int ms = 150 + static_cast<int>(rng() % 900);
        std::this_thread::sleep_for(std::chrono::milliseconds(ms));
        const bool was_running = p.running();
        if (was_running) {
            p.signal(SIGKILL);
            ++killed;
        }
        const RunResult r = p.wait();
        INFO("round " << round << " after " << ms << " ms: " << r.err);
        CHECK((r.code == 128 + SIGKILL || r.code == 0));
        check_consistent(db);
        if (!was_running) break; // it finished: nothing left to interrupt
    }
    CHECK(killed >= 3);
    const RunResult last = run(argv);
    INFO(last.err);
    REQUIRE(last.code == 0);
    check_consistent(db);
    CHECK(Xapian::Database(db).get_doccount() == expected_v2(files, per_file));
    // The edits are in: every third article of each file carries the word.
    const RunResult edited = run({lede_search(), "--db", db, "--count", "--", "edited"});
    std::size_t want = 0;
    for (int i = 0; i < per_file + 100; ++i)
        if (i % 3 == 0 && (i >= per_file || i % 5 != 0)) ++want;
    CHECK(edited.out == std::to_string(want * files) + "\n");
}

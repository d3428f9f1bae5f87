// SPDX-License-Identifier: MIT
// Issue #18, finding 1: a compressed input cut short must not read as a shorter file. Before the fix
// the decompression error inside the line reader read as the end of the file: exit 0, "0 failed",
// and every article after the cut deleted, the file recorded as read whole.
#include "../catch.hpp"
#include "run.hpp"

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

namespace fs = std::filesystem;
using namespace lede::e2e;

namespace {

// Articles of pseudo-random words (seeded: the same every run), so the compressed file is large
// enough to be cut in half with many articles on each side of the cut.
void write_articles(const std::string& path, int n, bool csv) {
    static const char* words[] = {"harbour", "strike", "cocoa", "rain", "bank", "rates", "council", "vote",
                                  "river", "flood", "mine", "coal", "port", "grain", "ship", "court"};
    std::mt19937 rng(42);
    std::ofstream out(path);
    if (csv) out << "id,title,body\n";
    for (int i = 0; i < n; ++i) {
        std::string body;
        for (int w = 0; w < 60; ++w) {
            body += words[rng() % 16];
            body += ' ';
            body += std::to_string(rng() % 100000);
            body += ' ';
        }
        if (csv)
            out << "art-" << i << ",Story " << i << "," << body << "\n";
        else
            out << "{\"id\":\"art-" << i << "\",\"title\":\"Story " << i << "\",\"body\":\"" << body << "\"}\n";
    }
}

long count_all(const std::string& db) {
    const RunResult r = run({lede_search(), "--db", db, "--count", "--", "story"});
    return r.code <= 1 ? std::stol(r.out) : -1;
}

bool have(const std::string& tool) {
    return run({"/bin/sh", "-c", "command -v " + tool + " >/dev/null"}).code == 0;
}

} // namespace

TEST_CASE("a compressed input cut short keeps every article and is reported damaged with a byte offset",
          "[faults][compressed]") {
    struct Case {
        const char* tool;
        const char* ext;
        bool csv;
    };
    const Case cases[] = {{"gzip", ".jsonl.gz", false}, {"xz", ".jsonl.xz", false}, {"zstd", ".jsonl.zst", false},
                          {"bzip2", ".jsonl.bz2", false}, {"gzip", ".csv.gz", true}};
    int tried = 0;
    for (const Case& c : cases) {
        if (!have(c.tool)) {
            WARN(std::string(c.tool) + " is not installed: " + c.ext + " not tried");
            continue;
        }
        ++tried;
        DYNAMIC_SECTION(c.ext) {
            TempDir t;
            const int n = 1500;
            const std::string plain = t / (std::string("news") + (c.csv ? ".csv" : ".jsonl"));
            write_articles(plain, n, c.csv);
            REQUIRE(run({"/bin/sh", "-c", std::string(c.tool) + " -c '" + plain + "' > '" + t / "news" + c.ext + "'"}).code == 0);
            const std::string packed = t / (std::string("news") + c.ext);
            fs::remove(plain);
            const std::string db = t / "idx";
            REQUIRE(run({lede_index(), "--db", db, "--quiet", packed}).code == 0);
            REQUIRE(count_all(db) == n);

            // Cut to half and run again: damaged, exit 1, the file named with a byte offset,
            // nothing deleted.
            const std::string whole = t / "whole";
            fs::copy_file(packed, whole);
            fs::resize_file(packed, fs::file_size(packed) / 2);
            RunResult r = run({lede_index(), "--db", db, packed});
            INFO(r.err);
            // Exit 1 when articles before the damage were read; 2 when the damage is so early that
            // nothing could be read (bzip2's first 900 kB block cut: libarchive refuses to open it).
            CHECK((r.code == 1 || r.code == 2));
            CHECK(r.err.find("news" + std::string(c.ext)) != std::string::npos);
            if (r.code == 1) CHECK(r.err.find("at byte ") != std::string::npos);
            CHECK(r.err.find(" 0 deleted") != std::string::npos);
            CHECK(count_all(db) == n);

            // The damaged file was not recorded as read: the next run reads (and reports) it again.
            r = run({lede_index(), "--db", db, packed});
            CHECK((r.code == 1 || r.code == 2));
            CHECK(r.err.find("news" + std::string(c.ext)) != std::string::npos);
            CHECK(count_all(db) == n);

            // Put back whole: read again, exit 0, all there.
            fs::remove(packed);
            fs::copy_file(whole, packed);
            r = run({lede_index(), "--db", db, packed});
            CHECK(r.code == 0);
            CHECK(count_all(db) == n);
        }
    }
    CHECK(tried > 0);
}

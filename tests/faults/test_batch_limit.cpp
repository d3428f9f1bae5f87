// SPDX-License-Identifier: MIT
// Issue #18, finding 9: one 50 MB request line killed the `lede-search --batch` co-process (the
// query parser takes about 110 bytes per query byte), so the lines after it got no answer. Now a
// request line is at most 1 MiB: a longer one is answered with an error without being held, and
// the batch goes on.
#include "../catch.hpp"
#include "run.hpp"

#include <sys/resource.h>

#include <fstream>
#include <string>

using namespace lede::e2e;

TEST_CASE("a 50 MB --batch request line is answered with an error and later lines still are", "[faults][batch]") {
    TempDir t;
    const std::string a = t / "a.jsonl";
    {
        std::ofstream out(a);
        for (int i = 0; i < 10; ++i) out << "{\"id\":\"f" << i << "\",\"title\":\"Ferry " << i << "\",\"body\":\"sails\"}\n";
    }
    const std::string db = t / "idx";
    REQUIRE(run({lede_index(), "--db", db, "--quiet", a}).code == 0);
    std::string input = "ferry\n";
    input.reserve(50u << 20 | 64);
    for (int i = 0; i < (25 << 20); ++i) input += "a ";
    input += "\n{\"id\":\"last\",\"query\":\"sails\"}\n";
    for (const char* jobs : {"1", "2"}) {
        DYNAMIC_SECTION("--jobs " << jobs) {
            const RunResult r = run({lede_search(), "--db", db, "--batch", "--jobs", jobs}, input);
            INFO(r.err);
            const auto out = lines(r.out);
            REQUIRE(out.size() == 3);
            CHECK(out[0].find("\"hits\"") != std::string::npos);
            CHECK(out[1] == "{\"id\":2,\"error\":\"request line of 52428800 bytes is longer than the limit of 1048576 "
                            "bytes; not read\"}");
            CHECK(out[2].find("\"id\":\"last\"") != std::string::npos);
            CHECK(out[2].find("\"hits\"") != std::string::npos);
            CHECK(r.code == 2); // a line answered with an error
            struct rusage ru {};
            getrusage(RUSAGE_CHILDREN, &ru);
            CHECK(ru.ru_maxrss / 1024 < 1024);
        }
    }
}

// SPDX-License-Identifier: MIT
// End-to-end checks on Reuters-21578, indexed once by the fixture.reuters_index CTest fixture.
#include "../catch.hpp"
#include "run.hpp"

#include <xapian.h>

#include <fstream>

using namespace lede::e2e;

namespace {

std::string reuters_db() { return std::string(LEDE_TESTDATA_DIR) + "/reuters.idx"; }
std::string reuters_jsonl() { return std::string(LEDE_TESTDATA_DIR) + "/reuters.jsonl"; }

} // namespace

TEST_CASE("every converted Reuters article is in the index", "[reuters]") {
    std::ifstream in(reuters_jsonl());
    std::size_t n = 0;
    for (std::string line; std::getline(in, line);) n += !line.empty();
    REQUIRE(n == 21577); // 21,578 records, one (NEWID 12793) without any text
    Xapian::Database db(reuters_db());
    CHECK(db.get_doccount() == n);
}

TEST_CASE("a common Reuters word finds many articles, exit 0", "[reuters]") {
    auto r = run({lede_search(), "--db", reuters_db(), "--count", "cocoa"});
    REQUIRE(r.code == 0);
    CHECK(std::stoul(r.out) > 50);
}

// SPDX-License-Identifier: MIT
// Shard routing (issue 10): the id hash is stable and spreads ids evenly; ShardSet creates,
// reopens and refuses what it should.
#include "../catch.hpp"
#include "../e2e/run.hpp"

#include "error.hpp"
#include "shards.hpp"

#include <filesystem>
#include <fstream>
#include <random>

using namespace lede;
namespace fs = std::filesystem;

namespace {

using e2e::TempDir;

} // namespace

TEST_CASE("the shard hash is FNV-1a 64 with a final mix, fixed for ever", "[shards]") {
    // Pinned: a sharded index made today must route the same ids to the same shards tomorrow.
    // FNV-1a 64 of "" is its offset basis and of "a" 0xaf63dc4c8601ec8c; the values below are
    // those two after splitmix64's finalizer.
    auto mix = [](std::uint64_t h) {
        h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ULL;
        h = (h ^ (h >> 27)) * 0x94d049bb133111ebULL;
        return h ^ (h >> 31);
    };
    CHECK(shard_hash("") == mix(0xcbf29ce484222325ULL));
    CHECK(shard_hash("a") == mix(0xaf63dc4c8601ec8cULL));
    CHECK(shard_hash("reuters-1") != shard_hash("reuters-2"));
}

TEST_CASE("the shard hash spreads similar ids evenly over the shards", "[shards]") {
    for (unsigned n : {2u, 3u, 4u, 7u, 16u}) {
        std::vector<std::size_t> count(n, 0);
        const std::size_t ids = 20000;
        for (std::size_t i = 0; i < ids; ++i) ++count[shard_hash("reuters-" + std::to_string(i)) % n];
        for (std::size_t c : count) {
            INFO(n << " shards: " << c);
            CHECK(c > ids / n * 9 / 10);
            CHECK(c < ids / n * 11 / 10);
        }
    }
}

TEST_CASE("a hash-sharded index is created with a stub Xapian opens and reopened as it is", "[shards]") {
    TempDir dir;
    const std::string idx = (dir.path() / "s.idx").string();
    {
        auto set = ShardSet::open(idx, 3, ShardBy::None, 0);
        CHECK(set->by() == ShardBy::Hash);
        REQUIRE(set->size() == 3);
        CHECK(set->name(1) == "auto shard-01");
        Article a;
        a.id = "smp-0001";
        CHECK(set->route(a) == shard_hash("smp-0001") % 3);
        CHECK(set->owner_of_id("smp-0001") == static_cast<long>(shard_hash("smp-0001") % 3));
    }
    std::ifstream stub(dir.path() / "s.idx" / "XAPIANDB");
    std::string text((std::istreambuf_iterator<char>(stub)), {});
    CHECK(text == "auto shard-00\nauto shard-01\nauto shard-02\n");
    CHECK(Xapian::Database(idx).get_doccount() == 0); // Xapian opens the directory as one database
    {
        auto set = ShardSet::open(idx, 0, ShardBy::None, 0); // a re-run needs no --shards
        CHECK(set->by() == ShardBy::Hash);
        CHECK(set->size() == 3);
    }
    CHECK_THROWS_AS(ShardSet::open(idx, 4, ShardBy::None, 0), UsageError);
    CHECK_THROWS_AS(ShardSet::open(idx, 0, ShardBy::Year, 0), UsageError);
    // Shards listed out of order would misroute every article.
    {
        std::ofstream out(dir.path() / "s.idx" / "XAPIANDB");
        out << "auto shard-01\nauto shard-00\nauto shard-02\n";
    }
    CHECK_THROWS_AS(ShardSet::open(idx, 0, ShardBy::None, 0), IndexError);
}

TEST_CASE("year shards are made as years arrive, undated articles apart", "[shards]") {
    TempDir dir;
    const std::string idx = (dir.path() / "y.idx").string();
    auto set = ShardSet::open(idx, 0, ShardBy::Year, 0);
    CHECK(set->size() == 0);
    Article a, b, c;
    a.date = "2024-05-01T00:00:00Z";
    b.date = "1987-02-26";
    CHECK(set->route(a) == 0);
    CHECK(set->route(b) == 1);
    CHECK(set->route(c) == 2);
    CHECK(set->route(a) == 0);
    CHECK(set->owner_of_id("x") == -1);
    set->create_pending();
    REQUIRE(set->size() == 3);
    CHECK(set->name(0) == "auto year-2024");
    CHECK(set->name(1) == "auto year-1987");
    CHECK(set->name(2) == "auto undated");
    set.reset();
    auto again = ShardSet::open(idx, 0, ShardBy::None, 0);
    CHECK(again->by() == ShardBy::Year);
    CHECK(again->route(b) == 1);
}

TEST_CASE("sharding refuses an existing one-database index and other directories", "[shards]") {
    TempDir dir;
    const std::string one = (dir.path() / "one.idx").string();
    ShardSet::open(one, 0, ShardBy::None, 0).reset(); // creates a plain index
    CHECK_THROWS_AS(ShardSet::open(one, 2, ShardBy::None, 0), UsageError);
    fs::create_directories(dir.path() / "other");
    std::ofstream(dir.path() / "other" / "notes.txt") << "x";
    CHECK_THROWS_AS(ShardSet::open((dir.path() / "other").string(), 2, ShardBy::None, 0), IndexError);
    CHECK_THROWS_AS(ShardSet::open((dir.path() / "n.idx").string(), 0, ShardBy::Hash, 0), UsageError);
}

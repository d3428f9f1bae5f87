// SPDX-License-Identifier: MIT
// Feedback's expand sets (searcher/feedback.hpp) against Xapian's own Enquire::get_eset, and the
// term frequency cache's invalidation on a new revision.
#include "../catch.hpp"

#include "feedback.hpp"

#include <xapian.h>

#include <cmath>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

using namespace lede;
namespace fs = std::filesystem;

namespace {

// Body stems as TextStems takes them ("Z" + a lower-case term), plus terms it leaves out.
bool body_stem(const std::string& t) { return t.size() >= 3 && t[0] == 'Z' && !(t[1] >= 'A' && t[1] <= 'Z'); }

struct Decider : Xapian::ExpandDecider {
    bool operator()(const std::string& t) const override { return body_stem(t); }
};

// Random documents over a small vocabulary, so that many terms tie on their statistics.
void fill(Xapian::WritableDatabase& db, std::mt19937& rng, int docs) {
    std::uniform_int_distribution<int> word(0, 150), len(1, 60), wdf(1, 4);
    for (int d = 0; d < docs; ++d) {
        Xapian::Document doc;
        const int n = len(rng);
        for (int i = 0; i < n; ++i) {
            const std::string w = "w" + std::to_string(word(rng));
            doc.add_term("Z" + w, static_cast<Xapian::termcount>(wdf(rng)));
            doc.add_term(w);
            if (i % 7 == 0) doc.add_term("ZS" + w); // a title stem: not an expand term
        }
        if (d % 5 == 0) doc.add_boolean_term("Ktag" + std::to_string(d % 3));
        db.add_document(doc);
    }
}

void check_against_xapian(const Xapian::Database& db, std::mt19937& rng, int rounds) {
    std::uniform_int_distribution<int> word(0, 150), rsize(1, 25), qlen(1, 3), ecount(1, 30);
    std::uniform_int_distribution<Xapian::docid> doc(1, db.get_lastdocid());
    TermFreqCache cache;
    for (int r = 0; r < rounds; ++r) {
        std::vector<Xapian::Query> words;
        for (int i = qlen(rng); i > 0; --i) words.emplace_back("Zw" + std::to_string(word(rng)));
        const Xapian::Query query(Xapian::Query::OP_OR, words.begin(), words.end());
        std::vector<Xapian::docid> docs;
        Xapian::RSet rset;
        for (int i = rsize(rng); i > 0; --i) {
            docs.push_back(doc(rng));
            rset.add_document(docs.back());
        }
        const auto count = static_cast<Xapian::termcount>(ecount(rng));
        Xapian::Enquire enquire(db);
        enquire.set_query(query);
        const Decider decider;
        const Xapian::ESet expected = enquire.get_eset(count, rset, &decider);
        const std::vector<ExpandTerm> got = expand_terms(db, docs, query, count, body_stem, cache);
        INFO("round " << r << ": " << query.get_description() << ", " << docs.size() << " documents, " << count << " terms");
        REQUIRE(got.size() == expected.size());
        std::size_t i = 0;
        for (auto it = expected.begin(); it != expected.end(); ++it, ++i) {
            CHECK(got[i].term == *it);
            CHECK(got[i].weight == it.get_weight()); // the same sums in the same order: bit for bit
        }
    }
}

} // namespace

TEST_CASE("expand sets have get_eset's terms, weights and order", "[feedback]") {
    std::mt19937 rng(7);
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    fill(db, rng, 400);
    check_against_xapian(db, rng, 300);
}

TEST_CASE("the term frequency cache follows the database's revision", "[feedback]") {
    const fs::path dir = fs::temp_directory_path() / ("lede-feedback-" + std::to_string(std::random_device{}()));
    std::mt19937 rng(11);
    {
        Xapian::WritableDatabase w(dir.string(), Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
        fill(w, rng, 200);
        w.commit();
    }
    Xapian::Database db(dir.string());
    check_against_xapian(db, rng, 100); // a glass database too

    TermFreqCache cache;
    REQUIRE(cache.sync(db));
    const Xapian::doccount before = cache.termfreq(db, "Zw1");
    CHECK(before == db.get_termfreq("Zw1"));
    CHECK(cache.size() == 1);
    REQUIRE(cache.sync(db)); // same revision: kept
    CHECK(cache.size() == 1);
    {
        Xapian::WritableDatabase w(dir.string(), Xapian::DB_OPEN);
        Xapian::Document doc;
        doc.add_term("Zw1");
        w.add_document(doc);
        w.commit();
    }
    db.reopen();
    REQUIRE(cache.sync(db)); // a new revision: forgotten, and read again
    CHECK(cache.size() == 0);
    CHECK(cache.termfreq(db, "Zw1") == before + 1);

    Xapian::WritableDatabase memory(std::string(), Xapian::DB_BACKEND_INMEMORY);
    CHECK_FALSE(cache.sync(memory)); // not a single glass database: nothing is cached
    CHECK(cache.size() == 0);
    db.close();
    fs::remove_all(dir);
}

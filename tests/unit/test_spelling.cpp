// SPDX-License-Identifier: MIT
// suggest_spelling's shortcuts (a scan that stops early, Xapian asked only when it can matter,
// the spelling table read from a SpellingCache) against a plain statement of its rule, on random
// vocabularies dense enough that most words have neighbours, with letters outside a-z.
#include "../catch.hpp"
#include "../e2e/run.hpp"

#include "spelling.hpp"

#include <xapian.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <cctype>
#include <sstream>
#include <set>
#include <fstream>
#include <random>
#include <string>
#include <vector>

using namespace lede;
namespace fs = std::filesystem;

namespace {

using e2e::TempDir;

// Letters as UTF-8: mostly a-e (so words are close to each other), a few outside a-z.
const std::vector<std::string> letters{"a", "b", "c", "d", "e", "a", "b", "c", "é", "ж", "ß"};

std::vector<std::string> split(const std::string& w) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < w.size();) {
        std::size_t n = 1;
        const auto c = static_cast<unsigned char>(w[i]);
        if (c >= 0xF0) n = 4;
        else if (c >= 0xE0) n = 3;
        else if (c >= 0xC0) n = 2;
        out.push_back(w.substr(i, n));
        i += n;
    }
    return out;
}

std::string join(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += x;
    return s;
}

// The rule, stated plainly: the candidates are Xapian's suggestion, every word one edit away
// with another first letter (a-z and the word's letters), and every word with the same first
// letter; among those with at least min_freq within the distance, the closest, then the most
// frequent, then the first in byte order, unless a rarer candidate is closer still.
std::string reference(const Xapian::Database& db, const std::string& word, unsigned max_d, Xapian::doccount min_freq) {
    const std::vector<std::string> w = split(word);
    if (w.size() < 2 || word.size() > 64) return {};
    min_freq = std::max<Xapian::doccount>(min_freq, 1);
    std::map<std::string, Xapian::doccount> candidates;
    const std::string xapian = db.get_spelling_suggestion(word, max_d);
    if (!xapian.empty()) candidates[xapian] = spelling_frequency(db, xapian);
    if (max_d >= 1) {
        std::vector<std::string> alphabet(w.begin(), w.end());
        for (char c = 'a'; c <= 'z'; ++c) alphabet.emplace_back(1, c);
        std::vector<std::string> edits;
        if (w[1] != w[0]) {
            edits.push_back(join(std::vector<std::string>(w.begin() + 1, w.end())));
            std::vector<std::string> x = w;
            std::swap(x[0], x[1]);
            edits.push_back(join(x));
        }
        for (const auto& c : alphabet) {
            if (c == w[0]) continue;
            std::vector<std::string> x = w;
            x[0] = c;
            edits.push_back(join(x));
            edits.push_back(c + word);
        }
        for (const auto& e : edits)
            if (const Xapian::doccount f = spelling_frequency(db, e)) candidates[e] = f;
    }
    for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it)
        if ((*it).compare(0, w[0].size(), w[0]) == 0) candidates[*it] = it.get_termfreq();
    std::string best;
    unsigned best_d = max_d + 1, rare_d = max_d + 1;
    Xapian::doccount best_f = 0;
    for (const auto& [c, f] : candidates) { // byte order: the first of equals stays
        if (c == word || f == 0) continue;
        const unsigned d = edit_distance(word, c);
        if (f < min_freq) {
            rare_d = std::min(rare_d, d);
        } else if (d <= max_d && (d < best_d || (d == best_d && f > best_f))) {
            best = c;
            best_d = d;
            best_f = f;
        }
    }
    return rare_d < best_d ? std::string() : best;
}

std::string random_word(std::mt19937& rng, std::size_t min_len, std::size_t max_len) {
    std::uniform_int_distribution<std::size_t> len(min_len, max_len), letter(0, letters.size() - 1);
    std::string s;
    for (std::size_t n = len(rng); n > 0; --n) s += letters[letter(rng)];
    return s;
}

// One random edit of a word (in letters), or two.
std::string mutate(std::mt19937& rng, const std::string& word) {
    std::vector<std::string> w = split(word);
    std::uniform_int_distribution<std::size_t> letter(0, letters.size() - 1);
    const int edits = std::uniform_int_distribution<int>(1, 2)(rng);
    for (int e = 0; e < edits && !w.empty(); ++e) {
        const std::size_t i = std::uniform_int_distribution<std::size_t>(0, w.size() - 1)(rng);
        switch (std::uniform_int_distribution<int>(0, 3)(rng)) {
        case 0: w.erase(w.begin() + static_cast<long>(i)); break;
        case 1: w.insert(w.begin() + static_cast<long>(i), letters[letter(rng)]); break;
        case 2: w[i] = letters[letter(rng)]; break;
        default:
            if (i + 1 < w.size()) std::swap(w[i], w[i + 1]);
        }
    }
    return join(w);
}

} // namespace

TEST_CASE("spelling: the shortcuts and the cache give the plain rule's answer on random vocabularies", "[searcher]") {
    std::mt19937 rng(2026);
    std::size_t compared = 0, suggested = 0;
    for (int round = 0; round < 6; ++round) {
        TempDir dir;
        Xapian::WritableDatabase db((dir.path() / "spell.db").string(), Xapian::DB_CREATE);
        std::vector<std::string> vocabulary;
        const std::size_t size = round < 3 ? 150 : 600;
        for (std::size_t i = 0; i < size; ++i) {
            const std::string w = random_word(rng, 2, 7);
            db.add_spelling(w, std::uniform_int_distribution<Xapian::termcount>(1, 60)(rng));
            vocabulary.push_back(w);
        }
        db.commit();
        Xapian::Database reader((dir.path() / "spell.db").string());
        SpellingCache cache;
        REQUIRE(cache.sync(reader));
        for (int q = 0; q < 300; ++q) {
            const std::string base = vocabulary[std::uniform_int_distribution<std::size_t>(0, size - 1)(rng)];
            const std::string word = q % 5 == 0 ? base : q % 7 == 0 ? random_word(rng, 2, 8) : mutate(rng, base);
            const Xapian::doccount freq = spelling_frequency(reader, word);
            const Xapian::doccount min_freq = q % 3 == 0 ? 1 : freq > 0 ? 10 * freq : std::uniform_int_distribution<Xapian::doccount>(1, 40)(rng);
            for (unsigned max_d : {2u, 1u}) {
                const std::string want = reference(reader, word, max_d, min_freq);
                INFO("word '" << word << "', min_freq " << min_freq << ", max distance " << max_d);
                CHECK(suggest_spelling(reader, word, max_d, min_freq) == want);
                CHECK(suggest_spelling(reader, word, max_d, min_freq, &cache) == want);
                ++compared;
                if (!want.empty()) ++suggested;
            }
        }
    }
    CHECK(suggested > compared / 4); // the vocabularies are dense enough to test something
}

TEST_CASE("spelling: the shortcuts and the cache give the plain rule's answer on Reuters' vocabulary", "[searcher][corpora]") {
    // A real vocabulary (third-party text, not words made here): the lower-cased letter runs of
    // Reuters-21578's first file, each counted once per article, as lede-index feeds the table.
    std::filesystem::path root = std::filesystem::path(LEDE_SOURCE_DIR).parent_path() / "shared" / "corpora";
    if (const char* env = std::getenv("LEDE_SHARED_CORPORA")) root = env;
    std::ifstream in(root / "reuters21578" / "reut2-000.sgm", std::ios::binary);
    if (!in) {
        WARN("../shared/corpora/reuters21578 not found: skipped");
        return;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string sgm = ss.str();
    TempDir dir;
    Xapian::WritableDatabase db((dir.path() / "spell.db").string(), Xapian::DB_CREATE);
    std::vector<std::string> vocabulary;
    std::size_t articles = 0;
    for (std::size_t b = sgm.find("<BODY>"); b != std::string::npos; b = sgm.find("<BODY>", b)) {
        const std::size_t e = sgm.find("</BODY>", b);
        if (e == std::string::npos) break;
        std::set<std::string> words;
        std::string w;
        for (std::size_t i = b + 6; i <= e; ++i) {
            const char c = i < e ? sgm[i] : ' ';
            if (std::isalpha(static_cast<unsigned char>(c))) w += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            else if (!w.empty()) words.insert(std::move(w)), w.clear();
        }
        for (const auto& x : words)
            if (x.size() >= 2) db.add_spelling(x);
        vocabulary.insert(vocabulary.end(), words.begin(), words.end());
        ++articles;
        b = e;
    }
    db.commit();
    REQUIRE(articles > 500);
    Xapian::Database reader((dir.path() / "spell.db").string());
    SpellingCache cache;
    REQUIRE(cache.sync(reader));
    std::mt19937 rng(21578);
    std::size_t compared = 0, suggested = 0;
    for (int q = 0; q < 200; ++q) {
        std::string base;
        while (base.size() < 4) base = vocabulary[std::uniform_int_distribution<std::size_t>(0, vocabulary.size() - 1)(rng)];
        const std::string word = q % 5 == 0 ? base : mutate(rng, base);
        const Xapian::doccount freq = spelling_frequency(reader, word);
        const Xapian::doccount min_freq = freq > 0 ? 10 * freq : 1;
        const std::string want = reference(reader, word, 2, min_freq);
        INFO("word '" << word << "', min_freq " << min_freq);
        CHECK(suggest_spelling(reader, word, 2, min_freq) == want);
        CHECK(suggest_spelling(reader, word, 2, min_freq, &cache) == want);
        ++compared;
        if (!want.empty()) ++suggested;
    }
    CHECK(suggested > compared / 4);
    // Most of those answers came from the whole table kept in memory: it is the table, word for
    // word and count for count.
    const SpellingCache::Vocabulary* kept = cache.vocabulary(reader);
    REQUIRE(kept != nullptr);
    std::size_t words = 0;
    for (auto it = reader.spellings_begin(); it != reader.spellings_end(); ++it, ++words) {
        const auto found = kept->find(*it);
        REQUIRE(found != kept->end());
        CHECK(found->second == it.get_termfreq());
    }
    CHECK(kept->size() == words);
}

TEST_CASE("spelling: the cache follows the database to a new revision", "[searcher]") {
    TempDir dir;
    const std::string path = (dir.path() / "spell.db").string();
    Xapian::WritableDatabase db(path, Xapian::DB_CREATE);
    db.add_spelling("trade", 5);
    db.commit();
    Xapian::Database reader(path);
    SpellingCache cache;
    REQUIRE(cache.sync(reader));
    CHECK(suggest_spelling(reader, "trode", 2, 1, &cache) == "trade");
    db.add_spelling("tride", 50);
    db.add_spelling("жrade", 90); // one edit, a first letter outside a-z: Xapian finds it
    db.commit();
    reader.reopen();
    REQUIRE(cache.sync(reader));
    CHECK(suggest_spelling(reader, "trode", 2, 1, &cache) == "tride");
    CHECK(suggest_spelling(reader, "xrade", 2, 1, &cache) == reference(reader, "xrade", 2, 1));
    // A database of shards cannot be cached (no single revision): the answer comes from the table.
    Xapian::Database both(path);
    both.add_database(Xapian::Database(path));
    CHECK_FALSE(cache.sync(both));
}

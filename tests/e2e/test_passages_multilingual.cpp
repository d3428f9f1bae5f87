// SPDX-License-Identifier: MIT
// Passages and highlights through lede-search --json in every language of news-multilingual:
// widths kept, spans on UTF-8 and grapheme cluster boundaries, passages cut between clusters.
#include "../catch.hpp"
#include "analyzer.hpp"
#include "run.hpp"

#include <nlohmann/json.hpp>
#include <unicode/brkiter.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>

using namespace lede::e2e;
using nlohmann::json;

namespace {

struct Doc {
    std::string id, body;
};

// The PUD treebank's `# text =` sentences, grouped into articles by document (the first six
// characters of sent_id, e.g. n01001), in file order.
std::vector<Doc> read_conllu(const std::filesystem::path& file, bool spaced) {
    std::ifstream in(file);
    std::vector<Doc> docs;
    std::string doc_id;
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("# sent_id = ", 0) == 0) doc_id = line.substr(12, 6);
        if (line.rfind("# text = ", 0) != 0) continue;
        const std::string text = line.substr(9);
        if (docs.empty() || docs.back().id != doc_id) docs.push_back({doc_id, {}});
        if (!docs.back().body.empty() && spaced) docs.back().body += ' ';
        docs.back().body += text;
    }
    return docs;
}

std::vector<bool> grapheme_boundaries(std::string_view text) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> it(icu::BreakIterator::createCharacterInstance(icu::Locale::getRoot(), status));
    UText ut = UTEXT_INITIALIZER;
    utext_openUTF8(&ut, text.data(), static_cast<int64_t>(text.size()), &status);
    it->setText(&ut, status);
    REQUIRE(U_SUCCESS(status));
    std::vector<bool> at(text.size() + 1, false);
    for (int32_t b = it->first(); b != icu::BreakIterator::DONE; b = it->next()) at[static_cast<std::size_t>(b)] = true;
    utext_close(&ut);
    return at;
}

bool valid_utf8(std::string_view s) {
    UErrorCode status = U_ZERO_ERROR;
    int32_t n = 0;
    u_strFromUTF8(nullptr, 0, &n, s.data(), static_cast<int32_t>(s.size()), &status);
    return status == U_BUFFER_OVERFLOW_ERROR || U_SUCCESS(status);
}

std::size_t code_points(std::string_view s) {
    std::size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

std::string_view core(std::string_view text) {
    constexpr std::string_view ell = "\u2026";
    if (text.substr(0, ell.size()) == ell) text.remove_prefix(ell.size());
    if (text.size() >= ell.size() && text.substr(text.size() - ell.size()) == ell) text.remove_suffix(ell.size());
    return text;
}

// A small deterministic generator (the standard distributions differ between libraries).
struct Lcg {
    std::uint64_t state;
    std::size_t below(std::size_t n) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<std::size_t>((state >> 33) % n);
    }
};

} // namespace

TEST_CASE("passages and highlights keep UTF-8, grapheme and width promises in every language", "[e2e][passages]") {
    const auto corpora = shared_corpora();
    if (corpora.empty()) {
        WARN("../shared/corpora not found: skipped");
        return;
    }
    const std::vector<std::pair<std::string, bool>> languages{{"ar", true}, {"de", true}, {"fr", true}, {"hi", true},
                                                              {"ja", false}, {"ru", true}, {"th", true}, {"zh", false}};
    TempDir dir;
    std::map<std::string, std::vector<Doc>> docs;
    {
        std::ofstream out(dir / "articles.jsonl");
        for (const auto& [lang, spaced] : languages) {
            const auto folder = corpora / "news-multilingual" / lang;
            REQUIRE(std::filesystem::is_directory(folder));
            for (const auto& entry : std::filesystem::directory_iterator(folder))
                if (entry.path().extension() == ".conllu") docs[lang] = read_conllu(entry.path(), spaced);
            REQUIRE(docs[lang].size() > 100);
            for (const auto& d : docs[lang])
                out << json{{"id", lang + "-" + d.id}, {"title", lang + " " + d.id}, {"body", d.body}, {"lang", lang}}.dump() << '\n';
        }
    }
    auto idx = run({lede_index(), "--db", dir / "idx", dir / "articles.jsonl"});
    INFO(idx.err);
    REQUIRE(idx.code == 0);

    std::map<std::string, std::string> bodies; // article id -> body
    for (const auto& [lang, list] : docs)
        for (const auto& d : list) bodies[lang + "-" + d.id] = d.body;
    lede::Analyzer an;
    Lcg rng{20240605};
    std::size_t queries = 0, passages = 0, highlights = 0;
    for (const auto& [lang, spaced] : languages) {
        const auto& ds = docs[lang];
        for (int q = 0; q < 18; ++q) {
            // A word (or, one time in three, two consecutive words as a phrase) typed as it appears.
            const Doc& d = ds[rng.below(ds.size())];
            std::vector<lede::Token> toks;
            for (const auto& t : an.analyze(d.body))
                if (!t.alias && t.kind != lede::TokenKind::CjkChar) toks.push_back(t);
            if (toks.size() < 2) continue;
            const std::size_t i = rng.below(toks.size() - 1);
            const bool phrase = q % 3 == 2;
            const std::size_t end = phrase ? toks[i + 1].end : toks[i].end;
            const std::string surface = d.body.substr(toks[i].begin, end - toks[i].begin);
            // A phrase's words are separated by spaces only (or nothing, in scripts without them).
            if (phrase && d.body.substr(toks[i].end, toks[i + 1].begin - toks[i].end).find_first_not_of(' ') != std::string::npos)
                continue;
            const std::string query = phrase ? "\"" + surface + "\"" : surface;
            // Under the sanitizers (LEDE_TEST_LIGHT) one width per query, the two in turn, and
            // two queries in three (every kind still comes: q % 3 == 2 is a phrase, q % 6 == 0
            // passage search).
            std::vector<std::string> widths{"24", "80"};
            if (light_tests()) widths.erase(widths.begin() + (q % 2));
            if (light_tests() && q % 9 >= 6) continue;
            for (const std::string& width : widths) {
                std::vector<std::string> argv{lede_search(), "--db", dir / "idx", "--json", "-n", "5",
                                              "--passages-per-hit", "3", "--passage-width", width, "--literal"};
                if (phrase) argv.erase(argv.end() - 1); // quotes need the query language
                if (q % 6 == 0) argv.push_back("--passages");
                argv.push_back(query);
                auto r = run(argv);
                INFO(lang << " query " << query << " width " << width << "\n" << r.err);
                REQUIRE(r.code == 0); // the word is in the corpus
                ++queries;
                for (const auto& line : lines(r.out)) {
                    const json j = json::parse(line);
                    if (j["type"] == "summary") continue;
                    const json& data = j["data"];
                    // A hit carries its passages; passage search gives one passage per line.
                    const json passage_list = j["type"] == "passage" ? json::array({data}) : data["passages"];
                    const std::string& body = bodies.at(data["id"].get<std::string>());
                    const auto body_graphemes = grapheme_boundaries(body);
                    for (const auto& p : passage_list) {
                        const std::string text = p["text"];
                        INFO("passage: " << text);
                        ++passages;
                        CHECK(valid_utf8(text));
                        CHECK(code_points(text) <= std::stoul(width));
                        // The passage is the body's text cut between grapheme clusters.
                        const auto at = body.find(core(text));
                        REQUIRE(at != std::string::npos);
                        CHECK(body_graphemes[at]);
                        CHECK(body_graphemes[at + core(text).size()]);
                        const auto text_graphemes = grapheme_boundaries(text);
                        if (!p.value("lead", false)) CHECK(!p["highlights"].empty());
                        for (const auto& h : p["highlights"]) {
                            const std::size_t b = h[0], e = h[1];
                            REQUIRE(b < e);
                            REQUIRE(e <= text.size());
                            CHECK(valid_utf8(text.substr(b, e - b)));
                            CHECK(text_graphemes[b]);
                            CHECK(text_graphemes[e]);
                            ++highlights;
                        }
                    }
                }
            }
        }
    }
    CHECK(queries >= (light_tests() ? 80 : 250));
    CHECK(passages >= queries);
    CHECK(highlights >= passages);
}

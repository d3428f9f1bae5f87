// SPDX-License-Identifier: MIT
// Limits and the user's files: huge queries, deep nesting, wildcard explosions, pathological HTML
// (bounded time and memory, clear errors) and symbolic links leading out of an input directory.
#include "../catch.hpp"
#include "run.hpp"

#include <nlohmann/json.hpp>

#include <sys/resource.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>

using namespace lede::e2e;
namespace fs = std::filesystem;

namespace {

std::string sample() { return (source_dir() / "corpora/sample/articles.jsonl").string(); }

void write(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary);
    out << bytes;
}

std::string record(const std::string& id, const std::string& title, const std::string& body) {
    return nlohmann::json{{"id", id}, {"title", title}, {"body", body}, {"lang", "en"}}.dump() + "\n";
}

struct Timed {
    RunResult r;
    double seconds = 0;
};

Timed timed_run(const std::vector<std::string>& argv) {
    const auto t0 = std::chrono::steady_clock::now();
    Timed t;
    t.r = run(argv);
    t.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return t;
}

std::set<std::string> ids_of(const RunResult& r) {
    const auto l = lines(r.out);
    return {l.begin(), l.end()};
}

} // namespace

TEST_CASE("a 10,000-word query is refused quickly with a clear message, and 1,000 words are answered", "[e2e][limits]") {
    TempDir dir;
    REQUIRE(run({lede_index(), "--db", dir / "idx", "--quiet", sample()}).code == 0);
    const auto base = ids_of(run({lede_search(), "--db", dir / "idx", "--ids", "-n", "5", "cocoa"}));
    REQUIRE(!base.empty());
    auto query = [](int words, const std::string& glue) {
        std::string q = "cocoa";
        for (int i = 1; i < words; ++i) q += glue + "w" + std::to_string(i);
        return q;
    };
    for (const char* glue : {" ", " OR "}) {
        auto big = timed_run({lede_search(), "--db", dir / "idx", "--ids", query(10000, glue)});
        INFO(big.r.err.substr(0, 300));
        CHECK(big.r.code == 2);
        CHECK(big.r.err.find("too many words in the query (at most 1000)") != std::string::npos);
        CHECK(big.seconds < 5);
        auto literal = timed_run({lede_search(), "--db", dir / "idx", "--ids", "--literal", query(10000, " ")});
        CHECK(literal.r.code == 2);
        CHECK(literal.r.err.find("too many words in the query") != std::string::npos);
        CHECK(literal.seconds < 5);
        // At the limit the query is answered, in bounded time; the 999 words found nowhere change nothing.
        auto most = timed_run({lede_search(), "--db", dir / "idx", "--ids", "-n", "5", query(1000, glue)});
        INFO(most.r.err.substr(0, 300));
        std::cout << "limits: a 1,000-word query ('" << glue << "') took " << most.seconds << " s\n";
        CHECK(most.r.code == 0);
        CHECK(ids_of(most.r) == base);
        CHECK(most.seconds < 10);
    }
    // A phrase counts its words too.
    std::string quoted(1, '"');
    quoted += query(1001, " ");
    quoted += '"';
    auto phrase = run({lede_search(), "--db", dir / "idx", "--ids", quoted});
    CHECK(phrase.code == 2);
    CHECK(phrase.err.find("too many words in the query") != std::string::npos);
}

TEST_CASE("10,000 nested parentheses are a clear error, quickly", "[e2e][limits]") {
    TempDir dir;
    REQUIRE(run({lede_index(), "--db", dir / "idx", "--quiet", sample()}).code == 0);
    for (const std::string& q : {std::string(10000, '(') + "cocoa" + std::string(10000, ')'),
                                 std::string(10000, '(') + "cocoa", "cocoa" + std::string(10000, ')')}) {
        auto t = timed_run({lede_search(), "--db", dir / "idx", "--ids", q});
        INFO(t.r.err.substr(0, 500));
        CHECK(t.seconds < 10);
        CHECK(t.r.out.empty());
        CHECK(t.r.code == 2);
        CHECK(t.r.err.rfind("lede-search: ", 0) == 0);
    }
    auto deep = run({lede_search(), "--db", dir / "idx", "--ids", std::string(10000, '(') + "cocoa" + std::string(10000, ')')});
    CHECK(deep.err.find("too many nested groups (at most 64)") != std::string::npos);
}

TEST_CASE("a wildcard matching thousands of words is refused clearly, and bounded when allowed", "[e2e][limits]") {
    TempDir dir;
    std::string corpus;
    for (int a = 0; a < 100; ++a) {
        std::string body = "wildlife report";
        for (int w = 0; w < 50; ++w) body += " zq" + std::to_string(a * 50 + w) + "x";
        corpus += record("wc" + std::to_string(a), "wildcard article " + std::to_string(a), body);
    }
    write(dir / "wild.jsonl", corpus);
    REQUIRE(run({lede_index(), "--db", dir / "idx", "--quiet", dir / "wild.jsonl"}).code == 0);

    auto refused = timed_run({lede_search(), "--db", dir / "idx", "--ids", "zq*"});
    INFO(refused.r.err);
    CHECK(refused.r.code == 2);
    CHECK(refused.r.err.find("'zq*' matches more than 200 words in this index; type more letters") != std::string::npos);
    CHECK(refused.seconds < 10);

    auto allowed = timed_run({lede_search(), "--db", dir / "idx", "--ids", "-n", "1000", "--max-wildcard", "10000", "zq*"});
    INFO(allowed.r.err);
    CHECK(allowed.r.code == 0);
    CHECK(ids_of(allowed.r).size() == 100); // all 5,000 words, ORed: every article
    CHECK(allowed.seconds < 20);
    std::cout << "limits: a wildcard over 5,000 words took " << allowed.seconds << " s\n";
}

TEST_CASE("pathological HTML indexes in bounded time and memory", "[e2e][limits]") {
    TempDir dir;
    fs::create_directory(dir.path() / "pages");
    {
        // 100,000 nested elements: the words above the depth limit are indexed, the rest left out.
        std::string deep = "<html><head><title>Deep nesting</title></head><body><p>surfaceword here</p>";
        for (int i = 0; i < 100000; ++i) deep += "<div>";
        deep += "abyssword";
        for (int i = 0; i < 100000; ++i) deep += "</div>";
        write(dir / "pages/deep.html", deep + "</body></html>");
    }
    {
        // A 10 MB attribute value and 10,000 attributes on one element.
        std::string attrs = "<html><head><title>Huge attributes</title></head><body><p data-x=\"" +
                            std::string(10 << 20, 'a') + "\">attributeword text</p><p ";
        for (int i = 0; i < 10000; ++i) {
            attrs += 'a';
            attrs += std::to_string(i);
            attrs += "=\"v\" ";
        }
        write(dir / "pages/attrs.html", attrs + ">manyattrword</p></body></html>");
    }
    {
        // 100,000 tags never closed, in every shape (formatting elements, tables, lists, comments).
        std::string open = "<html><head><title>Unclosed tags</title><body><p>unclosedword ";
        for (int i = 0; i < 20000; ++i) open += "<b><i><table><tr><td><li>x ";
        write(dir / "pages/unclosed.html", open + "<!-- never closed");
    }
    auto t = timed_run({lede_index(), "--db", dir / "idx", dir / "pages"});
    INFO(t.r.err.substr(0, 3000));
    std::cout << "limits: pathological HTML indexed in " << t.seconds << " s\n";
    CHECK(t.r.code == 0);
    CHECK(t.r.err.find("3 added") != std::string::npos);
    CHECK(t.seconds < 120);
    rusage usage{};
    getrusage(RUSAGE_CHILDREN, &usage);
    std::cout << "limits: pathological HTML peak RSS " << usage.ru_maxrss / 1024 << " MB\n";
    CHECK(usage.ru_maxrss / 1024 < 1024);

    auto hits = [&](const std::string& q) { return run({lede_search(), "--db", dir / "idx", "--ids", q}).out; };
    CHECK(hits("surfaceword").find("deep.html") != std::string::npos);
    CHECK(hits("attributeword").find("attrs.html") != std::string::npos);
    CHECK(hits("manyattrword").find("attrs.html") != std::string::npos);
    CHECK(hits("unclosedword").find("unclosed.html") != std::string::npos);
}

TEST_CASE("symbolic links leading outside an input directory are not followed unless asked", "[e2e][limits]") {
    TempDir dir;
    const fs::path in = dir.path() / "in", out = dir.path() / "out";
    fs::create_directories(in / "sub");
    fs::create_directories(out);
    write((in / "own.jsonl").string(), record("own", "own article", "an inside article"));
    write((in / "sub/nested.jsonl").string(), record("nested", "nested article", "an inside article too"));
    write((out / "secret.jsonl").string(), record("secret", "secret article", "private words"));
    write((out / "other.jsonl").string(), record("other", "other article", "more private words"));
    fs::create_symlink(out / "secret.jsonl", in / "secret.jsonl");   // a file outside
    fs::create_symlink("../out", in / "elsewhere");                   // a directory outside
    fs::create_symlink("sub/nested.jsonl", in / "alias.jsonl");       // a file inside: read once
    fs::create_symlink("..", in / "sub/up");                           // a loop inside
    auto article_ids = [&](const std::string& db) { return ids_of(run({lede_search(), "--db", db, "--ids", "article"})); };

    auto plain = run({lede_index(), "--db", dir / "idx", in.string()});
    INFO(plain.err);
    CHECK(plain.code == 0);
    CHECK(plain.err.find("lede-index: " + (in / "secret.jsonl").string() + ": warning: symbolic link to '" +
                         fs::canonical(out / "secret.jsonl").string() + "' leads outside the directory given; not followed") !=
          std::string::npos);
    CHECK(plain.err.find("elsewhere") != std::string::npos);
    CHECK(article_ids(dir / "idx") == std::set<std::string>{"own", "nested"});

    auto followed = run({lede_index(), "--db", dir / "idx2", "--follow-symlinks", in.string()});
    INFO(followed.err);
    CHECK(followed.code == 0);
    CHECK(followed.err.find("not followed") == std::string::npos);
    CHECK(article_ids(dir / "idx2") == std::set<std::string>{"own", "nested", "secret", "other"});
    CHECK(followed.err.find("4 added") != std::string::npos); // each file once, the loop cut

    // A link named on the command line is the user's choice: it is read.
    auto named = run({lede_index(), "--db", dir / "idx3", (in / "secret.jsonl").string()});
    CHECK(named.code == 0);
    CHECK(article_ids(dir / "idx3") == std::set<std::string>{"secret"});
}

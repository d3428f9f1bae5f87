// SPDX-License-Identifier: MIT
// The command lines' polish (issue 22): grouped --help that fits a screen, --help-all, flag typos
// with a suggestion.
#include "run.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

using namespace lede::e2e;

namespace {

std::size_t columns(const std::string& s) {
    return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

void check_fits(const std::string& text, std::size_t width) {
    for (const auto& l : lines(text)) {
        INFO(l);
        CHECK(columns(l) <= width);
    }
}

} // namespace

TEST_CASE("--help fits one screen of everyday options and --help-all has every group", "[e2e][help]") {
    for (const std::string& bin : {lede_search(), lede_index()}) {
        INFO(bin);
        const auto brief = run({bin, "--help"}, {}, {"COLUMNS=80"});
        REQUIRE(brief.code == 0);
        CHECK(lines(brief.out).size() <= 40);
        check_fits(brief.out, 80);
        CHECK(brief.out.find("Options:\n") != std::string::npos);
        CHECK(brief.out.find("--help-all") != std::string::npos);
        CHECK(brief.out.find("  --db PATH") != std::string::npos);
        CHECK(brief.out.find("Exit status: 0") != std::string::npos);
        const auto all = run({bin, "--help-all"}, {}, {"COLUMNS=80"});
        REQUIRE(all.code == 0);
        check_fits(all.out, 80);
        CHECK(all.out.find("Advanced:\n") != std::string::npos);
        CHECK(all.out.find("--allow-remote-programs") != std::string::npos);
        CHECK(all.out.size() > brief.out.size());
        // Every option of --help-all either appears in --help or is counted in its "More options".
        CHECK(brief.out.find("--allow-remote-programs") == std::string::npos);
    }
    const auto s = run({lede_search(), "--help"}, {}, {"COLUMNS=80"});
    CHECK(s.out.find("--k1") == std::string::npos);
    CHECK(s.out.find("Ranking 18") != std::string::npos);
    for (const char* everyday : {"--limit", "--sort", "--since", "--show", "--json", "--count", "--no-pager", "--timeline"})
        CHECK(s.out.find(everyday) != std::string::npos);
    const auto sa = run({lede_search(), "--help-all"}, {}, {"COLUMNS=80"});
    CHECK(sa.out.find("Ranking:\n") != std::string::npos);
    CHECK(sa.out.find("Output:\n") != std::string::npos);
    CHECK(sa.out.find("  --k1 FLOAT=1.2") != std::string::npos);
    CHECK(sa.out.find("--format '%{rank}\\t%{day}\\t%{title}'") != std::string::npos); // the scripting reference
    const auto ia = run({lede_index(), "--help-all"}, {}, {"COLUMNS=80"});
    CHECK(ia.out.find("Performance:\n") != std::string::npos);
    CHECK(ia.out.find("warc (.warc)") != std::string::npos); // the formats, in the full description
}

TEST_CASE("help text on a narrower terminal: --help-all reflows its paragraphs instead of breaking each line in two", "[e2e][help]") {
    // The footers are written for 100 columns. At 60 and 80, a paragraph of prose must fill its
    // lines: no line could have taken the next line's first word (the old layout broke each long
    // line separately, leaving lines such as "... Case and" followed by "accents never matter").
    auto prose = [](const std::string& l, std::size_t lead) {
        // Not an option, a heading, a table row, the usage line or an example command line.
        return l.size() > lead && l.find_first_not_of(' ') == lead && l[lead] != '-' && l.back() != ':' &&
               l.find("  ", lead) == std::string::npos && l.compare(lead, 6, "Usage:") != 0 &&
               l.compare(lead, 5, "lede-") != 0;
    };
    for (const std::string& bin : {lede_search(), lede_index()})
        for (const std::size_t width : {60, 80}) {
            const auto all = run({bin, "--help-all"}, {}, {"COLUMNS=" + std::to_string(width)});
            REQUIRE(all.code == 0);
            const auto ls = lines(all.out);
            std::size_t paragraphs_checked = 0;
            for (std::size_t i = 0; i + 1 < ls.size(); ++i)
                for (const std::size_t lead : {0, 2}) {
                    if (!prose(ls[i], lead) || !prose(ls[i + 1], lead)) continue;
                    const std::string next_word = ls[i + 1].substr(lead, ls[i + 1].find(' ', lead) - lead);
                    INFO(bin << " at " << width << " columns:\n" << ls[i] << "\n" << ls[i + 1]);
                    CHECK(columns(ls[i]) + 1 + columns(next_word) > width);
                    ++paragraphs_checked;
                }
            CHECK(paragraphs_checked >= 4);
        }
    // Table rows keep their column: a continuation starts under the row's text.
    const auto s = run({lede_search(), "--help-all"}, {}, {"COLUMNS=80"});
    CHECK(s.out.find("\n  cocoa prices            articles with both words") != std::string::npos);
    CHECK(s.out.find("\n                          more); when none has both") != std::string::npos);
}

TEST_CASE("a mistyped option gets the nearest known one, exit 2", "[e2e][help]") {
    struct Case {
        std::string bin, typed, expected;
    };
    const std::vector<Case> cases{
        {lede_index(), "--exlude", "--exclude"},
        {lede_index(), "--exclud", "--exclude"},
        {lede_index(), "--prnue", "--prune"},
        {lede_index(), "--sahrds", "--shards"},
        {lede_search(), "--lmit", "--limit"},
        {lede_search(), "--jsno", "--json"},
        {lede_search(), "--timline", "--timeline"},
        {lede_search(), "--no-pagr", "--no-pager"},
        {lede_search(), "--exact-cuont", "--exact-count"},
        {lede_search(), "--Since", "--since"},
    };
    for (const auto& c : cases) {
        INFO(c.typed);
        const auto r = run({c.bin, c.typed, "x"});
        CHECK(r.code == 2);
        CHECK(r.out.empty());
        const std::string program = c.bin == lede_index() ? "lede-index" : "lede-search";
        CHECK(r.err.rfind(program + ": unknown option " + c.typed + "; did you mean " + c.expected + "?\n", 0) == 0);
    }
    SECTION("--name=value keeps only the name") {
        const auto r = run({lede_search(), "--sotr=newest", "x"});
        CHECK(r.code == 2);
        CHECK(r.err.rfind("lede-search: unknown option --sotr; did you mean --sort?\n", 0) == 0);
    }
    SECTION("nothing near: no suggestion") {
        const auto r = run({lede_index(), "--frobnicate", "x"});
        CHECK(r.code == 2);
        CHECK(r.err.rfind("lede-index: unknown option --frobnicate\n", 0) == 0);
    }
    SECTION("a query word starting with '-' is told to go after --") {
        const auto r = run({lede_search(), "cocoa", "-ghana"});
        CHECK(r.code == 2);
        CHECK(r.err.rfind("lede-search: unknown option -ghana (words and file names that start with '-' go after --: "
                          "lede-search -- ... -ghana)\n", 0) == 0);
    }
    SECTION("other usage errors name the program") {
        const auto r = run({lede_search(), "--sort", "nwest", "x"});
        CHECK(r.code == 2);
        CHECK(r.err.rfind("lede-search: --sort: ", 0) == 0);
    }
}

TEST_CASE("lede-index names the files it ignores and --db naming an input file says so briefly", "[e2e][index]") {
    TempDir dir;
    std::filesystem::create_directories(dir.path() / "in");
    for (const char* name : {"a.pdf", "b.png", "c.doc", "d.xyz"}) {
        std::ofstream(dir.path() / "in" / name) << "x\n";
    }
    std::ofstream(dir.path() / "in" / "wire.jsonl") << R"({"id":"w1","title":"Harbour strike","body":"Dockers stopped."})" << '\n';
    const auto r = run({lede_index(), "--db", dir / "x.idx", (dir.path() / "in").string()});
    CHECK(r.code == 0);
    const std::string in = (dir.path() / "in").string();
    CHECK(r.err.find("; 4 files of unknown type ignored (" + in + "/a.pdf, " + in + "/b.png, " + in +
                     "/c.doc, ...; --verbose names them all)") != std::string::npos);
    const auto v = run({lede_index(), "--db", dir / "y.idx", "--verbose", in});
    CHECK(v.code == 0);
    CHECK(v.err.find("lede-index: " + in + "/d.xyz: ignored: not a known input type\n") != std::string::npos);

    const std::string file = (dir.path() / "in" / "wire.jsonl").string();
    for (const std::string& bin : {lede_index(), lede_search()}) {
        const auto bad = bin == lede_index() ? run({bin, "--db", file, in}) : run({bin, "--db", file, "strike"});
        INFO(bad.err);
        CHECK(bad.code == 2);
        CHECK(bad.err.find("'" + file + "' is a file, not an index") != std::string::npos);
        CHECK(bad.err.find("Dockers") == std::string::npos); // not the record
        CHECK(lines(bad.err).size() == 1);
        CHECK(bad.err.size() < 300);
    }
}

TEST_CASE("LEDE_COLORS sets the highlight, title, date and source colours", "[e2e][colors]") {
    TempDir dir;
    const std::string db = dir / "idx";
    REQUIRE(run({lede_index(), "--db", db, "--quiet", (source_dir() / "corpora/sample/articles.jsonl").string()}).code == 0);
    const std::vector<std::string> argv{lede_search(), "--db", db, "--color", "always", "--no-pager", "-n", "1", "strike"};
    const auto plain = run(argv, {}, {"LEDE_COLORS="});
    REQUIRE(plain.code == 0);
    CHECK(plain.out.find("\x1b[1;33m") != std::string::npos); // the default highlight
    const auto colored = run(argv, {}, {"LEDE_COLORS=match:fg:red,match:style:underline,title:fg:cyan,date:fg:green,source:fg:magenta"});
    REQUIRE(colored.code == 0);
    CHECK(colored.err.empty());
    CHECK(colored.out.find("\x1b[1;4;31m") != std::string::npos);  // highlight: bold (default) underlined red
    CHECK(colored.out.find("\x1b[1m\x1b[") == std::string::npos);
    CHECK(colored.out.find("\x1b[1;36m") != std::string::npos);    // title
    CHECK(colored.out.find("\x1b[2;32m2019-") != std::string::npos); // date
    CHECK(colored.out.find("\x1b[2;35m") != std::string::npos);    // source
    CHECK(colored.out.find("\x1b[1;33m") == std::string::npos);
    const auto bad = run(argv, {}, {"LEDE_COLORS=match:fg:purple,title:fg:cyan"});
    CHECK(bad.code == 0);
    CHECK(bad.err.find("lede-search: warning: LEDE_COLORS: 'match:fg:purple': unknown colour 'purple'") != std::string::npos);
    CHECK(bad.out.find("\x1b[1;33m") != std::string::npos); // the bad entry left out
    CHECK(bad.out.find("\x1b[1;36m") != std::string::npos);
    // No colour, no escape sequences (and no warning to make).
    const auto never = run({lede_search(), "--db", db, "--color", "never", "-n", "1", "strike"}, {}, {"LEDE_COLORS=match:fg:purple"});
    CHECK(never.out.find('\x1b') == std::string::npos);
    CHECK(never.err.empty());
}

TEST_CASE("long source names are shortened at words and facets fit a 60-column terminal", "[e2e][render]") {
    TempDir dir;
    {
        std::ofstream in(dir / "long.jsonl");
        const char* sources[] = {"The Extraordinary Harbour and Coastal Gazette of Eastmere", "Le Courrier du Matin",
                                 "Supercalifragilisticexpialidociousnewsagency", "Northern Ledger"};
        for (int i = 0; i < 12; ++i)
            in << R"({"id":"l)" << i << R"(","title":"Harbour strike day )" << i
               << R"(","body":"Dockers at the harbour stopped work again on day )" << i << R"(.","date":"20)"
               << (10 + i) << R"(-03-0)" << (1 + i % 9) << R"(","source":")" << sources[i % 4]
               << R"(","author":"Maximiliana Wilhelmina Featherstonehaugh-Cholmondeley )" << i
               << R"(","tags":["industrial-relations-and-collective-bargaining","harbour"]})" << '\n';
    }
    REQUIRE(run({lede_index(), "--db", dir / "idx", "--quiet", dir / "long.jsonl"}).code == 0);
    for (const std::string width : {"60", "40", "120"}) {
        INFO("COLUMNS=" + width);
        const auto r = run({lede_search(), "--db", dir / "idx", "--facets", "--timeline", "-n", "4", "--sort", "oldest", "harbour"}, {},
                           {"COLUMNS=" + width});
        REQUIRE(r.code == 0);
        check_fits(r.out, static_cast<std::size_t>(std::stoi(width)));
        if (width == "60") {
            CHECK(r.out.find("Extraordinary\u2026") != std::string::npos);   // at a word, the article dropped
            CHECK(r.out.find("Courrier du Matin") != std::string::npos);    // "Le" dropped: it fits then
            CHECK(r.out.find("Extraordinari\u2026") == std::string::npos);
            CHECK(r.out.find("  source  ") != std::string::npos);
            CHECK(r.out.find(" more") != std::string::npos);
        }
    }
    // The same layout under --show (the copies' sources), and with colour.
    const auto c = run({lede_search(), "--db", dir / "idx", "--facets", "--color", "always", "-n", "4", "harbour"}, {},
                       {"COLUMNS=60"});
    REQUIRE(c.code == 0);
    std::string plain;
    for (std::size_t i = 0; i < c.out.size(); ++i) {
        if (c.out[i] == '\x1b') {
            while (i < c.out.size() && c.out[i] != 'm') ++i;
            continue;
        }
        plain += c.out[i];
    }
    check_fits(plain, 60);
}

TEST_CASE("the config file sets the default index, options and colours", "[e2e][config]") {
    TempDir dir;
    const std::string db = dir / "news.idx";
    std::filesystem::create_directories(dir.path() / "xdg" / "lede");
    const std::string config = (dir.path() / "xdg" / "lede" / "config").string();
    const std::vector<std::string> env{"XDG_CONFIG_HOME=" + (dir.path() / "xdg").string(), "LEDE_DB="};
    auto write = [&](const std::string& text) { std::ofstream(config) << text; };
    write("# Lede\ndb = \"" + db + "\"\n\n[index]\nthreads = 1\nquiet = true\n\n[search]\nlimit = 2\nsort = \"oldest\"\n"
          "color = \"always\"\ncolors = \"match:fg:red\"\n");
    const auto idx = run({lede_index(), (source_dir() / "corpora/sample/articles.jsonl").string()}, {}, env);
    INFO(idx.err);
    REQUIRE(idx.code == 0);
    CHECK(idx.err.empty()); // quiet = true
    CHECK(std::filesystem::exists(db));
    const auto s = run({lede_search(), "--no-pager", "--passages-per-hit", "0", "strike"}, {}, env);
    INFO(s.err);
    REQUIRE(s.code == 0);
    CHECK(s.out.find(" 1.") != std::string::npos);
    CHECK(s.out.find(" 2.") != std::string::npos);
    CHECK(s.out.find(" 3.") == std::string::npos); // limit = 2
    CHECK(s.out.find("\x1b[1;31m") != std::string::npos); // colors, over color = always
    // The command line wins over the file.
    const auto s3 = run({lede_search(), "-n", "3", "--color", "never", "--no-pager", "strike"}, {}, env);
    CHECK(s3.out.find(" 3. ") != std::string::npos);
    CHECK(s3.out.find('\x1b') == std::string::npos);
    // --no-config: no index then.
    const auto none = run({lede_search(), "--no-config", "strike"}, {}, env);
    CHECK(none.code == 2);
    CHECK(none.err.find("no index given") != std::string::npos);
    // --config FILE instead of the default.
    const std::string other = dir / "other.conf";
    std::ofstream(other) << "db = \"" << db << "\"\n[search]\nlimit = 1\n";
    const auto c = run({lede_search(), "--no-config", "--config", other, "--ids", "strike"}, {}, env);
    CHECK(c.code == 2); // both: refused
    const auto c1 = run({lede_search(), "--config", other, "--ids", "strike"}, {}, env);
    CHECK(c1.code == 0);
    CHECK(lines(c1.out).size() == 1);
    SECTION("bad entries are named by file and line, exit 2") {
        const std::vector<std::pair<std::string, std::string>> cases{
            {"[search]\nlimit = 2\nsrot = \"newest\"\n", config + ":3: unknown option 'srot'; did you mean 'sort'?"},
            {"[search]\n\nsort = \"nwest\"\n", config + ":3: sort = \"nwest\": --sort: nwest not in {relevance,newest,oldest}"},
            {"limit = 3\n", config + ":1: 'limit' at the top level: only db is shared by both programs"},
            {"[serch]\n", config + ":1: unknown section [serch]"},
            {"[search]\njust words\n", config + ":2: expected NAME = VALUE"},
        };
        for (const auto& [text, message] : cases) {
            write(text);
            const auto r = run({lede_search(), "--db", db, "strike"}, {}, env);
            INFO(text);
            CHECK(r.code == 2);
            CHECK(r.err.rfind("lede-search: " + message, 0) == 0);
        }
        // lede-index checks its own section and the top level, not lede-search's.
        write("db = \"" + db + "\"\n[search]\nsrot = 1\n[index]\nthreds = 2\n");
        const auto i = run({lede_index(), "--stats"}, {}, env);
        CHECK(i.code == 2);
        CHECK(i.err.rfind("lede-index: " + config + ":5: unknown option 'threds'; did you mean 'threads'?", 0) == 0);
        // --help never fails over the file.
        CHECK(run({lede_search(), "--help"}, {}, env).code == 0);
    }
}

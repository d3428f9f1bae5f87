// SPDX-License-Identifier: MIT
// Reading one article (--show, --open), --format's %{body}, highlight markers without colour, the
// counts' wording, and the pager staying out of pipes (the pager in a terminal: pager-tmux).
#include "../catch.hpp"
#include "run.hpp"

#include <filesystem>
#include <fstream>
#include <string>

using namespace lede::e2e;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A small archive: an article of three paragraphs and its copy from another source, another copy
// of a second story, and an article without a url.
class ShowIndex {
public:
    ShowIndex() {
        const std::string jsonl = m_dir / "show.jsonl";
        std::ofstream(jsonl)
            << R"({"id":"p-1","title":"Harbour strike ends","date":"2021-05-04","source":"Harbour Gazette","author":"Fiona Calder","url":"https://harbour.example.com/strike-ends","lang":"en","tags":["port","strike"],"body":"Dockers went back to work on Tuesday.\n\nThe harbour board agreed to a pay rise\nof four per cent.\n\nShipping agents said the backlog would take a week to clear."})" "\n"
            << R"({"id":"p-2","title":"Harbour strike ends","date":"2021-05-05","source":"Lede Wire","url":"https://wire.example.net/strike-ends","lang":"en","body":"Dockers went back to work on Tuesday.\n\nThe harbour board agreed to a pay rise\nof four per cent.\n\nShipping agents said the backlog would take a week to clear."})" "\n"
            << R"({"id":"p-3","title":"Cocoa prices rise","date":"2021-06-01","source":"Lede Wire","lang":"en","body":"Cocoa prices rose for a third week as rains delayed the harvest."})" "\n";
        const RunResult r = run({lede_index(), "--db", m_dir / "idx", "--quiet", jsonl});
        if (r.code != 0) throw std::runtime_error("indexing failed: " + r.err);
    }
    RunResult search(std::vector<std::string> args, std::vector<std::string> env = {}) const {
        std::vector<std::string> argv{lede_search(), "--db", m_dir / "idx"};
        argv.insert(argv.end(), args.begin(), args.end());
        env.push_back("COLUMNS=100");
        env.push_back("NO_COLOR=");
        return run(argv, {}, env);
    }
    const TempDir& dir() const { return m_dir; }

private:
    TempDir m_dir;
};

const ShowIndex& show_index() {
    static const ShowIndex index;
    return index;
}

} // namespace

TEST_CASE("show prints the whole article: header and paragraphs and metadata and copies", "[e2e][show]") {
    const auto& idx = show_index();
    const RunResult r = idx.search({"--show", "p-1"});
    INFO(r.out << r.err);
    CHECK(r.code == 0);
    CHECK(r.err.empty());
    const auto ls = lines(r.out);
    REQUIRE(ls.size() > 12);
    CHECK(ls[0] == "Harbour strike ends");
    for (const std::string field : {"Date      2021-05-04", "Source    Harbour Gazette", "Author    Fiona Calder",
                                    "URL       https://harbour.example.com/strike-ends", "ID        p-1",
                                    "Language  en", "Tags      port, strike"})
        CHECK(has(r.out, field + "\n"));
    // Paragraphs stay apart (a blank line between); a line break inside one is a space.
    CHECK(has(r.out, "\nDockers went back to work on Tuesday.\n\nThe harbour board agreed to a pay rise of four per cent.\n\n"
                     "Shipping agents said the backlog would take a week to clear.\n"));
    // Its copy, with id, date and source.
    CHECK(has(r.out, "1 copy of this article:\n  p-2  2021-05-05  Lede Wire\n"));
    CHECK(!has(r.out, "\x1b"));
}

TEST_CASE("show: an unknown id exits 1 and bad combinations exit 2", "[e2e][show]") {
    const auto& idx = show_index();
    RunResult r = idx.search({"--show", "nope"});
    CHECK(r.code == 1);
    CHECK(r.out.empty());
    CHECK(r.err == "lede-search: no article with id 'nope' in the index\n");
    r = idx.search({"--show", "p-1", "--json"});
    CHECK(r.code == 2);
    r = idx.search({"--show", "p-1", "--like", "p-3"});
    CHECK(r.code == 2);
    r = idx.search({"--show", "p-1", "\"unclosed"});
    CHECK(r.code == 2);
    CHECK(has(r.err, "bad query"));
    r = idx.search({"--show", "p-1", "--db", idx.dir() / "missing"});
    CHECK(r.code == 2);
}

TEST_CASE("show highlights the query's words as passages do", "[e2e][show]") {
    const auto& idx = show_index();
    RunResult r = idx.search({"--show", "p-1", "--markers", "[,]", "strike", "OR", "agents"});
    INFO(r.out);
    CHECK(r.code == 0);
    CHECK(lines(r.out)[0] == "Harbour [strike] ends");
    CHECK(has(r.out, "Shipping [agents] said"));
    r = idx.search({"--show", "p-1", "--color", "always", "strike"});
    CHECK(has(r.out, "\x1b[1;33mstrike\x1b[0m"));
    // Without colour and markers, plain text.
    r = idx.search({"--show", "p-1", "strike"});
    CHECK(lines(r.out)[0] == "Harbour strike ends");
}

TEST_CASE("open runs xdg-open with the url (no shell) and says clearly when there is no url or no xdg-open", "[e2e][show]") {
    const auto& idx = show_index();
    TempDir bin;
    const std::string log = bin / "opened";
    {
        std::ofstream script(bin / "xdg-open");
        script << "#!/bin/sh\nprintf '%s\\n' \"$@\" > '" << log << "'\n";
    }
    std::filesystem::permissions(bin / "xdg-open", std::filesystem::perms::owner_all);
    const std::string path = "PATH=" + bin.path().string() + ":/usr/bin:/bin";
    RunResult r = idx.search({"--open", "p-1"}, {path});
    CHECK(r.code == 0);
    std::ifstream in(log);
    std::string opened((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(opened == "https://harbour.example.com/strike-ends\n");
    r = idx.search({"--open", "p-3"}, {path});
    CHECK(r.code == 1);
    CHECK(r.err == "lede-search: article 'p-3' has no url to open\n");
    r = idx.search({"--open", "nope"}, {path});
    CHECK(r.code == 1);
    TempDir empty;
    r = idx.search({"--open", "p-1"}, {"PATH=" + empty.path().string()});
    CHECK(r.code == 2);
    CHECK(has(r.err, "cannot run xdg-open"));
}

TEST_CASE("%{body} in --format keeps the paragraphs", "[e2e][show]") {
    const auto& idx = show_index();
    const RunResult r = idx.search({"--format", "%{id}: %{body}", "id:p-1"});
    CHECK(r.code == 0);
    CHECK(r.out == "p-1: Dockers went back to work on Tuesday.\n\nThe harbour board agreed to a pay rise of four per "
                   "cent.\n\nShipping agents said the backlog would take a week to clear.\n");
}

TEST_CASE("highlights are plain text without colour and markers are there for scripts that want them", "[e2e][markers]") {
    const auto& idx = show_index();
    RunResult r = idx.search({"--color", "never", "cocoa"});
    CHECK(r.code == 0);
    CHECK(has(r.out, "Cocoa prices rose"));
    CHECK(!has(r.out, "**"));
    r = idx.search({"cocoa"}, {"NO_COLOR=1"});
    CHECK(!has(r.out, "**"));
    CHECK(!has(r.out, "\x1b"));
    r = idx.search({"--markers", "**", "cocoa"});
    CHECK(has(r.out, "**Cocoa** prices rose"));
    r = idx.search({"--markers", "<<,>>", "cocoa"});
    CHECK(has(r.out, "<<Cocoa>> prices rose"));
    r = idx.search({"--markers", ",", "cocoa"});
    CHECK(has(r.out, ",Cocoa, prices rose"));
    // Colour wins over markers.
    r = idx.search({"--color", "always", "--markers", "[,]", "cocoa"});
    CHECK(has(r.out, "\x1b[1;33mCocoa\x1b[0m"));
}

TEST_CASE("counts say what they are and the count option prints a bare exact number", "[e2e][counts]") {
    const auto& idx = show_index();
    RunResult r = idx.search({"--no-collapse", "harbour"});
    CHECK(has(r.out, "1\u20132 of 2 results"));
    r = idx.search({"cocoa"});
    CHECK(has(r.out, "1 of 1 result"));
    CHECK(!has(r.out, "about"));
    r = idx.search({"--count", "--no-collapse", "harbour OR cocoa"});
    CHECK(r.code == 0);
    CHECK(r.out == "3\n");
    CHECK(r.err.empty());
}

TEST_CASE("output to a pipe is never paged whatever the pager settings", "[e2e][pager]") {
    const auto& idx = show_index();
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"harbour"}, {"--show", "p-1"}, {"--json", "harbour"}, {"--no-pager", "harbour"}}) {
        const RunResult r = idx.search(args, {"LEDE_PAGER=sed s/^/PAGED:/", "PAGER=sed s/^/PAGED:/"});
        INFO(r.out);
        CHECK(r.code == 0);
        CHECK(!r.out.empty());
        CHECK(!has(r.out, "PAGED:"));
    }
}

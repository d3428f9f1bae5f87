// SPDX-License-Identifier: MIT
// lede-search: parse the command line, search, print, map outcomes to exit codes.
#include "cli.hpp"
#include "error.hpp"
#include "facets.hpp"
#include "render.hpp"

#include <xapian.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <sys/ioctl.h>
#include <unistd.h>

#ifndef LEDE_VERSION
#define LEDE_VERSION "0.0.0"
#endif

namespace {

std::size_t terminal_width() {
    winsize ws{};
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
    if (const char* cols = std::getenv("COLUMNS")) {
        int n = std::atoi(cols);
        if (n > 0) return static_cast<std::size_t>(n);
    }
    return 80;
}

bool use_color(lede::ColorMode mode) {
    if (mode == lede::ColorMode::Always) return true;
    if (mode == lede::ColorMode::Never) return false;
    const char* no_color = std::getenv("NO_COLOR");
    if (no_color && *no_color) return false;
    const char* term = std::getenv("TERM");
    if (term && std::string_view(term) == "dumb") return false;
    return isatty(STDOUT_FILENO);
}

} // namespace

int main(int argc, char** argv) {
    std::signal(SIGPIPE, SIG_IGN); // a closed pipe (| head) ends quietly via the stream state
    CLI::App app{"lede-search", "lede-search"};
    lede::SearchOptions options;
    lede::add_options(app, options);
    app.set_version_flag("--version", std::string("lede-search ") + LEDE_VERSION + " (Xapian " +
                                          Xapian::version_string() + ")");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : 2;
    }
    try {
        lede::finish_options(options);
        if (options.request.query.empty() && options.request.like.empty()) {
            std::cerr << "lede-search: no query given; see lede-search --help\n";
            return 2;
        }
        if (options.db.empty()) {
            std::cerr << "lede-search: no index given: use --db PATH or set LEDE_DB\n";
            return 2;
        }
        lede::Searcher searcher(options.db, options.ranking);
        if (options.explain) std::cerr << "lede-search: query: " << searcher.parse(options.request).query.get_description() << '\n';
        if (options.count) options.request.limit = 0;
        lede::SearchResult result = searcher.search(options.request);
        if (options.count) {
            std::cout << result.matches_estimated << '\n';
            std::cout.flush();
            return result.matches_estimated > 0 ? 0 : 1;
        }
        if (options.json) {
            lede::render_json(std::cout, result, options.request.query);
        } else if (options.ids) {
            for (const auto& h : result.hits) std::cout << h.article.id << '\n';
        } else {
            lede::RenderOptions ro;
            ro.color = use_color(options.color);
            ro.width = terminal_width();
            ro.query = options.request.query;
            const char* no_timing = std::getenv("LEDE_NO_TIMING"); // reproducible output (golden tests)
            ro.timing = !(no_timing && *no_timing && std::string_view(no_timing) != "0");
            lede::render_terminal(std::cout, result, ro);
            if (!result.facets.empty())
                lede::render_facets(std::cout, result.facets, result.facets_exact, result.facet_counted, ro.width, ro.color);
            if (result.has_timeline)
                lede::render_timeline(std::cout, result.timeline, result.facets_exact, ro.width, ro.color);
        }
        std::cout.flush();
        return result.hits.empty() && result.matches_lower_bound == 0 ? 1 : 0;
    } catch (const lede::QueryError& e) {
        std::cerr << "lede-search: bad query at position " << e.position() + 1 << ": " << e.what() << '\n';
        std::cerr << "  " << options.request.query << '\n';
        const std::string& q = options.request.query;
        std::cerr << "  " << std::string(lede::display_width(q.substr(0, std::min(e.position(), q.size()))), ' ') << "^\n";
    } catch (const lede::Error& e) {
        std::cerr << "lede-search: " << e.what() << '\n';
    } catch (const Xapian::Error& e) {
        std::cerr << "lede-search: " << e.get_type() << ": " << e.get_msg() << '\n';
    } catch (const std::exception& e) {
        std::cerr << "lede-search: " << e.what() << '\n';
    }
    return 2;
}

// SPDX-License-Identifier: MIT
// lede-search: parse the command line, search through the public API, print, map outcomes to exit codes.
#include "batch.hpp"
#include "bridge.hpp"
#include "cli.hpp"
#include "error.hpp"
#include "facets.hpp"
#include "facets_render.hpp"
#include "help_layout.hpp"
#include "hit_format.hpp"
#include "interactive.hpp"
#include "json_output.hpp"
#include "pager.hpp"
#include "render.hpp"
#include "config.hpp"
#include "suggest.hpp"
#include "terminal_text.hpp"

#include <lede/search.hpp>

#include <xapian.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <cstdlib>
#include <iostream>
#include <thread>
#include <spawn.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

#ifndef LEDE_VERSION
#define LEDE_VERSION "0.0.0"
#endif

namespace {

constexpr const char* scripting_help = R"(

Output for scripts (docs/scripting.md, docs/json.md):
  --json                  JSON Lines: {"type":"hit","data":{...}} per hit, then {"type":"summary",...}
  --fields id,title,date  the keys each hit carries in --json and --batch output
  --ids                   the hits' ids, one per line;  --count  the number of matches only
  --format TEMPLATE       one line per hit: %{id} %{rank} %{score} %{date} %{day} (YYYY-MM-DD)
                          %{title} %{source} %{author} %{url} %{lang} %{tags} %{duplicates}
                          %{passage} (the best) %{passages} (all, ' | ' between) %{body};
                          %% a percent sign, %n or \n a newline, \t a tab. Control characters
                          in values become spaces, so each hit stays on one line, except
                          that %{body} keeps its paragraphs (a blank line between them).
                          e.g. --format '%{rank}\t%{day}\t%{title}'
  --batch                 read stdin line by line: a query, or {"id": .., "query": .., "limit": ..,
                          "offset": .., "literal": .., "all": .., "sort": .., "since": ..,
                          "until": .., "recency": .., "collapse": .., "exact_count": ..,
                          "fields": .., "passages_per_hit": .., "passage_width": .., "like": ..,
                          "facets": .., "timeline": .., "suggest": .., "passage_search": ..,
                          "passage_articles": ..}; one JSON line out per line,
                          in order, flushed: {"id":..,"query":..,"hits":[..],"summary":{..}} or
                          {"id":..,"error":".."}. The command line's options are every line's
                          defaults; the index is opened once. "id" defaults to the line number.
  --jobs N                with --batch: answer N lines at once (answers stay in input order)
With --batch, exit status: 0 every line answered and at least one matched, 1 every line
answered and none matched (or no input), 2 a line was answered with an error, or stdin or the
index failed.)";

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

// The colours: the defaults, changed by $LEDE_COLORS; each bad entry is named in a warning.
// --colors (or the config file's colors) after it.
lede::Palette palette(const std::string& option) {
    lede::Palette p;
    auto apply = [&](const char* what, const std::string& spec) {
        std::vector<std::string> warnings;
        lede::apply_colors(p, spec, warnings);
        for (const auto& w : warnings)
            std::cerr << "lede-search: warning: " << what << ": " << lede::terminal_text(w) << "; left out\n";
    };
    if (const char* spec = std::getenv("LEDE_COLORS"); spec && *spec) apply("LEDE_COLORS", spec);
    if (!option.empty()) apply("--colors", option);
    return p;
}

// At most one output mode; --batch writes JSON, so --json is allowed beside it.
void check_output_modes(const lede::SearchOptions& o) {
    std::vector<std::string> modes;
    if (o.json && !o.batch) modes.emplace_back("--json");
    if (o.count) modes.emplace_back("--count");
    if (o.ids) modes.emplace_back("--ids");
    if (!o.format.empty()) modes.emplace_back("--format");
    if (o.batch) modes.emplace_back("--batch");
    if (!o.show.empty()) modes.emplace_back("--show");
    if (!o.open.empty()) modes.emplace_back("--open");
    if (o.interactive) modes.emplace_back("-i");
    if (modes.size() > 1) throw lede::UsageError(modes[0] + " and " + modes[1] + " cannot be combined");
    if (o.jobs != 1 && !o.batch) throw lede::UsageError("--jobs applies to --batch only");
    if (o.interactive && (o.request.passage_search || o.request.facets || !o.timeline.empty() || o.explain))
        throw lede::UsageError(std::string("-i and ") +
                               (o.request.passage_search ? "--passages" : o.request.facets ? "--facets" : !o.timeline.empty() ? "--timeline" : "--explain") +
                               " cannot be combined (-i shows articles and their passages)");
    if (!o.fields.empty() && !o.json && !o.batch)
        throw lede::UsageError("--fields applies to --json and --batch output (use --format for plain lines)");
}

lede::api::Ranking to_ranking(const lede::RankingParams& p) {
    lede::api::Ranking r;
    r.k1 = p.k1;
    r.b = p.b;
    r.title_weight = p.title_weight;
    r.weighting = std::string(lede::weighting_name(p.weighting));
    r.dfr_c = p.dfr_c;
    r.bm25_delta = p.bm25_delta;
    r.burstiness = p.burstiness;
    r.common_share = p.common_share;
    r.common_weight = p.common_weight;
    r.proximity_weight = p.proximity_weight;
    r.proximity_max_share = p.proximity_max_share;
    r.recency_weight = p.recency_weight;
    r.expand = p.expand;
    r.expand_all = p.expand_all;
    r.expand_docs = p.expand_docs;
    r.expand_terms = p.expand_terms;
    r.expand_weight = p.expand_weight;
    return r;
}

// --open: the url of the article in the desktop's browser, through xdg-open (argv, no shell).
int open_url(const lede::api::Article& a) {
    if (a.url.empty()) {
        std::cerr << "lede-search: article '" << a.id << "' has no url to open\n";
        return 1;
    }
    std::string program = "xdg-open", url = a.url;
    char* argv[] = {program.data(), url.data(), nullptr};
    pid_t pid = -1;
    const int rc = posix_spawnp(&pid, "xdg-open", nullptr, nullptr, argv, environ);
    if (rc != 0) {
        std::cerr << "lede-search: cannot run xdg-open (" << std::strerror(rc) << "): install xdg-utils, or open "
                  << a.url << " yourself\n";
        return 2;
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        std::cerr << "lede-search: xdg-open could not open " << a.url << '\n';
        return 2;
    }
    return 0;
}

// --allow-partial: say which shards the results leave out.
void warn_unavailable(const lede::api::Searcher& searcher) {
    for (const auto& why : searcher.unavailable_shards())
        std::cerr << "lede-search: warning: " << lede::terminal_text(why) << "; results are from the other shards only\n";
}

} // namespace

int main(int argc, char** argv) {
    std::signal(SIGPIPE, SIG_IGN); // a closed pipe (| head) ends quietly via the stream state
    CLI::App app{"lede-search", "lede-search"};
    lede::SearchOptions options;
    lede::add_options(app, options);
    app.footer(app.get_footer() + scripting_help + lede::interactive_help);
    app.set_version_flag("--version", std::string("lede-search ") + LEDE_VERSION + " (Xapian " +
                                          Xapian::version_string() + ")");
    lede::layout_search_cli(app); // --help groups, --help-all, --completion
    lede::cli::ConfigFile config; // $XDG_CONFIG_HOME/lede/config, --config FILE, --no-config
    try {
        config.install(app, argc, argv, "search");
    } catch (const lede::cli::ConfigFileError& e) {
        std::cerr << "lede-search: " << lede::terminal_text(e.what()) << '\n';
        return 2;
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return lede::cli::report_parse_error(app, e, std::cout, std::cerr, &config);
    }
    lede::Pager pager; // waits for the pager (if one started) when main returns
    try {
        lede::finish_options(options);
        check_output_modes(options);
        const lede::HitFields fields = lede::HitFields::parse(options.fields);
        std::optional<lede::HitFormat> format;
        if (!options.format.empty()) format.emplace(options.format);
        if (options.batch && !options.request.query.empty()) {
            std::cerr << "lede-search: --batch reads the queries from standard input; remove the query arguments\n";
            return 2;
        }
        const bool by_id = !options.show.empty() || !options.open.empty();
        if (by_id && !options.request.like.empty())
            throw lede::UsageError(std::string(options.show.empty() ? "--open" : "--show") + " and --like cannot be combined");
        std::pair<std::string, std::string> markers;
        if (!options.markers.empty()) markers = lede::parse_markers(options.markers);
        if (options.interactive && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))) {
            std::cerr << "lede-search: -i needs a terminal: " << (isatty(STDIN_FILENO) ? "stdout" : "stdin")
                      << " is not one (for scripts, use --json, --ids or --format)\n";
            return 2;
        }
        if (!by_id && !options.batch && !options.interactive && options.request.query.empty() &&
            options.request.like.empty()) {
            std::cerr << "lede-search: no query given; see lede-search --help\n";
            return 2;
        }
        if (options.db.empty()) {
            std::cerr << "lede-search: no index given: use --db PATH or set LEDE_DB\n";
            return 2;
        }
        if (options.batch) {
            // One searcher (an open index) per worker.
            std::size_t jobs = options.jobs ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
            std::vector<lede::api::Searcher> searchers;
            for (std::size_t i = 0; i < jobs; ++i)
                searchers.emplace_back(options.db, to_ranking(options.ranking), options.allow_partial);
            warn_unavailable(searchers.front());
            const lede::BatchStats stats = lede::run_batch(searchers, options.request, fields, std::cin, std::cout);
            if (stats.input_failed) std::cerr << "lede-search: cannot read standard input\n";
            return lede::batch_exit_code(stats);
        }
        lede::api::Searcher searcher(options.db, to_ranking(options.ranking), options.allow_partial);
        warn_unavailable(searcher);
        if (options.interactive) return lede::run_interactive(searcher, options);
        if (by_id) {
            const std::string& id = options.show.empty() ? options.open : options.show;
            lede::api::Query highlight;
            highlight.text = options.request.query;
            highlight.literal = options.request.literal;
            highlight.all_words = options.request.default_and;
            const std::optional<lede::api::ArticleView> view = searcher.article(id, highlight);
            if (!view) {
                std::cerr << "lede-search: no article with id '" << id << "' in the index\n";
                return 1;
            }
            if (!options.open.empty()) return open_url(view->article);
            lede::RenderOptions ro;
            ro.color = use_color(options.color);
            if (ro.color) ro.palette = palette(options.colors);
            ro.width = terminal_width();
            ro.mark_open = markers.first;
            ro.mark_close = markers.second;
            if (!options.no_pager && isatty(STDOUT_FILENO)) pager.start(lede::pager_command());
            lede::render_article(std::cout, *view, ro);
            std::cout.flush();
            pager.finish();
            return 0;
        }
        if (options.explain) {
            std::cerr << "lede-search: query: "
                      << lede::terminal_text(searcher.impl().engine.parse(options.request).query.get_description())
                      << '\n';
        }
        lede::SearchRequest& request = options.request;
        // --count is exact up to count_exact_up_to matches (Xapian examines that many); beyond, it is
        // Xapian's estimate, which a note on a terminal's stderr says (stdout keeps a bare number).
        constexpr std::size_t count_exact_up_to = 100000;
        if (options.count) {
            request.limit = 0;
            request.exact_up_to = count_exact_up_to;
        }
        // --count, --ids and --format print no did-you-mean: do not look for one.
        if (options.count || options.ids || format) request.suggest = false;
        if (options.json) request.want_passages = fields.needs_passages();
        if (format) request.want_passages = format->needs_passages();
        const lede::api::Results result = lede::api::detail::search(searcher, request);
        // Scripts reading a bare count or ids learn of a relaxed answer on stderr (JSON says "relaxed").
        if (result.relaxed && (options.count || options.ids || format))
            std::cerr << "lede-search: note: " << lede::relaxed_notice << " (--count, --ids and --format follow the hits)\n";
        if (options.count) {
            std::cout << result.matches_estimated << '\n';
            std::cout.flush();
            if (result.matches_lower_bound != result.matches_upper_bound && isatty(STDERR_FILENO))
                std::cerr << "lede-search: about " << result.matches_estimated << " (an estimate: between "
                          << result.matches_lower_bound << " and " << result.matches_upper_bound
                          << "; --exact-count counts every match)\n";
            return result.matches_estimated > 0 ? 0 : 1;
        }
        if (options.json) {
            lede::render_json(std::cout, result, request.query, fields);
        } else if (options.ids) {
            for (const auto& h : result.hits) std::cout << lede::terminal_text(h.article.id) << '\n';
        } else if (format) {
            for (const auto& h : result.hits) std::cout << format->expand(h) << '\n';
        } else {
            lede::RenderOptions ro;
            ro.color = use_color(options.color);
            if (ro.color) ro.palette = palette(options.colors);
            ro.width = terminal_width();
            ro.query = request.query;
            ro.mark_open = markers.first;
            ro.mark_close = markers.second;
            const char* no_timing = std::getenv("LEDE_NO_TIMING"); // reproducible output (golden tests)
            ro.timing = !(no_timing && *no_timing && std::string_view(no_timing) != "0");
            // Colour and width are decided on the terminal itself, before stdout becomes the pager's pipe.
            if (!options.no_pager && isatty(STDOUT_FILENO)) pager.start(lede::pager_command());
            const lede::SearchResult& native = *result.native;
            lede::render_terminal(std::cout, native, ro);
            if (!native.facets.empty())
                lede::render_facets(std::cout, native.facets, native.facets_exact, native.facet_counted, ro.width, ro.color);
            if (native.has_timeline)
                lede::render_timeline(std::cout, native.timeline, native.facets_exact, ro.width, ro.color);
        }
        std::cout.flush();
        pager.finish();
        // 1 only when nothing matches: paging past the last hit, -n 0 (facets only) or passage
        // search finding no passage still leave matching articles.
        return result.hits.empty() && result.matches_lower_bound == 0 ? 1 : 0;
    } catch (const lede::api::Error& e) {
        if (e.kind() == lede::api::ErrorKind::Query) {
            const std::string& q = options.request.query;
            std::cerr << "lede-search: bad query at position " << e.position() + 1 << ": " << lede::terminal_text(e.what(), lede::ControlAs::Escape, true) << '\n';
            std::cerr << "  " << lede::terminal_text(q, lede::ControlAs::Space) << '\n';
            std::cerr << "  " << std::string(lede::display_width(q.substr(0, std::min(e.position(), q.size()))), ' ') << "^\n";
        } else {
            std::cerr << "lede-search: " << lede::terminal_text(e.what(), lede::ControlAs::Escape, true) << '\n';
        }
    } catch (const lede::QueryError& e) {
        std::cerr << "lede-search: bad query at position " << e.position() + 1 << ": " << lede::terminal_text(e.what(), lede::ControlAs::Escape, true) << '\n';
        std::cerr << "  " << lede::terminal_text(options.request.query, lede::ControlAs::Space) << '\n';
        const std::string& q = options.request.query;
        std::cerr << "  " << std::string(lede::display_width(q.substr(0, std::min(e.position(), q.size()))), ' ') << "^\n";
    } catch (const lede::Error& e) {
        std::cerr << "lede-search: " << lede::terminal_text(e.what(), lede::ControlAs::Escape, true) << '\n';
    } catch (const Xapian::Error& e) {
        std::cerr << "lede-search: " << e.get_type() << ": " << lede::terminal_text(e.get_msg(), lede::ControlAs::Escape, true) << '\n';
    } catch (const std::exception& e) {
        std::cerr << "lede-search: " << lede::terminal_text(e.what(), lede::ControlAs::Escape, true) << '\n';
    }
    return 2;
}

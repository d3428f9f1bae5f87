// SPDX-License-Identifier: MIT
// lede-index: parse the command line, run the indexer, map outcomes to messages and exit codes.
#include "cli.hpp"
#include "help_layout.hpp"
#include "config.hpp"
#include "suggest.hpp"
#include "error.hpp"
#include "terminal_text.hpp"
#include "index_meta.hpp"
#include "index_stats.hpp"
#include "interrupt.hpp"

#include <xapian.h>

#include <cerrno>
#include <csignal>
#include <filesystem>
#include <iostream>

#ifndef LEDE_VERSION
#define LEDE_VERSION "0.0.0"
#endif

int main(int argc, char** argv) {
    CLI::App app{"lede-index", "lede-index"};
    lede::IndexerOptions options;
    lede::add_options(app, options);
    app.set_version_flag("--version", std::string("lede-index ") + LEDE_VERSION + " (Xapian " +
                                          Xapian::version_string() + ")");
    lede::layout_index_cli(app); // --help groups, --help-all, --completion
    lede::cli::ConfigFile config; // $XDG_CONFIG_HOME/lede/config, --config FILE, --no-config
    try {
        config.install(app, argc, argv, "index");
    } catch (const lede::cli::ConfigFileError& e) {
        std::cerr << "lede-index: " << lede::terminal_text(e.what()) << '\n';
        return 2;
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return lede::cli::report_parse_error(app, e, std::cout, std::cerr, &config);
    }
    try {
        if (options.stats) {
            if (options.db.empty()) throw lede::UsageError("no index given: use --db PATH or set LEDE_DB");
            const lede::IndexSummary s = lede::summarize_index(options.db);
            if (options.json) lede::print_summary_json(s, std::cout);
            else lede::print_summary(s, std::cout);
            return 0;
        }
        if (options.inputs.empty() && options.delete_ids.empty() && !options.prune) {
            std::cerr << "lede-index: nothing to do: give input files or directories (or --delete IDS, --prune, "
                         "--stats); see --help\n";
            return 2;
        }
        lede::InterruptGuard guard; // SIGINT/SIGTERM: commit what is done, then stop
        const lede::IndexStats s = lede::run_index(options, std::cout, std::cerr);
        if (s.interrupted) {
            std::cerr << "lede-index: interrupted by " << (s.interrupted == SIGINT ? "SIGINT" : "SIGTERM")
                      << ": committed " << s.added + s.updated + s.deleted << " change(s) (" << s.added << " added, "
                      << s.updated << " updated, " << s.deleted << " deleted; " << s.documents
                      << " articles in the index); run the same command again to continue\n";
            return 2;
        }
        if (!options.quiet && !options.json) std::cerr << "lede-index: " << lede::terminal_text(lede::summary_line(s)) << '\n';
        // Exit 2 only when nothing could be read at all; a file damaged part way (its articles before
        // the damage read and kept) is a skip: exit 1.
        if (s.failed_files > 0 && s.files == 0 && s.added + s.updated + s.unchanged == 0) return 2;
        return s.failed() > 0 ? 1 : 0;
    } catch (const lede::Error& e) {
        std::cerr << "lede-index: " << lede::terminal_text(e.what(), lede::ControlAs::Escape, true) << '\n';
    } catch (const Xapian::Error& e) {
        // A write error on a full disk says so, naming the index, with Xapian's text after it.
        const bool full = !options.stats && lede::is_disk_full_error(e, options.db);
        const std::string text = std::string(e.get_type()) + ": " + e.get_msg();
        std::cerr << "lede-index: "
                  << lede::terminal_text(full ? lede::disk_full_message(options.db, e.get_description()) : text,
                                         lede::ControlAs::Escape, true)
                  << '\n';
    } catch (const std::filesystem::filesystem_error& e) {
        const bool full = e.code() == std::errc::no_space_on_device;
        std::cerr << "lede-index: "
                  << lede::terminal_text(full ? lede::disk_full_message(options.db, e.what()) : std::string(e.what()),
                                         lede::ControlAs::Escape, true)
                  << '\n';
    } catch (const std::exception& e) {
        std::cerr << "lede-index: " << lede::terminal_text(e.what(), lede::ControlAs::Escape, true) << '\n';
    }
    return 2;
}

// SPDX-License-Identifier: MIT
// lede-index: parse the command line, run the indexer, map outcomes to messages and exit codes.
#include "cli.hpp"
#include "error.hpp"

#include <xapian.h>

#include <cstdio>
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
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : 2;
    }
    if (options.inputs.empty() && options.delete_ids.empty()) {
        std::cerr << "lede-index: nothing to do: give input files (or --delete IDS); see --help\n";
        return 2;
    }
    try {
        const lede::IndexStats s = lede::run_index(options, std::cout, std::cerr);
        if (!options.quiet && !options.json) {
            std::fprintf(stderr,
                         "lede-index: %zu added, %zu updated, %zu unchanged, %zu deleted, %zu skipped; "
                         "%zu articles in the index (%.2f s)\n",
                         s.added, s.updated, s.unchanged, s.deleted, s.skipped, s.documents, s.seconds);
        }
        if (s.failed_files > 0 && s.files == 0) return 2;
        return s.skipped > 0 || s.failed_files > 0 ? 1 : 0;
    } catch (const lede::Error& e) {
        std::cerr << "lede-index: " << e.what() << '\n';
    } catch (const Xapian::Error& e) {
        std::cerr << "lede-index: " << e.get_type() << ": " << e.get_msg() << '\n';
    } catch (const std::exception& e) {
        std::cerr << "lede-index: " << e.what() << '\n';
    }
    return 2;
}

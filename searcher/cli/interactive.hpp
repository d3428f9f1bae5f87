// SPDX-License-Identifier: MIT
// lede-search -i: the interactive full-screen terminal UI (ncursesw), over the public API and the
// engine's request as the rest of the command line uses them.
#pragma once

#include "cli.hpp"

#include <lede/search.hpp>

namespace lede {

/// The --help paragraph on the interactive mode and its keys (the man page shows it too).
extern const char* const interactive_help;

/// Run the interactive UI on the terminal (stdin and stdout must both be terminals: the caller
/// checks). The options' query is the first one searched; their request (dates, sort, ranking,
/// passages, --literal, --all...) is the base of every search. The ids and urls picked with y / u
/// are printed to stdout, one per line, after the screen is restored. Returns the exit status: 0
/// on quitting, 130 on Ctrl-C; throws what the API throws for an error that ends the session.
int run_interactive(api::Searcher& searcher, const SearchOptions& options);

} // namespace lede

// SPDX-License-Identifier: MIT
// Parse errors of both command lines: "unknown option --exlude; did you mean --exclude?" (the
// nearest known option by edit distance), every message prefixed by the program's name, exit 2.
#pragma once

#include <CLI/CLI.hpp>

#include <iosfwd>
#include <string>
#include <vector>

namespace lede::cli {

/// The known name nearest to `typed` ("--exlude" -> "--exclude"): a unique prefix match, else the
/// smallest Damerau-Levenshtein distance if it is small for the name's length; "" when none is close.
std::string nearest_option(const std::string& typed, const std::vector<std::string>& known);

/// What `app.parse` threw, reported: --help, --help-all and --version print and return 0; an
/// unknown option gets a suggestion; everything else "PROGRAM: message; see PROGRAM --help".
/// Returns the exit status (0 or 2).
/// With `config`, an error over a value from the config file names its FILE:LINE.
class ConfigFile;
int report_parse_error(CLI::App& app, const CLI::ParseError& e, std::ostream& out, std::ostream& err,
                       const ConfigFile* config = nullptr);

} // namespace lede::cli

// SPDX-License-Identifier: MIT
// The --help layout both command lines share: everyday options first (CLI11's default group,
// "Options"), the rest in named groups ("Output", "Ranking", "Advanced", ...) that --help only
// names and --help-all describes; descriptions wrapped to the terminal's width.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace lede::cli {

/// Options (by any of their names, e.g. "--k1") moved out of the everyday list into a group.
/// Names that the app does not have are ignored, so a table can outlive a renamed option.
struct HelpGroup {
    std::string name;
    std::vector<std::string> options;
};

/// Move the options into their groups, install the formatter and the --help-all flag.
/// `brief_footer` replaces the app's footer under --help; --help-all prints the whole footer.
void use_grouped_help(CLI::App& app, const std::vector<HelpGroup>& groups, std::string brief_footer);

/// Name options' values in the help ("--db PATH" rather than "--db TEXT"), for options that have
/// no option_text of their own.
void set_value_names(CLI::App& app, const std::vector<std::pair<std::string, std::string>>& names);

/// The width help text is wrapped to: the terminal's (stdout), else $COLUMNS, else 80; at most 100.
std::size_t help_width();

/// `text` wrapped to `width` columns, every line after the first indented by `indent` spaces
/// (explicit newlines are kept as line breaks).
std::string wrap_text(const std::string& text, std::size_t indent, std::size_t width);

/// Every long and short option name of `app` ("--db", "-n"), including --help and --help-all.
std::vector<std::string> option_names(const CLI::App& app);

} // namespace lede::cli

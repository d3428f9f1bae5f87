// SPDX-License-Identifier: MIT
// Shell completion scripts for bash, zsh and fish, generated from a CLI11 app's own options (so
// they list exactly the options the program has) and a few hints for the options' values.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace lede::cli {

/// What an option's value (or, with option "", the positional arguments) completes to.
struct ValueHint {
    enum class Kind { Words, File, Directory, Nothing };
    std::string option;             // "--sort", or "" for the positionals
    Kind kind = Kind::Nothing;
    std::vector<std::string> words; // Kind::Words
};

/// The completion script for `shell` ("bash", "zsh" or "fish"); throws std::invalid_argument for another.
std::string completion_script(const CLI::App& app, const std::string& shell, const std::vector<ValueHint>& hints);

/// Add --completion SHELL to `app`: prints the script and exits 0 (report_parse_error).
void add_completion_option(CLI::App& app, std::vector<ValueHint> hints);

} // namespace lede::cli

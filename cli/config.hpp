// SPDX-License-Identifier: MIT
// The config file both command lines read: $XDG_CONFIG_HOME/lede/config (default
// ~/.config/lede/config), or --config FILE; --no-config reads none. CLI11's own TOML/INI support
// reads it and sets the options the command line leaves unset; this file adds the sections
// (top level: db, for both programs; [search] for lede-search, [index] for lede-index) and checks
// every line first, so a bad entry is named by file and line.
#pragma once

#include <CLI/CLI.hpp>

#include <map>
#include <stdexcept>
#include <string>

namespace lede::cli {

struct ConfigFileError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class ConfigFile {
public:
    /// The default path: $XDG_CONFIG_HOME/lede/config, else $HOME/.config/lede/config.
    static std::string default_path();

    /// Register --config and --no-config on `app` (after its other options), pick the file from
    /// argv, check it (throws ConfigFileError naming FILE:LINE) and let CLI11 read it with the
    /// entries of `section` ("search" or "index") and the top level.
    void install(CLI::App& app, int argc, const char* const* argv, const std::string& section);

    /// "FILE:LINE: " for a parse error CLI11 raised over a value from the file (the option named in
    /// the message is set there and not on the command line), else "".
    std::string locate(const std::string& message) const;

    const std::string& path() const { return m_path; }

private:
    std::string m_path;                          // the file read ("" none)
    std::map<std::string, std::size_t> m_lines;  // option name (without dashes) -> line
    std::map<std::string, std::string> m_text;   // option name -> the line's text
    std::vector<std::string> m_argv;
};

} // namespace lede::cli

// SPDX-License-Identifier: MIT
// The files an indexing run reads: command-line arguments, directories walked, globs applied.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lede {

struct InputFile {
    std::string display;          // as the user would name it: the argument, or directory + "/" + relative path
    std::string path;             // absolute, symlinks resolved ("" for standard input)
    bool is_stdin = false;
    std::uint64_t size = 0;
    std::int64_t mtime_ns = 0;
    bool explicit_arg = false;    // named on the command line (read whatever its name says)
    /// False for a pipe, FIFO, process substitution (`<(...)`), /dev/stdin or a device named on the
    /// command line: read once as a stream, like standard input (never hashed first, no file state).
    bool regular = true;
};

struct WalkOptions {
    std::vector<std::string> include;   // globs: a file found in a directory must match one (if any given)
    std::vector<std::string> exclude;   // globs: files and directories matching one are left out
    std::string skip_dir;               // never descend here (the index being written)
    bool follow_symlinks = false;       // follow links leading outside the directory given, and linked directories
};

struct WalkResult {
    std::vector<InputFile> files;
    std::vector<std::pair<std::string, std::string>> errors; // (display, reason)
    std::size_t ignored = 0;                                  // files of unknown type in directories
    std::vector<std::string> ignored_names;                   // their display names (the first 1000)
    std::vector<std::pair<std::string, std::string>> links_skipped; // (display, target): links leading outside
};

/// Expand the arguments: "-" is standard input, a directory is walked recursively (sorted, hidden
/// entries and unknown file types left out), a file is taken as it is. The same file named twice
/// is read once. In a walked directory, a symbolic link to a file inside the directory given is
/// read; a link leading outside it is not followed (it is listed in links_skipped) and a linked
/// directory is not entered, unless options.follow_symlinks (then loops are cut). Arguments that
/// are links themselves are followed: the user named them.
WalkResult collect_inputs(const std::vector<std::string>& args, const WalkOptions& options);

/// Glob match: '*' any run of characters except '/', '**' any run including '/', '?' one
/// character, [abc] / [a-z] / [!a] classes. A pattern without '/' is matched against the file's
/// name only; one with '/' against the path relative to the directory given.
bool glob_match(std::string_view pattern, std::string_view text);

/// Whether a walked path is included under `options`: `rel` is relative to the walked directory.
bool glob_selected(const WalkOptions& options, std::string_view rel, bool is_dir);

} // namespace lede

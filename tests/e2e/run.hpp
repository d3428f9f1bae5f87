// SPDX-License-Identifier: MIT
// Helpers for end-to-end tests: run the real binaries, capture stdout/stderr/exit code, temp dirs.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace lede::e2e {

struct RunResult {
    int code = -1;       // exit status (128 + signal when killed)
    std::string out;     // stdout
    std::string err;     // stderr
};

/// Run `argv` (argv[0] is a path) with optional stdin text and extra environment ("K=V").
RunResult run(const std::vector<std::string>& argv, const std::string& stdin_text = {},
              const std::vector<std::string>& env = {});

/// A child process running in the background; its output goes to files in its own temp dir.
class Process {
public:
    explicit Process(const std::vector<std::string>& argv);
    ~Process();                       // kills (SIGKILL) and reaps the child if still running
    Process(const Process&) = delete;
    Process& operator=(const Process&) = delete;
    int pid() const { return m_pid; }
    void signal(int sig);
    bool running();                   // false once it has exited (reaps it)
    RunResult wait();                 // waits for exit and returns code and output

private:
    int m_pid = -1;
    int m_status = -1;
    std::filesystem::path m_dir;
};

/// Paths of the built binaries and the source tree (from CMake).
std::string lede_index();
std::string lede_search();
std::filesystem::path source_dir();
/// ../shared/corpora beside the repository (CI lays it there); empty when absent.
std::filesystem::path shared_corpora();

/// True when LEDE_TEST_LIGHT is set (.ci/run sets it for the suite's run under ASan + UBSan): the
/// longest tests then do the same checks on a sample (fewer rounds, articles, queries) and scale
/// time and memory bounds for a build that runs about four times slower and uses more memory.
bool light_tests();

/// The first `n` lines of `path`, in a file beside it (PATH.first-N) made once and kept: the
/// sample that light tests index instead of the whole corpus.
std::string first_lines(const std::string& path, std::size_t n);

/// A fresh temporary directory, removed when the object dies.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return m_path; }
    std::string operator/(const std::string& name) const { return (m_path / name).string(); }

private:
    std::filesystem::path m_path;
};

/// Split text into lines (without the newlines).
std::vector<std::string> lines(const std::string& text);

} // namespace lede::e2e

// SPDX-License-Identifier: MIT
// fork/exec with stdout and stderr captured through temporary files (no shell, no quoting).
#include "run.hpp"

#include <cstdlib>
#include <csignal>
#include <fcntl.h>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace lede::e2e {
namespace {

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

} // namespace

std::string lede_index() { return LEDE_INDEX_BIN; }
std::string lede_search() { return LEDE_SEARCH_BIN; }
fs::path source_dir() { return LEDE_SOURCE_DIR; }

fs::path shared_corpora() {
    if (const char* env = std::getenv("LEDE_SHARED_CORPORA")) return env;
    fs::path p = source_dir().parent_path() / "shared" / "corpora";
    std::error_code ec;
    return fs::is_directory(p, ec) ? p : fs::path();
}

TempDir::TempDir() {
    std::random_device rd;
    for (int i = 0; i < 100; ++i) {
        fs::path p = fs::temp_directory_path() / ("lede-test-" + std::to_string(rd()));
        std::error_code ec;
        if (fs::create_directory(p, ec)) {
            m_path = p;
            return;
        }
    }
    throw std::runtime_error("cannot create a temporary directory");
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(m_path, ec);
}

RunResult run(const std::vector<std::string>& argv, const std::string& stdin_text, const std::vector<std::string>& env) {
    TempDir io;
    const fs::path in = io.path() / "in", out = io.path() / "out", err = io.path() / "err";
    {
        std::ofstream f(in, std::ios::binary);
        f << stdin_text;
    }
    pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        int fi = open(in.c_str(), O_RDONLY);
        int fo = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int fe = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        dup2(fi, 0);
        dup2(fo, 1);
        dup2(fe, 2);
        for (const auto& kv : env) putenv(const_cast<char*>(kv.c_str()));
        std::vector<char*> args;
        for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        execv(args[0], args.data());
        _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    RunResult r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = slurp(out);
    r.err = slurp(err);
    return r;
}

Process::Process(const std::vector<std::string>& argv) {
    m_dir = fs::temp_directory_path() / ("lede-proc-" + std::to_string(std::random_device{}()));
    fs::create_directories(m_dir);
    const fs::path out = m_dir / "out", err = m_dir / "err";
    m_pid = fork();
    if (m_pid < 0) throw std::runtime_error("fork failed");
    if (m_pid == 0) {
        int fi = open("/dev/null", O_RDONLY);
        int fo = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int fe = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        dup2(fi, 0);
        dup2(fo, 1);
        dup2(fe, 2);
        std::vector<char*> args;
        for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        execv(args[0], args.data());
        _exit(127);
    }
}

Process::~Process() {
    if (m_pid > 0 && m_status < 0) {
        kill(m_pid, SIGKILL);
        waitpid(m_pid, &m_status, 0);
    }
    std::error_code ec;
    fs::remove_all(m_dir, ec);
}

void Process::signal(int sig) {
    if (m_status < 0) kill(m_pid, sig);
}

bool Process::running() {
    if (m_status >= 0) return false;
    int st = 0;
    if (waitpid(m_pid, &st, WNOHANG) == m_pid) {
        m_status = st;
        return false;
    }
    return true;
}

RunResult Process::wait() {
    if (m_status < 0) waitpid(m_pid, &m_status, 0);
    RunResult r;
    r.code = WIFEXITED(m_status) ? WEXITSTATUS(m_status) : 128 + WTERMSIG(m_status);
    r.out = slurp(m_dir / "out");
    r.err = slurp(m_dir / "err");
    return r;
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream s(text);
    std::string line;
    while (std::getline(s, line)) out.push_back(line);
    return out;
}

bool light_tests() { return std::getenv("LEDE_TEST_LIGHT") != nullptr; }

std::string first_lines(const std::string& path, std::size_t n) {
    const std::string sample = path + ".first-" + std::to_string(n);
    std::error_code ec;
    if (std::filesystem::exists(sample) &&
        std::filesystem::last_write_time(sample, ec) >= std::filesystem::last_write_time(path, ec))
        return sample; // made from this copy of `path` (a fixture made again makes it again)
    // Written under a name of this process's own, then renamed: tests running side by side may
    // make it at the same time, and none of them reads half a file.
    const std::string part = sample + ".part-" + std::to_string(::getpid());
    {
        std::ifstream in(path);
        std::ofstream out(part);
        std::string line;
        for (std::size_t i = 0; i < n && std::getline(in, line); ++i) out << line << '\n';
        if (!out) throw std::runtime_error("cannot write " + part);
    }
    std::filesystem::rename(part, sample);
    return sample;
}

} // namespace lede::e2e

// SPDX-License-Identifier: MIT
// Reporter: one mutex around stderr so the progress line and messages never interleave.
#include "progress.hpp"

#include "terminal_text.hpp"

#include <nlohmann/json.hpp>

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

namespace lede {

std::string format_progress(std::size_t files_done, std::size_t files_total, std::size_t articles,
                            double articles_per_s, double mb_per_s, double eta_seconds) {
    char buf[200];
    int n = std::snprintf(buf, sizeof buf, "%zu/%zu files, %zu articles, %.0f articles/s, %.1f MB/s", files_done,
                          files_total, articles, articles_per_s, mb_per_s);
    std::string out(buf, static_cast<std::size_t>(n));
    if (eta_seconds >= 0) {
        const long s = static_cast<long>(eta_seconds + 0.5);
        if (s >= 3600) std::snprintf(buf, sizeof buf, ", ETA %ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
        else std::snprintf(buf, sizeof buf, ", ETA %ld:%02ld", s / 60, s % 60);
        out += buf;
    }
    return out;
}

const char* phase_name(ProgressPhase phase) {
    switch (phase) {
    case ProgressPhase::Indexing: return "indexing";
    case ProgressPhase::Reading: return "reading";
    case ProgressPhase::Pruning: return "pruning";
    case ProgressPhase::Merging: return "merging segments";
    case ProgressPhase::Committing: return "committing";
    }
    return "indexing";
}

std::string progress_line(ProgressPhase phase, std::size_t files_done, std::size_t files_total, std::size_t articles,
                          double articles_per_s, double mb_per_s, double eta_seconds, double phase_seconds,
                          std::size_t width) {
    std::string line = std::string("lede-index: ") + phase_name(phase) + ": ";
    if (phase == ProgressPhase::Indexing || phase == ProgressPhase::Reading) {
        line += format_progress(files_done, files_total, articles, articles_per_s, mb_per_s, eta_seconds);
    } else {
        // No rates or ETA: nothing is read any more, and the phase's length is not known ahead.
        char buf[160];
        std::snprintf(buf, sizeof buf, "%zu/%zu files, %zu articles, %.0f s", files_done, files_total, articles,
                      phase_seconds);
        line += buf;
    }
    // ASCII only (no names from data), so bytes are columns. One column is kept free: a line as
    // wide as the terminal makes some terminals wrap the cursor. Too wide: the rates go first
    // (files, articles and the ETA stay), then the line is cut.
    if (width > 1 && line.size() > width - 1 && (phase == ProgressPhase::Indexing || phase == ProgressPhase::Reading)) {
        std::string compact = format_progress(files_done, files_total, articles, 0, 0, eta_seconds);
        // "N/M files, K articles, 0 articles/s, 0.0 MB/s[, ETA ...]" without the two rates.
        const auto rates = compact.find(", 0 articles/s, 0.0 MB/s");
        if (rates != std::string::npos) compact.erase(rates, std::string(", 0 articles/s, 0.0 MB/s").size());
        line = std::string("lede-index: ") + phase_name(phase) + ": " + compact;
    }
    if (width > 1 && line.size() > width - 1) line.resize(width - 1);
    return line;
}

std::size_t stderr_width() {
    winsize ws{};
    if (isatty(STDERR_FILENO) && ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
    if (const char* cols = std::getenv("COLUMNS")) {
        const int n = std::atoi(cols);
        if (n > 0) return static_cast<std::size_t>(n);
    }
    return 80;
}

Reporter::Reporter(std::ostream& err, std::ostream* json, bool quiet) : m_err(err), m_json(json), m_quiet(quiet) {}

Reporter::~Reporter() { stop_progress(); }

std::string Reporter::category(const std::string& reason) {
    const auto cut = reason.find_first_of(":,(");
    std::string head = reason.substr(0, cut);
    while (!head.empty() && head.back() == ' ') head.pop_back();
    std::string out;
    for (std::size_t i = 0; i < head.size(); ++i) {
        if (head[i] >= '0' && head[i] <= '9') {
            while (i + 1 < head.size() && head[i + 1] >= '0' && head[i + 1] <= '9') ++i;
            out += 'N';
        } else {
            out += head[i];
        }
    }
    return out;
}

void Reporter::clear_line_locked() {
    if (m_line_shown) {
        m_err << "\r\033[K";
        m_line_shown = false;
    }
}

void Reporter::skip(const std::string& path, std::size_t line, const std::string& reason) {
    std::lock_guard lock(m_mutex);
    ++m_skipped;
    ++m_failures[category(reason)];
    clear_line_locked();
    // File and member names and reasons come from data: written through terminal_text.
    m_err << "lede-index: " << terminal_text(path);
    if (line) m_err << ':' << line;
    m_err << ": skipped: " << terminal_text(reason) << '\n';
    if (m_json)
        *m_json << nlohmann::json{{"type", "skipped"}, {"data", {{"path", path}, {"line", line}, {"reason", reason}}}}
                       .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                << '\n';
}

void Reporter::file_failed(const std::string& path, const std::string& reason) {
    std::lock_guard lock(m_mutex);
    ++m_failed_files;
    ++m_failures[category(reason)];
    clear_line_locked();
    m_err << "lede-index: " << terminal_text(path) << ": skipped: " << terminal_text(reason) << '\n';
    if (m_json)
        *m_json << nlohmann::json{{"type", "skipped"}, {"data", {{"path", path}, {"line", 0}, {"reason", reason}}}}
                       .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                << '\n';
}

void Reporter::warn(const std::string& where, const std::string& message) {
    std::lock_guard lock(m_mutex);
    ++m_warnings;
    if (m_quiet) return;
    clear_line_locked();
    m_err << "lede-index: " << terminal_text(where) << ": warning: " << terminal_text(message, ControlAs::Escape, true) << '\n';
}

void Reporter::note(const std::string& text) {
    std::lock_guard lock(m_mutex);
    if (m_quiet) return;
    clear_line_locked();
    m_err << "lede-index: " << terminal_text(text, ControlAs::Escape, true) << '\n';
}

std::size_t Reporter::skipped() const {
    std::lock_guard lock(m_mutex);
    return m_skipped;
}
std::size_t Reporter::failed_files() const {
    std::lock_guard lock(m_mutex);
    return m_failed_files;
}
std::size_t Reporter::warnings() const {
    std::lock_guard lock(m_mutex);
    return m_warnings;
}
std::map<std::string, std::size_t> Reporter::failures() const {
    std::lock_guard lock(m_mutex);
    return m_failures;
}

void Reporter::draw_locked() {
    const ProgressCounters& c = *m_counters;
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - m_started).count();
    if (secs <= 0) return;
    const double bytes = static_cast<double>(c.bytes_read.load() + c.bytes_skipped.load());
    const double total = static_cast<double>(c.bytes_total.load());
    const double rate = bytes / secs;
    double eta = -1;
    if (total > 0 && rate > 0 && bytes > 0) eta = std::max(0.0, (total - bytes) / rate);
    const ProgressPhase phase = c.phase.load();
    const auto now = std::chrono::steady_clock::now();
    if (phase != m_phase) {
        m_phase = phase;
        m_phase_started = now;
    }
    const double phase_secs = std::chrono::duration<double>(now - m_phase_started).count();
    // Read each time: the terminal may have been resized.
    const std::string line = progress_line(phase, c.files_done.load(), c.files_total.load(), c.articles.load(),
                                           static_cast<double>(c.articles.load()) / secs,
                                           static_cast<double>(c.bytes_read.load()) / secs / 1e6, eta, phase_secs,
                                           m_terminal ? stderr_width() : 0);
    if (m_terminal) {
        m_err << "\r\033[K" << line << std::flush;
        m_line_shown = true;
    } else {
        m_err << line << '\n' << std::flush;
    }
}

void Reporter::start_progress(const ProgressCounters& counters, bool terminal) {
    std::lock_guard lock(m_mutex);
    if (m_thread.joinable()) return;
    m_counters = &counters;
    m_terminal = terminal;
    m_started = std::chrono::steady_clock::now();
    m_phase = counters.phase.load();
    m_phase_started = m_started;
    m_stop = false;
    m_thread = std::thread([this] {
        std::unique_lock lk(m_mutex);
        const auto period = std::chrono::milliseconds(m_terminal ? 200 : 1000);
        while (!m_wake.wait_for(lk, period, [this] { return m_stop; })) draw_locked();
        if (m_terminal) clear_line_locked();
        else draw_locked(); // the final state, for logs
        m_err << std::flush;
    });
}

void Reporter::stop_progress() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable()) m_thread.join();
}

} // namespace lede

// SPDX-License-Identifier: MIT
// Messages from every indexing thread, failure counts by reason, and the live progress line.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <ostream>
#include <string>
#include <thread>

namespace lede {

/// What the run is doing, named by the progress line.
enum class ProgressPhase { Indexing, Reading, Pruning, Merging, Committing };

/// "indexing", "reading", "pruning", "merging segments", "committing".
const char* phase_name(ProgressPhase phase);

/// Counters the pipeline bumps and the progress line reads.
struct ProgressCounters {
    std::atomic<ProgressPhase> phase{ProgressPhase::Indexing};
    std::atomic<std::uint64_t> bytes_read{0};    // input bytes read (hashing and parsing)
    std::atomic<std::uint64_t> bytes_skipped{0}; // sizes of files found unchanged without reading them
    std::atomic<std::uint64_t> bytes_total{0};  // 0 when unknown (standard input)
    std::atomic<std::size_t> files_done{0};
    std::atomic<std::size_t> files_total{0};
    std::atomic<std::size_t> articles{0};       // articles written or found unchanged
};

/// "12/22 files, 8123 articles, 4100 articles/s, 12.3 MB/s, ETA 0:05" (ETA only when the total is known).
std::string format_progress(std::size_t files_done, std::size_t files_total, std::size_t articles,
                            double articles_per_s, double mb_per_s, double eta_seconds);

/// The whole progress line: "lede-index: PHASE: ..." (rates and ETA while indexing or reading; after
/// that, the phase's own time), cut to `width` columns when width > 0 (a terminal: never wraps).
std::string progress_line(ProgressPhase phase, std::size_t files_done, std::size_t files_total, std::size_t articles,
                          double articles_per_s, double mb_per_s, double eta_seconds, double phase_seconds,
                          std::size_t width);

/// The width of the terminal on stderr (COLUMNS when it does not say; 80 by default).
std::size_t stderr_width();

/// Thread-safe reporting. Every message goes to `err` as "lede-index: WHERE: kind: text"; with a
/// JSON stream, skipped records also go there as {"type":"skipped","data":{path,line,reason}}.
class Reporter {
public:
    Reporter(std::ostream& err, std::ostream* json, bool quiet);
    ~Reporter();

    /// A bad record (line > 0) or a member or file that could not be read (line 0); counted by reason.
    void skip(const std::string& path, std::size_t line, const std::string& reason);
    /// An input that could not be read at all: counted as a failed file.
    void file_failed(const std::string& path, const std::string& reason);
    /// A record kept despite a problem; `where` is "path:line" or "path".
    void warn(const std::string& where, const std::string& message);
    /// Any other line ("lede-index: " + text), unless quiet.
    void note(const std::string& text);

    /// Start showing progress from `counters` until stop_progress(): on a terminal one line redrawn
    /// every 200 ms and cleared at the end; otherwise (--progress into a file or pipe) a line every
    /// second and a last one at the end.
    void start_progress(const ProgressCounters& counters, bool terminal);
    void stop_progress();

    std::size_t skipped() const;
    std::size_t failed_files() const;
    std::size_t warnings() const;
    std::map<std::string, std::size_t> failures() const;

    /// The reason's category for the failure counts: the text before the first ':', ',' or '(',
    /// with numbers replaced by N ("malformed JSON: column 7" -> "malformed JSON").
    static std::string category(const std::string& reason);

private:
    void clear_line_locked();
    void draw_locked();

    std::ostream& m_err;
    std::ostream* m_json;
    bool m_quiet;
    mutable std::mutex m_mutex;
    std::size_t m_skipped = 0, m_failed_files = 0, m_warnings = 0;
    std::map<std::string, std::size_t> m_failures;

    const ProgressCounters* m_counters = nullptr;
    std::chrono::steady_clock::time_point m_started;
    ProgressPhase m_phase = ProgressPhase::Indexing;
    std::chrono::steady_clock::time_point m_phase_started;
    bool m_line_shown = false;
    bool m_terminal = true;
    bool m_stop = false;
    std::condition_variable m_wake;
    std::thread m_thread;
};

} // namespace lede

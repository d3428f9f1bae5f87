// SPDX-License-Identifier: MIT
// The indexing pipeline's threads: one producer, N analysis workers, one writer applying results in
// input order, with the number and bytes of items in flight bounded.
#pragma once

#include "document.hpp"
#include "file_state.hpp"

#include "document_builder.hpp"

#include <xapian.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace lede {

/// One input file as the pipeline tracks it. The producer fills it; the writer reads it at FileEnd.
struct FileJob {
    std::string key;         // file_key(path); "" for standard input (no incremental state)
    std::string display;     // in messages
    std::string id_base;     // absolute path: derived ids and origins start with it
    FileState state;         // recorded in the index when the file was read completely
    bool complete = true;    // false when reading stopped early (the file is read again next time)
    std::size_t skipped = 0; // bad records in it
    bool conflicted = false; // it shares an id with another existing file (then read again next time)
};

/// What travels through the pipeline.
struct WorkItem {
    enum class Kind { Article, FileStart, FileEnd, State };
    enum class Verdict { Build, Unchanged, Relocate };

    Kind kind = Kind::Article;
    std::uint64_t seq = 0;
    std::size_t bytes = 0;             // memory accounted for while in flight
    std::shared_ptr<FileJob> file;
    Article article;
    std::string where;                 // "display:line" for messages

    // Filled by an analysis worker (Kind::Article).
    Verdict verdict = Verdict::Build;
    std::string data;                  // encode_article(article)
    Xapian::Document doc;              // when Build
    bool existed = false;              // the id was in the index (snapshot) ...
    Xapian::docid docid = 0;           // ... as this document
    std::string old_lang;              // its language value
    std::string old_file_key;          // its file key value
    BuildReport report;                // what the build met (long words, huge text)
    std::vector<std::string> spelling; // words for the spelling table (when enabled)
    std::size_t shard = 0;             // the database it goes to (ShardSet::route)
    bool looked_up = true;             // existed/docid/old_* are known (false: no snapshot to ask)
};

/// Runs `work` on worker threads and `write` on one writer thread, in the order items were pushed.
/// The producer blocks while `max_items` items or `max_bytes` bytes are in flight. An exception in
/// a worker or the writer stops the pipeline and is rethrown by the next push() or finish().
class Pipeline {
public:
    using Work = std::function<void(WorkItem&, unsigned worker)>;
    using Write = std::function<void(WorkItem&)>;

    Pipeline(unsigned workers, std::size_t max_items, std::size_t max_bytes, Work work, Write write);
    ~Pipeline();
    Pipeline(const Pipeline&) = delete;
    Pipeline& operator=(const Pipeline&) = delete;

    /// Queue an item; `analyse` = it goes through a worker first (articles), else straight to the writer.
    void push(std::unique_ptr<WorkItem> item, bool analyse);
    /// Wait until everything pushed has been written, stop the threads, rethrow a failure.
    void finish();

private:
    void worker_loop(unsigned id);
    void writer_loop();
    void fail_locked(std::exception_ptr e);
    void stop_and_join();

    Work m_work;
    Write m_write;
    std::size_t m_max_items, m_max_bytes;

    std::mutex m_mutex;
    std::condition_variable m_cv_work, m_cv_write, m_cv_space;
    std::deque<std::unique_ptr<WorkItem>> m_todo;
    std::map<std::uint64_t, std::unique_ptr<WorkItem>> m_done;
    std::uint64_t m_next_seq = 0;  // next to assign
    std::uint64_t m_write_seq = 0; // next to write
    std::size_t m_in_flight = 0, m_in_flight_bytes = 0;
    bool m_closing = false, m_stopped = false;
    std::exception_ptr m_error;
    std::vector<std::thread> m_threads;
};

} // namespace lede

// SPDX-License-Identifier: MIT
// Segment databases: new articles written in batches by a pool of threads into small databases,
// then merged into the index with Xapian's compaction.
#pragma once

#include <xapian.h>

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace lede {

/// The file in each segment directory naming the index it belongs to (segment_owner_text).
inline constexpr const char* segment_owner_file = "lede-segments-of";
/// "lede segments of index CANONICAL-PATH\n": the proof recover() asks for.
std::string segment_owner_text(const std::string& db_path);

/// Xapian's single writer spends most of its time in its in-memory inverter, whose cost grows with
/// the changes it holds. SegmentWriters cuts the stream of new documents into batches of about
/// `batch_bytes`, writes each batch into a database of its own on one of `threads` threads, and
/// merges them after the main index, in batch order, with Xapian::Database::compact: document ids
/// follow the order of add() calls, as if one writer had added them.
///
/// Only for documents whose id is not in the main index (a new or empty index). An id added twice
/// keeps one document, the later, at the earlier one's place (as replace_document would): in the
/// batch being filled, or, when that batch is written already, in its segment before the merge
/// (such documents wait in memory until then).
///
/// The segments live in a directory beside the index ("<db>.segments-<pid>"), removed by the
/// destructor (or, after a crash, by the next run: recover()). Xapian::Error from a segment
/// thread is rethrown by the next add() or by finish().
class SegmentWriters {
public:
    /// What the caller remembers about an added article (opaque here).
    struct Note {
        std::uint32_t file = 0;
        std::uint16_t lang = 0;
    };

    SegmentWriters(const std::string& db_path, unsigned threads, std::size_t batch_bytes);
    ~SegmentWriters();
    SegmentWriters(const SegmentWriters&) = delete;
    SegmentWriters& operator=(const SegmentWriters&) = delete;

    /// The note given when the article with this id hash was added in this run, if it was.
    std::optional<Note> find(std::uint64_t id_hash) const;

    /// Queue a new document. `id_term` is its unique term, `id_hash` a hash of it; `bytes` counts
    /// towards the batch size. Blocks while the threads are behind.
    void add(std::uint64_t id_hash, const std::string& id_term, Xapian::Document&& doc, std::size_t bytes, Note note);

    /// Documents added so far (each id once).
    std::size_t size() const { return m_ids.size(); }

    /// Spelling words and their frequencies for the merged index: written by finish() into a
    /// database of their own, beside the last segments, and added up with the main index's by
    /// merge() (compaction sums the frequencies of a word).
    /// Counts below 1 are left out (a segment run only adds articles).
    void set_spelling(std::unordered_map<std::string, long>&& words) { m_spelling = std::move(words); }

    /// Copy keys (as numbers, copy_key_number) that two or more of the run's articles have:
    /// finish() marks those articles in their segments, so that the merge stays compact.
    void set_copies(std::unordered_set<std::uint64_t>&& keys) { m_copies = std::move(keys); }

    /// Write the last batch (and the spelling words), wait for the threads, apply deletions of
    /// replaced copies.
    void finish();

    /// After finish(): compact `main_path` as committed, followed by the segments, into a new
    /// database beside it, and open that for writing (the caller adds its run's metadata and
    /// commits). The main index is not touched.
    Xapian::WritableDatabase merge(const std::string& main_path);

    /// After merge() and the caller's commit to the merged database: move its files into
    /// `main_path` (open for writing as `main`, whose lock is kept meanwhile and which must have no
    /// uncommitted changes; closed at the end). Once the merged database is complete, it is marked
    /// ready (renamed) before any file moves, so that a crash while they move is completed by
    /// recover() in the next run.
    void install(Xapian::WritableDatabase& main, const std::string& main_path);

    /// Before opening `db_path` for writing: complete the install of a run that died after marking
    /// its merge ready, and remove the segment directories of runs that are no longer alive. Only
    /// directories holding segment_owner_file with this index's segment_owner_text are touched
    /// (others are passed to `warn` and left alone), and only while holding the index's write
    /// lock: when another writer holds it, nothing is touched whatever its pid looks like.
    static void recover(const std::string& db_path, const std::function<void(const std::string&)>& warn = {});

    /// Test hook: when the environment variable LEDE_TEST_CRASH_AT names `step` ("merge",
    /// "level", "compacted", "install", "ready", "swap"), the process kills itself with SIGKILL
    /// there, as a crash would. Not a user option.
    static void crash_point(const char* step);

private:
    struct Batch {
        std::uint32_t number = 0;
        std::vector<Xapian::Document> docs;
        std::size_t bytes = 0;
    };
    struct Entry {
        std::uint32_t batch = 0;
        std::uint32_t pos = 0;
        Note note;
    };

    std::string segment_path(std::uint32_t number) const;
    void dispatch();
    void thread_loop();
    void rethrow_locked();

    std::string m_index; // the index path, as given (for messages)
    std::string m_dir;
    std::size_t m_batch_bytes;
    std::size_t m_max_queued;
    std::unordered_map<std::uint64_t, Entry> m_ids;
    std::map<std::uint32_t, std::map<std::string, Xapian::Document>> m_replacements; // batch -> id term -> doc
    Batch m_current;
    std::uint32_t m_batches = 0; // batches dispatched

    std::mutex m_mutex;
    std::condition_variable m_cv_work, m_cv_space;
    std::deque<Batch> m_queue;
    bool m_closing = false;
    std::exception_ptr m_error;
    std::vector<std::thread> m_threads;
    std::unordered_map<std::string, long> m_spelling;
    std::unordered_set<std::uint64_t> m_copies;
    bool m_has_spelling = false; // its database was written
    bool m_installing = false;   // install() has marked the merge ready and not finished moving it
};

} // namespace lede

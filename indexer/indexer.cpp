// SPDX-License-Identifier: MIT
// The indexing run: collect inputs, skip unchanged files, read the others through the pipeline
// (analysis on worker threads, one writer), remove what disappeared, commit, summarize.
#include "indexer.hpp"

#include "analyzer.hpp"
#include "document_builder.hpp"
#include "error.hpp"
#include "file_state.hpp"
#include "formats.hpp"
#include "index_meta.hpp"
#include "inputs.hpp"
#include "interrupt.hpp"
#include "pipeline.hpp"
#include "progress.hpp"
#include "schema.hpp"
#include "segments.hpp"
#include "shards.hpp"
#include "sources.hpp"

#include <nlohmann/json.hpp>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <numeric>
#include <set>
#include <sys/stat.h>
#include <unistd.h>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace fs = std::filesystem;

namespace lede {
namespace {

std::uint64_t hash64(std::string_view s) {
    std::uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return h ? h : 1; // 0 marks an empty slot in IdSet
}

/// A set of 64-bit hashes with open addressing: 8 bytes per slot, so remembering every id an
/// indexing run touched costs about 16 bytes per article.
class IdSet {
public:
    bool insert(std::uint64_t h) {
        if ((m_size + 1) * 2 > m_slots.size()) grow();
        std::size_t i = h & (m_slots.size() - 1);
        while (m_slots[i]) {
            if (m_slots[i] == h) return false;
            i = (i + 1) & (m_slots.size() - 1);
        }
        m_slots[i] = h;
        ++m_size;
        return true;
    }
    bool contains(std::uint64_t h) const {
        if (m_slots.empty()) return false;
        std::size_t i = h & (m_slots.size() - 1);
        while (m_slots[i]) {
            if (m_slots[i] == h) return true;
            i = (i + 1) & (m_slots.size() - 1);
        }
        return false;
    }

private:
    void grow() {
        std::vector<std::uint64_t> old = std::move(m_slots);
        m_slots.assign(old.empty() ? 1024 : old.size() * 2, 0);
        m_size = 0;
        for (auto h : old)
            if (h) insert(h);
    }
    std::vector<std::uint64_t> m_slots;
    std::size_t m_size = 0;
};

std::string id_term_of(const std::string& id) { return limit_term_length(std::string(schema::prefix::id) + id); }

std::string file_term_of(const std::string& key) { return std::string(schema::prefix::file) + key; }

/// Analysis for one thread: its own analyzer, builder and read-only view of each shard as committed.
class Analysis {
public:
    Analysis(const AnalyzerConfig& config, ShardSet& shards, Reporter& reporter, bool spelling, bool snapshots = true)
        : m_analyzer(config), m_builder(m_analyzer), m_reporter(reporter), m_spelling(spelling), m_shards(shards) {
        for (std::size_t i = 0; snapshots && i < shards.size(); ++i) {
            std::unique_ptr<Xapian::Database> db = shards.open_reader(i);
            // A remote shard this thread cannot read: the writer looks its articles up instead.
            m_blind.push_back(!db && shards.remote());
            if (db && db->get_doccount() == 0) db.reset(); // a new index: nothing to compare with
            m_snapshots.push_back(std::move(db));
        }
    }

    /// Build the document of `item.article`, with the build report and spelling words in `item`.
    Xapian::Document build(WorkItem& item, const std::string& key) const {
        const Article& a = item.article;
        item.spelling.clear();
        Xapian::Document doc = m_builder.build(a, &item.report, m_spelling ? &item.spelling : nullptr);
        if (item.report.cut_tokens)
            m_reporter.warn(item.where, std::to_string(item.report.cut_tokens) + " word(s) longer than " +
                                            std::to_string(max_token_bytes) + " bytes indexed cut and hashed (longest: " +
                                            std::to_string(item.report.longest_cut) + " bytes)");
        if (item.report.text_bytes > large_article_bytes)
            m_reporter.warn(item.where, "very large article (" + std::to_string(item.report.text_bytes) +
                                            " bytes of text); indexed in full");
        if (!key.empty()) {
            doc.add_boolean_term(file_term_of(key));
            doc.add_value(schema::slot::file_key, key);
        }
        return doc;
    }

    void process(WorkItem& item) {
        Article& a = item.article;
        std::string problem;
        if (!prepare_article(a, problem)) m_reporter.warn(item.where, problem);
        const std::string& key = item.file->key;
        item.shard = m_shards.route(a);
        // Shards made during this run (a new year) start empty: nothing to look up.
        Xapian::Database* snapshot = item.shard < m_snapshots.size() ? m_snapshots[item.shard].get() : nullptr;
        item.looked_up = !(item.shard < m_blind.size() && m_blind[item.shard]);
        if (!snapshot) {
            // Nothing to compare with: build at once, and take the data the builder encoded.
            item.doc = build(item, key);
            item.data = item.doc.get_data();
            return;
        }
        item.data = encode_article(a);
        for (int attempt = 0;; ++attempt) {
            try {
                look_up(*snapshot, item, key);
                break;
            } catch (const Xapian::DatabaseModifiedError&) {
                if (attempt >= 3) throw;
                snapshot->reopen();
            }
        }
        if (item.verdict != WorkItem::Verdict::Build) return;
        item.doc = build(item, key);
    }

private:
    void look_up(Xapian::Database& snapshot, WorkItem& item, const std::string& key) {
        item.verdict = WorkItem::Verdict::Build;
        item.existed = false;
        const std::string term = id_term_of(item.article.id);
        Xapian::PostingIterator p = snapshot.postlist_begin(term);
        if (p == snapshot.postlist_end(term)) return;
        item.existed = true;
        item.docid = *p;
        const Xapian::Document old = snapshot.get_document(item.docid);
        item.old_lang = old.get_value(schema::slot::lang);
        item.old_file_key = old.get_value(schema::slot::file_key);
        const std::string old_data = old.get_data();
        if (old_data == item.data && item.old_file_key == key) {
            item.verdict = WorkItem::Verdict::Unchanged;
            return;
        }
        // Same content read from another place (lines moved, file renamed): only the stored
        // origin and the file tag change, which needs no analysis.
        try {
            Article before = decode_article(old_data);
            before.origin = item.article.origin;
            if (before == item.article) item.verdict = WorkItem::Verdict::Relocate;
        } catch (const Error&) {
        }
    }

    Analyzer m_analyzer;
    DocumentBuilder m_builder;
    Reporter& m_reporter;
    bool m_spelling;
    ShardSet& m_shards;
    std::vector<std::unique_ptr<Xapian::Database>> m_snapshots; // per shard; null when empty or unreadable
    std::vector<bool> m_blind;                                   // per shard: unreadable (remote)
};

/// The one thread that writes: applies analysed articles in input order, removes articles gone
/// from a re-read file, records file states, commits in batches. With segments (a new or empty
/// index), new articles go to the segment writers instead, and the main index's own changes reach
/// it only inside the merged database (finish_segments): its file states never get ahead of the
/// articles.
class Writer {
public:
    Writer(Xapian::WritableDatabase& db, IndexInfo& info, const IndexerOptions& opt, Reporter& reporter,
           Analysis& own, ProgressCounters& progress, IndexStats& stats)
        : m_db(db), m_info(info), m_opt(opt), m_reporter(reporter), m_own(own), m_progress(progress), m_stats(stats),
          m_flush_bytes(static_cast<std::size_t>(opt.flush_mb * 1024 * 1024)) {}

    /// From now on, new articles go to `segments`, and the main index's own changes (file states,
    /// run metadata) stay uncommitted until finish_segments() puts them into the merged database.
    void use_segments(SegmentWriters* segments) {
        m_db.begin_transaction();
        m_segments = segments;
    }

    /// The end of a segment run: merge the main index as committed with the segments and this
    /// run's spelling words, then write the file states and run metadata into the merged database
    /// and commit it there, before it replaces the main index. So the index never records a file
    /// as read while that file's articles are still in a segment; a crash before the merged
    /// database is in place leaves the index as it was before the run. Closes the main database.
    void finish_segments(const std::string& db_path) {
        write_index_info(m_db, m_info);
        // Only new articles go to segments: nothing was taken back. (An id read twice in a segment
        // run counts the words of both copies: the earlier one is replaced inside its segment,
        // where the writer cannot read its words.)
        m_segments->set_spelling(std::move(m_spelling_counts));
        m_spelling_counts.clear();
        // The index was new or empty: the copies among this run's articles are all its copies.
        m_segments->set_copies(std::move(m_keys_copied));
        m_keys_copied.clear();
        m_keys_seen.clear();
        m_segments->finish();
        {
            Xapian::WritableDatabase merged = m_segments->merge(db_path);
            // Metadata as the main index sees it now, uncommitted changes included (Xapian's
            // writable database reads its own pending metadata); keys this run removed go too.
            std::set<std::string> keys;
            for (auto it = m_db.metadata_keys_begin(); it != m_db.metadata_keys_end(); ++it) keys.insert(*it);
            std::vector<std::string> gone;
            for (auto it = merged.metadata_keys_begin(); it != merged.metadata_keys_end(); ++it)
                if (!keys.count(*it)) gone.push_back(*it);
            for (const auto& k : gone) merged.set_metadata(k, "");
            for (const auto& k : keys) merged.set_metadata(k, m_db.get_metadata(k));
            merged.commit();
            merged.close();
        }
        // Only metadata changed in the main index (its documents were new, all in segments).
        m_db.cancel_transaction();
        m_segments->install(m_db, db_path);
        m_segments = nullptr;
        m_pending = 0;
        m_pending_bytes = 0;
    }

    void write(WorkItem& item) {
        switch (item.kind) {
        case WorkItem::Kind::FileStart:
            m_seen.clear();
            m_seen_in_segments = 0;
            break;
        case WorkItem::Kind::Article: write_article(item); break;
        case WorkItem::Kind::FileEnd: file_end(*item.file); break;
        case WorkItem::Kind::State: {
            // Each shard keeps its own count of the file's articles.
            const std::string meta_key = std::string(schema::meta::file_prefix) + item.file->key;
            FileState state = item.file->state;
            if (const std::string raw = m_db.get_metadata(meta_key); !raw.empty()) state.articles = decode_file_state(raw).articles;
            m_db.set_metadata(meta_key, encode_file_state(state));
            note_change(0);
            break;
        }
        }
    }

    /// Remove the articles with this id; returns how many there were.
    std::size_t remove_id(const std::string& id, bool warn_missing = true) {
        const std::string term = id_term_of(id);
        Xapian::PostingIterator p = m_db.postlist_begin(term);
        if (p == m_db.postlist_end(term)) {
            if (warn_missing) m_reporter.warn("--delete", "no article with id '" + id + "' to delete");
            return 0;
        }
        std::vector<Xapian::docid> ids;
        for (; p != m_db.postlist_end(term); ++p) ids.push_back(*p);
        for (auto d : ids) delete_doc(d);
        return ids.size();
    }

    /// --prune: articles of files that no longer exist.
    void prune() {
        const std::string prefix(schema::meta::file_prefix);
        std::vector<std::pair<std::string, FileState>> gone;
        for (auto it = m_db.metadata_keys_begin(prefix); it != m_db.metadata_keys_end(prefix); ++it) {
            FileState s = decode_file_state(m_db.get_metadata(*it));
            struct stat st {};
            if (::lstat(s.path.c_str(), &st) != 0 && errno == ENOENT) gone.emplace_back((*it).substr(prefix.size()), s);
        }
        for (const auto& [key, state] : gone) {
            const std::string term = file_term_of(key);
            std::vector<Xapian::docid> ids;
            for (auto p = m_db.postlist_begin(term); p != m_db.postlist_end(term); ++p) ids.push_back(*p);
            for (auto d : ids) delete_doc(d);
            m_db.set_metadata(prefix + key, "");
            m_reporter.note("pruned " + std::to_string(ids.size()) + " article(s) of " + state.path + " (file gone)");
            note_change(0);
        }
    }

    void commit() {
        for (const auto& [word, n] : m_spelling_counts) {
            if (n > 0) m_db.add_spelling(word, static_cast<Xapian::termcount>(n));
            else if (n < 0) m_db.remove_spelling(word, static_cast<Xapian::termcount>(-n));
        }
        m_spelling_counts.clear();
        // In the same commit as the articles: a copy is never found unmarked after a crash.
        for (const auto& key : m_copy_keys) mark_copies(m_db, key);
        m_copy_keys.clear();
        write_index_info(m_db, m_info);
        m_db.commit();
        m_pending = 0;
        m_pending_bytes = 0;
    }

    bool copies_marked() const noexcept { return m_info.copies_marked; }
    /// One of several shards: keep the keys built for mark_copies_across_shards.
    void set_sharded() noexcept { m_sharded = true; }
    /// Keys of the articles built since the last take_copy_keys() (for copies across shards).
    std::set<std::string> take_copy_keys() { return std::exchange(m_copy_keys_run, {}); }
    /// Articles of this shard with `key`.
    Xapian::doccount copies(const std::string& key) const {
        return m_db.get_termfreq(std::string(schema::prefix::copy) + key);
    }
    /// Mark every article of this shard with `key` (it has copies in other shards); returns how many.
    std::size_t mark_copies_across(const std::string& key) { return mark_copies(m_db, key, 1); }

private:
    void note_change(std::size_t bytes) {
        ++m_pending;
        m_pending_bytes += bytes;
        if (m_segments) return; // committed with the merged segments, by finish_segments()
        if (m_pending >= m_opt.batch || m_pending_bytes >= m_flush_bytes) commit();
    }

    std::uint32_t file_index(const std::string& key) {
        auto [it, fresh] = m_file_index.try_emplace(key, static_cast<std::uint32_t>(m_file_keys.size()));
        if (fresh) m_file_keys.push_back(key);
        return it->second;
    }
    std::uint16_t lang_index(const std::string& lang) {
        for (std::size_t i = 0; i < m_langs.size(); ++i)
            if (m_langs[i] == lang) return static_cast<std::uint16_t>(i);
        m_langs.push_back(lang);
        return static_cast<std::uint16_t>(m_langs.size() - 1);
    }

    // An article replaced or deleted takes back the spelling words it gave (did-you-mean counts
    // articles: a word no article holds any more leaves the table).
    void take_back_spelling(const Xapian::Document& old) {
        if (!m_opt.spelling) return;
        spelling_words_of(old, m_old_words);
        for (auto& w : m_old_words) --m_spelling_counts[std::move(w)];
    }

    void delete_doc(Xapian::docid d) {
        const Xapian::Document doc = m_db.get_document(d);
        take_back_spelling(doc);
        --m_info.languages[doc.get_value(schema::slot::lang)];
        Xapian::TermIterator t = doc.termlist_begin();
        t.skip_to(std::string(schema::prefix::id));
        if (t != doc.termlist_end() && (*t).rfind(schema::prefix::id, 0) == 0) m_touched.insert(hash64(*t));
        m_db.delete_document(d);
        ++m_stats.deleted;
        note_change(0);
    }

    void write_article(WorkItem& item) {
        const Article& a = item.article;
        const std::string term = id_term_of(a.id);
        const std::uint64_t h = hash64(term);
        const std::string& key = item.file->key;
        const bool repeated = !m_written.insert(h);
        bool in_segment = false; // written to a segment earlier in this run
        const bool touched = !m_touched.insert(h);
        if (touched || !item.looked_up) {
            // Written or deleted earlier in this run: the snapshot's view of this id is stale (or
            // there was no snapshot to ask).
            item.old_lang.clear();
            item.old_file_key.clear();
            std::optional<SegmentWriters::Note> note;
            if (m_segments) note = m_segments->find(h);
            if (note) {
                in_segment = item.existed = true;
                item.old_lang = m_langs[note->lang];
                item.old_file_key = m_file_keys[note->file];
            } else {
                Xapian::PostingIterator p = m_db.postlist_begin(term);
                item.existed = p != m_db.postlist_end(term);
                if (item.existed) {
                    const Xapian::Document old = m_db.get_document(*p);
                    item.old_lang = old.get_value(schema::slot::lang);
                    item.old_file_key = old.get_value(schema::slot::file_key);
                }
            }
            if (item.verdict != WorkItem::Verdict::Build) {
                item.doc = m_own.build(item, key);
                item.verdict = WorkItem::Verdict::Build;
            }
        }
        if (item.existed && !item.old_file_key.empty() && item.old_file_key != key) {
            take_over(item);
        } else if (repeated) {
            m_reporter.warn(item.where, "duplicate id '" + a.id + "': replaces the article with this id read before it");
        }
        switch (item.verdict) {
        case WorkItem::Verdict::Unchanged:
            m_seen.push_back(item.docid);
            ++m_stats.unchanged;
            break;
        case WorkItem::Verdict::Relocate: {
            Xapian::Document doc = m_db.get_document(item.docid);
            doc.set_data(item.data);
            if (item.old_file_key != key) {
                if (!item.old_file_key.empty()) {
                    try {
                        doc.remove_term(file_term_of(item.old_file_key));
                    } catch (const Xapian::InvalidArgumentError&) {
                    }
                }
                if (key.empty()) {
                    doc.remove_value(schema::slot::file_key);
                } else {
                    doc.add_boolean_term(file_term_of(key));
                    doc.add_value(schema::slot::file_key, key);
                }
            }
            m_db.replace_document(item.docid, doc);
            m_seen.push_back(item.docid);
            ++m_stats.unchanged;
            note_change(item.data.size());
            break;
        }
        case WorkItem::Verdict::Build: {
            if (std::string k = m_info.copies_marked ? copy_key_of(item.doc) : std::string(); !k.empty()) {
                if (m_segments) {
                    // Copies among this run's articles (a new index: all its articles), kept
                    // as numbers: the segments mark them before they are merged.
                    const std::uint64_t n = copy_key_number(k);
                    if (!m_keys_seen.insert(n).second) m_keys_copied.insert(n);
                } else {
                    if (m_sharded) m_copy_keys_run.insert(k);
                    m_copy_keys.insert(std::move(k));
                }
            }
            if (m_segments && (in_segment || !item.existed)) {
                // Counted once per file, as m_seen counts a replaced document once.
                if (!in_segment || item.old_file_key != key) ++m_seen_in_segments;
                m_segments->add(h, term, std::move(item.doc), item.data.size(), {file_index(key), lang_index(a.lang)});
            } else {
                if (item.existed && m_opt.spelling) {
                    Xapian::PostingIterator p = m_db.postlist_begin(term);
                    if (p != m_db.postlist_end(term)) take_back_spelling(m_db.get_document(*p));
                }
                m_seen.push_back(m_db.replace_document(term, item.doc));
            }
            // Did-you-mean draws on the words of the articles, each counted once per article; the
            // counts reach Xapian once per word and batch (far fewer calls than once per article).
            for (auto& w : item.spelling) ++m_spelling_counts[std::move(w)];
            if (item.existed) {
                --m_info.languages[item.old_lang];
                ++m_stats.updated;
            } else {
                ++m_stats.added;
            }
            ++m_info.languages[a.lang];
            note_change(item.data.size());
            break;
        }
        }
        m_progress.articles.fetch_add(1, std::memory_order_relaxed);
    }

    // The id belonged to another file. If that file still exists, both hold the id: report it, and
    // have both files read again next time, so that the conflict is reported until it is fixed and
    // the file read last keeps winning.
    void take_over(WorkItem& item) {
        const std::string meta_key = std::string(schema::meta::file_prefix) + item.old_file_key;
        const std::string raw = m_db.get_metadata(meta_key);
        if (raw.empty()) return;
        FileState old = decode_file_state(raw);
        struct stat st {};
        if (::stat(old.path.c_str(), &st) != 0) return; // moved or deleted: no conflict
        m_reporter.warn(item.where, "duplicate id '" + item.article.id + "' (also in " + old.path +
                                        "): this record replaces it, as the file read last does");
        old.hash.clear();
        old.mtime_ns = 0;
        m_db.set_metadata(meta_key, encode_file_state(old));
        item.file->conflicted = true;
    }

    void file_end(FileJob& job) {
        const std::size_t in_segments = m_seen_in_segments;
        m_seen_in_segments = 0;
        if (job.key.empty() || !job.complete) {
            m_seen.clear();
            return;
        }
        // Articles this file held before but no longer has.
        const std::string term = file_term_of(job.key);
        std::sort(m_seen.begin(), m_seen.end());
        m_seen.erase(std::unique(m_seen.begin(), m_seen.end()), m_seen.end());
        std::vector<Xapian::docid> gone;
        for (auto p = m_db.postlist_begin(term); p != m_db.postlist_end(term); ++p)
            if (!std::binary_search(m_seen.begin(), m_seen.end(), *p)) gone.push_back(*p);
        for (auto d : gone) delete_doc(d);
        job.state.articles = m_seen.size() + in_segments;
        job.state.skipped = job.skipped;
        if (job.conflicted) { // read it again next time
            job.state.hash.clear();
            job.state.mtime_ns = 0;
        }
        m_db.set_metadata(std::string(schema::meta::file_prefix) + job.key, encode_file_state(job.state));
        if (m_seen.capacity() > (1u << 20)) std::vector<Xapian::docid>().swap(m_seen); // after a huge file
        m_seen.clear();
        note_change(0);
    }

    Xapian::WritableDatabase& m_db;
    IndexInfo& m_info;
    const IndexerOptions& m_opt;
    Reporter& m_reporter;
    Analysis& m_own;
    ProgressCounters& m_progress;
    IndexStats& m_stats;
    std::size_t m_flush_bytes;
    std::unordered_map<std::string, long> m_spelling_counts; // words -> articles added less removed, until commit
    std::set<std::string> m_copy_keys;     // keys of articles built since the last commit (mark_copies)
    std::set<std::string> m_copy_keys_run; // of a shard: the same since the last take_copy_keys()
    bool m_sharded = false;
    std::unordered_set<std::uint64_t> m_keys_seen, m_keys_copied; // with segments: keys met once, twice
    std::size_t m_pending = 0, m_pending_bytes = 0;
    IdSet m_written;  // ids written in this run
    IdSet m_touched;  // ids written or deleted in this run
    std::vector<Xapian::docid> m_seen; // documents of the file being read (4 bytes each; sorted at its end)
    std::size_t m_seen_in_segments = 0; // and its articles sent to segments
    std::vector<std::string> m_old_words; // take_back_spelling's buffer
    SegmentWriters* m_segments = nullptr;
    std::vector<std::string> m_file_keys, m_langs;        // what segment notes refer to
    std::unordered_map<std::string, std::uint32_t> m_file_index;
};

/// One Writer per shard (one in all for an index of one database): articles go to the writer of
/// their shard, file markers and commits to every writer.
class Writers {
public:
    Writers(ShardSet& shards, const IndexerOptions& opt, Reporter& reporter, ProgressCounters& progress, IndexStats& stats)
        : m_shards(shards), m_opt(opt), m_reporter(reporter), m_progress(progress), m_stats(stats) {
        if (shards.size() > 0) m_base = read_index_info(shards.db(0));
        m_own = std::make_unique<Analysis>(m_base.analyzer, shards, reporter, opt.spelling, false);
        for (std::size_t i = 0; i < shards.size(); ++i) add_writer(i);
    }

    const AnalyzerConfig& analyzer() const { return m_base.analyzer; }

    void write(WorkItem& item) {
        if (item.kind != WorkItem::Kind::Article) {
            for (auto& w : m_writers) w->write(item);
            return;
        }
        if (item.shard >= m_writers.size()) {
            m_shards.create_pending();
            while (m_writers.size() < m_shards.size()) add_writer(m_writers.size());
        }
        m_writers.at(item.shard)->write(item);
        if (m_shards.by() == ShardBy::Year && item.verdict == WorkItem::Verdict::Build && !item.existed) {
            // New to its shard: if its date changed year, the shard of the old year still holds it.
            std::size_t moved = 0;
            for (std::size_t i = 0; i < m_writers.size(); ++i)
                if (i != item.shard) moved += m_writers[i]->remove_id(item.article.id, false);
            if (moved > 0) {
                m_stats.deleted -= moved;
                --m_stats.added;
                ++m_stats.updated;
            }
        }
    }

    void remove_id(const std::string& id) {
        const long owner = m_shards.owner_of_id(id);
        if (owner >= 0) {
            if (static_cast<std::size_t>(owner) < m_writers.size()) m_writers[owner]->remove_id(id);
            return;
        }
        std::size_t n = 0;
        for (auto& w : m_writers) n += w->remove_id(id, false);
        if (n == 0) m_reporter.warn("--delete", "no article with id '" + id + "' to delete");
    }

    void prune() {
        for (auto& w : m_writers) w->prune();
    }

    void commit() {
        for (auto& w : m_writers) w->commit();
        mark_copies_across_shards();
    }

    /// Segments for the one database of an unsharded index (see Writer::use_segments).
    void use_segments(SegmentWriters* segments) { m_writers.at(0)->use_segments(segments); }
    void finish_segments(const std::string& db_path) { m_writers.at(0)->finish_segments(db_path); }

    /// File states as all shards agree on them (articles summed); a file some shard has no state
    /// for, or another one, is read again (a run stopped between the shards' commits).
    std::map<std::string, FileState> file_states() const {
        if (m_shards.size() == 0) return {};
        std::map<std::string, FileState> states = load_file_states(m_shards.db(0));
        for (std::size_t i = 1; i < m_shards.size(); ++i) {
            const std::map<std::string, FileState> other = load_file_states(m_shards.db(i));
            for (auto it = states.begin(); it != states.end();) {
                auto o = other.find(it->first);
                if (o == other.end() || o->second.size != it->second.size || o->second.mtime_ns != it->second.mtime_ns ||
                    o->second.hash != it->second.hash) {
                    it = states.erase(it);
                } else {
                    it->second.articles += o->second.articles;
                    it->second.skipped += o->second.skipped;
                    ++it;
                }
            }
        }
        return states;
    }

    std::size_t documents() const {
        std::size_t n = 0;
        for (std::size_t i = 0; i < m_shards.size(); ++i) n += m_shards.db(i).get_doccount();
        return n;
    }

private:
    /// Copies in different shards: each shard marked those within itself when it committed; an
    /// article whose key other shards hold too is marked here, in a commit of its own.
    void mark_copies_across_shards() {
        std::set<std::string> keys;
        for (auto& w : m_writers) keys.merge(w->take_copy_keys());
        if (m_writers.size() < 2 || keys.empty()) return;
        if (!std::all_of(m_writers.begin(), m_writers.end(), [](const auto& w) { return w->copies_marked(); })) return;
        std::vector<bool> changed(m_writers.size());
        for (const auto& key : keys) {
            std::vector<Xapian::doccount> n;
            for (auto& w : m_writers) n.push_back(w->copies(key));
            if (std::accumulate(n.begin(), n.end(), Xapian::doccount{0}) < 2) continue;
            for (std::size_t i = 0; i < m_writers.size(); ++i)
                if (n[i] > 0 && m_writers[i]->mark_copies_across(key) > 0) changed[i] = true;
        }
        for (std::size_t i = 0; i < m_writers.size(); ++i)
            if (changed[i]) m_writers[i]->commit();
    }

    void add_writer(std::size_t i) {
        auto info = std::make_unique<IndexInfo>(read_index_info(m_shards.db(i)));
        if (info->schema_version == 0) {
            info->analyzer = m_base.analyzer; // a new shard analyses as the others
            info->copies_marked = true;       // and marks its copies from the start
            info->capitals = true;            // and has every article's capitals terms
        }
        m_writers.push_back(std::make_unique<Writer>(m_shards.db(i), *info, m_opt, m_reporter, *m_own, m_progress, m_stats));
        if (m_shards.sharded()) m_writers.back()->set_sharded();
        m_infos.push_back(std::move(info));
    }

    ShardSet& m_shards;
    const IndexerOptions& m_opt;
    Reporter& m_reporter;
    ProgressCounters& m_progress;
    IndexStats& m_stats;
    IndexInfo m_base;
    std::unique_ptr<Analysis> m_own; // rebuilds for the writers (no snapshots)
    std::vector<std::unique_ptr<IndexInfo>> m_infos;
    std::vector<std::unique_ptr<Writer>> m_writers;
};

ShardBy parse_shard_by(const std::string& s) {
    if (s.empty()) return ShardBy::None;
    if (s == "hash") return ShardBy::Hash;
    if (s == "year") return ShardBy::Year;
    throw UsageError("unknown --shard-by '" + s + "' (hash or year)");
}

/// Hands the readers' records to the pipeline, counting and reporting bad ones.
class ProducerSink : public RecordSink {
public:
    ProducerSink(Pipeline& pipeline, Reporter& reporter, std::shared_ptr<FileJob> job)
        : m_pipeline(pipeline), m_reporter(reporter), m_job(std::move(job)) {}

    void article(Article&& a) override {
        check_interrupt(); // stop reading here; what was handed over is still written and committed
        auto item = std::make_unique<WorkItem>();
        item->kind = WorkItem::Kind::Article;
        item->file = m_job;
        // The origin starts with the id base (the absolute path); messages show the name as given.
        if (a.origin.rfind(m_job->id_base, 0) == 0) item->where = m_job->display + a.origin.substr(m_job->id_base.size());
        else item->where = a.origin;
        item->bytes = sizeof(WorkItem) + a.title.size() + 2 * a.body.size() + a.id.size() + a.origin.size() + 256;
        item->article = std::move(a);
        m_pipeline.push(std::move(item), true);
    }
    void skip(const std::string& path, std::size_t line, const std::string& reason) override {
        ++m_job->skipped;
        m_reporter.skip(path, line, reason);
    }
    void warn(const std::string& path, std::size_t line, const std::string& message) override {
        m_reporter.warn(line ? path + ":" + std::to_string(line) : path, message);
    }

private:
    Pipeline& m_pipeline;
    Reporter& m_reporter;
    std::shared_ptr<FileJob> m_job;
};

void push_marker(Pipeline& p, WorkItem::Kind kind, const std::shared_ptr<FileJob>& job) {
    auto item = std::make_unique<WorkItem>();
    item->kind = kind;
    item->file = job;
    p.push(std::move(item), false);
}

std::string format_label(const ReadSettings& settings, const std::string& path) {
    if (settings.format != Format::Auto) return std::string(format_name(settings.format));
    if (is_container_name(path)) return "archive";
    if (auto f = format_from_name(path)) return std::string(format_name(*f));
    return "auto";
}

} // namespace

std::string summary_line(const IndexStats& s) {
    std::string out = std::to_string(s.added) + " added, " + std::to_string(s.updated) + " updated, " +
                      std::to_string(s.unchanged) + " unchanged, " + std::to_string(s.deleted) + " deleted, " +
                      std::to_string(s.failed()) + " failed";
    if (!s.failures.empty()) {
        out += " (";
        bool first = true;
        for (const auto& [reason, n] : s.failures) {
            if (!first) out += ", ";
            out += std::to_string(n) + " " + reason;
            first = false;
        }
        out += ")";
    }
    char tail[128];
    std::snprintf(tail, sizeof tail, "; %zu articles in the index (%.2f s)", s.documents, s.seconds);
    out += tail;
    if (s.files_unchanged > 0)
        out += "; " + std::to_string(s.files_unchanged) + " of " + std::to_string(s.files) + " files unchanged";
    if (s.ignored_files > 0) {
        // The first few by name; --verbose names each one as it is found.
        out += "; " + std::to_string(s.ignored_files) + (s.ignored_files == 1 ? " file" : " files") +
               " of unknown type ignored (";
        const std::size_t shown = std::min<std::size_t>(3, s.ignored_names.size());
        for (std::size_t i = 0; i < shown; ++i) out += (i ? ", " : "") + s.ignored_names[i];
        if (s.ignored_files > shown) out += ", ...; --verbose names them all";
        out += ")";
    }
    return out;
}

IndexStats run_index(const IndexerOptions& opt, std::ostream& out, std::ostream& err) {
    const auto started = std::chrono::steady_clock::now();
    ReadSettings settings;
    settings.map = parse_field_map(opt.map_spec);
    settings.limits.record_bytes = static_cast<std::size_t>(opt.max_record_mb * 1024 * 1024);
    settings.limits.member_bytes = static_cast<std::uint64_t>(opt.max_member_mb * 1024 * 1024);
    settings.limits.ratio = opt.max_ratio;
    settings.limits.ratio_floor = std::min<std::uint64_t>(settings.limits.ratio_floor, settings.limits.member_bytes);
    if (auto f = parse_format(opt.format)) settings.format = *f;
    else throw UsageError("unknown --format '" + opt.format + "' (formats: " + format_names() + ")");

    // Xapian would otherwise commit on its own every 10000 documents, between our file states.
    if (!std::getenv("XAPIAN_FLUSH_THRESHOLD"))
        ::setenv("XAPIAN_FLUSH_THRESHOLD", std::to_string(std::max<std::size_t>(opt.batch + 1, 10000)).c_str(), 0);

    IndexStats stats;
    Reporter reporter(err, opt.json ? &out : nullptr, opt.quiet);
    // A segment merge a crash cut short is completed (or its leftovers removed) first.
    SegmentWriters::recover(opt.db, [&](const std::string& m) { reporter.note(m); });
    std::unique_ptr<ShardSet> shards = ShardSet::open(opt.db, opt.shards, parse_shard_by(opt.shard_by), opt.wait_seconds);
    IndexerOptions eff = opt;
    if (shards->remote() && eff.spelling) {
        // Xapian 1.4's remote backend has no spelling table.
        eff.spelling = false;
        reporter.note("remote shards: no spelling table is written (Xapian's remote backend has none)");
    }
    ProgressCounters progress;

    Writers writer(*shards, eff, reporter, progress, stats);
    for (const auto& id : opt.delete_ids) writer.remove_id(id);
    writer.commit(); // the analysis threads' snapshots must see the deletions (and a new index)

    WalkOptions walk_opt;
    walk_opt.include = opt.include;
    walk_opt.exclude = opt.exclude;
    walk_opt.follow_symlinks = opt.follow_symlinks;
    {
        std::error_code ec;
        walk_opt.skip_dir = fs::weakly_canonical(fs::absolute(opt.db), ec).string();
    }
    WalkResult inputs;
    try {
        inputs = collect_inputs(opt.inputs, walk_opt);
    } catch (const Interrupted&) {
        inputs = WalkResult{}; // a signal during a long directory walk: nothing is read
    }
    for (const auto& [path, reason] : inputs.errors) reporter.file_failed(path, reason);
    for (const auto& [path, target] : inputs.links_skipped)
        reporter.warn(path, "symbolic link to '" + target +
                                "' leads outside the directory given; not followed (--follow-symlinks follows it)");
    stats.ignored_files = inputs.ignored;
    stats.ignored_names = inputs.ignored_names;
    if (opt.verbose)
        for (const auto& name : inputs.ignored_names)
            reporter.note(name + ": ignored: not a known input type");
    if (opt.verbose && inputs.ignored > inputs.ignored_names.size())
        reporter.note("... and " + std::to_string(inputs.ignored - inputs.ignored_names.size()) + " more files ignored");
    progress.files_total = inputs.files.size();
    std::uint64_t total = 0;
    bool total_known = true;
    for (const auto& f : inputs.files) {
        total += f.size;
        total_known = total_known && !f.is_stdin && f.regular;
    }
    progress.bytes_total = total_known ? total : 0;

    const std::map<std::string, FileState> states = writer.file_states();
    unsigned threads = opt.threads ? opt.threads : std::max(1u, std::thread::hardware_concurrency());
    // A new or empty index of one database is written as segments in parallel and merged at the
    // end; an index that holds articles, and each shard of a sharded one, has a single writer.
    std::unique_ptr<SegmentWriters> segments;
    if (opt.segments && !shards->sharded() && !shards->remote() && shards->size() == 1 &&
        shards->db(0).get_doccount() == 0) {
        const unsigned n = opt.segment_threads ? opt.segment_threads : std::max(1u, std::thread::hardware_concurrency());
        segments = std::make_unique<SegmentWriters>(opt.db, n, static_cast<std::size_t>(opt.segment_mb * 1024 * 1024));
        writer.use_segments(segments.get());
    }
    std::vector<std::unique_ptr<Analysis>> analyses;
    for (unsigned i = 0; i < threads; ++i)
        analyses.push_back(std::make_unique<Analysis>(writer.analyzer(), *shards, reporter, eff.spelling));

    const bool terminal = ::isatty(STDERR_FILENO);
    if (!opt.quiet && !opt.json && (opt.progress || terminal)) reporter.start_progress(progress, terminal);

    {
        Pipeline pipeline(
            threads, 64 * threads + 64, 64u << 20, [&](WorkItem& item, unsigned w) { analyses[w]->process(item); },
            [&](WorkItem& item) { writer.write(item); });
        for (const InputFile& f : inputs.files) {
            if (interrupt_signal()) break;
            progress.phase = ProgressPhase::Indexing;
            auto job = std::make_shared<FileJob>();
            job->display = f.display;
            if (f.is_stdin) {
                job->id_base = "<stdin>";
            } else if (!f.regular) {
                // A stream (pipe, FIFO, device): read once, not hashed, no file state to record or
                // compare, so nothing it held before is taken for gone.
                job->id_base = f.display;
            } else {
                job->id_base = f.path;
                job->key = file_key(f.path);
                job->state.path = f.path;
                job->state.size = f.size;
                job->state.mtime_ns = f.mtime_ns;
                job->state.format = format_label(settings, f.path);
            }
            if (!f.is_stdin && f.regular) {
                auto known = states.find(job->key);
                const bool comparable = known != states.end() && !opt.force && known->second.skipped == 0;
                try {
                    if (comparable && known->second.size == f.size && known->second.mtime_ns == f.mtime_ns) {
                        ++stats.files;
                        ++stats.files_unchanged;
                        stats.unchanged += known->second.articles;
                        progress.bytes_skipped += f.size;
                        progress.articles += known->second.articles;
                        ++progress.files_done;
                        continue;
                    }
                    progress.phase = ProgressPhase::Reading; // hashed to see whether it changed
                    job->state.hash = hash_file(f.path, f.display, nullptr);
                    progress.phase = ProgressPhase::Indexing;
                    if (comparable && known->second.size == f.size && known->second.hash == job->state.hash) {
                        // Touched, not changed: remember the new mtime so the next run need not hash it.
                        ++stats.files;
                        ++stats.files_unchanged;
                        stats.unchanged += known->second.articles;
                        job->state.articles = known->second.articles;
                        push_marker(pipeline, WorkItem::Kind::State, job);
                        progress.bytes_skipped += f.size;
                        progress.articles += known->second.articles;
                        ++progress.files_done;
                        continue;
                    }
                } catch (const InputError& e) {
                    reporter.file_failed(e.file(), e.what());
                    ++progress.files_done;
                    continue;
                } catch (const Interrupted&) {
                    break; // a signal while hashing a large file: stop here, nothing of it was read
                }
            }
            // A FIFO is opened without waiting for a writer (open(2) would block, signals or not);
            // FdStream then waits for data in poll(), looking at the interrupt flag.
            int fd = f.is_stdin ? STDIN_FILENO : ::open(f.path.c_str(), O_RDONLY | O_CLOEXEC | (f.regular ? 0 : O_NONBLOCK));
            if (fd < 0) {
                reporter.file_failed(f.display, std::string("cannot open: ") + std::strerror(errno));
                ++progress.files_done;
                continue;
            }
            FdStream in(fd, f.display, &progress.bytes_read);
            struct stat st {};
            const std::int64_t mtime = !f.is_stdin && ::fstat(fd, &st) == 0 ? static_cast<std::int64_t>(st.st_mtim.tv_sec) : 0;
            push_marker(pipeline, WorkItem::Kind::FileStart, job);
            ProducerSink sink(pipeline, reporter, job);
            bool interrupted = false;
            try {
                read_source(in, SourceName(f.display, job->id_base, mtime), settings, sink);
                ++stats.files;
            } catch (const InputError& e) {
                job->complete = false;
                reporter.file_failed(e.file().empty() ? f.display : e.file(), e.what());
            } catch (const Interrupted&) {
                job->complete = false; // its state is not recorded: the next run reads it again
                interrupted = true;
            } catch (const std::bad_alloc&) {
                // Out of memory in a reader: an error of this file, never its end.
                job->complete = false;
                reporter.file_failed(f.display, "out of memory while reading it; the articles before are kept, the file "
                                                "is not recorded as read (a smaller --max-record-mb bounds records)");
            }
            push_marker(pipeline, WorkItem::Kind::FileEnd, job);
            ++progress.files_done;
            if (interrupted) break;
        }
        pipeline.finish();
    }
    stats.interrupted = interrupt_signal();
    progress.phase = ProgressPhase::Committing;
    if (opt.prune && !stats.interrupted) {
        progress.phase = ProgressPhase::Pruning;
        writer.prune();
        progress.phase = ProgressPhase::Committing;
    }
    if (segments) {
        progress.phase = ProgressPhase::Merging;
        // Interrupted too: what was read is merged (a second signal stops at once, and the index
        // stays as it was before the run).
        writer.finish_segments(opt.db);
        check_stub(opt.db);
        stats.documents = Xapian::Database(opt.db).get_doccount();
    } else {
        writer.commit();
        stats.documents = writer.documents();
    }
    reporter.stop_progress();

    stats.skipped = reporter.skipped();
    stats.failed_files = reporter.failed_files();
    stats.warnings = reporter.warnings();
    stats.failures = reporter.failures();
    stats.bytes = progress.bytes_read.load();
    stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (opt.json) {
        nlohmann::json s{{"added", stats.added},
                         {"updated", stats.updated},
                         {"unchanged", stats.unchanged},
                         {"deleted", stats.deleted},
                         {"skipped", stats.skipped},
                         {"failed", stats.failed()},
                         {"failures", stats.failures},
                         {"warnings", stats.warnings},
                         {"files", stats.files},
                         {"files_unchanged", stats.files_unchanged},
                         {"failed_files", stats.failed_files},
                         {"ignored_files", stats.ignored_files},
                         {"documents", stats.documents},
                         {"bytes", stats.bytes},
                         {"seconds", stats.seconds},
                         {"interrupted", stats.interrupted != 0},
                         {"format_version", 1}};
        out << nlohmann::json{{"type", "summary"}, {"data", s}}.dump() << '\n';
    }
    return stats;
}

} // namespace lede

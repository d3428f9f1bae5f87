// SPDX-License-Identifier: MIT
// Lede's public indexing API: add, replace and remove articles in an index, then commit.
#pragma once

#include <lede/error.hpp>
#include <lede/search.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace lede::api {

struct IndexSettings {
    double wait_seconds = 2.0;        // how long to wait for another writer's lock
    std::size_t commit_every = 5000;  // commit automatically after this many changes
    bool spelling = true;             // add the articles' words to the spelling table (did-you-mean)
};

/// What changed since the Indexer was opened.
struct IndexReport {
    std::size_t added = 0;       // new ids
    std::size_t updated = 0;     // existing ids whose content changed
    std::size_t unchanged = 0;   // existing ids with identical content (nothing written)
    std::size_t deleted = 0;
    std::vector<std::string> warnings;   // "ID: problem" for articles kept despite a problem
    std::uint64_t documents = 0;         // articles in the index at the last commit
};

/// An index open for writing; one writer at a time per index (others wait, then get an Error).
/// Articles are analyzed exactly as lede-index analyzes them.
class Indexer {
public:
    /// Opens (creating if needed) the index at `path`. Throws Error (ErrorKind::Index when it is
    /// locked or the directory is not an index, ErrorKind::Schema on a version mismatch).
    explicit Indexer(const std::string& path, const IndexSettings& settings = {});
    /// Commits what is pending; errors are lost here, so call commit() yourself.
    ~Indexer();
    Indexer(Indexer&&) noexcept;
    Indexer& operator=(Indexer&&) noexcept;

    /// Add an article, or replace the one with the same id. Its language is detected when empty
    /// and its date normalized to ISO 8601 (an unparseable date is dropped with a warning).
    /// Throws Error (ErrorKind::Usage) when the id is empty or there is neither title nor body.
    void add(Article article);

    /// Remove the article with this id; false when there is none.
    bool remove(const std::string& id);

    /// Make every change so far durable and visible to searchers opened (or reopened) afterwards.
    const IndexReport& commit();

    const IndexReport& report() const noexcept;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace lede::api

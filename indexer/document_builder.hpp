// SPDX-License-Identifier: MIT
// Article -> Xapian::Document, following common/schema.hpp.
#pragma once

#include "analyzer.hpp"
#include "document.hpp"

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace lede {

/// Articles with more text than this (title + body, bytes) are indexed, with a warning: in a news
/// archive they are nearly always several records run together.
constexpr std::size_t large_article_bytes = std::size_t{4} << 20;

/// What build() met that the indexer reports as warnings.
struct BuildReport {
    std::size_t cut_tokens = 0;   // words longer than schema::max_term_bytes (indexed cut and hashed)
    std::size_t longest_cut = 0;  // bytes of the longest of those
    std::size_t text_bytes = 0;   // bytes of title + body
};

/// Whether a term of a document is a word for the spelling table (did-you-mean): unprefixed (a
/// folded word of the title or body), 2 to 40 bytes, letters only (no digits, '.' or '_'), not of a
/// script indexed as character bigrams.
bool is_spelling_term(std::string_view term);

/// The distinct spelling words of a document, in term order. Taken from its terms, so that the
/// words an article gave the spelling table can be taken back when it is replaced or deleted.
void spelling_words_of(const Xapian::Document& doc, std::vector<std::string>& words);

class DocumentBuilder {
public:
    explicit DocumentBuilder(const Analyzer& analyzer) : m_analyzer(analyzer) {}

    /// Build the document. `article.lang` and `article.date` must already be normalized (see
    /// prepare_article). Returns the document; its stored data is encode_article(article).
    /// When `report` is given, fills it in. When `spelling_words` is given, it receives the
    /// document's words for the index's spelling table (spelling_words_of).
    Xapian::Document build(const Article& article, BuildReport* report = nullptr,
                           std::vector<std::string>* spelling_words = nullptr) const;

private:
    const Analyzer& m_analyzer;
};

/// Copies: articles whose analyzed title and body are the same (the dup_key value, also indexed
/// as the term schema::prefix::copy + key). In an index whose IndexInfo::copies_marked is set,
/// every article with a copy also carries the key in slot::copies, which searches collapse on.
/// The key of a built document ("" for an article without words).
std::string copy_key_of(const Xapian::Document& doc);

/// Give slot::copies to the articles with `key` that lack it, when there are at least
/// `min_articles` of them (uncommitted changes of `db` included; 1: copies are in other shards).
/// Returns how many were marked. A copy left alone by deletions keeps its mark, which collapses
/// nothing.
std::size_t mark_copies(Xapian::WritableDatabase& db, const std::string& key, Xapian::doccount min_articles = 2);

/// A copy key as a number (the 16 hex digits), for sets of many keys.
std::uint64_t copy_key_number(std::string_view key);

/// Mark the articles of `db` whose key is in `copies` (keys that have copies elsewhere too, as
/// numbers); returns how many were marked.
std::size_t mark_copies_in(Xapian::WritableDatabase& db, const std::unordered_set<std::uint64_t>& copies);

/// Normalize an article in place before it is built and stored: control characters removed from
/// every field after all decoding (clean_field: tab and newline kept in the body only), language code (declared, else
/// detected), date to ISO 8601. Returns false and sets `problem` when the date is present but
/// unparseable, or more than max_days_ahead days after today (today_utc(): $LEDE_TODAY or the
/// clock); the date is then dropped and the article still indexed.
bool prepare_article(Article& article, std::string& problem);
constexpr long max_days_ahead = 366;

/// The URL's host, lower-cased, without "www." and port; "" when there is none.
std::string url_host(std::string_view url);

} // namespace lede

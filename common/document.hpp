// SPDX-License-Identifier: MIT
// The article model and the one encoding of a document's stored data.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lede {

/// A news article as Lede stores it. All strings are valid UTF-8.
struct Article {
    std::string id;       // stable external id (unique in an index)
    std::string title;
    std::string body;
    std::string date;     // ISO 8601 as normalized by the indexer ("" when undated)
    std::string source;
    std::string author;
    std::string url;
    std::string lang;     // ISO 639-1 ("" when unknown)
    std::vector<std::string> tags;
    // Where it came from (for incremental updates and messages).
    std::string origin;   // "path" or "path:line"

    bool operator==(const Article&) const = default;
};

/// Stored-data encoding (Xapian::Document::set_data): a compact JSON object with the keys
/// id, title, body, date, source, author, url, lang, tags, origin; empty fields are omitted.
std::string encode_article(const Article& article);

/// Inverse of encode_article. Throws lede::Error on data that is not an encoded article.
Article decode_article(std::string_view data);

} // namespace lede

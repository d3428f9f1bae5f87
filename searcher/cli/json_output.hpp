// SPDX-License-Identifier: MIT
// lede-search's JSON: hit and summary objects (the wire format of --json and --batch) and --fields.
#pragma once

#include "searcher.hpp"

#include <lede/search.hpp>

#include <nlohmann/json.hpp>

#include <bitset>
#include <ostream>
#include <string>
#include <string_view>

namespace lede {

/// Bumped when a key is renamed or changes meaning; adding a key does not bump it.
constexpr int json_format_version = 1;

/// The keys a hit object can carry, in output order.
enum class HitField { Id, Rank, Score, Date, Title, TitleHighlights, Source, Author, Url, Lang, Tags, Duplicates,
                      Passages, Body, Count_ };

/// The set of keys chosen with --fields ("id,title,date"); by default every key but body.
class HitFields {
public:
    HitFields();
    /// Parse a comma-separated list of key names; "" gives the default set. Throws UsageError
    /// naming an unknown key and listing the known ones.
    static HitFields parse(std::string_view spec);
    bool has(HitField f) const { return m_set.test(static_cast<std::size_t>(f)); }
    /// Passages or title highlights are asked for (they cost time per hit).
    bool needs_passages() const { return has(HitField::Passages) || has(HitField::TitleHighlights); }
    static std::string_view name(HitField f);

private:
    std::bitset<static_cast<std::size_t>(HitField::Count_)> m_set;
};

using Json = nlohmann::ordered_json;

/// The "data" of a hit line, with the keys in `fields`.
Json hit_json(const api::Hit& hit, const HitFields& fields);

/// The "data" of a summary line. `query` is the query as typed.
Json summary_json(const api::Results& results, const std::string& query);

/// The "data" of a passage line (passage search, --passages): the passage and its article.
Json passage_hit_json(const SearchResult& native, const PassageHit& passage);

/// One line of JSON (invalid UTF-8 replaced by U+FFFD) and a newline.
void write_json_line(std::ostream& out, const Json& value);

/// JSON Lines, as documented in docs/json.md:
///   {"type":"hit","data":{"id":"r-42","rank":1,"score":12.5,"date":"1987-03-02","title":"...",
///     "title_highlights":[[0,5]],"source":"Reuters","author":"","url":"","lang":"en",
///     "tags":["cocoa"],"duplicates":0,"passages":[{"text":"...","highlights":[[4,9]]}]}}
///   ... one per hit, then
///   {"type":"summary","data":{"query":"cocoa","parsed":"Query(...)","offset":0,"returned":10,
///     "matches_lower_bound":73,"matches_estimated":73,"matches_upper_bound":73,
///     "counts_exact":true,"seconds":0.004,"format_version":1}}
/// With passage search (--passages), {"type":"passage","data":{...}} lines replace the hit lines.
void render_json(std::ostream& out, const api::Results& results, const std::string& query, const HitFields& fields);

} // namespace lede

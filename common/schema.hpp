// SPDX-License-Identifier: MIT
// The one description of Lede's index layout: term prefixes, value slots, metadata keys, stored data.
#pragma once

#include <xapian.h>

#include <string_view>

namespace lede::schema {

/// Bumped whenever the layout below changes meaning; stored under meta::schema_version.
constexpr int version = 1;

/// Term prefixes (Omega conventions where they exist; X... are Lede's own).
/// Unprefixed terms are the exact (folded, unstemmed) words of title and body, with positions.
/// "Z" + prefix marks the stemmed form of a word (no positions), e.g. "Zrun", "ZSrun".
namespace prefix {
constexpr std::string_view id = "Q";          // external article id, one per document (unique)
constexpr std::string_view title = "S";       // title words, with positions
constexpr std::string_view author = "A";      // author words, with positions
constexpr std::string_view lang = "L";        // ISO 639-1 language code, e.g. "Len"
constexpr std::string_view tag = "K";         // one term per tag: analyzed words joined by ' '
constexpr std::string_view source = "XSRC";   // source (publication) words, with positions
constexpr std::string_view site = "XSITE";    // URL host and each parent domain, e.g. "XSITEexample.com"
constexpr std::string_view accent = "XE";     // case-folded word with its accents kept (for =word)
constexpr std::string_view capitals = "XCAP"; // folded word written in capitals (=US), once per article, wdf 0
constexpr std::string_view year = "Y";        // "Y2020"
constexpr std::string_view month = "M";       // "M202003"
constexpr std::string_view day = "D";         // "D20200315"
constexpr std::string_view file = "XF";       // source file identity (for --prune), see indexer
constexpr std::string_view copy = "XDUP";     // + the dup_key value: finds an article's copies
constexpr std::string_view stem = "Z";        // stem marker, placed before any field prefix
} // namespace prefix

/// Value slots. Each comment gives the encoding.
namespace slot {
constexpr Xapian::valueno date = 0;        // "YYYYMMDD" (string-sortable; absent when undated)
constexpr Xapian::valueno date_num = 1;    // Xapian::sortable_serialise(days since 1970-01-01)
constexpr Xapian::valueno source = 2;      // source as given (display form)
constexpr Xapian::valueno lang = 3;        // ISO 639-1 code
constexpr Xapian::valueno author = 4;      // author as given
constexpr Xapian::valueno tags = 5;        // tags as given, separated by '\x1f'
constexpr Xapian::valueno dup_key = 6;     // 16 hex digits: hash of the analyzed title + body terms
constexpr Xapian::valueno file_key = 7;    // source file identity (for incremental updates)
// The dup_key value again, only on articles that have a copy in the index (see meta::copies).
// Collapsing on it reads a short value stream instead of one value for every match.
constexpr Xapian::valueno copies = 8;
} // namespace slot

/// Index metadata keys (Xapian::Database::get_metadata).
namespace meta {
constexpr std::string_view schema_version = "lede:schema";
constexpr std::string_view analyzer = "lede:analyzer";     // JSON: the analyzer configuration
constexpr std::string_view languages = "lede:languages";   // JSON object: language -> article count
constexpr std::string_view file_prefix = "lede:file:";     // + file key -> JSON {size, mtime, hash, count}
constexpr std::string_view copies = "lede:copies";         // "1": slot::copies is kept (all copies marked)
constexpr std::string_view capitals = "lede:capitals";     // "1": every article has its prefix::capitals terms
constexpr std::string_view shard = "lede:shard";           // JSON: {"by":"hash","shard":I,"of":N} or {"by":"year","year":"2024"}
} // namespace meta

/// Position gap between fields indexed into the same (unprefixed) term space, so phrases never span fields.
constexpr Xapian::termpos field_gap = 100;

/// Xapian's hard limit is 245 bytes per term; analyzed tokens longer than this are cut and hashed
/// (see Analyzer), which leaves room for the longest prefix.
constexpr std::size_t max_term_bytes = 120;

} // namespace lede::schema

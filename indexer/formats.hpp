// SPDX-License-Identifier: MIT
// Input formats: names, recognition by file name and by content.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace lede {

enum class Format { Auto, Jsonl, Csv, Tsv, Text, Markdown, Html, Email, Mbox, Warc, Feed };

/// "jsonl", "csv", ... as accepted by --format and printed in messages.
std::string_view format_name(Format f);
/// Inverse of format_name (also "json", "ndjson", "txt", "md", "eml", "mail"); nullopt when unknown.
std::optional<Format> parse_format(std::string_view name);
/// The names --format accepts, for --help.
std::string format_names();

/// The format a file name's extension announces (case-insensitive), after removing a compression
/// extension (.gz, .bz2, .xz, .zst, .lz4): "a.jsonl.gz" -> Jsonl. nullopt for unknown extensions.
std::optional<Format> format_from_name(std::string_view name);

/// True for extensions of compressed or archived files (.gz .bz2 .xz .zst .lz4 .Z .zip .tar .tgz
/// .tbz2 .txz .tzst .7z .cpio, and .tar.*).
bool is_container_name(std::string_view name);

/// The name without its compression extension ("x.jsonl.gz" -> "x.jsonl", "x.tgz" -> "x.tar").
std::string strip_compression_extension(std::string_view name);

/// An mbox's first bytes: a "From " separator line, then a header line (a Pipermail month archive,
/// a single message saved with its separator).
bool looks_like_mbox(std::string_view head);

/// Recognize a format from the first bytes (a few KiB) of the content: WARC, mbox, e-mail headers,
/// HTML, JSON Lines, else plain text.
Format sniff_format(std::string_view head);

} // namespace lede

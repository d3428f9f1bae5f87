// SPDX-License-Identifier: MIT
// Plain text and Markdown files: one article per file.
#pragma once

#include "readers.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace lede {

/// Plain text (valid UTF-8): the first non-empty line is the title; right after it, a line
/// "By NAME" gives the author and a line that is only a date gives the date; the rest is the
/// body. Without a date line the date is the file's modification time (name.mtime), if known.
/// The id is name.id_base. A file with no text is skipped.
void read_text(std::string_view text, const SourceName& name, RecordSink& sink);

/// Markdown: front matter (between "---" lines, YAML-style "key: value", or "+++" lines,
/// TOML-style "key = value") may give id, title, date, author, source, url, lang and tags.
/// Otherwise the title is the first line (heading marks removed) and the byline and date lines
/// are read as for plain text. The body keeps the text of links and images and drops their
/// targets, emphasis marks, code fences and reference definitions.
void read_markdown(std::string_view text, const SourceName& name, RecordSink& sink);

/// Markdown markup -> plain text, as read_markdown does for the body (exposed for tests).
std::string strip_markdown(std::string_view md);

/// Seconds since the epoch -> "YYYY-MM-DDTHH:MM:SSZ".
std::string iso_from_epoch(std::int64_t seconds);

} // namespace lede

// SPDX-License-Identifier: MIT
// Input readers: turn files of some format into Articles, reporting bad records without stopping.
#pragma once

#include "document.hpp"
#include "line_reader.hpp"
#include "streams.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <istream>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace lede {

/// Where records go. A reader calls article() for each good record and skip() for each bad one
/// (then carries on); warn() for a record kept despite a problem. `path` is the display name of
/// the input (SourceName::display); `line` is 1-based (0 = the whole input).
class RecordSink {
public:
    virtual ~RecordSink() = default;
    virtual void article(Article&& article) = 0;
    virtual void skip(const std::string& path, std::size_t line, const std::string& reason) = 0;
    virtual void warn(const std::string& path, std::size_t line, const std::string& message) = 0;
};

/// The names of one input: how messages show it and what derived ids are made of.
struct SourceName {
    SourceName() = default;
    SourceName(std::string path) : display(path), id_base(std::move(path)) {} // NOLINT: implicit on purpose
    SourceName(std::string display_, std::string id_base_, std::int64_t mtime_ = 0)
        : display(std::move(display_)), id_base(std::move(id_base_)), mtime(mtime_) {}

    std::string display;    // in messages: "dir/a.jsonl", "x.tar.gz:inner/a.html"
    std::string id_base;    // derived ids and origins: the absolute path (+ ":" + archive member)
    std::int64_t mtime = 0; // seconds since the epoch; 0 when unknown
};

/// Lede field name -> key path in the input record ("headline", "meta.published_at").
/// Fields not mapped are read from the key of their own name.
using FieldMap = std::map<std::string, std::string>;

/// Parse "title=headline,date=meta.published" into a FieldMap. Throws UsageError on a bad entry or
/// an unknown Lede field.
FieldMap parse_field_map(const std::string& spec);

/// Per-input charset handling for line-oriented formats. Lines that are valid UTF-8 pass through
/// (control characters removed); other lines are decoded with decode_to_utf8, using the charset
/// detected on the first such line for the rest of the input. The first decoded line is reported.
class LineDecoder {
public:
    /// Make `s` valid UTF-8 in place. Returns a warning to report, or "".
    std::string fix(std::string& s);

private:
    std::string m_charset;
};

/// A charset name as people know it ("windows-1252") for ICU's internal one ("ibm-5348_P100-1997").
std::string charset_label(const std::string& icu_name);

/// Split a tag list written as one string: "a, b; c" -> {"a", "b", "c"}.
std::vector<std::string> split_tags(std::string_view s);

/// "line of 3221225472 bytes is longer than 64 MiB (--max-record-mb)": the reason for a record over the budget.
std::string too_long_reason(const char* what, std::uint64_t bytes, std::size_t max);

/// JSON Lines: one article object per line. Records without an id get "<id_base>:<line>".
/// Lines that are not JSON objects, or have neither title nor body, are skipped with a reason.
/// A line longer than limits.record_bytes is skipped and reported, and the lines after it read.
void read_jsonl(std::istream& in, const SourceName& name, const FieldMap& map, RecordSink& sink,
                const Limits& limits = Limits{});
void read_jsonl(std::istream& in, const std::string& path, const FieldMap& map, RecordSink& sink);

/// CSV (RFC 4180: quoted fields with embedded separators, newlines and doubled quotes) or TSV
/// (`separator` '\t') with a header row naming the columns; columns are matched to Lede fields
/// case-insensitively, through `map` as for JSON Lines. A record with a different number of fields
/// than the header, or an unterminated quote, is skipped and reported at the line where it starts.
/// A record longer than limits.record_bytes is read to its end without being held, skipped and reported.
void read_csv(std::istream& in, const SourceName& name, const FieldMap& map, char separator, RecordSink& sink,
              const Limits& limits = Limits{});

/// The CSV tokenizer read_csv uses, exposed for tests: reads one record into `fields`, returns
/// false at the end of input. `line` is advanced past the record's lines; `start_line` is set to
/// the line the record starts on. Throws InputError(.., start_line, ..) on an unterminated quote.
/// Past `max_bytes` of fields the rest of the record is parsed but not kept: `fields` is then empty
/// and `*too_long` (when given) its length.
bool next_csv_record(std::istream& in, char separator, std::vector<std::string>& fields, std::size_t& line,
                     std::size_t& start_line, std::size_t max_bytes = SIZE_MAX, std::uint64_t* too_long = nullptr);

} // namespace lede

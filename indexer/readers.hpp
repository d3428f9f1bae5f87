// SPDX-License-Identifier: MIT
// Input readers: turn files of some format into Articles, reporting bad records without stopping.
#pragma once

#include "document.hpp"

#include <cstddef>
#include <istream>
#include <map>
#include <string>

namespace lede {

/// Where records go. A reader calls article() for each good record and skip() for each bad one
/// (then carries on); warn() for a record kept despite a problem.
class RecordSink {
public:
    virtual ~RecordSink() = default;
    virtual void article(Article&& article) = 0;
    virtual void skip(const std::string& path, std::size_t line, const std::string& reason) = 0;
    virtual void warn(const std::string& path, std::size_t line, const std::string& message) = 0;
};

/// Lede field name -> key path in the input record ("headline", "meta.published_at").
/// Fields not mapped are read from the key of their own name.
using FieldMap = std::map<std::string, std::string>;

/// Parse "title=headline,date=meta.published" into a FieldMap. Throws UsageError on a bad entry or
/// an unknown Lede field.
FieldMap parse_field_map(const std::string& spec);

/// JSON Lines: one article object per line. Records without an id get "<path>:<line>".
/// Lines that are not JSON objects, or have neither title nor body, are skipped with a reason.
void read_jsonl(std::istream& in, const std::string& path, const FieldMap& map, RecordSink& sink);

} // namespace lede

// SPDX-License-Identifier: MIT
// WARC files (ISO 28500, as web crawls ship them): one article per HTML response record.
#pragma once

#include "readers.hpp"

#include <istream>
#include <string>
#include <string_view>

namespace lede {

/// Undo HTTP/1.1 chunked transfer coding. Stops at the last chunk or where the data runs out.
std::string dechunk(std::string_view body);
/// The same, saying whether the body was well-formed chunked coding (false: a chunk size that is
/// not hex, a chunk not of its size, data cut short; `out` then holds what decoded before).
bool dechunk_strict(std::string_view body, std::string& out);

/// Read WARC records from `in` (already decompressed: a .warc.gz is a gzip stream of records).
/// Each `response` record holding an HTTP 2xx response with an HTML content type (and each
/// `resource` record of type text/html) becomes an article through the HTML extractor: url and id
/// = WARC-Target-URI, date = the page's own publication date, else WARC-Date; the HTTP charset wins
/// over the page's <meta>. Other records (requests, metadata, redirects, images) are passed over
/// silently. A record without Content-Length, or cut short, is skipped and reported at the line of
/// its "WARC/" version line; reading resumes at the next version line.
/// A record larger than limits.record_bytes, or whose HTTP body decodes to more, is passed over and
/// reported (the decoding stops at the budget).
void read_warc(std::istream& in, const SourceName& name, RecordSink& sink, const Limits& limits = Limits{});

} // namespace lede

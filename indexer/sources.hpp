// SPDX-License-Identifier: MIT
// One input stream -> articles: decompression, archive members, format recognition, dispatch.
#pragma once

#include "formats.hpp"
#include "readers.hpp"
#include "streams.hpp"

#include <cstddef>
#include <string>

namespace lede {

struct ReadSettings {
    Format format = Format::Auto;               // --format: the format of the (decompressed) content
    FieldMap map;                               // --map, for JSON Lines and CSV/TSV
    Limits limits;                              // the size budgets: records, whole documents, decompressed members
};

/// Read one input. Compressed streams are decompressed, archives read member by member (names in
/// messages become "archive.tar.gz:inner/path.html"; nested archives are read too); the format
/// of each stream is --format, else the extension, else sniffed from the content. Record
/// problems go to `sink`; a member that cannot be read is skipped (reported at line 0) and the
/// others read. Throws InputError when the input as a whole cannot be read (binary data,
/// corrupt archive, I/O error) - articles already passed to the sink stay passed.
void read_source(ByteStream& in, const SourceName& name, const ReadSettings& settings, RecordSink& sink);

/// The format read_source would choose for a stream named `name` starting with `head`.
Format choose_format(const ReadSettings& settings, std::string_view name, std::string_view head);

} // namespace lede

// SPDX-License-Identifier: MIT
// Printing search results: the terminal layout (JSON Lines: json_output.hpp).
#pragma once

#include "searcher.hpp"

#include <ostream>
#include <string>

namespace lede {

struct RenderOptions {
    bool color = false;          // ANSI bold colour for highlights (else plain markers)
    std::size_t width = 80;      // terminal columns to wrap to
    std::string query;           // as typed, for the summary line
};

/// Human-readable results: an aligned header per hit, wrapped passages, a summary line.
void render_terminal(std::ostream& out, const SearchResult& result, const RenderOptions& options);

/// Display columns of UTF-8 text (East Asian wide and fullwidth characters count 2, marks 0).
std::size_t display_width(std::string_view text);

/// Wrap UTF-8 text at ICU line-break opportunities to `width` columns; returns byte offsets
/// where each line starts (the first is 0).
std::vector<std::size_t> wrap_points(std::string_view text, std::size_t width);

} // namespace lede

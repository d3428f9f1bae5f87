// SPDX-License-Identifier: MIT
// Printing search results: the terminal layout (JSON Lines: json_output.hpp).
#pragma once

#include "colors.hpp"
#include "searcher.hpp"

#include <lede/search.hpp>

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace lede {

struct RenderOptions {
    bool color = false;          // ANSI bold colour for highlights (else plain markers)
    std::size_t width = 80;      // terminal columns to wrap to
    std::string query;           // as typed, for the summary line
    bool timing = true;          // show the time taken (off for reproducible output: LEDE_NO_TIMING=1)
    // Without colour: text written before and after each highlighted run (--markers); empty (the
    // default) writes highlights as plain text.
    std::string mark_open, mark_close;
    Palette palette;             // the colours (LEDE_COLORS), when color is on
};

/// --markers: "**" (the same before and after) or "[,]" (before, comma, after). Throws UsageError
/// for an empty or control-character marker.
std::pair<std::string, std::string> parse_markers(std::string_view spec);

/// Human-readable results: an aligned header per hit (rank, date, source, title), the passages
/// wrapped to the width, the article's id (and author, URL), then a summary line. With passage
/// search (result.passage_search), one entry per passage with its score and its article.
void render_terminal(std::ostream& out, const SearchResult& result, const RenderOptions& options);

/// The line above the hits when no article has every word of the query (SearchResult::relaxed).
inline constexpr const char* relaxed_notice = "No article has every word; showing articles with most of them";

/// --show: the whole article (a header of its metadata, the body's paragraphs wrapped to the
/// width, its copies), the query's words highlighted.
void render_article(std::ostream& out, const api::ArticleView& view, const RenderOptions& options);

/// A name (a source, a facet value) made to fit `width` columns: unchanged when it fits, else
/// without a leading article ("The", "Le", "Der", ...), else cut after a whole word with an
/// ellipsis ("Extraordinary…"), else cut inside a word.
std::string shorten_name(std::string_view name, std::size_t width);

/// Display columns of UTF-8 text (East Asian wide and fullwidth characters count 2, marks 0).
std::size_t display_width(std::string_view text);

/// The paragraphs of a body: byte ranges separated by blank lines, without the whitespace at their
/// ends (a line break inside a paragraph is shown as a space). `--show` and `%{body}` share it.
std::vector<Span> paragraphs(std::string_view body);

/// Wrap UTF-8 `text` to `width` columns at ICU line-break opportunities; a piece wider than a
/// line is split at grapheme cluster boundaries. Each highlight span that shows in a line adds
/// 2 * `marker_width` columns to it (the plain markers). Returns each line's byte range, without
/// the spaces at its ends.
std::vector<Span> wrap_lines(std::string_view text, std::size_t width, const std::vector<Span>& highlights = {},
                             std::size_t marker_width = 0);

} // namespace lede

// SPDX-License-Identifier: MIT
// --format templates: one plain line per hit from %{field} placeholders, like git log --format.
#pragma once

#include <lede/search.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace lede {

/// A compiled template. Placeholders: %{id} %{rank} %{score} %{date} %{day} %{title} %{source}
/// %{author} %{url} %{lang} %{tags} %{duplicates} %{passage} %{passages} %{body}; %% is a percent
/// sign and %n a newline; the escapes \t, \n and \\ work too (shells pass them through literally).
/// Tabs, newlines and other control characters inside values become spaces, so a template
/// without %n / \n and %{body} gives exactly one line per hit; %{body} keeps the body's
/// paragraphs, with a blank line ("\n\n") between them.
class HitFormat {
public:
    /// Throws UsageError for an unknown placeholder or a lone '%' (naming its 1-based position).
    explicit HitFormat(std::string_view spec);

    /// The line for one hit, without the trailing newline.
    std::string expand(const api::Hit& hit) const;

    /// %{passage} or %{passages} is used (passages cost time per hit).
    bool needs_passages() const { return m_needs_passages; }

    /// The placeholder names, for help text and messages.
    static const std::vector<std::string_view>& placeholders();

private:
    struct Piece {
        std::string literal;   // when field < 0
        int field = -1;        // index into placeholders()
    };
    std::vector<Piece> m_pieces;
    bool m_needs_passages = false;
};

} // namespace lede

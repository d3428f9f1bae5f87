// SPDX-License-Identifier: MIT
// LEDE_COLORS: the colours of lede-search's terminal output, in a syntax like ripgrep's --colors:
// "match:fg:red,match:style:bold,title:fg:cyan,date:none".
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lede {

/// One element's look: foreground and background (-1 none, 0-255 the 256-colour palette, or
/// true colour), and attributes.
struct Style {
    int fg = -1, bg = -1;          // 0-255; -2: true colour in fg_rgb / bg_rgb
    unsigned fg_rgb = 0, bg_rgb = 0;
    bool bold = false, dim = false, italic = false, underline = false, reverse = false;
    /// The SGR escape sequence that sets this style ("" when it sets nothing).
    std::string sgr() const;
};

/// The styled elements: highlighted words, titles, dates and sources.
struct Palette {
    Style match, title, date, source;
    Palette();                    // the defaults: bold yellow matches, bold titles, dim dates and sources
};

/// Apply `spec` to `palette`: comma- or space-separated TYPE:ATTR:VALUE entries, TYPE one of match
/// (or highlight), title, date, source; ATTR fg or bg (black, red, green, yellow, blue, magenta,
/// cyan, white, 0-255, #RRGGBB) or style (bold, nobold, dim, nodim, italic, noitalic, underline,
/// nounderline, reverse, noreverse); TYPE:none clears the type's style. Each entry changes the
/// style it names, from the defaults on. A bad entry is left out and described in `warnings`.
void apply_colors(Palette& palette, std::string_view spec, std::vector<std::string>& warnings);

} // namespace lede

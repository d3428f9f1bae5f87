// SPDX-License-Identifier: MIT
// The terminal rendering of --facets and --timeline (the counting is the engine's: facets.hpp).
#pragma once

#include "facets.hpp"

#include <ostream>

namespace lede {

/// Terminal rendering: a compact table (one line per facet), and a bar chart with one row per period.
/// `exact`: the counts cover every match; else they cover the `counted` matches examined.
void render_facets(std::ostream& out, const std::vector<Facet>& facets, bool exact, Xapian::doccount counted,
                   std::size_t width, bool color);
void render_timeline(std::ostream& out, const Timeline& timeline, bool exact, std::size_t width, bool color);


} // namespace lede

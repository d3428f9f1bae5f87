// SPDX-License-Identifier: MIT
// lede-index's --help layout (everyday options first, the rest grouped) and completion hints,
// over cli/ (shared with lede-search).
#pragma once

#include <CLI/CLI.hpp>

namespace lede {

/// After add_options: group the options, install --help-all and --completion.
void layout_index_cli(CLI::App& app);

} // namespace lede

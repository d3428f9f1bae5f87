// SPDX-License-Identifier: MIT
// lede-search's --help layout (everyday options first, the rest grouped), completion hints and the
// parse error messages, over cli/ (shared with lede-index).
#pragma once

#include <CLI/CLI.hpp>

namespace lede {

/// After add_options: group the options, install --help-all and --completion.
void layout_search_cli(CLI::App& app);

} // namespace lede

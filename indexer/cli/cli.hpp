// SPDX-License-Identifier: MIT
// lede-index's command line: CLI11 stays in here and main.cpp.
#pragma once

#include "indexer.hpp"

#include <CLI/CLI.hpp>

namespace lede {

/// Register lede-index's options on `app`, writing into `options`.
void add_options(CLI::App& app, IndexerOptions& options);

} // namespace lede

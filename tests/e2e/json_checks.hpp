// SPDX-License-Identifier: MIT
// Shared checks of lede-search's JSON output: the documented schema plus what a schema cannot say
// (highlight offsets inside their text on UTF-8 boundaries, ranks in order, honest count bounds).
#pragma once

#include "json_schema.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace lede::e2e {

/// docs/json-schema/lede-search.schema.json from the source tree.
const JsonSchema& search_schema();

/// Problems with one hit object (schema "#/$defs/hit" plus offsets), empty = fine.
std::vector<std::string> hit_problems(const nlohmann::json& hit);

/// Problems with one passage-search result (schema "#/$defs/passage_hit" plus offsets).
std::vector<std::string> passage_hit_problems(const nlohmann::json& passage);

/// Problems with a summary object for `query` with `hits` hits returned.
std::vector<std::string> summary_problems(const nlohmann::json& summary, const std::string& query, std::size_t hits);

/// Problems with the whole stdout of `lede-search --json` for `query` (hits, then one summary),
/// ranks starting at offset + 1.
std::vector<std::string> json_output_problems(const std::string& out, const std::string& query);

} // namespace lede::e2e

// SPDX-License-Identifier: MIT
// What the extraction tests (test_extract*.cpp) share: a three-paragraph story to put in pages.
#pragma once

#include <string>

namespace lede::test {

inline bool has(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

inline const std::string story =
    "<p>The council voted on Tuesday to close the old bridge, after engineers found cracks in "
    "two of its piers, a decision that will reroute traffic for months.</p>"
    "<p>Residents, who had asked for repairs since 2019, said the detour adds twenty minutes "
    "to every trip, and shops near the river fear for their trade.</p>"
    "<p>The mayor said a new bridge could open in three years, if funds are found.</p>";

} // namespace lede::test

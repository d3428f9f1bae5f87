// SPDX-License-Identifier: MIT
// Main-content extraction (issue #20): choosing the article's block and keeping all of the story.
#include "../catch.hpp"

#include "extract.hpp"
#include "html.hpp"

#include <string>

using namespace lede;

namespace {

bool has(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

const std::string story = "<p>The council voted on Tuesday to close the old bridge, after engineers found cracks in "
                          "two of its piers, a decision that will reroute traffic for months.</p>"
                          "<p>Residents, who had asked for repairs since 2019, said the detour adds twenty minutes "
                          "to every trip, and shops near the river fear for their trade.</p>"
                          "<p>The mayor said a new bridge could open in three years, if funds are found.</p>";

} // namespace

TEST_CASE("a stray quote inside a long tag does not swallow the page", "[extract]") {
    // `type="text=""`: the third quote is a stray character (the HTML tokenizer opens a value only
    // after '='), not a value running to the next quote in the page. A tag made long enough to be
    // shortened before parsing must not take the story with it.
    std::string attrs;
    for (int i = 0; i < 300; ++i) attrs += " data-a" + std::to_string(i) + "=\"x\"";
    const std::string html = "<body><form><input name=\"q\" type=\"text=\"\" placeholder=\"Search\"" + attrs +
                             "><input type=\"submit\" value=\"s\"></form><article>" + story + "</article></body>";
    HtmlPage p = extract_html(html);
    CHECK(has(p.text, "The council voted"));
    CHECK(has(p.text, "if funds are found."));
}

// SPDX-License-Identifier: MIT
// Analyzer: segmentation, folding, offsets, CJK bigrams, stemming.
#include "../catch.hpp"

#include "analyzer.hpp"

using namespace lede;

TEST_CASE("placeholder analyzer smoke", "[analyzer]") {
    Analyzer an;
    auto toks = an.analyze("Hello World");
    REQUIRE(toks.size() == 2);
}

// SPDX-License-Identifier: MIT
// LEDE_COLORS: entries applied over the defaults, bad ones named.
#include "colors.hpp"

#include <catch2/catch.hpp>

using namespace lede;

TEST_CASE("LEDE_COLORS entries change the default styles", "[colors]") {
    Palette p;
    CHECK(p.match.sgr() == "\x1b[1;33m");
    CHECK(p.title.sgr() == "\x1b[1m");
    CHECK(p.date.sgr() == "\x1b[2m");
    std::vector<std::string> warnings;
    apply_colors(p, "match:fg:red,match:style:underline title:fg:cyan,date:none,source:fg:208,source:bg:#102030",
                 warnings);
    CHECK(warnings.empty());
    CHECK(p.match.sgr() == "\x1b[1;4;31m");
    CHECK(p.title.sgr() == "\x1b[1;36m");
    CHECK(p.date.sgr().empty());
    CHECK(p.source.sgr() == "\x1b[2;38;5;208;48;2;16;32;48m");
    apply_colors(p, "match:style:nobold,highlight:fg:green", warnings);
    CHECK(p.match.sgr() == "\x1b[4;32m");
}

TEST_CASE("bad LEDE_COLORS entries are left out and named", "[colors]") {
    Palette p;
    std::vector<std::string> warnings;
    apply_colors(p, "match:fg:purple,titel:fg:red,date:fg,source:style:blink,match:fx:red,title:fg:blue,,", warnings);
    REQUIRE(warnings.size() == 5);
    CHECK(warnings[0].rfind("'match:fg:purple': unknown colour 'purple'", 0) == 0);
    CHECK(warnings[1].rfind("'titel:fg:red': unknown type 'titel'", 0) == 0);
    CHECK(warnings[2].rfind("'date:fg': expected TYPE:ATTR:VALUE", 0) == 0);
    CHECK(warnings[3].rfind("'source:style:blink': unknown style 'blink'", 0) == 0);
    CHECK(warnings[4].rfind("'match:fx:red': unknown attribute 'fx'", 0) == 0);
    CHECK(p.match.sgr() == "\x1b[1;33m"); // unchanged by the bad entries
    CHECK(p.title.sgr() == "\x1b[1;34m"); // the good one after them applied
}

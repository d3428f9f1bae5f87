// SPDX-License-Identifier: MIT
// lede-index's progress line: named phases, cut to the terminal's width, no ETA after indexing.
#include "progress.hpp"

#include <catch2/catch.hpp>

using namespace lede;

TEST_CASE("the progress line names its phase and fits the width", "[progress]") {
    const std::string indexing =
        progress_line(ProgressPhase::Indexing, 3, 22, 81234, 4100, 12.3, 65, 4.0, 0);
    CHECK(indexing == "lede-index: indexing: 3/22 files, 81234 articles, 4100 articles/s, 12.3 MB/s, ETA 1:05");
    for (std::size_t width : {40u, 60u, 120u}) {
        const std::string l = progress_line(ProgressPhase::Indexing, 3, 22, 81234, 4100, 12.3, 65, 4.0, width);
        CHECK(l.size() <= width - 1);
        CHECK(l.rfind("lede-index: indexing: ", 0) == 0);
    }
    // Too wide for 60 columns: the rates go, the ETA stays.
    CHECK(progress_line(ProgressPhase::Indexing, 3, 22, 81234, 4100, 12.3, 65, 4.0, 60) ==
          "lede-index: indexing: 3/22 files, 81234 articles, ETA 1:05");
    const std::string merging = progress_line(ProgressPhase::Merging, 22, 22, 90000, 4100, 12.3, 0, 3.4, 120);
    CHECK(merging == "lede-index: merging segments: 22/22 files, 90000 articles, 3 s");
    CHECK(progress_line(ProgressPhase::Committing, 22, 22, 90000, 1, 1, 0, 0, 0).find("ETA") == std::string::npos);
    CHECK(progress_line(ProgressPhase::Reading, 1, 2, 3, 4, 5, -1, 0, 0) ==
          "lede-index: reading: 1/2 files, 3 articles, 4 articles/s, 5.0 MB/s");
    CHECK(std::string(phase_name(ProgressPhase::Pruning)) == "pruning");
}

// SPDX-License-Identifier: MIT
// Did-you-mean from the index's own vocabulary: Xapian's spelling table (fed by lede-index with
// the analyzer's folded title and body words), with a workaround for Xapian 1.4's candidate filter.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <string>

namespace lede {

/// Edit distance between two UTF-8 strings in code points, counting an adjacent transposition
/// as one edit (as Xapian's spelling corrector does).
unsigned edit_distance(const std::string& a, const std::string& b);

/// How often `word` occurs in the spelling table (articles containing it), or 0.
Xapian::doccount spelling_frequency(const Xapian::Database& db, const std::string& word);

/// The best correction of a folded word from the spelling table, or "" when there is none within
/// `max_edit_distance` edits or when the best is in fewer than `min_freq` articles. Closer words
/// win; among equally close ones, the more frequent.
///
/// Xapian 1.4's get_spelling_suggestion() only computes edit distances for candidates whose
/// n-gram overlap is within 2 of the best overlap seen so far, so a long word sharing many
/// n-grams hides a close one ("schtuhl" finds nothing when "schiedsrichterstuhl" is in the
/// table beside "stuhl"; see kiwix/libkiwix#1254). So the words one edit away are also looked up
/// in the table, and the words with the same first letter and a close length are compared one by
/// one.
std::string suggest_spelling(const Xapian::Database& db, const std::string& word, unsigned max_edit_distance = 2,
                             Xapian::doccount min_freq = 1);

} // namespace lede

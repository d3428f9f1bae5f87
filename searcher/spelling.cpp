// SPDX-License-Identifier: MIT
// Spelling suggestions: Xapian's trigram-based suggestion plus every one-edit variant checked
// against the spelling table, ranked by (edit distance, frequency).
#include "spelling.hpp"

#include <unicode/utf8.h>

#include <algorithm>
#include <iterator>
#include <string_view>
#include <vector>

namespace lede {
namespace {

// Code points of UTF-8 text into `out` (its old content dropped, its capacity kept); an invalid
// sequence becomes U+FFFD.
void decode_into(std::string_view s, std::u32string& out) {
    out.clear();
    int32_t i = 0;
    const auto n = static_cast<int32_t>(s.size());
    while (i < n) {
        UChar32 c;
        U8_NEXT(s.data(), i, n, c);
        out.push_back(c < 0 ? 0xFFFD : static_cast<char32_t>(c));
    }
}

std::u32string decode(std::string_view s) {
    std::u32string out;
    decode_into(s, out);
    return out;
}

std::string encode(const std::u32string& s) {
    std::string out;
    for (char32_t c : s) {
        char buf[4];
        int32_t len = 0;
        UBool error = false;
        U8_APPEND(buf, len, 4, static_cast<UChar32>(c), error);
        if (!error) out.append(buf, static_cast<std::size_t>(len));
    }
    return out;
}

// Damerau-Levenshtein (optimal string alignment) on code points, or `limit` + 1 as soon as it is
// certain to exceed `limit` (a row of the table all above it). The table is kept per thread: the
// did-you-mean scan compares a word with every word of the same initial and a close length.
unsigned distance(std::u32string_view a, std::u32string_view b, unsigned limit = ~0u - 1) {
    const std::size_t n = a.size(), m = b.size();
    if ((n > m ? n - m : m - n) > limit) return limit + 1;
    thread_local std::vector<unsigned> table;
    table.resize((n + 1) * (m + 1));
    auto d = [&](std::size_t i, std::size_t j) -> unsigned& { return table[i * (m + 1) + j]; };
    for (std::size_t i = 0; i <= n; ++i) d(i, 0) = static_cast<unsigned>(i);
    for (std::size_t j = 0; j <= m; ++j) d(0, j) = static_cast<unsigned>(j);
    for (std::size_t i = 1; i <= n; ++i) {
        unsigned row_min = d(i, 0);
        for (std::size_t j = 1; j <= m; ++j) {
            const unsigned cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d(i, j) = std::min({d(i - 1, j) + 1, d(i, j - 1) + 1, d(i - 1, j - 1) + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d(i, j) = std::min(d(i, j), d(i - 2, j - 2) + 1);
            row_min = std::min(row_min, d(i, j));
        }
        // Every later cell is at least the minimum of this row or the one before it (a
        // transposition reaches back two rows): once both exceed the limit, so does the result.
        if (row_min > limit && i >= 2) {
            unsigned prev_min = d(i - 1, 0);
            for (std::size_t j = 1; j <= m; ++j) prev_min = std::min(prev_min, d(i - 1, j));
            if (prev_min > limit) return limit + 1;
        }
    }
    return std::min(d(n, m), limit + 1);
}

// Code points of UTF-8 text (as decode() would count them), without decoding.
std::size_t code_points(std::string_view s) {
    std::size_t n = 0;
    int32_t i = 0;
    const auto len = static_cast<int32_t>(s.size());
    while (i < len) {
        UChar32 c;
        U8_NEXT(s.data(), i, len, c);
        ++n;
    }
    return n;
}

// The strings one edit (deletion, transposition, substitution, insertion) away from `w` whose
// first code point differs from w's, sorted: the edits at the start. (Those keeping the initial are
// met by the scan of the initial's words.) The alphabet is a-z plus the word's own letters, which
// covers folded Latin text.
std::vector<std::string> initial_edits(const std::u32string& w) {
    std::vector<char32_t> alphabet(w.begin(), w.end());
    for (char32_t c = U'a'; c <= U'z'; ++c) alphabet.push_back(c);
    std::sort(alphabet.begin(), alphabet.end());
    alphabet.erase(std::unique(alphabet.begin(), alphabet.end()), alphabet.end());
    std::vector<std::string> out;
    if (w.size() >= 2 && w[1] != w[0]) {
        out.push_back(encode(w.substr(1)));    // the first letter deleted
        std::u32string x = w;
        std::swap(x[0], x[1]);                  // the first two swapped
        out.push_back(encode(x));
    }
    for (char32_t c : alphabet) {
        if (c == w[0]) continue;
        std::u32string x = w;
        x[0] = c;                               // the first letter replaced
        out.push_back(encode(x));
        out.push_back(encode(c + w));           // a letter put before it
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

} // namespace

unsigned edit_distance(const std::string& a, const std::string& b) { return distance(decode(a), decode(b)); }

Xapian::doccount spelling_frequency(const Xapian::Database& db, const std::string& word) {
    Xapian::TermIterator it = db.spellings_begin();
    it.skip_to(word);
    return it != db.spellings_end() && *it == word ? it.get_termfreq() : 0;
}

std::string suggest_spelling(const Xapian::Database& db, const std::string& word, unsigned max_edit_distance,
                             Xapian::doccount min_freq) {
    const std::u32string w = decode(word);
    if (w.size() < 2 || word.size() > 64) return {};
    min_freq = std::max<Xapian::doccount>(min_freq, 1);
    // The best candidate of at least min_freq, and the closest of the rarer ones: the best of all
    // is a rarer one exactly when that one is closer (at equal distance the more frequent wins).
    // Each distance is computed only as far as it can still matter.
    std::string best;
    unsigned best_distance = max_edit_distance + 1;
    Xapian::doccount best_freq = 0;
    unsigned rare_distance = max_edit_distance + 1;
    std::u32string decoded;
    auto consider = [&](const std::string& candidate, Xapian::doccount freq) {
        if (candidate.empty() || candidate == word || freq == 0) return;
        const unsigned reach = std::min(best_distance, rare_distance); // a rarer one must beat both
        if (freq < min_freq) {
            if (reach <= 1) return; // only a distance of 0, the word itself, could
            decode_into(candidate, decoded);
            const unsigned d = distance(w, decoded, reach - 1);
            if (d < reach) rare_distance = d;
            return;
        }
        decode_into(candidate, decoded);
        const unsigned d = distance(w, decoded, std::min(max_edit_distance, best_distance));
        if (d > max_edit_distance) return;
        if (d < best_distance || (d == best_distance && (freq > best_freq || (freq == best_freq && candidate < best)))) {
            best = candidate;
            best_distance = d;
            best_freq = freq;
        }
    };
    const std::string xapian = db.get_spelling_suggestion(word, max_edit_distance);
    if (!xapian.empty()) consider(xapian, spelling_frequency(db, xapian));
    const Xapian::TermIterator end = db.spellings_end();
    // Every word one edit away with another first letter (a typo in the first letter), in one
    // forward pass; those keeping the first letter are met by the scan below.
    Xapian::TermIterator it = db.spellings_begin();
    if (max_edit_distance >= 1) {
        for (const std::string& v : initial_edits(w)) {
            it.skip_to(v);
            if (it == end) break;
            if (*it == v) consider(v, it.get_termfreq());
        }
    }
    // Every word sharing the first letter and of a close length, by edit distance: one letter's
    // share of the vocabulary, which bounds the cost.
    const std::string first = encode(w.substr(0, 1));
    for (it = db.spellings_begin(), it.skip_to(first); it != end; ++it) {
        const std::string& cand = *it;
        if (cand.compare(0, first.size(), first) != 0) break;
        const std::size_t len = code_points(cand);
        if (len + max_edit_distance < w.size() || len > w.size() + max_edit_distance) continue;
        consider(cand, it.get_termfreq());
    }
    return rare_distance < best_distance ? std::string() : best;
}

} // namespace lede

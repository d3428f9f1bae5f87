// SPDX-License-Identifier: MIT
// Spelling suggestions: Xapian's trigram-based suggestion plus every one-edit variant checked
// against the spelling table, ranked by (edit distance, frequency).
#include "spelling.hpp"

#include <unicode/utf8.h>

#include <algorithm>
#include <iterator>
#include <set>
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

// Damerau-Levenshtein (optimal string alignment) on code points. The table is kept per thread:
// the did-you-mean scan compares a word with every word of the same initial and a close length.
unsigned distance(std::u32string_view a, std::u32string_view b) {
    const std::size_t n = a.size(), m = b.size();
    thread_local std::vector<unsigned> table;
    table.resize((n + 1) * (m + 1));
    auto d = [&](std::size_t i, std::size_t j) -> unsigned& { return table[i * (m + 1) + j]; };
    for (std::size_t i = 0; i <= n; ++i) d(i, 0) = static_cast<unsigned>(i);
    for (std::size_t j = 0; j <= m; ++j) d(0, j) = static_cast<unsigned>(j);
    for (std::size_t i = 1; i <= n; ++i)
        for (std::size_t j = 1; j <= m; ++j) {
            const unsigned cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d(i, j) = std::min({d(i - 1, j) + 1, d(i, j - 1) + 1, d(i - 1, j - 1) + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d(i, j) = std::min(d(i, j), d(i - 2, j - 2) + 1);
        }
    return d(n, m);
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

// Every string one edit (deletion, transposition, substitution, insertion) away from `w`. The
// alphabet is a-z plus the word's own letters, which covers folded Latin text. With
// `other_initial`, only those whose first code point differs from w's.
std::set<std::string> one_edit(const std::u32string& w, bool other_initial) {
    std::set<char32_t> alphabet(w.begin(), w.end());
    for (char32_t c = U'a'; c <= U'z'; ++c) alphabet.insert(c);
    std::set<std::string> out;
    for (std::size_t i = 0; i < w.size(); ++i) {
        std::u32string x = w;
        x.erase(i, 1);
        out.insert(encode(x));
        if (i + 1 < w.size()) {
            x = w;
            std::swap(x[i], x[i + 1]);
            out.insert(encode(x));
        }
        for (char32_t c : alphabet) {
            if (c == w[i]) continue;
            x = w;
            x[i] = c;
            out.insert(encode(x));
        }
    }
    for (std::size_t i = 0; i <= w.size(); ++i)
        for (char32_t c : alphabet) {
            std::u32string x = w;
            x.insert(x.begin() + static_cast<std::ptrdiff_t>(i), c);
            out.insert(encode(x));
        }
    out.erase(encode(w));
    if (other_initial) {
        const std::string first = encode(w.substr(0, 1));
        for (auto it = out.begin(); it != out.end();)
            it = it->compare(0, first.size(), first) == 0 ? out.erase(it) : std::next(it);
    }
    return out;
}

} // namespace

unsigned edit_distance(const std::string& a, const std::string& b) { return distance(decode(a), decode(b)); }

Xapian::doccount spelling_frequency(const Xapian::Database& db, const std::string& word) {
    Xapian::TermIterator it = db.spellings_begin();
    it.skip_to(word);
    return it != db.spellings_end() && *it == word ? it.get_termfreq() : 0;
}

std::string suggest_spelling(const Xapian::Database& db, const std::string& word, unsigned max_edit_distance) {
    const std::u32string w = decode(word);
    if (w.size() < 2 || word.size() > 64) return {};
    std::string best;
    unsigned best_distance = max_edit_distance + 1;
    Xapian::doccount best_freq = 0;
    std::u32string decoded;
    auto consider = [&](const std::string& candidate, Xapian::doccount freq) {
        if (candidate.empty() || candidate == word || freq == 0) return;
        decode_into(candidate, decoded);
        const unsigned d = distance(w, decoded);
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
    // Every word one edit away (a typo in the first letter included), in one forward pass. Those
    // that keep the first letter are met again by the scan below (same word, same frequency, and
    // the choice does not depend on the order), so only the others are looked up here.
    Xapian::TermIterator it = db.spellings_begin();
    for (const std::string& v : one_edit(w, max_edit_distance >= 1)) {
        it.skip_to(v);
        if (it == end) break;
        if (*it == v) consider(v, it.get_termfreq());
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
    return best;
}

} // namespace lede

// SPDX-License-Identifier: MIT
// Spelling suggestions: Xapian's trigram-based suggestion plus every one-edit variant checked
// against the spelling table, ranked by (edit distance, frequency).
#include "spelling.hpp"

#include <unicode/utf8.h>

#include <algorithm>
#include <iterator>
#include <memory>
#include <optional>
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

// Damerau-Levenshtein (optimal string alignment) on code points, or `limit` + 1 when it exceeds
// `limit`. Only the cells within `limit` of the diagonal are computed (a cell farther off is at
// least its distance from the diagonal), each capped at limit + 1 (which caps the result and
// nothing else, every step adding a cost of 0 or 1), and the computation stops once two rows are
// all above the limit (a transposition reaches back two rows). The table is kept per thread: the
// did-you-mean scan compares a word with every word of the same initial and a close length.
unsigned distance(std::u32string_view a, std::u32string_view b, unsigned limit = ~0u - 1) {
    const std::size_t n = a.size(), m = b.size();
    if ((n > m ? n - m : m - n) > limit) return limit + 1;
    const unsigned cap = limit + 1;
    if (limit <= 1) {
        // At most one edit: after the common prefix, one substitution, transposition, deletion or
        // insertion must leave equal rests.
        std::size_t p = 0;
        while (p < n && p < m && a[p] == b[p]) ++p;
        if (p == n && p == m) return 0;
        if (limit == 0) return cap;
        bool one = false;
        if (n == m)
            one = a.substr(p + 1) == b.substr(p + 1) ||
                  (p + 1 < n && a[p] == b[p + 1] && a[p + 1] == b[p] && a.substr(p + 2) == b.substr(p + 2));
        else if (n == m + 1) one = a.substr(p + 1) == b.substr(p);
        else one = b.substr(p + 1) == a.substr(p);
        return one ? 1 : cap;
    }
    const std::size_t k = std::min<std::size_t>(limit, std::max(n, m));
    thread_local std::vector<unsigned> table;
    table.resize((n + 1) * (m + 1));
    auto d = [&](std::size_t i, std::size_t j) -> unsigned& { return table[i * (m + 1) + j]; };
    auto at = [&](std::size_t i, std::size_t j) { return (i > j ? i - j : j - i) > k ? cap : d(i, j); };
    for (std::size_t i = 0; i <= std::min(n, k); ++i) d(i, 0) = std::min<unsigned>(static_cast<unsigned>(i), cap);
    for (std::size_t j = 0; j <= std::min(m, k); ++j) d(0, j) = std::min<unsigned>(static_cast<unsigned>(j), cap);
    unsigned prev_min = 0;
    for (std::size_t i = 1; i <= n; ++i) {
        const std::size_t lo = i > k ? i - k : 1, hi = std::min(m, i + k);
        unsigned row_min = i <= k ? d(i, 0) : cap;
        for (std::size_t j = lo; j <= hi; ++j) {
            const unsigned cost = a[i - 1] == b[j - 1] ? 0 : 1;
            unsigned v = std::min({at(i - 1, j) + 1, at(i, j - 1) + 1, d(i - 1, j - 1) + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) v = std::min(v, d(i - 2, j - 2) + 1);
            d(i, j) = std::min(v, cap);
            row_min = std::min(row_min, d(i, j));
        }
        if (row_min >= cap && prev_min >= cap) return cap;
        prev_min = row_min;
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

// The strings one edit (deletion, transposition, substitution, insertion) away from `w` whose
// first code point differs from w's, sorted: the edits at the start. (Those keeping the initial are
// met by the scan of the initial's words.) The alphabet is a-z plus the word's own letters, which
// covers folded Latin text.
// The letters initial_edits() tries: a-z and the word's own, sorted.
std::u32string edit_alphabet(const std::u32string& w) {
    std::u32string alphabet = w;
    for (char32_t c = U'a'; c <= U'z'; ++c) alphabet.push_back(c);
    std::sort(alphabet.begin(), alphabet.end());
    alphabet.erase(std::unique(alphabet.begin(), alphabet.end()), alphabet.end());
    return alphabet;
}

std::vector<std::string> initial_edits(const std::u32string& w) {
    const std::u32string alphabet = edit_alphabet(w);
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

SpellingWords::Letters letters_of(std::string_view s) {
    SpellingWords::Letters out{};
    int32_t i = 0;
    const auto len = static_cast<int32_t>(s.size());
    while (i < len) {
        UChar32 c;
        U8_NEXT(s.data(), i, len, c);
        std::uint8_t& n = out[static_cast<std::uint32_t>(c < 0 ? 0xFFFD : c) % 16];
        if (n < 255) ++n;
    }
    return out;
}

// A lower bound of the edit distance of two words from their letter counts.
unsigned letters_bound(const SpellingWords::Letters& a, const SpellingWords::Letters& b) {
    unsigned sum = 0;
    for (std::size_t i = 0; i < a.size(); ++i) sum += a[i] > b[i] ? a[i] - b[i] : b[i] - a[i];
    return (sum + 1) / 2;
}

// The words of the spelling table beginning with `initial`, most frequent first.
std::unique_ptr<SpellingWords> read_words(const Xapian::Database& db, const std::string& initial) {
    auto out = std::make_unique<SpellingWords>();
    const Xapian::TermIterator end = db.spellings_end();
    Xapian::TermIterator it = db.spellings_begin();
    for (it.skip_to(initial); it != end; ++it) {
        const std::string w = *it;
        if (w.compare(0, initial.size(), initial) != 0) break;
        out->words.push_back({out->text.size(), w.size(), code_points(w), it.get_termfreq(), letters_of(w)});
        out->text += w;
    }
    std::stable_sort(out->words.begin(), out->words.end(),
                     [](const SpellingWords::Word& a, const SpellingWords::Word& b) { return a.freq > b.freq; });
    return out;
}

// The first code points of the table's words (each as UTF-8), one skip per letter; nothing when
// some word does not begin with a valid UTF-8 sequence.
std::optional<std::vector<std::string>> read_initials(const Xapian::Database& db) {
    std::vector<std::string> out;
    const Xapian::TermIterator end = db.spellings_end();
    Xapian::TermIterator it = db.spellings_begin();
    while (it != end) {
        const std::string w = *it;
        if (w.empty()) {
            ++it;
            continue;
        }
        int32_t i = 0;
        UChar32 c;
        U8_NEXT(w.data(), i, static_cast<int32_t>(w.size()), c);
        if (c < 0) return std::nullopt;
        std::string first = w.substr(0, static_cast<std::size_t>(i));
        // Past every word with this first letter: its last byte (ASCII or a continuation byte,
        // so below 0xC0) plus one.
        std::string next = first;
        next.back() = static_cast<char>(static_cast<unsigned char>(next.back()) + 1);
        out.push_back(std::move(first));
        it.skip_to(next);
    }
    return out;
}

} // namespace

bool SpellingCache::sync(const Xapian::Database& db) {
    DbRevision revision = m_revision;
    bool moved = false;
    const bool local = revision.follow(db, moved);
    if (moved) {
        *this = SpellingCache();
        m_revision = std::move(revision);
    }
    return local;
}

const SpellingWords& SpellingCache::words(const Xapian::Database& db, const std::string& initial) {
    if (auto found = m_words.find(initial); found != m_words.end()) return *found->second;
    std::unique_ptr<SpellingWords> words = read_words(db, initial);
    const std::size_t bytes = words->text.size() + words->words.size() * sizeof(SpellingWords::Word);
    if (m_bytes + bytes > max_bytes) {
        m_words.clear();
        m_bytes = 0;
        m_ranked.clear();
        m_have_ranked = false;
        m_vocabulary.clear();
        m_have_vocabulary = false;
    }
    m_bytes += bytes;
    return *m_words.emplace(initial, std::move(words)).first->second;
}

const std::optional<std::vector<std::string>>& SpellingCache::initials(const Xapian::Database& db) {
    if (!m_have_initials) {
        m_initials = read_initials(db);
        m_have_initials = true;
    }
    return m_initials;
}

const std::vector<SpellingCache::Ranked>* SpellingCache::ranked(const Xapian::Database& db) {
    if (m_have_ranked) return &m_ranked;
    if (m_ranked_failed || ++m_ranked_asks < ranked_after) return nullptr;
    const auto& letters = initials(db);
    if (!letters) {
        m_ranked_failed = true;
        return nullptr;
    }
    for (const std::string& p : *letters) {
        if (m_words.count(p)) continue;
        std::unique_ptr<SpellingWords> words = read_words(db, p);
        const std::size_t bytes = words->text.size() + words->words.size() * sizeof(SpellingWords::Word);
        if (m_bytes + bytes > max_bytes) {
            m_ranked_failed = true; // the whole table is too large to keep
            return nullptr;
        }
        m_bytes += bytes;
        m_words.emplace(p, std::move(words));
    }
    for (const auto& [p, words] : m_words)
        for (const SpellingWords::Word& w : words->words) m_ranked.push_back({words.get(), &w});
    std::sort(m_ranked.begin(), m_ranked.end(), [](const Ranked& a, const Ranked& b) { return a.word->freq > b.word->freq; });
    m_have_ranked = true;
    return &m_ranked;
}

const SpellingCache::Vocabulary* SpellingCache::vocabulary(const Xapian::Database& db) {
    if (m_have_vocabulary) return &m_vocabulary;
    const std::vector<Ranked>* all = ranked(db);
    if (!all) return nullptr;
    m_vocabulary.reserve(all->size());
    for (const Ranked& r : *all) m_vocabulary.emplace(r.letter->word(*r.word), r.word->freq);
    m_have_vocabulary = true;
    return &m_vocabulary;
}

std::optional<Xapian::doccount> SpellingCache::count(const std::string& key) const {
    const auto found = m_counts.find(key);
    if (found == m_counts.end()) return std::nullopt;
    return found->second;
}

void SpellingCache::remember_count(const std::string& key, Xapian::doccount matches) {
    if (m_counts.size() >= max_answers) m_counts.clear();
    m_counts.emplace(key, matches);
}

const std::string* SpellingCache::answer(const std::string& key) const {
    const auto found = m_answers.find(key);
    return found == m_answers.end() ? nullptr : &found->second;
}

void SpellingCache::remember(const std::string& key, const std::string& answer) {
    if (m_answers.size() >= max_answers) m_answers.clear();
    m_answers.emplace(key, answer);
}

unsigned edit_distance(const std::string& a, const std::string& b) { return distance(decode(a), decode(b)); }

Xapian::doccount spelling_frequency(const Xapian::Database& db, const std::string& word) {
    Xapian::TermIterator it = db.spellings_begin();
    it.skip_to(word);
    return it != db.spellings_end() && *it == word ? it.get_termfreq() : 0;
}

std::string suggest_spelling(const Xapian::Database& db, const std::string& word, unsigned max_edit_distance,
                             Xapian::doccount min_freq, SpellingCache* cache) {
    const std::u32string w = decode(word);
    if (w.size() < 2 || word.size() > 64) return {};
    min_freq = std::max<Xapian::doccount>(min_freq, 1);
    std::string key;
    if (cache) {
        key = word + '\n' + std::to_string(max_edit_distance) + ' ' + std::to_string(min_freq);
        if (const std::string* known = cache->answer(key)) return *known;
    }
    // The best candidate of at least min_freq, and the closest of the rarer ones: the best of all
    // is a rarer one exactly when that one is closer (at equal distance the more frequent wins).
    // Each distance is computed only as far as it can still matter. The answer depends only on
    // the set of candidates considered, not on their order.
    std::string best;
    unsigned best_distance = max_edit_distance + 1;
    Xapian::doccount best_freq = 0;
    unsigned rare_distance = max_edit_distance + 1;
    std::u32string decoded;
    const SpellingWords::Letters word_letters = letters_of(word);
    // `letters`, when given, are the candidate's: a candidate whose letters are too far from the
    // word's is not decoded.
    auto consider = [&](std::string_view candidate, Xapian::doccount freq, const SpellingWords::Letters* letters) {
        if (candidate.empty() || candidate == word || freq == 0) return;
        const unsigned reach = std::min(best_distance, rare_distance); // a rarer one must beat both
        if (freq < min_freq) {
            if (reach <= 1) return; // only a distance of 0, the word itself, could
            if (letters && letters_bound(word_letters, *letters) >= reach) return;
            decode_into(candidate, decoded);
            const unsigned d = distance(w, decoded, reach - 1);
            if (d < reach) rare_distance = d;
            return;
        }
        // Farther than the limit: beyond max_edit_distance, or than the best (so no better).
        if (letters && letters_bound(word_letters, *letters) > std::min(max_edit_distance, best_distance)) return;
        decode_into(candidate, decoded);
        const unsigned d = distance(w, decoded, std::min(max_edit_distance, best_distance));
        if (d > max_edit_distance) return;
        if (d < best_distance || (d == best_distance && (freq > best_freq || (freq == best_freq && candidate < best)))) {
            best = candidate;
            best_distance = d;
            best_freq = freq;
        }
    };
    // The shortcuts below (stopping the scan early, not asking Xapian) rely on every other word
    // being at least one edit away: a valid UTF-8 word without U+FFFD (which an ill-formed
    // candidate could decode to).
    const bool exact_text = encode(w) == word && std::find(w.begin(), w.end(), U'\uFFFD') == w.end();
    const bool shortcuts = exact_text && max_edit_distance >= 1;
    // A word's frequency in the table (0: not there): from memory once the cache keeps the whole
    // table, else one lookup in the table.
    const SpellingCache::Vocabulary* vocabulary = cache ? cache->vocabulary(db) : nullptr;
    auto frequency = [&](const std::string& candidate) -> Xapian::doccount {
        if (!vocabulary) return spelling_frequency(db, candidate);
        const auto found = vocabulary->find(candidate);
        return found == vocabulary->end() ? 0 : found->second;
    };
    // Every word one edit away with another first letter (a typo in the first letter), in one
    // forward pass; those keeping the first letter are met by the scan below.
    if (max_edit_distance >= 1 && vocabulary) {
        for (const std::string& v : initial_edits(w))
            if (const Xapian::doccount f = frequency(v)) consider(v, f, nullptr);
    } else if (max_edit_distance >= 1) {
        const Xapian::TermIterator end = db.spellings_end();
        Xapian::TermIterator it = db.spellings_begin();
        for (const std::string& v : initial_edits(w)) {
            it.skip_to(v);
            if (it == end) break;
            if (*it == v) consider(v, it.get_termfreq(), nullptr);
        }
    }
    // Every word sharing the first letter and of a close length, by edit distance: one letter's
    // share of the vocabulary, which bounds the cost. Most frequent first, so the scan can stop
    // once no word left can change the answer.
    const std::string first = encode(w.substr(0, 1));
    std::unique_ptr<SpellingWords> own_words;
    const SpellingWords& letter = cache ? cache->words(db, first) : *(own_words = read_words(db, first));
    for (const SpellingWords::Word& cw : letter.words) {
        if (shortcuts) {
            // The rest are rarer than a best one edit away (which they cannot beat; a rarer word
            // would have to be closer still: the word itself), or all below min_freq when one
            // edit away is already found (none can be closer).
            if (best_distance <= 1 && cw.freq < best_freq) break;
            if (cw.freq < min_freq && std::min(best_distance, rare_distance) <= 1) break;
        }
        if (cw.length + max_edit_distance < w.size() || cw.length > w.size() + max_edit_distance) continue;
        consider(letter.word(cw), cw.freq, &cw.letters);
    }
    // Xapian's suggestion adds a word only when it has another first letter and is not among
    // the one-edit lookups: two edits away, or one edit with a first letter outside their
    // alphabet. Two edits cannot change the answer once a word one edit away was found; before
    // that, only a word at least as frequent as the best (or min_freq) and as close can.
    bool ask_xapian = true;
    const bool near = best_distance <= 1 || rare_distance <= 1;
    if (shortcuts && (near || cache)) {
        std::optional<std::vector<std::string>> own_initials;
        const auto& initials = cache ? cache->initials(db) : (own_initials = read_initials(db));
        bool one_edit_elsewhere = !initials;
        if (initials) {
            const std::u32string alphabet = edit_alphabet(w);
            const std::string rest = encode(w.substr(1));
            for (const std::string& p : *initials) {
                const std::u32string c = decode(p);
                if (c.size() == 1 && std::binary_search(alphabet.begin(), alphabet.end(), c[0])) continue;
                if (frequency(p + word) > 0 || frequency(p + rest) > 0) {
                    one_edit_elsewhere = true;
                    break;
                }
            }
        }
        if (!one_edit_elsewhere) {
            if (near) {
                ask_xapian = false;
            } else if (const std::vector<SpellingCache::Ranked>* all = cache->ranked(db)) {
                // Every other word is two edits away or more: Xapian can only add one that is
                // within the limit, at least min_freq, and closer than the best or as close and
                // at least as frequent. Most frequent first.
                const auto frequent_end = std::partition_point(
                    all->begin(), all->end(), [&](const SpellingCache::Ranked& r) { return r.word->freq >= min_freq; });
                if (frequent_end - all->begin() <= 50000) {
                    ask_xapian = false;
                    const unsigned limit = std::min(max_edit_distance, best_distance);
                    for (auto r = all->begin(); r != frequent_end; ++r) {
                        const SpellingWords::Word& cw = *r->word;
                        if (best_distance <= 2 && cw.freq < best_freq) break; // none can be closer
                        const std::string_view text = r->letter->word(cw);
                        if (text.compare(0, first.size(), first) == 0) continue; // met by the scan
                        if (cw.length + limit < w.size() || cw.length > w.size() + limit) continue;
                        if (letters_bound(word_letters, cw.letters) > limit) continue;
                        decode_into(text, decoded);
                        const unsigned d = distance(w, decoded, limit);
                        if (d <= limit && (d < best_distance || cw.freq >= best_freq)) {
                            ask_xapian = true;
                            break;
                        }
                    }
                }
            }
        }
    }
    if (ask_xapian) {
        const std::string xapian = db.get_spelling_suggestion(word, max_edit_distance);
        if (!xapian.empty()) consider(xapian, frequency(xapian), nullptr);
    }
    if (rare_distance < best_distance) best.clear();
    if (cache) cache->remember(key, best);
    return best;
}

} // namespace lede

// SPDX-License-Identifier: MIT
// Passages: ICU sentences merged or cut to a width, scored against the query, best k kept.
#include "passages.hpp"

#include "icu_error.hpp"
#include "utext.hpp"

#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <unordered_map>

namespace lede {
namespace {

constexpr std::string_view ellipsis = "\u2026";

// Passage scoring. A query term (or whole phrase) counts its weight once per passage, which
// rewards covering distinct terms; each repeat adds repeat_factor of it, at most max_repeats
// times. A whole phrase counts phrase_factor times its words' weights (NEAR groups near_factor).
// Two distinct terms at most proximity_window positions apart add proximity_factor times the
// smaller weight, once per pair of terms.
constexpr double repeat_factor = 0.2;
constexpr int max_repeats = 2;
constexpr double phrase_factor = 1.5;
constexpr double near_factor = 1.2;
constexpr double proximity_factor = 0.3;
constexpr std::uint32_t proximity_window = 8;

// ASCII whitespace, by table: flatten() asks it of every byte of every body shown.
constexpr std::array<bool, 256> space_table = [] {
    std::array<bool, 256> t{};
    for (unsigned char c : {' ', '\t', '\n', '\r', '\f', '\v'}) t[c] = true;
    return t;
}();

bool is_space(char c) { return space_table[static_cast<unsigned char>(c)]; }

bool field_applies(Field rule, Field text) { return rule == Field::Text || rule == text; }

// The body with every whitespace run as one space (and none at the ends), so that hard-wrapped
// lines read as sentences and widths are honest. Paragraph starts (a blank line, or a line break
// followed by indentation, as wire copy marks them) are kept as sentence boundaries.
struct FlatText {
    std::string text;
    // Where the shift between offsets in text and in the body changes: (offset in text, offset in
    // body), ascending, the first at 0. Between two entries text and body run in step (a word, or
    // a single whitespace character shown as a space); a longer whitespace run shown as one space
    // starts a new entry after it.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> runs;
    std::vector<std::size_t> paragraphs;  // offsets in text where a paragraph starts
    bool ascii = true;                    // text is all ASCII: one code point per byte
    std::vector<std::uint32_t> cps;       // unless ascii, cps[i]: code points in text[0, i) (for i on a boundary)

    std::size_t code_points(std::size_t b, std::size_t e) const { return ascii ? e - b : cps[e] - cps[b]; }
    std::size_t to_body(std::size_t i) const {
        auto it = std::upper_bound(runs.begin(), runs.end(), std::make_pair(static_cast<std::uint32_t>(i), UINT32_MAX));
        --it;
        return it->second + (i - it->first);
    }
    std::size_t body_begin(std::size_t b) const { return to_body(b); }
    std::size_t body_end(std::size_t e) const { return e == 0 ? 0 : to_body(e - 1) + 1; }
};

FlatText flatten(std::string_view body) {
    FlatText f;
    const std::size_t n = body.size();
    std::size_t i = 0;
    while (i < n && is_space(body[i])) ++i;
    f.runs.emplace_back(0, static_cast<std::uint32_t>(i == n ? 0 : i));
    f.text.resize(n - i);
    char* const out = f.text.data();
    std::size_t o = 0;
    unsigned char any = 0;
    while (i < n) {
        while (i < n && !is_space(body[i])) {
            any |= static_cast<unsigned char>(body[i]);
            out[o++] = body[i++];
        }
        if (i == n) break;
        std::size_t j = i;
        int newlines = 0;
        std::size_t indent = 0;
        for (; j < n && is_space(body[j]); ++j) {
            if (body[j] == '\n') {
                ++newlines;
                indent = 0;
            } else if (newlines > 0 && body[j] != '\r') {
                indent += body[j] == '\t' ? 4 : 1;
            }
        }
        if (j == n) break;
        out[o++] = ' ';
        if (newlines >= 2 || (newlines == 1 && indent >= 2)) f.paragraphs.push_back(o);
        if (j - i != 1) f.runs.emplace_back(static_cast<std::uint32_t>(o), static_cast<std::uint32_t>(j));
        i = j;
    }
    f.text.resize(o);
    f.ascii = any < 0x80;
    if (!f.ascii) {
        f.cps.resize(f.text.size() + 1);
        std::uint32_t cp = 0;
        for (std::size_t k = 0; k < f.text.size(); ++k) {
            f.cps[k] = cp;
            cp += (static_cast<unsigned char>(f.text[k]) & 0xC0) != 0x80;
        }
        f.cps[f.text.size()] = cp;
    }
    return f;
}

// ICU iterators are costly to create: one per language (sentences) and one for grapheme
// clusters, per thread.
icu::BreakIterator& sentence_breaker(std::string_view lang) {
    thread_local std::map<std::string, std::unique_ptr<icu::BreakIterator>, std::less<>> cache;
    auto it = cache.find(lang);
    if (it == cache.end()) {
        IcuError err("creating the sentence break iterator");
        // ss=standard: no sentence break after the language's common abbreviations ("Mr.").
        const std::string id = (lang.empty() ? std::string("und") : std::string(lang)) + "@ss=standard";
        std::unique_ptr<icu::BreakIterator> bi(icu::BreakIterator::createSentenceInstance(icu::Locale(id.c_str()), err));
        err.check();
        it = cache.emplace(std::string(lang), std::move(bi)).first;
    }
    return *it->second;
}

icu::BreakIterator& grapheme_breaker() {
    thread_local std::unique_ptr<icu::BreakIterator> it;
    if (!it) {
        IcuError err("creating the character break iterator");
        it.reset(icu::BreakIterator::createCharacterInstance(icu::Locale::getRoot(), err));
        err.check();
    }
    return *it;
}

// Grapheme cluster boundaries of one text (ICU's character BreakIterator). One at a time per thread.
class Graphemes {
public:
    explicit Graphemes(std::string_view text) : m_it(grapheme_breaker()), m_text(text), m_size(text.size()) {
        IcuError err("finding grapheme clusters");
        utext_openUTF8(&m_ut, text.data(), static_cast<int64_t>(text.size()), err);
        m_it.setText(&m_ut, err);
        err.check();
    }
    ~Graphemes() { utext_close(&m_ut); }
    Graphemes(const Graphemes&) = delete;
    Graphemes& operator=(const Graphemes&) = delete;

    bool is_boundary(std::size_t i) {
        if (i == 0 || i >= m_size) return true;
        // Between two ASCII characters there is a boundary unless they are CR LF (UAX #29: the
        // rules that join characters all involve a non-ASCII one), and ICU need not be asked.
        const auto before = static_cast<unsigned char>(m_text[i - 1]), at = static_cast<unsigned char>(m_text[i]);
        if (before < 0x80 && at < 0x80) return !(before == '\r' && at == '\n');
        return m_it.isBoundary(static_cast<int32_t>(i));
    }
    std::size_t floor(std::size_t i) {
        return is_boundary(i) ? i : static_cast<std::size_t>(m_it.preceding(static_cast<int32_t>(i)));
    }
    std::size_t ceil(std::size_t i) {
        return is_boundary(i) ? i : static_cast<std::size_t>(m_it.following(static_cast<int32_t>(i)));
    }
    /// The next boundary after i (m_size at the end).
    std::size_t next(std::size_t i) {
        const int32_t n = m_it.following(static_cast<int32_t>(i));
        return n == icu::BreakIterator::DONE ? m_size : static_cast<std::size_t>(n);
    }

private:
    icu::BreakIterator& m_it;
    UText m_ut = UTEXT_INITIALIZER;
    std::string_view m_text;
    std::size_t m_size;
};

// Merge overlapping or touching ranges (a CJK word is several overlapping bigrams).
std::vector<Span> merge_spans(std::vector<Span> spans) {
    std::sort(spans.begin(), spans.end());
    std::vector<Span> out;
    for (const auto& s : spans) {
        if (!out.empty() && s.first <= out.back().second) out.back().second = std::max(out.back().second, s.second);
        else out.push_back(s);
    }
    return out;
}

// Body words by language + '\0' + term, per thread (see find_matches): each word's stem, computed
// when first needed. An open addressing table over a deque (stable references): one probe of a
// small slot array per word.
constexpr std::size_t max_cached_stems = 200000;

struct WordEntry {
    std::string key;                          // language, '\0', term
    std::uint64_t hash = 0;                   // WordCache's hash of it
    std::string stem;
    bool stemmed = false;
};

// Whether `key` (language, '\0', term) is `lang` and `term`.
bool same_word(const std::string& key, std::string_view lang, std::string_view term) {
    return key.size() == lang.size() + 1 + term.size() &&
           std::memcmp(key.data() + lang.size() + 1, term.data(), term.size()) == 0 &&
           std::memcmp(key.data(), lang.data(), lang.size()) == 0 && key[lang.size()] == '\0';
}

// A 64-bit hash of a word key, 8 bytes at a time: the seed stands for the language (and the
// '\0' after it), so a body's words are hashed without building their keys.
std::uint64_t mix64(std::uint64_t h) {
    h ^= h >> 30;
    h *= 0xBF58476D1CE4E5B9ULL;
    h ^= h >> 27;
    h *= 0x94D049BB133111EBULL;
    return h ^ (h >> 31);
}

std::uint64_t hash_bytes(std::uint64_t seed, std::string_view s) {
    std::uint64_t h = seed ^ (s.size() * 0x9E3779B97F4A7C15ULL);
    const char* p = s.data();
    std::size_t n = s.size();
    for (; n >= 8; p += 8, n -= 8) {
        std::uint64_t w;
        std::memcpy(&w, p, 8);
        h = (h ^ w) * 0x9E3779B97F4A7C15ULL;
        h ^= h >> 32;
    }
    if (n > 0) {
        std::uint64_t w = 0;
        std::memcpy(&w, p, n);
        h = (h ^ w) * 0x9E3779B97F4A7C15ULL;
    }
    return mix64(h);
}

class WordCache {
public:
    /// The hash seed of a language's words.
    static std::uint64_t seed(std::string_view lang) { return hash_bytes(0x5EED, lang); }

    /// The entry of (lang, term), whose hash_bytes(seed(lang), term) is `h`, created (unstemmed,
    /// undecided) when missing. References stay valid until clear().
    WordEntry& get(std::uint64_t h, std::string_view lang, std::string_view term) {
        if ((m_entries.size() + 1) * 2 > m_slots.size()) grow();
        const std::size_t mask = m_slots.size() - 1;
        const auto tag = static_cast<std::uint32_t>(h >> 32);
        const std::size_t key_size = lang.size() + 1 + term.size();
        for (std::size_t i = static_cast<std::size_t>(h) & mask;; i = (i + 1) & mask) {
            const Slot& s = m_slots[i];
            if (s.index == 0) {
                WordEntry& e = m_entries.emplace_back();
                e.key.reserve(key_size);
                e.key.append(lang);
                e.key += '\0';
                e.key.append(term);
                e.hash = h;
                m_slots[i] = {tag, static_cast<std::uint32_t>(m_entries.size())};
                return e;
            }
            if (s.tag == tag) {
                WordEntry& e = m_entries[s.index - 1];
                if (same_word(e.key, lang, term)) return e;
            }
        }
    }
    std::size_t size() const { return m_entries.size(); }
    /// Ask the processor for the slot where the word of hash `h` starts its probe.
    void prefetch(std::uint64_t h) const {
        if (!m_slots.empty()) __builtin_prefetch(&m_slots[static_cast<std::size_t>(h) & (m_slots.size() - 1)]);
    }
    void clear() {
        m_entries.clear();
        m_slots.clear();
    }

private:
    struct Slot {
        std::uint32_t tag = 0;    // high half of the key's hash
        std::uint32_t index = 0;  // entry + 1; 0: empty
    };
    void grow() {
        std::vector<Slot> slots(std::max<std::size_t>(1024, m_slots.size() * 2));
        const std::size_t mask = slots.size() - 1;
        for (std::size_t n = 0; n < m_entries.size(); ++n) {
            const std::uint64_t h = m_entries[n].hash;
            std::size_t i = static_cast<std::size_t>(h) & mask;
            while (slots[i].index != 0) i = (i + 1) & mask;
            slots[i] = {static_cast<std::uint32_t>(h >> 32), static_cast<std::uint32_t>(n + 1)};
        }
        m_slots.swap(slots);
    }
    std::deque<WordEntry> m_entries;
    std::vector<Slot> m_slots;
};

WordCache& word_cache() {
    thread_local WordCache cache;
    return cache;
}

} // namespace

// A MatchMemo's decisions: which query term (or none) each word of a field matches, by the word
// cache's hash of (language, word). Open addressing; the keys are kept here (short words inline),
// so a word met again is decided without touching the much larger word cache.
struct MatchMemo::Table {
    static constexpr std::ptrdiff_t undecided = -2;
    struct Entry {
        std::string key;                                   // language, '\0', term
        std::array<std::ptrdiff_t, 2> decided{undecided, undecided}; // per field: term index or -1
    };
    // The entry of the word whose hash is `h`, added (undecided) when missing. The reference
    // holds until the next get().
    Entry& get(std::uint64_t h, std::string_view lang, std::string_view term) {
        if ((entries.size() + 1) * 2 > slots.size()) grow();
        const std::size_t mask = slots.size() - 1;
        for (std::size_t i = static_cast<std::size_t>(h) & mask;; i = (i + 1) & mask) {
            Slot& s = slots[i];
            if (s.index == 0) {
                Entry& e = entries.emplace_back();
                e.key.reserve(lang.size() + 1 + term.size());
                e.key.append(lang);
                e.key += '\0';
                e.key.append(term);
                s = {h, static_cast<std::uint32_t>(entries.size())};
                return e;
            }
            if (s.hash == h && same_word(entries[s.index - 1].key, lang, term)) return entries[s.index - 1];
        }
    }
    void prefetch(std::uint64_t h) const {
        if (!slots.empty()) __builtin_prefetch(&slots[static_cast<std::size_t>(h) & (slots.size() - 1)]);
    }

private:
    struct Slot {
        std::uint64_t hash = 0;
        std::uint32_t index = 0; // entry + 1; 0: empty
    };
    void grow() {
        std::vector<Slot> bigger(std::max<std::size_t>(256, slots.size() * 2));
        const std::size_t mask = bigger.size() - 1;
        for (const Slot& s : slots) {
            if (s.index == 0) continue;
            std::size_t i = static_cast<std::size_t>(s.hash) & mask;
            while (bigger[i].index != 0) i = (i + 1) & mask;
            bigger[i] = s;
        }
        slots.swap(bigger);
    }
    std::vector<Slot> slots;
    std::vector<Entry> entries;
};

namespace {

// One occurrence of a query term or of a whole phrase / NEAR group.
struct Match {
    std::size_t begin = 0, end = 0;  // extent in the analyzed text
    std::uint32_t pos = 0;           // word position of its first token (proximity)
    std::size_t key = 0;             // which query term or phrase (coverage)
    double weight = 0;
    std::vector<Span> spans;         // NEAR's words one by one; empty: highlight the extent [begin, end)
};

// Call f(begin, end) for each range a match highlights.
template <class F>
void for_each_span(const Match& m, F&& f) {
    if (m.spans.empty()) f(m.begin, m.end);
    else
        for (const auto& [b, e] : m.spans) f(b, e);
}

std::vector<Match> find_matches(const Analyzer& an, std::string_view text, const std::vector<Token>& tokens,
                                std::string_view lang, const ParsedQuery& q, Field field, const TermWeight& weight,
                                MatchMemo* memo) {
    std::vector<Match> out;
    std::unordered_map<std::string, double> weights; // one index lookup per distinct term
    auto weigh = [&](const std::string& term) {
        if (!weight) return 1.0;
        auto it = weights.find(term);
        if (it == weights.end()) it = weights.emplace(term, weight(term)).first;
        return it->second;
    };

    // Single terms, as the index matches them: the folded term, its stem in the article's language
    // (the index holds Z + stem, the query Z + each stem of the word and Z + the word itself), a
    // wildcard's prefix, or =word's accented spelling.
    // Stemming every word of every body shown is a good part of the cost of passages, and the
    // same words recur from hit to hit: their stems are kept per thread (language + term), up to
    // a bound.
    auto& words = word_cache();
    if (words.size() >= max_cached_stems) words.clear(); // only here: entries stay valid for this text
    const std::uint64_t lang_seed = WordCache::seed(lang);
    auto entry_of = [&](const std::string& term) -> WordEntry& { return words.get(hash_bytes(lang_seed, term), lang, term); };
    auto stem_in = [&](WordEntry& e, const std::string& term) -> const std::string& {
        if (!e.stemmed) {
            e.stem = an.stem(term, lang);
            e.stemmed = true;
        }
        return e.stem;
    };
    // A word beginning with an ASCII letter or digit whose stem keeps that first byte can only
    // match by stem a term whose form or a stem begins with it: other words need no stem.
    const bool first_byte_rule = Analyzer::stem_keeps_first_byte(lang);
    auto may_stem_to = [&](const HighlightTerm& h, const std::string& term) {
        if (!first_byte_rule || term.empty()) return true;
        const char c = term[0];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return true;
        if (!h.exact.empty() && h.exact[0] == c) return true;
        return std::any_of(h.stems.begin(), h.stems.end(), [c](const std::string& s) { return !s.empty() && s[0] == c; });
    };
    // The first query term a token matches, or -1. The token's stem is looked up once, when a
    // term first needs it (in the word cache, by the token's hash when `hash` is given).
    auto term_for = [&](const Token& t, const std::uint64_t* hash) -> std::ptrdiff_t {
        const std::string* stem = nullptr;
        for (std::size_t k = 0; k < q.terms.size(); ++k) {
            const HighlightTerm& h = q.terms[k];
            if (!field_applies(h.field, field)) continue;
            bool hit;
            if (!h.accent.empty()) hit = t.accent_form == h.accent;
            else if (h.prefix) hit = t.term.compare(0, h.exact.size(), h.exact) == 0;
            else hit = t.term == h.exact;
            if (!hit && h.accent.empty() && !h.prefix && !h.stems.empty() && t.kind == TokenKind::Word &&
                may_stem_to(h, t.term)) {
                if (!stem) stem = &stem_in(hash ? words.get(*hash, lang, t.term) : entry_of(t.term), t.term);
                const std::string& s = *stem;
                hit = s == h.exact || std::find(h.stems.begin(), h.stems.end(), s) != h.stems.end();
            }
            if (hit && h.capitals) hit = is_capitals(text.substr(t.begin, t.end - t.begin));
            if (hit) return static_cast<std::ptrdiff_t>(k);
        }
        return -1;
    };
    // A word's answer depends on its term alone unless an =word rule looks at its accents:
    // decide once per distinct word of the text.
    const bool by_term = std::none_of(q.terms.begin(), q.terms.end(),
                                      [](const HighlightTerm& h) { return !h.accent.empty() || h.capitals; });
    // With a memo the decisions are kept for the query's other hits (see MatchMemo); without
    // one, for this text only.
    std::optional<MatchMemo> own;
    MatchMemo::Table& decisions = memo ? memo->table() : own.emplace().table();
    const auto f = static_cast<std::size_t>(field);
    // The words' hashes first, so that each probe's memory is asked for a few words ahead.
    thread_local std::vector<std::uint64_t> hashes;
    hashes.clear();
    if (by_term)
        for (const Token& t : tokens) hashes.push_back(t.kind == TokenKind::Word ? hash_bytes(lang_seed, t.term) : 0);
    constexpr std::size_t ahead = 8;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const Token& t = tokens[i];
        std::ptrdiff_t k;
        if (by_term && i + ahead < tokens.size() && hashes[i + ahead] != 0) {
            decisions.prefetch(hashes[i + ahead]);
            if (!first_byte_rule) words.prefetch(hashes[i + ahead]);
        }
        if (by_term && t.kind == TokenKind::Word) {
            const std::uint64_t h = hashes[i];
            MatchMemo::Table::Entry& d = decisions.get(h, lang, t.term);
            if (d.decided[f] == MatchMemo::Table::undecided) d.decided[f] = term_for(t, &h);
            k = d.decided[f];
        } else {
            k = term_for(t, nullptr);
        }
        if (k < 0) continue;
        const HighlightTerm& h = q.terms[static_cast<std::size_t>(k)];
        const double w = h.weight * weigh(h.prefix ? t.term : h.exact);
        out.push_back({t.begin, t.end, t.pos, static_cast<std::size_t>(k), w, {}});
    }

    if (!q.phrases.empty()) {
        // Positions of each phrase word. A CJK character inside a longer run is indexed at the
        // position of the bigram it starts (issue 5: "北 京" is the phrase 北 PHRASE 京, which the
        // index matches in 北京 through those characters), so it takes part like any token.
        using Occ = std::vector<std::pair<std::uint32_t, std::size_t>>;
        std::unordered_map<std::string_view, Occ> occ;
        for (const auto& ph : q.phrases)
            if (field_applies(ph.field, field))
                for (const auto& term : ph.terms) occ.emplace(term, Occ{});
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            if (auto it = occ.find(tokens[i].term); it != occ.end()) it->second.emplace_back(tokens[i].pos, i);
        }
        for (auto& [term, list] : occ) std::sort(list.begin(), list.end());
        // The first occurrence of `term` at a position in [lo, hi), or nullptr.
        auto first_in = [&](const std::string& term, std::uint32_t lo, std::uint32_t hi) -> const std::pair<std::uint32_t, std::size_t>* {
            const Occ& list = occ.at(term);
            auto it = std::lower_bound(list.begin(), list.end(), std::make_pair(lo, std::size_t{0}));
            return it != list.end() && it->first < hi ? &*it : nullptr;
        };
        for (std::size_t p = 0; p < q.phrases.size(); ++p) {
            const HighlightPhrase& ph = q.phrases[p];
            if (!field_applies(ph.field, field) || ph.terms.empty()) continue;
            const std::size_t key = q.terms.size() + p;
            double w = 0;
            for (const auto& term : ph.terms) w += weigh(term);
            w *= ph.ordered ? phrase_factor : near_factor;
            const auto window = std::max<std::uint32_t>(ph.window, static_cast<std::uint32_t>(ph.terms.size()));
            std::vector<std::size_t> members;
            if (ph.ordered) {
                // Each word after the previous one, all within `window` positions of the first.
                for (const auto& [p0, i0] : occ.at(ph.terms[0])) {
                    members.assign(1, i0);
                    std::uint32_t at = p0;
                    for (std::size_t k = 1; k < ph.terms.size() && !members.empty(); ++k) {
                        const auto* next = first_in(ph.terms[k], at + 1, p0 + window);
                        if (!next) members.clear();
                        else members.push_back(next->second), at = next->first;
                    }
                    if (members.empty()) continue;
                    std::size_t b = tokens[i0].begin, e = tokens[i0].end;
                    for (std::size_t m : members) b = std::min<std::size_t>(b, tokens[m].begin), e = std::max<std::size_t>(e, tokens[m].end);
                    out.push_back({b, e, p0, key, w, {}});
                }
            } else {
                // NEAR: every word within one span of `window` positions, in any order. Each group
                // is found from its lowest position only.
                std::vector<std::uint32_t> starts;
                for (const auto& term : ph.terms)
                    for (const auto& o : occ.at(term)) starts.push_back(o.first);
                std::sort(starts.begin(), starts.end());
                starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
                for (std::uint32_t s : starts) {
                    members.clear();
                    bool at_start = false;
                    for (const auto& term : ph.terms) {
                        const auto* o = first_in(term, s, s + window);
                        if (!o) { members.clear(); break; }
                        at_start = at_start || o->first == s;
                        members.push_back(o->second);
                    }
                    if (members.empty() || !at_start) continue;
                    Match m{tokens[members[0]].begin, tokens[members[0]].end, s, key, w, {}};
                    for (std::size_t i : members) {
                        m.begin = std::min<std::size_t>(m.begin, tokens[i].begin);
                        m.end = std::max<std::size_t>(m.end, tokens[i].end);
                        m.spans.emplace_back(tokens[i].begin, tokens[i].end);
                    }
                    out.push_back(std::move(m));
                }
            }
        }
    }
    std::sort(out.begin(), out.end(), [](const Match& a, const Match& b) {
        return a.begin != b.begin ? a.begin < b.begin : a.end != b.end ? a.end < b.end : a.key < b.key;
    });
    // The same word matched twice for one term (a word and its alias): count it once.
    out.erase(std::unique(out.begin(), out.end(), [](const Match& a, const Match& b) {
                  return a.begin == b.begin && a.end == b.end && a.key == b.key;
              }),
              out.end());
    return out;
}

// Sentences of the flat text: ICU's, plus paragraph starts, minus breaks after initialisms
// ("U.S. Treasury" is one sentence). Trimmed, never empty.
std::vector<Span> find_sentences(const FlatText& f, std::string_view lang) {
    std::vector<std::size_t> cuts;
    {
        icu::BreakIterator& it = sentence_breaker(lang);
        IcuError err("finding sentences");
        UText ut = UTEXT_INITIALIZER;
        thread_local std::u16string wide;
        open_utext(ut, f.text, wide, err);
        it.setText(&ut, err);
        err.check();
        for (int32_t b = it.first(); b != icu::BreakIterator::DONE; b = it.next()) cuts.push_back(static_cast<std::size_t>(b));
        utext_close(&ut);
    }
    auto after_initialism = [&](std::size_t cut) {
        std::size_t e = cut;
        while (e > 0 && f.text[e - 1] == ' ') --e;
        std::size_t b = e;
        while (b > 0 && f.text[b - 1] != ' ') --b;
        // Letters each followed by a dot, at least two of them: "U.S.", "e.g.".
        if (e - b < 4 || (e - b) % 2 != 0) return false;
        for (std::size_t i = b; i < e; i += 2) {
            const auto c = static_cast<unsigned char>(f.text[i]);
            if (!std::isalpha(c) || f.text[i + 1] != '.') return false;
        }
        return true;
    };
    std::vector<std::size_t> kept;
    for (std::size_t c : cuts)
        if (c == 0 || c >= f.text.size() || !after_initialism(c)) kept.push_back(c);
    kept.insert(kept.end(), f.paragraphs.begin(), f.paragraphs.end());
    kept.push_back(0);
    kept.push_back(f.text.size());
    std::sort(kept.begin(), kept.end());
    kept.erase(std::unique(kept.begin(), kept.end()), kept.end());
    std::vector<Span> out;
    for (std::size_t i = 0; i + 1 < kept.size(); ++i) {
        std::size_t b = kept[i], e = kept[i + 1];
        while (b < e && f.text[b] == ' ') ++b;
        while (e > b && f.text[e - 1] == ' ') --e;
        if (b < e) out.emplace_back(b, e);
    }
    return out;
}

struct Candidate {
    std::size_t begin = 0, end = 0;  // in the flat text
    bool lead_ellipsis = false, tail_ellipsis = false;
    double score = 0;
    std::size_t first_match = 0;     // code points from the start to the first match (tie-break)
};

// Everything about one body that passage selection needs.
class Passages {
public:
    Passages(const Analyzer& an, std::string_view body, std::string_view lang, const ParsedQuery& q,
             const PassageOptions& opt, const TermWeight& weight, MatchMemo* memo, bool want_lead)
        : m_flat(flatten(body)), m_width(std::max<std::size_t>(opt.width, 3)), m_graphemes(m_flat.text) {
        if (m_flat.text.empty()) return;
        m_tokens = an.analyze(m_flat.text);
        m_matches = find_matches(an, m_flat.text, m_tokens, lang, q, Field::Text, weight, memo);
        // Without a match every candidate scores 0 and none is shown: the sentences are needed
        // only for a lead.
        if (m_matches.empty() && !want_lead) return;
        m_keys = q.terms.size() + q.phrases.size();
        make_candidates(find_sentences(m_flat, lang));
        for (auto& c : m_cands) c.score = score(c);
    }

    /// Indexes of the best non-overlapping matching candidates, best first, at most `count`.
    std::vector<std::size_t> best(std::size_t count) const {
        std::vector<std::size_t> order;
        for (std::size_t i = 0; i < m_cands.size(); ++i)
            if (m_cands[i].score > 0) order.push_back(i);
        std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            const Candidate& x = m_cands[a];
            const Candidate& y = m_cands[b];
            if (x.score != y.score) return x.score > y.score;
            const int ex = x.lead_ellipsis + x.tail_ellipsis, ey = y.lead_ellipsis + y.tail_ellipsis;
            if (ex != ey) return ex < ey;
            if (x.first_match != y.first_match) return x.first_match < y.first_match;
            return x.begin < y.begin;
        });
        std::vector<std::size_t> chosen;
        for (std::size_t i : order) {
            if (chosen.size() >= count) break;
            const Candidate& c = m_cands[i];
            const bool overlaps = std::any_of(chosen.begin(), chosen.end(), [&](std::size_t j) {
                return c.begin < m_cands[j].end && m_cands[j].begin < c.end;
            });
            if (!overlaps) chosen.push_back(i);
        }
        return chosen;
    }

    /// The candidate that starts the article (its lead), if any.
    std::optional<std::size_t> lead() const {
        std::optional<std::size_t> best;
        for (std::size_t i = 0; i < m_cands.size(); ++i)
            if (!best || m_cands[i].begin < m_cands[*best].begin) best = i;
        return best;
    }

    Passage make(std::size_t i) {
        const Candidate& c = m_cands[i];
        // Token and sentence boundaries are grapheme boundaries in all but contrived text (a
        // combining mark after a space); make sure anyway.
        const std::size_t b = m_graphemes.ceil(c.begin);
        const std::size_t e = std::max(b, m_graphemes.floor(c.end));
        Passage p;
        p.begin = m_flat.body_begin(b);
        p.end = m_flat.body_end(e);
        p.score = c.score;
        if (c.lead_ellipsis) p.text = ellipsis;
        const std::size_t shift = p.text.size();
        p.text.append(m_flat.text, b, e - b);
        if (c.tail_ellipsis) p.text += ellipsis;
        std::vector<Span> spans;
        for (const Match& m : m_matches) {
            if (m.begin < c.begin || m.end > c.end) continue;
            for_each_span(m, [&](std::size_t sb, std::size_t se) {
                const std::size_t hb = std::max(b, m_graphemes.floor(sb)), he = std::min(e, m_graphemes.ceil(se));
                if (hb < he) spans.emplace_back(hb - b + shift, he - b + shift);
            });
        }
        p.highlights = merge_spans(std::move(spans));
        return p;
    }

private:
    struct Word {
        std::size_t begin, end;
    };

    std::size_t need(std::size_t b, std::size_t e, const Span& sentence) const {
        return m_flat.code_points(b, e) + (b > sentence.first) + (e < sentence.second);
    }

    // Words of a stretch of text (one or more sentences), where a window may start and end: runs
    // of the analyzer's tokens joined by anything but a space ("don't", "follow-up",
    // "Ilheus/Itabuna"), with the punctuation around them up to the spaces; in scripts written
    // without spaces, each token.
    std::vector<Word> words_of(const Span& s) const {
        std::vector<Word> words;
        auto tk = std::lower_bound(m_units.begin(), m_units.end(), s.first,
                                   [](const Span& u, std::size_t off) { return u.first < off; });
        std::size_t prev_end = 0;
        for (; tk != m_units.end() && tk->first < s.second; ++tk) {
            const std::size_t ub = tk->first, ue = std::min(tk->second, s.second);
            if (words.empty()) {
                words.push_back({s.first, ue});
            } else if (ub == prev_end) {
                words.back().end = prev_end;
                words.push_back({ub, ue});
            } else {
                const std::string_view gap(m_flat.text.data() + prev_end, ub - prev_end);
                const auto first_space = gap.find(' ');
                if (first_space == std::string_view::npos) {
                    words.back().end = ue;
                } else {
                    words.back().end = prev_end + first_space;
                    words.push_back({prev_end + gap.rfind(' ') + 1, ue});
                }
            }
            prev_end = ue;
        }
        if (!words.empty()) words.back().end = s.second;
        return words;
    }

    void make_candidates(const std::vector<Span>& sentences) {
        if (sentences.empty()) return;
        // Word units: tokens that are not aliases, without the CJK bigrams that overlap characters.
        for (const Token& t : m_tokens) {
            if (t.alias || (!m_units.empty() && t.begin < m_units.back().second)) continue;
            m_units.emplace_back(t.begin, t.end);
        }
        // Whole sentences from sentence si, as many as fit (if even the first does).
        auto add_sentences = [&](std::size_t si) {
            if (m_flat.code_points(sentences[si].first, sentences[si].second) > m_width) return false;
            std::size_t last = si;
            while (last + 1 < sentences.size() && m_flat.code_points(sentences[si].first, sentences[last + 1].second) <= m_width)
                ++last;
            m_cands.push_back({sentences[si].first, sentences[last].second, false, false, 0, 0});
            return true;
        };
        auto sentence_of = [&](std::size_t off) { // the sentence holding offset `off`
            auto it = std::upper_bound(sentences.begin(), sentences.end(), off,
                                       [](std::size_t o, const Span& sp) { return o < sp.second; });
            return static_cast<std::size_t>(std::min<std::ptrdiff_t>(it - sentences.begin(), static_cast<std::ptrdiff_t>(sentences.size()) - 1));
        };
        // Matches in a sentence wider than the passage, or across sentences (a phrase runs on
        // over a full stop as the index's positions do), anchor windows of their own.
        std::vector<std::vector<std::size_t>> anchored(sentences.size());
        std::map<std::pair<std::size_t, std::size_t>, std::vector<std::size_t>> spanning;
        for (std::size_t m = 0; m < m_matches.size(); ++m) {
            const std::size_t a = sentence_of(m_matches[m].begin), z = sentence_of(m_matches[m].end - 1);
            if (a == z) anchored[a].push_back(m);
            else spanning[{a, z}].push_back(m);
        }
        for (std::size_t si = 0; si < sentences.size(); ++si) {
            if (add_sentences(si)) continue;
            // A sentence wider than the passage: windows around its matches, and around its
            // start for the article's lead.
            add_windows(sentences[si], anchored[si], si == 0);
        }
        for (const auto& [range, ms] : spanning) {
            const Span joined{sentences[range.first].first, sentences[range.second].second};
            if (m_flat.code_points(joined.first, joined.second) <= m_width) add_sentences(range.first);
            else add_windows(joined, ms, false);
        }
    }

    // Windows in the stretch `s` around each of the matches `ms` (and the following matches
    // that fit with it), plus one at its start when `lead`.
    void add_windows(const Span& s, const std::vector<std::size_t>& ms, bool lead) {
        const std::vector<Word> words = words_of(s);
        if (words.empty()) {
            if (lead) add_cut(s, s.first);
            return;
        }
        auto word_at = [&](std::size_t off) {
            auto it = std::upper_bound(words.begin(), words.end(), off, [](std::size_t o, const Word& w) { return o < w.end; });
            return static_cast<std::size_t>(std::min<std::ptrdiff_t>(it - words.begin(), static_cast<std::ptrdiff_t>(words.size()) - 1));
        };
        std::vector<std::pair<std::size_t, std::size_t>> anchors; // word index ranges
        for (std::size_t k = 0; k < ms.size(); ++k) {
            const Match& m = m_matches[ms[k]];
            const std::size_t wi = word_at(m.begin);
            std::size_t wj = std::max(wi, word_at(m.end - 1));
            for (std::size_t n = k + 1; n < ms.size(); ++n) {
                const std::size_t nj = std::max(wj, word_at(m_matches[ms[n]].end - 1));
                if (need(words[wi].begin, words[nj].end, s) > m_width) break;
                wj = nj;
            }
            anchors.emplace_back(wi, wj);
        }
        if (lead) anchors.emplace_back(0, 0);
        std::sort(anchors.begin(), anchors.end());
        anchors.erase(std::unique(anchors.begin(), anchors.end()), anchors.end());
        for (const auto& [wi, wj] : anchors) add_window(s, words, wi, wj);
    }

    // A window of whole words around words[wi..wj], growing on the side with less context so far.
    void add_window(const Span& s, const std::vector<Word>& words, std::size_t wi, std::size_t wj) {
        std::size_t i = wi, j = wj;
        while (j > i && need(words[i].begin, words[j].end, s) > m_width) --j;
        if (need(words[i].begin, words[j].end, s) > m_width) return add_cut(s, words[i].begin);
        std::size_t left = 0, right = 0;
        for (;;) {
            const bool can_left = i > 0 && need(words[i - 1].begin, words[j].end, s) <= m_width;
            const bool can_right = j + 1 < words.size() && need(words[i].begin, words[j + 1].end, s) <= m_width;
            if (!can_left && !can_right) break;
            if (can_left && (!can_right || left <= right)) {
                --i;
                left = m_flat.code_points(words[i].begin, words[wi].begin);
            } else {
                ++j;
                right = m_flat.code_points(words[wj].end, words[j].end);
            }
        }
        const std::size_t b = words[i].begin, e = words[j].end;
        m_cands.push_back({b, e, b > s.first, e < s.second, 0, 0});
    }

    // A word (or a stretch without words) wider than the passage: cut at a grapheme boundary.
    void add_cut(const Span& s, std::size_t b) {
        std::size_t e = b;
        while (e < s.second) {
            const std::size_t n = m_graphemes.next(e);
            if (n > s.second || need(b, n, s) > m_width) break;
            e = n;
        }
        if (e > b) m_cands.push_back({b, e, b > s.first, e < s.second, 0, 0});
    }

    double score(Candidate& c) {
        auto it = std::lower_bound(m_matches.begin(), m_matches.end(), c.begin,
                                   [](const Match& m, std::size_t off) { return m.begin < off; });
        m_count.assign(m_keys, 0);
        m_pairs.assign(m_keys * m_keys, false);
        double s = 0;
        const Match* prev = nullptr;
        bool first = true;
        for (; it != m_matches.end() && it->begin < c.end; ++it) {
            const Match& m = *it;
            if (m.end > c.end) continue;
            if (first) c.first_match = m_flat.code_points(c.begin, m.begin), first = false;
            const int n = m_count[m.key]++;
            s += n == 0 ? m.weight : n <= max_repeats ? repeat_factor * m.weight : 0;
            if (prev && prev->key != m.key && m.pos >= prev->pos && m.pos - prev->pos <= proximity_window) {
                auto pair = prev->key * m_keys + m.key;
                if (!m_pairs[pair]) {
                    m_pairs[pair] = m_pairs[m.key * m_keys + prev->key] = true;
                    s += proximity_factor * std::min(prev->weight, m.weight);
                }
            }
            prev = &m;
        }
        return s;
    }

    FlatText m_flat;
    std::size_t m_width;
    Graphemes m_graphemes;
    std::vector<Token> m_tokens;
    std::vector<Match> m_matches;
    std::size_t m_keys = 0;
    std::vector<Span> m_units;
    std::vector<Candidate> m_cands;
    std::vector<int> m_count;
    std::vector<bool> m_pairs;
};

} // namespace

MatchMemo::MatchMemo() = default;
MatchMemo::~MatchMemo() = default;

MatchMemo::Table& MatchMemo::table() {
    if (!m_table) m_table = std::make_unique<Table>();
    return *m_table;
}

void clear_passage_caches() { word_cache().clear(); }

bool body_can_match(const ParsedQuery& query) {
    auto text = [](const auto& x) { return x.field == Field::Text; };
    return std::any_of(query.terms.begin(), query.terms.end(), text) ||
           std::any_of(query.phrases.begin(), query.phrases.end(), text);
}

std::vector<Span> find_highlights(const Analyzer& analyzer, std::string_view text, std::string_view lang,
                                  const ParsedQuery& query, Field field, MatchMemo* memo) {
    if (text.empty()) return {};
    const std::vector<Token> tokens = analyzer.analyze(text);
    Graphemes graphemes(text);
    std::vector<Span> spans;
    for (const auto& m : find_matches(analyzer, text, tokens, lang, query, field, {}, memo))
        for_each_span(m, [&](std::size_t b, std::size_t e) { spans.emplace_back(graphemes.floor(b), graphemes.ceil(e)); });
    return merge_spans(std::move(spans));
}

std::vector<Passage> select_passages(const Analyzer& analyzer, std::string_view body, std::string_view lang,
                                     const ParsedQuery& query, const PassageOptions& opt, const TermWeight& weight,
                                     MatchMemo* memo) {
    std::vector<Passage> out;
    if (opt.count == 0) return out;
    const bool want_lead = !body_can_match(query);
    Passages ps(analyzer, body, lang, query, opt, weight, memo, want_lead);
    for (std::size_t i : ps.best(opt.count)) out.push_back(ps.make(i));
    if (out.empty() && want_lead) {
        if (auto lead = ps.lead()) {
            out.push_back(ps.make(*lead));
            out.back().lead = true;
        }
    }
    std::sort(out.begin(), out.end(), [](const Passage& a, const Passage& b) { return a.begin < b.begin; });
    return out;
}

std::vector<Passage> matching_passages(const Analyzer& analyzer, std::string_view body, std::string_view lang,
                                       const ParsedQuery& query, const PassageOptions& opt, const TermWeight& weight,
                                       MatchMemo* memo) {
    std::vector<Passage> out;
    if (opt.count == 0) return out;
    Passages ps(analyzer, body, lang, query, opt, weight, memo, false);
    for (std::size_t i : ps.best(opt.count)) out.push_back(ps.make(i));
    return out;
}

} // namespace lede

// SPDX-License-Identifier: MIT
// Passages: ICU sentences cut or merged to a width, scored by matched query terms, best k kept.
#include "passages.hpp"

#include "icu_error.hpp"

#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include <algorithm>
#include <map>
#include <set>

namespace lede {
namespace {

struct Match {
    std::size_t begin, end;  // bytes in the analyzed text
    std::size_t token;       // index of the first token
    std::string key;         // what matched (term or phrase id) for coverage counting
    double weight;
};

bool field_applies(Field rule, Field text) { return rule == Field::Text || rule == text; }

std::size_t code_points(std::string_view s) {
    std::size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

// Every match in `tokens`: single terms and whole phrase / NEAR occurrences.
std::vector<Match> find_matches(const Analyzer& an, const std::vector<Token>& tokens, std::string_view lang,
                                const ParsedQuery& q, Field field, const TermWeight& weight) {
    std::vector<Match> out;
    std::map<std::string, std::string> stem_cache;
    auto stem_of = [&](const std::string& term) -> const std::string& {
        auto it = stem_cache.find(term);
        if (it == stem_cache.end()) it = stem_cache.emplace(term, an.stem(term, lang)).first;
        return it->second;
    };
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const Token& t = tokens[i];
        for (const auto& h : q.terms) {
            if (!field_applies(h.field, field)) continue;
            bool hit;
            if (!h.accent.empty()) hit = t.accent_form == h.accent;
            else if (h.prefix) hit = t.term.compare(0, h.exact.size(), h.exact) == 0;
            else hit = t.term == h.exact;
            if (!hit && !h.stems.empty() && t.kind == TokenKind::Word) {
                const std::string& s = stem_of(t.term);
                hit = std::find(h.stems.begin(), h.stems.end(), s) != h.stems.end();
            }
            if (hit) {
                out.push_back({t.begin, t.end, i, h.exact, weight ? weight(h.exact) : 1.0});
                break;
            }
        }
    }
    if (!q.phrases.empty()) {
        // Position -> tokens at it (aliases share positions).
        std::multimap<std::uint32_t, std::size_t> at;
        for (std::size_t i = 0; i < tokens.size(); ++i)
            if (tokens[i].kind != TokenKind::CjkChar) at.emplace(tokens[i].pos, i);
        auto find_at = [&](std::uint32_t pos, const std::string& term) -> std::ptrdiff_t {
            auto [a, b] = at.equal_range(pos);
            for (auto it = a; it != b; ++it)
                if (tokens[it->second].term == term) return static_cast<std::ptrdiff_t>(it->second);
            return -1;
        };
        std::size_t phrase_no = 0;
        for (const auto& ph : q.phrases) {
            ++phrase_no;
            if (!field_applies(ph.field, field) || ph.terms.empty()) continue;
            double w = 0;
            for (const auto& term : ph.terms) w += weight ? weight(term) : 1.0;
            const std::string key = "\x01phrase" + std::to_string(phrase_no);
            for (std::size_t i = 0; i < tokens.size(); ++i) {
                if (tokens[i].term != ph.terms[0] || tokens[i].kind == TokenKind::CjkChar) continue;
                std::vector<std::size_t> members{i};
                const std::uint32_t p0 = tokens[i].pos;
                if (ph.ordered) {
                    // Exact order; with a window wider than the phrase, each next term within reach.
                    std::uint32_t p = p0;
                    for (std::size_t k = 1; k < ph.terms.size(); ++k) {
                        std::ptrdiff_t found = -1;
                        for (std::uint32_t q2 = p + 1; q2 < p0 + ph.window && found < 0; ++q2) {
                            found = find_at(q2, ph.terms[k]);
                            if (found >= 0) p = q2;
                        }
                        if (found < 0) { members.clear(); break; }
                        members.push_back(static_cast<std::size_t>(found));
                    }
                } else {
                    // NEAR: every other term within the window around the first.
                    for (std::size_t k = 1; k < ph.terms.size(); ++k) {
                        std::ptrdiff_t found = -1;
                        const std::uint32_t lo = p0 >= ph.window ? p0 - ph.window + 1 : 0;
                        for (std::uint32_t q2 = lo; q2 < p0 + ph.window && found < 0; ++q2)
                            if (q2 != p0) found = find_at(q2, ph.terms[k]);
                        if (found < 0) { members.clear(); break; }
                        members.push_back(static_cast<std::size_t>(found));
                    }
                }
                if (members.empty()) continue;
                if (ph.ordered) { // the whole phrase as one highlight
                    std::size_t b = tokens[members.front()].begin, e = tokens[members.back()].end;
                    for (std::size_t m : members) b = std::min<std::size_t>(b, tokens[m].begin), e = std::max<std::size_t>(e, tokens[m].end);
                    out.push_back({b, e, i, key, w});
                } else {
                    for (std::size_t m : members) out.push_back({tokens[m].begin, tokens[m].end, m, key, w / static_cast<double>(members.size())});
                }
            }
        }
    }
    std::sort(out.begin(), out.end(), [](const Match& a, const Match& b) {
        return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
    });
    return out;
}

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

struct Unit {
    std::size_t begin, end;  // bytes
    bool sentence_start;     // begins at a sentence start (no leading ellipsis)
    bool sentence_end;       // ends at a sentence end (no trailing ellipsis)
};

// Sentences from ICU, long ones cut at token boundaries so each piece fits `width` characters.
std::vector<Unit> make_units(std::string_view text, const std::vector<Token>& tokens, std::size_t width) {
    std::vector<Unit> sentences;
    IcuError err("finding sentences");
    std::unique_ptr<icu::BreakIterator> it(icu::BreakIterator::createSentenceInstance(icu::Locale::getRoot(), err));
    err.check();
    UText ut = UTEXT_INITIALIZER;
    utext_openUTF8(&ut, text.data(), static_cast<int64_t>(text.size()), err);
    it->setText(&ut, err);
    err.check();
    std::int32_t s = it->first();
    for (std::int32_t e = it->next(); e != icu::BreakIterator::DONE; s = e, e = it->next())
        sentences.push_back({static_cast<std::size_t>(s), static_cast<std::size_t>(e), true, true});
    utext_close(&ut);

    const std::size_t budget = width > 2 ? width - 2 : width; // room for two ellipses
    std::vector<Unit> units;
    std::size_t tk = 0;
    for (const auto& sent : sentences) {
        // Trim trailing whitespace so widths are honest.
        std::size_t end = sent.end;
        while (end > sent.begin && (text[end - 1] == ' ' || text[end - 1] == '\n' || text[end - 1] == '\r' || text[end - 1] == '\t')) --end;
        std::size_t begin = sent.begin;
        while (begin < end && (text[begin] == ' ' || text[begin] == '\n' || text[begin] == '\r' || text[begin] == '\t')) ++begin;
        if (begin >= end) continue;
        if (code_points(text.substr(begin, end - begin)) <= width) {
            units.push_back({begin, end, true, true});
            continue;
        }
        // Cut at token boundaries: a piece runs from a token's start to the end of the last token that fits.
        while (tk < tokens.size() && tokens[tk].begin < begin) ++tk;
        std::size_t piece_begin = begin;
        bool first = true;
        std::size_t i = tk;
        while (piece_begin < end) {
            std::size_t piece_end = piece_begin;
            std::size_t chars = 0;
            while (i < tokens.size() && tokens[i].end <= end) {
                std::size_t add = code_points(text.substr(piece_end, tokens[i].end - piece_end));
                if (chars + add > budget && piece_end > piece_begin) break;
                if (chars + add > budget) { // a single token wider than the budget: cut it at a character
                    std::size_t cut = piece_end, n = chars;
                    while (cut < tokens[i].end && n < budget) {
                        ++cut;
                        while (cut < tokens[i].end && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) ++cut;
                        ++n;
                    }
                    piece_end = cut;
                    break;
                }
                chars += add;
                piece_end = tokens[i].end;
                ++i;
            }
            if (piece_end == piece_begin) { // no tokens left: the sentence's tail is punctuation
                piece_end = end;
                if (code_points(text.substr(piece_begin, piece_end - piece_begin)) > budget) break;
            }
            units.push_back({piece_begin, piece_end, first, piece_end >= end});
            first = false;
            piece_begin = piece_end;
            while (i < tokens.size() && tokens[i].end <= piece_begin) ++i;
            if (i < tokens.size() && tokens[i].begin < end) piece_begin = std::max(piece_begin, std::min<std::size_t>(tokens[i].begin, end));
            else piece_begin = end;
        }
    }
    return units;
}

} // namespace

std::vector<Span> find_highlights(const Analyzer& analyzer, std::string_view text, std::string_view lang,
                                  const ParsedQuery& query, Field field) {
    std::vector<Token> tokens = analyzer.analyze(text);
    std::vector<Span> spans;
    for (const auto& m : find_matches(analyzer, tokens, lang, query, field, {})) spans.emplace_back(m.begin, m.end);
    return merge_spans(std::move(spans));
}

std::vector<Passage> select_passages(const Analyzer& analyzer, std::string_view body, std::string_view lang,
                                     const ParsedQuery& query, const PassageOptions& opt, const TermWeight& weight) {
    std::vector<Passage> out;
    if (body.empty() || opt.count == 0) return out;
    const std::vector<Token> tokens = analyzer.analyze(body);
    const std::vector<Match> matches = find_matches(analyzer, tokens, lang, query, Field::Text, weight);
    const std::vector<Unit> units = make_units(body, tokens, opt.width);
    if (units.empty()) return out;

    // Candidates: from each unit, as many following units as fit the width.
    struct Candidate {
        std::size_t first, last; // unit indexes, inclusive
        double score;
    };
    std::vector<Candidate> cands;
    const std::size_t budget = opt.width > 2 ? opt.width - 2 : opt.width;
    for (std::size_t u = 0; u < units.size(); ++u) {
        std::size_t last = u;
        while (last + 1 < units.size() &&
               code_points(body.substr(units[u].begin, units[last + 1].end - units[u].begin)) <= budget)
            ++last;
        // Score: distinct matched terms by weight (coverage), repeats count a little, proximity of
        // distinct terms counts a little more.
        std::map<std::string, int> seen;
        double score = 0;
        std::size_t last_token = 0;
        std::string last_key;
        for (const auto& m : matches) {
            if (m.begin < units[u].begin || m.end > units[last].end) continue;
            int& n = seen[m.key];
            score += n == 0 ? m.weight : 0.1 * m.weight;
            if (!last_key.empty() && last_key != m.key && m.token - last_token <= 8) score += 0.25 * m.weight;
            ++n;
            last_token = m.token;
            last_key = m.key;
        }
        cands.push_back({u, last, score});
        if (last == units.size() - 1 && u > 0 && cands.size() > 1 && score == 0) continue;
    }
    std::vector<std::size_t> order(cands.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return cands[a].score > cands[b].score; });

    std::vector<bool> used(units.size(), false);
    std::vector<const Candidate*> chosen;
    for (std::size_t idx : order) {
        if (chosen.size() >= opt.count) break;
        const Candidate& c = cands[idx];
        if (c.score <= 0 && !chosen.empty()) break;
        bool overlap = false;
        for (std::size_t u = c.first; u <= c.last; ++u) overlap = overlap || used[u];
        if (overlap) continue;
        for (std::size_t u = c.first; u <= c.last; ++u) used[u] = true;
        chosen.push_back(&c);
        if (c.score <= 0) break; // nothing matches in the body: the lead alone
    }
    std::sort(chosen.begin(), chosen.end(), [](const Candidate* a, const Candidate* b) { return a->first < b->first; });

    for (const Candidate* c : chosen) {
        Passage p;
        p.begin = units[c->first].begin;
        p.end = units[c->last].end;
        p.score = c->score;
        const bool lead_ellipsis = !units[c->first].sentence_start;
        const bool tail_ellipsis = !units[c->last].sentence_end;
        if (lead_ellipsis) p.text = "\u2026";
        const std::size_t shift = p.text.size();
        p.text.append(body.substr(p.begin, p.end - p.begin));
        if (tail_ellipsis) p.text += "\u2026";
        std::vector<Span> spans;
        for (const auto& m : matches)
            if (m.begin >= p.begin && m.end <= p.end) spans.emplace_back(m.begin - p.begin + shift, m.end - p.begin + shift);
        p.highlights = merge_spans(std::move(spans));
        out.push_back(std::move(p));
    }
    return out;
}

} // namespace lede

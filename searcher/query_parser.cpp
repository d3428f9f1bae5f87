// SPDX-License-Identifier: MIT
// Recursive-descent parser for Lede's query language; every word goes through the common Analyzer.
//
//   query    := or_expr
//   or_expr  := and_expr ("OR" and_expr)*
//   and_expr := ["NOT"] seq (("AND" | "AND NOT" | "NOT") seq)*
//   seq      := item+                      juxtaposed: ranked OR (AND with default_and)
//   item     := ["+" | "-"] near
//   near     := unary ("NEAR" ["/" n] unary)*
//   unary    := word ["*"] | "=" word | phrase ["~" n] | "(" or_expr ")" | field ":" unary
#include "query_parser.hpp"

#include "body_filter.hpp"
#include "date.hpp"
#include "error.hpp"
#include "language.hpp"
#include "schema.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <set>

namespace lede {
namespace {

using Q = Xapian::Query;

enum class Kind { Word, Phrase, LParen, RParen, And, Or, Not, Near, Plus, Minus, Exact, FieldName, End };

struct Lexeme {
    Kind kind = Kind::End;
    std::string text;          // word text, phrase content, or field name
    std::size_t pos = 0;       // byte offset in the query
    std::size_t text_pos = 0;  // byte offset of `text` in the query (after a quote or field name)
    unsigned number = 0;       // NEAR/n, or phrase ~n (+1 so that 0 means none)
    bool wildcard = false;
};

enum class FieldKind { Text, Title, Body, Author, Source, Tag, Lang, Site, Id, Date };

struct FieldInfo {
    std::string_view name;
    FieldKind kind;
};

constexpr std::array<FieldInfo, 9> fields{{{"title", FieldKind::Title},
                                           {"body", FieldKind::Body},
                                           {"author", FieldKind::Author},
                                           {"source", FieldKind::Source},
                                           {"tag", FieldKind::Tag},
                                           {"lang", FieldKind::Lang},
                                           {"site", FieldKind::Site},
                                           {"id", FieldKind::Id},
                                           {"date", FieldKind::Date}}};

bool is_filter_field(FieldKind k) {
    return k == FieldKind::Tag || k == FieldKind::Lang || k == FieldKind::Site || k == FieldKind::Id ||
           k == FieldKind::Date;
}

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

const FieldInfo* find_field(std::string_view name) {
    std::string n = lower_ascii(name);
    for (const auto& f : fields)
        if (f.name == n) return &f;
    return nullptr;
}

std::string_view field_name(FieldKind k) {
    for (const auto& f : fields)
        if (f.kind == k) return f.name;
    return "text";
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Opening and closing quote characters (straight, curly, low-9, guillemets, CJK brackets) in UTF-8.
constexpr std::array<std::string_view, 6> open_quotes{"\"", "\u201C", "\u201E", "\u00AB", "\u300C", "\u201D"};
constexpr std::array<std::string_view, 5> close_quotes{"\"", "\u201D", "\u201C", "\u00BB", "\u300D"};

std::size_t quote_at(std::string_view s, std::size_t i, bool closing) {
    if (closing) {
        for (auto q : close_quotes)
            if (s.substr(i, q.size()) == q) return q.size();
    } else {
        for (auto q : open_quotes)
            if (s.substr(i, q.size()) == q) return q.size();
    }
    return 0;
}

// Bytes of the query separator at i: ASCII white space or the ideographic space U+3000.
std::size_t space_at(std::string_view s, std::size_t i) {
    if (i >= s.size()) return 0;
    if (std::isspace(static_cast<unsigned char>(s[i]))) return 1;
    if (s.substr(i, 3) == "\u3000") return 3;
    return 0;
}

// A "NN" count after NEAR/ or ~: 0..max_query_window, or -1.
long small_number(std::string_view digits) {
    if (digits.empty() || digits.size() > 3 || !std::all_of(digits.begin(), digits.end(), is_digit)) return -1;
    return std::stol(std::string(digits));
}

class Lexer {
public:
    explicit Lexer(std::string_view text) : m_s(text) {}

    std::vector<Lexeme> run() {
        std::vector<Lexeme> out;
        while (true) {
            while (std::size_t n = space_at(m_s, m_i)) m_i += n;
            if (m_i >= m_s.size()) break;
            lex_one(out);
        }
        out.push_back({Kind::End, {}, m_s.size(), m_s.size()});
        return out;
    }

private:
    bool at_word_end(std::size_t i) const {
        if (i >= m_s.size()) return true;
        const char c = m_s[i];
        return space_at(m_s, i) || c == '(' || c == ')' || quote_at(m_s, i, false);
    }

    void lex_one(std::vector<Lexeme>& out) {
        const std::size_t start = m_i;
        const char c = m_s[m_i];
        if (c == '(' || c == ')') {
            out.push_back({c == '(' ? Kind::LParen : Kind::RParen, std::string(1, c), start, start});
            ++m_i;
            return;
        }
        if (std::size_t q = quote_at(m_s, m_i, false)) {
            std::size_t j = m_i + q;
            std::size_t close = 0;
            while (j < m_s.size() && !(close = quote_at(m_s, j, true))) ++j;
            if (j >= m_s.size()) throw QueryError(start, "unterminated phrase: this quote is never closed");
            Lexeme lx{Kind::Phrase, std::string(m_s.substr(m_i + q, j - m_i - q)), start, m_i + q};
            m_i = j + close;
            if (m_i < m_s.size() && m_s[m_i] == '~') {
                std::size_t k = m_i + 1;
                while (k < m_s.size() && !at_word_end(k)) ++k;
                const long n = small_number(m_s.substr(m_i + 1, k - m_i - 1));
                if (n < 0)
                    throw QueryError(m_i, "'~' after a phrase needs a number of words from 0 to " +
                                              std::to_string(max_query_window) + ", e.g. \"central bank\"~3");
                lx.number = static_cast<unsigned>(n) + 1;
                m_i = k;
            }
            out.push_back(std::move(lx));
            return;
        }
        // A sign binds to the word, phrase or group right after it ("-ghana", "+(a OR b)", -"a b").
        if ((c == '+' || c == '-' || c == '=') && m_i + 1 < m_s.size() && !space_at(m_s, m_i + 1) && m_s[m_i + 1] != ')') {
            out.push_back({c == '+' ? Kind::Plus : c == '-' ? Kind::Minus : Kind::Exact, std::string(1, c), start, start});
            ++m_i;
            return;
        }
        std::size_t j = m_i;
        while (!at_word_end(j)) ++j;
        std::string_view word = m_s.substr(m_i, j - m_i);
        m_i = j;
        if (word == "AND") return out.push_back({Kind::And, "AND", start, start});
        if (word == "OR") return out.push_back({Kind::Or, "OR", start, start});
        if (word == "NOT") return out.push_back({Kind::Not, "NOT", start, start});
        if (word == "NEAR" || word.rfind("NEAR/", 0) == 0) {
            Lexeme lx{Kind::Near, "NEAR", start, start};
            if (word.size() > 4) {
                const long n = small_number(word.substr(5));
                if (n < 0)
                    throw QueryError(start, "NEAR/n needs a number of words from 0 to " +
                                                std::to_string(max_query_window) + ", e.g. NEAR/5");
                lx.number = static_cast<unsigned>(n) + 1;
            }
            return out.push_back(std::move(lx));
        }
        // field:value with no space after the colon; an unknown name is plain text ("Note:").
        if (auto colon = word.find(':'); colon != std::string_view::npos && colon > 0) {
            if (const FieldInfo* f = find_field(word.substr(0, colon))) {
                std::string_view rest = word.substr(colon + 1);
                if (!rest.empty() || (m_i < m_s.size() && (m_s[m_i] == '(' || quote_at(m_s, m_i, false)))) {
                    out.push_back({Kind::FieldName, std::string(f->name), start, start});
                    std::size_t at = start + colon + 1;
                    if (rest.size() > 1 && rest[0] == '=') { // title:=café
                        out.push_back({Kind::Exact, "=", at, at});
                        rest.remove_prefix(1);
                        ++at;
                    }
                    if (!rest.empty()) push_word(out, rest, at);
                    return;
                }
            }
        }
        push_word(out, word, start);
    }

    void push_word(std::vector<Lexeme>& out, std::string_view word, std::size_t pos) {
        Lexeme lx{Kind::Word, std::string(word), pos, pos};
        if (word.size() > 1 && word.back() == '*') {
            lx.wildcard = true;
            lx.text.pop_back();
        }
        out.push_back(std::move(lx));
    }

    std::string_view m_s;
    std::size_t m_i = 0;
};

// A parsed operand: its ranked query, and what NEAR needs of it (exact terms in order).
struct Node {
    Q ranked;
    bool filter = false;                  // matches without weight (date:, tag:, NOT x...)
    std::vector<std::string> seq;         // exact positional terms (with field prefix), empty if none
    Q seq_query;                          // the positional query itself when seq has several terms
    unsigned seq_window = 0;              // positions seq spans (phrase length, or its window)
    bool empty() const { return ranked.empty(); }
};

class Parser {
public:
    Parser(const std::string& text, const Analyzer& analyzer, const QueryParserOptions& opt, ParsedQuery& out)
        : m_text(text), m_an(analyzer), m_opt(opt), m_out(out) {}

    Q parse() {
        m_lx = Lexer(m_text).run();
        if (m_lx.size() == 1) throw QueryError(0, "empty query");
        std::size_t words = 0;
        for (const Lexeme& lx : m_lx) {
            if (lx.kind == Kind::Word) ++words;
            else if (lx.kind == Kind::Phrase) words += count_words(lx.text);
            if (words > max_query_words) too_many_words(lx.pos);
        }
        Node n = parse_or();
        if (peek().kind == Kind::RParen) throw QueryError(peek().pos, "unmatched ')'");
        if (peek().kind != Kind::End) throw QueryError(peek().pos, "unexpected '" + peek().text + "'");
        if (n.empty()) throw QueryError(0, "the query has no searchable words");
        m_out.pure_filter = n.filter;
        return n.ranked;
    }

    Q parse_literal() {
        std::vector<Q> qs;
        std::vector<std::string> exact; // each word's exact term, "" when it has several
        std::size_t i = 0;
        const std::string_view s = m_text;
        while (i < s.size()) {
            while (std::size_t n = space_at(s, i)) i += n;
            std::size_t j = i;
            while (j < s.size() && !space_at(s, j)) ++j;
            if (j > i) {
                if (qs.size() >= max_query_words) too_many_words(i);
                Node n = word_node(m_text.substr(i, j - i), i, false);
                if (!n.empty()) {
                    qs.push_back(n.ranked);
                    exact.push_back(n.seq.size() == 1 ? n.seq[0] : std::string());
                }
            }
            i = j;
        }
        if (qs.empty()) throw QueryError(0, m_text.empty() ? "empty query" : "the query has no searchable words");
        if (!m_opt.default_and) {
            add_proximity(qs, exact);
            if (qs.size() == 1) return qs[0];
            return Q(Q::OP_OR, qs.begin(), qs.end());
        }
        // Every word (or, relaxed, most of them); the proximity pairs only add weight.
        bool any = false;
        Q words = at_least(qs, any);
        std::vector<Q> pairs;
        add_proximity(pairs, exact);
        if (pairs.empty()) return words;
        return Q(Q::OP_AND_MAYBE, words, Q(Q::OP_OR, pairs.begin(), pairs.end()));
    }

    // Pasted text: articles where two adjacent words of the query occur close together rank
    // higher. Each pair is a NEAR clause (weighted as its two words) scaled by proximity_weight;
    // it only adds weight, since its words are already in the query.
    void add_proximity(std::vector<Q>& qs, const std::vector<std::string>& exact) const {
        if (m_opt.proximity_weight <= 0 || exact.size() < 2) return;
        std::vector<char> usable(exact.size());
        for (std::size_t k = 0; k < exact.size(); ++k)
            usable[k] = !exact[k].empty() && (!m_opt.proximity_term || m_opt.proximity_term(exact[k]));
        for (std::size_t k = 0; k + 1 < exact.size(); ++k) {
            if (!usable[k] || !usable[k + 1] || exact[k] == exact[k + 1]) continue;
            const std::array<Q, 2> pair{Q(exact[k]), Q(exact[k + 1])};
            qs.emplace_back(Q::OP_SCALE_WEIGHT, Q(Q::OP_NEAR, pair.begin(), pair.end(), m_opt.proximity_window),
                            m_opt.proximity_weight);
        }
    }

private:
    const Lexeme& peek() const { return m_lx[m_k]; }
    const Lexeme& next() { return m_lx[m_k++]; }

    static bool starts_operand(Kind k) {
        return k == Kind::Word || k == Kind::Phrase || k == Kind::LParen || k == Kind::Plus || k == Kind::Minus ||
               k == Kind::Exact || k == Kind::FieldName;
    }

    [[noreturn]] static void missing_operand(const Lexeme& op) {
        throw QueryError(op.pos, op.text + (op.kind == Kind::Not ? " needs a query after it" : " needs a query on both sides"));
    }

    Node parse_or() {
        if (peek().kind == Kind::Or || peek().kind == Kind::And || peek().kind == Kind::Near) missing_operand(peek());
        Node left = parse_and();
        while (peek().kind == Kind::Or) {
            const Lexeme& op = next();
            if (!starts_operand(peek().kind) && peek().kind != Kind::Not) missing_operand(op);
            Node right = parse_and();
            left = combine(Q::OP_OR, std::move(left), std::move(right));
        }
        return left;
    }

    Node parse_and() {
        Node left;
        if (peek().kind == Kind::Not) { // leading NOT: everything except what follows
            left.ranked = Q::MatchAll;
            left.filter = true;
        } else {
            if (!starts_operand(peek().kind)) {
                if (peek().kind == Kind::And || peek().kind == Kind::Or || peek().kind == Kind::Near)
                    missing_operand(peek());
                if (peek().kind == Kind::RParen) throw QueryError(peek().pos, "unmatched ')'");
                throw QueryError(peek().pos, "the query ends where a word was expected");
            }
            left = parse_seq();
        }
        while (peek().kind == Kind::And || peek().kind == Kind::Not) {
            const Lexeme& op = next();
            bool negate = op.kind == Kind::Not;
            const Lexeme* last = &op;
            if (!negate && peek().kind == Kind::Not) { // "AND NOT"
                last = &next();
                negate = true;
            }
            if (!starts_operand(peek().kind)) missing_operand(*last);
            if (negate) ++m_negated;
            Node right = parse_seq();
            if (negate) --m_negated;
            left = combine(negate ? Q::OP_AND_NOT : Q::OP_AND, std::move(left), std::move(right));
        }
        return left;
    }

    [[noreturn]] static void too_many_words(std::size_t pos) {
        throw QueryError(pos, "too many words in the query (at most " + std::to_string(max_query_words) + ")");
    }

    static std::size_t count_words(std::string_view s) {
        std::size_t n = 0;
        for (std::size_t i = 0; i < s.size();) {
            while (std::size_t k = space_at(s, i)) i += k;
            if (i >= s.size()) break;
            ++n;
            while (i < s.size() && !space_at(s, i)) ++i;
        }
        return n;
    }

    static Node combine(Q::op op, Node a, Node b) {
        if (a.empty()) return op == Q::OP_AND_NOT ? a : b;
        if (b.empty()) return a;
        Node n;
        if (op == Q::OP_AND && a.filter != b.filter) { // filter the ranked side
            Node& ranked = a.filter ? b : a;
            Node& filter = a.filter ? a : b;
            n.ranked = Q(Q::OP_FILTER, ranked.ranked, filter.ranked);
            return n;
        }
        n.ranked = Q(op, a.ranked, b.ranked);
        n.filter = op == Q::OP_AND_NOT ? a.filter : (a.filter && b.filter);
        return n;
    }

    // A run of juxtaposed operands: +required, -excluded, filters, and the rest (ranked OR, or AND).
    Node parse_seq() {
        std::vector<Q> required, optional, excluded, filters, anded;
        while (starts_operand(peek().kind)) {
            char sign = 0;
            if (peek().kind == Kind::Plus || peek().kind == Kind::Minus) {
                const Lexeme& s = next();
                sign = s.text[0];
                const Kind k = peek().kind;
                if (!starts_operand(k) || k == Kind::Plus || k == Kind::Minus)
                    throw QueryError(s.pos, std::string("'") + sign + "' must be followed by a word, phrase or group");
            }
            if (sign == '-') ++m_negated;
            Node n = parse_near();
            if (sign == '-') --m_negated;
            if (n.empty()) continue;
            if (sign == '-') excluded.push_back(n.ranked);
            else if (n.filter) filters.push_back(n.ranked);
            else if (sign == '+') required.push_back(n.ranked);
            else if (m_opt.default_and) anded.push_back(n.ranked);
            else optional.push_back(n.ranked);
        }
        if (!anded.empty()) {
            // Every word of the run, or (relaxed) as many of them as the index has together.
            bool any = false;
            Q q = at_least(anded, any);
            if (any && !required.empty()) optional.push_back(q); // "+a b c" relaxed: b c only rank
            else required.push_back(q);
        }
        Node out;
        if (!required.empty())
            out.ranked = required.size() == 1 ? required[0] : Q(Q::OP_AND, required.begin(), required.end());
        if (!optional.empty()) {
            Q opt = optional.size() == 1 ? optional[0] : Q(Q::OP_OR, optional.begin(), optional.end());
            out.ranked = out.ranked.empty() ? opt : Q(Q::OP_AND_MAYBE, out.ranked, opt);
        }
        if (!filters.empty()) {
            Q f = filters.size() == 1 ? filters[0] : Q(Q::OP_AND, filters.begin(), filters.end());
            if (out.ranked.empty()) {
                out.ranked = f;
                out.filter = true;
            } else {
                out.ranked = Q(Q::OP_FILTER, out.ranked, f);
            }
        }
        if (!excluded.empty()) {
            Q ex = excluded.size() == 1 ? excluded[0] : Q(Q::OP_OR, excluded.begin(), excluded.end());
            if (out.ranked.empty()) {
                out.ranked = Q::MatchAll;
                out.filter = true;
            }
            out.ranked = Q(Q::OP_AND_NOT, out.ranked, ex);
        }
        return out;
    }

    // The words of a run under default_and: all of them (AND), or with relax = m, at least n - m
    // of the n (at least one): the ranked OR of the words, filtered by the OR of the ANDs of
    // every such subset. `any` is set when that is just the ranked OR (one word is enough, or the
    // subsets would be too many). A run under NOT or - is never relaxed (that would exclude more).
    Q at_least(const std::vector<Q>& items, bool& any) {
        any = false;
        const std::size_t n = items.size();
        if (n == 1) return items[0];
        const Q all(Q::OP_AND, items.begin(), items.end());
        if (m_negated) return all;
        m_out.and_width = std::max(m_out.and_width, n);
        if (m_opt.relax == 0) return all;
        const std::size_t k = n > m_opt.relax ? n - m_opt.relax : 1;
        const Q either(Q::OP_OR, items.begin(), items.end());
        // C(n, k), stopping once it exceeds the cap.
        std::size_t subsets = 1;
        for (std::size_t i = 1; i <= k && subsets <= max_relax_subsets; ++i) subsets = subsets * (n - k + i) / i;
        ++m_relaxed_runs;
        if (k <= 1 || subsets > max_relax_subsets - m_subsets) {
            any = true;
            ++m_any_runs;
            m_out.relaxed_to_any = m_any_runs == m_relaxed_runs;
            return either;
        }
        m_out.relaxed_to_any = false;
        m_subsets += subsets;
        std::vector<Q> groups;
        std::vector<std::size_t> pick(k);
        for (std::size_t i = 0; i < k; ++i) pick[i] = i;
        while (true) {
            std::vector<Q> g;
            for (std::size_t i : pick) g.push_back(items[i]);
            groups.emplace_back(Q::OP_AND, g.begin(), g.end());
            std::size_t i = k;
            while (i > 0 && pick[i - 1] == n - k + i - 1) --i;
            if (i == 0) break;
            ++pick[i - 1];
            for (std::size_t j = i; j < k; ++j) pick[j] = pick[j - 1] + 1;
        }
        return Q(Q::OP_FILTER, either, Q(Q::OP_OR, groups.begin(), groups.end()));
    }

    // a NEAR/n b: at most n words between the operands (a chain uses its largest n). A phrase
    // operand must occur as a phrase, and its words count towards the window.
    Node parse_near() {
        const std::size_t first_pos = peek().pos;
        const std::size_t hl_terms_before = m_out.terms.size(), hl_phrases_before = m_out.phrases.size();
        Node first = parse_unary();
        if (peek().kind != Kind::Near) return first;
        std::vector<Q> parts, phrases;
        std::vector<std::string> hl_terms;
        unsigned gap = 0, length = 0;
        auto add = [&](Node& n, std::size_t pos) {
            if (n.seq.empty())
                throw QueryError(pos, "NEAR joins words or phrases, not groups, fields like date:, or wildcards");
            for (const auto& t : n.seq) parts.emplace_back(t);
            if (!n.seq_query.empty()) phrases.push_back(n.seq_query);
            length += n.seq_window;
            collect_highlight_terms(n.seq, hl_terms);
        };
        add(first, first_pos);
        while (peek().kind == Kind::Near) {
            const Lexeme& op = next();
            if (!starts_operand(peek().kind)) missing_operand(op);
            gap = std::max(gap, op.number ? op.number - 1 : m_opt.default_near);
            const std::size_t pos = peek().pos;
            if (peek().kind == Kind::Plus || peek().kind == Kind::Minus)
                throw QueryError(pos, "NEAR joins words or phrases, not +word or -word");
            Node right = parse_unary();
            add(right, pos);
        }
        Node out;
        const unsigned window = gap + length;
        out.ranked = Q(Q::OP_NEAR, parts.begin(), parts.end(), window);
        if (!phrases.empty()) {
            phrases.insert(phrases.begin(), out.ranked);
            out.ranked = Q(Q::OP_AND, phrases.begin(), phrases.end());
        }
        if (m_field == FieldKind::Body) out.ranked = body_only(out.ranked, {sequence_clause(parts_terms(parts), window, false)});
        // The operands are highlighted only where the whole group occurs.
        m_out.terms.resize(hl_terms_before);
        m_out.phrases.resize(hl_phrases_before);
        if (highlights()) m_out.phrases.push_back({hl_terms, window, false, highlight_field()});
        return out;
    }

    static std::vector<std::string> parts_terms(const std::vector<Q>& parts) {
        std::vector<std::string> terms;
        for (const auto& q : parts) terms.push_back(*q.get_terms_begin());
        return terms;
    }

    // Highlighting works on unprefixed folded terms; field prefixes are upper-case ASCII, which
    // folded terms never start with.
    static void collect_highlight_terms(const std::vector<std::string>& seq, std::vector<std::string>& out) {
        for (const auto& t : seq) {
            std::size_t i = 0;
            while (i < t.size() && t[i] >= 'A' && t[i] <= 'Z') ++i;
            out.push_back(t.substr(i));
        }
    }

    Node parse_unary() {
        const Lexeme& lx = next();
        switch (lx.kind) {
        case Kind::Word:
            return word_node(lx.text, lx.text_pos, lx.wildcard);
        case Kind::Phrase:
            return phrase_node(lx.text, lx.text_pos, lx.number);
        case Kind::LParen: {
            if (++m_depth > max_query_depth)
                throw QueryError(lx.pos, "too many nested groups (at most " + std::to_string(max_query_depth) + ")");
            if (peek().kind == Kind::RParen) throw QueryError(lx.pos, "empty parentheses");
            if (peek().kind == Kind::End) throw QueryError(lx.pos, "this '(' is never closed");
            Node n = parse_or();
            if (peek().kind != Kind::RParen) throw QueryError(lx.pos, "this '(' is never closed");
            next();
            --m_depth;
            return n;
        }
        case Kind::Exact: {
            const Lexeme& w = next();
            if (w.kind != Kind::Word || w.wildcard) throw QueryError(lx.pos, "'=' must be followed by a word, e.g. =café");
            return exact_node(w.text, w.text_pos);
        }
        case Kind::FieldName: {
            const FieldInfo* f = find_field(lx.text);
            if (f->kind == FieldKind::Body && !m_opt.body_filter)
                throw QueryError(lx.pos, "body: needs a local index (remote shards run stock Xapian); "
                                         "search the text without body:");
            if (++m_depth > max_query_depth)
                throw QueryError(lx.pos, "too many nested groups (at most " + std::to_string(max_query_depth) + ")");
            const Kind k = peek().kind;
            if (k != Kind::Word && k != Kind::Phrase && k != Kind::LParen && k != Kind::Exact)
                throw QueryError(lx.pos, lx.text + ": needs a value");
            const FieldKind saved = m_field;
            m_field = f->kind;
            Node n = parse_unary();
            m_field = saved;
            --m_depth;
            return n;
        }
        default:
            throw QueryError(lx.pos, "unexpected '" + lx.text + "'");
        }
    }

    std::string field_prefix() const {
        switch (m_field) {
        case FieldKind::Title: return std::string(schema::prefix::title);
        case FieldKind::Author: return std::string(schema::prefix::author);
        case FieldKind::Source: return std::string(schema::prefix::source);
        default: return {};
        }
    }

    bool text_field() const {
        return m_field == FieldKind::Text || m_field == FieldKind::Title || m_field == FieldKind::Body;
    }

    Field highlight_field() const { return m_field == FieldKind::Title ? Field::Title : Field::Text; }

    bool highlights() const { return !m_negated && text_field(); }

    static BodyClause sequence_clause(std::vector<std::string> terms, unsigned window, bool ordered) {
        return {BodyClause::Kind::Sequence, std::move(terms), window, ordered};
    }

    // body: restrict a ranked query over the shared term space to body occurrences.
    static Q body_only(const Q& ranked, std::vector<BodyClause> clauses) {
        return Q(Q::OP_FILTER, ranked, Q((new BodyFilter(std::move(clauses)))->release()));
    }

    Node filter_node(const std::string& raw, std::size_t pos) {
        Node n;
        n.filter = true;
        std::string term;
        switch (m_field) {
        case FieldKind::Tag: {
            std::string joined;
            for (const auto& t : m_an.analyze(raw)) {
                if (t.alias || t.kind == TokenKind::CjkChar) continue;
                if (!joined.empty()) joined += ' ';
                joined += t.term;
            }
            if (joined.empty()) throw QueryError(pos, "tag: needs a tag, not '" + raw + "'");
            term = std::string(schema::prefix::tag) + joined;
            break;
        }
        case FieldKind::Lang: {
            std::string code = normalize_language_code(raw);
            if (code.empty()) throw QueryError(pos, "lang: needs a language code like en, de or zh, not '" + raw + "'");
            term = std::string(schema::prefix::lang) + code;
            break;
        }
        case FieldKind::Site: {
            std::string host = lower_ascii(raw);
            if (auto s = host.find("://"); s != std::string::npos) host.erase(0, s + 3);
            if (auto sl = host.find_first_of("/?#"); sl != std::string::npos) host.resize(sl);
            if (auto colon = host.find(':'); colon != std::string::npos) host.resize(colon);
            if (host.rfind("www.", 0) == 0) host.erase(0, 4);
            while (!host.empty() && host.back() == '.') host.pop_back();
            if (host.empty()) throw QueryError(pos, "site: needs a host name, e.g. site:example.com");
            term = std::string(schema::prefix::site) + host;
            break;
        }
        case FieldKind::Id:
            term = std::string(schema::prefix::id) + raw;
            break;
        default:
            break;
        }
        n.ranked = Q(Q::OP_SCALE_WEIGHT, Q(limit_term_length(term)), 0.0);
        return n;
    }

    // The stem terms ("Z" + field + stem) a folded word is searched under: its own form and its
    // stem in each of the index's languages.
    std::vector<std::string> stem_terms(const std::string& term, std::string_view field) const {
        std::set<std::string> terms;
        const std::string z = std::string(schema::prefix::stem).append(field);
        terms.insert(limit_term_length(z + term));
        for (const auto& l : m_opt.stem_languages) terms.insert(limit_term_length(z + m_an.stem(term, l)));
        return {terms.begin(), terms.end()};
    }

    static Q any_of(const std::vector<std::string>& terms) {
        if (terms.size() == 1) return Q(terms[0]);
        std::vector<Q> qs(terms.begin(), terms.end());
        return Q(Q::OP_SYNONYM, qs.begin(), qs.end());
    }

    // Plain text ranks title occurrences above body ones: the same query over the title's terms,
    // scaled by title_weight, is added alongside.
    Q with_title_boost(Q q, const Q& title_q) const {
        if (m_field == FieldKind::Text && m_opt.title_weight > 0)
            return Q(Q::OP_OR, q, Q(Q::OP_SCALE_WEIGHT, title_q, m_opt.title_weight));
        return q;
    }

    Q stemmed_word(const Token& t) const {
        const std::vector<std::string> body = stem_terms(t.term, {});
        Q q;
        if (m_field == FieldKind::Title) {
            q = any_of(stem_terms(t.term, schema::prefix::title));
        } else {
            q = with_title_boost(any_of(body), any_of(stem_terms(t.term, schema::prefix::title)));
            if (m_field == FieldKind::Body) q = body_only(q, {{BodyClause::Kind::AnyTerm, body, 0, true}});
        }
        return weighted(std::move(q), body);
    }

    // Query-term weighting (QueryParserOptions::word_weight) of a free word's whole query.
    Q weighted(Q q, const std::vector<std::string>& body_terms) const {
        if (!m_opt.word_weight) return q;
        const double w = m_opt.word_weight(body_terms);
        if (w == 1.0 || !(w >= 0)) return q;
        return Q(Q::OP_SCALE_WEIGHT, q, w);
    }

    Q positional(const std::vector<std::string>& terms, const std::string& prefix, unsigned window, bool ordered) const {
        if (terms.size() == 1) return Q(limit_term_length(prefix + terms[0]));
        std::vector<Q> qs;
        for (const auto& t : terms) qs.emplace_back(limit_term_length(prefix + t));
        return Q(ordered ? Q::OP_PHRASE : Q::OP_NEAR, qs.begin(), qs.end(), window);
    }

    // Exact (unstemmed) terms: one term, a phrase, or a NEAR group, in the current field.
    Q exact_terms(const std::vector<std::string>& terms, unsigned window, bool ordered) const {
        Q q = positional(terms, field_prefix(), window, ordered);
        q = with_title_boost(q, positional(terms, std::string(schema::prefix::title), window, ordered));
        if (m_field == FieldKind::Body) {
            if (terms.size() == 1) q = body_only(q, {{BodyClause::Kind::AnyTerm, {terms[0]}, 0, true}});
            else q = body_only(q, {sequence_clause(terms, window, ordered)});
        }
        return q;
    }

    void set_seq(Node& n, const std::vector<std::string>& terms, unsigned window, bool ordered) const {
        const std::string prefix = field_prefix();
        for (const auto& t : terms) n.seq.push_back(limit_term_length(prefix + t));
        n.seq_window = terms.size() == 1 ? 1 : window;
        if (terms.size() > 1) n.seq_query = positional(terms, prefix, window, ordered);
    }

    void note_word(const Token& t, std::size_t base) {
        if (m_negated || !text_field() || t.kind != TokenKind::Word) return;
        m_out.words.push_back({base + t.begin, base + t.end, t.term});
    }

    Node word_node(const std::string& raw, std::size_t pos, bool wildcard) {
        if (is_filter_field(m_field)) {
            if (wildcard) throw QueryError(pos, "a wildcard cannot be used with " + std::string(field_name(m_field)) + ":");
            if (m_field == FieldKind::Date) return date_node(raw, pos);
            return filter_node(raw, pos);
        }
        std::vector<Token> tokens = m_an.analyze(raw);
        std::vector<const Token*> main;
        const Token* whole_alias = nullptr;
        for (const auto& t : tokens) {
            if (t.kind == TokenKind::CjkChar) continue;
            if (t.alias) {
                whole_alias = &t; // checked below: it must span every part
                continue;
            }
            main.push_back(&t);
        }
        if (whole_alias && (main.empty() || whole_alias->begin != main.front()->begin || whole_alias->end != main.back()->end))
            whole_alias = nullptr;
        Node n;
        if (main.empty()) {
            if (wildcard) throw QueryError(pos, "a wildcard needs letters before the '*'");
            return n; // punctuation only
        }
        if (wildcard) {
            if (main.size() != 1 || main[0]->kind == TokenKind::Cjk)
                throw QueryError(pos, "a wildcard applies to one word, not '" + raw + "*'");
            const std::string& stem = main[0]->term;
            const std::string prefix = field_prefix();
            auto expand = [&](const std::string& p) {
                return Q(Q::OP_WILDCARD, p + stem, m_opt.max_wildcard, Q::WILDCARD_LIMIT_ERROR, Q::OP_SYNONYM);
            };
            n.ranked = with_title_boost(expand(prefix), expand(std::string(schema::prefix::title)));
            if (m_field == FieldKind::Body) n.ranked = body_only(n.ranked, {{BodyClause::Kind::Prefix, {stem}, 0, true}});
            m_out.wildcards.push_back({raw + "*", prefix + stem, pos});
            if (highlights()) m_out.terms.push_back({stem, {}, {}, true, highlight_field(), 1.0});
            return n;
        }
        if (main.size() == 1) {
            const Token& t = *main[0];
            set_seq(n, {t.term}, 1, true);
            if (t.kind == TokenKind::Word && text_field()) {
                n.ranked = stemmed_word(t);
                note_word(t, pos);
                if (highlights()) {
                    HighlightTerm h{t.term, {}, {}, false, highlight_field(), 1.0};
                    for (const auto& l : m_opt.stem_languages) h.stems.push_back(m_an.stem(t.term, l));
                    m_out.terms.push_back(std::move(h));
                }
            } else {
                n.ranked = exact_terms({t.term}, 1, true);
                if (highlights()) m_out.terms.push_back({t.term, {}, {}, false, highlight_field(), 1.0});
            }
            return n;
        }
        // Several tokens in one typed word ("e-mail", "don't", "北京经济"): a phrase, or the joined form.
        std::vector<std::string> terms;
        for (const Token* t : main) {
            terms.push_back(t->term);
            note_word(*t, pos);
        }
        const auto window = static_cast<unsigned>(main.back()->pos - main.front()->pos + 1);
        n.ranked = exact_terms(terms, window, true);
        set_seq(n, terms, window, true);
        if (highlights()) m_out.phrases.push_back({terms, window, true, highlight_field()});
        if (whole_alias && m_field != FieldKind::Body) {
            // One word typed, one word ranked: "x-ray" is the phrase x ray or the joined form
            // (as its stems: "x-rays" finds "xray"), a synonym, so an article that has it scores
            // it once, not as x + ray + xray.
            auto unit = [&](std::string_view field) {
                std::vector<Q> qs{positional(terms, std::string(field), window, true)};
                for (const auto& z : stem_terms(whole_alias->term, field)) qs.emplace_back(z);
                return Q(Q::OP_SYNONYM, qs.begin(), qs.end());
            };
            n.ranked = m_field == FieldKind::Title ? unit(schema::prefix::title)
                                                    : with_title_boost(unit(field_prefix()), unit(schema::prefix::title));
            if (highlights()) m_out.terms.push_back({whole_alias->term, {}, {}, false, highlight_field(), 1.0});
        } else if (whole_alias) {
            n.ranked = Q(Q::OP_OR, n.ranked, exact_terms({whole_alias->term}, 1, true));
            if (highlights()) m_out.terms.push_back({whole_alias->term, {}, {}, false, highlight_field(), 1.0});
        }
        return n;
    }

    // =word: no stemming; with accents, only that accented spelling.
    Node exact_node(const std::string& raw, std::size_t pos) {
        if (is_filter_field(m_field)) return word_node(raw, pos, false);
        std::vector<Token> tokens = m_an.analyze(raw);
        std::vector<const Token*> main;
        for (const auto& t : tokens)
            if (!t.alias && t.kind != TokenKind::CjkChar) main.push_back(&t);
        if (main.size() != 1) return word_node(raw, pos, false);
        const Token& t = *main[0];
        Node n;
        // =US: written in capitals, the word only where an article writes it so (acronyms).
        const bool caps = text_field() && t.kind == TokenKind::Word && is_capitals(raw);
        if (caps && !m_opt.capitals)
            throw QueryError(pos, "'=" + raw + "' searches '" + raw + "' written in capitals, which this index does not "
                                  "record (it was built before Lede indexed capitals): rebuild it with lede-index, or "
                                  "type =" + t.term + " for the word in any case");
        if (caps) {
            const Q capitals(limit_term_length(std::string(schema::prefix::capitals) + t.term));
            Q q = exact_terms({t.term}, 1, true);
            if (!t.accent_form.empty())
                q = Q(Q::OP_FILTER, q, Q(limit_term_length(std::string(schema::prefix::accent) + t.accent_form)));
            n.ranked = Q(Q::OP_FILTER, q, capitals);
            if (highlights()) {
                HighlightTerm h{t.term, {}, t.accent_form, false, highlight_field(), 1.0};
                h.capitals = true;
                m_out.terms.push_back(std::move(h));
            }
        } else if (!t.accent_form.empty() && text_field()) {
            // Accent forms are indexed once per article (title and body together).
            const Q accent(limit_term_length(std::string(schema::prefix::accent) + t.accent_form));
            n.ranked = Q(Q::OP_FILTER, exact_terms({t.term}, 1, true), accent);
            if (highlights()) m_out.terms.push_back({t.term, {}, t.accent_form, false, highlight_field(), 1.0});
        } else {
            n.ranked = exact_terms({t.term}, 1, true);
            set_seq(n, {t.term}, 1, true);
            if (highlights()) m_out.terms.push_back({t.term, {}, {}, false, highlight_field(), 1.0});
        }
        return n;
    }

    Node phrase_node(const std::string& content, std::size_t pos, unsigned slop_plus1) {
        if (is_filter_field(m_field)) {
            if (m_field == FieldKind::Date) return date_node(content, pos);
            return filter_node(content, pos);
        }
        std::vector<std::string> terms;
        std::uint32_t first = 0, last = 0;
        for (const auto& t : m_an.analyze(content)) {
            if (t.alias || t.kind == TokenKind::CjkChar) continue;
            if (terms.empty()) first = t.pos;
            last = t.pos;
            terms.push_back(t.term);
            note_word(t, pos);
        }
        Node n;
        if (terms.empty()) return n;
        const unsigned slop = slop_plus1 ? slop_plus1 - 1 : 0;
        const auto window = static_cast<unsigned>(last - first + 1 + slop);
        const bool ordered = slop == 0;
        n.ranked = exact_terms(terms, window, ordered);
        set_seq(n, terms, window, ordered);
        if (highlights()) {
            if (terms.size() == 1) m_out.terms.push_back({terms[0], {}, {}, false, highlight_field(), 1.0});
            else m_out.phrases.push_back({terms, window, ordered, highlight_field()});
        }
        return n;
    }

    Node date_node(const std::string& value, std::size_t pos) {
        Node n;
        n.filter = true;
        const auto dots = value.find("..");
        if (dots != std::string::npos) {
            n.ranked = date_range_query(value.substr(0, dots), value.substr(dots + 2), pos, dots + 2);
            return n;
        }
        // A relative date: its period, or from N days (weeks...) ago through today.
        const Date today = today_utc();
        if (const auto rel = parse_relative_date(value, today)) {
            n.ranked = Q(Q::OP_VALUE_RANGE, schema::slot::date, rel->first.compact(),
                         (rel->ago ? today : rel->last).compact());
            return n;
        }
        // One period: its year, month or day term (exact counts, no value scan).
        const std::string lo = date_bound(value, false, pos);
        std::string term;
        if (value.size() == 4) term = std::string(schema::prefix::year) + lo.substr(0, 4);
        else if (value.size() == 7) term = std::string(schema::prefix::month) + lo.substr(0, 6);
        else term = std::string(schema::prefix::day) + lo;
        n.ranked = Q(Q::OP_SCALE_WEIGHT, Q(term), 0.0);
        return n;
    }

    const std::string& m_text;
    const Analyzer& m_an;
    const QueryParserOptions& m_opt;
    ParsedQuery& m_out;
    std::vector<Lexeme> m_lx;
    std::size_t m_k = 0;
    int m_negated = 0;
    std::size_t m_relaxed_runs = 0, m_any_runs = 0; // runs relaxed, and those relaxed to any word
    std::size_t m_subsets = 0;                      // subsets of relaxed runs so far (max_relax_subsets in all)
    unsigned m_depth = 0;
    FieldKind m_field = FieldKind::Text;
};

const char* const month_names[] = {"January", "February", "March",     "April",   "May",      "June",
                                   "July",    "August",   "September", "October", "November", "December"};

} // namespace

// "2020" / "2020-03" / "2020-03-15" -> first or last YYYYMMDD of that period.
std::string date_bound(const std::string& s, bool upper, std::size_t pos) {
    if (const auto rel = parse_relative_date(s, today_utc())) return (upper ? rel->last : rel->first).compact();
    auto digits = [&](std::size_t from, std::size_t n) {
        for (std::size_t i = from; i < from + n; ++i)
            if (i >= s.size() || !is_digit(s[i])) return false;
        return true;
    };
    const bool shape = (s.size() == 4 && digits(0, 4)) ||
                       (s.size() == 7 && digits(0, 4) && s[4] == '-' && digits(5, 2)) ||
                       (s.size() == 10 && digits(0, 4) && s[4] == '-' && digits(5, 2) && s[7] == '-' && digits(8, 2));
    if (!shape)
        throw QueryError(pos, "bad date '" + s + "': use YYYY, YYYY-MM, YYYY-MM-DD or a relative date like today, 7d or last-month");
    const int y = std::stoi(s.substr(0, 4));
    int m = s.size() >= 7 ? std::stoi(s.substr(5, 2)) : (upper ? 12 : 1);
    if (y < 1) throw QueryError(pos, "impossible date '" + s + "': years start at 0001");
    if (m < 1 || m > 12) throw QueryError(pos, "impossible date '" + s + "': months run from 01 to 12");
    int d = s.size() == 10 ? std::stoi(s.substr(8, 2)) : (upper ? days_in_month(y, m) : 1);
    if (!is_valid_date(y, m, d))
        throw QueryError(pos, "impossible date '" + s + "': " + month_names[m - 1] + " " + s.substr(0, 4) + " has " +
                                  std::to_string(days_in_month(y, m)) + " days");
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d%02d%02d", y, m, d);
    return buf;
}

Xapian::Query date_range_query(const std::string& from, const std::string& to, std::size_t pos, std::size_t to_offset) {
    if (from.empty() && to.empty())
        throw QueryError(pos, "a date range needs at least one end, e.g. date:..1990 or date:2015..");
    const std::string lo = from.empty() ? std::string() : date_bound(from, false, pos);
    const std::string hi = to.empty() ? std::string() : date_bound(to, true, pos + to_offset);
    if (!lo.empty() && !hi.empty() && lo > hi) throw QueryError(pos, "empty date range: " + from + " is after " + to);
    if (lo.empty()) return Q(Q::OP_VALUE_LE, schema::slot::date, hi);
    if (hi.empty()) return Q(Q::OP_VALUE_GE, schema::slot::date, lo);
    return Q(Q::OP_VALUE_RANGE, schema::slot::date, lo, hi);
}

ParsedQuery parse_query(const std::string& text, const Analyzer& analyzer, const QueryParserOptions& options) {
    ParsedQuery out;
    Parser p(text, analyzer, options, out);
    out.query = options.literal ? p.parse_literal() : p.parse();
    return out;
}

} // namespace lede

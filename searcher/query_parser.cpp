// SPDX-License-Identifier: MIT
// Recursive-descent parser for Lede's query language; every word goes through the common Analyzer.
#include "query_parser.hpp"

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
    std::string text;     // word text, phrase content, or field name
    std::size_t pos = 0;  // byte offset in the query
    unsigned number = 0;  // NEAR/n, or phrase ~n (+1 so that 0 means none)
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

// Opening and closing quote characters (straight, curly, guillemets, CJK brackets) in UTF-8.
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

class Lexer {
public:
    explicit Lexer(std::string_view text) : m_s(text) {}

    std::vector<Lexeme> run() {
        std::vector<Lexeme> out;
        while (true) {
            skip_space();
            if (m_i >= m_s.size()) break;
            lex_one(out);
        }
        out.push_back({Kind::End, {}, m_s.size()});
        return out;
    }

private:
    void skip_space() {
        while (m_i < m_s.size() && std::isspace(static_cast<unsigned char>(m_s[m_i]))) ++m_i;
        // Ideographic space (U+3000) separates words too.
        while (m_s.substr(m_i, 3) == "\u3000") {
            m_i += 3;
            while (m_i < m_s.size() && std::isspace(static_cast<unsigned char>(m_s[m_i]))) ++m_i;
        }
    }

    bool at_word_end(std::size_t i) const {
        if (i >= m_s.size()) return true;
        char c = m_s[i];
        return std::isspace(static_cast<unsigned char>(c)) || c == '(' || c == ')' || quote_at(m_s, i, false) ||
               m_s.substr(i, 3) == "\u3000";
    }

    void lex_one(std::vector<Lexeme>& out) {
        const std::size_t start = m_i;
        const char c = m_s[m_i];
        if (c == '(') {
            out.push_back({Kind::LParen, "(", m_i++});
            return;
        }
        if (c == ')') {
            out.push_back({Kind::RParen, ")", m_i++});
            return;
        }
        if (std::size_t q = quote_at(m_s, m_i, false)) {
            std::size_t j = m_i + q;
            std::size_t close = 0;
            while (j < m_s.size() && !(close = quote_at(m_s, j, true))) ++j;
            if (j >= m_s.size()) throw QueryError(start, "unterminated phrase: the quote at position " +
                                                              std::to_string(start + 1) + " is never closed");
            Lexeme lx{Kind::Phrase, std::string(m_s.substr(m_i + q, j - m_i - q)), start};
            m_i = j + close;
            if (m_i < m_s.size() && m_s[m_i] == '~') {
                std::size_t k = m_i + 1;
                while (k < m_s.size() && std::isdigit(static_cast<unsigned char>(m_s[k]))) ++k;
                if (k == m_i + 1 || k - m_i > 4)
                    throw QueryError(m_i, "'~' after a phrase needs a number of words, e.g. \"a b\"~3");
                lx.number = static_cast<unsigned>(std::stoul(std::string(m_s.substr(m_i + 1, k - m_i - 1)))) + 1;
                m_i = k;
            }
            out.push_back(std::move(lx));
            return;
        }
        if ((c == '+' || c == '-' || c == '=') && !at_word_end(m_i + 1)) {
            out.push_back({c == '+' ? Kind::Plus : c == '-' ? Kind::Minus : Kind::Exact, std::string(1, c), m_i++});
            return;
        }
        std::size_t j = m_i;
        while (!at_word_end(j)) ++j;
        std::string_view word = m_s.substr(m_i, j - m_i);
        m_i = j;
        if (word == "AND") return out.push_back({Kind::And, "AND", start});
        if (word == "OR") return out.push_back({Kind::Or, "OR", start});
        if (word == "NOT") return out.push_back({Kind::Not, "NOT", start});
        if (word == "NEAR" || word.rfind("NEAR/", 0) == 0) {
            Lexeme lx{Kind::Near, "NEAR", start};
            if (word.size() > 4) {
                std::string_view n = word.substr(5);
                if (n.empty() || n.size() > 3 || !std::all_of(n.begin(), n.end(), [](char d) { return std::isdigit(static_cast<unsigned char>(d)); }))
                    throw QueryError(start, "NEAR/n needs a number of words, e.g. NEAR/5");
                lx.number = static_cast<unsigned>(std::stoul(std::string(n))) + 1;
            }
            return out.push_back(std::move(lx));
        }
        // field:value (no space after the colon); an unknown name is plain text ("Note:").
        if (auto colon = word.find(':'); colon != std::string_view::npos && colon > 0) {
            if (const FieldInfo* f = find_field(word.substr(0, colon))) {
                std::string_view rest = word.substr(colon + 1);
                if (!rest.empty() || (m_i < m_s.size() && (m_s[m_i] == '(' || quote_at(m_s, m_i, false)))) {
                    out.push_back({Kind::FieldName, std::string(f->name), start});
                    if (!rest.empty()) push_word(out, rest, start + colon + 1);
                    return;
                }
            }
        }
        push_word(out, word, start);
    }

    void push_word(std::vector<Lexeme>& out, std::string_view word, std::size_t pos) {
        Lexeme lx{Kind::Word, std::string(word), pos};
        if (word.size() > 1 && word.back() == '*') {
            lx.wildcard = true;
            lx.text.pop_back();
        }
        out.push_back(std::move(lx));
    }

    std::string_view m_s;
    std::size_t m_i = 0;
};

// A parsed operand: its ranked query, and the positional form NEAR needs (empty if none).
struct Node {
    Q ranked;
    Q positional;
    bool filter = false;
    bool empty() const { return ranked.empty(); }
};

class Parser {
public:
    Parser(const std::string& text, const Analyzer& analyzer, const QueryParserOptions& opt, ParsedQuery& out)
        : m_text(text), m_an(analyzer), m_opt(opt), m_out(out) {}

    Q parse() {
        m_lx = Lexer(m_text).run();
        if (m_lx.size() == 1) throw QueryError(0, "empty query");
        Node n = parse_or();
        if (peek().kind == Kind::RParen) throw QueryError(peek().pos, "unmatched ')'");
        if (peek().kind != Kind::End) throw QueryError(peek().pos, "unexpected '" + peek().text + "'");
        if (n.empty()) throw QueryError(0, "the query has no searchable words");
        m_out.pure_filter = n.filter;
        return n.ranked;
    }

    Q parse_literal() {
        std::vector<Node> items;
        std::size_t i = 0;
        while (i < m_text.size()) {
            while (i < m_text.size() && std::isspace(static_cast<unsigned char>(m_text[i]))) ++i;
            std::size_t j = i;
            while (j < m_text.size() && !std::isspace(static_cast<unsigned char>(m_text[j]))) ++j;
            if (j > i) {
                Node n = word_node(m_text.substr(i, j - i), i, false);
                if (!n.empty()) items.push_back(std::move(n));
            }
            i = j;
        }
        if (items.empty()) throw QueryError(0, "the query has no searchable words");
        std::vector<Q> qs;
        for (auto& n : items) qs.push_back(n.ranked);
        return Q(m_opt.default_and ? Q::OP_AND : Q::OP_OR, qs.begin(), qs.end());
    }

private:
    const Lexeme& peek() const { return m_lx[m_k]; }
    const Lexeme& next() { return m_lx[m_k++]; }

    static bool starts_operand(Kind k) {
        return k == Kind::Word || k == Kind::Phrase || k == Kind::LParen || k == Kind::Plus || k == Kind::Minus ||
               k == Kind::Exact || k == Kind::FieldName;
    }

    void need_operand(const Lexeme& op) const {
        if (!starts_operand(peek().kind))
            throw QueryError(op.pos, op.text + " at position " + std::to_string(op.pos + 1) +
                                         " needs a query on both sides");
    }

    Node parse_or() {
        if (peek().kind == Kind::Or || peek().kind == Kind::And)
            throw QueryError(peek().pos, peek().text + " at position " + std::to_string(peek().pos + 1) +
                                             " needs a query on both sides");
        Node left = parse_and();
        while (peek().kind == Kind::Or) {
            const Lexeme& op = next();
            need_operand(op);
            Node right = parse_and();
            left = combine(Q::OP_OR, std::move(left), std::move(right));
        }
        return left;
    }

    Node parse_and() {
        Node left;
        if (peek().kind == Kind::Not) { // leading NOT: everything except
            left.ranked = Q::MatchAll;
            left.filter = true;
        } else {
            left = parse_seq();
        }
        while (peek().kind == Kind::And || peek().kind == Kind::Not) {
            const Lexeme& op = next();
            bool negate = op.kind == Kind::Not;
            if (!negate && peek().kind == Kind::Not) { // "AND NOT"
                next();
                negate = true;
            }
            need_operand(op);
            ++m_negated;
            if (!negate) --m_negated;
            Node right = parse_seq();
            if (negate) --m_negated;
            left = combine(negate ? Q::OP_AND_NOT : Q::OP_AND, std::move(left), std::move(right));
        }
        return left;
    }

    static Node combine(Q::op op, Node a, Node b) {
        if (a.empty()) return op == Q::OP_AND_NOT ? a : b;
        if (b.empty()) return a;
        Node n;
        if (op == Q::OP_AND && (a.filter != b.filter)) { // filter the ranked side
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
        if (!starts_operand(peek().kind)) {
            if (peek().kind == Kind::End) throw QueryError(peek().pos, "the query ends where a word was expected");
            if (peek().kind == Kind::RParen) throw QueryError(peek().pos, "unexpected ')': nothing to group");
            throw QueryError(peek().pos, peek().text + " at position " + std::to_string(peek().pos + 1) +
                                             " needs a query on both sides");
        }
        std::vector<Q> required, optional, excluded, filters;
        while (starts_operand(peek().kind)) {
            char sign = 0;
            if (peek().kind == Kind::Plus || peek().kind == Kind::Minus) sign = next().text[0];
            if (sign == '-') ++m_negated;
            Node n = parse_near();
            if (sign == '-') --m_negated;
            if (n.empty()) continue;
            if (sign == '-') excluded.push_back(n.ranked);
            else if (n.filter) filters.push_back(n.ranked);
            else if (sign == '+' || m_opt.default_and) required.push_back(n.ranked);
            else optional.push_back(n.ranked);
        }
        Node out;
        if (!required.empty()) out.ranked = Q(Q::OP_AND, required.begin(), required.end());
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

    Node parse_near() {
        const std::size_t first_pos = peek().pos;
        const std::size_t terms_before = m_out.terms.size(), phrases_before = m_out.phrases.size();
        Node first = parse_unary();
        if (peek().kind != Kind::Near) return first;
        std::vector<Q> parts;
        unsigned window = 0;
        std::vector<std::string> hl_terms;
        auto add = [&](Node& n, std::size_t pos) {
            if (n.positional.empty())
                throw QueryError(pos, "NEAR joins words or phrases, not groups, fields or wildcards");
            parts.push_back(n.positional);
            collect_positional_terms(n.positional, hl_terms);
        };
        add(first, first_pos);
        while (peek().kind == Kind::Near) {
            const Lexeme& op = next();
            need_operand(op);
            unsigned n = op.number ? op.number - 1 : m_opt.default_near;
            window = std::max(window, n);
            const std::size_t pos = peek().pos;
            Node right = parse_unary();
            add(right, pos);
        }
        // Terms at most `window` words apart: all of them inside a span of window + parts positions.
        Node out;
        const auto span = static_cast<Xapian::termcount>(window + parts.size());
        out.ranked = Q(Q::OP_NEAR, parts.begin(), parts.end(), span);
        out.positional = out.ranked;
        // Highlight the words only where the whole group matches, not each operand on its own.
        m_out.terms.resize(terms_before);
        m_out.phrases.resize(phrases_before);
        if (!m_negated) m_out.phrases.push_back({hl_terms, span, false, Field::Text});
        return out;
    }

    static void collect_positional_terms(const Q& q, std::vector<std::string>& out) {
        for (auto it = q.get_unique_terms_begin(); it != q.get_unique_terms_end(); ++it) out.push_back(*it);
    }

    Node parse_unary() {
        const Lexeme& lx = next();
        switch (lx.kind) {
        case Kind::Word:
            return word_node(lx.text, lx.pos, lx.wildcard);
        case Kind::Phrase:
            return phrase_node(lx.text, lx.pos, lx.number);
        case Kind::LParen: {
            Node n = parse_or();
            if (peek().kind != Kind::RParen) throw QueryError(lx.pos, "the '(' at position " + std::to_string(lx.pos + 1) + " is never closed");
            next();
            return n;
        }
        case Kind::Exact: {
            const Lexeme& w = next();
            if (w.kind != Kind::Word || w.wildcard) throw QueryError(lx.pos, "'=' must be followed by a word, e.g. =café");
            return exact_node(w.text, w.pos);
        }
        case Kind::FieldName: {
            const FieldInfo* f = find_field(lx.text);
            const FieldKind saved = m_field;
            m_field = f->kind;
            Node n;
            if (f->kind == FieldKind::Date) {
                const Lexeme& v = next();
                if (v.kind != Kind::Word) throw QueryError(lx.pos, "date: needs a date or range, e.g. date:2020-03 or date:2019..2020");
                n = date_node(v.text, v.pos);
            } else if (peek().kind == Kind::Word || peek().kind == Kind::Phrase || peek().kind == Kind::LParen) {
                n = parse_unary();
            } else {
                throw QueryError(lx.pos, lx.text + ": needs a value");
            }
            m_field = saved;
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

    bool stemmed_field() const {
        return m_field == FieldKind::Text || m_field == FieldKind::Title || m_field == FieldKind::Body;
    }

    Field highlight_field() const { return m_field == FieldKind::Title ? Field::Title : Field::Text; }

    bool highlights() const {
        return !m_negated && (m_field == FieldKind::Text || m_field == FieldKind::Title || m_field == FieldKind::Body);
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
            if (joined.empty()) throw QueryError(pos, "tag: needs a tag");
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
            if (auto sl = host.find('/'); sl != std::string::npos) host.resize(sl);
            if (host.rfind("www.", 0) == 0) host.erase(0, 4);
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

    // The ranked query for one folded word: its stems (as a synonym) in the field's term space,
    // plus, for plain text, a boost for title occurrences.
    Q stemmed_word(const Token& t) {
        auto syn = [&](std::string_view field) {
            std::set<std::string> terms;
            std::string z = std::string(schema::prefix::stem).append(field);
            terms.insert(z + t.term);
            for (const auto& l : m_opt.stem_languages) terms.insert(z + m_an.stem(t.term, l));
            if (terms.size() == 1) return Q(*terms.begin());
            return Q(Q::OP_SYNONYM, terms.begin(), terms.end());
        };
        if (m_field == FieldKind::Title) return syn(schema::prefix::title);
        Q body = syn({});
        if (m_field == FieldKind::Text && m_opt.title_weight > 0)
            return Q(Q::OP_OR, body, Q(Q::OP_SCALE_WEIGHT, syn(schema::prefix::title), m_opt.title_weight));
        return body;
    }

    Q boosted_exact(const std::vector<std::string>& terms, unsigned window, bool ordered) {
        auto build = [&](const std::string& prefix) {
            if (terms.size() == 1) return Q(prefix + terms[0]);
            std::vector<Q> qs;
            for (const auto& t : terms) qs.emplace_back(prefix + t);
            return Q(ordered ? Q::OP_PHRASE : Q::OP_NEAR, qs.begin(), qs.end(), window);
        };
        const std::string prefix = field_prefix();
        Q q = build(prefix);
        if (m_field == FieldKind::Text && m_opt.title_weight > 0)
            q = Q(Q::OP_OR, q, Q(Q::OP_SCALE_WEIGHT, build(std::string(schema::prefix::title)), m_opt.title_weight));
        return q;
    }

    Node word_node(const std::string& raw, std::size_t pos, bool wildcard) {
        if (is_filter_field(m_field)) {
            if (m_field == FieldKind::Date) return date_node(raw, pos);
            if (wildcard) throw QueryError(pos, "wildcards do not apply to this field");
            return filter_node(raw, pos);
        }
        std::vector<Token> tokens = m_an.analyze(raw);
        std::vector<const Token*> main;
        const Token* whole_alias = nullptr;
        for (const auto& t : tokens) {
            if (t.kind == TokenKind::CjkChar) continue;
            if (t.alias) {
                if (t.begin == tokens.front().begin && t.end == raw.size()) whole_alias = &t;
                continue;
            }
            main.push_back(&t);
        }
        Node n;
        if (main.empty()) return n; // punctuation only
        if (wildcard) {
            if (main.size() != 1 || main[0]->kind == TokenKind::Cjk)
                throw QueryError(pos, "a wildcard applies to one word: '" + raw + "*'");
            const std::string pattern = field_prefix() + main[0]->term;
            n.ranked = Q(Q::OP_WILDCARD, pattern, m_opt.max_wildcard, Q::WILDCARD_LIMIT_ERROR, Q::OP_SYNONYM);
            m_out.wildcards.push_back(raw + "*");
            if (highlights()) m_out.terms.push_back({main[0]->term, {}, {}, true, highlight_field(), 1.0});
            return n;
        }
        if (main.size() == 1) {
            const Token& t = *main[0];
            const std::string prefix = field_prefix();
            n.positional = Q(prefix + t.term);
            if (t.kind == TokenKind::Word && stemmed_field()) {
                n.ranked = stemmed_word(t);
                if (highlights()) {
                    HighlightTerm h{t.term, {}, {}, false, highlight_field(), 1.0};
                    for (const auto& l : m_opt.stem_languages) h.stems.push_back(m_an.stem(t.term, l));
                    m_out.terms.push_back(std::move(h));
                }
            } else {
                n.ranked = boosted_exact({t.term}, 1, true);
                if (highlights()) m_out.terms.push_back({t.term, {}, {}, false, highlight_field(), 1.0});
            }
            return n;
        }
        // Several tokens in one typed word ("e-mail", "don't", "北京经济"): a phrase, or the joined form.
        std::vector<std::string> terms;
        for (const Token* t : main) terms.push_back(t->term);
        const auto window = static_cast<unsigned>(main.back()->pos - main.front()->pos + 1);
        n.ranked = boosted_exact(terms, window, true);
        std::vector<Q> parts;
        for (const auto& t : terms) parts.emplace_back(field_prefix() + t);
        n.positional = Q(Q::OP_PHRASE, parts.begin(), parts.end(), window);
        if (highlights()) m_out.phrases.push_back({terms, window, true, highlight_field()});
        if (whole_alias) {
            n.ranked = Q(Q::OP_OR, n.ranked, Q(field_prefix() + whole_alias->term));
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
        if (!t.accent_form.empty() && m_field != FieldKind::Author && m_field != FieldKind::Source) {
            n.ranked = Q(std::string(schema::prefix::accent) + t.accent_form);
            if (m_field == FieldKind::Title) n.ranked = Q(Q::OP_AND, n.ranked, Q(field_prefix() + t.term));
            if (highlights()) m_out.terms.push_back({t.term, {}, t.accent_form, false, highlight_field(), 1.0});
        } else {
            n.ranked = Q(field_prefix() + t.term);
            n.positional = n.ranked;
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
        }
        Node n;
        if (terms.empty()) return n;
        const unsigned slop = slop_plus1 ? slop_plus1 - 1 : 0;
        const auto window = static_cast<unsigned>(last - first + 1 + slop);
        const bool ordered = slop == 0;
        n.ranked = boosted_exact(terms, window, ordered);
        std::vector<Q> qs;
        for (const auto& t : terms) qs.emplace_back(field_prefix() + t);
        n.positional = terms.size() == 1 ? qs[0] : Q(ordered ? Q::OP_PHRASE : Q::OP_NEAR, qs.begin(), qs.end(), window);
        if (highlights()) {
            if (terms.size() == 1) m_out.terms.push_back({terms[0], {}, {}, false, highlight_field(), 1.0});
            else m_out.phrases.push_back({terms, window, ordered, highlight_field()});
        }
        return n;
    }

    Node date_node(const std::string& value, std::size_t pos) {
        Node n;
        n.filter = true;
        auto dots = value.find("..");
        if (dots == std::string::npos) n.ranked = date_range_query(value, value, pos);
        else n.ranked = date_range_query(value.substr(0, dots), value.substr(dots + 2), pos);
        return n;
    }

    const std::string& m_text;
    const Analyzer& m_an;
    const QueryParserOptions& m_opt;
    ParsedQuery& m_out;
    std::vector<Lexeme> m_lx;
    std::size_t m_k = 0;
    int m_negated = 0;
    FieldKind m_field = FieldKind::Text;
};

// "2020" / "2020-03" / "2020-03-15" -> first or last YYYYMMDD of that period.
std::string date_bound(const std::string& s, bool upper, std::size_t pos) {
    int y = 0, m = 0, d = 0;
    char extra = 0;
    const int n = std::sscanf(s.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &extra);
    auto bad = [&]() -> std::string {
        throw QueryError(pos, "impossible date '" + s + "': use YYYY, YYYY-MM or YYYY-MM-DD");
    };
    const bool digits_ok = s.size() == 4 || s.size() == 7 || s.size() == 10;
    if (!digits_ok || n < 1 || n == 4 || !std::isdigit(static_cast<unsigned char>(s[0]))) return bad();
    if (n == 1 && s.size() != 4) return bad();
    if (n == 2 && s.size() != 7) return bad();
    if (n == 1) {
        m = upper ? 12 : 1;
        d = upper ? 31 : 1;
    } else if (n == 2) {
        if (m < 1 || m > 12) return bad();
        d = upper ? days_in_month(y, m) : 1;
    }
    if (!is_valid_date(y, m, d)) return bad();
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d%02d%02d", y, m, d);
    return buf;
}

} // namespace

Xapian::Query date_range_query(const std::string& from, const std::string& to, std::size_t pos) {
    if (from.empty() && to.empty()) throw QueryError(pos, "a date range needs at least one end, e.g. date:..1990");
    std::string lo = from.empty() ? std::string() : date_bound(from, false, pos);
    std::string hi = to.empty() ? std::string() : date_bound(to, true, pos);
    if (!lo.empty() && !hi.empty() && lo > hi)
        throw QueryError(pos, "empty date range: " + from + " is after " + to);
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

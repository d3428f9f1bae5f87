// SPDX-License-Identifier: MIT
// Template compilation (once per run) and expansion (once per hit).
#include "hit_format.hpp"

#include "error.hpp"
#include "render.hpp"
#include "terminal_text.hpp"

#include <fmt/format.h>

namespace lede {
namespace {

enum Placeholder { Id, Rank, Score, Date, Day, Title, Source, Author, Url, Lang, Tags, Duplicates, PassageOne, PassageAll, Body };

// Values go on one line: control characters (tab, newline, ESC, C1 such as U+009B ...) become
// spaces, invalid UTF-8 U+FFFD (terminal_text).
void append_flat(std::string& out, std::string_view value) { out += terminal_text(value, ControlAs::Space); }

// %{body}: paragraphs (text between blank lines) kept apart by a blank line; inside a paragraph,
// line breaks and other control characters become spaces.
void append_paragraphs(std::string& out, std::string_view body) {
    bool first = true;
    for (const auto& [b, e] : paragraphs(body)) {
        if (!first) out += "\n\n";
        first = false;
        append_flat(out, body.substr(b, e - b));
    }
}

} // namespace

const std::vector<std::string_view>& HitFormat::placeholders() {
    static const std::vector<std::string_view> names{"id",     "rank", "score", "date", "day",        "title",
                                                     "source", "author", "url", "lang", "tags", "duplicates",
                                                     "passage", "passages", "body"};
    return names;
}

HitFormat::HitFormat(std::string_view spec) {
    std::string literal;
    auto flush = [&] {
        if (!literal.empty()) m_pieces.push_back(Piece{std::move(literal), -1});
        literal.clear();
    };
    for (std::size_t i = 0; i < spec.size(); ++i) {
        const char c = spec[i];
        const char next = i + 1 < spec.size() ? spec[i + 1] : '\0';
        if (c == '\\') {
            if (next == 'n') literal += '\n';
            else if (next == 't') literal += '\t';
            else if (next == '\\') literal += '\\';
            else {
                literal += '\\';   // not an escape: the backslash stays
                continue;
            }
            ++i;
        } else if (c == '%') {
            if (next == '%') {
                literal += '%';
                ++i;
            } else if (next == 'n') {
                literal += '\n';
                ++i;
            } else if (next == '{') {
                const std::size_t close = spec.find('}', i + 2);
                if (close == std::string_view::npos)
                    throw UsageError("bad --format: '%{' at position " + std::to_string(i + 1) + " has no closing '}'");
                const std::string_view name = spec.substr(i + 2, close - i - 2);
                const auto& names = placeholders();
                std::size_t k = 0;
                while (k < names.size() && names[k] != name) ++k;
                if (k == names.size()) {
                    std::string known;
                    for (auto n : names) known += (known.empty() ? "%{" : " %{") + std::string(n) + "}";
                    throw UsageError("bad --format: unknown placeholder '%{" + std::string(name) + "}' (known: " + known + ")");
                }
                flush();
                m_pieces.push_back(Piece{{}, static_cast<int>(k)});
                if (k == PassageOne || k == PassageAll) m_needs_passages = true;
                i = close;
            } else {
                throw UsageError("bad --format: lone '%' at position " + std::to_string(i + 1) +
                                 " (write %% for a percent sign, %{field} for a field)");
            }
        } else {
            literal += c;
        }
    }
    flush();
}

std::string HitFormat::expand(const api::Hit& h) const {
    const api::Article& a = h.article;
    std::string out;
    for (const auto& p : m_pieces) {
        switch (p.field) {
        case -1: out += p.literal; break;
        case Id: append_flat(out, a.id); break;
        case Rank: out += std::to_string(h.rank); break;
        case Score: out += fmt::format("{:.3f}", h.score); break;
        case Date: append_flat(out, a.date); break;
        case Day: append_flat(out, std::string_view(a.date).substr(0, 10)); break;
        case Title: append_flat(out, a.title); break;
        case Source: append_flat(out, a.source); break;
        case Author: append_flat(out, a.author); break;
        case Url: append_flat(out, a.url); break;
        case Lang: append_flat(out, a.lang); break;
        case Tags:
            for (std::size_t i = 0; i < a.tags.size(); ++i) {
                if (i) out += ',';
                append_flat(out, a.tags[i]);
            }
            break;
        case Duplicates: out += std::to_string(h.duplicates); break;
        case PassageOne:
            if (!h.passages.empty()) append_flat(out, h.passages.front().text);
            break;
        case PassageAll:
            for (std::size_t i = 0; i < h.passages.size(); ++i) {
                if (i) out += " | ";
                append_flat(out, h.passages[i].text);
            }
            break;
        case Body: append_paragraphs(out, a.body); break;
        default: break;
        }
    }
    return out;
}

} // namespace lede

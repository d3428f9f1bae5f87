// SPDX-License-Identifier: MIT
// Terminal rendering (ICU line breaking, East Asian widths, ANSI highlights).
#include "render.hpp"
#include "terminal_text.hpp"

#include "error.hpp"
#include "icu_error.hpp"

#include <fmt/format.h>
#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <memory>
#include <optional>

namespace lede {
namespace {

// SGR sequences. Highlights are bold yellow; inside a bold title they stay bold.
constexpr std::string_view style_bold = "\x1b[1m";
constexpr std::string_view style_dim = "\x1b[2m";
constexpr std::string_view style_reset = "\x1b[0m";

// Column gap between header fields, and the separator in the footer.
constexpr std::string_view gap = "  ";
constexpr std::string_view dot = " \u00b7 ";

// Writes text with optional styles. Control characters in stored text (a stray ESC could
// drive the terminal) are written as spaces by terminal_text; display_width counts them as one
// column too.
class Painter {
public:
    Painter(std::ostream& out, const RenderOptions& opt)
        : m_out(out), m_color(opt.color), m_open(opt.color ? std::string() : opt.mark_open),
          m_close(opt.color ? std::string() : opt.mark_close), m_highlight(opt.palette.match.sgr()),
          m_title(opt.palette.title.sgr()), m_date(opt.palette.date.sgr()), m_source(opt.palette.source.sgr()) {}

    // The styles of LEDE_COLORS' elements.
    std::string_view title_style() const { return m_title; }
    std::string_view date_style() const { return m_date; }
    std::string_view source_style() const { return m_source; }

    bool color() const { return m_color; }
    // Columns a highlight's markers add, per side (wrap_lines counts two of these per span).
    std::size_t marker_width() const { return (display_width(m_open) + display_width(m_close) + 1) / 2; }

    void raw(std::string_view s) { m_out << s; }

    void text(std::string_view s) { m_out << terminal_text(s, ControlAs::Space); }

    void styled(std::string_view s, std::string_view style) {
        if (s.empty()) return;
        if (m_color) m_out << style;
        text(s);
        if (m_color) m_out << style_reset;
    }

    // text[b, e) with the parts inside `spans` highlighted, over a base style (may be empty).
    void marked(std::string_view s, std::size_t b, std::size_t e, const std::vector<Span>& spans,
                std::string_view base = {}) {
        if (m_color && !base.empty()) m_out << base;
        std::size_t i = b;
        for (const auto& [hb, he] : spans) {
            if (he <= i || hb >= e) continue;
            const std::size_t from = std::max(hb, i), to = std::min(he, e);
            text(s.substr(i, from - i));
            if (m_color) m_out << m_highlight;
            else m_out << m_open;
            text(s.substr(from, to - from));
            if (m_color) m_out << style_reset << base;
            else m_out << m_close;
            i = to;
        }
        text(s.substr(i, e - i));
        if (m_color && !base.empty()) m_out << style_reset;
    }

    void newline() { m_out << '\n'; }
    void spaces(std::size_t n) { m_out << std::string(n, ' '); }

private:
    std::ostream& m_out;
    bool m_color;
    std::string m_open, m_close;
    std::string m_highlight, m_title, m_date, m_source;
};

// A UText over UTF-8 (offsets are bytes), closed on scope exit.
struct Utf8Text {
    UText ut = UTEXT_INITIALIZER;
    explicit Utf8Text(std::string_view s) {
        IcuError err("reading text");
        utext_openUTF8(&ut, s.data(), static_cast<int64_t>(s.size()), err);
        err.check();
    }
    ~Utf8Text() { utext_close(&ut); }
    Utf8Text(const Utf8Text&) = delete;
    Utf8Text& operator=(const Utf8Text&) = delete;
};

std::string date_only(const std::string& iso) { return iso.size() >= 10 ? iso.substr(0, 10) : iso; }

std::string with_commas(std::size_t n) {
    std::string digits = std::to_string(n), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

std::size_t digits(std::size_t n) { return std::to_string(n).size(); }

// The longest prefix of `s` (at grapheme boundaries) that fits `width` columns, with "…" when cut.
std::string fit(std::string_view s, std::size_t width) {
    if (display_width(s) <= width) return std::string(s);
    if (width == 0) return {};
    IcuError err("cutting text");
    std::unique_ptr<icu::BreakIterator> it(icu::BreakIterator::createCharacterInstance(icu::Locale::getRoot(), err));
    err.check();
    Utf8Text ut(s);
    it->setText(&ut.ut, err);
    err.check();
    std::size_t end = 0;
    for (int32_t b = it->next(); b != icu::BreakIterator::DONE; b = it->next()) {
        if (display_width(s.substr(0, static_cast<std::size_t>(b))) + 1 > width) break;
        end = static_cast<std::size_t>(b);
    }
    std::string out(s.substr(0, end));
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "\u2026";
}

} // namespace

std::string shorten_name(std::string_view s, std::size_t width) {
    if (display_width(s) <= width) return std::string(s);
    if (width == 0) return {};
    // A leading article says least: "The Midland Courier" -> "Midland Courier".
    static constexpr std::string_view articles[] = {"The ", "A ", "An ", "Le ", "La ", "Les ", "El ", "Los ",
                                                    "Las ", "Der ", "Die ", "Das ", "Il ", "Lo ", "De ", "Het "};
    for (std::string_view a : articles)
        if (s.size() > a.size() + 1 && s.substr(0, a.size()) == a) {
            s.remove_prefix(a.size());
            break;
        }
    if (display_width(s) <= width) return std::string(s);
    // Whole words, then an ellipsis: "Extraordinary Harbour Gazette" -> "Extraordinary…", when at
    // least half the width is kept that way; else cut inside the word.
    std::size_t end = 0;
    for (std::size_t i = s.find(' '); i != std::string_view::npos; i = s.find(' ', i + 1)) {
        if (display_width(s.substr(0, i)) + 1 > width) break;
        end = i;
    }
    while (end > 0 && (s[end - 1] == ' ' || s[end - 1] == ',' || s[end - 1] == '-')) --end;
    if (end > 0 && 2 * display_width(s.substr(0, end)) >= width) return std::string(s.substr(0, end)) + "\u2026";
    return fit(s, width);
}

namespace {

// Column layout shared by the hits on a page.
struct Layout {
    std::size_t width = 80;     // terminal columns
    std::size_t indent = 4;     // passages and footers start here (under the date)
    std::size_t rank_width = 2; // digits
    std::size_t score_width = 0; // passage search: the score column ("12.34"), 0 if none
    bool dates = false;         // some hit has a date: a 10-column date field
    std::size_t source_width = 0; // widest source shown (capped), 0 if no hit has one
};

constexpr std::size_t max_source_width = 18;
constexpr std::size_t min_title_width = 16;
constexpr std::size_t min_hanging_title = 36; // narrower, and a long title wraps under the indent instead

Layout make_layout(const SearchResult& res, const RenderOptions& opt) {
    Layout l;
    l.width = std::max<std::size_t>(opt.width, 30);
    std::size_t max_rank = 0;
    const auto consider = [&](const Hit& h) {
        l.dates = l.dates || !h.article.date.empty();
        l.source_width = std::max(l.source_width, std::min(display_width(h.article.source), max_source_width));
    };
    if (res.passage_search) {
        for (const auto& ph : res.passage_hits) {
            max_rank = std::max(max_rank, ph.rank);
            l.score_width = std::max(l.score_width, fmt::format("{:.2f}", ph.score).size());
            consider(res.hits[ph.hit]);
        }
    } else {
        for (const auto& h : res.hits) {
            max_rank = std::max(max_rank, h.rank);
            consider(h);
        }
    }
    l.rank_width = std::max<std::size_t>(2, digits(max_rank));
    l.indent = l.rank_width + 2;
    // The source column gets what is left after the other fields and room for min_title_width
    // columns of title; a narrow terminal drops it rather than squeeze it under 6 columns.
    const std::size_t fields = l.indent + (l.score_width ? l.score_width + gap.size() : 0) + (l.dates ? 10 + gap.size() : 0);
    const std::size_t room = l.width > fields + gap.size() + min_title_width ? l.width - fields - gap.size() - min_title_width : 0;
    l.source_width = room >= 6 ? std::min(l.source_width, room) : 0;
    return l;
}

// " 3. [score  ]date        source  TITLE (+1 copy)", the title wrapped under itself (or under
// the indent when that leaves it too narrow a column, or on a line of its own when the terminal
// is too narrow for it beside the fields).
void write_header(Painter& p, const Layout& l, std::size_t rank, const double* score, const Hit& h) {
    const Article& a = h.article;
    const std::string rank_text = fmt::format("{:>{}}.", rank, l.rank_width);
    p.styled(rank_text, style_bold);
    p.raw(" ");
    std::size_t col = l.indent;
    if (score) {
        p.styled(fmt::format("{:>{}.2f}", *score, l.score_width), style_bold);
        p.raw(gap);
        col += l.score_width + gap.size();
    }
    if (l.dates) {
        const std::string d = date_only(a.date);
        p.styled(d, p.date_style());
        p.spaces(10 - std::min<std::size_t>(10, display_width(d)) + gap.size());
        col += 10 + gap.size();
    }
    if (l.source_width > 0) {
        const std::string src = shorten_name(a.source, l.source_width);
        p.styled(src, p.source_style());
        p.spaces(l.source_width - display_width(src) + gap.size());
        col += l.source_width + gap.size();
    }
    if (l.width < col + min_title_width) { // too narrow: the title goes under the fields
        p.newline();
        p.spaces(l.indent);
        col = l.indent;
    }
    std::string_view title = a.title.empty() ? std::string_view("(untitled)") : std::string_view(a.title);
    const std::vector<Span> no_spans;
    const std::vector<Span>& spans = a.title.empty() ? no_spans : h.title_highlights;
    const std::size_t cont = l.width >= col + min_hanging_title ? col : l.indent;
    const std::size_t marker = p.marker_width();
    // The first line has the room after the fields; the others, from the continuation column.
    std::vector<Span> lines = wrap_lines(title, l.width > col ? l.width - col : 10, spans, marker);
    if (lines.size() > 1 && cont != col) {
        // Re-wrap what follows the first line to the continuation column's width.
        const Span first = lines.front();
        std::vector<Span> shifted;
        for (const auto& [b, e] : spans)
            if (e > first.second) shifted.emplace_back(std::max(b, first.second) - first.second, e - first.second);
        const std::vector<Span> rest = wrap_lines(title.substr(first.second), l.width - cont, shifted, marker);
        lines.assign(1, first);
        for (const auto& [b, e] : rest) lines.emplace_back(b + first.second, e + first.second);
    }
    std::string dup;
    if (h.duplicates > 0) dup = fmt::format("(+{} {})", h.duplicates, h.duplicates == 1 ? "copy" : "copies");
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (i > 0) {
            p.newline();
            p.spaces(cont);
        }
        p.marked(title, lines[i].first, lines[i].second, spans, p.title_style());
    }
    if (!dup.empty()) {
        const std::size_t used = (lines.size() == 1 ? col : cont) +
                                 display_width(title.substr(lines.back().first, lines.back().second - lines.back().first));
        if (used + gap.size() + dup.size() > l.width) {
            p.newline();
            p.spaces(cont);
        } else {
            p.raw(gap);
        }
        p.styled(dup, style_dim);
    }
    p.newline();
}

// A passage wrapped under the indent. `skipped`: text was left out since the previous passage,
// which an ellipsis shows when the passage does not begin with one already.
// An article's lead (the query has no words the body could match) is dimmed, so that it never
// reads as a passage that matched.
void write_passage(Painter& p, const Layout& l, const Passage& passage, bool skipped) {
    const std::size_t marker = p.marker_width();
    std::string text = passage.text;
    std::vector<Span> spans = passage.highlights;
    if (skipped && text.rfind("\u2026", 0) != 0) {
        const std::string_view ellipsis = "\u2026 ";
        text.insert(0, ellipsis);
        for (auto& [b, e] : spans) b += ellipsis.size(), e += ellipsis.size();
    }
    for (const auto& [b, e] : wrap_lines(text, l.width - l.indent, spans, marker)) {
        p.spaces(l.indent);
        p.marked(text, b, e, spans, passage.lead ? style_dim : std::string_view());
        p.newline();
    }
}

// "id · author · url", dim; the URL goes on a line of its own when they do not fit together,
// and is not repeated when it is the id (a feed item whose link is its guid).
void write_footer(Painter& p, const Layout& l, const Article& a, const std::string& extra = {}) {
    const std::string_view url = a.url == a.id ? std::string_view() : std::string_view(a.url);
    std::string line = a.id;
    if (!a.author.empty()) {
        // The author shortened (at a word) when the line would not fit beside the id.
        const std::size_t used = l.indent + display_width(a.id) + display_width(dot) +
                                 (extra.empty() ? 0 : display_width(dot) + display_width(extra));
        const std::size_t room = l.width > used ? l.width - used : 0;
        line += std::string(dot) + (room >= 8 ? shorten_name(a.author, room) : a.author);
    }
    if (!extra.empty()) line += std::string(dot) + extra;
    const bool url_apart = !url.empty() && l.indent + display_width(line) + dot.size() - 1 + display_width(url) > l.width;
    if (!url.empty() && !url_apart) line += std::string(dot) + std::string(url);
    p.spaces(l.indent);
    p.styled(line, style_dim);
    p.newline();
    if (url_apart) {
        p.spaces(l.indent);
        p.styled(url, style_dim);
        p.newline();
    }
}

// A count that says what it is: "122" when exact, "about 170" when Xapian estimated it.
std::string count_text(const SearchResult& res) {
    if (res.matches_lower_bound == res.matches_upper_bound) return with_commas(res.matches_estimated);
    return "about " + with_commas(res.matches_estimated);
}

// "122 results", "about 4,000 results", "1 result".
std::string results_text(const SearchResult& res) {
    const bool one = res.matches_estimated == 1 && res.matches_lower_bound == res.matches_upper_bound;
    return count_text(res) + (one ? " result" : " results");
}

void write_summary(Painter& p, const SearchResult& res, const RenderOptions& opt) {
    if (!res.suggestion.empty()) {
        p.text("Did you mean: ");
        p.styled(res.suggestion, style_bold);
        p.text("?");
        p.newline();
    }
    std::string line;
    std::size_t shown = 0, total = 0;
    if (res.passage_search) {
        shown = res.passage_hits.size();
        total = res.passages_found;
        if (shown == 0)
            line = res.passages_found == 0 && res.articles_ranked > 0
                       ? fmt::format("No passage matches in the best {} articles", with_commas(res.articles_ranked))
                       : fmt::format("No more passages (there are {})", with_commas(res.passages_found));
        else
            line = fmt::format("Passages {}\u2013{} of {} from the best {} of {} matching article{}", res.offset + 1,
                               res.offset + shown, with_commas(total), with_commas(res.articles_ranked), count_text(res),
                               res.matches_estimated == 1 ? "" : "s");
    } else {
        shown = res.hits.size();
        total = res.matches_estimated;
        if (shown == 0 && res.matches_estimated == 0)
            line = opt.query.empty() ? std::string("No results") : "No results for '" + opt.query + "'";
        else if (shown == 0 && res.offset == 0)
            line = fmt::format("{}, none shown", results_text(res));
        else if (shown == 0)
            line = fmt::format("No more results ({} in all)", results_text(res));
        else if (shown == 1)
            line = fmt::format("{} of {}", res.offset + 1, results_text(res));
        else
            line = fmt::format("{}\u2013{} of {}", res.offset + 1, res.offset + shown, results_text(res));
    }
    // Wrapped at spaces only, and never inside "in 0.012 s" or "--offset 10" (glue holds those
    // together): the hint must stay a flag that can be copied.
    constexpr char glue = '\x01';
    if (res.relaxed && shown > 0) line += " with most of the words";
    if (opt.timing) line += fmt::format(" in{}{:.3f}{}s", glue, res.seconds, glue);
    if (shown > 0 && res.offset + shown < total) line += fmt::format(". Next{0}page:{0}--offset{0}{1}", glue, res.offset + shown);
    std::vector<std::string> lines{""};
    for (std::size_t i = 0; i < line.size();) {
        const std::size_t j = std::min(line.find(' ', i), line.size());
        std::string word = line.substr(i, j - i);
        std::replace(word.begin(), word.end(), glue, ' ');
        if (!lines.back().empty() && display_width(lines.back()) + 1 + display_width(word) > opt.width) lines.emplace_back();
        if (!lines.back().empty()) lines.back() += ' ';
        lines.back() += word;
        i = j + 1;
    }
    for (const auto& l : lines) {
        p.styled(l, style_dim);
        p.newline();
    }
}

icu::BreakIterator& line_breaker() {
    thread_local std::unique_ptr<icu::BreakIterator> it;
    if (!it) {
        IcuError err("creating the line break iterator");
        it.reset(icu::BreakIterator::createLineInstance(icu::Locale::getRoot(), err));
        err.check();
    }
    return *it;
}

} // namespace

std::size_t display_width(std::string_view text) {
    std::size_t w = 0;
    int32_t i = 0;
    const auto n = static_cast<int32_t>(text.size());
    while (i < n) {
        UChar32 c;
        U8_NEXT(text.data(), i, n, c);
        if (c < 0) {
            ++w;
            continue;
        }
        if (c < 0x20 || (c >= 0x7f && c < 0xa0)) { // written as a space
            ++w;
            continue;
        }
        const auto type = u_charType(c);
        if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK || type == U_FORMAT_CHAR) continue;
        if (c >= 0x1160 && c <= 0x11FF) continue; // Hangul medial vowels and final consonants join the syllable
        const auto ea = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
        w += (ea == U_EA_WIDE || ea == U_EA_FULLWIDTH) ? 2 : 1;
    }
    return w;
}

std::vector<Span> wrap_lines(std::string_view text, std::size_t width, const std::vector<Span>& highlights,
                             std::size_t marker_width) {
    width = std::max<std::size_t>(width, 1);
    auto trimmed = [&](std::size_t b, std::size_t e) {
        while (e > b && text[e - 1] == ' ') --e;
        return e;
    };
    // Columns of text[b, e) as written: the text plus a pair of markers per highlight shown in it.
    auto columns = [&](std::size_t b, std::size_t e) {
        std::size_t w = display_width(text.substr(b, e - b));
        if (marker_width > 0)
            for (const auto& [hb, he] : highlights)
                if (hb < e && he > b) w += 2 * marker_width;
        return w;
    };
    // Break opportunities (ICU line breaking: spaces, after hyphens, between ideographs...).
    std::vector<std::size_t> breaks;
    {
        icu::BreakIterator& it = line_breaker();
        IcuError err("wrapping text");
        Utf8Text ut(text);
        it.setText(&ut.ut, err);
        err.check();
        for (int32_t b = it.next(); b != icu::BreakIterator::DONE; b = it.next()) breaks.push_back(static_cast<std::size_t>(b));
    }
    // Grapheme boundaries, only needed for pieces wider than a line.
    std::unique_ptr<icu::BreakIterator> chars;
    std::optional<Utf8Text> chars_text;
    auto next_grapheme = [&](std::size_t i) -> std::size_t {
        if (i >= text.size()) return text.size() + 1;
        if (!chars) {
            IcuError err("wrapping text");
            chars.reset(icu::BreakIterator::createCharacterInstance(icu::Locale::getRoot(), err));
            err.check();
            chars_text.emplace(text);
            chars->setText(&chars_text->ut, err);
            err.check();
        }
        const int32_t n = chars->following(static_cast<int32_t>(i));
        return n == icu::BreakIterator::DONE ? text.size() : static_cast<std::size_t>(n);
    };
    std::vector<Span> lines;
    std::size_t start = 0;
    while (start < text.size() && text[start] == ' ') ++start;
    std::size_t end = start; // the current line is [start, end)
    std::size_t piece_begin = start;
    for (std::size_t brk : breaks) {
        if (brk <= piece_begin) continue;
        const std::size_t piece_end = brk;
        if (columns(start, trimmed(start, piece_end)) <= width) {
            end = piece_end;
            piece_begin = piece_end;
            continue;
        }
        if (end > start) { // the piece starts a new line
            lines.emplace_back(start, trimmed(start, end));
            start = piece_begin;
            while (start < piece_end && text[start] == ' ') ++start;
        }
        // A piece wider than a whole line: cut it at grapheme boundaries.
        while (columns(start, trimmed(start, piece_end)) > width) {
            std::size_t cut = next_grapheme(start); // at least one, even if wider than the line
            for (std::size_t n = next_grapheme(cut); n <= piece_end && columns(start, n) <= width; n = next_grapheme(n))
                cut = n;
            lines.emplace_back(start, cut);
            start = cut;
        }
        end = piece_end;
        piece_begin = piece_end;
    }
    if (trimmed(start, end) > start || lines.empty()) lines.emplace_back(start, trimmed(start, end));
    return lines;
}

std::pair<std::string, std::string> parse_markers(std::string_view spec) {
    std::string open(spec), close(spec);
    if (const auto comma = spec.find(','); comma != std::string_view::npos && spec.size() > 1) {
        open = std::string(spec.substr(0, comma));
        close = std::string(spec.substr(comma + 1));
    }
    if (open.empty() && close.empty()) throw UsageError("--markers: give the marker text, e.g. '**' or '[,]'");
    for (const std::string* m : {&open, &close})
        for (unsigned char c : *m)
            if (c < 0x20 || c == 0x7f) throw UsageError("--markers: control characters are not allowed");
    return {open, close};
}

std::vector<Span> paragraphs(std::string_view body) {
    std::vector<Span> out;
    std::size_t i = 0;
    const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (i < body.size()) {
        while (i < body.size() && blank(body[i])) ++i;
        if (i >= body.size()) break;
        std::size_t j = i, end = i;
        while (j < body.size()) {
            if (body[j] == '\n') {
                std::size_t k = j + 1;
                while (k < body.size() && (body[k] == ' ' || body[k] == '\t' || body[k] == '\r')) ++k;
                if (k >= body.size() || body[k] == '\n') break; // a blank line ends the paragraph
            }
            if (!blank(body[j])) end = j + 1;
            ++j;
        }
        out.emplace_back(i, end);
        i = j;
    }
    return out;
}

namespace {

// The spans inside [b, e), moved to start at b.
std::vector<Span> spans_within(const std::vector<Span>& spans, std::size_t b, std::size_t e) {
    std::vector<Span> out;
    for (const auto& [sb, se] : spans)
        if (se > b && sb < e) out.emplace_back(std::max(sb, b) - b, std::min(se, e) - b);
    return out;
}

// Text wrapped to `width` columns after `indent` spaces, highlighted (line breaks as spaces).
void write_wrapped(Painter& p, std::string text, const std::vector<Span>& spans, std::size_t indent,
                   std::size_t width, std::string_view base = {}) {
    for (char& c : text)
        if (c == '\n' || c == '\r' || c == '\t') c = ' '; // same length: the spans stay valid
    const std::size_t room = width > indent + 10 ? width - indent : 10;
    for (const auto& [b, e] : wrap_lines(text, room, spans, p.marker_width())) {
        p.spaces(indent);
        p.marked(text, b, e, spans, base);
        p.newline();
    }
}

} // namespace

void render_article(std::ostream& out, const api::ArticleView& view, const RenderOptions& opt) {
    Painter p(out, opt);
    const api::Article& a = view.article;
    // Long lines are hard to read: the body wraps at 100 columns on a wide terminal.
    const std::size_t width = std::min<std::size_t>(std::max<std::size_t>(opt.width, 30), 100);
    if (a.title.empty()) p.styled("(untitled)", p.title_style()), p.newline();
    else write_wrapped(p, a.title, view.title_highlights, 0, width, p.title_style());
    constexpr std::size_t label_width = 10;
    const auto field = [&](std::string_view label, const std::string& value) {
        if (value.empty()) return;
        p.styled(std::string(label), style_dim);
        p.spaces(label_width - label.size());
        p.text(value);
        p.newline();
    };
    field("Date", a.date);
    field("Source", a.source);
    field("Author", a.author);
    field("URL", a.url);
    field("ID", a.id);
    field("Language", a.lang);
    std::string tags;
    for (const auto& t : a.tags) tags += (tags.empty() ? "" : ", ") + t;
    field("Tags", tags);
    p.newline();
    for (const auto& [b, e] : paragraphs(a.body)) {
        write_wrapped(p, a.body.substr(b, e - b), spans_within(view.body_highlights, b, e), 0, width);
        p.newline();
    }
    if (!view.copies.empty()) {
        p.styled(fmt::format("{} {} of this article:", view.copies.size(), view.copies.size() == 1 ? "copy" : "copies"),
                 style_bold);
        p.newline();
        std::size_t id_width = 0;
        for (const auto& c : view.copies) id_width = std::max(id_width, display_width(c.id));
        for (const auto& c : view.copies) {
            p.spaces(2);
            p.text(c.id);
            p.spaces(id_width - display_width(c.id) + gap.size());
            const std::string d = c.date.empty() ? std::string("undated") : date_only(c.date);
            p.styled(d, p.date_style());
            p.spaces(10 - std::min<std::size_t>(10, display_width(d)) + gap.size());
            p.text(c.source.empty() ? std::string("(no source)") : shorten_name(c.source, width > 40 ? width - 30 : 10));
            p.newline();
        }
    }
}

void render_terminal(std::ostream& out, const SearchResult& res, const RenderOptions& opt) {
    Painter p(out, opt);
    const Layout l = make_layout(res, opt);
    if (res.relaxed) { // AND found nothing: say so before the first hit (docs/query-language.md, "Words")
        p.styled(relaxed_notice, style_bold);
        p.newline();
        p.newline();
    }
    if (res.passage_search) {
        for (const auto& ph : res.passage_hits) {
            const Hit& h = res.hits[ph.hit];
            write_header(p, l, ph.rank, &ph.score, h);
            write_passage(p, l, ph.passage, false);
            write_footer(p, l, h.article, fmt::format("article {}", h.rank));
            p.newline();
        }
    } else {
        for (const auto& h : res.hits) {
            write_header(p, l, h.rank, nullptr, h);
            for (std::size_t i = 0; i < h.passages.size(); ++i)
                write_passage(p, l, h.passages[i], i > 0 && h.passages[i].begin > h.passages[i - 1].end + 1);
            write_footer(p, l, h.article);
            p.newline();
        }
    }
    write_summary(p, res, opt);
}

} // namespace lede

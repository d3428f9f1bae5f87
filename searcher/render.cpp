// SPDX-License-Identifier: MIT
// Terminal rendering (ICU line breaking, East Asian widths, ANSI highlights).
#include "render.hpp"

#include "icu_error.hpp"

#include <fmt/format.h>
#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <algorithm>

namespace lede {
namespace {

constexpr const char* hl_on = "\x1b[1;33m";
constexpr const char* hl_off = "\x1b[0m";
constexpr const char* bold = "\x1b[1m";
constexpr const char* dim = "\x1b[2m";
constexpr const char* reset = "\x1b[0m";
constexpr const char* plain_on = "**";
constexpr const char* plain_off = "**";

// Write text[b, e) with highlight spans marked.
void write_marked(std::ostream& out, std::string_view text, std::size_t b, std::size_t e,
                  const std::vector<Span>& spans, bool color, const char* base_style = nullptr) {
    std::size_t i = b;
    for (const auto& [hb, he] : spans) {
        if (he <= b || hb >= e) continue;
        const std::size_t s = std::max(hb, b), f = std::min(he, e);
        out << text.substr(i, s - i);
        out << (color ? hl_on : plain_on) << text.substr(s, f - s) << (color ? hl_off : plain_off);
        if (color && base_style) out << base_style;
        i = f;
    }
    out << text.substr(i, e - i);
}

std::string date_only(const std::string& iso) { return iso.size() >= 10 ? iso.substr(0, 10) : iso; }

} // namespace

std::size_t display_width(std::string_view text) {
    std::size_t w = 0;
    int32_t i = 0;
    const auto n = static_cast<int32_t>(text.size());
    while (i < n) {
        UChar32 c;
        U8_NEXT(text.data(), i, n, c);
        if (c < 0) { ++w; continue; }
        const auto type = u_charType(c);
        if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK || type == U_FORMAT_CHAR) continue;
        const auto ea = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
        w += (ea == U_EA_WIDE || ea == U_EA_FULLWIDTH) ? 2 : 1;
    }
    return w;
}

std::vector<std::size_t> wrap_points(std::string_view text, std::size_t width) {
    std::vector<std::size_t> starts{0};
    if (width < 10) width = 10;
    if (display_width(text) <= width) return starts;
    IcuError err("wrapping text");
    std::unique_ptr<icu::BreakIterator> it(icu::BreakIterator::createLineInstance(icu::Locale::getRoot(), err));
    err.check();
    UText ut = UTEXT_INITIALIZER;
    utext_openUTF8(&ut, text.data(), static_cast<int64_t>(text.size()), err);
    it->setText(&ut, err);
    err.check();
    std::size_t line_start = 0, last_break = 0;
    for (int32_t b = it->next(); b != icu::BreakIterator::DONE; b = it->next()) {
        const auto pos = static_cast<std::size_t>(b);
        std::string_view candidate = text.substr(line_start, pos - line_start);
        while (!candidate.empty() && candidate.back() == ' ') candidate.remove_suffix(1);
        if (display_width(candidate) > width && last_break > line_start) {
            starts.push_back(last_break);
            line_start = last_break;
        }
        last_break = pos;
    }
    utext_close(&ut);
    return starts;
}

void render_terminal(std::ostream& out, const SearchResult& res, const RenderOptions& opt) {
    const std::size_t indent = 5;
    const std::size_t text_width = opt.width > indent + 20 ? opt.width - indent : 60;
    for (const auto& h : res.hits) {
        const Article& a = h.article;
        // Header: rank, date, source, title.
        out << (opt.color ? bold : "") << fmt::format("{:>3}. ", h.rank) << (opt.color ? reset : "");
        std::string meta = date_only(a.date);
        if (!a.source.empty()) meta += (meta.empty() ? "" : "  ") + a.source;
        out << (opt.color ? dim : "") << meta << (opt.color ? reset : "") << (meta.empty() ? "" : "  ");
        out << (opt.color ? bold : "");
        write_marked(out, a.title.empty() ? std::string_view("(untitled)") : std::string_view(a.title), 0,
                     a.title.empty() ? 10 : a.title.size(), h.title_highlights, opt.color, opt.color ? bold : nullptr);
        out << (opt.color ? reset : "");
        if (h.duplicates > 0)
            out << (opt.color ? dim : "") << fmt::format("  (+{} {})", h.duplicates, h.duplicates == 1 ? "copy" : "copies")
                << (opt.color ? reset : "");
        out << '\n';
        for (const auto& p : h.passages) {
            auto starts = wrap_points(p.text, text_width);
            for (std::size_t l = 0; l < starts.size(); ++l) {
                std::size_t b = starts[l];
                std::size_t e = l + 1 < starts.size() ? starts[l + 1] : p.text.size();
                while (e > b && p.text[e - 1] == ' ') --e;
                while (b < e && p.text[b] == ' ') ++b;
                out << std::string(indent, ' ');
                write_marked(out, p.text, b, e, p.highlights, opt.color);
                out << '\n';
            }
        }
        std::string foot = a.author;
        if (!a.url.empty()) foot += (foot.empty() ? "" : "  ") + a.url;
        if (foot.empty()) foot = "id " + a.id;
        else foot += "  [" + a.id + "]";
        out << std::string(indent, ' ') << (opt.color ? dim : "") << foot << (opt.color ? reset : "") << "\n\n";
    }
    // Summary: honest counts, time, next page.
    std::string count;
    if (res.matches_lower_bound == res.matches_upper_bound)
        count = fmt::format("{} result{}", res.matches_estimated, res.matches_estimated == 1 ? "" : "s");
    else
        count = fmt::format("about {} results (between {} and {})", res.matches_estimated, res.matches_lower_bound,
                            res.matches_upper_bound);
    std::string line = res.hits.empty() ? fmt::format("No results for {}", opt.query.empty() ? "the query" : "'" + opt.query + "'")
                                        : fmt::format("Showing {}-{} of {}", res.offset + 1, res.offset + res.hits.size(), count);
    line += fmt::format(" ({:.3f} s)", res.seconds);
    const std::size_t shown_to = res.offset + res.hits.size();
    if (!res.hits.empty() && shown_to < res.matches_estimated)
        line += fmt::format(". Next page: --offset {}", shown_to);
    out << (opt.color ? dim : "") << line << (opt.color ? reset : "") << '\n';
}

} // namespace lede

// SPDX-License-Identifier: MIT
// lede-search -i: a full-screen terminal UI with ncursesw. A query line searched as you type
// (debounced), the result list, a preview of the selected hit's passages, the article view of
// --show (render_article's own output, its SGR styles turned into curses attributes), filters on
// keys. Every piece of text from data goes through terminal_text before it reaches the screen.
#include "interactive.hpp"

#include "bridge.hpp"
#include "error.hpp"
#include "render.hpp"
#include "terminal_text.hpp"

#include <fmt/format.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <chrono>
#include <clocale>
#include <cstring>
#include <functional>
#include <iostream>
#include <langinfo.h>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

// Last: curses defines macros (OK, ERR, TRUE...). NCURSES_NOMACROS keeps timeout(), erase(),
// move()... functions, not macros that would rewrite C++ names.
#define NCURSES_WIDECHAR 1
#define NCURSES_NOMACROS 1
#include <curses.h>

namespace lede {

const char* const interactive_help = R"(

Interactive mode (lede-search -i [QUERY]), on a terminal (stdin and stdout), 80x24 or larger:
  The query line is searched as you type (200 ms after the last key); the list shows the hits
  (rank, date, source, title), the pane below the selected hit's passages, query words
  highlighted. --db, --since/--until, --sort, --literal, --all, --no-collapse, --recency, the
  passage and ranking options apply; -n hits are fetched at a time (at least a screenful).
  In the query line, Up/Down or Ctrl-P/N move, PgUp/PgDn page (more hits are fetched), Enter
  reads the article, and Tab gives the list's single-key commands (Tab, / or i: back to the
  query line): j/k move, g/G first/last, space/b page, s sort (relevance, newest, oldest),
  d dates (since, until), f filter by source (the query's sources with counts), F no source
  filter, y print the id and u the url on exit (stdout, one per line), ? help, q quit.
  F1 help, F2 sort, F3 dates, F4 source filter and Esc (quit) also work in the query line, and ?
  there when the query is empty. The article view: Up/Down, PgUp/PgDn, space/b, g/G, y, u;
  q, Esc or Left: back. Exit status 0 (130 after Ctrl-C); 2 when stdin or stdout is not a
  terminal.)";

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto debounce = std::chrono::milliseconds(200);

// ---------------------------------------------------------------------------------------------
// Text: runs of one attribute, sanitized and clipped to columns when drawn.

struct Run {
    std::string text;
    attr_t attr = A_NORMAL;
};
using Line = std::vector<Run>;

std::string utf8(std::u32string_view s) {
    std::string out;
    for (char32_t c : s) {
        if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) c = 0xFFFD;
        char buf[4];
        int32_t n = 0;
        U8_APPEND_UNSAFE(buf, n, static_cast<UChar32>(c));
        out.append(buf, static_cast<std::size_t>(n));
    }
    return out;
}

// The longest prefix of sanitized `s` that fits `cols` columns: its byte length; `used` gets
// its columns.
std::size_t clip_bytes(std::string_view s, std::size_t cols, std::size_t& used) {
    used = 0;
    int32_t i = 0;
    const auto n = static_cast<int32_t>(s.size());
    while (i < n) {
        const int32_t start = i;
        UChar32 c;
        U8_NEXT(s.data(), i, n, c);
        const std::size_t w = display_width(s.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(i - start)));
        if (used + w > cols) return static_cast<std::size_t>(start);
        used += w;
    }
    return s.size();
}

// `s` cut to `cols` columns, with "…" when cut.
std::string fit(std::string_view s, std::size_t cols) {
    std::size_t used = 0;
    if (display_width(s) <= cols) return std::string(s);
    if (cols == 0) return {};
    const std::size_t b = clip_bytes(s, cols - 1, used);
    return std::string(s.substr(0, b)) + "\u2026";
}

// Draw `line` at (y, x), at most `cols` columns; returns the columns used.
int put(int y, int x, const Line& line, int cols, attr_t extra = A_NORMAL) {
    int used = 0;
    for (const Run& r : line) {
        if (used >= cols) break;
        const std::string t = terminal_text(r.text, ControlAs::Space);
        std::size_t w = 0;
        const std::size_t bytes = clip_bytes(t, static_cast<std::size_t>(cols - used), w);
        if (bytes == 0) continue;
        attrset(r.attr | extra);
        mvaddnstr(y, x + used, t.data(), static_cast<int>(bytes));
        used += static_cast<int>(w);
    }
    attrset(A_NORMAL);
    return used;
}

int put(int y, int x, std::string_view text, int cols, attr_t attr = A_NORMAL) {
    return put(y, x, Line{Run{std::string(text), attr}}, cols);
}

// Fill the rest of row y from column x with spaces in `attr`.
void fill(int y, int x, attr_t attr) {
    if (x >= COLS) return;
    attrset(attr);
    mvhline(y, x, ' ', COLS - x);
    attrset(A_NORMAL);
}

struct Styles {
    attr_t highlight = A_BOLD | A_UNDERLINE; // query words (bold yellow with colours, as the CLI)
    attr_t bold = A_BOLD;
    attr_t dim = A_DIM;
};

// text[b, e) as runs, the parts inside `spans` highlighted.
Line marked(std::string_view text, std::size_t b, std::size_t e, const std::vector<Span>& spans, attr_t base,
            const Styles& st) {
    Line out;
    std::size_t i = b;
    for (const auto& [hb, he] : spans) {
        if (he <= i || hb >= e) continue;
        const std::size_t from = std::max(hb, i), to = std::min(he, e);
        if (from > i) out.push_back({std::string(text.substr(i, from - i)), base});
        out.push_back({std::string(text.substr(from, to - from)), st.highlight | (base & A_BOLD)});
        i = to;
    }
    if (e > i) out.push_back({std::string(text.substr(i, e - i)), base});
    return out;
}

// Wrapped lines of `text` (line breaks and tabs as spaces) with its highlights.
std::vector<Line> wrapped(std::string text, const std::vector<Span>& spans, std::size_t width, attr_t base,
                          const Styles& st) {
    for (char& c : text)
        if (c == '\n' || c == '\r' || c == '\t') c = ' '; // same length: the spans stay valid
    std::vector<Line> out;
    for (const auto& [b, e] : wrap_lines(text, width, spans)) out.push_back(marked(text, b, e, spans, base, st));
    return out;
}

// render_article's output (SGR styles: 0 reset, 1 bold, 2 dim, 1;33 highlight) as lines of runs.
// Its text is terminal_text'd already, so every ESC in it is one of the renderer's own styles.
std::vector<Line> from_sgr(const std::string& rendered, const Styles& st) {
    std::vector<Line> lines(1);
    attr_t attr = A_NORMAL;
    std::string text;
    const auto flush = [&] {
        if (!text.empty()) lines.back().push_back({text, attr});
        text.clear();
    };
    for (std::size_t i = 0; i < rendered.size(); ++i) {
        const char c = rendered[i];
        if (c == '\n') {
            flush();
            lines.emplace_back();
        } else if (c == '\x1b' && i + 1 < rendered.size() && rendered[i + 1] == '[') {
            flush();
            std::size_t j = i + 2;
            std::string params;
            while (j < rendered.size() && rendered[j] != 'm' && params.size() < 16) params += rendered[j++];
            i = j;
            std::istringstream ps(params);
            std::string p;
            while (std::getline(ps, p, ';')) {
                if (p.empty() || p == "0") attr = A_NORMAL;
                else if (p == "1") attr |= st.bold;
                else if (p == "2") attr |= st.dim;
                else if (p == "33") attr = (attr & ~st.bold) | st.highlight;
            }
        } else {
            text += c;
        }
    }
    flush();
    while (!lines.empty() && lines.back().empty()) lines.pop_back();
    return lines;
}

std::string with_commas(std::uint64_t n) {
    std::string digits = std::to_string(n), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

std::string date_only(const std::string& iso) { return iso.size() >= 10 ? iso.substr(0, 10) : iso; }

// ---------------------------------------------------------------------------------------------
// Keys and a one-line editor.

struct Key {
    bool code = false; // a curses KEY_* code (else a character)
    wint_t ch = 0;
    bool is(wint_t c) const { return !code && ch == c; }
    bool is_code(int c) const { return code && ch == static_cast<wint_t>(c); }
    bool printable() const { return !code && ch >= 0x20 && ch != 0x7f && !(ch >= 0x80 && ch < 0xa0); }
};

constexpr wint_t ctrl(char c) { return static_cast<wint_t>(c & 0x1f); }

bool is_enter(const Key& k) { return k.is('\r') || k.is('\n') || k.is_code(KEY_ENTER); }
bool is_escape(const Key& k) { return k.is(27); }

// The terminal's input ended (no key can come any more).
struct InputClosed {};

// Waits `timeout_ms` (-1: for ever) for a key; nothing on timeout. Throws InputClosed when a
// wait for ever fails (end of input), rather than spin.
std::optional<Key> read_key(int timeout_ms) {
    timeout(timeout_ms);
    wint_t ch = 0;
    const int rc = get_wch(&ch);
    if (rc == ERR) {
        if (timeout_ms < 0) throw InputClosed{};
        return std::nullopt;
    }
    return Key{rc == KEY_CODE_YES, ch};
}

struct LineEdit {
    std::u32string text;
    std::size_t cursor = 0;

    enum class Result { Unhandled, Moved, Changed };

    void set(std::u32string_view s) {
        text = s;
        cursor = text.size();
    }

    Result handle(const Key& k) {
        if (k.printable()) {
            text.insert(cursor++, 1, static_cast<char32_t>(k.ch));
            return Result::Changed;
        }
        if (k.is_code(KEY_BACKSPACE) || k.is(0x7f) || k.is(ctrl('H'))) {
            if (cursor == 0) return Result::Moved;
            text.erase(--cursor, 1);
            return Result::Changed;
        }
        if (k.is_code(KEY_DC) || k.is(ctrl('D'))) {
            if (cursor >= text.size()) return Result::Moved;
            text.erase(cursor, 1);
            return Result::Changed;
        }
        if (k.is(ctrl('U'))) {
            if (cursor == 0) return Result::Moved;
            text.erase(0, cursor);
            cursor = 0;
            return Result::Changed;
        }
        if (k.is(ctrl('K'))) {
            if (cursor >= text.size()) return Result::Moved;
            text.erase(cursor);
            return Result::Changed;
        }
        if (k.is(ctrl('W'))) {
            std::size_t b = cursor;
            while (b > 0 && text[b - 1] == U' ') --b;
            while (b > 0 && text[b - 1] != U' ') --b;
            if (b == cursor) return Result::Moved;
            text.erase(b, cursor - b);
            cursor = b;
            return Result::Changed;
        }
        if (k.is_code(KEY_LEFT) || k.is(ctrl('B'))) cursor = cursor > 0 ? cursor - 1 : 0;
        else if (k.is_code(KEY_RIGHT) || k.is(ctrl('F'))) cursor = std::min(cursor + 1, text.size());
        else if (k.is_code(KEY_HOME) || k.is(ctrl('A'))) cursor = 0;
        else if (k.is_code(KEY_END) || k.is(ctrl('E'))) cursor = text.size();
        else return Result::Unhandled;
        return Result::Moved;
    }

    // Draw at (y, x) in `cols` columns, scrolled so that the cursor shows; returns the cursor's column.
    int draw(int y, int x, int cols) const {
        const auto width_of = [&](std::size_t b, std::size_t e) {
            return static_cast<int>(display_width(terminal_text(utf8(std::u32string_view(text).substr(b, e - b)), ControlAs::Space)));
        };
        std::size_t start = 0;
        while (start < cursor && width_of(start, cursor) > cols - 1) ++start;
        const std::string shown = utf8(std::u32string_view(text).substr(start));
        put(y, x, shown, cols);
        return x + width_of(start, cursor);
    }
};

// ---------------------------------------------------------------------------------------------

class Ui {
public:
    Ui(api::Searcher& searcher, const SearchOptions& options, bool color)
        : m_searcher(searcher), m_base(options.request), m_sort(options.request.sort) {
        m_query.set(decode(options.request.query));
        if (color) m_st.highlight = COLOR_PAIR(1) | A_BOLD;
    }

    int run() {
        if (has_search()) search_now();
        for (;;) {
            draw_main();
            int wait = -1;
            if (m_pending) {
                const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(m_last_edit + debounce - Clock::now());
                if (left.count() <= 0) {
                    search_now();
                    continue;
                }
                wait = static_cast<int>(left.count());
            }
            const std::optional<Key> k = read_key(wait);
            if (!k) continue;
            m_message.clear();
            if (!main_key(*k)) break;
        }
        return m_exit;
    }

    const std::vector<std::string>& to_print() const { return m_print; }

private:
    enum class Focus { Query, List };

    struct Geometry {
        int list_top = 2, list_rows = 1, sep_row = -1, preview_top = 0, preview_rows = 0;
    };

    static std::u32string decode(std::string_view s) {
        std::u32string out;
        int32_t i = 0;
        const auto n = static_cast<int32_t>(s.size());
        while (i < n) {
            UChar32 c;
            U8_NEXT(s.data(), i, n, c);
            out += static_cast<char32_t>(c < 0 ? 0xFFFD : c);
        }
        return out;
    }

    static Geometry geometry() {
        Geometry g;
        const int body = LINES - 3; // query line, status line, key line
        if (LINES >= 12) {
            g.list_rows = std::max(3, (body - 1) * 2 / 5);
            g.sep_row = g.list_top + g.list_rows;
            g.preview_top = g.sep_row + 1;
            g.preview_rows = LINES - 1 - g.preview_top;
        } else {
            g.list_rows = std::max(1, body);
        }
        return g;
    }

    // Hits fetched at a time: -n, and at least the list's rows.
    std::size_t batch() const { return std::max<std::size_t>({m_base.limit, static_cast<std::size_t>(geometry().list_rows), 1}); }

    bool has_search() const { return !m_query.text.empty() || !m_source.empty() || !m_base.like.empty(); }

    // The query sent: the typed one, with the source filter ANDed to it.
    std::string composed() const {
        const std::string q = utf8(m_query.text);
        if (m_source.empty()) return q;
        std::string name = m_source;
        std::replace(name.begin(), name.end(), '"', ' ');
        const std::string filter = "source:\"" + name + "\"";
        return q.empty() ? filter : "(" + q + ") AND " + filter;
    }

    SearchRequest request(std::size_t offset, std::size_t limit) const {
        SearchRequest r = m_base;
        r.query = composed();
        r.offset = m_base.offset + offset;
        r.limit = limit;
        r.sort = m_sort;
        r.since = m_since;
        r.until = m_until;
        r.facets = false;
        r.timeline = false;
        r.want_passages = true;
        r.suggest = offset == 0 && m_base.suggest;
        return r;
    }

    // Runs a search; on an error, says what it is (m_error) and returns nothing.
    std::optional<api::Results> run_search(const SearchRequest& r) {
        try {
            return api::detail::search(m_searcher, r);
        } catch (const api::Error& e) {
            if (e.kind() == api::ErrorKind::Query) {
                std::size_t pos = e.position();
                const std::size_t typed = utf8(m_query.text).size();
                if (!m_source.empty() && !m_query.text.empty()) pos = pos > 0 ? pos - 1 : 0; // the "(" added
                if (!m_source.empty() && pos >= typed)
                    m_error = std::string("bad source filter: ") + e.what();
                else
                    m_error = fmt::format("bad query at position {}: {}", pos + 1, e.what());
            } else {
                m_error = e.what();
            }
        } catch (const std::exception& e) {
            m_error = e.what();
        }
        return std::nullopt;
    }

    void search_now() {
        m_pending = false;
        m_hits.clear();
        m_columns = {};
        m_selected = m_top = 0;
        m_error.clear();
        m_suggestion.clear();
        m_searched = false;
        m_exhausted = false;
        if (!has_search()) return;
        // A session may last while lede-index commits: each new search sees the index as it is
        // now (more hits of the same search, fetched by paging, keep the same view of it).
        try {
            m_searcher.reopen();
        } catch (const std::exception& e) {
            m_error = e.what();
            return;
        }
        const std::size_t n = batch();
        const std::optional<api::Results> res = run_search(request(0, n));
        if (!res) return;
        m_searched = true;
        m_lower = res->matches_lower_bound;
        m_estimated = res->matches_estimated;
        m_upper = res->matches_upper_bound;
        m_seconds = res->seconds;
        if (res->did_you_mean) m_suggestion = res->did_you_mean->query;
        add_hits(res->hits);
        m_exhausted = res->hits.size() < n;
    }

    // More hits after the loaded ones (PgDn, Down at the end).
    void fetch_more(std::size_t at_least = 0) {
        if (m_exhausted || !m_searched || m_hits.size() >= m_upper) return;
        const std::size_t n = std::max(batch(), at_least);
        const std::optional<api::Results> res = run_search(request(m_hits.size(), n));
        if (!res) return;
        add_hits(res->hits);
        m_exhausted = res->hits.size() < n;
        m_lower = std::max<std::uint64_t>(res->matches_lower_bound, m_hits.size());
        m_estimated = std::max<std::uint64_t>(res->matches_estimated, m_hits.size());
        m_upper = std::max<std::uint64_t>(res->matches_upper_bound, m_hits.size());
    }

    // Loaded hits, and the widths of the list's columns over all of them (kept, not recomputed per key).
    void add_hits(const std::vector<api::Hit>& hits) {
        for (const auto& h : hits) {
            m_columns.max_rank = std::max(m_columns.max_rank, h.rank);
            m_columns.dates = m_columns.dates || !h.article.date.empty();
            m_columns.source = std::max(
                m_columns.source, std::min<std::size_t>(display_width(terminal_text(h.article.source, ControlAs::Space)), 18));
        }
        m_hits.insert(m_hits.end(), hits.begin(), hits.end());
    }

    void select(long delta) {
        if (m_hits.empty()) return;
        long target = static_cast<long>(m_selected) + delta;
        if (target >= static_cast<long>(m_hits.size())) fetch_more();
        target = std::clamp<long>(target, 0, static_cast<long>(m_hits.size()) - 1);
        m_selected = static_cast<std::size_t>(target);
    }

    std::string count_text() const {
        const bool exact = m_lower == m_upper;
        const bool one = exact && m_estimated == 1;
        return (exact ? "" : "about ") + with_commas(m_estimated) + (one ? " result" : " results");
    }

    std::string filters_text() const {
        std::string s = m_sort == SortOrder::Newest ? "newest first" : m_sort == SortOrder::Oldest ? "oldest first" : "by relevance";
        if (!m_since.empty() || !m_until.empty()) s += " \u00b7 dates " + m_since + ".." + m_until;
        if (!m_source.empty()) s += " \u00b7 source: " + m_source;
        if (!m_print.empty()) s += fmt::format(" \u00b7 {} to print on exit", m_print.size());
        return s;
    }

    // --- drawing ----------------------------------------------------------------------------

    void draw_main() {
        erase();
        if (COLS < 20 || LINES < 5) {
            put(0, 0, "terminal too small", COLS);
            refresh();
            return;
        }
        const Geometry g = geometry();
        // Query line.
        const std::string prompt = "Search: ";
        put(0, 0, prompt, COLS, m_focus == Focus::Query ? m_st.bold : m_st.dim);
        const int cursor_col = m_query.draw(0, static_cast<int>(prompt.size()), COLS - static_cast<int>(prompt.size()));
        // Status line.
        Line status;
        if (!m_error.empty()) {
            status.push_back({m_error, m_st.bold});
        } else if (!has_search()) {
            status.push_back({"Type a query", m_st.dim});
            status.push_back({" \u00b7 " + filters_text(), m_st.dim});
        } else if (m_pending) {
            status.push_back({"\u2026", m_st.dim});
        } else if (m_searched) {
            status.push_back({count_text(), A_NORMAL});
            status.push_back({fmt::format(" in {:.3f} s", m_seconds), m_st.dim});
            status.push_back({" \u00b7 " + filters_text(), m_st.dim});
            if (!m_suggestion.empty()) {
                status.push_back({" \u00b7 Did you mean: ", A_NORMAL});
                status.push_back({m_suggestion, m_st.bold});
                status.push_back({"?", A_NORMAL});
            }
        }
        put(1, 0, status, COLS);
        draw_list(g);
        if (g.sep_row >= 0) {
            // U+2500 itself (the locale is UTF-8): the alternate character set of ACS_HLINE shows
            // as "qqq" where a terminal or multiplexer does not switch it.
            std::string rule;
            for (int i = 0; i < COLS; ++i) rule += "\u2500";
            put(g.sep_row, 0, rule, COLS, m_st.dim);
            if (!m_hits.empty())
                put(g.sep_row, 2,
                    fmt::format(" {} of {}{} ", with_commas(m_hits[m_selected].rank), m_lower == m_upper ? "" : "about ",
                                with_commas(m_estimated)),
                    COLS - 4, m_st.dim);
            draw_preview(g);
        }
        draw_keys();
        if (m_focus == Focus::Query) {
            curs_set(1);
            move(0, std::min(cursor_col, COLS - 1));
        } else {
            curs_set(0);
        }
        refresh();
    }

    void draw_keys() {
        const int y = LINES - 1;
        if (!m_message.empty()) {
            put(y, 0, m_message, COLS, m_st.bold);
            return;
        }
        const std::string keys = m_focus == Focus::Query
                                     ? "Esc quit  F1 help  Enter read  Up/Down move  Tab keys  F2 sort  F3 dates  F4 source  PgDn more"
                                     : "q quit  ? help  Enter read  j/k move  s sort  d dates  f source  y id  u url  / query";
        const int used = put(y, 0, keys, COLS, A_REVERSE);
        fill(y, used, A_REVERSE);
    }

    void draw_list(const Geometry& g) {
        if (m_hits.empty()) {
            if (m_searched && m_error.empty()) put(g.list_top, 1, "No results", COLS - 1, m_st.dim);
            return;
        }
        if (m_selected < m_top) m_top = m_selected;
        if (m_selected >= m_top + static_cast<std::size_t>(g.list_rows)) m_top = m_selected - static_cast<std::size_t>(g.list_rows) + 1;
        // Columns: rank, date, source (dropped when the title would get under 16 columns), title.
        std::size_t source_width = m_columns.source;
        const bool dates = m_columns.dates;
        const std::size_t rank_width = std::max<std::size_t>(2, std::to_string(m_columns.max_rank).size());
        const std::size_t fixed = rank_width + 2 + (dates ? 12 : 0);
        const std::size_t width = static_cast<std::size_t>(COLS);
        const std::size_t room = width > fixed + 2 + 16 ? width - fixed - 2 - 16 : 0;
        source_width = room >= 6 ? std::min(source_width, room) : 0;
        for (int row = 0; row < g.list_rows; ++row) {
            const std::size_t i = m_top + static_cast<std::size_t>(row);
            if (i >= m_hits.size()) break;
            const api::Hit& h = m_hits[i];
            const api::Article& a = h.article;
            const bool sel = i == m_selected;
            Line line;
            line.push_back({fmt::format("{:>{}}. ", h.rank, rank_width), m_st.bold});
            if (dates) {
                const std::string d = date_only(terminal_text(a.date, ControlAs::Space));
                line.push_back({d + std::string(10 - std::min<std::size_t>(10, display_width(d)) + 2, ' '), m_st.dim});
            }
            if (source_width > 0) {
                const std::string src = fit(terminal_text(a.source, ControlAs::Space), source_width);
                line.push_back({src + std::string(source_width - display_width(src) + 2, ' '), m_st.dim});
            }
            if (a.title.empty()) line.push_back({"(untitled)", m_st.bold});
            else {
                std::string title = a.title;
                for (char& c : title)
                    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
                for (Run& r : marked(title, 0, title.size(), h.title_highlights, m_st.bold, m_st)) line.push_back(r);
            }
            if (h.duplicates > 0)
                line.push_back({fmt::format("  (+{} {})", h.duplicates, h.duplicates == 1 ? "copy" : "copies"), m_st.dim});
            const attr_t extra = sel ? A_REVERSE : A_NORMAL;
            const int y = g.list_top + row;
            const int used = put(y, 0, line, COLS, extra);
            if (sel) fill(y, used, A_REVERSE);
        }
    }

    void draw_preview(const Geometry& g) {
        if (m_hits.empty() || g.preview_rows <= 0) return;
        const api::Hit& h = m_hits[m_selected];
        const api::Article& a = h.article;
        const std::size_t width = static_cast<std::size_t>(std::max(COLS - 2, 10));
        std::vector<Line> lines;
        if (a.title.empty()) lines.push_back({{"(untitled)", m_st.bold}});
        else
            for (Line& l : wrapped(a.title, h.title_highlights, width, m_st.bold, m_st)) lines.push_back(std::move(l));
        std::string meta;
        for (const std::string* f : {&a.date, &a.source, &a.author})
            if (!f->empty()) meta += (meta.empty() ? "" : " \u00b7 ") + *f;
        if (!meta.empty()) lines.push_back({{meta, m_st.dim}});
        lines.push_back({{a.id + (a.url.empty() ? "" : " \u00b7 " + a.url), m_st.dim}});
        lines.emplace_back();
        if (h.passages.empty()) lines.push_back({{"(no passages)", m_st.dim}});
        for (std::size_t i = 0; i < h.passages.size(); ++i) {
            const api::Passage& p = h.passages[i];
            std::string text = p.text;
            std::vector<Span> spans = p.highlights;
            // Text left out since the previous passage: an ellipsis, as the CLI writes it.
            if (i > 0 && p.begin > h.passages[i - 1].end + 1 && text.rfind("\u2026", 0) != 0) {
                const std::string_view ellipsis = "\u2026 ";
                text.insert(0, ellipsis);
                for (auto& [b, e] : spans) b += ellipsis.size(), e += ellipsis.size();
            }
            for (Line& l : wrapped(text, spans, width, p.lead ? m_st.dim : A_NORMAL, m_st)) lines.push_back(std::move(l));
        }
        for (int row = 0; row < g.preview_rows && static_cast<std::size_t>(row) < lines.size(); ++row) {
            if (row == g.preview_rows - 1 && lines.size() > static_cast<std::size_t>(g.preview_rows)) {
                put(g.preview_top + row, 1, "\u2026 (Enter: the whole article)", COLS - 1, m_st.dim);
                break;
            }
            put(g.preview_top + row, 1, lines[static_cast<std::size_t>(row)], COLS - 1);
        }
    }

    // --- keys -------------------------------------------------------------------------------

    // Handles a key of the main view; false to quit.
    bool main_key(const Key& k) {
        if (k.is_code(KEY_RESIZE)) return true;
        if (k.is(ctrl('C'))) {
            m_exit = 130;
            m_print.clear();
            return false;
        }
        if (k.is(ctrl('L'))) {
            clearok(curscr, TRUE);
            return true;
        }
        const Geometry g = geometry();
        if (k.is_code(KEY_UP) || k.is(ctrl('P'))) return select(-1), true;
        if (k.is_code(KEY_DOWN) || k.is(ctrl('N'))) return select(1), true;
        if (k.is_code(KEY_NPAGE)) return select(g.list_rows), true;
        if (k.is_code(KEY_PPAGE)) return select(-g.list_rows), true;
        if (is_enter(k)) {
            if (m_pending) search_now();
            else open_selected();
            return true;
        }
        if (k.is('\t') || k.is_code(KEY_BTAB)) {
            m_focus = m_focus == Focus::Query ? Focus::List : Focus::Query;
            return true;
        }
        if (is_escape(k)) return false;
        if (k.is_code(KEY_F(1))) return help(), true;
        if (k.is_code(KEY_F(2))) return cycle_sort(), true;
        if (k.is_code(KEY_F(3))) return ask_dates(), true;
        if (k.is_code(KEY_F(4))) return pick_source(), true;
        if (m_focus == Focus::Query) {
            if (k.is('?') && m_query.text.empty()) return help(), true;
            if (m_query.handle(k) == LineEdit::Result::Changed) {
                m_pending = true;
                m_last_edit = Clock::now();
            }
            return true;
        }
        // The list's single keys.
        if (k.is('q')) return false;
        if (k.is('j')) select(1);
        else if (k.is('k')) select(-1);
        else if (k.is(' ')) select(g.list_rows);
        else if (k.is('b')) select(-g.list_rows);
        else if (k.is('g') || k.is_code(KEY_HOME)) select(-static_cast<long>(m_selected));
        else if (k.is('G') || k.is_code(KEY_END)) {
            while (!m_exhausted && m_searched && m_error.empty() && m_hits.size() < m_upper) {
                const std::size_t before = m_hits.size();
                fetch_more(500); // to the last hit: in large steps, not a screenful at a time
                if (m_hits.size() == before) break;
            }
            select(static_cast<long>(m_hits.size()));
        } else if (k.is('s')) cycle_sort();
        else if (k.is('d')) ask_dates();
        else if (k.is('f')) pick_source();
        else if (k.is('F')) {
            if (!m_source.empty()) {
                m_source.clear();
                search_now();
            }
        } else if (k.is('y') || k.is('u')) {
            if (!m_hits.empty()) keep(m_hits[m_selected].article, k.is('u'));
        } else if (k.is('?')) help();
        else if (k.is('/') || k.is('i')) m_focus = Focus::Query;
        else if (k.printable()) m_message = "Not a key of the list (? for help; / or Tab to edit the query)";
        return true;
    }

    void keep(const api::Article& a, bool url) {
        if (url && a.url.empty()) {
            m_message = "This article has no url";
            return;
        }
        m_print.push_back(url ? a.url : a.id);
        m_message = fmt::format("{}: printed when you quit ({} so far)", terminal_text(m_print.back(), ControlAs::Space),
                                m_print.size());
    }

    void cycle_sort() {
        m_sort = m_sort == SortOrder::Relevance ? SortOrder::Newest
                 : m_sort == SortOrder::Newest  ? SortOrder::Oldest
                                                : SortOrder::Relevance;
        search_now();
    }

    // A question on the key line, edited like the query; nothing when cancelled (Esc, Ctrl-C).
    std::optional<std::string> ask(const std::string& question, const std::string& initial) {
        LineEdit edit;
        edit.set(decode(initial));
        for (;;) {
            draw_main();
            const int y = LINES - 1;
            move(y, 0);
            clrtoeol();
            const int used = put(y, 0, question, COLS, m_st.bold);
            const int col = edit.draw(y, used, COLS - used);
            curs_set(1);
            move(y, std::min(col, COLS - 1));
            refresh();
            const std::optional<Key> k = read_key(-1);
            if (!k || k->is_code(KEY_RESIZE)) continue;
            if (is_enter(*k)) return utf8(edit.text);
            if (is_escape(*k) || k->is(ctrl('C'))) return std::nullopt;
            edit.handle(*k);
        }
    }

    static std::string trimmed(std::string s) {
        while (!s.empty() && s.back() == ' ') s.pop_back();
        while (!s.empty() && s.front() == ' ') s.erase(0, 1);
        return s;
    }

    void ask_dates() {
        const std::optional<std::string> since = ask("Since (YYYY[-MM[-DD]], empty: any): ", m_since);
        if (!since) return;
        const std::optional<std::string> until = ask("Until (YYYY[-MM[-DD]], empty: any): ", m_until);
        if (!until) return;
        const std::string old_since = m_since, old_until = m_until;
        m_since = trimmed(*since);
        m_until = trimmed(*until);
        search_now();
        if (!m_error.empty() && has_search()) { // a bad date: say so and keep the old range
            const std::string why = m_error;
            m_since = old_since;
            m_until = old_until;
            search_now();
            m_message = why;
        }
    }

    // A list of the sources of the query's matches (with counts) to filter by.
    void pick_source() {
        if (m_base.literal) {
            m_message = "The source filter needs the query language (it is off with --literal)";
            return;
        }
        if (m_query.text.empty() && m_base.like.empty()) {
            m_message = "Type a query first: the sources listed are those of its matches (F: no source filter)";
            return;
        }
        SearchRequest r = request(0, 0);
        r.query = utf8(m_query.text); // the sources of the query's matches, without the filter
        r.facets = true;
        r.facet_values = 0;
        r.suggest = false;
        r.want_passages = false;
        std::vector<std::pair<std::string, std::uint64_t>> values;
        bool exact = true;
        if (!r.query.empty() || !r.like.empty()) {
            const std::optional<api::Results> res = run_search(r);
            if (!res) return;
            exact = res->facets_exact;
            for (const auto& f : res->facets)
                if (f.name == "source")
                    for (const auto& v : f.values) values.emplace_back(v.value, v.count);
        }
        std::size_t sel = 0, top = 0;
        for (std::size_t i = 0; i < values.size(); ++i)
            if (values[i].first == m_source) sel = i + 1;
        for (;;) {
            erase();
            put(0, 0, exact ? "Filter by source (matches counted exactly)" : "Filter by source (matches counted in a sample)",
                COLS, m_st.bold);
            const int rows = std::max(1, LINES - 3);
            const std::size_t n = values.size() + 1;
            if (sel < top) top = sel;
            if (sel >= top + static_cast<std::size_t>(rows)) top = sel - static_cast<std::size_t>(rows) + 1;
            std::size_t count_width = 1;
            for (const auto& v : values) count_width = std::max(count_width, with_commas(v.second).size());
            for (int row = 0; row < rows && top + static_cast<std::size_t>(row) < n; ++row) {
                const std::size_t i = top + static_cast<std::size_t>(row);
                const std::string text = i == 0 ? std::string("(any source)")
                                                : fmt::format("{:>{}}  {}", with_commas(values[i - 1].second), count_width,
                                                              values[i - 1].first);
                const int used = put(2 + row, 1, text, COLS - 1, i == sel ? A_REVERSE : A_NORMAL);
                if (i == sel) fill(2 + row, 1 + used, A_REVERSE);
            }
            const int used = put(LINES - 1, 0, "Up/Down choose  Enter filter  Esc cancel", COLS, A_REVERSE);
            fill(LINES - 1, used, A_REVERSE);
            curs_set(0);
            refresh();
            const std::optional<Key> k = read_key(-1);
            if (!k || k->is_code(KEY_RESIZE)) continue;
            if (is_escape(*k) || k->is('q') || k->is(ctrl('C'))) return;
            if (k->is_code(KEY_UP) || k->is('k') || k->is(ctrl('P'))) sel = sel > 0 ? sel - 1 : 0;
            else if (k->is_code(KEY_DOWN) || k->is('j') || k->is(ctrl('N'))) sel = std::min(sel + 1, n - 1);
            else if (k->is_code(KEY_PPAGE)) sel = sel > static_cast<std::size_t>(rows) ? sel - static_cast<std::size_t>(rows) : 0;
            else if (k->is_code(KEY_NPAGE)) sel = std::min(sel + static_cast<std::size_t>(rows), n - 1);
            else if (is_enter(*k)) {
                m_source = sel == 0 ? std::string() : values[sel - 1].first;
                search_now();
                return;
            }
        }
    }

    void help() {
        static const std::vector<std::string> text = {
            "lede-search -i: keys",
            "",
            "Query line (searched as you type):",
            "  letters, Backspace, Del, Left/Right, Home/End (Ctrl-A/E), Ctrl-U/K/W",
            "  Up/Down or Ctrl-P/N  move in the results     PgUp/PgDn  page (fetches more)",
            "  Enter                read the selected article",
            "  Tab                  the list's single-key commands (below)",
            "  F1 (or ? when the query is empty) help     F2 sort  F3 dates  F4 source",
            "  Esc                  quit                    Ctrl-C     quit, print nothing",
            "",
            "List (after Tab; Tab, / or i: back to the query line):",
            "  j/k move  g/G first/last  space/b page  Enter read  q quit  ? help",
            "  s  sort: by relevance, newest first, oldest first",
            "  d  date range: since, until (YYYY, YYYY-MM or YYYY-MM-DD; empty: open)",
            "  f  filter by source (the sources of the query's matches, with counts)",
            "  F  remove the source filter",
            "  y  print the selected article's id on exit   u  its url",
            "",
            "Article view: Up/Down j/k, PgUp/PgDn space/b, g/G; y, u; q, Esc or Left: back",
            "Ids and urls picked with y and u are printed to stdout when you quit.",
            "",
            "Press any key to go back.",
        };
        for (;;) {
            erase();
            for (std::size_t i = 0; i < text.size() && static_cast<int>(i) < LINES; ++i)
                put(static_cast<int>(i), 0, text[i], COLS, i == 0 ? m_st.bold : A_NORMAL);
            curs_set(0);
            refresh();
            const std::optional<Key> k = read_key(-1);
            if (!k || k->is_code(KEY_RESIZE)) continue;
            return;
        }
    }

    void open_selected() {
        if (m_hits.empty()) return;
        const api::Article& hit = m_hits[m_selected].article;
        api::Query highlight;
        highlight.text = utf8(m_query.text);
        highlight.literal = m_base.literal;
        highlight.all_words = m_base.default_and;
        std::optional<api::ArticleView> view;
        try {
            view = m_searcher.article(hit.id, highlight);
        } catch (const api::Error& e) {
            m_message = e.what();
            return;
        }
        if (!view) {
            m_message = "The index no longer has this article";
            return;
        }
        article_view(*view);
    }

    void article_view(const api::ArticleView& view) {
        std::size_t top = 0;
        int rendered_width = -1;
        std::vector<Line> lines;
        for (;;) {
            if (rendered_width != COLS) {
                RenderOptions ro;
                ro.color = true; // styles as SGR, turned into attributes by from_sgr
                ro.width = static_cast<std::size_t>(std::max(COLS - 1, 1));
                std::ostringstream out;
                render_article(out, view, ro);
                lines = from_sgr(out.str(), m_st);
                rendered_width = COLS;
            }
            const int rows = std::max(1, LINES - 1);
            const std::size_t max_top = lines.size() > static_cast<std::size_t>(rows) ? lines.size() - static_cast<std::size_t>(rows) : 0;
            top = std::min(top, max_top);
            erase();
            for (int row = 0; row < rows && top + static_cast<std::size_t>(row) < lines.size(); ++row)
                put(row, 0, lines[top + static_cast<std::size_t>(row)], COLS);
            const std::size_t last = std::min(lines.size(), top + static_cast<std::size_t>(rows));
            const std::string bar = m_message.empty()
                                        ? fmt::format("q back  Up/Down PgUp/PgDn scroll  y id  u url  {}  lines {}-{} of {}",
                                                      view.article.id, top + 1, last, lines.size())
                                        : m_message;
            const int used = put(LINES - 1, 0, bar, COLS, A_REVERSE);
            fill(LINES - 1, used, A_REVERSE);
            curs_set(0);
            refresh();
            const std::optional<Key> k = read_key(-1);
            if (!k) continue;
            m_message.clear();
            const std::size_t page = static_cast<std::size_t>(std::max(1, rows - 1));
            if (k->is_code(KEY_RESIZE)) continue;
            if (k->is('q') || is_escape(*k) || k->is_code(KEY_LEFT) || k->is('h') || k->is_code(KEY_BACKSPACE)) return;
            if (k->is(ctrl('C'))) return;
            if (k->is_code(KEY_UP) || k->is('k') || k->is(ctrl('P'))) top = top > 0 ? top - 1 : 0;
            else if (k->is_code(KEY_DOWN) || k->is('j') || k->is(ctrl('N')) || is_enter(*k)) top = std::min(top + 1, max_top);
            else if (k->is_code(KEY_NPAGE) || k->is(' ') || k->is('f')) top = std::min(top + page, max_top);
            else if (k->is_code(KEY_PPAGE) || k->is('b')) top = top > page ? top - page : 0;
            else if (k->is('g') || k->is_code(KEY_HOME)) top = 0;
            else if (k->is('G') || k->is_code(KEY_END)) top = max_top;
            else if (k->is('y') || k->is('u')) keep(view.article, k->is('u'));
            else if (k->is('?') || k->is_code(KEY_F(1))) help();
        }
    }

    api::Searcher& m_searcher;
    const SearchRequest m_base;
    Styles m_st;
    LineEdit m_query;
    Focus m_focus = Focus::Query;
    SortOrder m_sort;
    std::string m_since = m_base.since, m_until = m_base.until, m_source;
    bool m_pending = false;
    Clock::time_point m_last_edit{};
    bool m_searched = false, m_exhausted = false;
    std::vector<api::Hit> m_hits;
    struct Columns {
        std::size_t max_rank = 0, source = 0;
        bool dates = false;
    } m_columns;
    std::size_t m_selected = 0, m_top = 0;
    std::uint64_t m_lower = 0, m_estimated = 0, m_upper = 0;
    double m_seconds = 0;
    std::string m_error, m_suggestion, m_message;
    std::vector<std::string> m_print;
    int m_exit = 0;
};

// newterm/endwin as a scope: the terminal is restored however the UI ends.
class Screen {
public:
    Screen() {
        m_screen = newterm(nullptr, stdout, stdin);
        if (!m_screen) {
            const char* term = std::getenv("TERM");
            throw UsageError(std::string("-i: cannot drive this terminal (TERM=") + (term ? terminal_text(term) : "") + ")");
        }
        set_term(m_screen);
        raw();
        noecho();
        nonl();
        keypad(stdscr, TRUE);
        set_escdelay(100);
    }
    ~Screen() {
        endwin();
        delscreen(m_screen);
    }
    Screen(const Screen&) = delete;
    Screen& operator=(const Screen&) = delete;

private:
    SCREEN* m_screen = nullptr;
};

bool utf8_locale() {
    const char* codeset = nl_langinfo(CODESET);
    return codeset && (std::strcmp(codeset, "UTF-8") == 0 || std::strcmp(codeset, "utf8") == 0);
}

} // namespace

int run_interactive(api::Searcher& searcher, const SearchOptions& options) {
    // Wide characters need a UTF-8 character type; Lede writes UTF-8 everywhere, so without one
    // from the environment (LANG unset over SSH) C.UTF-8 is used.
    std::setlocale(LC_CTYPE, "");
    if (!utf8_locale()) std::setlocale(LC_CTYPE, "C.UTF-8");
    bool color = options.color != ColorMode::Never;
    if (options.color == ColorMode::Auto) {
        const char* no_color = std::getenv("NO_COLOR");
        if (no_color && *no_color) color = false;
    }
    std::vector<std::string> printed;
    int status = 0;
    {
        Screen screen;
        color = color && has_colors();
        if (color) {
            start_color();
            use_default_colors();
            init_pair(1, COLOR_YELLOW, -1);
        }
        Ui ui(searcher, options, color);
        try {
            status = ui.run();
            printed = ui.to_print();
        } catch (const InputClosed&) {
            status = -1;
        }
    }
    if (status < 0) {
        std::cerr << "lede-search: -i: the terminal's input ended\n";
        return 2;
    }
    for (const auto& p : printed) std::cout << terminal_text(p) << '\n';
    std::cout.flush();
    return status;
}

} // namespace lede

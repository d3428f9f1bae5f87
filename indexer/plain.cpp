// SPDX-License-Identifier: MIT
// Plain text and Markdown: title, byline and date lines, front matter, markup stripping.
#include "plain.hpp"
#include "ascii.hpp"

#include "date.hpp"

#include <ctime>
#include <vector>

namespace lede {
namespace {

std::string_view trim(std::string_view s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return {};
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t eol = text.find('\n', pos);
        std::string_view l = text.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos);
        if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
        lines.push_back(l);
        if (eol == std::string_view::npos) break;
        pos = eol + 1;
    }
    return lines;
}

std::string join(const std::vector<std::string_view>& lines, std::size_t from) {
    std::string out;
    for (std::size_t i = from; i < lines.size(); ++i) {
        out.append(lines[i]);
        out += '\n';
    }
    return std::string(trim(out));
}

std::string unquote(std::string_view v) {
    v = trim(v);
    if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front())
        v = v.substr(1, v.size() - 2);
    return std::string(v);
}

struct Head {
    std::string title, author, date;
    std::size_t body_from = 0; // first line of the body
};

// Title line, then an optional "By NAME" line and an optional date line.
Head read_head(const std::vector<std::string_view>& lines, std::size_t from, bool markdown) {
    Head h;
    std::size_t i = from;
    while (i < lines.size() && trim(lines[i]).empty()) ++i;
    if (i == lines.size()) {
        h.body_from = i;
        return h;
    }
    std::string_view t = trim(lines[i]);
    if (markdown) {
        while (!t.empty() && t.front() == '#') t.remove_prefix(1);
        while (!t.empty() && t.back() == '#') t.remove_suffix(1);
        t = trim(t);
        // A setext heading underlines the title.
        if (i + 1 < lines.size()) {
            std::string_view u = trim(lines[i + 1]);
            if (!u.empty() && u.find_first_not_of(u.front() == '=' ? "=" : "-") == std::string_view::npos &&
                (u.front() == '=' || u.front() == '-'))
                ++i;
        }
        h.title = std::string(trim(strip_markdown(t)));
    } else {
        h.title = std::string(t);
    }
    ++i;
    for (int extra = 0; extra < 2; ++extra) {
        std::size_t j = i;
        while (j < lines.size() && trim(lines[j]).empty()) ++j;
        if (j == lines.size()) break;
        std::string line(trim(lines[j]));
        if (markdown) line = std::string(trim(strip_markdown(line)));
        if (h.author.empty() && line.size() > 3 && line.size() < 80 && ascii_lower(line.substr(0, 3)) == "by ") {
            h.author = std::string(trim(line.substr(3)));
            i = j + 1;
            continue;
        }
        if (h.date.empty() && line.size() < 40 && parse_date(line)) {
            h.date = line;
            i = j + 1;
            continue;
        }
        break;
    }
    h.body_from = i;
    return h;
}

bool word_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (static_cast<unsigned char>(c) >= 0x80);
}

void finish(Article& a, const SourceName& name, RecordSink& sink) {
    if (a.title.empty() && a.body.empty()) {
        sink.skip(name.display, 0, "file has no text");
        return;
    }
    if (a.date.empty() && name.mtime > 0) a.date = iso_from_epoch(name.mtime);
    a.origin = name.id_base;
    if (a.id.empty()) a.id = name.id_base;
    sink.article(std::move(a));
}

} // namespace

std::string iso_from_epoch(std::int64_t seconds) {
    std::time_t t = static_cast<std::time_t>(seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::string strip_markdown(std::string_view md) {
    std::string out;
    out.reserve(md.size());
    bool fence = false;
    for (std::string_view line : split_lines(md)) {
        std::string_view t = trim(line);
        if (t.rfind("```", 0) == 0 || t.rfind("~~~", 0) == 0) {
            fence = !fence;
            continue;
        }
        if (fence) {
            out.append(line);
            out += '\n';
            continue;
        }
        // Reference definitions: "[id]: http://..." carry no text.
        if (!t.empty() && t.front() == '[' && t.find("]:") != std::string_view::npos) continue;
        // Setext underlines and horizontal rules.
        if (!t.empty() && t.find_first_not_of("=-*_ ") == std::string_view::npos && t.size() >= 3) {
            out += '\n';
            continue;
        }
        while (!t.empty() && (t.front() == '#' || t.front() == '>')) t = trim(t.substr(1));
        for (std::size_t i = 0; i < t.size(); ++i) {
            const char c = t[i];
            if (c == '!' && i + 1 < t.size() && t[i + 1] == '[') continue; // image: keep the alt text
            if (c == ']' && i + 1 < t.size() && (t[i + 1] == '(' || t[i + 1] == '[')) {
                const char close = t[i + 1] == '(' ? ')' : ']';
                const auto end = t.find(close, i + 2);
                if (end != std::string_view::npos) {
                    i = end;
                    continue;
                }
            }
            if (c == '[') continue;
            if (c == '<' && (t.compare(i + 1, 4, "http") == 0 || t.compare(i + 1, 7, "mailto:") == 0)) {
                const auto end = t.find('>', i);
                if (end != std::string_view::npos) {
                    i = end;
                    continue;
                }
            }
            if (c == '`') continue;
            if (c == '*' || c == '_' || c == '~') {
                const bool before = i > 0 && word_char(t[i - 1]);
                const bool after = i + 1 < t.size() && word_char(t[i + 1]);
                if (!(before && after)) continue; // emphasis mark, not snake_case
            }
            out += c;
        }
        out += '\n';
    }
    return out;
}

void read_text(std::string_view text, const SourceName& name, RecordSink& sink) {
    const auto lines = split_lines(text);
    Head h = read_head(lines, 0, false);
    Article a;
    a.title = std::move(h.title);
    a.author = std::move(h.author);
    a.date = std::move(h.date);
    a.body = join(lines, h.body_from);
    finish(a, name, sink);
}

void read_markdown(std::string_view text, const SourceName& name, RecordSink& sink) {
    const auto lines = split_lines(text);
    Article a;
    std::size_t from = 0;
    if (!lines.empty() && (trim(lines[0]) == "---" || trim(lines[0]) == "+++")) {
        const std::string_view fence = trim(lines[0]);
        const char sep = fence == "---" ? ':' : '=';
        std::size_t end = 1;
        while (end < lines.size() && trim(lines[end]) != fence && !(fence == "---" && trim(lines[end]) == "...")) ++end;
        if (end < lines.size()) {
            std::string list_key; // YAML block lists: "tags:" then "- a" lines
            for (std::size_t i = 1; i < end; ++i) {
                std::string_view l = trim(lines[i]);
                if (l.empty() || l.front() == '#') continue;
                if (l.front() == '-' && list_key == "tags") {
                    if (std::string v = unquote(l.substr(1)); !v.empty()) a.tags.push_back(v);
                    continue;
                }
                const auto k = l.find(sep);
                if (k == std::string_view::npos) continue;
                const std::string key = ascii_lower(trim(l.substr(0, k)));
                std::string_view raw = trim(l.substr(k + 1));
                list_key = raw.empty() ? key : std::string();
                if (key == "tags" || key == "keywords" || key == "categories") {
                    if (!raw.empty() && raw.front() == '[') raw = trim(raw.substr(1, raw.find(']') == std::string_view::npos ? std::string_view::npos : raw.find(']') - 1));
                    for (auto& t : split_tags(raw)) a.tags.push_back(unquote(t));
                    if (raw.empty()) list_key = "tags";
                    continue;
                }
                const std::string v = unquote(raw);
                if (key == "title") a.title = v;
                else if (key == "date" || key == "published" || key == "pubdate") a.date = v;
                else if (key == "author" || key == "byline") a.author = v;
                else if (key == "source" || key == "publication" || key == "site") a.source = v;
                else if (key == "url" || key == "link") a.url = v;
                else if (key == "lang" || key == "language") a.lang = v;
                else if (key == "id") a.id = v;
            }
            from = end + 1;
        }
    }
    if (a.title.empty()) {
        Head h = read_head(lines, from, true);
        a.title = std::move(h.title);
        if (a.author.empty()) a.author = std::move(h.author);
        if (a.date.empty()) a.date = std::move(h.date);
        from = h.body_from;
    }
    // A heading repeating the front matter's title is not body text.
    {
        std::size_t i = from;
        while (i < lines.size() && trim(lines[i]).empty()) ++i;
        if (i < lines.size() && trim(lines[i]).rfind('#', 0) == 0) {
            std::string_view t = trim(lines[i]);
            while (!t.empty() && t.front() == '#') t.remove_prefix(1);
            if (trim(t) == a.title) from = i + 1;
        }
    }
    std::string body;
    for (std::size_t i = from; i < lines.size(); ++i) {
        body.append(lines[i]);
        body += '\n';
    }
    a.body = std::string(trim(strip_markdown(body)));
    finish(a, name, sink);
}

} // namespace lede

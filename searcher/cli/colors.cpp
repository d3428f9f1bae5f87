// SPDX-License-Identifier: MIT
#include "colors.hpp"

#include <array>
#include <cstdio>

namespace lede {

namespace {

constexpr std::array<std::string_view, 8> color_names{"black", "red", "green", "yellow",
                                                      "blue", "magenta", "cyan", "white"};

// "red" -> 1, "208" -> 208, "#ff8800" -> -2 with rgb; false when unknown.
bool parse_color(std::string_view v, int& color, unsigned& rgb) {
    for (std::size_t i = 0; i < color_names.size(); ++i)
        if (v == color_names[i]) {
            color = static_cast<int>(i);
            return true;
        }
    if (!v.empty() && v.size() <= 3 && v.find_first_not_of("0123456789") == std::string_view::npos) {
        const int n = std::stoi(std::string(v));
        if (n > 255) return false;
        color = n;
        return true;
    }
    if (v.size() == 7 && v[0] == '#' && v.substr(1).find_first_not_of("0123456789abcdefABCDEF") == std::string_view::npos) {
        color = -2;
        rgb = static_cast<unsigned>(std::stoul(std::string(v.substr(1)), nullptr, 16));
        return true;
    }
    return false;
}

void color_codes(std::string& out, int color, unsigned rgb, bool background) {
    if (color == -1) return;
    if (!out.empty()) out += ';';
    if (color >= 0 && color < 8) {
        out += std::to_string((background ? 40 : 30) + color);
    } else if (color >= 0) {
        out += (background ? "48;5;" : "38;5;") + std::to_string(color);
    } else {
        out += (background ? "48;2;" : "38;2;") + std::to_string(rgb >> 16 & 0xff) + ';' +
               std::to_string(rgb >> 8 & 0xff) + ';' + std::to_string(rgb & 0xff);
    }
}

} // namespace

std::string Style::sgr() const {
    std::string codes;
    auto add = [&](const char* c) {
        if (!codes.empty()) codes += ';';
        codes += c;
    };
    if (bold) add("1");
    if (dim) add("2");
    if (italic) add("3");
    if (underline) add("4");
    if (reverse) add("7");
    color_codes(codes, fg, fg_rgb, false);
    color_codes(codes, bg, bg_rgb, true);
    if (codes.empty()) return {};
    std::string out = "\x1b[";
    out.append(codes);
    out.push_back('m');
    return out;
}

Palette::Palette() {
    match.bold = true;
    match.fg = 3; // yellow
    title.bold = true;
    date.dim = true;
    source.dim = true;
}

void apply_colors(Palette& palette, std::string_view spec, std::vector<std::string>& warnings) {
    std::size_t i = 0;
    while (i < spec.size()) {
        const std::size_t end = spec.find_first_of(", \t\n", i);
        const std::string_view entry = spec.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i);
        i = end == std::string_view::npos ? spec.size() : end + 1;
        if (entry.empty()) continue;
        auto bad = [&](const std::string& why) {
            std::string w(1, '\'');
            w.append(entry).append("': ").append(why);
            warnings.push_back(std::move(w));
        };
        const std::size_t c1 = entry.find(':');
        const std::string_view type = entry.substr(0, c1);
        Style* style = type == "match" || type == "highlight" ? &palette.match
                       : type == "title"                      ? &palette.title
                       : type == "date"                       ? &palette.date
                       : type == "source"                     ? &palette.source
                                                              : nullptr;
        if (!style) {
            bad("unknown type '" + std::string(type) + "' (match, title, date, source)");
            continue;
        }
        if (c1 == std::string_view::npos) {
            bad("expected TYPE:ATTR:VALUE or TYPE:none");
            continue;
        }
        const std::string_view rest = entry.substr(c1 + 1);
        if (rest == "none") {
            *style = Style{};
            continue;
        }
        const std::size_t c2 = rest.find(':');
        if (c2 == std::string_view::npos) {
            bad("expected TYPE:ATTR:VALUE or TYPE:none");
            continue;
        }
        const std::string_view attr = rest.substr(0, c2), value = rest.substr(c2 + 1);
        if (attr == "fg" || attr == "bg") {
            int color = -1;
            unsigned rgb = 0;
            if (!parse_color(value, color, rgb)) {
                bad("unknown colour '" + std::string(value) +
                    "' (black, red, green, yellow, blue, magenta, cyan, white, 0-255, #RRGGBB)");
                continue;
            }
            (attr == "fg" ? style->fg : style->bg) = color;
            (attr == "fg" ? style->fg_rgb : style->bg_rgb) = rgb;
        } else if (attr == "style") {
            const bool off = value.substr(0, 2) == "no";
            const std::string_view name = off ? value.substr(2) : value;
            bool* flag = name == "bold"        ? &style->bold
                         : name == "dim"       ? &style->dim
                         : name == "italic"    ? &style->italic
                         : name == "underline" ? &style->underline
                         : name == "reverse"   ? &style->reverse
                                               : nullptr;
            if (!flag) {
                bad("unknown style '" + std::string(value) + "' (bold, dim, italic, underline, reverse, or no...)");
                continue;
            }
            *flag = !off;
        } else {
            bad("unknown attribute '" + std::string(attr) + "' (fg, bg, style)");
        }
    }
}

} // namespace lede

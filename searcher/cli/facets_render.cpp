// SPDX-License-Identifier: MIT
// The terminal rendering of --facets and --timeline: a compact table and a bar chart.
#include "facets_render.hpp"

#include "render.hpp"
#include "terminal_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace lede {
namespace {

constexpr const char* dim = "\x1b[2m";
constexpr const char* bar_style = "\x1b[36m";
constexpr const char* reset = "\x1b[0m";

} // namespace

void render_facets(std::ostream& out, const std::vector<Facet>& facets, bool exact, Xapian::doccount counted,
                   std::size_t width, bool color) {
    out << (color ? dim : "") << "Facets " << count_note(exact, counted) << ":" << (color ? reset : "") << '\n';
    for (const auto& f : facets) {
        const std::string line = fmt::format("  {:<7} ", f.name);
        const std::size_t indent = display_width(line);
        // The values that fit on the facet's line (the first one shortened if need be: shorten_name);
        // "+N more" and "(none) N" after them, on a line of their own (indented) when they do not fit.
        const std::size_t room = width > indent + 16 ? width - indent : 16;
        const std::string none = f.missing ? fmt::format("(none) {}", f.missing) : std::string();
        auto joined = [](const std::vector<std::string>& parts) {
            std::string s;
            for (const auto& p : parts)
                if (!p.empty()) s += (s.empty() ? "" : " · ") + p;
            return s;
        };
        std::vector<std::string> items;
        for (const auto& v : f.values) {
            const std::string count = std::to_string(v.count);
            const std::string rest = f.distinct > items.size() + 1 ? fmt::format("+{} more", f.distinct - items.size() - 1) : "";
            const std::size_t tail = display_width(joined({rest, none}));
            // Columns this value's name may take on the line: what is left after the items so far,
            // the separators, its count and the tail.
            const std::size_t used = display_width(joined(items)) + (items.empty() ? 0 : 3) + count.size() + 1 +
                                     (tail ? tail + 3 : 0);
            const std::string name = terminal_text(v.value);
            if (used + display_width(name) <= room) {
                items.push_back(name + " " + count);
                continue;
            }
            if (!items.empty()) break; // counted in "+N more"
            // The first value: on the line, shortened to the room a count leaves it.
            items.push_back(shorten_name(name, room > count.size() + 1 ? room - count.size() - 1 : 1) + " " + count);
        }
        const std::string rest = f.distinct > items.size() ? fmt::format("+{} more", f.distinct - items.size()) : "";
        const std::string first = joined(items), tail = joined({rest, none});
        if (!first.empty() && !tail.empty() && display_width(first) + 3 + display_width(tail) > room)
            out << line << first << '\n' << std::string(indent, ' ') << tail << '\n';
        else
            out << line << joined({first, tail}) << '\n';
    }
}

void render_timeline(std::ostream& out, const Timeline& t, bool exact, std::size_t width, bool color) {
    Xapian::doccount total = t.undated, top = 0;
    for (const auto& b : t.buckets) {
        total += b.count;
        top = std::max(top, b.count);
    }
    const std::string head = std::string("Timeline by ") + time_unit_name(t.unit);
    const std::string note = count_note(exact, total);
    // On a narrow terminal the count goes on a line of its own.
    const bool apart = display_width(head) + 1 + display_width(note) + 1 > width;
    out << (color ? dim : "") << head << (apart ? ":\n  " : " ") << note << (apart ? "" : ":") << (color ? reset : "")
        << '\n';
    std::size_t label = 0, digits = 1;
    for (const auto& b : t.buckets) label = std::max(label, b.period.size());
    digits = fmt::format("{}", std::max(top, t.undated)).size();
    const std::size_t used = 2 + label + 2 + 1 + digits;
    const std::size_t bar_room = width > used + 10 ? std::min<std::size_t>(width - used, 60) : 10;
    static const char* const eighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
    for (const auto& b : t.buckets) {
        const double cells = top ? static_cast<double>(b.count) * static_cast<double>(bar_room) / top : 0;
        auto full = static_cast<std::size_t>(cells);
        auto part = static_cast<std::size_t>(std::lround((cells - static_cast<double>(full)) * 8));
        if (part == 8) {
            ++full;
            part = 0;
        }
        if (b.count > 0 && full == 0 && part == 0) part = 1; // never hide a non-empty period
        std::string bar;
        for (std::size_t i = 0; i < full; ++i) bar += "█";
        bar += eighths[part];
        const std::size_t bar_cells = full + (part ? 1 : 0);
        out << "  " << fmt::format("{:<{}}", b.period, label) << "  " << (color ? bar_style : "") << bar
            << (color ? reset : "") << std::string(bar_room - std::min(bar_room, bar_cells), ' ') << ' '
            << fmt::format("{:>{}}", b.count, digits) << '\n';
    }
    if (t.undated) out << "  " << fmt::format("{:<{}}", "undated", std::max<std::size_t>(label, 7)) << "  " << t.undated << '\n';
}

} // namespace lede

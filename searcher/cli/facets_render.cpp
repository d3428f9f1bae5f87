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
        std::string line = fmt::format("  {:<7} ", f.name);
        const std::size_t room = width > line.size() + 10 ? width - line.size() : 40;
        std::string items;
        std::size_t shown = 0;
        for (const auto& v : f.values) {
            std::string item = fmt::format("{}{} {}", items.empty() ? "" : " · ", terminal_text(v.value), v.count);
            const std::size_t rest = f.distinct - shown - 1;
            const std::string more = rest ? fmt::format(" · +{} more", rest) : "";
            if (display_width(items + item + more) > room && shown > 0) break;
            items += item;
            ++shown;
        }
        if (shown < f.distinct) items += fmt::format("{}+{} more", items.empty() ? "" : " · ", f.distinct - shown);
        if (f.missing) items += fmt::format("{}(none) {}", items.empty() ? "" : " · ", f.missing);
        out << line << items << '\n';
    }
}

void render_timeline(std::ostream& out, const Timeline& t, bool exact, std::size_t width, bool color) {
    Xapian::doccount total = t.undated, top = 0;
    for (const auto& b : t.buckets) {
        total += b.count;
        top = std::max(top, b.count);
    }
    out << (color ? dim : "") << "Timeline by " << time_unit_name(t.unit) << " " << count_note(exact, total) << ":"
        << (color ? reset : "") << '\n';
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

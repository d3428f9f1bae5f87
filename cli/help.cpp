// SPDX-License-Identifier: MIT
#include "help.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <sstream>
#include <vector>

namespace lede::cli {

namespace {

constexpr std::size_t name_column = 30; // where descriptions start

// Display columns of UTF-8 text (each code point one column: help text is Latin).
std::size_t columns(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

// Under --help, a description too long for its line is cut at its first clause (". ", "; ", ": ",
// " ("); --help-all shows it whole.
std::string brief_description(const std::string& d, std::size_t room) {
    if (columns(d) <= room) return d;
    std::size_t cut = std::string::npos;
    for (const char* stop : {". ", "; ", ": ", " ("}) {
        const auto p = d.find(stop);
        if (p != std::string::npos && p >= 10 && p < cut) cut = p;
    }
    return cut == std::string::npos ? d : d.substr(0, cut);
}

std::size_t lead_of(const std::string& line) {
    const auto p = line.find_first_not_of(' ');
    return p == std::string::npos ? 0 : p;
}

// Where the text of a table row ("  cocoa prices            articles with...") starts: after its
// widest gap when that is four spaces or more (an aligned column), else after its first gap of
// two or more; 0 when the line has no gap past its lead (prose).
std::size_t text_column(const std::string& line, std::size_t lead) {
    std::size_t first = 0, widest = 0, widest_end = 0;
    for (std::size_t p = line.find("  ", lead); p != std::string::npos; p = line.find("  ", p)) {
        const auto end = line.find_first_not_of(' ', p);
        if (end == std::string::npos) break;
        if (!first) first = end;
        if (end - p > widest) widest = end - p, widest_end = end;
        p = end;
    }
    return widest >= 4 ? widest_end : first;
}

// Footer text fitted to `width`. The text is written for 100 columns as blocks: paragraphs of
// prose (lines at one indentation, a heading ending in ':' or a line starting with '-' beginning a
// new one) and table rows (a row, then its continuation lines indented further). A block that
// fits keeps its lines; one that does not is joined and wrapped again as a whole, continuations
// at the row's text column, so that a narrower terminal gets full lines rather than each long
// line broken in two.
std::string fit_lines(const std::string& text, std::size_t width) {
    std::vector<std::string> lines;
    for (std::size_t start = 0; start <= text.size();) {
        auto end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    std::string out;
    for (std::size_t i = 0; i < lines.size();) {
        const std::string& first = lines[i];
        const std::size_t lead = lead_of(first);
        std::size_t j = i + 1;
        const bool blank = first.find_first_not_of(' ') == std::string::npos;
        const std::size_t column = blank ? 0 : text_column(first, lead);
        if (!blank && first.back() != ':') {
            while (j < lines.size()) {
                const std::string& next = lines[j];
                if (next.find_first_not_of(' ') == std::string::npos) break;
                const std::size_t next_lead = lead_of(next);
                const bool continues = next_lead > lead ||
                                       (column == 0 && next_lead == lead && next[next_lead] != '-' &&
                                        text_column(next, next_lead) == 0);
                if (!continues) break;
                ++j;
                if (next.back() == ':') break;
            }
        }
        bool fits = true;
        for (std::size_t k = i; k < j; ++k) fits = fits && columns(lines[k]) <= width;
        if (i > 0) out += '\n';
        if (fits) {
            for (std::size_t k = i; k < j; ++k) out += (k > i ? "\n" : "") + lines[k];
        } else {
            // The row's own words, then every continuation's, as one text.
            // In display columns: the row's head may hold accented letters ("=café").
            const std::size_t hang = column > 0 ? columns(first.substr(0, column))
                                                : lead + (j > i + 1 ? lead_of(lines[i + 1]) - lead : 0);
            const std::size_t indent = std::min<std::size_t>(hang, width / 2);
            std::string words = first.substr(column > 0 ? column : lead);
            for (std::size_t k = i + 1; k < j; ++k) words += ' ' + lines[k].substr(lead_of(lines[k]));
            const std::string head = column > 0 ? first.substr(0, column) : std::string(lead, ' ');
            if (columns(head) > indent) out += head.substr(0, head.find_last_not_of(' ') + 1) + '\n' + std::string(indent, ' ');
            else out += head + std::string(indent - columns(head), ' ');
            out += wrap_text(words, indent, width);
        }
        i = j;
    }
    return out;
}

class GroupedFormatter : public CLI::Formatter {
public:
    GroupedFormatter(std::vector<std::string> order, std::string brief_footer)
        : m_order(std::move(order)), m_brief_footer(std::move(brief_footer)) {}

    std::string make_help(const CLI::App* app, std::string name, CLI::AppFormatMode mode) const override {
        const bool all = mode == CLI::AppFormatMode::All;
        m_brief = !all;
        const std::size_t width = help_width();
        std::ostringstream out;
        out << make_usage(app, name);
        std::string desc = app->get_description();
        if (!all && desc.find("\n\n") != std::string::npos) // --help: the first paragraph
            desc = desc.substr(0, desc.find("\n\n"));
        if (!desc.empty()) out << fit_lines(desc, width) << '\n';
        const auto positionals = app->get_options([](const CLI::Option* o) { return o->get_positional(); });
        if (all && !positionals.empty()) { // --help: the usage line names them
            out << "\nArguments:\n";
            for (const CLI::Option* o : positionals) out << option_line(o, true, width);
        }
        std::vector<std::string> groups{"Options"};
        for (const std::string& g : m_order) groups.push_back(g);
        for (const std::string& g : app->get_groups())
            if (!g.empty() && std::find(groups.begin(), groups.end(), g) == groups.end()) groups.push_back(g);
        std::vector<std::string> summary;
        for (const std::string& g : groups) {
            const auto opts = app->get_options([&](const CLI::Option* o) {
                // --help leaves out the line for --help itself; --help-all is named below.
                return o->get_group() == g && o->nonpositional() &&
                       (all || (o != app->get_help_ptr() && o != app->get_help_all_ptr()));
            });
            if (opts.empty()) continue;
            if (all || g == "Options") {
                out << '\n' << (g == "Options" && !all ? std::string("Options") : g) << ":\n";
                for (const CLI::Option* o : opts) out << option_line(o, false, width);
            } else {
                summary.push_back(g + " " + std::to_string(opts.size()));
            }
        }
        if (!summary.empty()) {
            std::string more = "More options (";
            for (std::size_t i = 0; i < summary.size(); ++i) more += (i == 0 ? "" : ", ") + summary[i];
            more += "): " + name + " --help-all";
            out << '\n' << wrap_text(more, 2, width) << '\n';
        }
        const std::string footer = all ? app->get_footer() : m_brief_footer;
        if (!footer.empty()) out << '\n' << fit_lines(footer, width) << '\n';
        return out.str();
    }

private:
    static std::string long_name(const CLI::Option* o) {
        const auto& l = o->get_lnames();
        if (!l.empty()) return "--" + l.front();
        const auto& s = o->get_snames();
        return s.empty() ? o->get_name() : "-" + s.front();
    }

    // "--timeline{auto}" (a flag's default value in CLI11's name) -> "--timeline".
    static std::string strip_braces(const std::string& s) {
        std::string out;
        bool in = false;
        for (char c : s) {
            if (c == '{') in = true;
            else if (c == '}') in = false;
            else if (!in) out += c;
        }
        return out;
    }

    // " UINT=10", " {relevance,newest,oldest}=relevance", or the option's own text; CLI11's
    // validator descriptions ("INT in [0 - 100000]") are left to the description.
    static std::string value_text(const CLI::Option* o) {
        if (!o->get_option_text().empty()) return " " + o->get_option_text();
        if (o->get_expected_max() == 0) return {}; // a flag
        std::string type = o->get_type_name();
        if (const auto colon = type.find(':'); colon != std::string::npos) {
            const std::string rest = type.substr(colon + 1);
            type = !rest.empty() && rest.front() == '{' ? rest : type.substr(0, colon);
        }
        std::string out = " " + type;
        if (!o->get_default_str().empty()) out += "=" + o->get_default_str();
        if (o->get_expected_max() > 1) out += " ...";
        return out;
    }

    std::string option_line(const CLI::Option* o, bool positional, std::size_t width) const {
        std::string head = "  ";
        if (positional) {
            head += o->get_name(true, false);
            if (o->get_expected_max() > 1) head += "...";
        } else {
            std::string names = o->get_name(false, true); // "-n,--limit"
            std::string spaced;
            for (char c : names) {
                spaced += c;
                if (c == ',') spaced += ' ';
            }
            head += strip_braces(spaced) + value_text(o);
        }
        std::string desc = o->get_description();
        for (char& c : desc)
            if (c == '\n') c = ' ';
        if (m_brief) desc = brief_description(desc, width > name_column ? width - name_column : 40);
        if (desc.empty()) return head + '\n';
        std::string out = head;
        if (columns(head) + 1 >= name_column) {
            out += '\n' + std::string(name_column, ' ');
        } else {
            out += std::string(name_column - columns(head), ' ');
        }
        return out + wrap_text(desc, name_column, width) + '\n';
    }

    std::vector<std::string> m_order;
    std::string m_brief_footer;
    mutable bool m_brief = false;
};

} // namespace

std::size_t help_width() {
    std::size_t w = 0;
    winsize ws{};
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) w = ws.ws_col;
    if (!w)
        if (const char* cols = std::getenv("COLUMNS")) {
            const int n = std::atoi(cols);
            if (n > 0) w = static_cast<std::size_t>(n);
        }
    if (!w) w = 80;
    return std::clamp<std::size_t>(w, 40, 100);
}

std::string wrap_text(const std::string& text, std::size_t indent, std::size_t width) {
    const std::size_t room = width > indent + 20 ? width - indent : 20;
    std::string out;
    std::size_t line = 0; // columns on the current line
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] == '\n') {
            out += '\n' + std::string(indent, ' ');
            line = 0;
            ++i;
            continue;
        }
        if (text[i] == ' ') {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < text.size() && text[j] != ' ' && text[j] != '\n') ++j;
        const std::string word = text.substr(i, j - i);
        const std::size_t w = columns(word);
        if (line > 0 && line + 1 + w > room) {
            out += '\n' + std::string(indent, ' ');
            line = 0;
        } else if (line > 0) {
            out += ' ';
            ++line;
        }
        out += word;
        line += w;
        i = j;
    }
    return out;
}

void set_value_names(CLI::App& app, const std::vector<std::pair<std::string, std::string>>& names) {
    for (const auto& [option, text] : names)
        if (CLI::Option* o = app.get_option_no_throw(option); o && o->get_option_text().empty()) {
            std::string t = text;
            if (!o->get_default_str().empty() && o->get_default_str() != "\"\"") t += "=" + o->get_default_str();
            o->option_text(t);
        }
}

void use_grouped_help(CLI::App& app, const std::vector<HelpGroup>& groups, std::string brief_footer) {
    std::vector<std::string> order;
    for (const HelpGroup& g : groups) {
        order.push_back(g.name);
        for (const std::string& n : g.options)
            if (CLI::Option* o = app.get_option_no_throw(n)) o->group(g.name);
    }
    app.set_help_all_flag("--help-all", "Print every option, grouped, and the whole reference, then exit");
    app.formatter(std::make_shared<GroupedFormatter>(std::move(order), std::move(brief_footer)));
}

std::vector<std::string> option_names(const CLI::App& app) {
    std::vector<std::string> out;
    for (const CLI::Option* o : app.get_options([](const CLI::Option* o) { return o->nonpositional(); })) {
        for (const auto& s : o->get_snames()) out.push_back("-" + s);
        for (const auto& l : o->get_lnames()) out.push_back("--" + l);
    }
    return out;
}

} // namespace lede::cli

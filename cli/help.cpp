// SPDX-License-Identifier: MIT
#include "help.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <sstream>

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

// Lines longer than `width` wrapped, their continuations indented two more than the line.
std::string fit_lines(const std::string& text, std::size_t width) {
    std::string out;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        const std::string line = text.substr(start, end - start);
        if (!out.empty() || start > 0) out += '\n';
        if (columns(line) <= width) {
            out += line;
        } else {
            const std::size_t lead = line.find_first_not_of(' ') == std::string::npos ? 0 : line.find_first_not_of(' ');
            out += std::string(lead, ' ') + wrap_text(line.substr(lead), lead ? lead + 2 : 0, width);
        }
        start = end + 1;
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

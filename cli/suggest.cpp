// SPDX-License-Identifier: MIT
#include "suggest.hpp"

#include "config.hpp"
#include "help.hpp"

#include <algorithm>
#include <ostream>

namespace lede::cli {

namespace {

// Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions).
std::size_t edit_distance(const std::string& a, const std::string& b) {
    const std::size_t n = a.size(), m = b.size();
    std::vector<std::vector<std::size_t>> d(n + 1, std::vector<std::size_t>(m + 1));
    for (std::size_t i = 0; i <= n; ++i) d[i][0] = i;
    for (std::size_t j = 0; j <= m; ++j) d[0][j] = j;
    for (std::size_t i = 1; i <= n; ++i)
        for (std::size_t j = 1; j <= m; ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    return d[n][m];
}

std::string lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

} // namespace

std::string nearest_option(const std::string& typed_in, const std::vector<std::string>& known) {
    const std::string typed = lower(typed_in.substr(0, typed_in.find('=')));
    if (typed.size() < 2) return {};
    // A unique prefix ("--exclu" -> "--exclude"); long options only, at least 3 letters typed.
    if (typed.rfind("--", 0) == 0 && typed.size() >= 5) {
        std::vector<std::string> prefixed;
        for (const auto& k : known)
            if (k.rfind(typed, 0) == 0) prefixed.push_back(k);
        if (prefixed.size() == 1) return prefixed.front();
    }
    std::string best;
    std::size_t best_d = SIZE_MAX;
    bool tie = false;
    for (const auto& k : known) {
        const std::size_t dist = edit_distance(typed, k);
        if (dist < best_d) {
            best_d = dist;
            best = k;
            tie = false;
        } else if (dist == best_d && k != best) {
            tie = true;
        }
    }
    // Close: one edit for short names, two for names of 8 or more letters (after the dashes), three
    // from 14; a typo equidistant from two names is still suggested (the first registered).
    const std::size_t letters = typed.size() > 2 ? typed.size() - 2 : 0;
    const std::size_t limit = letters >= 14 ? 3 : letters >= 8 ? 2 : 1;
    (void)tie;
    return best_d <= limit ? best : std::string();
}

int report_parse_error(CLI::App& app, const CLI::ParseError& e, std::ostream& out, std::ostream& err,
                       const ConfigFile* config) {
    const std::string program = app.get_name();
    if (e.get_exit_code() == 0) { // --help, --help-all, --version
        if (dynamic_cast<const CLI::CallForAllHelp*>(&e))
            out << app.help("", CLI::AppFormatMode::All);
        else if (dynamic_cast<const CLI::CallForHelp*>(&e))
            out << app.help();
        else if (dynamic_cast<const CLI::CallForVersion*>(&e))
            out << e.what() << '\n';
        return 0; // CLI::Success: the option's callback did its work (--completion)
    }
    if (dynamic_cast<const CLI::ExtrasError*>(&e)) {
        const std::vector<std::string> known = option_names(app);
        bool told = false;
        for (const std::string& arg : app.remaining()) {
            if (arg.size() < 2 || arg[0] != '-') continue;
            const std::string name = arg.substr(0, arg.find('='));
            err << program << ": unknown option " << name;
            const std::string near = nearest_option(name, known);
            if (!near.empty()) err << "; did you mean " << near << '?';
            else if (arg.size() > 2 && arg[1] != '-')
                err << " (words and file names that start with '-' go after --: " << program << " -- ... " << arg << ')';
            err << '\n';
            told = true;
            break; // the first one: after a typo the rest may be its values
        }
        if (told) {
            err << "(see " << program << " --help)\n";
            return 2;
        }
    }
    const std::string where = config ? config->locate(e.what()) : std::string();
    err << program << ": " << where << e.what() << "\n(see " << program << " --help)\n";
    return 2;
}

} // namespace lede::cli

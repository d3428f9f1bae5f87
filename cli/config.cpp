// SPDX-License-Identifier: MIT
#include "config.hpp"

#include "suggest.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>

namespace lede::cli {

namespace {

namespace fs = std::filesystem;

// CLI11's TOML reader, keeping the top level and one section (as if at the top level).
class SectionConfig : public CLI::ConfigTOML {
public:
    explicit SectionConfig(std::string section) : m_section(std::move(section)) {
        // $LEDE_DB is closer to the command than the file: it wins over the file's db.
        if (const char* env = std::getenv("LEDE_DB"); env && *env) m_skip = "db";
    }
    std::vector<CLI::ConfigItem> from_config(std::istream& in) const override {
        std::vector<CLI::ConfigItem> out;
        for (CLI::ConfigItem& item : CLI::ConfigTOML::from_config(in)) {
            if (item.name == "++" || item.name == "--") continue; // section open/close markers
            if (!m_skip.empty() && item.name == m_skip) continue;
            if (item.parents.empty()) {
                out.push_back(std::move(item));
            } else if (item.parents.size() == 1 && item.parents.front() == m_section) {
                item.parents.clear();
                out.push_back(std::move(item));
            }
        }
        return out;
    }

private:
    std::string m_section;
    std::string m_skip;
};

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r");
    if (b == std::string::npos) return {};
    return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

// The options a config file may set: every long option but the ones that act rather than set.
bool settable(const CLI::Option* o) {
    for (const auto& n : o->get_lnames())
        if (n == "help" || n == "help-all" || n == "version" || n == "config" || n == "no-config" ||
            n == "completion")
            return false;
    return !o->get_lnames().empty();
}

} // namespace

std::string ConfigFile::default_path() {
    if (const char* x = std::getenv("XDG_CONFIG_HOME"); x && *x == '/') return std::string(x) + "/lede/config";
    if (const char* h = std::getenv("HOME"); h && *h) return std::string(h) + "/.config/lede/config";
    return {};
}

void ConfigFile::install(CLI::App& app, int argc, const char* const* argv, const std::string& section) {
    bool none = false;
    std::string given;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        m_argv.push_back(a);
        if (a == "--") break;
        // Help, version and completion scripts never depend on a config file (nor fail over one).
        if (a == "-h" || a == "--help" || a == "--help-all" || a == "--version" || a.rfind("--completion", 0) == 0)
            none = true;
        if (a == "--no-config") none = true;
        else if (a == "--config" && i + 1 < argc) given = argv[i + 1];
        else if (a.rfind("--config=", 0) == 0) given = a.substr(9);
    }
    if (none && !given.empty() && std::find(m_argv.begin(), m_argv.end(), "--no-config") != m_argv.end())
        throw ConfigFileError("--config and --no-config cannot be combined");
    if (none) given.clear();
    const std::string fallback = default_path();
    std::error_code ec;
    if (!given.empty()) {
        if (!fs::is_regular_file(given, ec)) throw ConfigFileError("config file '" + given + "' not found");
        m_path = given;
    } else if (!none && !fallback.empty() && fs::exists(fallback, ec)) {
        m_path = fallback;
    }
    CLI::Option* config = app.set_config("--config", none ? std::string() : m_path,
                                         "Read options from this file (default: $XDG_CONFIG_HOME/lede/config, "
                                         "else ~/.config/lede/config; see the README, 'Config file')");
    config->option_text("FILE");
    app.add_flag_callback("--no-config", [] {}, "Read no config file (not even the default one)")->group("Advanced");
    app.config_formatter(std::make_shared<SectionConfig>(section));
    if (m_path.empty()) return;

    // Every line checked here, so that a mistake is named by its line: CLI11 ignores keys it does
    // not know and names none.
    std::ifstream in(m_path);
    if (!in) throw ConfigFileError("cannot read config file '" + m_path + "'");
    std::vector<std::string> known;
    for (const CLI::Option* o : app.get_options())
        if (settable(o))
            for (const auto& n : o->get_lnames()) known.push_back(n);
    std::string line, current;
    std::size_t n = 0;
    auto bad = [&](const std::string& why) {
        throw ConfigFileError(m_path + ":" + std::to_string(n) + ": " + why);
    };
    while (std::getline(in, line)) {
        ++n;
        std::string t = trim(line);
        if (t.empty() || t[0] == '#' || t[0] == ';') continue;
        if (t[0] == '[') {
            if (t.back() != ']') bad("expected [search] or [index]");
            current = trim(t.substr(1, t.size() - 2));
            if (current != "search" && current != "index")
                bad("unknown section [" + current + "] (sections: [search] for lede-search, [index] for lede-index)");
            continue;
        }
        const auto eq = t.find('=');
        if (eq == std::string::npos) bad("expected NAME = VALUE");
        std::string key = trim(t.substr(0, eq));
        const std::string value = trim(t.substr(eq + 1));
        if (key.rfind("--", 0) == 0) key.erase(0, 2);
        if (key.empty()) bad("expected NAME = VALUE");
        if (value.empty()) bad("'" + key + "' has no value");
        if (current.empty() && key != "db")
            bad("'" + key + "' at the top level: only db is shared by both programs; put it under [search] "
                "(lede-search) or [index] (lede-index)");
        if (current != section && !current.empty()) continue; // the other program checks its section
        if (std::find(known.begin(), known.end(), key) == known.end()) {
            std::vector<std::string> dashed;
            for (const auto& k : known) dashed.push_back("--" + k);
            const std::string near = nearest_option("--" + key, dashed);
            bad("unknown option '" + key + "'" + (near.empty() ? std::string() : "; did you mean '" + near.substr(2) + "'?"));
        }
        m_lines[key] = n;
        m_text[key] = t;
    }
}

std::string ConfigFile::locate(const std::string& message) const {
    for (const auto& [key, line] : m_lines) {
        const std::string flag = "--" + key;
        const auto at = message.find(flag);
        if (at == std::string::npos) continue;
        const char after = at + flag.size() < message.size() ? message[at + flag.size()] : ' ';
        if (after == '-' || std::isalnum(static_cast<unsigned char>(after))) continue; // --k1 vs --k12
        bool on_command_line = false;
        for (const auto& a : m_argv)
            if (a == flag || a.rfind(flag + "=", 0) == 0) on_command_line = true;
        if (!on_command_line) return m_path + ":" + std::to_string(line) + ": " + m_text.at(key) + ": ";
    }
    return {};
}

} // namespace lede::cli

// SPDX-License-Identifier: MIT
// Walking directories in a stable order, glob filters, file identity (absolute path, size, mtime).
#include "inputs.hpp"

#include "formats.hpp"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <set>
#include <sys/stat.h>

namespace fs = std::filesystem;

namespace lede {
namespace {

bool match_class(std::string_view p, std::size_t& i, char c) {
    // p[i] == '['; on return i is past the closing ']'.
    std::size_t j = i + 1;
    bool negate = false;
    if (j < p.size() && (p[j] == '!' || p[j] == '^')) {
        negate = true;
        ++j;
    }
    bool hit = false;
    bool first = true;
    for (; j < p.size() && (first || p[j] != ']'); ++j, first = false) {
        if (j + 2 < p.size() && p[j + 1] == '-' && p[j + 2] != ']') {
            if (c >= p[j] && c <= p[j + 2]) hit = true;
            j += 2;
        } else if (p[j] == c) {
            hit = true;
        }
    }
    i = j + 1;
    return hit != negate;
}

bool match_at(std::string_view p, std::string_view t) {
    while (!p.empty()) {
        if (p.substr(0, 2) == "**") {
            std::string_view rest = p.substr(2);
            while (!rest.empty() && rest.front() == '*') rest.remove_prefix(1);
            if (!rest.empty() && rest.front() == '/' && match_at(rest.substr(1), t)) return true; // zero directories
            for (std::size_t i = 0; i <= t.size(); ++i)
                if (match_at(rest, t.substr(i))) return true;
            return false;
        }
        const char c = p.front();
        if (c == '*') {
            for (std::size_t i = 0; i <= t.size(); ++i) {
                if (match_at(p.substr(1), t.substr(i))) return true;
                if (i < t.size() && t[i] == '/') break;
            }
            return false;
        }
        if (t.empty()) return false;
        if (c == '?') {
            if (t.front() == '/') return false;
        } else if (c == '[' && p.find(']', 2) != std::string_view::npos) {
            std::size_t i = 0;
            if (t.front() == '/' || !match_class(p, i, t.front())) return false;
            p.remove_prefix(i);
            t.remove_prefix(1);
            continue;
        } else if (c != t.front()) {
            return false;
        }
        p.remove_prefix(1);
        t.remove_prefix(1);
    }
    return t.empty();
}

std::int64_t mtime_ns(const struct stat& st) {
    return static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
}

std::string absolute_path(const fs::path& p) {
    std::error_code ec;
    fs::path c = fs::weakly_canonical(fs::absolute(p, ec), ec);
    if (ec) c = fs::absolute(p).lexically_normal();
    return c.string();
}

// Whether canonical path `p` is `root` or lies under it.
bool within(const std::string& p, const std::string& root) {
    if (root == "/") return true;
    return p == root || (p.size() > root.size() && p.compare(0, root.size(), root) == 0 && p[root.size()] == '/');
}

struct Walker {
    const WalkOptions& opt;
    WalkResult& out;
    std::set<std::string>& seen;
    std::string root;               // canonical path of the directory argument being walked
    std::set<std::string> walking;  // canonical paths of the directories being walked (loop guard)

    void file(const std::string& display, const fs::path& p, bool explicit_arg) {
        struct stat st {};
        if (::stat(p.c_str(), &st) != 0) {
            out.errors.emplace_back(display, std::string("cannot open: ") + std::strerror(errno));
            return;
        }
        InputFile f;
        f.display = display;
        f.regular = S_ISREG(st.st_mode);
        // A pipe's name (/dev/fd/63, /dev/stdin) is opened as given: resolved, it names "pipe:[N]".
        f.path = f.regular ? absolute_path(p) : fs::absolute(p).lexically_normal().string();
        f.size = f.regular ? static_cast<std::uint64_t>(st.st_size) : 0;
        f.mtime_ns = mtime_ns(st);
        f.explicit_arg = explicit_arg;
        if (seen.insert(f.path).second) out.files.push_back(std::move(f));
    }

    void dir(const std::string& display, const fs::path& p, const std::string& rel) {
        std::error_code ec;
        const std::string here = fs::canonical(p, ec).string();
        if (ec || !walking.insert(here).second) return; // a link back into a directory being walked
        walk_entries(display, p, rel);
        walking.erase(here);
    }

    void walk_entries(const std::string& display, const fs::path& p, const std::string& rel) {
        std::error_code ec;
        std::vector<fs::directory_entry> entries;
        for (fs::directory_iterator it(p, ec), end; !ec && it != end; it.increment(ec)) entries.push_back(*it);
        if (ec) {
            out.errors.emplace_back(display, "cannot read directory: " + ec.message());
            return;
        }
        std::sort(entries.begin(), entries.end(),
                  [](const auto& a, const auto& b) { return a.path().filename() < b.path().filename(); });
        for (const auto& e : entries) {
            const std::string name = e.path().filename().string();
            if (name.empty() || name[0] == '.') continue;
            const std::string child_rel = rel.empty() ? name : rel + "/" + name;
            const std::string child_display = display.empty() || display.back() == '/' ? display + name : display + "/" + name;
            std::error_code ec2;
            const bool is_link = e.is_symlink(ec2);
            if (is_link) {
                const std::string target = fs::canonical(e.path(), ec2).string();
                if (ec2) continue; // dangling
                if (!opt.follow_symlinks && !within(target, root)) {
                    out.links_skipped.emplace_back(child_display, target);
                    continue;
                }
                if (fs::is_directory(target, ec2)) {
                    // Inside the tree it is walked through its own path; outside only when asked.
                    if (!opt.follow_symlinks) continue;
                    if (!opt.skip_dir.empty() && target == opt.skip_dir) continue;
                    if (!glob_selected(opt, child_rel, true)) continue;
                    dir(child_display, e.path(), child_rel);
                    continue;
                }
            }
            if (!is_link && e.is_directory(ec2)) {
                if (!opt.skip_dir.empty() && absolute_path(e.path()) == opt.skip_dir) continue;
                if (!glob_selected(opt, child_rel, true)) continue;
                dir(child_display, e.path(), child_rel);
                continue;
            }
            if (!e.is_regular_file(ec2)) continue; // sockets, devices, dangling or directory symlinks
            if (!glob_selected(opt, child_rel, false)) continue;
            if (!format_from_name(name) && !is_container_name(name)) {
                ++out.ignored;
                if (out.ignored_names.size() < 1000) out.ignored_names.push_back(child_display);
                continue;
            }
            file(child_display, e.path(), false);
        }
    }
};

} // namespace

bool glob_match(std::string_view pattern, std::string_view text) { return match_at(pattern, text); }

bool glob_selected(const WalkOptions& opt, std::string_view rel, bool is_dir) {
    auto matches = [&](const std::string& g) {
        if (g.find('/') == std::string::npos) {
            const auto slash = rel.find_last_of('/');
            return glob_match(g, slash == std::string_view::npos ? rel : rel.substr(slash + 1));
        }
        std::string_view pat = g;
        if (pat.substr(0, 2) == "./") pat.remove_prefix(2);
        if (!pat.empty() && pat.front() == '/') pat.remove_prefix(1);
        if (!pat.empty() && pat.back() == '/') pat.remove_suffix(1);
        return glob_match(pat, rel);
    };
    for (const auto& g : opt.exclude)
        if (matches(g)) return false;
    if (is_dir || opt.include.empty()) return true;
    return std::any_of(opt.include.begin(), opt.include.end(), matches);
}

WalkResult collect_inputs(const std::vector<std::string>& args, const WalkOptions& options) {
    WalkResult out;
    std::set<std::string> seen;
    Walker w{options, out, seen, {}, {}};
    for (const auto& a : args) {
        if (a == "-") {
            InputFile f;
            f.display = "<stdin>";
            f.is_stdin = true;
            f.explicit_arg = true;
            out.files.push_back(std::move(f));
            continue;
        }
        std::error_code ec;
        const fs::path p(a);
        if (fs::is_directory(p, ec)) {
            w.root = fs::canonical(p, ec).string();
            w.dir(a, p, "");
        }
        else w.file(a, p, true);
    }
    return out;
}

} // namespace lede

// SPDX-License-Identifier: MIT
// Index statistics from Xapian's term list, value streams and Lede's metadata.
#include "index_stats.hpp"

#include "index_meta.hpp"
#include "schema.hpp"
#include "terminal_text.hpp"

#include <nlohmann/json.hpp>
#include <xapian.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

namespace fs = std::filesystem;

namespace lede {
namespace {

std::string iso_day(const std::string& ymd) {
    if (ymd.size() != 8) return ymd;
    return ymd.substr(0, 4) + "-" + ymd.substr(4, 2) + "-" + ymd.substr(6, 2);
}

std::string human_bytes(std::uint64_t b) {
    char buf[32];
    if (b >= (1ULL << 30)) std::snprintf(buf, sizeof buf, "%.1f GiB", static_cast<double>(b) / (1ULL << 30));
    else if (b >= (1ULL << 20)) std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(b) / (1ULL << 20));
    else if (b >= 1024) std::snprintf(buf, sizeof buf, "%.1f KiB", static_cast<double>(b) / 1024);
    else std::snprintf(buf, sizeof buf, "%llu bytes", static_cast<unsigned long long>(b));
    return buf;
}

} // namespace

IndexSummary summarize_index(const std::string& path) {
    // Shard by shard for a sharded index: its language counts are summed over the shards.
    const OpenedIndex opened = open_index_checked(path, false);
    const Xapian::Database& db = opened.db;
    const IndexInfo& info = opened.info;
    IndexSummary s;
    s.path = path;
    s.articles = db.get_doccount();
    for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) ++s.terms;
    for (const auto& [lang, n] : info.languages)
        if (n > 0) s.languages[lang] = n;

    std::size_t dated = 0;
    for (auto v = db.valuestream_begin(schema::slot::date); v != db.valuestream_end(schema::slot::date); ++v) {
        const std::string d = *v;
        if (d.empty()) continue;
        ++dated;
        if (s.first_date.empty() || d < s.first_date) s.first_date = d;
        if (s.last_date.empty() || d > s.last_date) s.last_date = d;
    }
    s.first_date = iso_day(s.first_date);
    s.last_date = iso_day(s.last_date);
    s.undated = s.articles - std::min(dated, s.articles);

    std::map<std::string, std::size_t> sources;
    std::size_t with_source = 0;
    for (auto v = db.valuestream_begin(schema::slot::source); v != db.valuestream_end(schema::slot::source); ++v) {
        ++sources[*v];
        ++with_source;
    }
    if (with_source < s.articles) sources[""] += s.articles - with_source;
    s.sources.assign(sources.begin(), sources.end());
    std::stable_sort(s.sources.begin(), s.sources.end(), [](const auto& a, const auto& b) { return a.second > b.second; });

    const std::string prefix(schema::meta::file_prefix);
    for (auto k = db.metadata_keys_begin(prefix); k != db.metadata_keys_end(prefix); ++k) ++s.files;

    std::error_code ec;
    if (fs::is_directory(path, ec)) {
        for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec))
            if (it->is_regular_file(ec)) s.disk_bytes += it->file_size(ec);
    }
    return s;
}

void print_summary(const IndexSummary& s, std::ostream& out) {
    out << "index      " << terminal_text(s.path) << '\n';
    out << "articles   " << s.articles << '\n';
    out << "terms      " << s.terms << '\n';
    out << "languages  ";
    std::vector<std::pair<std::string, long>> langs(s.languages.begin(), s.languages.end());
    std::stable_sort(langs.begin(), langs.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    if (langs.empty()) out << "none";
    for (std::size_t i = 0; i < langs.size(); ++i)
        out << (i ? ", " : "") << (langs[i].first.empty() ? "unknown" : terminal_text(langs[i].first)) << ' ' << langs[i].second;
    out << '\n';
    out << "dates      ";
    if (s.first_date.empty()) out << "none";
    else out << terminal_text(s.first_date) << " .. " << terminal_text(s.last_date);
    if (s.undated) out << " (" << s.undated << " undated)";
    out << '\n';
    out << "sources    " << s.sources.size();
    for (std::size_t i = 0; i < s.sources.size() && i < 10; ++i)
        out << (i ? ", " : ": ") << (s.sources[i].first.empty() ? "(none)" : terminal_text(s.sources[i].first)) << ' '
            << s.sources[i].second;
    if (s.sources.size() > 10) out << ", ...";
    out << '\n';
    out << "files      " << s.files << '\n';
    out << "disk       " << human_bytes(s.disk_bytes) << '\n';
}

void print_summary_json(const IndexSummary& s, std::ostream& out) {
    nlohmann::json sources = nlohmann::json::array();
    for (const auto& [name, n] : s.sources) sources.push_back({{"source", name}, {"articles", n}});
    nlohmann::json data{{"index", s.path},
                        {"articles", s.articles},
                        {"terms", s.terms},
                        {"languages", s.languages},
                        {"first_date", s.first_date},
                        {"last_date", s.last_date},
                        {"undated", s.undated},
                        {"sources", sources},
                        {"files", s.files},
                        {"disk_bytes", s.disk_bytes}};
    out << nlohmann::json{{"type", "stats"}, {"data", data}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
        << '\n';
}

} // namespace lede

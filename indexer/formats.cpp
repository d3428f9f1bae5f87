// SPDX-License-Identifier: MIT
// Format names, extensions and content sniffing.
#include "formats.hpp"
#include "ascii.hpp"

#include <array>
#include <utility>

namespace lede {
namespace {

std::string_view extension(std::string_view name) {
    const auto slash = name.find_last_of('/');
    std::string_view base = slash == std::string_view::npos ? name : name.substr(slash + 1);
    const auto dot = base.find_last_of('.');
    if (dot == std::string_view::npos || dot == 0) return {};
    return base.substr(dot + 1);
}

constexpr std::array<std::string_view, 7> compression_exts{"gz", "bz2", "xz", "zst", "lz4", "z", "lzma"};

bool starts_with_ci(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c != prefix[i]) return false;
    }
    return true;
}

// An RFC 5322 header line: a field name of printable ASCII without spaces, then ':'.
bool is_header_line(std::string_view line) {
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) return false;
    for (char c : line.substr(0, colon))
        if (c <= 32 || c >= 127) return false;
    return true;
}

} // namespace

bool looks_like_mbox(std::string_view head) {
    if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
    if (head.substr(0, 5) != "From ") return false;
    // "From sender date", then the first message's headers (a date-less "From addr" line too).
    const auto nl = head.find('\n');
    if (nl == std::string_view::npos) return head.size() < 1000 && head.find(' ', 5) != std::string_view::npos;
    std::string_view second = head.substr(nl + 1);
    const auto nl2 = second.find('\n');
    second = second.substr(0, nl2);
    if (!second.empty() && second.back() == '\r') second.remove_suffix(1);
    return is_header_line(second) || (second.rfind(">From ", 0) == 0);
}

std::string_view format_name(Format f) {
    switch (f) {
    case Format::Auto: return "auto";
    case Format::Jsonl: return "jsonl";
    case Format::Csv: return "csv";
    case Format::Tsv: return "tsv";
    case Format::Text: return "text";
    case Format::Markdown: return "markdown";
    case Format::Html: return "html";
    case Format::Email: return "email";
    case Format::Mbox: return "mbox";
    case Format::Warc: return "warc";
    case Format::Feed: return "feed";
    }
    return "auto";
}

std::optional<Format> parse_format(std::string_view name) {
    static const std::pair<std::string_view, Format> names[] = {
        {"auto", Format::Auto},         {"jsonl", Format::Jsonl}, {"json", Format::Jsonl},
        {"ndjson", Format::Jsonl},      {"csv", Format::Csv},     {"tsv", Format::Tsv},
        {"text", Format::Text},         {"txt", Format::Text},    {"markdown", Format::Markdown},
        {"md", Format::Markdown},       {"html", Format::Html},   {"email", Format::Email},
        {"eml", Format::Email},         {"mail", Format::Email},  {"mbox", Format::Mbox},
        {"warc", Format::Warc},         {"feed", Format::Feed},   {"rss", Format::Feed},
        {"atom", Format::Feed},
    };
    const std::string l = ascii_lower(name);
    for (const auto& [n, f] : names)
        if (n == l) return f;
    return std::nullopt;
}

std::string format_names() { return "auto, jsonl, csv, tsv, text, markdown, html, email, mbox, warc, feed"; }

std::string strip_compression_extension(std::string_view name) {
    const std::string ext = ascii_lower(extension(name));
    for (auto c : compression_exts)
        if (ext == c) return std::string(name.substr(0, name.size() - ext.size() - 1));
    if (ext == "tgz" || ext == "tbz2" || ext == "tbz" || ext == "txz" || ext == "tzst")
        return std::string(name.substr(0, name.size() - ext.size())) + "tar";
    return std::string(name);
}

bool is_container_name(std::string_view name) {
    const std::string ext = ascii_lower(extension(name));
    for (auto c : compression_exts)
        if (ext == c) return true;
    static constexpr std::array<std::string_view, 9> archives{"zip", "tar", "tgz", "tbz2", "tbz",
                                                              "txz", "tzst", "7z", "cpio"};
    for (auto a : archives)
        if (ext == a) return true;
    return false;
}

std::optional<Format> format_from_name(std::string_view name) {
    const std::string ext = ascii_lower(extension(strip_compression_extension(name)));
    static const std::pair<std::string_view, Format> exts[] = {
        {"jsonl", Format::Jsonl}, {"ndjson", Format::Jsonl}, {"json", Format::Jsonl},
        {"csv", Format::Csv},     {"tsv", Format::Tsv},      {"tab", Format::Tsv},
        {"txt", Format::Text},    {"text", Format::Text},    {"md", Format::Markdown},
        {"markdown", Format::Markdown},                      {"html", Format::Html},
        {"htm", Format::Html},    {"xhtml", Format::Html},   {"shtml", Format::Html},
        {"eml", Format::Email},   {"mbox", Format::Mbox},    {"mbx", Format::Mbox},
        {"warc", Format::Warc},   {"arc", Format::Warc},     {"rss", Format::Feed},
        {"atom", Format::Feed},   {"rdf", Format::Feed},     {"xml", Format::Feed},
    };
    for (const auto& [e, f] : exts)
        if (e == ext) return f;
    return std::nullopt;
}

Format sniff_format(std::string_view head) {
    if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
    if (head.substr(0, 5) == "WARC/" || head.substr(0, 11) == "filedesc://") return Format::Warc;
    if (looks_like_mbox(head)) return Format::Mbox;
    const auto first = head.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return Format::Text;
    std::string_view rest = head.substr(first);
    if (rest[0] == '{') return Format::Jsonl;
    if (rest[0] == '<') { // a feed: <rss>, <rdf:RDF>, <feed> near the start (after <?xml ...?> and comments)
        const std::string l = ascii_lower(rest.substr(0, 2048));
        if (l.find("<rss") != std::string::npos || l.find("<rdf:rdf") != std::string::npos ||
            (l.find("<feed") != std::string::npos && l.find("<html") == std::string::npos))
            return Format::Feed;
    }
    if (starts_with_ci(rest, "<!doctype html") || starts_with_ci(rest, "<html") || starts_with_ci(rest, "<head") ||
        starts_with_ci(rest, "<meta") || (starts_with_ci(rest, "<?xml") && ascii_lower(rest.substr(0, 512)).find("<html") != std::string::npos))
        return Format::Html;
    // E-mail: the first lines are headers, and at least one of them is one a message must have.
    std::size_t pos = 0, headers = 0;
    bool key_header = false;
    while (pos < head.size() && headers < 40) {
        auto nl = head.find('\n', pos);
        if (nl == std::string_view::npos) break;
        std::string_view line = head.substr(pos, nl - pos);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        pos = nl + 1;
        if (line.empty()) break;
        if (line[0] == ' ' || line[0] == '\t') continue; // folded continuation
        if (!is_header_line(line)) {
            headers = 0;
            break;
        }
        ++headers;
        if (starts_with_ci(line, "from:") || starts_with_ci(line, "subject:") || starts_with_ci(line, "message-id:") ||
            starts_with_ci(line, "received:") || starts_with_ci(line, "return-path:") ||
            starts_with_ci(line, "mime-version:"))
            key_header = true;
    }
    if (headers >= 2 && key_header) return Format::Email;
    return Format::Text;
}

} // namespace lede

// SPDX-License-Identifier: MIT
// WARC record framing, the HTTP response inside, content codings, then the HTML extractor.
#include "warc.hpp"

#include "decode.hpp"
#include "document_builder.hpp"
#include "error.hpp"
#include "html.hpp"
#include "streams.hpp"

#include <algorithm>
#include <map>

namespace lede {
namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::string trim(std::string_view s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return {};
    return std::string(s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1));
}

using Headers = std::map<std::string, std::string>;

// "Name: value" lines up to an empty line; folded lines continue the previous value.
std::size_t parse_headers(std::string_view block, Headers& h) {
    std::size_t pos = 0;
    std::string last;
    while (pos < block.size()) {
        const std::size_t eol = block.find('\n', pos);
        std::string_view line = block.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos);
        pos = eol == std::string_view::npos ? block.size() : eol + 1;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty()) return pos;
        if ((line[0] == ' ' || line[0] == '\t') && !last.empty()) {
            std::string& value = h[last];
            value += ' ';
            value += trim(line);
            continue;
        }
        const auto colon = line.find(':');
        if (colon == std::string_view::npos) continue;
        last = lower(trim(line.substr(0, colon)));
        h.emplace(last, trim(line.substr(colon + 1)));
    }
    return pos;
}

std::string get(const Headers& h, const char* name) {
    auto it = h.find(name);
    return it == h.end() ? std::string() : it->second;
}

std::string charset_of(const std::string& content_type) {
    const std::string l = lower(content_type);
    auto p = l.find("charset=");
    if (p == std::string::npos) return {};
    p += 8;
    std::string cs;
    for (; p < l.size() && l[p] != ';' && l[p] != ' '; ++p)
        if (l[p] != '"' && l[p] != '\'') cs += l[p];
    return cs;
}

bool html_type(const std::string& content_type) {
    const std::string l = lower(content_type);
    return l.rfind("text/html", 0) == 0 || l.rfind("application/xhtml+xml", 0) == 0;
}

// A byte source over a string, for running libarchive's decompressors on a gzip'ed HTTP body.
class StringStream : public ByteStream {
public:
    explicit StringStream(std::string_view s) : m_s(s) {}
    std::size_t read(char* buf, std::size_t n) override {
        const std::size_t k = std::min(n, m_s.size() - m_pos);
        std::copy_n(m_s.data() + m_pos, k, buf);
        m_pos += k;
        return k;
    }

private:
    std::string_view m_s;
    std::size_t m_pos = 0;
};

std::string content_decode(std::string body, const std::string& coding, const std::string& where, std::size_t max) {
    const std::string c = lower(trim(coding));
    if (c.empty() || c == "identity") return body;
    if (c != "gzip" && c != "x-gzip" && c != "deflate" && c != "br" && c != "zstd")
        throw InputError(where, 0, "unsupported Content-Encoding '" + coding + "'");
    StringStream in(body);
    ArchiveReader ar(in, where);
    if (!ar.next()) return {};
    // Inflated no further than the budget: a small body can decode to gigabytes.
    try {
        return read_all(ar.data(), where, max);
    } catch (const InputError& e) {
        if (std::string_view(e.what()).rfind("larger than", 0) != 0) throw;
        throw InputError(where, 0,
                         "HTTP body decodes to more than " + std::to_string(max >> 20) + " MiB (Content-Encoding " +
                             coding + "; --max-record-mb); decoding stopped there, record skipped");
    }
}

} // namespace

std::string dechunk(std::string_view body) {
    std::string out;
    std::size_t pos = 0;
    while (pos < body.size()) {
        const std::size_t eol = body.find('\n', pos);
        if (eol == std::string_view::npos) break;
        const std::string size_line = trim(body.substr(pos, eol - pos));
        std::size_t size = 0;
        bool any = false;
        for (char c : size_line) {
            int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (v < 0) break; // chunk extensions (";name=value") end the number
            size = size * 16 + static_cast<std::size_t>(v);
            any = true;
            if (size > body.size()) break;
        }
        if (!any || size == 0) break;
        pos = eol + 1;
        out.append(body.substr(pos, size));
        pos += size;
        if (pos < body.size() && body[pos] == '\r') ++pos;
        if (pos < body.size() && body[pos] == '\n') ++pos;
    }
    return out;
}

void read_warc(std::istream& in, const SourceName& name, RecordSink& sink, const Limits& limits) {
    const std::size_t max_record = limits.record_bytes; // larger records are passed over, not held in memory
    std::string line;
    std::size_t lineno = 0;
    std::uint64_t too_long = 0;
    bool resync = false; // after a bad record: look for the next version line
    while (read_line(in, line, max_record, too_long)) {
        ++lineno;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        if (line.rfind("WARC/", 0) != 0) {
            if (!resync) {
                sink.skip(name.display, lineno, "not a WARC record (expected a 'WARC/1.x' line)");
                resync = true;
            }
            continue;
        }
        resync = false;
        const std::size_t record_line = lineno;
        std::string block;
        bool block_too_long = false;
        while (read_line(in, line, max_record, too_long)) {
            ++lineno;
            if (too_long || block.size() + line.size() > max_record) {
                block_too_long = true;
                continue;
            }
            block += line;
            block += '\n';
            if (line.empty() || line == "\r") break;
        }
        if (block_too_long) {
            sink.skip(name.display, record_line, "WARC headers longer than " + std::to_string(max_record >> 20) +
                                                     " MiB (--max-record-mb)");
            resync = true;
            continue;
        }
        Headers wh;
        parse_headers(block, wh);
        const std::string length_text = get(wh, "content-length");
        std::size_t length = 0;
        bool ok = !length_text.empty();
        for (char c : length_text) {
            if (c < '0' || c > '9') {
                ok = false;
                break;
            }
            length = length * 10 + static_cast<std::size_t>(c - '0');
            if (length > (std::size_t(1) << 40)) ok = false;
        }
        if (!ok) {
            sink.skip(name.display, record_line, "WARC record without a valid Content-Length");
            resync = true;
            continue;
        }
        const std::string type = lower(get(wh, "warc-type"));
        const std::string warc_ct = lower(get(wh, "content-type"));
        const bool wanted = (type == "response" && warc_ct.find("application/http") != std::string::npos) ||
                            (type == "resource" && html_type(warc_ct));
        std::string content;
        if (wanted && length <= max_record) {
            content.resize(length);
            in.read(content.data(), static_cast<std::streamsize>(length));
            content.resize(static_cast<std::size_t>(in.gcount()));
        } else {
            std::size_t left = length;
            char buf[1 << 14];
            while (left > 0 && in) {
                in.read(buf, static_cast<std::streamsize>(std::min(left, sizeof buf)));
                const auto got = static_cast<std::size_t>(in.gcount());
                lineno += static_cast<std::size_t>(std::count(buf, buf + got, '\n'));
                left -= got;
                if (got == 0) break;
            }
            if (left > 0) {
                sink.skip(name.display, record_line, "WARC record cut short (" + std::to_string(left) + " bytes missing)");
                return;
            }
            if (wanted)
                sink.skip(name.display, record_line,
                          too_long_reason("WARC record", length, max_record) + " (passed over)");
            continue;
        }
        lineno += static_cast<std::size_t>(std::count(content.begin(), content.end(), '\n'));
        if (content.size() < length) {
            sink.skip(name.display, record_line,
                      "WARC record cut short (" + std::to_string(length - content.size()) + " bytes missing)");
            return;
        }
        const std::string uri = [&] {
            std::string u = get(wh, "warc-target-uri");
            if (u.size() >= 2 && u.front() == '<' && u.back() == '>') u = u.substr(1, u.size() - 2);
            return decode_to_utf8(u).text;
        }();
        std::string html, charset;
        if (type == "response") {
            // HTTP/1.1 200 OK, headers, blank line, body.
            const auto first_eol = content.find('\n');
            const std::string status_line = trim(std::string_view(content).substr(0, first_eol));
            int status = 0;
            if (auto sp = status_line.find(' '); sp != std::string::npos) status = std::atoi(status_line.c_str() + sp + 1);
            if (status_line.rfind("HTTP/", 0) != 0) {
                sink.skip(name.display, record_line, "response record without an HTTP status line");
                continue;
            }
            if (status < 200 || status > 299) continue; // redirects and errors are not articles
            Headers hh;
            const std::size_t body_at =
                first_eol == std::string::npos ? content.size()
                                               : first_eol + 1 + parse_headers(std::string_view(content).substr(first_eol + 1), hh);
            const std::string ct = get(hh, "content-type");
            if (!ct.empty() && !html_type(ct)) continue;
            std::string body = content.substr(std::min(body_at, content.size()));
            if (lower(get(hh, "transfer-encoding")).find("chunked") != std::string::npos) body = dechunk(body);
            try {
                html = content_decode(std::move(body), get(hh, "content-encoding"), name.display, max_record);
            } catch (const InputError& e) {
                sink.skip(name.display, record_line, e.what());
                continue;
            }
            if (ct.empty() && html.find("<html") == std::string::npos && html.find("<HTML") == std::string::npos) continue;
            charset = charset_of(ct);
        } else {
            html = std::move(content);
            charset = charset_of(warc_ct);
        }
        std::vector<std::string> warnings;
        Article a = html_to_article(html, charset, &warnings);
        for (const auto& w : warnings) sink.warn(name.display, record_line, w);
        if (a.title.empty() && a.body.empty()) {
            sink.skip(name.display, record_line, "HTML page with neither title nor text");
            continue;
        }
        if (a.date.empty()) a.date = get(wh, "warc-date");
        if (!uri.empty()) a.url = uri;
        if (a.source.empty()) a.source = url_host(uri);
        a.origin = name.id_base + ":" + std::to_string(record_line);
        a.id = uri.empty() ? a.origin : uri;
        sink.article(std::move(a));
    }
}

} // namespace lede

// SPDX-License-Identifier: MIT
// WARC record framing, the HTTP response inside, content codings, then the HTML extractor.
#include "warc.hpp"
#include "ascii.hpp"

#include "decode.hpp"
#include "document_builder.hpp"
#include "error.hpp"
#include "html.hpp"
#include "streams.hpp"

#include <brotli/decode.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <vector>

namespace lede {
namespace {


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
        last = ascii_lower(trim(line.substr(0, colon)));
        h.emplace(last, trim(line.substr(colon + 1)));
    }
    return pos;
}

std::string get(const Headers& h, const char* name) {
    auto it = h.find(name);
    return it == h.end() ? std::string() : it->second;
}

std::string charset_of(const std::string& content_type) {
    const std::string l = ascii_lower(content_type);
    auto p = l.find("charset=");
    if (p == std::string::npos) return {};
    p += 8;
    std::string cs;
    for (; p < l.size() && l[p] != ';' && l[p] != ' '; ++p)
        if (l[p] != '"' && l[p] != '\'') cs += l[p];
    return cs;
}

bool html_type(const std::string& content_type) {
    const std::string l = ascii_lower(content_type);
    return l.rfind("text/html", 0) == 0 || l.rfind("application/xhtml+xml", 0) == 0;
}

// Content codings (RFC 9110 8.4.1) undone with zlib, zstd and brotli. Bytes that do not decode
// from their start are taken as they are (crawlers often store the body decoded and keep the
// header); data damaged later keeps what decoded before the damage. Either way `problem` says so.
struct Inflated {
    std::string out;
    bool failed_at_start = false;
    bool damaged = false;
    bool over_budget = false; // decoding stopped at the record budget
};

Inflated inflate_body(std::string_view in, int window_bits, std::size_t max) {
    Inflated d;
    z_stream z{};
    if (inflateInit2(&z, window_bits) != Z_OK) {
        d.failed_at_start = true;
        return d;
    }
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(std::min<std::size_t>(in.size(), 1u << 30));
    char buf[1 << 15];
    int rc = Z_OK;
    while (rc == Z_OK) {
        z.next_out = reinterpret_cast<Bytef*>(buf);
        z.avail_out = sizeof buf;
        rc = inflate(&z, Z_NO_FLUSH);
        d.out.append(buf, sizeof buf - z.avail_out);
        if (d.out.size() > max) {
            d.over_budget = true;
            break;
        }
        if (rc == Z_BUF_ERROR && z.avail_in == 0) break; // the data ends before the stream does
    }
    if (rc != Z_STREAM_END) {
        if (d.out.empty() && z.total_in < 16) d.failed_at_start = true;
        else d.damaged = true;
    }
    inflateEnd(&z);
    return d;
}

Inflated zstd_body(std::string_view in, std::size_t max) {
    Inflated d;
    ZSTD_DStream* z = ZSTD_createDStream();
    ZSTD_initDStream(z);
    ZSTD_inBuffer ib{in.data(), in.size(), 0};
    char buf[1 << 15];
    std::size_t rc = 1;
    while (ib.pos < ib.size || rc != 0) {
        ZSTD_outBuffer ob{buf, sizeof buf, 0};
        rc = ZSTD_decompressStream(z, &ob, &ib);
        if (ZSTD_isError(rc)) break;
        d.out.append(buf, ob.pos);
        if (d.out.size() > max) {
            d.over_budget = true;
            break;
        }
        if (rc == 0 && ib.pos >= ib.size) break;
        if (ob.pos == 0 && ib.pos >= ib.size) break; // input ended inside a frame
    }
    if (ZSTD_isError(rc) || rc != 0) {
        if (d.out.empty()) d.failed_at_start = true;
        else d.damaged = true;
    }
    ZSTD_freeDStream(z);
    return d;
}

Inflated brotli_body(std::string_view in, std::size_t max) {
    Inflated d;
    BrotliDecoderState* b = BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
    std::size_t avail_in = in.size();
    const auto* next_in = reinterpret_cast<const std::uint8_t*>(in.data());
    BrotliDecoderResult rc = BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT;
    std::uint8_t buf[1 << 15];
    while (rc == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT) {
        std::size_t avail_out = sizeof buf;
        std::uint8_t* next_out = buf;
        rc = BrotliDecoderDecompressStream(b, &avail_in, &next_in, &avail_out, &next_out, nullptr);
        d.out.append(reinterpret_cast<char*>(buf), sizeof buf - avail_out);
        if (d.out.size() > max) {
            d.over_budget = true;
            break;
        }
    }
    if (rc != BROTLI_DECODER_RESULT_SUCCESS) {
        if (d.out.empty()) d.failed_at_start = true;
        else d.damaged = true;
    }
    BrotliDecoderDestroyInstance(b);
    return d;
}

// Undo the codings in `coding` ("gzip", "deflate", "br", "zstd", "x-gzip", lists as "gzip, br"),
// last applied first. Throws InputError for a coding we do not know.
std::string content_decode(std::string body, const std::string& coding, const std::string& where, std::string& problem,
                           std::size_t max) {
    std::vector<std::string> codings;
    for (std::size_t pos = 0; pos <= coding.size();) {
        auto comma = coding.find(',', pos);
        if (comma == std::string::npos) comma = coding.size();
        std::string c = ascii_lower(trim(std::string_view(coding).substr(pos, comma - pos)));
        if (!c.empty() && c != "identity") codings.push_back(c);
        pos = comma + 1;
    }
    for (auto it = codings.rbegin(); it != codings.rend(); ++it) {
        const std::string& c = *it;
        Inflated d;
        if (c == "gzip" || c == "x-gzip") {
            d = inflate_body(body, 15 + 32, max); // gzip, or zlib as some servers send
        } else if (c == "deflate") {
            d = inflate_body(body, 15, max); // RFC 9110: zlib; raw deflate as old servers send
            if (d.failed_at_start) d = inflate_body(body, -15, max);
        } else if (c == "br") {
            d = brotli_body(body, max);
        } else if (c == "zstd") {
            d = zstd_body(body, max);
        } else {
            throw InputError(where, 0, "unsupported Content-Encoding '" + coding + "'");
        }
        // Inflated no further than the budget: a small body can decode to gigabytes.
        if (d.over_budget)
            throw InputError(where, 0,
                             "HTTP body decodes to more than " + std::to_string(max >> 20) + " MiB (Content-Encoding " +
                                 c + "; --max-record-mb); decoding stopped there, record skipped");
        if (d.failed_at_start) {
            problem = "Content-Encoding " + c + " does not decode: the body is read as it is";
            return body; // stored decoded, the header kept
        }
        if (d.damaged)
            problem = "Content-Encoding " + c + " data damaged after " + std::to_string(d.out.size()) +
                      " decoded bytes: the text before the damage is kept";
        body = std::move(d.out);
    }
    return body;
}

bool text_type(const std::string& content_type) {
    const std::string l = ascii_lower(content_type);
    return l.rfind("text/plain", 0) == 0;
}

// "20140216050221" (ARC's archive date) as ISO 8601.
std::string arc_date(std::string_view d) {
    if (d.size() < 14 || d.substr(0, 14).find_first_not_of("0123456789") != std::string_view::npos) return {};
    return std::string(d.substr(0, 4)) + "-" + std::string(d.substr(4, 2)) + "-" + std::string(d.substr(6, 2)) + "T" +
           std::string(d.substr(8, 2)) + ":" + std::string(d.substr(10, 2)) + ":" + std::string(d.substr(12, 2)) + "Z";
}

} // namespace

std::string dechunk(std::string_view body) {
    std::string out;
    dechunk_strict(body, out);
    return out;
}

bool dechunk_strict(std::string_view body, std::string& out) {
    out.clear();
    std::size_t pos = 0;
    while (pos < body.size()) {
        const std::size_t eol = body.find('\n', pos);
        if (eol == std::string_view::npos) return false;
        const std::string size_line = trim(body.substr(pos, eol - pos));
        std::size_t size = 0;
        bool any = false, bad = false;
        for (char c : size_line) {
            int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (v < 0) {
                bad = c != ';' && c != ' ' && c != '\t'; // chunk extensions (";name=value") end the number
                break;
            }
            size = size * 16 + static_cast<std::size_t>(v);
            any = true;
            if (size > body.size()) return false;
        }
        if (!any || bad) return false;
        if (size == 0) return true;
        pos = eol + 1;
        if (pos + size > body.size()) { // the last chunk cut short: keep it
            out.append(body.substr(pos));
            return false;
        }
        out.append(body.substr(pos, size));
        pos += size;
        if (pos < body.size() && body[pos] == '\r') ++pos;
        if (pos < body.size() && body[pos] == '\n') ++pos;
        else if (pos < body.size()) return false; // the chunk was not the size it said
    }
    return true; // the data ends after a whole chunk: the last-chunk line was lost
}

namespace {

// One captured HTTP response (a WARC response record's block, an ARC record's data) or resource
// to an article.
struct Capture {
    std::string uri, date, warc_type, content_type; // content_type: of a resource record
    std::string content;
    std::size_t line = 0;      // of the record's first line
    std::uint64_t offset = 0;  // byte offset of the record in the (decompressed) stream
    std::size_t missing = 0;   // bytes the record says it has and the data does not
    std::string truncated;     // WARC-Truncated: why the crawler cut it
};

void capture_to_article(Capture& c, const SourceName& name, RecordSink& sink, std::size_t max_record) {
    const std::string where = " (record at byte " + std::to_string(c.offset) + (c.uri.empty() ? "" : ", " + c.uri) + ")";
    auto warn = [&](const std::string& m) { sink.warn(name.display, c.line, m + where); };
    if (c.missing > 0)
        warn("cut short (" + std::to_string(c.missing) + " bytes missing): the text before the damage is kept");
    if (!c.truncated.empty())
        warn("WARC-Truncated: " + c.truncated + " (the crawler kept only part of the page): indexed as far as it goes");
    std::string text, charset;
    bool is_html = true;
    if (c.warc_type == "response") {
        const auto first_eol = c.content.find('\n');
        const std::string status_line = trim(std::string_view(c.content).substr(0, first_eol));
        if (status_line.rfind("HTTP/", 0) != 0) {
            sink.skip(name.display, c.line, "response record without an HTTP status line" + where);
            return;
        }
        int status = 0;
        if (auto sp = status_line.find(' '); sp != std::string::npos) status = std::atoi(status_line.c_str() + sp + 1);
        if (status < 200 || status > 299) return; // redirects and errors are not articles
        Headers hh;
        const std::size_t body_at =
            first_eol == std::string::npos
                ? c.content.size()
                : first_eol + 1 + parse_headers(std::string_view(c.content).substr(first_eol + 1), hh);
        const std::string ct = get(hh, "content-type");
        if (!ct.empty() && !html_type(ct) && !text_type(ct)) return;
        std::string body = c.content.substr(std::min(body_at, c.content.size()));
        if (ascii_lower(get(hh, "transfer-encoding")).find("chunked") != std::string::npos) {
            std::string plain;
            if (dechunk_strict(body, plain)) body = std::move(plain);
            else if (c.missing > 0 && !plain.empty()) body = std::move(plain); // cut inside a chunk
            else warn("Transfer-Encoding chunked does not decode (crawlers store bodies de-chunked): the body is read as it is");
        }
        try {
            std::string problem;
            text = content_decode(std::move(body), get(hh, "content-encoding"), name.display, problem, max_record);
            if (!problem.empty()) warn(problem);
        } catch (const InputError& e) {
            sink.skip(name.display, c.line, e.what() + where);
            return;
        }
        if (ct.empty()) { // no type: HTML if it looks like it, text if it is text, else not an article
            const std::string head = ascii_lower(std::string_view(text).substr(0, 4096));
            is_html = head.find("<html") != std::string::npos || head.find("<!doctype html") != std::string::npos ||
                      head.find("<body") != std::string::npos || head.find("<title") != std::string::npos;
            if (!is_html && looks_binary(text)) return;
        } else {
            is_html = html_type(ct);
        }
        charset = charset_of(ct);
    } else {
        text = std::move(c.content);
        charset = charset_of(c.content_type);
        is_html = html_type(c.content_type);
    }
    Article a;
    if (is_html) {
        std::vector<std::string> warnings;
        a = html_to_article(text, charset, &warnings);
        for (const auto& w : warnings) warn(w);
    } else {
        Decoded d = decode_to_utf8(text, charset);
        a.body = std::string(trim(d.text));
    }
    if (a.title.empty() && a.body.empty()) {
        sink.skip(name.display, c.line, std::string(is_html ? "HTML page with neither title nor text" : "text response without text") + where);
        return;
    }
    if (a.date.empty()) a.date = c.date;
    if (!c.uri.empty()) a.url = c.uri;
    if (a.source.empty()) a.source = url_host(c.uri);
    a.origin = name.id_base + ":" + std::to_string(c.line);
    // Each capture is an article of its own: a page crawled on two days is two versions of it
    // (copies collapse when searched); the same capture read again keeps its id.
    a.id = c.uri.empty() ? a.origin : c.date.empty() ? c.uri : c.uri + " " + c.date;
    sink.article(std::move(a));
}

// Digits only, not too many: a length field.
bool parse_length(const std::string& text, std::size_t& length) {
    length = 0;
    if (text.empty()) return false;
    for (char ch : text) {
        if (ch < '0' || ch > '9') return false;
        length = length * 10 + static_cast<std::size_t>(ch - '0');
        if (length > (std::size_t(1) << 40)) return false;
    }
    return true;
}

// Read `length` bytes of a record (or pass over them when not wanted). Returns the bytes missing.
std::size_t read_block(std::istream& in, std::size_t length, bool keep, std::string& content, std::size_t& lineno,
                       std::uint64_t& offset) {
    content.clear();
    std::size_t left = length;
    char buf[1 << 14];
    while (left > 0 && in) {
        in.read(buf, static_cast<std::streamsize>(std::min(left, sizeof buf)));
        const auto got = static_cast<std::size_t>(in.gcount());
        if (got == 0) break;
        lineno += static_cast<std::size_t>(std::count(buf, buf + got, '\n'));
        offset += got;
        if (keep) content.append(buf, got);
        left -= got;
    }
    return left;
}

// ARC (the Internet Archive's format before WARC): "URL IP DATE TYPE LENGTH" lines, each followed
// by LENGTH bytes of the HTTP response; the first record (filedesc://) describes the file.
void read_arc(std::istream& in, const SourceName& name, RecordSink& sink, std::string first, std::size_t lineno,
              std::uint64_t offset, std::size_t max_record) {
    std::uint64_t too_long = 0;
    std::string line = std::move(first);
    bool have = true, resync = false;
    do {
        if (!have) {
            if (!read_line(in, line, max_record, too_long)) break;
            ++lineno;
            offset += (too_long ? too_long : line.size()) + 1;
        }
        have = false;
        const std::uint64_t record_offset = offset - line.size() - 1;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        const std::size_t record_line = lineno;
        // The last four fields are IP, date, type and length; a URL may hold spaces.
        std::vector<std::string> f;
        for (std::size_t p = 0; p < line.size();) {
            const auto sp = line.find(' ', p);
            f.push_back(line.substr(p, sp == std::string::npos ? std::string::npos : sp - p));
            if (sp == std::string::npos) break;
            p = sp + 1;
        }
        std::size_t length = 0;
        if (f.size() < 5 || !parse_length(f.back(), length)) {
            // Reported once; the lines up to the next good header are passed over with it.
            if (!resync)
                sink.skip(name.display, record_line,
                          "not an ARC record header (URL IP-address date type length); lines passed over up to the next one");
            resync = true;
            continue;
        }
        resync = false;
        std::string uri = f[0];
        for (std::size_t k = 1; k + 4 < f.size(); ++k) uri += " " + f[k];
        const bool wanted = uri.rfind("filedesc:", 0) != 0 && length <= max_record;
        Capture c;
        c.missing = read_block(in, length, wanted, c.content, lineno, offset);
        if (!wanted) {
            if (c.missing > 0) sink.skip(name.display, record_line, "ARC record cut short");
            continue;
        }
        c.uri = decode_to_utf8(uri).text;
        c.date = arc_date(f[f.size() - 3]);
        c.warc_type = "response";
        c.line = record_line;
        c.offset = record_offset;
        if (c.content.rfind("HTTP/", 0) != 0) { // ARC v1 of a non-HTTP capture: the data itself
            c.warc_type = "resource";
            c.content_type = f[f.size() - 2];
            if (!html_type(c.content_type) && !text_type(c.content_type)) continue;
        }
        capture_to_article(c, name, sink, max_record);
    } while (in);
}

} // namespace

void read_warc(std::istream& in, const SourceName& name, RecordSink& sink, const Limits& limits) {
    const std::size_t max_record = limits.record_bytes; // larger records are passed over, not held in memory
    std::uint64_t too_long = 0;
    std::string line;
    std::size_t lineno = 0;
    std::uint64_t offset = 0;
    bool resync = false; // after a bad record: look for the next version line
    bool first = true;
    while (read_line(in, line, max_record, too_long)) {
        ++lineno;
        const std::uint64_t line_start = offset;
        offset += (too_long ? too_long : line.size()) + 1;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        if (first && line.rfind("filedesc://", 0) == 0) {
            read_arc(in, name, sink, line, lineno, offset, max_record);
            return;
        }
        first = false;
        if (line.rfind("WARC/", 0) != 0) {
            if (!resync) {
                sink.skip(name.display, lineno, "not a WARC record at byte " + std::to_string(line_start) +
                                                    " (expected a 'WARC/1.x' line)");
                resync = true;
            }
            continue;
        }
        resync = false;
        const std::size_t record_line = lineno;
        const std::uint64_t record_offset = line_start;
        std::string block;
        bool block_too_long = false;
        while (read_line(in, line, max_record, too_long)) {
            ++lineno;
            offset += (too_long ? too_long : line.size()) + 1;
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
                                                     " MiB (--max-record-mb; record at byte " +
                                                     std::to_string(record_offset) + ")");
            resync = true;
            continue;
        }
        Headers wh;
        parse_headers(block, wh);
        std::size_t length = 0;
        if (!parse_length(get(wh, "content-length"), length)) {
            sink.skip(name.display, record_line,
                      "WARC record without a valid Content-Length (record at byte " + std::to_string(record_offset) + ")");
            resync = true;
            continue;
        }
        const std::string type = ascii_lower(get(wh, "warc-type"));
        const std::string warc_ct = ascii_lower(get(wh, "content-type"));
        const bool capture = (type == "response" && warc_ct.find("application/http") != std::string::npos) ||
                             (type == "resource" && (html_type(warc_ct) || text_type(warc_ct)));
        bool wanted = capture && length <= max_record;
        Capture c;
        c.missing = read_block(in, length, wanted, c.content, lineno, offset);
        c.uri = [&] {
            std::string u = get(wh, "warc-target-uri");
            if (u.size() >= 2 && u.front() == '<' && u.back() == '>') u = u.substr(1, u.size() - 2);
            return decode_to_utf8(u).text;
        }();
        // wget keeps its log and arguments as resource records under metadata:// URIs: not captures.
        if (type == "resource" && c.uri.rfind("metadata:", 0) == 0) wanted = false;
        if (!wanted) {
            if (c.missing > 0)
                sink.skip(name.display, record_line,
                          "WARC record cut short (" + std::to_string(c.missing) + " bytes missing; record at byte " +
                              std::to_string(record_offset) + (c.uri.empty() ? "" : ", " + c.uri) + ")");
            if (c.missing > 0) return;
            if (capture && length > max_record && c.uri.rfind("metadata:", 0) != 0)
                sink.skip(name.display, record_line,
                          too_long_reason("WARC record", length, max_record) + " (passed over; record at byte " +
                              std::to_string(record_offset) + (c.uri.empty() ? "" : ", " + c.uri) + ")");
            continue;
        }
        c.date = decode_to_utf8(get(wh, "warc-date")).text; // it is part of the id: valid UTF-8
        c.warc_type = type;
        c.content_type = warc_ct;
        c.line = record_line;
        c.offset = record_offset;
        c.truncated = get(wh, "warc-truncated");
        const bool cut = c.missing > 0;
        capture_to_article(c, name, sink, max_record);
        if (cut) return;
    }
}

} // namespace lede

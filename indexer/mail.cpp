// SPDX-License-Identifier: MIT
// RFC 5322 headers, MIME multipart walking, transfer encodings, RFC 2047 words, mbox splitting.
#include "mail.hpp"
#include "ascii.hpp"

#include "date.hpp"
#include "decode.hpp"
#include "html.hpp"

#include <array>
#include <cstdio>
#include <map>
#include <optional>

namespace lede {
namespace {

std::string_view trim(std::string_view s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return {};
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

using Headers = std::map<std::string, std::string>; // lower-cased name -> unfolded value (first occurrence)

// Split an entity into headers and body. Header lines end at the first empty line.
std::string_view split_entity(std::string_view raw, Headers& headers) {
    std::size_t pos = 0;
    std::string name, value;
    auto store = [&] {
        if (!name.empty()) headers.emplace(ascii_lower(name), std::string(trim(value)));
        name.clear();
        value.clear();
    };
    while (pos < raw.size()) {
        std::size_t eol = raw.find('\n', pos);
        std::string_view line = raw.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos);
        const std::size_t next = eol == std::string_view::npos ? raw.size() : eol + 1;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty()) {
            store();
            return raw.substr(next);
        }
        if ((line[0] == ' ' || line[0] == '\t') && !name.empty()) {
            value += ' ';
            value += trim(line);
        } else if (auto colon = line.find(':'); colon != std::string_view::npos && colon > 0) {
            store();
            name = std::string(trim(line.substr(0, colon)));
            value = std::string(line.substr(colon + 1));
        } else {
            // Not a header: the headers ended without a blank line; what follows is body.
            store();
            return raw.substr(pos);
        }
        pos = next;
    }
    store();
    return {};
}

const std::string& header(const Headers& h, const char* name) {
    static const std::string none;
    auto it = h.find(name);
    return it == h.end() ? none : it->second;
}

// "text/plain; charset="utf-8"; format=flowed" -> type "text/plain", params {charset: utf-8, ...}.
std::string parse_params(std::string_view value, std::map<std::string, std::string>& params) {
    auto semi = value.find(';');
    std::string type = ascii_lower(trim(value.substr(0, semi)));
    while (semi != std::string_view::npos) {
        std::size_t pos = semi + 1;
        const auto eq = value.find('=', pos);
        if (eq == std::string_view::npos) break;
        std::string key = ascii_lower(trim(value.substr(pos, eq - pos)));
        std::size_t v = eq + 1;
        while (v < value.size() && (value[v] == ' ' || value[v] == '\t')) ++v;
        std::string val;
        if (v < value.size() && value[v] == '"') {
            ++v;
            while (v < value.size() && value[v] != '"') {
                if (value[v] == '\\' && v + 1 < value.size()) ++v;
                val += value[v++];
            }
            semi = value.find(';', v);
        } else {
            semi = value.find(';', v);
            val = std::string(trim(value.substr(v, semi == std::string_view::npos ? std::string_view::npos : semi - v)));
        }
        if (!key.empty() && key.back() == '*') key.pop_back(); // RFC 2231 marker; value used as is
        params.emplace(std::move(key), std::move(val));
    }
    return type;
}

std::vector<std::string_view> split_multipart(std::string_view body, const std::string& boundary) {
    std::vector<std::string_view> parts;
    const std::string delim = "--" + boundary;
    std::size_t pos = 0, part_start = 0;
    bool in_part = false;
    while (pos < body.size()) {
        const std::size_t eol = body.find('\n', pos);
        std::string_view line = body.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos);
        if (line.substr(0, delim.size()) == delim) {
            if (in_part) {
                std::size_t end = pos;
                if (end > part_start && body[end - 1] == '\n') --end;
                if (end > part_start && body[end - 1] == '\r') --end;
                parts.push_back(body.substr(part_start, end - part_start));
            }
            if (line.substr(delim.size(), 2) == "--") return parts;
            in_part = true;
            part_start = eol == std::string_view::npos ? body.size() : eol + 1;
        }
        if (eol == std::string_view::npos) break;
        pos = eol + 1;
    }
    if (in_part && part_start < body.size()) parts.push_back(body.substr(part_start)); // unclosed: keep
    return parts;
}

std::string transfer_decode(std::string_view body, const std::string& encoding) {
    const std::string e = ascii_lower(trim(encoding));
    if (e == "quoted-printable") return decode_quoted_printable(body);
    if (e == "base64") return decode_base64(body);
    return std::string(body);
}

struct Found {
    std::string plain;
    std::string plain_charset;
    bool have_plain = false;
    std::string html;
    std::string html_charset;
    bool have_html = false;
};

void find_text(std::string_view raw, Found& found, int depth) {
    if (depth > 20 || found.have_plain) return;
    Headers h;
    const std::string_view body = split_entity(raw, h);
    std::map<std::string, std::string> params;
    std::string type = parse_params(header(h, "content-type"), params);
    if (type.empty()) type = "text/plain";
    std::map<std::string, std::string> disp_params;
    if (parse_params(header(h, "content-disposition"), disp_params) == "attachment") return;
    if (type.rfind("multipart/", 0) == 0) {
        auto b = params.find("boundary");
        if (b == params.end() || b->second.empty()) return;
        for (auto part : split_multipart(body, b->second)) find_text(part, found, depth + 1);
        return;
    }
    const std::string& charset = params["charset"];
    if (type == "text/plain" && !found.have_plain) {
        Decoded d = decode_to_utf8(transfer_decode(body, header(h, "content-transfer-encoding")), charset);
        found.plain = std::move(d.text);
        found.plain_charset = charset;
        found.have_plain = true;
    } else if (type == "text/html" && !found.have_html) {
        found.html = transfer_decode(body, header(h, "content-transfer-encoding"));
        found.html_charset = charset;
        found.have_html = true;
    }
}

bool is_valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t n;
        if (c < 0x80) n = 0;
        else if (c >= 0xC2 && c <= 0xDF) n = 1;
        else if (c >= 0xE0 && c <= 0xEF) n = 2;
        else if (c >= 0xF0 && c <= 0xF4) n = 3;
        else return false;
        if (i + n >= s.size() && n > 0) return false;
        for (std::size_t k = 1; k <= n; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
        const auto d = n > 0 ? static_cast<unsigned char>(s[i + 1]) : 0;
        if ((c == 0xE0 && d < 0xA0) || (c == 0xED && d >= 0xA0) || (c == 0xF0 && d < 0x90) || (c == 0xF4 && d >= 0x90))
            return false;
        i += n + 1;
    }
    return true;
}

// "Jane Doe <jane@example.org>", "\"Doe, Jane\" <jane@example.org>", "jane@example.org (Jane Doe)".
void parse_address(std::string_view raw, std::string& name, std::string& address, std::string_view fallback = {}) {
    raw = trim(raw);
    if (auto lt = raw.find('<'); lt != std::string_view::npos) {
        const auto gt = raw.find('>', lt);
        address = std::string(trim(raw.substr(lt + 1, gt == std::string_view::npos ? std::string_view::npos : gt - lt - 1)));
        std::string_view n = trim(raw.substr(0, lt));
        // The display name without its quotes and RFC 5322 comments ("Pete(A wonderful \) chap)").
        std::string out;
        bool quoted = false;
        int depth = 0;
        for (std::size_t i = 0; i < n.size(); ++i) {
            if (n[i] == '\\' && i + 1 < n.size()) {
                if (depth == 0) out += n[i + 1];
                ++i;
                continue;
            }
            if (n[i] == '"' && depth == 0) {
                quoted = !quoted;
                continue;
            }
            if (!quoted && n[i] == '(') {
                ++depth;
                continue;
            }
            if (!quoted && depth > 0) {
                if (n[i] == ')') --depth;
                continue;
            }
            out += n[i];
        }
        if (trim(out).empty() && depth == 0 && n.find('(') != std::string_view::npos) { // only a comment: keep it
            out.clear();
            for (char c : n)
                if (c != '"' && c != '(' && c != ')') out += c;
        }
        name = decode_header_words(out, fallback);
        return;
    }
    if (auto lp = raw.find('('); lp != std::string_view::npos) {
        const auto rp = raw.rfind(')');
        name = decode_header_words(trim(raw.substr(lp + 1, rp == std::string_view::npos || rp < lp ? std::string_view::npos : rp - lp - 1)), fallback);
        address = std::string(trim(raw.substr(0, lp)));
        return;
    }
    address = std::string(raw);
}

// The date of an mbox separator ("From jane@example.org Mon Mar 15 10:00:00 2024", asctime, the
// sender's local time without a zone; Pipermail writes "From jane at example.org  Mon Nov ..."):
// the first parseable text after the sender, through the one date parser. nullopt when none.
std::optional<Date> from_line_parsed(std::string_view from_line) {
    if (from_line.rfind("From ", 0) != 0) return std::nullopt;
    std::string_view rest = trim(from_line.substr(5));
    for (int skip = 0; skip < 4; ++skip) {
        const auto sp = rest.find_first_of(" \t");
        if (sp == std::string_view::npos) return std::nullopt;
        rest = trim(rest.substr(sp));
        if (auto d = parse_date(rest); d && d->has_time) return d;
    }
    return std::nullopt;
}

std::string from_line_date(std::string_view from_line) {
    auto d = from_line_parsed(from_line);
    return d ? d->iso() : std::string();
}

} // namespace

std::string decode_raw_header(std::string_view bytes, std::string_view fallback_charset) {
    if (is_valid_utf8(bytes)) {
        std::string s(bytes);
        sanitize_utf8(s);
        return s;
    }
    const std::string fb = ascii_lower(fallback_charset);
    if (!fb.empty() && fb != "utf-8" && fb != "utf8" && fb != "us-ascii") {
        Decoded d = decode_to_utf8(bytes, fallback_charset);
        if (d.replaced == 0) return d.text;
    }
    return decode_to_utf8(bytes, "windows-1252").text;
}

std::string decode_quoted_printable(std::string_view in) {
    std::string out;
    out.reserve(in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
        const char c = in[i];
        if (c != '=') {
            out += c;
            continue;
        }
        if (i + 1 < in.size() && in[i + 1] == '\n') { // soft line break
            i += 1;
            continue;
        }
        if (i + 2 < in.size() && in[i + 1] == '\r' && in[i + 2] == '\n') {
            i += 2;
            continue;
        }
        if (i + 2 < in.size()) {
            const int hi = hex_value(in[i + 1]), lo = hex_value(in[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out += static_cast<char>(hi * 16 + lo);
                i += 2;
                continue;
            }
        }
        out += c; // a stray '=' stays
    }
    return out;
}

std::string decode_base64(std::string_view in) {
    std::string out;
    out.reserve(in.size() * 3 / 4);
    std::uint32_t acc = 0;
    int bits = 0;
    for (char c : in) {
        int v;
        if (c >= 'A' && c <= 'Z') v = c - 'A';
        else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
        else if (c >= '0' && c <= '9') v = c - '0' + 52;
        else if (c == '+' || c == '-') v = 62;
        else if (c == '/' || c == '_') v = 63;
        else if (c == '=') break;
        else continue;
        acc = (acc << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((acc >> bits) & 0xFF);
        }
    }
    return out;
}

std::string decode_header_words(std::string_view value, std::string_view fallback_charset) {
    std::string out;
    std::size_t pos = 0;
    bool last_was_word = false;
    std::string pending_space; // whitespace after an encoded word, dropped if another follows
    auto plain = [&](std::string_view s) {
        out += pending_space;
        pending_space.clear();
        out += decode_raw_header(s, fallback_charset);
        last_was_word = false;
    };
    while (pos < value.size()) {
        const std::size_t start = value.find("=?", pos);
        if (start == std::string_view::npos) {
            plain(value.substr(pos));
            break;
        }
        // =?charset?E?text?=
        const std::size_t q1 = value.find('?', start + 2);
        const std::size_t q2 = q1 == std::string_view::npos ? q1 : value.find('?', q1 + 1);
        const std::size_t end = q2 == std::string_view::npos ? q2 : value.find("?=", q2 + 1);
        if (end == std::string_view::npos || q2 != q1 + 2) {
            plain(value.substr(pos, start + 2 - pos));
            pos = start + 2;
            continue;
        }
        std::string_view between = value.substr(pos, start - pos);
        if (last_was_word && trim(between).empty()) {
            pending_space.clear(); // adjacent encoded words join without the space
        } else if (!between.empty()) {
            plain(between);
        }
        std::string charset(value.substr(start + 2, q1 - start - 2));
        if (auto star = charset.find('*'); star != std::string::npos) charset.erase(star);
        const char enc = value[q1 + 1];
        std::string_view text = value.substr(q2 + 1, end - q2 - 1);
        std::string bytes;
        if (enc == 'B' || enc == 'b') {
            bytes = decode_base64(text);
        } else if (enc == 'Q' || enc == 'q') {
            std::string t(text);
            for (char& c : t)
                if (c == '_') c = ' ';
            bytes = decode_quoted_printable(t);
        } else {
            plain(value.substr(start, end + 2 - start));
            pos = end + 2;
            continue;
        }
        out += pending_space;
        pending_space.clear();
        out += decode_to_utf8(bytes, charset).text;
        last_was_word = true;
        pos = end + 2;
        // Hold the whitespace that follows until we know whether another encoded word comes next.
        const std::size_t ws_end = value.find_first_not_of(" \t\r\n", pos);
        const std::size_t stop = ws_end == std::string_view::npos ? value.size() : ws_end;
        if (stop < value.size() && value.compare(stop, 2, "=?") == 0) {
            pos = stop;
        } else {
            pending_space = std::string(value.substr(pos, stop - pos));
            pos = stop;
            last_was_word = false;
        }
    }
    out += pending_space;
    std::string collapsed;
    bool space = false;
    for (char c : out) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            space = !collapsed.empty();
            continue;
        }
        if (space) collapsed += ' ';
        space = false;
        collapsed += c;
    }
    return collapsed;
}

Article parse_mail(std::string_view raw) {
    Headers h;
    split_entity(raw, h);
    Article a;
    Found found;
    find_text(raw, found, 0);
    // Raw 8-bit header bytes (no RFC 2047 word says their charset): UTF-8 when they are, else the
    // charset of the message's text, else windows-1252; never a detector's guess on a few bytes.
    std::map<std::string, std::string> top_params;
    parse_params(header(h, "content-type"), top_params);
    std::string fallback = top_params["charset"];
    if (fallback.empty()) fallback = found.have_plain ? found.plain_charset : found.html_charset;
    a.title = decode_header_words(header(h, "subject"), fallback);
    std::string from_name, from_address;
    parse_address(header(h, "from"), from_name, from_address, fallback);
    a.author = !from_name.empty() ? from_name : decode_header_words(from_address, fallback);
    a.date = std::string(trim(header(h, "date")));
    std::string id(trim(header(h, "message-id")));
    if (id.size() >= 2 && id.front() == '<' && id.back() == '>') id = id.substr(1, id.size() - 2);
    a.id = decode_to_utf8(id).text;
    std::string list_name, list_id;
    parse_address(header(h, "list-id"), list_name, list_id);
    if (!list_name.empty()) a.source = list_name;
    else if (!header(h, "organization").empty()) a.source = decode_header_words(header(h, "organization"), fallback);
    else if (auto at = from_address.rfind('@'); at != std::string::npos) a.source = ascii_lower(from_address.substr(at + 1));
    else if (!list_id.empty()) a.source = list_id;
    std::string archived(trim(header(h, "archived-at")));
    if (archived.size() >= 2 && archived.front() == '<' && archived.back() == '>')
        archived = archived.substr(1, archived.size() - 2);
    a.url = decode_to_utf8(archived).text;
    a.lang = std::string(trim(header(h, "content-language")));
    // Header values that were not decoded as encoded words may hold any bytes (fuzz_mail found a
    // List-Id with NULs and invalid UTF-8 reaching the index as the source).
    for (std::string* field : {&a.author, &a.source, &a.date, &a.lang}) sanitize_utf8(*field);

    if (found.have_plain) {
        a.body = std::move(found.plain);
    } else if (found.have_html) {
        Article page = html_to_article(found.html, found.html_charset);
        a.body = std::move(page.body);
        if (a.title.empty()) a.title = std::move(page.title);
        if (a.lang.empty()) a.lang = std::move(page.lang);
    }
    // Normalize line endings, and leave out the signature (after a "-- " line, RFC 3676): in
    // newsletters it is the unsubscribe footer.
    std::string body;
    body.reserve(a.body.size());
    for (char c : a.body)
        if (c != '\r') body += c;
    if (body.rfind("-- \n", 0) == 0) body.clear();
    else if (auto sig = body.find("\n-- \n"); sig != std::string::npos) body.erase(sig);
    a.body = std::string(trim(body));
    return a;
}

void read_email(std::string_view raw, const SourceName& name, RecordSink& sink) {
    // A message saved with its mbox separator ("From jane@example.org", with or without a date):
    // the line is not a header, and the headers follow it.
    std::string from_line;
    if (raw.rfind("From ", 0) == 0) {
        const auto nl = raw.find('\n');
        from_line = std::string(raw.substr(0, nl));
        if (!from_line.empty() && from_line.back() == '\r') from_line.pop_back();
        raw.remove_prefix(nl == std::string_view::npos ? raw.size() : nl + 1);
    }
    Article a = parse_mail(raw);
    if (a.date.empty()) a.date = from_line_date(from_line);
    if (a.title.empty() && a.body.empty() && a.author.empty()) {
        sink.skip(name.display, 0, "message has neither subject nor text nor sender");
        return;
    }
    a.origin = name.id_base;
    if (a.id.empty()) a.id = name.id_base;
    sink.article(std::move(a));
}

void read_mbox(std::istream& in, const SourceName& name, RecordSink& sink, const Limits& limits) {
    std::string line, message, from_line;
    std::size_t lineno = 0, message_line = 0;
    bool previous_blank = true, have_message = false;
    std::uint64_t too_long = 0, message_bytes = 0; // past the budget: counted, not held
    bool in_headers = false;           // between the separator and the first blank line
    long long content_length = -1;     // mboxcl: the body's length in bytes, when a header gives it
    long long body_left = -1;          // bytes of that body still to come (no separator inside)
    auto finish = [&] {
        if (!have_message) return;
        if (message_bytes > limits.record_bytes) {
            sink.skip(name.display, message_line, too_long_reason("message", message_bytes, limits.record_bytes));
            std::string().swap(message);
            message_bytes = 0;
            have_message = false;
            return;
        }
        message_bytes = 0;
        Article a = parse_mail(message);
        if (a.date.empty()) a.date = from_line_date(from_line);
        if (a.title.empty() && a.body.empty() && a.author.empty()) {
            sink.skip(name.display, message_line, "message has neither subject nor text nor sender");
        } else {
            a.origin = name.id_base + ":" + std::to_string(message_line);
            if (a.id.empty()) a.id = a.origin;
            sink.article(std::move(a));
        }
        message.clear();
        have_message = false;
    };
    while (read_line(in, line, limits.record_bytes, too_long)) {
        ++lineno;
        if (too_long) { // a line longer than a message may be: its message is over the budget
            if (!have_message) {
                have_message = true;
                message_line = lineno;
                from_line.clear();
            }
            message_bytes += too_long + 1;
            std::string().swap(message);
            previous_blank = false;
            continue;
        }
        const std::size_t raw_size = line.size() + 1;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        // A separator: "From " after a blank line (or at the start), with a date after the sender
        // as mail programs check (a body line "From the minutes..." is not one); the very first
        // line may be a date-less "From addr". Inside a body whose Content-Length is known, none.
        const bool inside_body = body_left > 0;
        if (!inside_body && previous_blank && line.rfind("From ", 0) == 0 &&
            (lineno == 1 || !have_message || from_line_parsed(line))) {
            finish();
            from_line = line;
            message_line = lineno;
            have_message = true;
            previous_blank = false;
            in_headers = true;
            content_length = body_left = -1;
            continue;
        }
        if (!have_message) {
            if (line.find_first_not_of(" \t") == std::string::npos) continue;
            // Text before the first separator: treat it as a message of its own.
            have_message = true;
            message_line = lineno;
            from_line.clear();
            in_headers = true;
            content_length = body_left = -1;
        }
        if (body_left > 0) body_left -= static_cast<long long>(raw_size);
        if (in_headers) {
            if (line.empty()) {
                in_headers = false;
                body_left = content_length;
            } else if (line.size() > 15 && (line[0] == 'C' || line[0] == 'c')) {
                std::string l = ascii_lower(line.substr(0, 15));
                if (l == "content-length:") {
                    const std::string v(trim(std::string_view(line).substr(15)));
                    if (!v.empty() && v.size() < 12 && v.find_first_not_of("0123456789") == std::string::npos)
                        content_length = std::stoll(v);
                }
            }
        }
        previous_blank = line.empty();
        if (!inside_body) {
            std::size_t gt = 0;
            while (gt < line.size() && line[gt] == '>') ++gt;
            if (gt > 0 && line.compare(gt, 5, "From ") == 0) line.erase(0, 1); // mboxrd unescaping
        }
        message_bytes += line.size() + 1;
        if (message_bytes > limits.record_bytes) {
            std::string().swap(message);
            continue;
        }
        message += line;
        message += '\n';
    }
    finish();
}

} // namespace lede

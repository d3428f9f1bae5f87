// SPDX-License-Identifier: MIT
// JSON Lines (nlohmann::json) and CSV/TSV readers, with field mapping and per-record error reporting.
#include "readers.hpp"
#include "ascii.hpp"

#include "decode.hpp"
#include "error.hpp"

#include <nlohmann/json.hpp>

#include <unicode/ucnv.h>
#include <unicode/utf8.h>

#include <array>

namespace lede {
namespace {

constexpr std::array<std::string_view, 9> lede_fields{"id", "title", "body", "date", "source",
                                                      "author", "url", "lang", "tags"};

const nlohmann::json* lookup(const nlohmann::json& obj, const std::string& path) {
    const nlohmann::json* cur = &obj;
    std::size_t start = 0;
    while (start <= path.size()) {
        std::size_t dot = path.find('.', start);
        std::string key = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        if (!cur->is_object()) return nullptr;
        auto it = cur->find(key);
        if (it == cur->end()) return nullptr;
        cur = &*it;
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    return cur;
}

// Strings as they are; numbers and booleans as their JSON text; arrays of strings joined by ", ".
std::string as_text(const nlohmann::json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_null()) return {};
    if (v.is_array()) {
        std::string out;
        for (const auto& e : v) {
            if (!out.empty()) out += ", ";
            out += as_text(e);
        }
        return out;
    }
    if (v.is_object()) return {};
    return v.dump();
}

const std::string& key_for(const FieldMap& map, const std::string& field) {
    auto it = map.find(field);
    return it == map.end() ? field : it->second;
}

std::string trim(std::string_view s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return {};
    const auto e = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(b, e - b + 1));
}

bool is_valid_utf8(std::string_view s) {
    const auto n = static_cast<int32_t>(s.size());
    for (int32_t i = 0; i < n;) {
        if (static_cast<unsigned char>(s[i]) < 0x80) {
            ++i;
            continue;
        }
        UChar32 c;
        U8_NEXT(s.data(), i, n, c);
        if (c < 0) return false;
    }
    return true;
}

// JSON strings may carry \u0000 and other controls that the stored data and the analyzer reject.
void clean_fields(Article& a) {
    for (std::string* s : {&a.id, &a.title, &a.body, &a.date, &a.source, &a.author, &a.url, &a.lang})
        sanitize_utf8(*s);
    for (auto& t : a.tags) sanitize_utf8(t);
}

} // namespace

std::string charset_label(const std::string& icu_name) {
    for (const char* standard : {"MIME", "IANA"}) {
        UErrorCode status = U_ZERO_ERROR;
        const char* n = ucnv_getStandardName(icu_name.c_str(), standard, &status);
        if (U_SUCCESS(status) && n) return n;
    }
    return icu_name;
}

FieldMap parse_field_map(const std::string& spec) {
    FieldMap map;
    std::size_t start = 0;
    while (start < spec.size()) {
        std::size_t comma = spec.find(',', start);
        std::string entry = spec.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        start = comma == std::string::npos ? spec.size() : comma + 1;
        if (entry.empty()) continue;
        auto eq = entry.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == entry.size())
            throw UsageError("bad --map entry '" + entry + "': expected FIELD=KEY, e.g. title=headline");
        std::string field = entry.substr(0, eq);
        bool known = false;
        for (auto f : lede_fields) known = known || f == field;
        if (!known)
            throw UsageError("bad --map entry '" + entry + "': unknown field '" + field +
                             "' (fields: id title body date source author url lang tags)");
        map[field] = entry.substr(eq + 1);
    }
    return map;
}

std::string LineDecoder::fix(std::string& s) {
    if (is_valid_utf8(s)) {
        const std::size_t fixed = sanitize_utf8(s);
        return fixed ? std::to_string(fixed) + " control character(s) removed or replaced" : std::string();
    }
    Decoded d = decode_to_utf8(s, m_charset);
    std::string warning;
    if (d.charset == "UTF-8") {
        warning = std::to_string(d.replaced) + " invalid UTF-8 sequence(s) or control character(s) replaced";
    } else if (m_charset.empty()) {
        m_charset = d.charset;
        warning = "not valid UTF-8; read as " + charset_label(d.charset) + " from here on";
    }
    s.swap(d.text);
    return warning;
}

std::vector<std::string> split_tags(std::string_view s) {
    std::vector<std::string> out;
    std::size_t st = 0;
    while (st <= s.size()) {
        const std::size_t c = s.find_first_of(",;", st);
        std::string t = trim(s.substr(st, c == std::string_view::npos ? std::string_view::npos : c - st));
        if (!t.empty()) out.push_back(std::move(t));
        if (c == std::string_view::npos) break;
        st = c + 1;
    }
    return out;
}

namespace {
// Blank lines in bulk ('\n' only; "\r\n" goes through read_line): how many were passed.
std::uint64_t skip_blank_lines(std::istream& in) {
    if (!in.good()) return 0;
    if (auto* sb = dynamic_cast<StreamBuf*>(in.rdbuf())) return sb->skip_newlines();
    std::uint64_t n = 0;
    while (in.rdbuf()->sgetc() == '\n') {
        in.rdbuf()->sbumpc();
        ++n;
    }
    return n;
}
} // namespace

std::string too_long_reason(const char* what, std::uint64_t bytes, std::size_t max) {
    return std::string(what) + " of " + std::to_string(bytes) + " bytes is longer than " +
           (max >= (1u << 20) ? std::to_string(max >> 20) + " MiB" : std::to_string(max) + " bytes") +
           " (--max-record-mb); skipped without being held in memory";
}

void read_jsonl(std::istream& in, const std::string& path, const FieldMap& map, RecordSink& sink) {
    read_jsonl(in, SourceName(path), map, sink);
}

void read_jsonl(std::istream& in, const SourceName& name, const FieldMap& map, RecordSink& sink, const Limits& limits) {
    std::string line;
    std::size_t lineno = 0;
    LineDecoder decoder;
    std::uint64_t too_long = 0;
    for (;;) {
        lineno += skip_blank_lines(in);
        if (!read_line(in, line, limits.record_bytes, too_long)) break;
        ++lineno;
        if (too_long) {
            sink.skip(name.display, lineno, too_long_reason("line", too_long, limits.record_bytes));
            continue;
        }
        if (lineno == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        if (std::string w = decoder.fix(line); !w.empty()) sink.warn(name.display, lineno, w);
        nlohmann::json j;
        try {
            j = nlohmann::json::parse(line);
        } catch (const std::bad_alloc&) {
            sink.skip(name.display, lineno, "out of memory parsing the line (" + std::to_string(line.size()) + " bytes)");
            continue;
        } catch (const nlohmann::json::parse_error& e) {
            std::string what = e.what();
            // nlohmann's messages start "[json.exception.parse_error.101] parse error at line 1, column 7: ".
            if (auto p = what.find("column "); p != std::string::npos) what = what.substr(p);
            sink.skip(name.display, lineno, "malformed JSON: " + what);
            continue;
        }
        if (!j.is_object()) {
            sink.skip(name.display, lineno, "not a JSON object");
            continue;
        }
        Article a;
        auto get = [&](const std::string& field, std::string& out) {
            if (const auto* v = lookup(j, key_for(map, field))) out = as_text(*v);
        };
        get("id", a.id);
        get("title", a.title);
        get("body", a.body);
        get("date", a.date);
        get("source", a.source);
        get("author", a.author);
        get("url", a.url);
        get("lang", a.lang);
        if (const auto* tags = lookup(j, key_for(map, "tags"))) {
            if (tags->is_array()) {
                for (const auto& t : *tags)
                    if (std::string s = as_text(t); !s.empty()) a.tags.push_back(s);
            } else if (tags->is_string()) {
                a.tags = split_tags(tags->get<std::string>());
            }
        }
        clean_fields(a);
        if (a.title.empty() && a.body.empty()) {
            sink.skip(name.display, lineno, "record has neither title nor body");
            continue;
        }
        a.origin = name.id_base + ":" + std::to_string(lineno);
        if (a.id.empty()) a.id = a.origin;
        sink.article(std::move(a));
    }
}

bool next_csv_record(std::istream& in, char sep, std::vector<std::string>& fields, std::size_t& line,
                     std::size_t& start_line, std::size_t max_bytes, std::uint64_t* too_long) {
    fields.clear();
    if (too_long) *too_long = 0;
    std::streambuf* sb = in.rdbuf();
    using traits = std::char_traits<char>;
    auto eof = traits::eof();
    // Skip blank lines between records.
    for (;;) {
        int c = sb->sgetc();
        if (c == eof) return false;
        if (c == '\n') {
            sb->sbumpc();
            ++line;
            continue;
        }
        if (c == '\r') {
            sb->sbumpc();
            continue;
        }
        break;
    }
    start_line = line + 1;
    std::string field;
    std::uint64_t held = 0;  // bytes of this record's fields
    bool over = false;       // past max_bytes: parsed to the record's end, nothing kept
    bool quoted = false;     // inside a quoted section
    bool at_start = true;    // no character of this field seen yet
    auto add = [&](char ch) {
        ++held;
        if (over) return;
        if (held > max_bytes) {
            over = true;
            std::string().swap(field);
            std::vector<std::string>().swap(fields);
            return;
        }
        field += ch;
    };
    auto end_field = [&] {
        if (!over) fields.push_back(std::move(field));
        field.clear();
    };
    auto end_record = [&] {
        end_field();
        if (over) {
            fields.clear();
            if (too_long) *too_long = held;
        }
    };
    for (;;) {
        int c = sb->sbumpc();
        if (c == eof) {
            if (quoted) {
                line += 1;
                throw InputError("", start_line, "unterminated quoted field");
            }
            end_record();
            ++line;
            return true;
        }
        const char ch = static_cast<char>(c);
        if (quoted) {
            if (ch == '"') {
                if (sb->sgetc() == '"') {
                    sb->sbumpc();
                    add('"');
                } else {
                    quoted = false;
                }
            } else {
                if (ch == '\n') ++line;
                add(ch);
            }
            continue;
        }
        if (ch == '"' && at_start) {
            quoted = true;
            at_start = false;
            continue;
        }
        if (ch == sep) {
            end_field();
            at_start = true;
            continue;
        }
        if (ch == '\r' && sb->sgetc() == '\n') continue; // CRLF
        if (ch == '\n') {
            end_record();
            ++line;
            return true;
        }
        // Text after a closing quote ("ab"c) or a quote inside an unquoted field is kept as it is.
        add(ch);
        at_start = false;
    }
}

void read_csv(std::istream& in, const SourceName& name, const FieldMap& map, char sep, RecordSink& sink,
              const Limits& limits) {
    std::vector<std::string> fields;
    std::size_t line = 0, start = 0;
    std::uint64_t too_long = 0;
    LineDecoder decoder;
    auto next = [&]() -> bool {
        try {
            for (;;) {
                if (!next_csv_record(in, sep, fields, line, start, limits.record_bytes, &too_long)) return false;
                if (!too_long) return true;
                sink.skip(name.display, start, too_long_reason("record", too_long, limits.record_bytes));
            }
        } catch (const InputError& e) {
            sink.skip(name.display, e.line(), std::string(e.what()) + " (the rest of the file is in it)");
            return false;
        }
    };
    if (!next()) return;
    // The header: column name (lower-cased) -> index.
    std::map<std::string, std::size_t> column;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        std::string h = fields[i];
        if (i == 0 && h.rfind("\xEF\xBB\xBF", 0) == 0) h.erase(0, 3);
        decoder.fix(h);
        column.emplace(ascii_lower(trim(h)), i);
    }
    const std::size_t width = fields.size();
    std::array<std::optional<std::size_t>, lede_fields.size()> index_of;
    bool any = false;
    for (std::size_t f = 0; f < lede_fields.size(); ++f) {
        auto it = column.find(ascii_lower(key_for(map, std::string(lede_fields[f]))));
        if (it != column.end()) {
            index_of[f] = it->second;
            any = any || lede_fields[f] == "title" || lede_fields[f] == "body";
        }
    }
    if (!any) {
        sink.skip(name.display, start, "the header row names no title or body column (use --map title=COLUMN,...)");
        return;
    }
    while (next()) {
        if (fields.size() != width) {
            sink.skip(name.display, start,
                      "record has " + std::to_string(fields.size()) + " fields, the header has " + std::to_string(width));
            continue;
        }
        bool warned = false;
        for (auto& f : fields) {
            if (std::string w = decoder.fix(f); !w.empty() && !warned) {
                sink.warn(name.display, start, w);
                warned = true;
            }
        }
        Article a;
        auto value = [&](std::size_t f) -> std::string {
            return index_of[f] ? fields[*index_of[f]] : std::string();
        };
        a.id = trim(value(0));
        a.title = trim(value(1));
        a.body = value(2);
        a.date = trim(value(3));
        a.source = trim(value(4));
        a.author = trim(value(5));
        a.url = trim(value(6));
        a.lang = trim(value(7));
        a.tags = split_tags(value(8));
        if (a.title.empty() && trim(a.body).empty()) {
            sink.skip(name.display, start, "record has neither title nor body");
            continue;
        }
        a.origin = name.id_base + ":" + std::to_string(start);
        if (a.id.empty()) a.id = a.origin;
        sink.article(std::move(a));
    }
}

} // namespace lede

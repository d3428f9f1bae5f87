// SPDX-License-Identifier: MIT
// JSON Lines reader (nlohmann::json), with field mapping and per-record error reporting.
#include "readers.hpp"

#include "decode.hpp"
#include "error.hpp"

#include <nlohmann/json.hpp>

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

} // namespace

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

void read_jsonl(std::istream& in, const std::string& path, const FieldMap& map, RecordSink& sink) {
    std::string line;
    std::size_t lineno = 0;
    auto key_for = [&](const std::string& field) -> const std::string& {
        auto it = map.find(field);
        return it == map.end() ? field : it->second;
    };
    while (std::getline(in, line)) {
        ++lineno;
        if (lineno == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        if (std::size_t fixed = sanitize_utf8(line))
            sink.warn(path, lineno, std::to_string(fixed) + " invalid UTF-8 sequence(s) or control character(s) replaced");
        nlohmann::json j;
        try {
            j = nlohmann::json::parse(line);
        } catch (const nlohmann::json::parse_error& e) {
            std::string what = e.what();
            // nlohmann's messages start "[json.exception.parse_error.101] parse error at line 1, column 7: ".
            if (auto p = what.find("column "); p != std::string::npos) what = what.substr(p);
            sink.skip(path, lineno, "malformed JSON: " + what);
            continue;
        }
        if (!j.is_object()) {
            sink.skip(path, lineno, "not a JSON object");
            continue;
        }
        Article a;
        auto get = [&](const std::string& field, std::string& out) {
            if (const auto* v = lookup(j, key_for(field))) out = as_text(*v);
        };
        get("id", a.id);
        get("title", a.title);
        get("body", a.body);
        get("date", a.date);
        get("source", a.source);
        get("author", a.author);
        get("url", a.url);
        get("lang", a.lang);
        if (const auto* tags = lookup(j, key_for("tags"))) {
            if (tags->is_array()) {
                for (const auto& t : *tags)
                    if (std::string s = as_text(t); !s.empty()) a.tags.push_back(s);
            } else if (tags->is_string()) {
                std::string s = tags->get<std::string>();
                std::size_t st = 0;
                while (st <= s.size()) {
                    std::size_t c = s.find(',', st);
                    std::string t = s.substr(st, c == std::string::npos ? std::string::npos : c - st);
                    auto b = t.find_first_not_of(' '), e = t.find_last_not_of(' ');
                    if (b != std::string::npos) a.tags.push_back(t.substr(b, e - b + 1));
                    if (c == std::string::npos) break;
                    st = c + 1;
                }
            }
        }
        if (a.title.empty() && a.body.empty()) {
            sink.skip(path, lineno, "record has neither title nor body");
            continue;
        }
        a.origin = path + ":" + std::to_string(lineno);
        if (a.id.empty()) a.id = a.origin;
        sink.article(std::move(a));
    }
}

} // namespace lede

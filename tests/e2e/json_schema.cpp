// SPDX-License-Identifier: MIT
// Validation by recursive descent over the schema; errors name the JSON path that failed.
#include "json_schema.hpp"

#include <fstream>
#include <set>
#include <stdexcept>

namespace lede::e2e {
namespace {

using nlohmann::json;

bool has_type(const json& v, const std::string& t) {
    if (t == "object") return v.is_object();
    if (t == "array") return v.is_array();
    if (t == "string") return v.is_string();
    if (t == "integer") return v.is_number_integer();
    if (t == "number") return v.is_number();
    if (t == "boolean") return v.is_boolean();
    if (t == "null") return v.is_null();
    throw std::logic_error("json schema: unknown type '" + t + "'");
}

std::size_t code_points(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

} // namespace

JsonSchema::JsonSchema(json root) : m_root(std::move(root)) {}

JsonSchema JsonSchema::load(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) throw std::runtime_error("cannot open " + file.string());
    return JsonSchema(json::parse(in));
}

const json& JsonSchema::resolve(const std::string& ref) const {
    if (ref == "#") return m_root;
    const std::string prefix = "#/$defs/";
    if (ref.rfind(prefix, 0) != 0) throw std::logic_error("json schema: unsupported $ref '" + ref + "'");
    return m_root.at("$defs").at(ref.substr(prefix.size()));
}

const std::regex& JsonSchema::regex(const std::string& pattern) const {
    auto it = m_regexes.find(pattern);
    if (it == m_regexes.end()) it = m_regexes.emplace(pattern, std::regex(pattern, std::regex::ECMAScript)).first;
    return it->second;
}

std::vector<std::string> JsonSchema::validate(const json& value, const std::string& ref) const {
    std::vector<std::string> errors;
    check(resolve(ref), value, "$", errors);
    return errors;
}

void JsonSchema::check(const json& s, const json& v, const std::string& where, std::vector<std::string>& errors) const {
    static const std::set<std::string> annotations{"$schema", "$id", "$defs", "title", "description"};
    auto fail = [&](const std::string& what) { errors.push_back(where + ": " + what); };
    for (const auto& [key, arg] : s.items()) {
        if (annotations.count(key)) continue;
        if (key == "$ref") {
            check(resolve(arg.get<std::string>()), v, where, errors);
        } else if (key == "type") {
            bool ok = false;
            if (arg.is_string()) ok = has_type(v, arg.get<std::string>());
            else
                for (const auto& t : arg) ok = ok || has_type(v, t.get<std::string>());
            if (!ok) fail("expected type " + arg.dump() + ", got " + v.dump().substr(0, 80));
        } else if (key == "properties") {
            if (!v.is_object()) continue;
            for (const auto& [name, sub] : arg.items())
                if (v.contains(name)) check(sub, v.at(name), where + "." + name, errors);
        } else if (key == "required") {
            if (!v.is_object()) continue;
            for (const auto& name : arg)
                if (!v.contains(name.get<std::string>())) fail("missing required key \"" + name.get<std::string>() + "\"");
        } else if (key == "additionalProperties") {
            if (!v.is_object()) continue;
            const json* known = s.contains("properties") ? &s.at("properties") : nullptr;
            for (const auto& [name, sub] : v.items()) {
                if (known && known->contains(name)) continue;
                if (arg.is_boolean()) {
                    if (!arg.get<bool>()) fail("unexpected key \"" + name + "\"");
                } else {
                    check(arg, sub, where + "." + name, errors);
                }
            }
        } else if (key == "items") {
            if (!v.is_array()) continue;
            for (std::size_t i = 0; i < v.size(); ++i) check(arg, v[i], where + "[" + std::to_string(i) + "]", errors);
        } else if (key == "minItems") {
            if (v.is_array() && v.size() < arg.get<std::size_t>()) fail("fewer than " + arg.dump() + " items");
        } else if (key == "maxItems") {
            if (v.is_array() && v.size() > arg.get<std::size_t>()) fail("more than " + arg.dump() + " items");
        } else if (key == "minimum") {
            if (v.is_number() && v.get<double>() < arg.get<double>()) fail("below minimum " + arg.dump());
        } else if (key == "minLength") {
            if (v.is_string() && code_points(v.get<std::string>()) < arg.get<std::size_t>()) fail("shorter than " + arg.dump());
        } else if (key == "const") {
            if (v != arg) fail("expected " + arg.dump() + ", got " + v.dump());
        } else if (key == "enum") {
            bool found = false;
            for (const auto& e : arg) found = found || e == v;
            if (!found) fail("not one of " + arg.dump());
        } else if (key == "pattern") {
            if (v.is_string() && !std::regex_search(v.get<std::string>(), regex(arg.get<std::string>())))
                fail("\"" + v.get<std::string>() + "\" does not match " + arg.get<std::string>());
        } else if (key == "oneOf" || key == "anyOf") {
            std::size_t matched = 0;
            std::vector<std::string> why;
            for (const auto& sub : arg) {
                std::vector<std::string> sub_errors;
                check(sub, v, where, sub_errors);
                if (sub_errors.empty()) ++matched;
                else why.push_back(sub_errors.front());
            }
            if (key == "oneOf" && matched != 1) {
                std::string detail;
                for (const auto& w : why) detail += "\n    " + w;
                fail("matches " + std::to_string(matched) + " of the oneOf alternatives, not exactly 1" + detail);
            } else if (key == "anyOf" && matched == 0) {
                fail("matches none of the anyOf alternatives");
            }
        } else {
            throw std::logic_error("json schema: keyword '" + key + "' is not supported by the test validator");
        }
    }
}

} // namespace lede::e2e

// SPDX-License-Identifier: MIT
// Stored data as JSON: readable with xapian-delve, and the same shape as Lede's input format.
#include "document.hpp"

#include "error.hpp"

#include <nlohmann/json.hpp>

namespace lede {

std::string encode_article(const Article& a) {
    nlohmann::json j = nlohmann::json::object();
    auto put = [&](const char* key, const std::string& v) {
        if (!v.empty()) j[key] = v;
    };
    put("id", a.id);
    put("title", a.title);
    put("body", a.body);
    put("date", a.date);
    put("source", a.source);
    put("author", a.author);
    put("url", a.url);
    put("lang", a.lang);
    if (!a.tags.empty()) j["tags"] = a.tags;
    put("origin", a.origin);
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Article decode_article(std::string_view data) {
    Article a;
    try {
        auto j = nlohmann::json::parse(data);
        auto get = [&](const char* key, std::string& out) {
            if (auto it = j.find(key); it != j.end() && it->is_string()) out = it->get<std::string>();
        };
        get("id", a.id);
        get("title", a.title);
        get("body", a.body);
        get("date", a.date);
        get("source", a.source);
        get("author", a.author);
        get("url", a.url);
        get("lang", a.lang);
        get("origin", a.origin);
        if (auto it = j.find("tags"); it != j.end() && it->is_array())
            for (const auto& t : *it)
                if (t.is_string()) a.tags.push_back(t.get<std::string>());
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("corrupt stored article data: ") + e.what());
    }
    return a;
}

} // namespace lede

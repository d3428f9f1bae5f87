// SPDX-License-Identifier: MIT
// Stored data as JSON: readable with xapian-delve, and the same shape as Lede's input format.
#include "document.hpp"

#include "error.hpp"

#include <nlohmann/json.hpp>
#include <simdjson.h>

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

namespace {

[[noreturn]] void corrupt(std::string_view what) {
    throw Error("corrupt stored article data: " + std::string(what));
}

void check(simdjson::error_code e) {
    if (e) corrupt(simdjson::error_message(e));
}

// The parser keeps its buffers between calls; one per thread (batch workers search in parallel).
simdjson::ondemand::parser& parser() {
    thread_local simdjson::ondemand::parser p;
    return p;
}

} // namespace

// simdjson's on-demand parser reads only the fields asked for, without a DOM (this runs for every
// hit shown). Any other key is skipped; a field of another type is ignored, the last of repeated
// keys wins, and anything after the object is an error, as with a full parse.
Article decode_article(std::string_view data) {
    const simdjson::padded_string padded(data);
    simdjson::ondemand::document doc;
    check(parser().iterate(padded).get(doc));
    simdjson::ondemand::object object;
    check(doc.get_object().get(object));
    Article a;
    auto text = [](simdjson::ondemand::value v, std::string& out) {
        simdjson::ondemand::json_type type;
        check(v.type().get(type));
        if (type != simdjson::ondemand::json_type::string) return; // skipped by the iteration
        std::string_view sv;
        check(v.get_string().get(sv));
        out.assign(sv);
    };
    for (auto field : object) {
        std::string_view key;
        check(field.unescaped_key().get(key));
        simdjson::ondemand::value v;
        check(field.value().get(v));
        if (key == "id") text(v, a.id);
        else if (key == "title") text(v, a.title);
        else if (key == "body") text(v, a.body);
        else if (key == "date") text(v, a.date);
        else if (key == "source") text(v, a.source);
        else if (key == "author") text(v, a.author);
        else if (key == "url") text(v, a.url);
        else if (key == "lang") text(v, a.lang);
        else if (key == "origin") text(v, a.origin);
        else if (key == "tags") {
            simdjson::ondemand::json_type type;
            check(v.type().get(type));
            a.tags.clear();
            if (type != simdjson::ondemand::json_type::array) continue;
            for (auto element : v.get_array()) {
                simdjson::ondemand::value t;
                check(element.get(t));
                std::string tag;
                check(t.type().get(type));
                if (type != simdjson::ondemand::json_type::string) continue;
                text(t, tag);
                a.tags.push_back(std::move(tag));
            }
        }
    }
    const char* rest = nullptr;
    if (doc.current_location().get(rest) == simdjson::SUCCESS) corrupt("text after the article's object");
    return a;
}

} // namespace lede

// SPDX-License-Identifier: MIT
// Stored article data: decode_article (simdjson) reads what encode_article (nlohmann) writes, and any other input as nlohmann does.
#include "../catch.hpp"

#include "document.hpp"
#include "error.hpp"

#include <nlohmann/json.hpp>

#include <random>
#include <string>
#include <vector>

using namespace lede;

namespace {

// A full parse with nlohmann, fields taken when strings: what decode_article must agree with.
bool reference_decode(std::string_view data, Article& a) {
    try {
        auto j = nlohmann::json::parse(data);
        if (!j.is_object()) return false; // stored data is always an object: anything else is corrupt
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
        return true;
    } catch (const nlohmann::json::exception&) {
        return false;
    }
}

} // namespace

TEST_CASE("decode_article reads every input as a full nlohmann parse does, and refuses the rest", "[document]") {
    const std::vector<std::string> inputs{
        R"({"id":"a","title":"T","body":"B","tags":["x","y"]})",
        R"({})",
        R"(  { "id" : "a" , "tags" : [ ] }  )",
        R"({"id":"a\"b\\c\/d\b\f\n\r\t"})",
        R"({"id":"\u0041\u00e9\u20ac\u0000z"})",
        R"({"id":"\ud83d\ude00"})",             // a surrogate pair
        R"({"id":"\ud83d"})",                   // a lone surrogate: an error
        "{\"id\":\"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\"}",
        "{\"id\":\"bad \xFF byte\"}",           // invalid UTF-8: an error
        "{\"id\":\"overlong \xC0\xAF\"}",
        "{\"id\":\"surrogate \xED\xA0\x80\"}",
        "{\"id\":\"cut \xE2\x82\"}",
        "{\"id\":\"raw\ttab\"}",                // a raw control character: an error
        R"({"id":"a","id":"b"})",               // a repeated key: the last wins
        R"({"tags":["a"],"tags":["b","c"]})",
        R"({"id":1,"title":"t"})",              // a value of another type is ignored
        R"({"tags":"notalist"})",
        R"({"tags":["a",2,"b"]})",
        R"({"extra":{"x":[1,2]},"id":"a"})",
        R"({"extra":"skipped","id":"a"})",
        R"({"id":"a"} trailing)",
        R"({"id":"a",})",
        R"(["not","an","object"])",
        R"("just a string")",
        R"({"id":"unterminated)",
        R"({"id":"bad escape \x"})",
        R"({"id":"\u12G4"})",
        "",
    };
    for (const auto& in : inputs) {
        CAPTURE(in);
        Article expected;
        const bool ok = reference_decode(in, expected);
        if (ok) {
            CHECK(decode_article(in) == expected);
        } else {
            CHECK_THROWS_AS(decode_article(in), Error);
        }
    }
}

TEST_CASE("decode_article inverts encode_article on random articles", "[document]") {
    std::mt19937 rng(7);
    const std::vector<std::string> pieces{"a", "Z", " ", "\"", "\\", "/", "\n", "\t", "\x01", "\x1f", "\x7f",
                                          "\xC3\xA9", "\xE2\x80\xA6", "\xF0\x9F\x98\x80", "\xE4\xB8\xAD", "{", "}", ",",
                                          ":", "[", "]", "u0041", "\\u"};
    auto text = [&] {
        std::string s;
        for (int n = static_cast<int>(rng() % 12); n > 0; --n) s += pieces[rng() % pieces.size()];
        return s;
    };
    for (int i = 0; i < 500; ++i) {
        Article a{text(), text(), text(), text(), text(), text(), text(), text(), {}, text()};
        for (int n = static_cast<int>(rng() % 4); n > 0; --n) a.tags.push_back(text());
        const std::string data = encode_article(a);
        Article expected;
        REQUIRE(reference_decode(data, expected));
        CHECK(decode_article(data) == expected);
        CHECK(decode_article(data) == a);
    }
}

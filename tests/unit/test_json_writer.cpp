// SPDX-License-Identifier: MIT
// JsonWriter writes what nlohmann's dump() writes, byte for byte: strings, numbers, nesting.
#include "../catch.hpp"

#include "json_writer.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

using namespace lede;

namespace {

using Json = nlohmann::ordered_json;

std::string dumped(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

// Write a DOM through the writer, as the printing code does by hand.
void write(JsonWriter& w, const Json& j) {
    switch (j.type()) {
    case Json::value_t::object:
        w.begin_object();
        for (const auto& [k, v] : j.items()) {
            w.key(k);
            write(w, v);
        }
        w.end_object();
        break;
    case Json::value_t::array:
        w.begin_array();
        for (const auto& v : j) write(w, v);
        w.end_array();
        break;
    case Json::value_t::string: w.value(j.get_ref<const std::string&>()); break;
    case Json::value_t::boolean: w.value(j.get<bool>()); break;
    case Json::value_t::number_float: w.value(j.get<double>()); break;
    case Json::value_t::number_unsigned: w.value(j.get<std::uint64_t>()); break;
    case Json::value_t::number_integer: w.value(j.get<std::int64_t>()); break;
    default: w.raw("null"); break;
    }
}

std::string written(const Json& j) {
    std::string out;
    JsonWriter w(out);
    write(w, j);
    return out;
}

} // namespace

TEST_CASE("JsonWriter escapes strings as nlohmann does, invalid UTF-8 included", "[json_writer]") {
    const std::vector<std::string> strings{
        "", "plain", "quote \" and backslash \\ and slash /", "\b\f\n\r\t", std::string("nul \0 byte", 10),
        "\x01\x1f\x7f", "caf\xC3\xA9 \xE2\x80\xA6 \xF0\x9F\x98\x80 \xE4\xB8\xAD",
        "bad \xFF byte", "overlong \xC0\xAF", "surrogate \xED\xA0\x80 half", "cut \xE2\x82", "cut at end \xF0\x9F\x98",
        "\xF4\x90\x80\x80 above U+10FFFF", "lone continuation \x80\x80 x", "\xE2\x82\xAC\xE2", "mixed \xC3\xA9\xFF\xC3\xA9\n",
    };
    for (const auto& s : strings) {
        CAPTURE(s);
        CHECK(written(Json(s)) == dumped(Json(s)));
        CHECK(written(Json{{s, s}}) == dumped(Json{{s, s}}));
    }
}

TEST_CASE("JsonWriter formats numbers and nesting as nlohmann does", "[json_writer]") {
    std::mt19937_64 rng(11);
    std::vector<double> doubles{0.0, -0.0, 1.0, 22.0, 0.1, 1e-5, 1e21, 1.5e300, 5e-324, 25.083852668655794,
                                std::numeric_limits<double>::max(), std::nan(""),
                                std::numeric_limits<double>::infinity()};
    std::uniform_real_distribution<double> unit(0, 1);
    for (int i = 0; i < 2000; ++i) doubles.push_back(std::ldexp(unit(rng), static_cast<int>(rng() % 200) - 100));
    for (double d : doubles) {
        CAPTURE(d);
        CHECK(written(Json(d)) == dumped(Json(d)));
    }
    for (std::uint64_t n : {std::uint64_t{0}, std::uint64_t{7}, std::uint64_t{1} << 40, ~std::uint64_t{0}})
        CHECK(written(Json(n)) == dumped(Json(n)));
    for (std::int64_t n : {std::int64_t{-1}, std::numeric_limits<std::int64_t>::min(), std::int64_t{42}})
        CHECK(written(Json(n)) == dumped(Json(n)));
    const Json doc = Json::parse(R"({"id":1,"query":"q","hits":[{"a":[],"b":{},"c":[[0,5],[7,9]],"d":true,"e":false,
        "f":null,"g":2.5}],"summary":{"x":[{"y":[1,{"z":"w"}]}],"empty":""}})");
    CHECK(written(doc) == dumped(doc));
}

// SPDX-License-Identifier: MIT
// File states: the content hash, keys, and the metadata encoding.
#include "../catch.hpp"

#include "error.hpp"
#include "file_state.hpp"

#include <random>

using namespace lede;

TEST_CASE("the content hash does not depend on how the bytes are split", "[file_state]") {
    std::mt19937 rng(7);
    std::string data(10000, '\0');
    for (auto& c : data) c = static_cast<char>(rng());
    ContentHasher whole;
    whole.update(data);
    for (std::size_t piece : {1u, 3u, 7u, 8u, 9u, 4096u}) {
        ContentHasher parts;
        for (std::size_t i = 0; i < data.size(); i += piece) parts.update(std::string_view(data).substr(i, piece));
        INFO(piece);
        CHECK(parts.hex() == whole.hex());
    }
}

TEST_CASE("the content hash sees every byte, its position and the length", "[file_state]") {
    auto h = [](std::string_view s) {
        ContentHasher c;
        c.update(s);
        return c.hex();
    };
    const std::string base = "The quick brown fox jumps over the lazy dog";
    CHECK(h(base).size() == 16);
    CHECK(h(base) != h("The quick brown fox jumps over the lazy dot"));
    CHECK(h(base) != h("he quick brown fox jumps over the lazy dogT"));
    CHECK(h("") != h(std::string(1, '\0')));
    CHECK(h(std::string(8, '\0')) != h(std::string(16, '\0')));
}

TEST_CASE("file keys are 16 hex digits and differ by path", "[file_state]") {
    CHECK(file_key("/a/b.jsonl").size() == 16);
    CHECK(file_key("/a/b.jsonl") == file_key("/a/b.jsonl"));
    CHECK(file_key("/a/b.jsonl") != file_key("/a/c.jsonl"));
}

TEST_CASE("file states round-trip through their JSON", "[file_state]") {
    FileState s{"/x/\xc3\xa9.jsonl", 1234, 1700000000123456789LL, "0123456789abcdef", 42, 3, "jsonl"};
    CHECK(decode_file_state(encode_file_state(s)) == s);
    CHECK_THROWS_AS(decode_file_state("{\"path\": 1}"), Error);
}

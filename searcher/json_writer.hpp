// SPDX-License-Identifier: MIT
// A streaming JSON writer whose output is byte for byte what nlohmann's dump() gives (compact,
// UTF-8 kept, invalid UTF-8 replaced by U+FFFD), without building a DOM first.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lede {

/// Appends compact JSON to a string. Commas are placed by the writer: call key() before each
/// member of an object, and value()/begin_*() for array elements and member values. The output
/// equals nlohmann::ordered_json's dump(-1, ' ', false, error_handler_t::replace) of the same
/// document (pinned by tests/unit/test_scripting.cpp).
class JsonWriter {
public:
    explicit JsonWriter(std::string& out) : m_out(out) {}

    void begin_object() { open('{'); }
    void end_object() { close('}'); }
    void begin_array() { open('['); }
    void end_array() { close(']'); }
    void key(std::string_view k);
    void value(std::string_view s);
    void value(const char* s) { value(std::string_view(s)); }
    void value(const std::string& s) { value(std::string_view(s)); }
    void value(bool b);
    void value(double d);
    void value(std::uint64_t n);
    void value(std::int64_t n);
    void value(unsigned n) { value(static_cast<std::uint64_t>(n)); }
    void value(int n) { value(static_cast<std::int64_t>(n)); }
    /// Empty the output and start a new document.
    void clear() {
        m_out.clear();
        m_first.clear();
        m_after_key = false;
    }
    /// Already serialized JSON (e.g. an id echoed from the input), written as is.
    void raw(std::string_view json);

private:
    void separate();
    void open(char c);
    void close(char c);
    void string(std::string_view s);

    std::string& m_out;
    std::vector<bool> m_first;  // per open container: nothing written in it yet
    bool m_after_key = false;
};

} // namespace lede

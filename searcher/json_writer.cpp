// SPDX-License-Identifier: MIT
// JSON text without a DOM: nlohmann's escaping and number formats, so outputs stay byte-identical.
#include "json_writer.hpp"

#include <nlohmann/json.hpp>

#include <charconv>
#include <cmath>

namespace lede {
namespace {

// Length of the well-formed UTF-8 sequence (RFC 3629) at s[i], or 0.
std::size_t utf8_length(std::string_view s, std::size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    auto cont = [&](std::size_t k, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
        if (i + k >= s.size()) return false;
        const auto b = static_cast<unsigned char>(s[i + k]);
        return b >= lo && b <= hi;
    };
    if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
    if (c == 0xE0) return cont(1, 0xA0) && cont(2) ? 3 : 0;
    if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) return cont(1) && cont(2) ? 3 : 0;
    if (c == 0xED) return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0;
    if (c == 0xF0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
    if (c >= 0xF1 && c <= 0xF3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
    if (c == 0xF4) return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0;
    return 0;
}

} // namespace

void JsonWriter::separate() {
    if (m_after_key) {
        m_after_key = false;
        return;
    }
    if (m_first.empty()) return;
    if (m_first.back()) m_first.back() = false;
    else m_out += ',';
}

void JsonWriter::open(char c) {
    separate();
    m_out += c;
    m_first.push_back(true);
}

void JsonWriter::close(char c) {
    m_out += c;
    m_first.pop_back();
}

void JsonWriter::key(std::string_view k) {
    separate();
    string(k);
    m_out += ':';
    m_after_key = true;
}

void JsonWriter::value(std::string_view s) {
    separate();
    string(s);
}

void JsonWriter::value(bool b) {
    separate();
    m_out += b ? "true" : "false";
}

void JsonWriter::value(double d) {
    separate();
    if (!std::isfinite(d)) {
        m_out += "null";
        return;
    }
    // nlohmann's own shortest round-trip formatting (what its serializer calls for doubles).
    char buf[64];
    const char* end = nlohmann::detail::to_chars(buf, buf + sizeof buf, d);
    m_out.append(buf, static_cast<std::size_t>(end - buf));
}

void JsonWriter::value(std::uint64_t n) {
    separate();
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, n);
    m_out.append(buf, static_cast<std::size_t>(r.ptr - buf));
}

void JsonWriter::value(std::int64_t n) {
    separate();
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, n);
    m_out.append(buf, static_cast<std::size_t>(r.ptr - buf));
}

void JsonWriter::raw(std::string_view json) {
    separate();
    m_out += json;
}

void JsonWriter::string(std::string_view s) {
    // Valid UTF-8 (all but corrupt input) is escaped here; otherwise nlohmann replaces the bad
    // bytes its own way.
    const std::size_t mark = m_out.size();
    m_out += '"';
    std::size_t run = 0;
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
            ++i;
            continue;
        }
        if (c >= 0x80) {
            const std::size_t n = utf8_length(s, i);
            if (n == 0) {
                m_out.resize(mark);
                m_out += nlohmann::json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
                return;
            }
            i += n;
            continue;
        }
        m_out.append(s, run, i - run);
        switch (c) {
        case '"': m_out += "\\\""; break;
        case '\\': m_out += "\\\\"; break;
        case '\b': m_out += "\\b"; break;
        case '\t': m_out += "\\t"; break;
        case '\n': m_out += "\\n"; break;
        case '\f': m_out += "\\f"; break;
        case '\r': m_out += "\\r"; break;
        default: {
            static constexpr char digits[] = "0123456789abcdef";
            m_out += "\\u00";
            m_out += digits[c >> 4];
            m_out += digits[c & 0xF];
        }
        }
        run = ++i;
    }
    m_out.append(s, run, s.size() - run);
    m_out += '"';
}

} // namespace lede

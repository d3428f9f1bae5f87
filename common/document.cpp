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

namespace {

// decode_article's fast path: the flat object encode_article writes, read in one pass without a
// DOM. It gives up (returns false) on anything it was not written for (a value of another type,
// invalid UTF-8, a surrogate escape, trailing text...), and the caller then lets nlohmann decide,
// so every input decodes exactly as nlohmann::json::parse reads it.
class FastReader {
public:
    explicit FastReader(std::string_view s) : m_s(s) {}

    bool read(Article& a) {
        skip_space();
        if (!eat('{')) return false;
        skip_space();
        if (eat('}')) return at_end();
        std::string key;
        for (;;) {
            skip_space();
            if (!read_string(key)) return false;
            skip_space();
            if (!eat(':')) return false;
            skip_space();
            if (key == "tags") {
                if (!eat('[')) return false;
                a.tags.clear(); // a repeated key: the last one wins, as in nlohmann's object
                skip_space();
                if (!eat(']')) {
                    for (;;) {
                        skip_space();
                        a.tags.emplace_back();
                        if (!read_string(a.tags.back())) return false;
                        skip_space();
                        if (eat(']')) break;
                        if (!eat(',')) return false;
                    }
                }
            } else if (std::string* field = field_of(a, key)) {
                if (!read_string(*field)) return false;
            } else {
                std::string ignored;
                if (!read_string(ignored)) return false;
            }
            skip_space();
            if (eat('}')) return at_end();
            if (!eat(',')) return false;
        }
    }

private:
    static std::string* field_of(Article& a, const std::string& key) {
        if (key == "id") return &a.id;
        if (key == "title") return &a.title;
        if (key == "body") return &a.body;
        if (key == "date") return &a.date;
        if (key == "source") return &a.source;
        if (key == "author") return &a.author;
        if (key == "url") return &a.url;
        if (key == "lang") return &a.lang;
        if (key == "origin") return &a.origin;
        return nullptr;
    }

    bool at_end() {
        skip_space();
        return m_i == m_s.size();
    }
    void skip_space() {
        while (m_i < m_s.size() && (m_s[m_i] == ' ' || m_s[m_i] == '\t' || m_s[m_i] == '\n' || m_s[m_i] == '\r')) ++m_i;
    }
    bool eat(char c) {
        if (m_i < m_s.size() && m_s[m_i] == c) {
            ++m_i;
            return true;
        }
        return false;
    }

    // Length of the well-formed UTF-8 sequence (RFC 3629) starting at m_i with lead byte c, or 0.
    std::size_t utf8_length(unsigned char c) const {
        auto cont = [&](std::size_t k, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
            if (m_i + k >= m_s.size()) return false;
            const auto b = static_cast<unsigned char>(m_s[m_i + k]);
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

    static int hex(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    bool read_string(std::string& out) {
        out.clear();
        if (!eat('"')) return false;
        for (;;) {
            // Copy the plain run up to the next quote, backslash, control or non-ASCII byte.
            std::size_t j = m_i;
            while (j < m_s.size()) {
                const auto c = static_cast<unsigned char>(m_s[j]);
                if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
                ++j;
            }
            out.append(m_s, m_i, j - m_i);
            m_i = j;
            if (m_i >= m_s.size()) return false;
            const auto c = static_cast<unsigned char>(m_s[m_i]);
            if (c == '"') {
                ++m_i;
                return true;
            }
            if (c < 0x20) return false;
            if (c >= 0x80) {
                const std::size_t n = utf8_length(c);
                if (n == 0) return false;
                out.append(m_s, m_i, n);
                m_i += n;
                continue;
            }
            // A backslash escape.
            if (m_i + 1 >= m_s.size()) return false;
            const char e = m_s[m_i + 1];
            m_i += 2;
            switch (e) {
            case '"': out += '"'; break;
            case '\\': out += '\\'; break;
            case '/': out += '/'; break;
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case 'n': out += '\n'; break;
            case 'r': out += '\r'; break;
            case 't': out += '\t'; break;
            case 'u': {
                if (m_i + 4 > m_s.size()) return false;
                unsigned cp = 0;
                for (int k = 0; k < 4; ++k) {
                    const int h = hex(m_s[m_i + static_cast<std::size_t>(k)]);
                    if (h < 0) return false;
                    cp = cp * 16 + static_cast<unsigned>(h);
                }
                m_i += 4;
                if (cp >= 0xD800 && cp <= 0xDFFF) return false; // surrogates: nlohmann's rules apply
                if (cp < 0x80) {
                    out += static_cast<char>(cp);
                } else if (cp < 0x800) {
                    out += static_cast<char>(0xC0 | (cp >> 6));
                    out += static_cast<char>(0x80 | (cp & 0x3F));
                } else {
                    out += static_cast<char>(0xE0 | (cp >> 12));
                    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
                    out += static_cast<char>(0x80 | (cp & 0x3F));
                }
                break;
            }
            default: return false;
            }
        }
    }

    std::string_view m_s;
    std::size_t m_i = 0;
};

} // namespace

Article decode_article(std::string_view data) {
    {
        Article a;
        if (FastReader(data).read(a)) return a;
    }
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

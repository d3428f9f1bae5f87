// SPDX-License-Identifier: MIT
// Paragraph-aware text accumulation for the HTML readers (html.cpp's text, extract.cpp's article):
// inline white space collapses to one space, a block boundary becomes a blank line, a line break
// one newline, and <pre> text is kept as it is.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>

namespace lede {

class TextBuilder {
public:
    void text(std::string_view s) {
        for (char c : s) {
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
                m_space = !m_out.empty();
                continue;
            }
            flush();
            m_out += c;
        }
    }
    void raw(std::string_view s) { // <pre>: keep the lines
        if (s.empty()) return;
        flush();
        m_out.append(s);
    }
    void block() { m_break = 2; }
    void line() { m_break = std::max(m_break, 1); }
    std::string take() { return std::move(m_out); }
    std::size_t size() const { return m_out.size(); }

private:
    void flush() {
        if (!m_out.empty()) {
            if (m_break) m_out.append(static_cast<std::size_t>(m_break), '\n');
            else if (m_space) m_out += ' ';
        }
        m_break = 0;
        m_space = false;
    }
    std::string m_out;
    int m_break = 0;
    bool m_space = false;
};

} // namespace lede

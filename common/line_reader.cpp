// SPDX-License-Identifier: MIT
#include "line_reader.hpp"

namespace lede {

bool read_line(std::istream& in, std::string& line, std::size_t max, std::uint64_t& too_long) {
    line.clear();
    too_long = 0;
    // Blank lines one at a time, cheaply: a stream of nothing but newlines must not cost more.
    if (in.good() && in.rdbuf()->sgetc() == '\n') {
        in.rdbuf()->sbumpc();
        return true;
    }
    std::uint64_t length = 0;
    bool any = false;
    char chunk[1 << 14];
    for (;;) {
        // istream::getline into a buffer: the library's fast scan, never more than the buffer held.
        in.getline(chunk, sizeof chunk);
        const auto n = static_cast<std::size_t>(in.gcount());
        const bool full = in.fail() && !in.eof() && n + 1 == sizeof chunk; // no newline yet
        const bool ended = !in.fail() && !in.eof();                           // the newline was read
        const std::size_t stored = ended ? n - 1 : n;
        any = any || n > 0;
        length += stored;
        if (length <= max) line.append(chunk, stored);
        else if (!line.empty()) std::string().swap(line);
        if (full) {
            in.clear(in.rdstate() & ~std::ios::failbit);
            continue;
        }
        if (ended) break;
        // End of input (or a stream error, which the caller's StreamBuf reports).
        if (!any) return false;
        in.clear(in.rdstate() & ~std::ios::failbit);
        break;
    }
    if (length > max) too_long = length;
    return true;
}

} // namespace lede

// SPDX-License-Identifier: MIT
// File states in index metadata, file keys, and the content hash.
#include "file_state.hpp"

#include "error.hpp"
#include "schema.hpp"
#include "streams.hpp"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>

namespace lede {
namespace {

std::string hex64(std::uint64_t v) {
    char buf[20];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
    return buf;
}

constexpr std::uint64_t k1 = 0x87C37B91114253D5ULL;
constexpr std::uint64_t k2 = 0x4CF5AD432745937FULL;

std::uint64_t rotl(std::uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

std::uint64_t fmix(std::uint64_t h) {
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDULL;
    h ^= h >> 33;
    h *= 0xC4CEB9FE1A85EC53ULL;
    h ^= h >> 33;
    return h;
}

} // namespace

std::string file_key(std::string_view path) {
    std::uint64_t h = 1469598103934665603ULL; // FNV-1a
    for (unsigned char c : path) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return hex64(h);
}

std::string encode_file_state(const FileState& s) {
    nlohmann::json j{{"path", s.path},         {"size", s.size},         {"mtime_ns", s.mtime_ns},
                     {"hash", s.hash},         {"articles", s.articles}, {"skipped", s.skipped},
                     {"format", s.format}};
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

FileState decode_file_state(std::string_view json) {
    try {
        const auto j = nlohmann::json::parse(json);
        FileState s;
        s.path = j.at("path").get<std::string>();
        s.size = j.at("size").get<std::uint64_t>();
        s.mtime_ns = j.at("mtime_ns").get<std::int64_t>();
        s.hash = j.at("hash").get<std::string>();
        s.articles = j.value("articles", std::size_t{0});
        s.skipped = j.value("skipped", std::size_t{0});
        s.format = j.value("format", std::string());
        return s;
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("corrupt file state in index metadata: ") + e.what());
    }
}

std::map<std::string, FileState> load_file_states(const Xapian::Database& db) {
    std::map<std::string, FileState> out;
    const std::string prefix(schema::meta::file_prefix);
    for (auto it = db.metadata_keys_begin(prefix); it != db.metadata_keys_end(prefix); ++it) {
        const std::string key = *it;
        out.emplace(key.substr(prefix.size()), decode_file_state(db.get_metadata(key)));
    }
    return out;
}

void ContentHasher::word(std::uint64_t w) {
    w *= k1;
    w = rotl(w, 31);
    w *= k2;
    m_h ^= w;
    m_h = rotl(m_h, 27) * 5 + 0x52DCE729;
}

void ContentHasher::update(std::string_view bytes) {
    m_len += bytes.size();
    std::size_t i = 0;
    while (m_tail_len > 0 && m_tail_len < 8 && i < bytes.size()) m_tail[m_tail_len++] = static_cast<unsigned char>(bytes[i++]);
    if (m_tail_len == 8) {
        std::uint64_t w;
        std::memcpy(&w, m_tail, 8);
        word(w);
        m_tail_len = 0;
    }
    for (; i + 8 <= bytes.size(); i += 8) {
        std::uint64_t w;
        std::memcpy(&w, bytes.data() + i, 8);
        word(w);
    }
    while (i < bytes.size()) m_tail[m_tail_len++] = static_cast<unsigned char>(bytes[i++]);
}

std::string ContentHasher::hex() const {
    std::uint64_t h = m_h;
    std::uint64_t t = 0;
    for (std::size_t i = 0; i < m_tail_len; ++i) t |= static_cast<std::uint64_t>(m_tail[i]) << (8 * i);
    if (m_tail_len) {
        t *= k1;
        t = rotl(t, 31);
        t *= k2;
        h ^= t;
    }
    h ^= m_len;
    return hex64(fmix(h));
}

std::string hash_file(const std::string& path, const std::string& display, std::atomic<std::uint64_t>* counter) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw InputError(display, 0, std::string("cannot open: ") + std::strerror(errno));
    FdStream in(fd, display, counter);
    ContentHasher h;
    std::string buf(1 << 18, '\0');
    for (;;) {
        const std::size_t got = in.read(buf.data(), buf.size());
        if (got == 0) break;
        h.update(std::string_view(buf.data(), got));
    }
    return h.hex();
}

} // namespace lede

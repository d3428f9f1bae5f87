// SPDX-License-Identifier: MIT
// What the index remembers about each source file, for incremental updates and --prune.
#pragma once

#include <xapian.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace lede {

/// Stored under schema::meta::file_prefix + file_key(path) as JSON
/// {"path":..., "size":..., "mtime_ns":..., "hash":"16 hex", "articles":N, "skipped":N, "format":...}.
struct FileState {
    std::string path;            // absolute path, symlinks resolved
    std::uint64_t size = 0;      // bytes
    std::int64_t mtime_ns = 0;   // modification time, nanoseconds since the epoch
    std::string hash;            // content_hash of the bytes, 16 hex digits
    std::size_t articles = 0;    // articles in the index from this file when it was read
    std::size_t skipped = 0;     // bad records in it then (a file with some is read again next time)
    std::string format;          // format_name of the file (the outer one for archives)

    bool operator==(const FileState&) const = default;
};

/// The file's identity in the index: 16 hex digits of a 64-bit hash of its absolute path. Documents
/// carry the boolean term schema::prefix::file + key and the value schema::slot::file_key = key.
std::string file_key(std::string_view absolute_path);

std::string encode_file_state(const FileState& s);
/// Throws lede::Error on data that is not an encoded file state.
FileState decode_file_state(std::string_view json);

/// Every file state in the index, by file key.
std::map<std::string, FileState> load_file_states(const Xapian::Database& db);

/// A 64-bit hash of a byte stream, fed in pieces of any size (not cryptographic: it detects
/// changed files, it does not resist forgery).
class ContentHasher {
public:
    void update(std::string_view bytes);
    /// 16 hex digits; the hash of everything fed so far.
    std::string hex() const;

private:
    std::uint64_t m_h = 0x9E3779B97F4A7C15ULL;
    std::uint64_t m_len = 0;
    unsigned char m_tail[8] = {};
    std::size_t m_tail_len = 0;
    void word(std::uint64_t w);
};

/// Hash a whole file. Adds the bytes read to `counter` when given. Throws InputError when the
/// file cannot be read.
std::string hash_file(const std::string& path, const std::string& display, std::atomic<std::uint64_t>* counter);

} // namespace lede

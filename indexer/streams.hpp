// SPDX-License-Identifier: MIT
// Byte streams the readers consume: files, standard input, members of compressed or archived files.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <exception>
#include <streambuf>
#include <string>
#include <string_view>

struct archive;

namespace lede {

/// The size budgets of reading (docs/indexing.md, "Size limits"; lede-index --max-record-mb,
/// --max-member-mb, --max-ratio). Each one hit is reported and counted; nothing is held beyond it.
struct Limits {
    /// One record: a JSON line, a CSV record, an mbox message, a WARC record, a whole-document
    /// file (HTML, text, e-mail) and the decoded HTTP body of a WARC response.
    std::size_t record_bytes = std::size_t(64) << 20;
    /// Decompressed bytes of one compressed stream or archive member.
    std::uint64_t member_bytes = std::uint64_t(64) << 30;
    /// Once a compressed input has produced more than `ratio_floor` bytes, it is stopped when it has
    /// produced more than `ratio` times the compressed bytes read for it (0 = no ratio check).
    double ratio = 1000;
    std::uint64_t ratio_floor = std::uint64_t(4) << 30;
};

/// A forward-only source of bytes. read() returns 0 at the end and throws InputError(name, 0, ...)
/// when the underlying file or decompressor fails.
class ByteStream {
public:
    virtual ~ByteStream() = default;
    virtual std::size_t read(char* buf, std::size_t n) = 0;
    /// Random access, for libarchive's seekable zip reader. -1 when not supported.
    virtual std::int64_t seek(std::int64_t /*offset*/, int /*whence*/) { return -1; }
    virtual bool can_seek() const { return false; }
};

/// A file descriptor (owned unless it is standard input). Adds every byte read to `counter`
/// (progress) when one is given.
class FdStream : public ByteStream {
public:
    FdStream(int fd, std::string name, std::atomic<std::uint64_t>* counter = nullptr);
    ~FdStream() override;
    FdStream(const FdStream&) = delete;
    FdStream& operator=(const FdStream&) = delete;
    std::size_t read(char* buf, std::size_t n) override;
    std::int64_t seek(std::int64_t offset, int whence) override;
    bool can_seek() const override { return m_seekable; }

private:
    int m_fd;
    std::string m_name;
    std::atomic<std::uint64_t>* m_counter;
    bool m_seekable;
};

/// Lets a reader look at the first bytes of a stream (to sniff its format) without consuming them.
class PeekStream : public ByteStream {
public:
    explicit PeekStream(ByteStream& inner) : m_inner(inner) {}
    /// Up to `n` bytes from the current start; fewer only at the end of the stream.
    std::string_view peek(std::size_t n);
    std::size_t read(char* buf, std::size_t n) override;
    /// Seeking (when the inner stream can) drops what was peeked and not yet read.
    std::int64_t seek(std::int64_t offset, int whence) override;
    bool can_seek() const override { return m_inner.can_seek(); }

private:
    ByteStream& m_inner;
    std::string m_head;
    std::size_t m_pos = 0;
    std::exception_ptr m_error; // an error met while peeking, thrown once the peeked bytes are read
};

/// std::istream adapter over a ByteStream (line-oriented readers use std::getline on it).
///
/// An error of the stream (damaged compressed data, a read error, an interruption) must not read as
/// the end of the input: std::istream would swallow an exception thrown from underflow() and its
/// readers would take the damage for the end of the file, so the file would count as read whole and
/// the articles after the damage as gone. StreamBuf keeps the error and ends its input there;
/// `check()`, called once the reader is done, throws it (an InputError with the byte offset at
/// which the data stopped), so the file is reported damaged and not recorded as complete.
class StreamBuf : public std::streambuf {
public:
    explicit StreamBuf(ByteStream& in, std::size_t buffer = 1 << 16) : m_in(in), m_buf(buffer, '\0') {}

    /// Throws the stream's error, if it had one (InputError: "... at byte N of the data").
    void check() const;

    /// Consumes the newlines ('\n') that come next and returns how many: a run of blank lines at
    /// memory speed, not a line at a time.
    std::uint64_t skip_newlines();

protected:
    int_type underflow() override;
    std::streamsize xsgetn(char* s, std::streamsize n) override;

private:
    ByteStream& m_in;
    std::string m_buf;
    std::exception_ptr m_error;
    std::uint64_t m_delivered = 0; // bytes handed to the reader before the current buffer
};

/// A gzip stream (one member or several, as .warc.gz writes one per record) decoded with zlib.
/// Everything before damage (a cut or corrupt member) is delivered; then read() throws
/// InputError(name, 0, "cannot read compressed data: ..."), so that the readers keep what came
/// before and the file is reported as damaged. libarchive is not used for it: it refuses to open
/// a gzip stream whose damage lies within its first read, so a small damaged file gave nothing.
class GzipStream : public ByteStream {
public:
    GzipStream(ByteStream& in, std::string name, const Limits& limits = Limits{});
    ~GzipStream() override;
    GzipStream(const GzipStream&) = delete;
    GzipStream& operator=(const GzipStream&) = delete;
    std::size_t read(char* buf, std::size_t n) override;

private:
    ByteStream& m_in;
    std::string m_name;
    std::string m_buf;
    struct Z;
    std::unique_ptr<Z> m_z;
    bool m_eof = false;
    bool m_member_done = false;
    std::uint64_t m_in_bytes = 0;
    std::uint64_t m_out_bytes = 0;
    Limits m_limits;
};

/// All of a stream, up to `max` bytes; throws InputError(name, 0, "larger than ...") beyond that.
std::string read_all(ByteStream& in, const std::string& name, std::size_t max);

/// What the first bytes say about a stream: compressed (gzip, bzip2, xz, zstd, lz4, compress),
/// an archive (tar, zip, 7z, cpio) or neither.
enum class Container { None, Compressed, Archive };
Container sniff_container(std::string_view head);

/// libarchive over a ByteStream: entries of an archive, or the one decompressed stream of a
/// compressed file (then entry_name() is empty). Throws InputError(display, 0, ...) when the data
/// is not readable.
class ArchiveReader {
public:
    ArchiveReader(ByteStream& in, std::string display, const Limits& limits = Limits{});
    ~ArchiveReader();
    ArchiveReader(const ArchiveReader&) = delete;
    ArchiveReader& operator=(const ArchiveReader&) = delete;

    /// Advance to the next regular file; false at the end.
    bool next();
    /// The entry's path inside the archive ("" for a plain compressed stream).
    const std::string& entry_name() const { return m_entry; }
    /// The entry's modification time (seconds since the epoch), 0 when unknown.
    std::int64_t entry_mtime() const { return m_mtime; }
    /// The current entry's bytes.
    ByteStream& data() { return *m_data; }

private:
    friend class ArchiveData;
    static long read_cb(struct archive*, void* self, const void** buf);
    static std::int64_t seek_cb(struct archive*, void* self, std::int64_t offset, int whence);
    static std::int64_t skip_cb(struct archive*, void* self, std::int64_t request);

    ByteStream& m_in;
    std::string m_display;
    struct archive* m_ar = nullptr;
    std::string m_buf;
    std::string m_entry;
    std::int64_t m_mtime = 0;
    bool m_raw = false;
    std::unique_ptr<ByteStream> m_data;
    Limits m_limits;
    std::uint64_t m_in_bytes = 0;     // compressed bytes handed to libarchive
    std::uint64_t m_out_bytes = 0;    // decompressed bytes of all entries so far
    std::uint64_t m_entry_bytes = 0;  // of the current entry
    std::exception_ptr m_error;       // thrown by the input inside a libarchive callback
    void rethrow() const;
};

} // namespace lede

// SPDX-License-Identifier: MIT
// File descriptors, peeking, std::istream adaptation and libarchive, all behind ByteStream.
#include "streams.hpp"

#include "error.hpp"
#include "interrupt.hpp"

#include <archive.h>
#include <zlib.h>
#include <archive_entry.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

namespace lede {

FdStream::FdStream(int fd, std::string name, std::atomic<std::uint64_t>* counter)
    : m_fd(fd), m_name(std::move(name)), m_counter(counter) {
    struct stat st {};
    m_seekable = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
}

FdStream::~FdStream() {
    if (m_fd > 2) ::close(m_fd);
}

std::size_t FdStream::read(char* buf, std::size_t n) {
    for (;;) {
        check_interrupt(); // a signal ends the read of a slow or endless input (FIFO, device)
        if (!m_seekable) {
            // A pipe, FIFO or terminal may have nothing for a long time (a FIFO opened with
            // O_NONBLOCK has no writer yet): wait in steps, so that a signal is seen within 0.2 s.
            pollfd p{m_fd, POLLIN, 0};
            const int rc = ::poll(&p, 1, 200);
            if (rc == 0 || (rc < 0 && errno == EINTR)) continue;
        }
        ssize_t got = ::read(m_fd, buf, n);
        if (got >= 0) {
            if (m_counter) m_counter->fetch_add(static_cast<std::uint64_t>(got), std::memory_order_relaxed);
            return static_cast<std::size_t>(got);
        }
        if (errno == EINTR || errno == EAGAIN) continue; // check_interrupt() above decides
        throw InputError(m_name, 0, std::string("read error: ") + std::strerror(errno));
    }
}

std::int64_t FdStream::seek(std::int64_t offset, int whence) {
    if (!m_seekable) return -1;
    return ::lseek(m_fd, offset, whence);
}

std::string_view PeekStream::peek(std::size_t n) {
    if (m_pos > 0) { // compact what has been consumed
        m_head.erase(0, m_pos);
        m_pos = 0;
    }
    while (m_head.size() < n && !m_error) {
        const std::size_t old = m_head.size();
        m_head.resize(n);
        std::size_t got = 0;
        try {
            got = m_inner.read(m_head.data() + old, n - old);
        } catch (...) { // damage within the first bytes: what came before is still read, then the error
            m_head.resize(old);
            m_error = std::current_exception();
            break;
        }
        m_head.resize(old + got);
        if (got == 0) break;
    }
    return std::string_view(m_head).substr(0, n);
}

std::size_t PeekStream::read(char* buf, std::size_t n) {
    if (m_pos < m_head.size()) {
        const std::size_t k = std::min(n, m_head.size() - m_pos);
        std::memcpy(buf, m_head.data() + m_pos, k);
        m_pos += k;
        if (m_pos == m_head.size()) {
            m_head.clear();
            m_pos = 0;
        }
        return k;
    }
    if (m_error) std::rethrow_exception(m_error);
    return m_inner.read(buf, n);
}

std::int64_t PeekStream::seek(std::int64_t offset, int whence) {
    if (!m_inner.can_seek()) return -1;
    if (whence == SEEK_CUR) offset -= static_cast<std::int64_t>(m_head.size() - m_pos);
    m_head.clear();
    m_pos = 0;
    return m_inner.seek(offset, whence);
}

StreamBuf::int_type StreamBuf::underflow() {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    if (m_error) return traits_type::eof();
    m_delivered += static_cast<std::uint64_t>(egptr() - eback());
    setg(m_buf.data(), m_buf.data(), m_buf.data());
    std::size_t got = 0;
    try {
        got = m_in.read(m_buf.data(), m_buf.size());
    } catch (...) {
        m_error = std::current_exception(); // thrown again by check(), not swallowed by the istream
        return traits_type::eof();
    }
    if (got == 0) return traits_type::eof();
    setg(m_buf.data(), m_buf.data(), m_buf.data() + got);
    return traits_type::to_int_type(*gptr());
}

void StreamBuf::check() const {
    if (!m_error) return;
    try {
        std::rethrow_exception(m_error);
    } catch (const InputError& e) {
        if (std::string_view(e.what()).find(" at byte ") != std::string_view::npos) throw;
        throw InputError(e.file(), e.line(),
                         std::string(e.what()) + " at byte " + std::to_string(m_delivered) +
                             " of the data; the articles before it are kept and the file is read again next run");
    }
}

std::uint64_t StreamBuf::skip_newlines() {
    std::uint64_t n = 0;
    for (;;) {
        if (gptr() == egptr() && underflow() == traits_type::eof()) return n;
        const char* p = gptr();
        const char* e = egptr();
        while (p < e && *p == '\n') ++p;
        n += static_cast<std::uint64_t>(p - gptr());
        const bool more = p == e;
        setg(eback(), const_cast<char*>(p), egptr());
        if (!more) return n;
    }
}

std::streamsize StreamBuf::xsgetn(char* s, std::streamsize n) {
    std::streamsize done = 0;
    while (done < n) {
        if (gptr() == egptr() && underflow() == traits_type::eof()) break;
        const std::streamsize k = std::min<std::streamsize>(n - done, egptr() - gptr());
        std::memcpy(s + done, gptr(), static_cast<std::size_t>(k));
        gbump(static_cast<int>(k));
        done += k;
    }
    return done;
}

struct GzipStream::Z {
    z_stream z{};
};

GzipStream::GzipStream(ByteStream& in, std::string name, const Limits& limits)
    : m_in(in), m_name(std::move(name)), m_buf(1 << 16, '\0'), m_z(std::make_unique<Z>()), m_limits(limits) {
    if (inflateInit2(&m_z->z, 15 + 16) != Z_OK) throw InputError(m_name, 0, "cannot start the gzip decoder");
}

GzipStream::~GzipStream() { inflateEnd(&m_z->z); }

std::size_t GzipStream::read(char* buf, std::size_t n) {
    z_stream& z = m_z->z;
    check_interrupt(); // a decompression bomb must not outlast SIGTERM
    while (!m_eof) {
        if (z.avail_in == 0) {
            const std::size_t got = m_in.read(m_buf.data(), m_buf.size());
            if (got == 0) {
                if (m_member_done || m_in_bytes == 0) {
                    m_eof = true;
                    break;
                }
                throw InputError(m_name, 0, "cannot read compressed data: the gzip data ends before its end (cut short)");
            }
            m_in_bytes += got;
            z.next_in = reinterpret_cast<Bytef*>(m_buf.data());
            z.avail_in = static_cast<uInt>(got);
        }
        if (m_member_done) { // another member follows, or something that is not gzip
            if (z.avail_in >= 1 && z.next_in[0] != 0x1f) {
                m_eof = true; // trailing bytes (padding) after the last member
                break;
            }
            inflateReset(&z);
            m_member_done = false;
        }
        z.next_out = reinterpret_cast<Bytef*>(buf);
        z.avail_out = static_cast<uInt>(std::min<std::size_t>(n, 1u << 30));
        const int rc = inflate(&z, Z_NO_FLUSH);
        const std::size_t produced = std::min<std::size_t>(n, 1u << 30) - z.avail_out;
        if (rc == Z_STREAM_END) m_member_done = true;
        else if (rc != Z_OK && rc != Z_BUF_ERROR)
            throw InputError(m_name, 0, std::string("cannot read compressed data: ") + (z.msg ? z.msg : "corrupt gzip data"));
        if (produced > 0) {
            // The same budgets as ArchiveData's: decompressed bytes and the expansion ratio.
            const std::string at = "decompression stopped at byte " + std::to_string(m_out_bytes) + ": ";
            m_out_bytes += produced;
            if (m_out_bytes > m_limits.member_bytes)
                throw InputError(m_name, 0,
                                 at + "more than " + std::to_string(m_limits.member_bytes >> 20) +
                                     " MiB decompressed (--max-member-mb); the articles before it are kept, the file "
                                     "is not recorded as read");
            if (m_limits.ratio > 0 && m_out_bytes > m_limits.ratio_floor &&
                static_cast<double>(m_out_bytes) > m_limits.ratio * static_cast<double>(m_in_bytes))
                throw InputError(m_name, 0,
                                 at + std::to_string(m_in_bytes) + " compressed bytes expand more than " +
                                     std::to_string(static_cast<long long>(m_limits.ratio)) +
                                     " times (a decompression bomb; --max-ratio); the articles before it are kept, "
                                     "the file is not recorded as read");
            return produced;
        }
    }
    return 0;
}

std::string read_all(ByteStream& in, const std::string& name, std::size_t max) {
    std::string out;
    char buf[1 << 16];
    for (;;) {
        const std::size_t got = in.read(buf, sizeof buf);
        if (got == 0) break;
        if (out.size() + got > max)
            throw InputError(name, 0, "larger than " + std::to_string(max >> 20) + " MiB (--max-record-mb), not read");
        out.append(buf, got);
    }
    return out;
}

Container sniff_container(std::string_view h) {
    auto starts = [&](std::string_view magic) { return h.substr(0, magic.size()) == magic; };
    if (starts("\x1f\x8b") || starts("BZh") || starts(std::string_view("\xfd" "7zXZ\0", 6)) ||
        starts("\x28\xb5\x2f\xfd") || starts("\x04\x22\x4d\x18") || starts("\x1f\x9d") ||
        starts(std::string_view("\x5d\x00\x00", 3)))
        return Container::Compressed;
    if (starts("PK\x03\x04") || starts("PK\x05\x06") || starts("7z\xbc\xaf\x27\x1c") ||
        starts("070707") || starts("070701") || starts("070702") ||
        (h.size() >= 262 && h.substr(257, 5) == "ustar"))
        return Container::Archive;
    return Container::None;
}

// The bytes of the current archive entry, within the member budget and the expansion ratio.
class ArchiveData : public ByteStream {
public:
    explicit ArchiveData(ArchiveReader& r) : m_r(r) {}
    std::size_t read(char* buf, std::size_t n) override {
        check_interrupt(); // a decompression bomb must not outlast SIGTERM
        la_ssize_t got = archive_read_data(m_r.m_ar, buf, n);
        if (got < 0) {
            m_r.rethrow(); // the input's own error (an interruption, an I/O error, out of memory)
            const char* why = archive_error_string(m_r.m_ar);
            throw InputError(m_r.m_display, 0, std::string("cannot read compressed data: ") + (why ? why : "unknown error"));
        }
        const auto k = static_cast<std::uint64_t>(got);
        m_r.m_entry_bytes += k;
        m_r.m_out_bytes += k;
        const Limits& l = m_r.m_limits;
        const std::string member = m_r.m_entry.empty() ? std::string() : "member " + m_r.m_entry + ": ";
        const std::string at = "decompression stopped at byte " + std::to_string(m_r.m_entry_bytes - k) + ": ";
        if (m_r.m_entry_bytes > l.member_bytes)
            throw InputError(m_r.m_display, 0,
                             member + at + "more than " + std::to_string(l.member_bytes >> 20) +
                                 " MiB decompressed (--max-member-mb); the articles before it are kept, the file is "
                                 "not recorded as read");
        if (l.ratio > 0 && m_r.m_out_bytes > l.ratio_floor &&
            static_cast<double>(m_r.m_out_bytes) > l.ratio * static_cast<double>(m_r.m_in_bytes))
            throw InputError(m_r.m_display, 0,
                             member + at + std::to_string(m_r.m_in_bytes) + " compressed bytes expand more than " +
                                 std::to_string(static_cast<long long>(l.ratio)) +
                                 " times (a decompression bomb; --max-ratio); the articles before it are kept, the "
                                 "file is not recorded as read");
        return static_cast<std::size_t>(got);
    }

private:
    ArchiveReader& m_r;
};

void ArchiveReader::rethrow() const {
    if (m_error) std::rethrow_exception(m_error);
}

long ArchiveReader::read_cb(struct archive* ar, void* self, const void** buf) {
    auto* r = static_cast<ArchiveReader*>(self);
    try {
        const std::size_t got = r->m_in.read(r->m_buf.data(), r->m_buf.size());
        *buf = r->m_buf.data();
        r->m_in_bytes += got;
        return static_cast<long>(got);
    } catch (const std::exception& e) {
        // Kept and thrown again once libarchive has returned (no exception may cross its C code).
        r->m_error = std::current_exception();
        archive_set_error(ar, EIO, "%s", e.what());
        return -1;
    } catch (...) { // Interrupted
        r->m_error = std::current_exception();
        archive_set_error(ar, EINTR, "interrupted");
        return -1;
    }
}

std::int64_t ArchiveReader::seek_cb(struct archive*, void* self, std::int64_t offset, int whence) {
    auto* r = static_cast<ArchiveReader*>(self);
    const std::int64_t pos = r->m_in.seek(offset, whence);
    return pos < 0 ? ARCHIVE_FATAL : pos;
}

std::int64_t ArchiveReader::skip_cb(struct archive*, void* self, std::int64_t request) {
    auto* r = static_cast<ArchiveReader*>(self);
    if (!r->m_in.can_seek()) return 0; // libarchive then reads and discards
    const std::int64_t here = r->m_in.seek(0, SEEK_CUR);
    const std::int64_t there = r->m_in.seek(request, SEEK_CUR);
    return here < 0 || there < 0 ? 0 : there - here;
}

ArchiveReader::ArchiveReader(ByteStream& in, std::string display, const Limits& limits)
    : m_in(in), m_display(std::move(display)), m_buf(1 << 16, '\0'), m_limits(limits) {
    m_ar = archive_read_new();
    archive_read_support_filter_all(m_ar);
    // Named formats only: with format_all, text that happens to look like mtree would be misread.
    archive_read_support_format_tar(m_ar);
    archive_read_support_format_zip(m_ar);
    archive_read_support_format_7zip(m_ar);
    archive_read_support_format_cpio(m_ar);
    archive_read_support_format_raw(m_ar);
    archive_read_set_read_callback(m_ar, &ArchiveReader::read_cb);
    archive_read_set_skip_callback(m_ar, &ArchiveReader::skip_cb);
    if (m_in.can_seek()) archive_read_set_seek_callback(m_ar, &ArchiveReader::seek_cb);
    archive_read_set_callback_data(m_ar, this);
    if (archive_read_open1(m_ar) != ARCHIVE_OK) {
        if (m_error) {
            archive_read_free(m_ar);
            m_ar = nullptr;
            std::rethrow_exception(m_error);
        }
        std::string why = archive_error_string(m_ar) ? archive_error_string(m_ar) : "unknown format";
        archive_read_free(m_ar);
        m_ar = nullptr;
        throw InputError(m_display, 0, "cannot open as an archive: " + why);
    }
    m_data = std::make_unique<ArchiveData>(*this);
}

ArchiveReader::~ArchiveReader() {
    if (m_ar) archive_read_free(m_ar);
}

bool ArchiveReader::next() {
    for (;;) {
        struct archive_entry* e = nullptr;
        const int rc = archive_read_next_header(m_ar, &e);
        if (rc == ARCHIVE_EOF) return false;
        if (rc < ARCHIVE_WARN) {
            rethrow();
            const char* why = archive_error_string(m_ar);
            throw InputError(m_display, 0, std::string("corrupt archive: ") + (why ? why : "unreadable header"));
        }
        m_entry_bytes = 0;
        m_raw = archive_format(m_ar) == ARCHIVE_FORMAT_RAW;
        if (m_raw) {
            m_entry.clear();
            m_mtime = 0;
            return true;
        }
        if (archive_entry_filetype(e) != AE_IFREG) continue;
        const char* name = archive_entry_pathname_utf8(e);
        if (!name) name = archive_entry_pathname(e);
        m_entry = name ? name : "";
        m_mtime = archive_entry_mtime_is_set(e) ? archive_entry_mtime(e) : 0;
        return true;
    }
}

} // namespace lede

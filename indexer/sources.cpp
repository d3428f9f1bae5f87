// SPDX-License-Identifier: MIT
// Dispatch: containers through libarchive, then the reader of each format.
#include "sources.hpp"

#include "decode.hpp"
#include "error.hpp"
#include "feed.hpp"
#include "html.hpp"
#include "mail.hpp"
#include "plain.hpp"
#include "warc.hpp"

#include <istream>
#include <sstream>

namespace lede {
namespace {

constexpr std::size_t sniff_bytes = 8192;
constexpr int max_nesting = 3;

bool has_wide_bom(std::string_view head) {
    return head.substr(0, 2) == "\xFF\xFE" || head.substr(0, 2) == "\xFE\xFF" ||
           head.substr(0, 4) == std::string_view("\x00\x00\xFE\xFF", 4);
}

void read_html(std::string_view bytes, const SourceName& name, RecordSink& sink) {
    std::vector<std::string> warnings;
    Article a = html_to_article(bytes, {}, &warnings);
    for (const auto& w : warnings) sink.warn(name.display, 0, w);
    if (a.title.empty() && a.body.empty()) {
        sink.skip(name.display, 0, "HTML page with neither title nor text");
        return;
    }
    a.origin = name.id_base;
    a.id = name.id_base;
    sink.article(std::move(a));
}

void read_line_format(std::istream& is, Format f, const SourceName& name, const ReadSettings& s, RecordSink& sink) {
    switch (f) {
    case Format::Jsonl: read_jsonl(is, name, s.map, sink, s.limits); break;
    case Format::Csv: read_csv(is, name, s.map, ',', sink, s.limits); break;
    case Format::Tsv: read_csv(is, name, s.map, '\t', sink, s.limits); break;
    case Format::Mbox: read_mbox(is, name, sink, s.limits); break;
    case Format::Warc: read_warc(is, name, sink, s.limits); break;
    default: break;
    }
    // The stream failed under the reader (an error inside the library's own reading): never the end.
    if (is.bad()) throw InputError(name.display, 0, "read failed (the stream reported an error); the file is not recorded as read");
}

void read_plain_stream(ByteStream& in, const SourceName& name, std::string_view format_hint, const ReadSettings& s,
                       RecordSink& sink) {
    PeekStream peek(in);
    const std::string_view head = peek.peek(sniff_bytes);
    const Format f = choose_format(s, format_hint, head);
    // Crawls and mailboxes legitimately hold binary records (images, attachments).
    if (f != Format::Warc && f != Format::Mbox && f != Format::Feed && looks_binary(head))
        throw InputError(name.display, 0, "binary file, not " + std::string(format_name(f)));
    switch (f) {
    case Format::Jsonl: case Format::Csv: case Format::Tsv: case Format::Mbox: case Format::Warc: {
        if (has_wide_bom(head)) { // UTF-16/32: decode the whole input before splitting lines
            std::istringstream is(decode_to_utf8(read_all(peek, name.display, s.limits.record_bytes)).text);
            read_line_format(is, f, name, s, sink);
            return;
        }
        StreamBuf buf(peek);
        std::istream is(&buf);
        read_line_format(is, f, name, s, sink);
        buf.check(); // damage inside the stream is an error, not the end of the file
        return;
    }
    default: break;
    }
    const std::string bytes = read_all(peek, name.display, s.limits.record_bytes);
    switch (f) {
    case Format::Html: read_html(bytes, name, sink); return;
    case Format::Email: read_email(bytes, name, sink); return;
    case Format::Feed: read_feed(bytes, name, sink); return;
    default: break;
    }
    Decoded d = decode_to_utf8(bytes);
    if (d.replaced > 0)
        sink.warn(name.display, 0,
                  std::to_string(d.replaced) + " invalid byte sequence(s) or control character(s) replaced (read as " +
                      charset_label(d.charset) + ")");
    if (f == Format::Markdown) read_markdown(d.text, name, sink);
    else read_text(d.text, name, sink);
}

void read_any(ByteStream& in, const SourceName& name, const ReadSettings& s, RecordSink& sink, int depth,
              const std::string& hint) {
    PeekStream peek(in);
    const std::string_view head = peek.peek(sniff_bytes);
    if (sniff_container(head) == Container::None) {
        read_plain_stream(peek, name, hint, s, sink);
        return;
    }
    if (depth >= max_nesting) throw InputError(name.display, 0, "archives nested too deeply, not read");
    if (head.substr(0, 2) == "\x1f\x8b") { // gzip: zlib keeps what comes before damage (a .tar.gz goes on inside)
        GzipStream gz(peek, name.display, s.limits);
        read_any(gz, name, s, sink, depth + 1, strip_compression_extension(hint));
        return;
    }
    ArchiveReader ar(peek, name.display, s.limits);
    while (ar.next()) {
        if (ar.entry_name().empty()) { // a compressed single stream: the name without .gz etc.
            read_plain_stream(ar.data(), name, strip_compression_extension(hint), s, sink);
            continue;
        }
        SourceName member(name.display + ":" + ar.entry_name(), name.id_base + ":" + ar.entry_name(),
                          ar.entry_mtime() ? ar.entry_mtime() : name.mtime);
        // Members of unknown type are left out, as in a directory.
        if (!format_from_name(ar.entry_name()) && !is_container_name(ar.entry_name()) && s.format == Format::Auto)
            continue;
        try {
            read_any(ar.data(), member, s, sink, depth + 1, member.display);
        } catch (const InputError& e) {
            if (e.file() != member.display) throw; // the archive itself failed
            sink.skip(member.display, 0, e.what());
        }
    }
}

} // namespace

Format choose_format(const ReadSettings& s, std::string_view name, std::string_view head) {
    if (s.format != Format::Auto) return s.format;
    if (auto f = format_from_name(name)) {
        // Mailing-list archives (Pipermail's 2009-November.txt.gz) are mboxes named as text.
        if (*f == Format::Text && looks_like_mbox(head)) return Format::Mbox;
        return *f;
    }
    return sniff_format(head);
}

void read_source(ByteStream& in, const SourceName& name, const ReadSettings& settings, RecordSink& sink) {
    read_any(in, name, settings, sink, 0, name.display);
}

} // namespace lede

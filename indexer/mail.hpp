// SPDX-License-Identifier: MIT
// E-mail (RFC 5322 + MIME) messages and mbox mailboxes, as newsletter archives keep them.
#pragma once

#include "document.hpp"
#include "readers.hpp"

#include <istream>
#include <string>
#include <string_view>

namespace lede {

/// Decode RFC 2047 encoded words ("=?utf-8?Q?Caf=C3=A9?=", "=?iso-8859-1?B?...?=") in a header
/// value and make the result valid UTF-8; whitespace between adjacent encoded words is dropped.
/// Bytes outside encoded words go through decode_raw_header with `fallback_charset`.
std::string decode_header_words(std::string_view value, std::string_view fallback_charset = {});

/// Undeclared 8-bit header bytes as mail programs read them: UTF-8 when they are valid UTF-8, else
/// `fallback_charset` (the message's text charset) when given and it decodes them cleanly, else
/// windows-1252. Never a detector's guess.
std::string decode_raw_header(std::string_view bytes, std::string_view fallback_charset = {});

/// Quoted-printable body decoding (soft line breaks removed, =XX decoded, bad escapes kept).
std::string decode_quoted_printable(std::string_view in);

/// Base64 decoding, ignoring whitespace and stopping at '=' padding; invalid characters are skipped.
std::string decode_base64(std::string_view in);

/// One message -> an Article: title = Subject, author = From (display name, else address), date =
/// Date, source = List-Id, else Organization, else the From address's domain; body = the first
/// text/plain part that is not an attachment (transfer encoding and charset decoded), else the
/// first text/html part through the HTML extractor, without the signature (after a "-- " line); id = Message-ID (without <>), left empty when
/// absent; url = Archived-At. Never throws for malformed input.
Article parse_mail(std::string_view raw);

/// A single message file (.eml). Skips it (line 0) when it has neither subject nor text nor sender.
void read_email(std::string_view raw, const SourceName& name, RecordSink& sink);

/// An mbox: messages start at lines beginning "From " (at the start or after a blank line);
/// ">From " escapes are undone. Each message is reported at the line of its "From " line; ids
/// default to "<id_base>:<line>".
/// A message longer than limits.record_bytes is skipped and reported without being held.
void read_mbox(std::istream& in, const SourceName& name, RecordSink& sink, const Limits& limits = Limits{});

} // namespace lede

// SPDX-License-Identifier: MIT
// News feeds: RSS 0.9x, 1.0 (RDF) and 2.0, Atom 0.3 and 1.0, parsed by libxml2.
#pragma once

#include "readers.hpp"

#include <string_view>

namespace lede {

/// Whether the first bytes are a feed: an <rss>, <rdf:RDF> or <feed> element.
bool looks_like_feed(std::string_view head);

/// One article per <item> or <entry>: title; url = the alternate link (RSS <link>, Atom
/// <link rel=alternate href>, else a permalink guid); date = pubDate / published / dc:date, else
/// updated; author = author (its name) / dc:creator, else the feed's; tags = category (Atom term) /
/// dc:subject; body = content:encoded / content, else description / summary, through the HTML
/// extractor; source = the channel's title; id = guid / Atom id, else the link, else
/// "<id_base>:<N>". XML is parsed with libxml2 in recovery mode, without network or external
/// entities. A document whose root is not a feed is
/// skipped and reported; a feed without items is warned about. Every item is an article.
void read_feed(std::string_view bytes, const SourceName& name, RecordSink& sink);

} // namespace lede

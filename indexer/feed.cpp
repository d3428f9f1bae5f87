// SPDX-License-Identifier: MIT
// RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 feeds through libxml2; item text through the HTML extractor.
#include "feed.hpp"
#include "ascii.hpp"

#include "decode.hpp"
#include "document_builder.hpp"
#include "html.hpp"
#include "mail.hpp"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlsave.h>

#include <memory>

namespace lede {
namespace {

std::string name_of(const xmlNode* n) { return n->name ? ascii_lower(reinterpret_cast<const char*>(n->name)) : std::string(); }

std::string ns_of(const xmlNode* n) {
    return n->ns && n->ns->href ? reinterpret_cast<const char*>(n->ns->href) : std::string();
}

std::string text_of(const xmlNode* n) {
    xmlChar* c = xmlNodeGetContent(n);
    std::string out = c ? reinterpret_cast<const char*>(c) : "";
    xmlFree(c);
    return out;
}

std::string attr(const xmlNode* n, const char* name) {
    xmlChar* v = xmlGetProp(n, reinterpret_cast<const xmlChar*>(name));
    std::string out = v ? reinterpret_cast<const char*>(v) : "";
    xmlFree(v);
    return out;
}

bool is_element(const xmlNode* n) { return n->type == XML_ELEMENT_NODE; }

constexpr const char* media_rss = "http://search.yahoo.com/mrss/";

bool is_xhtml_type(const std::string& type) { return type == "xhtml" || type == "application/xhtml+xml"; }
bool is_html_type(const std::string& type) { return type == "html" || type == "text/html" || is_xhtml_type(type); }
// A MIME type that is neither text nor XML (RFC 4287 4.1.3.3: such content is Base64).
bool is_binary_type(const std::string& type) {
    const auto ends_with = [&](std::string_view e) { return type.size() >= e.size() && type.compare(type.size() - e.size(), e.size(), e) == 0; };
    return type.find('/') != std::string::npos && type.rfind("text/", 0) != 0 && !ends_with("/xml") && !ends_with("+xml");
}

// The markup inside an element, written as HTML for the HTML parser: an empty <iframe/> in XML
// must not become an open <iframe> that holds the rest of the text.
std::string markup_of(const xmlNode* n) {
    xmlBufferPtr buf = xmlBufferCreate();
    if (!buf) return {};
    if (xmlSaveCtxtPtr save = xmlSaveToBuffer(buf, "UTF-8", XML_SAVE_NO_DECL | XML_SAVE_AS_HTML)) {
        for (xmlNode* c = n->children; c; c = c->next) xmlSaveTree(save, c);
        xmlSaveClose(save);
    }
    std::string out = xmlBufferContent(buf) ? reinterpret_cast<const char*>(xmlBufferContent(buf)) : "";
    xmlBufferFree(buf);
    return out;
}

// What an element holds, and whether it is HTML: Atom's type="html" and RSS descriptions are
// HTML (escaped in the XML), type="xhtml" is markup inside the element; Atom 0.3's mode="base64"
// content is decoded first.
std::string raw_content(const xmlNode* n, bool html_default, bool& html) {
    std::string type = ascii_lower(attr(n, "type"));
    type = collapse_spaces(type.substr(0, type.find(';'))); // "text/html; charset=utf-8"
    html = html_default;
    if (type == "text" || type == "text/plain") html = false;
    else if (is_html_type(type)) html = true;
    if (is_binary_type(type)) return {}; // Base64 of a picture, a PDF...: not text
    if (ascii_lower(attr(n, "mode")) == "base64") return decode_base64(text_of(n));
    if (is_xhtml_type(type)) return markup_of(n);
    return text_of(n);
}

// HTML through the HTML extractor. It leaves out link lists and boilerplate; an item's text that
// is all links (a linked headline, a digest of links) is then read whole.
std::string html_text(const std::string& html) {
    std::string body = html_to_article(html, "utf-8").body;
    return !body.empty() ? body : html_line_text(html);
}

// An element's content as text.
std::string content_text(const xmlNode* n, bool html_default) {
    bool html = false;
    const std::string raw = raw_content(n, html_default, html);
    if (!html || raw.find('<') == std::string::npos) {
        if (html && raw.find('&') != std::string::npos) return html_to_article(raw, "utf-8").body; // entities
        return std::string(collapse_spaces(raw).empty() ? "" : raw);
    }
    return html_text(raw);
}

// A title is one line: HTML titles are read whole (html_line_text), with no boilerplate removal.
std::string title_text(const xmlNode* n) {
    bool html = false;
    const std::string raw = raw_content(n, false, html);
    return html ? html_line_text(raw) : collapse_spaces(raw);
}

// "jane@example.org (Jane Doe)" (RSS) -> "Jane Doe".
std::string rss_author(std::string s) {
    s = collapse_spaces(s);
    const auto lp = s.find('('), rp = s.rfind(')');
    if (lp != std::string::npos && rp != std::string::npos && rp > lp + 1) return collapse_spaces(s.substr(lp + 1, rp - lp - 1));
    return s;
}

// Whether a <description> in this namespace is the item's (RSS 0.9x, 1.0, 2.0, Dublin Core), not
// an extension module's element of the same name.
bool description_ns(const std::string& ns) {
    return ns.empty() || ns == "http://purl.org/rss/1.0/" || ns == "http://my.netscape.com/rdf/simple/0.9/" ||
           ns == "http://purl.org/dc/elements/1.1/" || ns == "http://backend.userland.com/rss2" ||
           ns == "http://blogs.law.harvard.edu/tech/rss";
}

// <media:description>: plain text unless type="html".
std::string media_text(const xmlNode* n) { return content_text(n, ascii_lower(attr(n, "type")) == "html"); }

struct Channel {
    std::string title, lang, author;
};

void item_to_article(const xmlNode* item, const Channel& ch, const SourceName& name, std::size_t index,
                     std::size_t line, RecordSink& sink) {
    Article a;
    std::string id, link, alt_link, guid_link, published, updated, dc_date, content, summary, description,
        body_element, media_title, media_description;
    for (const xmlNode* c = item->children; c; c = c->next) {
        if (!is_element(c)) continue;
        const std::string n = name_of(c), ns = ns_of(c);
        if (n == "title" && ns == media_rss) {
            if (media_title.empty()) media_title = title_text(c); // a fallback (Media RSS)
        } else if (n == "title" && a.title.empty()) {
            a.title = title_text(c);
        } else if (n == "link") {
            const std::string href = attr(c, "href");
            const std::string rel = ascii_lower(attr(c, "rel"));
            if (!href.empty()) {
                if ((rel.empty() || rel == "alternate") && alt_link.empty()) alt_link = href;
            } else if (link.empty()) {
                link = collapse_spaces(text_of(c));
            }
        } else if (n == "guid" || n == "id") {
            if (id.empty()) id = collapse_spaces(text_of(c));
            if (n == "guid" && ascii_lower(attr(c, "ispermalink")) != "false" && guid_link.empty()) guid_link = collapse_spaces(text_of(c));
        } else if (n == "pubdate" || n == "published" || n == "issued" || n == "created") {
            if (published.empty()) published = collapse_spaces(text_of(c));
        } else if (n == "updated" || n == "modified") {
            if (updated.empty()) updated = collapse_spaces(text_of(c));
        } else if (n == "date" && dc_date.empty()) {
            dc_date = collapse_spaces(text_of(c));
        } else if ((n == "author" || n == "creator") && a.author.empty()) {
            std::string who;
            for (const xmlNode* k = c->children; k; k = k->next)
                if (is_element(k) && name_of(k) == "name") who = collapse_spaces(text_of(k));
            if (who.empty()) {
                bool has_children = false;
                for (const xmlNode* k = c->children; k; k = k->next) has_children = has_children || is_element(k);
                if (!has_children) who = rss_author(text_of(c));
            }
            a.author = who;
        } else if (n == "category" || n == "subject") {
            std::string t = attr(c, "term");
            if (t.empty()) t = attr(c, "label");
            if (t.empty()) t = text_of(c);
            t = collapse_spaces(t);
            if (!t.empty()) a.tags.push_back(t);
        } else if (n == "encoded" || (n == "content" && ns != media_rss)) {
            if (content.empty()) content = content_text(c, n == "encoded" || ascii_lower(attr(c, "type")) != "");
        } else if (n == "body" || n == "fullitem") {
            // An item's whole text in older RSS: <xhtml:body> (markup inside it) or Radio
            // UserLand's <fullitem> (escaped HTML).
            if (body_element.empty())
                body_element = n == "body" ? html_text(markup_of(c)) : content_text(c, true);
        } else if (n == "summary" && summary.empty()) {
            summary = content_text(c, ascii_lower(attr(c, "type")) != "");
        } else if (n == "group" && ns == media_rss) { // <media:group> (YouTube's feeds)
            for (const xmlNode* k = c->children; k; k = k->next) {
                if (!is_element(k) || ns_of(k) != media_rss) continue;
                if (name_of(k) == "title" && media_title.empty()) media_title = title_text(k);
                if (name_of(k) == "description" && media_description.empty()) media_description = media_text(k);
            }
        } else if (n == "description" && ns == media_rss) {
            if (media_description.empty()) media_description = media_text(c);
        } else if ((n == "description" || n == "abstract") && description.empty() && description_ns(ns)) {
            description = content_text(c, true); // CDF: <ABSTRACT>
        }
    }
    if (a.title.empty()) a.title = media_title;
    a.url = !alt_link.empty() ? alt_link : !link.empty() ? link : guid_link.rfind("http", 0) == 0 ? guid_link : "";
    a.date = !published.empty() ? published : !dc_date.empty() ? dc_date : updated;
    a.body = !content.empty()        ? content
             : !body_element.empty() ? body_element
             : !description.empty()  ? description
             : !summary.empty()      ? summary
                                     : media_description;
    if (a.author.empty()) a.author = ch.author;
    a.source = !ch.title.empty() ? ch.title : url_host(a.url);
    a.lang = attr(item, "lang");
    if (a.lang.empty()) a.lang = ch.lang;
    a.origin = name.id_base + ":" + std::to_string(index);
    a.id = !id.empty() ? id : !a.url.empty() ? a.url : a.origin;
    // Every item is an article, even one that holds only what Lede does not keep (a contributor):
    // it is one of the feed's items, found by its feed (source:) and date.
    (void)line;
    for (std::string* f : {&a.title, &a.author, &a.source, &a.url, &a.id, &a.date, &a.lang}) sanitize_utf8(*f);
    sanitize_utf8(a.body);
    sink.article(std::move(a));
}

void walk(const xmlNode* n, Channel ch, const SourceName& name, std::size_t& index, RecordSink& sink, int depth) {
    if (depth > 50) return;
    // The channel's (feed's) title, language and author, for its items.
    for (const xmlNode* c = n->children; c; c = c->next) {
        if (!is_element(c)) continue;
        const std::string cn = name_of(c);
        if (cn == "title" && depth <= 2) ch.title = title_text(c);
        else if (cn == "language") ch.lang = collapse_spaces(text_of(c));
        else if (cn == "author" && depth <= 2) {
            for (const xmlNode* k = c->children; k; k = k->next)
                if (is_element(k) && name_of(k) == "name") ch.author = collapse_spaces(text_of(k));
        }
    }
    // RSS 1.0 (RDF) puts its items beside the channel, not inside it.
    for (const xmlNode* c = n->children; c; c = c->next)
        if (is_element(c) && name_of(c) == "channel" && ch.title.empty())
            for (const xmlNode* k = c->children; k; k = k->next)
                if (is_element(k) && name_of(k) == "title") ch.title = title_text(k);
    if (std::string l = attr(n, "lang"); !l.empty()) ch.lang = l;
    for (const xmlNode* c = n->children; c; c = c->next) {
        if (!is_element(c)) continue;
        const std::string cn = name_of(c);
        if (cn == "item" || cn == "entry") {
            item_to_article(c, ch, name, ++index, static_cast<std::size_t>(xmlGetLineNo(c) > 0 ? xmlGetLineNo(c) : 0), sink);
        } else if (cn == "channel" || cn == "rss" || cn == "rdf" || cn == "feed" || cn == "items" || cn == "seq") {
            walk(c, ch, name, index, sink, depth + 1);
        }
    }
}

void silent(void*, const char*, ...) {}

// The encoding an XML declaration names (<?xml version="1.0" encoding="koi8-r"?>), or "" when
// the document has none (or starts with a BOM, which decides instead).
std::string xml_declared_encoding(std::string_view bytes) {
    if (bytes.substr(0, 5) != "<?xml") return {};
    const std::string_view decl = bytes.substr(0, std::min(bytes.find("?>"), std::size_t{1024}));
    const std::size_t at = decl.find("encoding");
    if (at == std::string_view::npos) return {};
    std::size_t i = at + 8;
    while (i < decl.size() && (decl[i] == ' ' || decl[i] == '\t' || decl[i] == '\r' || decl[i] == '\n')) ++i;
    if (i >= decl.size() || decl[i] != '=') return {};
    ++i;
    while (i < decl.size() && (decl[i] == ' ' || decl[i] == '\t' || decl[i] == '\r' || decl[i] == '\n')) ++i;
    if (i >= decl.size() || (decl[i] != '"' && decl[i] != '\'')) return {};
    const std::size_t end = decl.find(decl[i], i + 1);
    if (end == std::string_view::npos) return {};
    return std::string(decl.substr(i + 1, end - i - 1));
}

} // namespace

bool looks_like_feed(std::string_view head) {
    const std::string h = ascii_lower(head.substr(0, 2048));
    return h.find("<rss") != std::string::npos || h.find("<rdf:rdf") != std::string::npos ||
           (h.find("<feed") != std::string::npos && h.find("<html") == std::string::npos);
}

void read_feed(std::string_view bytes, const SourceName& name, RecordSink& sink) {
    static const bool quiet = [] {
        xmlSetGenericErrorFunc(nullptr, silent);
        return true;
    }();
    (void)quiet;
    // No network, no external entities (XXE), no DTD loading; damaged XML recovered as far as it goes.
    const int options = XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
    // The bytes go through the one decoder (common/decode.hpp) with the declaration's encoding,
    // and libxml2 parses the UTF-8: so a feed without a declaration that is not UTF-8 (KOI8-R,
    // Shift_JIS, Big5...) is detected rather than read as broken UTF-8, and a declaration that
    // lies is treated as in any other file. A document with a BOM is libxml2's to decode.
    const bool bom = bytes.substr(0, 3) == "\xEF\xBB\xBF" || bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF";
    std::string utf8;
    std::unique_ptr<xmlDoc, void (*)(xmlDoc*)> doc(nullptr, xmlFreeDoc);
    if (bom) {
        doc.reset(xmlReadMemory(bytes.data(), static_cast<int>(std::min<std::size_t>(bytes.size(), 1u << 30)),
                                name.display.c_str(), nullptr, options));
    } else {
        utf8 = decode_to_utf8(bytes, xml_declared_encoding(bytes)).text;
        doc.reset(xmlReadMemory(utf8.data(), static_cast<int>(std::min<std::size_t>(utf8.size(), 1u << 30)),
                                name.display.c_str(), "UTF-8", options | XML_PARSE_IGNORE_ENC));
    }
    if (!doc || !xmlDocGetRootElement(doc.get())) {
        // A BOM libxml2 does not take (UTF-32), or a declaration that made the text unparsable:
        // the bytes through the one decoder without it (BOM, then detection), parsed as UTF-8.
        utf8 = decode_to_utf8(bytes).text;
        doc.reset(xmlReadMemory(utf8.data(), static_cast<int>(std::min<std::size_t>(utf8.size(), 1u << 30)),
                                name.display.c_str(), "UTF-8", options | XML_PARSE_IGNORE_ENC));
    }
    if (!doc || !xmlDocGetRootElement(doc.get())) {
        sink.skip(name.display, 0, "not an XML feed (no root element)");
        return;
    }
    const xmlNode* root = xmlDocGetRootElement(doc.get());
    const std::string rn = name_of(root);
    if (rn != "rss" && rn != "rdf" && rn != "feed" && rn != "channel") {
        sink.skip(name.display, 0, "XML whose root <" + rn + "> is not an RSS or Atom feed");
        return;
    }
    std::size_t index = 0;
    walk(root, Channel{}, name, index, sink, rn == "feed" || rn == "channel" ? 1 : 0);
    if (index == 0) sink.warn(name.display, 0, "feed without items or entries");
}

} // namespace lede

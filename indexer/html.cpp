// SPDX-License-Identifier: MIT
// HTML extraction with gumbo: one walk for metadata, one for the text of the chosen content root.
#include "html.hpp"

#include "decode.hpp"
#include "document_builder.hpp"
#include "readers.hpp"

#include <gumbo.h>
#include <nlohmann/json.hpp>

#include <cctype>
#include <map>
#include <memory>
#include <set>

namespace lede {
namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string collapse(std::string_view s) {
    std::string out;
    bool space = false;
    for (char c : s) {
        if (is_space(c)) {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

const char* attr(const GumboNode* n, const char* name) {
    if (n->type != GUMBO_NODE_ELEMENT) return nullptr;
    const GumboAttribute* a = gumbo_get_attribute(&n->v.element.attributes, name);
    return a ? a->value : nullptr;
}

std::string attr_lower(const GumboNode* n, const char* name) {
    const char* v = attr(n, name);
    return v ? lower(v) : std::string();
}

GumboTag tag_of(const GumboNode* n) { return n->type == GUMBO_NODE_ELEMENT ? n->v.element.tag : GUMBO_TAG_UNKNOWN; }

constexpr int max_depth = 400; // deeper markup is left out rather than overflowing the stack

// Gumbo's tree building costs time in the depth of open elements for every tag and, for some
// shapes of unclosed tags (formatting elements inside table cells), memory growing with their
// square: 500 KB of them took over 20 GB. Tags that would open more than this many elements at
// once are dropped before parsing (their text stays), which bounds both.
constexpr std::size_t max_open_elements = 512;

// Gumbo looks for a duplicate among an element's attributes for every attribute it reads: one tag
// with 1M attributes took over 110 s (100k: 21 s). Attributes past this many in one tag are dropped
// before parsing (nothing Lede reads is found there).
constexpr std::size_t max_attributes = 256;

// Where the attribute after the first `max` of the tag whose name ends at `k` and whose '>' is
// at `t` begins; npos when it has no more than `max`.
std::size_t attribute_cut(std::string_view h, std::size_t k, std::size_t t, std::size_t max) {
    auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '/'; };
    std::size_t count = 0, i = k;
    while (i < t) {
        while (i < t && space(h[i])) ++i;
        if (i >= t) break;
        if (count == max) return i;
        ++count;
        // The name, then an optional = value (quoted or not).
        while (i < t && !space(h[i]) && h[i] != '=') ++i;
        std::size_t j = i;
        while (j < t && space(h[j]) && h[j] != '/') ++j;
        if (j < t && h[j] == '=') {
            i = j + 1;
            while (i < t && space(h[i]) && h[i] != '/') ++i;
            if (i < t && (h[i] == '"' || h[i] == '\'')) {
                const char q = h[i];
                const std::size_t e = h.find(q, i + 1);
                i = e == std::string_view::npos || e > t ? t : e + 1;
            } else {
                while (i < t && !space(h[i])) ++i;
            }
        }
    }
    return std::string_view::npos;
}

bool tag_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == ':' || c == '_'; }

// Elements that never stay open (void) or are closed implicitly by their next sibling.
bool nests(std::string_view name) {
    static const std::set<std::string_view> flat{
        "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img", "input", "keygen", "link",
        "meta", "param", "source", "track", "wbr", "html", "head", "body", "p", "li", "dt", "dd", "tr", "td", "th",
        "option", "optgroup", "rb", "rt", "rtc", "rp", "tbody", "thead", "tfoot", "colgroup", "caption"};
    return !flat.count(name);
}

bool raw_text_element(std::string_view name) {
    return name == "script" || name == "style" || name == "textarea" || name == "title" || name == "xmp" ||
           name == "iframe" || name == "noembed" || name == "noframes" || name == "plaintext";
}

// `html` with the start tags that would nest deeper than `max_open` (and as many end tags after
// them) removed; `dropped` counts what was removed. Returns "" when nothing had to go.
std::string cap_nesting(std::string_view h, std::size_t max_open, std::size_t& dropped) {
    std::string out;
    std::size_t copied = 0, depth = 0, excess = 0;
    const std::size_t n = h.size();
    std::size_t i = 0;
    while ((i = h.find('<', i)) != std::string_view::npos) {
        if (h.compare(i, 4, "<!--") == 0) {
            const std::size_t e = h.find("-->", i + 4);
            i = e == std::string_view::npos ? n : e + 3;
            continue;
        }
        if (i + 1 < n && (h[i + 1] == '!' || h[i + 1] == '?')) {
            const std::size_t e = h.find('>', i);
            i = e == std::string_view::npos ? n : e + 1;
            continue;
        }
        const bool end = i + 1 < n && h[i + 1] == '/';
        const std::size_t j = i + 1 + (end ? 1 : 0);
        if (j >= n || !std::isalpha(static_cast<unsigned char>(h[j]))) {
            i = j;
            continue;
        }
        std::size_t k = j;
        while (k < n && tag_name_char(h[k])) ++k;
        const std::string name = lower(h.substr(j, k - j));
        std::size_t t = k;
        for (char quote = 0; t < n; ++t) {
            const char c = h[t];
            if (quote) {
                if (c == quote) quote = 0;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '>') {
                break;
            }
        }
        const std::size_t tag_end = t < n ? t + 1 : n;
        const bool self_closing = t < n && t > k && h[t - 1] == '/';
        std::size_t rewritten_at = std::string::npos; // where in `out` the shortened tag starts
        if (!end && t - k > 2 * max_attributes) {
            if (const std::size_t cut = attribute_cut(h, k, t, max_attributes); cut != std::string_view::npos) {
                out.append(h.substr(copied, i - copied));
                rewritten_at = out.size();
                out.append(h.substr(i, cut - i));
                out.append(self_closing ? "/>" : ">");
                copied = tag_end;
                ++dropped;
            }
        }
        auto drop = [&] {
            if (rewritten_at != std::string::npos) out.resize(rewritten_at); // the shortened tag goes too
            else out.append(h.substr(copied, i - copied));
            copied = tag_end;
            ++dropped;
        };
        if (!end && !self_closing && raw_text_element(name)) {
            // Its content is text up to its end tag, whatever it looks like.
            std::size_t e = tag_end;
            while ((e = h.find("</", e)) != std::string_view::npos && lower(h.substr(e + 2, name.size())) != name) e += 2;
            i = e == std::string_view::npos ? n : e;
            continue;
        }
        if (nests(name)) {
            if (!end && !self_closing) {
                if (depth >= max_open) {
                    drop();
                    ++excess;
                } else {
                    ++depth;
                }
            } else if (end) {
                if (excess) {
                    drop();
                    --excess;
                } else if (depth) {
                    --depth;
                }
            }
        }
        i = tag_end;
    }
    if (dropped == 0) return {};
    out.append(h.substr(copied));
    return out;
}

// Paragraph-aware text accumulation: inline whitespace collapses, blocks become blank lines.
class TextBuilder {
public:
    void text(std::string_view s) {
        for (char c : s) {
            if (is_space(c)) {
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

bool skipped_element(const GumboNode* n) {
    switch (tag_of(n)) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_NAV: case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER: case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_FORM: case GUMBO_TAG_BUTTON: case GUMBO_TAG_SELECT: case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_IFRAME: case GUMBO_TAG_SVG: case GUMBO_TAG_MATH: case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED: case GUMBO_TAG_CANVAS: case GUMBO_TAG_HEAD: case GUMBO_TAG_TITLE:
    case GUMBO_TAG_AUDIO: case GUMBO_TAG_VIDEO: case GUMBO_TAG_MENU:
        return true;
    default: break;
    }
    if (attr(n, "hidden")) return true;
    if (attr_lower(n, "aria-hidden") == "true") return true;
    const std::string role = attr_lower(n, "role");
    return role == "navigation" || role == "banner" || role == "contentinfo" || role == "complementary" ||
           role == "search" || role == "menu" || role == "dialog";
}

bool block_element(GumboTag t) {
    switch (t) {
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3:
    case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_UL: case GUMBO_TAG_OL:
    case GUMBO_TAG_LI: case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_PRE: case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE: case GUMBO_TAG_MAIN: case GUMBO_TAG_FIGURE: case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_TABLE: case GUMBO_TAG_TR: case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_DD:
    case GUMBO_TAG_HR: case GUMBO_TAG_ADDRESS: case GUMBO_TAG_DETAILS: case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_CAPTION: case GUMBO_TAG_BODY:
        return true;
    default: return false;
    }
}

void collect_text(const GumboNode* n, TextBuilder& out, bool pre, int depth) {
    if (depth > max_depth) return;
    switch (n->type) {
    case GUMBO_NODE_TEXT: case GUMBO_NODE_CDATA: case GUMBO_NODE_WHITESPACE:
        if (pre) out.raw(n->v.text.text);
        else out.text(n->v.text.text);
        return;
    case GUMBO_NODE_ELEMENT: case GUMBO_NODE_TEMPLATE: break;
    default: return;
    }
    if (skipped_element(n)) return;
    const GumboTag t = tag_of(n);
    if (t == GUMBO_TAG_BR) {
        out.line();
        return;
    }
    const bool block = block_element(t);
    if (block) out.block();
    if (t == GUMBO_TAG_TD || t == GUMBO_TAG_TH) out.text(" ");
    const GumboVector& kids = n->v.element.children;
    for (unsigned i = 0; i < kids.length; ++i)
        collect_text(static_cast<const GumboNode*>(kids.data[i]), out, pre || t == GUMBO_TAG_PRE, depth + 1);
    if (block) out.block();
}

// All text under a node, whitespace collapsed (for <title>, <h1>, bylines).
void plain_text(const GumboNode* n, std::string& out, int depth) {
    if (depth > max_depth) return;
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA || n->type == GUMBO_NODE_WHITESPACE) {
        out += n->v.text.text;
        return;
    }
    if (n->type != GUMBO_NODE_ELEMENT) return;
    if (tag_of(n) == GUMBO_TAG_SCRIPT || tag_of(n) == GUMBO_TAG_STYLE) return;
    const GumboVector& kids = n->v.element.children;
    for (unsigned i = 0; i < kids.length; ++i) {
        plain_text(static_cast<const GumboNode*>(kids.data[i]), out, depth + 1);
        out += ' ';
    }
}

std::string text_of(const GumboNode* n) {
    std::string s;
    plain_text(n, s, 0);
    return collapse(s);
}

std::string cut_by(std::string s) {
    s = collapse(s);
    if (s.size() > 3 && (s.compare(0, 3, "By ") == 0 || s.compare(0, 3, "by ") == 0 || s.compare(0, 3, "BY ") == 0))
        s.erase(0, 3);
    return s;
}

// What one walk over the document finds.
struct Findings {
    std::map<std::string, std::string> meta;          // lower-cased name/property/itemprop -> content
    std::vector<std::string> meta_tags;               // article:tag, possibly many
    std::string title_element, first_h1, canonical, html_lang, rel_author, itemprop_author;
    std::string time_pubdate;                         // <time pubdate> or itemprop=datePublished
    std::vector<std::string> json_ld;
    std::vector<const GumboNode*> articles;
    const GumboNode* main = nullptr;
    const GumboNode* body = nullptr;
};

void walk(const GumboNode* n, Findings& f, int depth) {
    if (depth > max_depth || n->type != GUMBO_NODE_ELEMENT) return;
    const GumboTag t = tag_of(n);
    switch (t) {
    case GUMBO_TAG_HTML:
        if (const char* l = attr(n, "lang")) f.html_lang = l;
        break;
    case GUMBO_TAG_TITLE:
        if (f.title_element.empty()) f.title_element = text_of(n);
        return;
    case GUMBO_TAG_META: {
        const char* content = attr(n, "content");
        if (!content) break;
        for (const char* key : {"property", "name", "itemprop"}) {
            std::string k = attr_lower(n, key);
            if (k.empty()) continue;
            if (k == "article:tag") f.meta_tags.push_back(collapse(content));
            else f.meta.emplace(k, collapse(content));
        }
        break;
    }
    case GUMBO_TAG_LINK: {
        const std::string rel = attr_lower(n, "rel");
        if (rel == "canonical" && f.canonical.empty())
            if (const char* h = attr(n, "href")) f.canonical = collapse(h);
        break;
    }
    case GUMBO_TAG_SCRIPT:
        if (attr_lower(n, "type") == "application/ld+json") {
            std::string s;
            const GumboVector& kids = n->v.element.children;
            for (unsigned i = 0; i < kids.length; ++i) {
                auto* k = static_cast<const GumboNode*>(kids.data[i]);
                if (k->type == GUMBO_NODE_TEXT || k->type == GUMBO_NODE_CDATA || k->type == GUMBO_NODE_WHITESPACE)
                    s += k->v.text.text;
            }
            f.json_ld.push_back(std::move(s));
        }
        return;
    case GUMBO_TAG_STYLE: return;
    case GUMBO_TAG_H1:
        if (f.first_h1.empty()) f.first_h1 = text_of(n);
        break;
    case GUMBO_TAG_ARTICLE: f.articles.push_back(n); break;
    case GUMBO_TAG_MAIN:
        if (!f.main) f.main = n;
        break;
    case GUMBO_TAG_BODY: f.body = n; break;
    case GUMBO_TAG_TIME:
        if (f.time_pubdate.empty() && (attr(n, "pubdate") || attr_lower(n, "itemprop") == "datepublished"))
            if (const char* d = attr(n, "datetime")) f.time_pubdate = d;
        break;
    case GUMBO_TAG_A:
        if (f.rel_author.empty() && attr_lower(n, "rel") == "author") f.rel_author = text_of(n);
        break;
    default: break;
    }
    if (!f.main && attr_lower(n, "role") == "main") f.main = n;
    if (f.itemprop_author.empty() && attr_lower(n, "itemprop") == "author" && t != GUMBO_TAG_META)
        f.itemprop_author = text_of(n);
    const GumboVector& kids = n->v.element.children;
    for (unsigned i = 0; i < kids.length; ++i) walk(static_cast<const GumboNode*>(kids.data[i]), f, depth + 1);
}

const GumboNode* first_time(const GumboNode* n, int depth) {
    if (depth > max_depth || n->type != GUMBO_NODE_ELEMENT || skipped_element(n)) return nullptr;
    if (tag_of(n) == GUMBO_TAG_TIME && attr(n, "datetime")) return n;
    const GumboVector& kids = n->v.element.children;
    for (unsigned i = 0; i < kids.length; ++i)
        if (auto* t = first_time(static_cast<const GumboNode*>(kids.data[i]), depth + 1)) return t;
    return nullptr;
}

// JSON-LD (schema.org NewsArticle and kin): the fields sites fill most reliably.
struct LinkedData {
    std::string headline, date, author, publisher, url;
    std::vector<std::string> keywords;
};

std::string ld_name(const nlohmann::json& v) {
    if (v.is_string()) return collapse(v.get<std::string>());
    if (v.is_object()) {
        auto it = v.find("name");
        return it != v.end() && it->is_string() ? collapse(it->get<std::string>()) : std::string();
    }
    if (v.is_array()) {
        std::string out;
        for (const auto& e : v)
            if (std::string n = ld_name(e); !n.empty()) out += (out.empty() ? "" : ", ") + n;
        return out;
    }
    return {};
}

bool ld_is_article(const nlohmann::json& o) {
    auto it = o.find("@type");
    if (it == o.end()) return false;
    auto check = [](const nlohmann::json& t) {
        if (!t.is_string()) return false;
        const std::string s = t.get<std::string>();
        return s.find("Article") != std::string::npos || s.find("Posting") != std::string::npos;
    };
    if (it->is_array()) {
        for (const auto& t : *it)
            if (check(t)) return true;
        return false;
    }
    return check(*it);
}

void ld_search(const nlohmann::json& j, LinkedData& ld, int depth) {
    if (depth > 8 || !ld.headline.empty()) return;
    if (j.is_array()) {
        for (const auto& e : j) ld_search(e, ld, depth + 1);
        return;
    }
    if (!j.is_object()) return;
    if (ld_is_article(j)) {
        auto str = [&](const char* key) {
            auto it = j.find(key);
            return it != j.end() && it->is_string() ? collapse(it->get<std::string>()) : std::string();
        };
        ld.headline = str("headline");
        ld.date = str("datePublished");
        if (ld.date.empty()) ld.date = str("dateCreated");
        if (auto it = j.find("author"); it != j.end()) ld.author = ld_name(*it);
        if (auto it = j.find("publisher"); it != j.end()) ld.publisher = ld_name(*it);
        ld.url = str("url");
        if (auto it = j.find("keywords"); it != j.end()) {
            if (it->is_string()) ld.keywords = split_tags(it->get<std::string>());
            else if (it->is_array())
                for (const auto& k : *it)
                    if (k.is_string()) ld.keywords.push_back(collapse(k.get<std::string>()));
        }
        if (ld.headline.empty()) ld.headline = " "; // found the article object; stop looking
        return;
    }
    if (auto it = j.find("@graph"); it != j.end()) ld_search(*it, ld, depth + 1);
}

std::string strip_site_suffix(std::string title, const std::string& site) {
    if (site.empty() || title.size() <= site.size() + 3) return title;
    for (std::string_view sep : {" | ", " - ", " \xE2\x80\x94 ", " \xE2\x80\x93 ", " :: ", " \xC2\xB7 "}) {
        const std::string suffix = std::string(sep) + site;
        if (title.size() > suffix.size() && title.compare(title.size() - suffix.size(), suffix.size(), suffix) == 0)
            return title.substr(0, title.size() - suffix.size());
    }
    return title;
}

bool is_url(std::string_view s) { return s.rfind("http://", 0) == 0 || s.rfind("https://", 0) == 0; }

} // namespace

std::string html_declared_charset(std::string_view bytes) {
    const std::string head = lower(bytes.substr(0, 4096));
    std::size_t pos = 0;
    while ((pos = head.find("<meta", pos)) != std::string::npos) {
        const std::size_t end = head.find('>', pos);
        const std::string tag = head.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
        pos += 5;
        auto cs = tag.find("charset");
        if (cs == std::string::npos) continue;
        cs += 7;
        while (cs < tag.size() && (tag[cs] == ' ' || tag[cs] == '=' || tag[cs] == '"' || tag[cs] == '\''))
            ++cs;
        std::size_t e = cs;
        while (e < tag.size() && (std::isalnum(static_cast<unsigned char>(tag[e])) || tag[e] == '-' || tag[e] == '_' ||
                                  tag[e] == ':' || tag[e] == '.'))
            ++e;
        if (e > cs) return tag.substr(cs, e - cs);
    }
    return {};
}

HtmlPage extract_html(std::string_view utf8) {
    HtmlPage page;
    std::size_t dropped = 0;
    const std::string capped = cap_nesting(utf8, max_open_elements, dropped);
    if (dropped) utf8 = capped;
    std::unique_ptr<GumboOutput, void (*)(GumboOutput*)> out(
        gumbo_parse_with_options(&kGumboDefaultOptions, utf8.data(), utf8.size()),
        [](GumboOutput* o) { gumbo_destroy_output(&kGumboDefaultOptions, o); });
    if (!out) return page;
    Findings f;
    walk(out->root, f, 0);

    LinkedData ld;
    for (const auto& s : f.json_ld) {
        auto j = nlohmann::json::parse(s, nullptr, false);
        if (!j.is_discarded()) ld_search(j, ld, 0);
    }
    if (ld.headline == " ") ld.headline.clear();
    auto meta = [&](std::initializer_list<const char*> keys) -> std::string {
        for (const char* k : keys)
            if (auto it = f.meta.find(k); it != f.meta.end() && !it->second.empty()) return it->second;
        return {};
    };

    page.site_name = meta({"og:site_name"});
    if (page.site_name.empty()) page.site_name = ld.publisher;
    if (page.site_name.empty()) page.site_name = meta({"application-name"});

    page.title = meta({"og:title", "twitter:title"});
    if (page.title.empty()) page.title = ld.headline;
    if (page.title.empty()) page.title = strip_site_suffix(f.title_element, page.site_name);
    if (page.title.empty()) page.title = f.first_h1;

    page.description = meta({"og:description", "description", "twitter:description", "dc.description"});

    std::string author = meta({"author", "article:author", "byl", "sailthru.author", "parsely-author", "dc.creator"});
    if (is_url(author)) author.clear(); // article:author is often a profile URL
    if (author.empty()) author = ld.author;
    if (author.empty()) author = f.itemprop_author;
    if (author.empty()) author = f.rel_author;
    page.author = cut_by(author);

    page.date = meta({"article:published_time", "og:published_time"});
    if (page.date.empty()) page.date = ld.date;
    if (page.date.empty())
        page.date = meta({"datepublished", "date", "pubdate", "publishdate", "publish-date", "dc.date.issued",
                          "dcterms.issued", "dc.date", "dcterms.created", "sailthru.date", "parsely-pub-date"});
    if (page.date.empty()) page.date = f.time_pubdate;

    page.url = f.canonical;
    if (page.url.empty()) page.url = meta({"og:url"});
    if (page.url.empty()) page.url = ld.url;
    page.lang = collapse(f.html_lang);
    if (page.lang.empty()) page.lang = meta({"og:locale", "content-language", "dc.language"});

    page.tags = f.meta_tags;
    for (auto& k : ld.keywords) page.tags.push_back(k);
    if (page.tags.empty()) page.tags = split_tags(meta({"news_keywords", "keywords"}));

    // The content root: the longest <article>, else <main>, else <body>.
    const GumboNode* root = nullptr;
    std::string best;
    for (const GumboNode* a : f.articles) {
        TextBuilder tb;
        collect_text(a, tb, false, 0);
        std::string t = tb.take();
        if (t.size() > best.size()) {
            best = std::move(t);
            root = a;
        }
    }
    if (!root || best.empty()) {
        root = f.main ? f.main : f.body ? f.body : out->root;
        TextBuilder tb;
        collect_text(root, tb, false, 0);
        best = tb.take();
    }
    if (page.date.empty())
        if (const GumboNode* t = first_time(root, 0)) page.date = attr(t, "datetime");
    if (page.date.empty()) page.date = meta({"article:modified_time", "og:updated_time"});
    // The headline repeated at the top of the text adds nothing.
    if (!page.title.empty() && best.rfind(page.title, 0) == 0 &&
        (best.size() == page.title.size() || best[page.title.size()] == '\n')) {
        const auto rest = best.find_first_not_of('\n', page.title.size());
        best.erase(0, rest == std::string::npos ? best.size() : rest);
    }
    page.text = std::move(best);
    return page;
}

Article html_to_article(std::string_view bytes, std::string_view transport_charset) {
    std::string declared(transport_charset);
    if (declared.empty()) declared = html_declared_charset(bytes);
    Decoded d = decode_to_utf8(bytes, declared);
    HtmlPage p = extract_html(d.text);
    Article a;
    a.title = std::move(p.title);
    a.body = std::move(p.text);
    if (!p.description.empty() && a.body.find(p.description) == std::string::npos)
        a.body = a.body.empty() ? p.description : p.description + "\n\n" + a.body;
    a.date = std::move(p.date);
    a.author = std::move(p.author);
    a.url = std::move(p.url);
    a.source = p.site_name.empty() ? url_host(a.url) : std::move(p.site_name);
    a.lang = std::move(p.lang);
    a.tags = std::move(p.tags);
    return a;
}

} // namespace lede

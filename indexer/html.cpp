// SPDX-License-Identifier: MIT
// HTML extraction with gumbo: one walk for metadata, one for the text of the chosen content root.
#include "html.hpp"
#include "ascii.hpp"

#include "date.hpp"
#include "decode.hpp"
#include "document_builder.hpp"
#include "extract.hpp"
#include "readers.hpp"

#include <gumbo.h>
#include <nlohmann/json.hpp>

#include <cctype>
#include <cstdio>
#include <map>
#include <memory>
#include <set>

namespace lede {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

const char* attr(const GumboNode* n, const char* name) {
    if (n->type != GUMBO_NODE_ELEMENT) return nullptr;
    const GumboAttribute* a = gumbo_get_attribute(&n->v.element.attributes, name);
    return a ? a->value : nullptr;
}

std::string attr_lower(const GumboNode* n, const char* name) {
    const char* v = attr(n, name);
    return v ? ascii_lower(v) : std::string();
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

// Gumbo's tree costs about 500 bytes per element (with its text node) and some 14 bytes per byte
// of ordinary markup: a page is parsed up to this many elements and bytes, so that one page stays
// well under 1 GiB whatever it holds. A real article page has a few thousand elements and a few
// MiB; past either bound the page is cut at a tag, the text before it kept, with a warning.
constexpr std::size_t max_parsed_elements = 300000;
constexpr std::size_t max_parsed_bytes = std::size_t(32) << 20;

// `html` with the start tags that would nest deeper than `max_open` (and as many end tags after
// them) removed; `dropped` counts what was removed. Returns "" when nothing had to go. Past
// max_parsed_elements start tags or max_parsed_bytes the rest is left out: `cut_at` says where.
std::string cap_nesting(std::string_view h, std::size_t max_open, std::size_t& dropped, std::size_t& cut_at) {
    std::string out;
    std::size_t copied = 0, depth = 0, excess = 0, elements = 0;
    cut_at = 0;
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
        if ((!end && ++elements > max_parsed_elements) || i > max_parsed_bytes) {
            out.append(h.substr(copied, i - copied));
            copied = n;
            cut_at = i;
            ++dropped;
            break;
        }
        std::size_t k = j;
        while (k < n && tag_name_char(h[k])) ++k;
        const std::string name = ascii_lower(h.substr(j, k - j));
        // The tag ends at the first '>' outside a quoted value. As in the HTML tokenizer, a quote
        // opens a value only right after '=' (spaces between allowed): in `type="text=""` the
        // third quote is a stray character, not the start of a value running to the next '"'.
        std::size_t t = k;
        for (char quote = 0, last = 0; t < n; ++t) {
            const char c = h[t];
            if (quote) {
                if (c == quote) quote = 0, last = c;
            } else if ((c == '"' || c == '\'') && last == '=') {
                quote = c;
            } else if (c == '>') {
                break;
            } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f') {
                last = c;
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
            while ((e = h.find("</", e)) != std::string_view::npos && ascii_lower(h.substr(e + 2, name.size())) != name) e += 2;
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

bool breaks_text(GumboTag t) {
    switch (t) {
    case GUMBO_TAG_BR: case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_LI: case GUMBO_TAG_TD:
    case GUMBO_TAG_TH: case GUMBO_TAG_TR: case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3:
    case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_PRE:
    case GUMBO_TAG_UL: case GUMBO_TAG_OL: case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_DD:
    case GUMBO_TAG_TABLE: case GUMBO_TAG_HR:
        return true;
    default: return false;
    }
}

// The text of markup as a line: inline elements joined as written ("Ex<b>am</b>ple"), blocks
// and line breaks as spaces; scripts, styles and templates left out.
void inline_text(const GumboNode* n, std::string& out, int depth) {
    if (depth > max_depth) return;
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA || n->type == GUMBO_NODE_WHITESPACE) {
        out += n->v.text.text;
        return;
    }
    if (n->type != GUMBO_NODE_ELEMENT) return;
    const GumboTag t = tag_of(n);
    if (t == GUMBO_TAG_SCRIPT || t == GUMBO_TAG_STYLE || t == GUMBO_TAG_NOSCRIPT || t == GUMBO_TAG_TEMPLATE ||
        t == GUMBO_TAG_HEAD)
        return;
    const bool brk = breaks_text(t);
    if (brk) out += ' ';
    const GumboVector& kids = n->v.element.children;
    for (unsigned i = 0; i < kids.length; ++i) inline_text(static_cast<const GumboNode*>(kids.data[i]), out, depth + 1);
    if (brk) out += ' ';
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

// The text of a node when it is short: stops reading past `limit` bytes (and gives "").
bool plain_text_upto(const GumboNode* n, std::string& out, std::size_t limit, int depth) {
    if (depth > max_depth || out.size() > limit) return out.size() <= limit;
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA || n->type == GUMBO_NODE_WHITESPACE) {
        out += n->v.text.text;
        return out.size() <= limit;
    }
    if (n->type != GUMBO_NODE_ELEMENT || tag_of(n) == GUMBO_TAG_SCRIPT || tag_of(n) == GUMBO_TAG_STYLE) return true;
    const GumboVector& kids = n->v.element.children;
    for (unsigned i = 0; i < kids.length; ++i) {
        if (!plain_text_upto(static_cast<const GumboNode*>(kids.data[i]), out, limit, depth + 1)) return false;
        out += ' ';
    }
    return true;
}

std::string short_text_of(const GumboNode* n, std::size_t limit) {
    std::string s;
    if (!plain_text_upto(n, s, 4 * limit, 0)) return {}; // room for the spaces collapsed below
    s = collapse_spaces(s);
    return s.size() <= limit ? s : std::string();
}

std::string text_of(const GumboNode* n) {
    std::string s;
    plain_text(n, s, 0);
    return collapse_spaces(s);
}

std::string cut_by(std::string s) {
    s = collapse_spaces(s);
    if (s.size() > 3 && (s.compare(0, 3, "By ") == 0 || s.compare(0, 3, "by ") == 0 || s.compare(0, 3, "BY ") == 0))
        s.erase(0, 3);
    return s;
}

// What one walk over the document finds.
struct Findings {
    std::map<std::string, std::string> meta;          // lower-cased name/property/itemprop -> content
    std::vector<std::string> meta_tags;               // article:tag, possibly many
    std::string title_element, first_h1, canonical, html_lang, rel_author, itemprop_author;
    const GumboNode* h1 = nullptr;                    // the first <h1>
    std::string time_pubdate;                         // <time pubdate> or itemprop=datePublished
    std::string any_time;                             // the first <time datetime> anywhere
    std::vector<std::string> date_texts;              // short texts of <time> and of elements named "date"...
    std::vector<std::string> json_ld;
    std::vector<const GumboNode*> articles;
    const GumboNode* main = nullptr;
    const GumboNode* body = nullptr;
};

// An element whose class or id says it holds the date ("date", "post-date", "datum", "published").
bool names_a_date(const GumboNode* n) {
    for (const char* a : {"class", "id"}) {
        const std::string v = attr_lower(n, a);
        if (v.empty()) continue;
        for (std::string_view w : {"date", "datum", "published", "posted", "time", "fecha", "data-publica", "meta",
                                   "author", "byline", "dateline"})
            if (v.find(w) != std::string::npos && v.find("update") == std::string::npos &&
                v.find("modif") == std::string::npos)
                return true;
    }
    return false;
}

// The first date written in a short text: "Posted on March 5, 2019", "05.11.2023, 14:00", "2020-01-03".
std::string date_in_text(std::string_view s) {
    auto digit = [&](std::size_t i) { return i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])); };
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (i > 0 && (std::isalnum(static_cast<unsigned char>(s[i - 1])))) continue; // word starts only
        // D.M.YYYY, DD.MM.YYYY (dots: day first, as in German, Polish, Czech...)
        std::size_t j = i, a = 0, b = 0;
        while (digit(j) && j - i < 2) a = a * 10 + static_cast<std::size_t>(s[j++] - '0');
        if (j > i && j < s.size() && s[j] == '.') {
            std::size_t k = j + 1;
            if (k < s.size() && s[k] == ' ') ++k;
            const std::size_t m0 = k;
            while (digit(k) && k - m0 < 2) b = b * 10 + static_cast<std::size_t>(s[k++] - '0');
            if (k > m0 && k < s.size() && s[k] == '.') {
                ++k;
                if (k < s.size() && s[k] == ' ') ++k;
                const std::size_t y0 = k;
                while (digit(k) && k - y0 < 4) ++k;
                if (k - y0 == 4 && !digit(k)) {
                    char buf[16];
                    std::snprintf(buf, sizeof buf, "%s-%02zu-%02zu", std::string(s.substr(y0, 4)).c_str(), b, a);
                    if (parse_date(buf)) return buf;
                }
            }
        }
        if (std::isalnum(static_cast<unsigned char>(s[i]))) {
            // Some 40 bytes, not ending inside a number or a word ("2021" is not "20").
            std::size_t end = std::min(s.size(), i + 40);
            while (end < s.size() && end < i + 60 &&
                   (std::isalnum(static_cast<unsigned char>(s[end])) || (static_cast<unsigned char>(s[end]) & 0x80)))
                ++end;
            const std::string_view w = s.substr(i, end - i);
            // Every written date has a year of four digits; the window is shortened, word by word
            // down to that year, until it reads as a date ("1. Februar 2022, Daniel Dillenburg").
            std::size_t year_end = 0;
            for (std::size_t k = 0; k + 4 <= w.size() && !year_end; ++k)
                if ((k == 0 || !std::isdigit(static_cast<unsigned char>(w[k - 1]))) &&
                    std::isdigit(static_cast<unsigned char>(w[k])) && digit(i + k + 1) && digit(i + k + 2) &&
                    digit(i + k + 3) && !digit(i + k + 4))
                    year_end = k + 4;
            if (!year_end) continue;
            for (std::size_t cut = w.size(); cut >= year_end;) {
                if (parse_date(w.substr(0, cut))) return std::string(w.substr(0, cut));
                const std::size_t sp = w.rfind(' ', cut - 1);
                if (sp == std::string_view::npos || sp < year_end) {
                    if (cut == year_end) break;
                    cut = year_end;
                } else {
                    cut = sp;
                }
            }
        }
    }
    return {};
}

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
            // Dublin Core is written "DC.date", "dc:date" and "dcterms:created": one spelling.
            if (k.rfind("dc:", 0) == 0 || k.rfind("dcterms:", 0) == 0) k[k.find(':')] = '.';
            if (k == "article:tag") f.meta_tags.push_back(collapse_spaces(content));
            else f.meta.emplace(k, collapse_spaces(content));
        }
        break;
    }
    case GUMBO_TAG_LINK: {
        const std::string rel = attr_lower(n, "rel");
        if (rel == "canonical" && f.canonical.empty())
            if (const char* h = attr(n, "href")) f.canonical = collapse_spaces(h);
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
        if (!f.h1) f.h1 = n;
        break;
    case GUMBO_TAG_ARTICLE: f.articles.push_back(n); break;
    case GUMBO_TAG_MAIN:
        if (!f.main) f.main = n;
        break;
    case GUMBO_TAG_BODY: f.body = n; break;
    case GUMBO_TAG_TIME:
        if (f.time_pubdate.empty() && attr(n, "pubdate"))
            if (const char* d = attr(n, "datetime")) f.time_pubdate = d;
        if (f.any_time.empty())
            if (const char* d = attr(n, "datetime")) f.any_time = collapse_spaces(d);
        break;
    case GUMBO_TAG_A:
        if (f.rel_author.empty() && attr_lower(n, "rel") == "author") f.rel_author = text_of(n);
        break;
    default: break;
    }
    if (!f.main && attr_lower(n, "role") == "main") f.main = n;
    // itemprop=datePublished on any element (microdata): its datetime or content, else its text.
    if (f.time_pubdate.empty() && t != GUMBO_TAG_META && attr_lower(n, "itemprop") == "datepublished") {
        if (const char* d = attr(n, "datetime")) f.time_pubdate = collapse_spaces(d);
        else if (const char* c = attr(n, "content")) f.time_pubdate = collapse_spaces(c);
        else if (std::string text = short_text_of(n, 120); !text.empty()) f.time_pubdate = date_in_text(text);
    }
    if (f.date_texts.size() < 12 && (t == GUMBO_TAG_TIME || names_a_date(n))) {
        std::string s = short_text_of(n, 120);
        if (!s.empty()) f.date_texts.push_back(std::move(s));
    }
    if (f.itemprop_author.empty() && attr_lower(n, "itemprop") == "author" && t != GUMBO_TAG_META)
        f.itemprop_author = text_of(n);
    const GumboVector& kids = n->v.element.children;
    for (unsigned i = 0; i < kids.length; ++i) walk(static_cast<const GumboNode*>(kids.data[i]), f, depth + 1);
}

// The first date written in the short elements just around the headline (a byline, a dateline, a
// subtitle): the headline's nearest siblings first, then its parent's and grandparent's.
std::string date_near(const GumboNode* h1) {
    const GumboNode* at = h1;
    for (int level = 0; level < 3 && at && at->parent && at->parent->type == GUMBO_NODE_ELEMENT; ++level) {
        const GumboVector& kids = at->parent->v.element.children;
        const int me = static_cast<int>(at->index_within_parent), n = static_cast<int>(kids.length);
        for (int dist = 1; dist <= 4; ++dist)
            for (int k : {me + dist, me - dist}) {
                if (k < 0 || k >= n) continue;
                auto* sib = static_cast<const GumboNode*>(kids.data[k]);
                if (sib->type != GUMBO_NODE_ELEMENT || tag_of(sib) == GUMBO_TAG_SCRIPT ||
                    tag_of(sib) == GUMBO_TAG_STYLE)
                    continue;
                const std::string text = short_text_of(sib, 200);
                if (text.empty()) continue;
                if (std::string d = date_in_text(text); !d.empty()) return d;
            }
        at = at->parent;
        if (tag_of(at) == GUMBO_TAG_BODY) break;
    }
    return {};
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
    std::string headline, name, date, modified, author, publisher, url, body;
    std::vector<std::string> keywords;
    int rank = 0;            // of the object the fields came from (see ld_rank)
    std::string other_date;  // datePublished of a lesser object (a WebPage in the @graph)
    std::string website;     // the name of the WebSite object (the site's name, for titles)
};

std::string ld_name(const nlohmann::json& v) {
    if (v.is_string()) return collapse_spaces(v.get<std::string>());
    if (v.is_object()) {
        auto it = v.find("name");
        return it != v.end() ? ld_name(*it) : std::string();
    }
    if (v.is_array()) {
        std::string out;
        for (const auto& e : v)
            if (std::string n = ld_name(e); !n.empty() && out.find(n) == std::string::npos)
                out += (out.empty() ? "" : ", ") + n;
        return out;
    }
    return {};
}

// 3: an article (NewsArticle, BlogPosting, Report, LiveBlogPosting...); 2: another creative work
// that can carry a page's story and dates (WebPage and its kinds such as MedicalWebPage,
// ClaimReview, Review, Recipe, VideoObject, CreativeWork...); 0: a thing that is not the page
// (Organization, Person, WebSite, BreadcrumbList, ImageObject...).
int ld_rank(const nlohmann::json& o) {
    auto it = o.find("@type");
    if (it == o.end()) return 0;
    auto one = [](const nlohmann::json& t) {
        if (!t.is_string()) return 0;
        std::string s = t.get<std::string>();
        if (auto slash = s.rfind('/'); slash != std::string::npos) s.erase(0, slash + 1); // "http://schema.org/X"
        if (s.find("Article") != std::string::npos || s.find("Posting") != std::string::npos || s == "Report")
            return 3;
        static const std::set<std::string> not_the_page{
            "Organization", "NewsMediaOrganization", "Corporation", "Person", "WebSite", "BreadcrumbList",
            "ListItem", "ImageObject", "SiteNavigationElement", "SearchAction", "EntryPoint", "Place",
            "PostalAddress", "Brand", "Offer", "AggregateRating", "Rating", "ContactPoint", "WPHeader",
            "WPFooter", "WPSideBar", "ItemList", "Thing", "Event", "Product", "LocalBusiness", "Country",
            "City", "GeoCoordinates", "PropertyValue", "SpeakableSpecification", "Language", "Audience"};
        return not_the_page.count(s) ? 0 : 2;
    };
    int best = 0;
    if (it->is_array()) {
        for (const auto& t : *it) best = std::max(best, one(t));
    } else {
        best = one(*it);
    }
    return best;
}

std::string ld_string(const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end()) return {};
    if (it->is_string()) return collapse_spaces(it->get<std::string>());
    if (it->is_array() && !it->empty() && it->front().is_string()) return collapse_spaces(it->front().get<std::string>());
    return {};
}

void ld_take(const nlohmann::json& j, int rank, LinkedData& ld) {
    std::string date = ld_string(j, "datePublished");
    if (date.empty()) date = ld_string(j, "dateCreated");
    // The best object wins; among equals the first, unless only a later one is dated.
    if (rank < ld.rank || (rank == ld.rank && (!ld.date.empty() || date.empty()))) {
        if (ld.other_date.empty()) ld.other_date = date;
        return;
    }
    if (ld.rank > 0 && ld.other_date.empty()) ld.other_date = ld.date;
    LinkedData next;
    next.rank = rank;
    next.other_date = ld.other_date;
    next.website = ld.website;
    next.headline = ld_string(j, "headline");
    next.name = ld_string(j, "name");
    if (next.headline.empty() && rank == 3) next.headline = next.name;
    next.date = date;
    next.modified = ld_string(j, "dateModified");
    if (auto it = j.find("author"); it != j.end()) next.author = ld_name(*it);
    if (next.author.empty())
        if (auto it = j.find("creator"); it != j.end()) next.author = ld_name(*it);
    if (auto it = j.find("publisher"); it != j.end()) next.publisher = ld_name(*it);
    next.url = ld_string(j, "url");
    if (auto it = j.find("articleBody"); it != j.end() && it->is_string()) next.body = it->get<std::string>();
    if (auto it = j.find("keywords"); it != j.end()) {
        if (it->is_string()) next.keywords = split_tags(it->get<std::string>());
        else if (it->is_array())
            for (const auto& k : *it)
                if (k.is_string()) next.keywords.push_back(collapse_spaces(k.get<std::string>()));
    }
    ld = std::move(next);
}

// The JSON of a <script type="application/ld+json">, without what pages wrap it in so that old
// parsers skip it: "<![CDATA[ ... ]]>", "<!-- ... -->", "//<![CDATA[ ... //]]>".
std::string_view unwrap_json(std::string_view s) {
    auto trim = [](std::string_view& v) {
        while (!v.empty() && is_space(v.front())) v.remove_prefix(1);
        while (!v.empty() && is_space(v.back())) v.remove_suffix(1);
    };
    trim(s);
    for (bool again = true; again;) {
        again = false;
        for (auto [open, close] : {std::pair<std::string_view, std::string_view>{"<![CDATA[", "]]>"},
                                   {"//<![CDATA[", "//]]>"}, {"/*<![CDATA[*/", "/*]]>*/"}, {"<!--", "-->"}}) {
            if (s.substr(0, open.size()) != open) continue;
            s.remove_prefix(open.size());
            if (s.size() >= close.size() && s.substr(s.size() - close.size()) == close) s.remove_suffix(close.size());
            if (s.size() >= 2 && s.substr(s.size() - 2) == "//") s.remove_suffix(2);
            trim(s);
            again = true;
        }
    }
    return s;
}

// Every typed object: top-level arrays, @graph, and objects nested in properties (mainEntity,
// hasPart, itemListElement...).
void ld_search(const nlohmann::json& j, LinkedData& ld, int depth) {
    if (depth > 8) return;
    if (j.is_array()) {
        for (const auto& e : j) ld_search(e, ld, depth + 1);
        return;
    }
    if (!j.is_object()) return;
    if (const int rank = ld_rank(j); rank > 0) ld_take(j, rank, ld);
    if (auto type = j.find("@type"); ld.website.empty() && type != j.end() && type->is_string() &&
                                     (*type == "WebSite" || *type == "http://schema.org/WebSite"))
        ld.website = ld_string(j, "name");
    for (const auto& [key, value] : j.items()) {
        if (key == "author" || key == "publisher" || key == "creator" || key == "image" || key == "logo" ||
            key == "isPartOf" || key == "breadcrumb" || key == "potentialAction")
            continue;
        if (value.is_object() || value.is_array()) ld_search(value, ld, depth + 1);
    }
}

// A title's segments between separators (" | ", " - ", " – ", " — ", " :: ", " » ", " « ", " · ",
// " / ", ": ").
std::vector<std::string> title_segments(const std::string& t, std::vector<std::string>& seps) {
    static const std::string_view all[] = {" | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " :: ", " \xC2\xBB ",
                                           " \xC2\xAB ", " \xC2\xB7 ", " / ", " : ", " \xC7\x80 "};
    std::vector<std::string> out;
    std::size_t start = 0, i = 0;
    while (i < t.size()) {
        bool hit = false;
        for (std::string_view sep : all)
            if (t.compare(i, sep.size(), sep) == 0) {
                out.push_back(t.substr(start, i - start));
                seps.emplace_back(sep);
                i += sep.size();
                start = i;
                hit = true;
                break;
            }
        if (!hit) ++i;
    }
    out.push_back(t.substr(start));
    return out;
}

// Letters and digits only, lower-cased ASCII: "Aerobuzz.de" and "aerobuzz.de" compare equal.
std::string squash(std::string_view s) {
    std::string out;
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x80 || std::isalnum(u)) out += static_cast<char>(u < 0x80 ? std::tolower(u) : u);
    }
    return out;
}

// Is this title segment the site's name ("IGN", "Aerobuzz.de", "The Guardian", "Popkultur.de")?
// `sites` holds the names the page gives itself, one a line (og:site_name, the JSON-LD WebSite's
// name, application-name...).
bool names_the_site(const std::string& segment, const std::string& sites, const std::string& host) {
    const std::string seg = squash(segment);
    if (seg.empty()) return false;
    for (std::size_t at = 0; at < sites.size();) {
        std::size_t nl = sites.find('\n', at);
        if (nl == std::string::npos) nl = sites.size();
        const std::string s = squash(std::string_view(sites).substr(at, nl - at));
        at = nl + 1;
        if (!s.empty() && (seg == s || (s.size() >= 4 && seg.find(s) != std::string::npos) ||
                           (seg.size() >= 4 && s.find(seg) != std::string::npos)))
            return true;
    }
    if (!host.empty()) {
        // The host's main label: "news.ign.com" -> "ign"; "theguardian.com" -> "theguardian".
        std::string h = host;
        auto last = h.rfind('.');
        if (last != std::string::npos) h.erase(last);
        if (auto dot = h.rfind('.'); dot != std::string::npos) {
            const std::string tail = h.substr(dot + 1);
            h = tail.size() <= 3 && dot > 0 ? h.substr(0, dot) : tail; // "bbc.co.uk" -> "bbc"
            if (auto d2 = h.rfind('.'); d2 != std::string::npos) h.erase(0, d2 + 1);
        }
        // The segment is the host's name, give or take a suffix ("Aerobuzz.de", "Journalistenwatch e.V.").
        const std::string label = squash(h);
        if (label.size() >= 3 && seg.find(label) != std::string::npos && seg.size() <= label.size() + 4) return true;
    }
    return false;
}

std::size_t word_count(std::string_view s) {
    std::size_t n = 0;
    bool in = false;
    for (char c : s) {
        if (is_space(c)) in = false;
        else if (!in) in = true, ++n;
    }
    return n;
}

// The headline without the site's name before or after it ("Story - IGN", "Site | Story").
std::string without_site_name(const std::string& title, const std::string& site, const std::string& host,
                              const std::string& h1) {
    std::vector<std::string> seps;
    std::vector<std::string> seg = title_segments(title, seps);
    if (seg.size() < 2) return title;
    auto join = [&](std::size_t a, std::size_t b) { // segments [a, b)
        std::string out = seg[a];
        for (std::size_t k = a + 1; k < b; ++k) out += seps[k - 1] + seg[k];
        return out;
    };
    // The page's own heading, when it is a run of the segments, is the headline.
    // (Only when it leads or is the longer part: a site's heading can be the short last part.)
    const std::string head = squash(h1);
    const std::size_t words = word_count(title);
    if (!head.empty()) {
        if (squash(title) == head) return title;
        for (std::size_t a = 0; a < seg.size(); ++a)
            for (std::size_t b = seg.size(); b > a; --b)
                if (squash(join(a, b)) == head && (a == 0 || 2 * word_count(join(a, b)) > words))
                    return collapse_spaces(join(a, b));
    }
    std::size_t a = 0, b = seg.size();
    // Site names at either end, and a short last segment after " | " (a section or the site).
    while (b - a > 1 && names_the_site(seg[b - 1], site, host)) --b;
    while (b - a > 1 && names_the_site(seg[a], site, host)) ++a;
    while (b - a > 1 && (seps[b - 2] == " | " || seps[b - 2] == " :: " || seps[b - 2] == " \xC2\xBB ") &&
           word_count(seg[b - 1]) <= 4 && word_count(join(a, b - 1)) >= 2)
        --b;
    // A short name after a dash that follows a long headline ("Lorem ipsum dolor sit amet – My website").
    if (b - a > 1 && (seps[b - 2] == " - " || seps[b - 2] == " \xE2\x80\x93 " || seps[b - 2] == " \xE2\x80\x94 ") &&
        word_count(seg[b - 1]) <= 3 && word_count(join(a, b - 1)) >= 4)
        --b;
    std::string out = collapse_spaces(join(a, b));
    return out.empty() ? title : out;
}

std::string clean_title(const std::string& title, const std::string& site, const std::string& host,
                        const std::string& h1) {
    std::string out = without_site_name(title, site, host, h1);
    // The page's own heading inside a longer title is the headline, the rest decoration ("Rezept",
    // "(neues deutschland)", "Wahl: ..."), when it is more than half of the title's words.
    if (const std::string head = squash(h1), whole = squash(out);
        !head.empty() && head != whole && whole.find(head) != std::string::npos && word_count(h1) >= 2 &&
        2 * word_count(h1) > word_count(out))
        return collapse_spaces(h1);
    return out;
}

// The date in a URL's path: /2019/03/15/, /2019-03-15-, /20190315/. "" when none.
std::string url_date(std::string_view url) {
    auto scheme = url.find("://");
    if (scheme != std::string_view::npos) url.remove_prefix(scheme + 3);
    const auto slash = url.find('/');
    if (slash == std::string_view::npos) return {};
    url.remove_prefix(slash);
    auto digits = [&](std::size_t at, std::size_t n) {
        if (at + n > url.size()) return false;
        for (std::size_t k = at; k < at + n; ++k)
            if (!std::isdigit(static_cast<unsigned char>(url[k]))) return false;
        return at + n == url.size() || !std::isdigit(static_cast<unsigned char>(url[at + n]));
    };
    for (std::size_t i = 0; i + 8 <= url.size(); ++i) {
        if (url[i] != '/' && url[i] != '-' && url[i] != '_') continue;
        const std::size_t y = i + 1;
        if (!digits(y, 4) || (url[y] != '1' && url[y] != '2')) {
            if (digits(y, 8) && (url[y] == '1' || url[y] == '2')) // /20190315
                return std::string(url.substr(y, 4)) + "-" + std::string(url.substr(y + 4, 2)) + "-" +
                       std::string(url.substr(y + 6, 2));
            continue;
        }
        const char sep = y + 4 < url.size() ? url[y + 4] : 0;
        if ((sep == '/' || sep == '-') && digits(y + 5, 2) && y + 7 < url.size() && url[y + 7] == sep &&
            digits(y + 8, 2)) {
            std::string d = std::string(url.substr(y, 4)) + "-" + std::string(url.substr(y + 5, 2)) + "-" +
                            std::string(url.substr(y + 8, 2));
            if (parse_date(d)) return d;
        }
    }
    return {};
}

bool is_url(std::string_view s) { return s.rfind("http://", 0) == 0 || s.rfind("https://", 0) == 0; }

// Valid UTF-8 holding at least two multi-byte sequences (legacy 8-bit and CJK text almost never is).
bool is_utf8_text(std::string_view s) {
    int multi = 0;
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const std::size_t n = s.size();
    for (std::size_t i = 0; i < n;) {
        const unsigned char c = p[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c <= 0xDF ? 2 : 0;
        if (c >= 0xF5 || len == 0 || i + len > n) return false;
        for (std::size_t k = 1; k < len; ++k)
            if ((p[i + k] & 0xC0) != 0x80) return false;
        if (len == 3 && ((c == 0xE0 && p[i + 1] < 0xA0) || (c == 0xED && p[i + 1] >= 0xA0))) return false;
        if (len == 4 && ((c == 0xF0 && p[i + 1] < 0x90) || (c == 0xF4 && p[i + 1] >= 0x90))) return false;
        ++multi;
        i += len;
    }
    return multi >= 2;
}

} // namespace

std::string html_declared_charset(std::string_view bytes) {
    const std::string head = ascii_lower(bytes.substr(0, 4096));
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

namespace {

using GumboTree = std::unique_ptr<GumboOutput, void (*)(GumboOutput*)>;

// gumbo's tree of `utf8` within the bounds (cap_nesting); `cut_at` says where it was cut, if it
// was. The tree points into the text it was parsed from: `capped` (the caller's, to outlive the
// tree) holds the bounded copy when one was needed.
GumboTree parse_bounded(std::string_view utf8, std::string& capped, std::size_t& cut_at) {
    std::size_t dropped = 0;
    capped = cap_nesting(utf8, max_open_elements, dropped, cut_at);
    if (dropped) utf8 = capped;
    return GumboTree(gumbo_parse_with_options(&kGumboDefaultOptions, utf8.data(), utf8.size()),
                     [](GumboOutput* o) { gumbo_destroy_output(&kGumboDefaultOptions, o); });
}

} // namespace

HtmlPage extract_html(std::string_view utf8, std::string* explanation) {
    HtmlPage page;
    std::string capped;
    std::size_t cut_at = 0;
    const GumboTree out = parse_bounded(utf8, capped, cut_at);
    if (cut_at)
        page.warnings.push_back("page cut at byte " + std::to_string(cut_at) + ": more than " +
                                std::to_string(max_parsed_elements) + " elements or " +
                                std::to_string(max_parsed_bytes >> 20) +
                                " MiB of markup are not parsed; the text before is kept");
    if (!out) return page;
    Findings f;
    walk(out->root, f, 0);

    LinkedData ld;
    for (const auto& s : f.json_ld) {
        auto j = nlohmann::json::parse(unwrap_json(s), nullptr, false);
        if (!j.is_discarded()) ld_search(j, ld, 0);
    }
    auto meta = [&](std::initializer_list<const char*> keys) -> std::string {
        for (const char* k : keys)
            if (auto it = f.meta.find(k); it != f.meta.end() && !it->second.empty()) return it->second;
        return {};
    };

    page.site_name = meta({"og:site_name"});
    if (page.site_name.empty()) page.site_name = ld.publisher;
    if (page.site_name.empty()) page.site_name = meta({"application-name"});

    page.url = f.canonical;
    if (page.url.empty()) page.url = meta({"og:url"});
    if (page.url.empty()) page.url = ld.url;

    std::string title = meta({"og:title", "twitter:title"});
    // A JSON-LD headline that has nothing of the page's <title> while its name does is a
    // description (Wikipedia's "Wikimedia list article").
    if (title.empty()) {
        const std::string t = squash(f.title_element);
        title = !ld.name.empty() && !t.empty() && t.find(squash(ld.headline)) == std::string::npos &&
                        t.find(squash(ld.name)) != std::string::npos
                    ? ld.name
                    : ld.headline;
    }
    if (title.empty()) title = f.title_element;
    if (title.empty()) title = f.first_h1;
    std::string site_names = page.site_name;
    // (Not twitter:site: a handle names a brand or a product as often as the site.)
    for (const std::string& other : {ld.website, meta({"application-name"}), meta({"apple-mobile-web-app-title"})})
        if (!other.empty()) site_names += "\n" + other;
    page.title = clean_title(title, site_names, url_host(page.url), f.first_h1);

    page.description = meta({"og:description", "description", "twitter:description", "dc.description"});

    std::string author = meta({"author", "article:author", "byl", "sailthru.author", "parsely-author", "dc.creator"});
    if (is_url(author)) author.clear(); // article:author is often a profile URL
    if (author.empty()) author = ld.author;
    if (author.empty()) author = f.itemprop_author;
    if (author.empty()) author = f.rel_author;
    page.author = cut_by(author);

    page.lang = collapse_spaces(f.html_lang);
    if (page.lang.empty()) page.lang = meta({"og:locale", "content-language", "dc.language"});

    page.tags = f.meta_tags;
    for (auto& k : ld.keywords) page.tags.push_back(k);
    if (page.tags.empty()) page.tags = split_tags(meta({"news_keywords", "keywords"}));

    ContentHints hints;
    hints.title = page.title;
    hints.ld_body = ld.body;
    hints.explain = explanation != nullptr;
    MainContent content = extract_main_content(out->root, hints);
    if (explanation) *explanation = std::move(content.explanation);
    std::string best = std::move(content.text);
    const GumboNode* root = content.root ? content.root : f.body ? f.body : out->root;

    // Dates, in order of trust; the first that parses and is plausible wins.
    std::vector<std::pair<std::string, std::string>> dates; // value, where it came from
    auto add = [&](std::string v, std::string from) {
        if (!v.empty()) dates.emplace_back(std::move(v), std::move(from));
    };
    if (ld.rank == 3) add(ld.date, "JSON-LD datePublished");
    for (const char* k : {"article:published_time", "article:published", "og:published_time",
                          "og:article:published_time", "article.published", "article:published_date"})
        add(meta({k}), k);
    if (ld.rank != 3) add(ld.date, "JSON-LD datePublished");
    add(ld.other_date, "JSON-LD datePublished");
    for (const char* k : {"datepublished", "date", "pubdate", "publishdate", "publish-date", "publish_date",
                          "publication_date", "publicationdate", "article:publicationdate", "pub_date", "pdate",
                          "displaydate", "published_time", "published_at", "item-publish-date", "dc.date.issued",
                          "dcterms.issued", "dc.date", "dcterms.date", "dcterms.created", "dc.date.created",
                          "dc.created", "citation_publication_date", "citation_date", "bepress_citation_date",
                          "sailthru.date", "parsely-pub-date", "article_date_original", "original-publish-date",
                          "datecreated", "date_published", "uploaddate", "cxenseparse:publishtime",
                          "dcsext.articlefirstpublished"})
        add(meta({k}), std::string("<meta ") + k + ">");
    // Parse.ly's page description: <meta name="parsely-page" content='{"pub_date": ...}'>.
    if (std::string pp = meta({"parsely-page"}); !pp.empty()) {
        auto j = nlohmann::json::parse(pp, nullptr, false);
        if (j.is_object()) add(ld_string(j, "pub_date"), "<meta parsely-page> pub_date");
    }
    add(f.time_pubdate, "<time pubdate> or itemprop=datePublished");
    // <time datetime> in the article, or just around it: its parent (the header beside the text)
    // and the <article> it is in.
    {
        std::vector<const GumboNode*> around{root};
        if (root->parent && root->parent->type == GUMBO_NODE_ELEMENT && tag_of(root->parent) != GUMBO_TAG_BODY)
            around.push_back(root->parent);
        for (const GumboNode* r = root; r && r->type == GUMBO_NODE_ELEMENT; r = r->parent)
            if (tag_of(r) == GUMBO_TAG_ARTICLE) {
                around.push_back(r);
                break;
            }
        for (const GumboNode* r : around)
            if (const GumboNode* t = first_time(r, 0)) {
                add(attr(t, "datetime"), "<time datetime> in the article");
                break;
            }
    }
    const std::string from_url = url_date(page.url);
    add(from_url, "the URL");
    if (f.h1) add(date_near(f.h1), "the text around the headline");
    for (const auto& t : f.date_texts) add(date_in_text(t), "the page's text");
    add(f.any_time, "the page's first <time datetime>");
    add(ld.modified, "JSON-LD dateModified");
    for (const char* k : {"article:modified_time", "article:modified", "og:article:modified_time", "og:updated_time",
                          "datemodified", "dcterms.modified", "dc.date.modified", "last-modified", "lastmodifieddate",
                          "revision_date", "last_updated"})
        add(meta({k}), k);
    std::string refused;
    for (const auto& [value, from] : dates) {
        auto d = parse_date(value);
        if (!d) continue;
        if (!is_plausible_publication_date(*d)) {
            if (refused.empty()) refused = "date '" + value + "' (" + from + ")";
            continue;
        }
        // The publisher's own day: a time whose offset moves it to another day in UTC is kept as
        // the day it was written on ("2019-03-12T23:30:00-05:00" is the 12th, not the 13th).
        const Date written = d->written_day();
        page.date = written.days_since_epoch() != Date{d->year, d->month, d->day}.days_since_epoch() ? written.iso()
                                                                                                  : value;
        // A date one day off the URL's is the same moment written in another zone (the page's
        // metadata in UTC, its address in the publisher's own day): the URL's day is the
        // publisher's.
        if (auto u = parse_date(from_url); u && !from_url.empty()) {
            const long diff = written.days_since_epoch() - u->days_since_epoch();
            if (diff == 1 || diff == -1) page.date = from_url;
        }
        if (explanation) *explanation += "date: '" + value + "' from " + from + "\n";
        break;
    }
    if (page.date.empty() && !refused.empty())
        page.warnings.push_back("placeholder or impossible " + refused + " refused: before 1800 or in the future");
    if (page.date.empty() && refused.empty() && !dates.empty())
        page.date = dates.front().first; // unparseable: the indexer says so
    page.text = std::move(best);
    return page;
}

std::string html_line_text(std::string_view utf8) {
    std::string capped;
    std::size_t cut_at = 0;
    const GumboTree out = parse_bounded(utf8, capped, cut_at);
    if (!out) return {};
    std::string text;
    inline_text(out->root, text, 0);
    return collapse_spaces(text);
}

Article html_to_article(std::string_view bytes, std::string_view transport_charset, std::vector<std::string>* warnings) {
    std::string declared(transport_charset);
    if (declared.empty()) {
        declared = html_declared_charset(bytes);
        // A page saved again as UTF-8 keeps its old declaration (gb2312, iso-8859-1): bytes that
        // are valid UTF-8 with several multi-byte sequences are UTF-8 whatever the page says.
        if (!declared.empty() && declared != "utf-8" && declared != "utf8" && is_utf8_text(bytes))
            declared = "utf-8";
    }
    Decoded d = decode_to_utf8(bytes, declared);
    HtmlPage p = extract_html(d.text);
    if (warnings)
        for (auto& w : p.warnings) warnings->push_back(std::move(w));
    Article a;
    a.title = std::move(p.title);
    a.body = std::move(p.text);
    a.date = std::move(p.date);
    a.author = std::move(p.author);
    a.url = std::move(p.url);
    a.source = p.site_name.empty() ? url_host(a.url) : std::move(p.site_name);
    a.lang = std::move(p.lang);
    a.tags = std::move(p.tags);
    return a;
}

} // namespace lede

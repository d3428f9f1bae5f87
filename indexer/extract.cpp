// SPDX-License-Identifier: MIT
// Main-content extraction: a flat copy of gumbo's tree in document order, block weights from
// their own text, class/id/role evidence, the heaviest element as the article, then its text.
#include "extract.hpp"
#include "text_builder.hpp"
#include "ascii.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace lede {
namespace {

constexpr int max_depth = 400; // as the metadata walk: deeper markup is left out

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

const char* attr(const GumboNode* n, const char* name) {
    if (n->type != GUMBO_NODE_ELEMENT) return nullptr;
    const GumboAttribute* a = gumbo_get_attribute(&n->v.element.attributes, name);
    return a ? a->value : nullptr;
}

// Elements whose content is never article text.
bool never_content(GumboTag t) {
    switch (t) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_BUTTON: case GUMBO_TAG_SELECT: case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_INPUT:
    case GUMBO_TAG_OPTION: case GUMBO_TAG_LABEL: case GUMBO_TAG_IFRAME: case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH: case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED: case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_HEAD: case GUMBO_TAG_TITLE: case GUMBO_TAG_AUDIO: case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_MENU: case GUMBO_TAG_MAP: case GUMBO_TAG_APPLET:
    case GUMBO_TAG_FRAMESET: case GUMBO_TAG_FRAME: case GUMBO_TAG_NOFRAMES:
        return true;
    default: return false;
    }
}

// Elements that are the page's frame (navigation, header, footer, a column beside the story, the
// same by ARIA role) or a stand-in for script (<noscript>): left out as boilerplate class names
// are, unless they turn out to hold the story (a slideshow in an <aside>, a transcript in a
// <footer>, an article's text in its <header>, a post in <noscript> beside its script template,
// questions and answers in a role="tablist" accordion).
bool frame_element(const GumboNode* n, GumboTag t) {
    if (t == GUMBO_TAG_NAV || t == GUMBO_TAG_ASIDE || t == GUMBO_TAG_HEADER || t == GUMBO_TAG_FOOTER ||
        t == GUMBO_TAG_NOSCRIPT)
        return true;
    if (const char* r = attr(n, "role")) {
        const std::string role = ascii_lower(r);
        for (std::string_view no : {"navigation", "banner", "contentinfo", "complementary", "search", "menu",
                                    "menubar", "toolbar", "tablist"})
            if (role == no) return true;
    }
    return false;
}

// Elements that start a block of text (their text is a paragraph of its own).
bool is_block(GumboTag t) {
    switch (t) {
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_SECTION: case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_MAIN: case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER: case GUMBO_TAG_H1:
    case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
    case GUMBO_TAG_HGROUP: case GUMBO_TAG_UL: case GUMBO_TAG_OL: case GUMBO_TAG_LI: case GUMBO_TAG_DL:
    case GUMBO_TAG_DT: case GUMBO_TAG_DD: case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_PRE:
    case GUMBO_TAG_TABLE: case GUMBO_TAG_THEAD: case GUMBO_TAG_TBODY: case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_TR: case GUMBO_TAG_TD: case GUMBO_TAG_TH: case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_FIGURE: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_ADDRESS: case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_SUMMARY: case GUMBO_TAG_FORM: case GUMBO_TAG_FIELDSET: case GUMBO_TAG_CENTER:
    case GUMBO_TAG_BODY: case GUMBO_TAG_HTML: case GUMBO_TAG_HR: case GUMBO_TAG_UNKNOWN:
    case GUMBO_TAG_ASIDE: case GUMBO_TAG_NAV: case GUMBO_TAG_NOSCRIPT:
        return true;
    default: return false;
    }
}

bool is_heading(GumboTag t) {
    return t == GUMBO_TAG_H1 || t == GUMBO_TAG_H2 || t == GUMBO_TAG_H3 || t == GUMBO_TAG_H4 || t == GUMBO_TAG_H5 ||
           t == GUMBO_TAG_H6;
}

bool hidden(const GumboNode* n) {
    if (attr(n, "hidden")) return true;
    if (const char* a = attr(n, "aria-hidden"); a && ascii_lower(a) == "true") return true;
    if (const char* s = attr(n, "style")) {
        std::string st;
        for (char c : ascii_lower(s))
            if (!is_space(c)) st += c;
        if (st.find("display:none") != std::string::npos || st.find("visibility:hidden") != std::string::npos)
            return true;
    }
    if (const char* r = attr(n, "role")) {
        const std::string role = ascii_lower(r);
        if (role == "dialog" || role == "alertdialog") return true;
    }
    return false;
}

// Text statistics of a run of UTF-8: characters that are not white space, and punctuation that
// ends or divides sentences (Latin, CJK, Arabic, Devanagari).
struct TextStats {
    int chars = 0;
    int punct = 0;
};

void count_text(std::string_view s, TextStats& st) {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const std::size_t n = s.size();
    for (std::size_t i = 0; i < n; ++i) {
        const unsigned char c = p[i];
        if (c < 0x80) {
            if (is_space(static_cast<char>(c))) continue;
            ++st.chars;
            if (c == ',' || c == '.' || c == '!' || c == '?' || c == ';' || c == ':') ++st.punct;
            continue;
        }
        if ((c & 0xC0) == 0x80) continue; // continuation byte
        ++st.chars;
        if (c == 0xC2 && i + 1 < n && p[i + 1] == 0xA0) --st.chars; // no-break space
        if (c == 0xE3 && i + 2 < n && p[i + 1] == 0x80 && (p[i + 2] == 0x81 || p[i + 2] == 0x82)) ++st.punct; // 、。
        else if (c == 0xEF && i + 2 < n && p[i + 1] == 0xBC && (p[i + 2] == 0x8C || p[i + 2] == 0x81 || p[i + 2] == 0x9F))
            ++st.punct; // ，！？
        else if (c == 0xD8 && i + 1 < n && (p[i + 1] == 0x8C || p[i + 1] == 0x9F)) ++st.punct; // ، ؟
        else if (c == 0xDB && i + 1 < n && p[i + 1] == 0x94) ++st.punct;                         // ۔
        else if (c == 0xE0 && i + 2 < n && p[i + 1] == 0xA5 && p[i + 2] == 0xA4) ++st.punct;     // ।
    }
}

struct Node {
    const GumboNode* g = nullptr;
    int parent = -1;
    int end = 0;              // the subtree is [index, end) in document order
    GumboTag tag = GUMBO_TAG_UNKNOWN;
    bool text = false;        // a text node
    bool block = false;
    bool off = false;         // never content (tag, hidden, role)
    bool frame = false;       // <nav>, <aside>, <header>, <footer>: dropped like a boilerplate class
    bool class_off = false;   // boilerplate by class/id
    bool in_link = false;
    bool strong_below = false; // an element with article-body evidence in the subtree (itself included)
    std::int8_t evidence = 0;
    int owner = -1;           // text nodes: the block their text belongs to
    TextStats own;            // blocks: their own text (not that of blocks inside)
    int own_link = 0;
    double weight = 0;        // blocks: their own weight
    double sum = 0;           // subtree: weights of the blocks that count
    double positive = 0;      // subtree: positive weights only
    int chars = 0, link_chars = 0; // subtree, counted blocks only
    int dropped_chars = 0;         // what a class drop left out
    double dropped_positive = 0;
    bool trusted = false;          // its class/id was found misleading
    double trust = 0;              // the weight of the nearest trusted element above
};

class Tree {
public:
    explicit Tree(const GumboNode* root) { build(root); }
    std::vector<Node> n;

private:
    void build(const GumboNode* root) {
        struct Frame {
            const GumboNode* g;
            int parent;
            int depth;
        };
        std::vector<Frame> stack{{root, -1, 0}};
        std::vector<int> open; // indices whose end is not set yet, in nesting order
        n.reserve(4096);
        while (!stack.empty()) {
            Frame f = stack.back();
            stack.pop_back();
            while (!open.empty() && open.back() != f.parent) {
                n[static_cast<std::size_t>(open.back())].end = static_cast<int>(n.size());
                open.pop_back();
            }
            const GumboNode* g = f.g;
            if (g->type == GUMBO_NODE_COMMENT || (g->type == GUMBO_NODE_DOCUMENT && f.parent != -1)) continue;
            Node x;
            x.g = g;
            x.parent = f.parent;
            const Node* p = f.parent >= 0 ? &n[static_cast<std::size_t>(f.parent)] : nullptr;
            if (p) x.in_link = p->in_link, x.off = p->off;
            const int self = static_cast<int>(n.size());
            if (g->type == GUMBO_NODE_TEXT || g->type == GUMBO_NODE_CDATA || g->type == GUMBO_NODE_WHITESPACE) {
                x.text = true;
                x.tag = GUMBO_TAG_UNKNOWN;
                int o = f.parent;
                while (o >= 0 && !n[static_cast<std::size_t>(o)].block) o = n[static_cast<std::size_t>(o)].parent;
                x.owner = o;
                x.end = self + 1;
                n.push_back(x);
                continue;
            }
            const GumboVector* kids = nullptr;
            if (g->type == GUMBO_NODE_DOCUMENT) {
                x.tag = GUMBO_TAG_HTML;
                x.block = true;
                kids = &g->v.document.children;
            } else if (g->type == GUMBO_NODE_ELEMENT || g->type == GUMBO_NODE_TEMPLATE) {
                x.tag = g->v.element.tag;
                x.block = is_block(x.tag);
                if (never_content(x.tag) || hidden(g)) x.off = true;
                x.frame = frame_element(g, x.tag);
                if (x.tag == GUMBO_TAG_A) x.in_link = true;
                if (!x.off) {
                    const char* c = attr(g, "class");
                    const char* i = attr(g, "id");
                    if (c || i) x.evidence = static_cast<std::int8_t>(class_evidence(c ? c : "", i ? i : ""));
                    if (const char* ip = attr(g, "itemprop")) {
                        const std::string v = ascii_lower(ip);
                        if (v == "articlebody" || v == "reviewbody") x.evidence = 2;
                        else if (v == "comment" || v == "comments") x.evidence = -3;
                    }
                }
                if (f.depth < max_depth) kids = &g->v.element.children;
            } else {
                continue;
            }
            n.push_back(x);
            open.push_back(self);
            if (kids)
                for (unsigned i = kids->length; i-- > 0;)
                    stack.push_back({static_cast<const GumboNode*>(kids->data[i]), self, f.depth + 1});
        }
        while (!open.empty()) {
            n[static_cast<std::size_t>(open.back())].end = static_cast<int>(n.size());
            open.pop_back();
        }
    }
};

// The weight of a block from its own text: sentences count for their length, link lists and
// short scraps (labels, dates, "Share") against.
double block_weight(const Node& b) {
    const int len = b.own.chars;
    if (len == 0) return 0;
    const double link = b.own_link;
    const double ld = link / len;
    if (is_heading(b.tag)) return ld > 0.5 ? -0.5 * len : 0;
    if (ld > 0.5) return -0.6 * link;
    if (len < 25) return b.own.punct ? 0.5 * len : -2;
    const double plain = len - link;
    return plain * (b.own.punct ? 1.0 : 0.4) - 0.5 * link;
}

std::string normalized_words(std::string_view s) {
    std::string out;
    bool sep = false;
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x80 || std::isalnum(u)) {
            if (sep && !out.empty()) out += ' ';
            sep = false;
            out += static_cast<char>(u < 0x80 ? std::tolower(u) : u);
        } else {
            sep = true;
        }
    }
    return out;
}

class Extractor {
public:
    Extractor(const GumboNode* doc, const ContentHints& hints) : m_tree(doc), m_hints(hints) {}

    MainContent run() {
        auto& n = m_tree.n;
        MainContent out;
        if (n.empty()) return out;
        own_text();
        int root = -1;
        // Class names mislead now and then (content in "toggle hideOnInit", a slideshow in
        // "pagination"): when what was left out by class outweighs the best of what is left by far,
        // that element is trusted and the choice made again.
        for (int attempt = 0; attempt < 4; ++attempt) {
            for (auto& x : n) x.class_off = false;
            totals();
            decide_class_drops();
            totals();
            root = choose_root();
            const double kept = root >= 0 ? std::max(0.0, n[static_cast<std::size_t>(root)].sum) : 0.0;
            int heaviest = -1;
            for (std::size_t i = 0; i < n.size(); ++i)
                if (n[i].class_off && n[i].dropped_positive > 0 && n[i].evidence > -3 &&
                    (heaviest < 0 || n[i].dropped_positive > n[static_cast<std::size_t>(heaviest)].dropped_positive))
                    heaviest = static_cast<int>(i);
            if (heaviest < 0 || n[static_cast<std::size_t>(heaviest)].dropped_positive < 3 * kept + 200) {
                // Inside the article, a <header> or <footer> that holds more text than the rest
                // of it is part of the story (an article's text in its header, a transcript).
                heaviest = -1;
                if (root >= 0)
                    for (int i = root + 1; i < n[static_cast<std::size_t>(root)].end; ++i) {
                        const Node& x = n[static_cast<std::size_t>(i)];
                        if (x.frame && x.class_off && x.evidence > -3 && x.dropped_positive > kept &&
                            (heaviest < 0 || x.dropped_positive > n[static_cast<std::size_t>(heaviest)].dropped_positive))
                            heaviest = i;
                    }
                if (heaviest < 0) break;
            }
            n[static_cast<std::size_t>(heaviest)].trusted = true;
        }
        if (root >= 0) root = narrow(root);
        // No block reads like an article (a page of scraps, a few short lines): the page's
        // <main> or <article> with most text, else the whole body.
        if (root < 0 || adjusted(n[static_cast<std::size_t>(root)]) <= 0) {
            m_fallback = true;
            root = 0;
            int marked = -1;
            for (std::size_t i = 0; i < n.size(); ++i) {
                const Node& x = n[i];
                if (x.text || x.off || x.class_off) continue;
                if (x.tag == GUMBO_TAG_BODY && root == 0) root = static_cast<int>(i);
                if ((x.tag == GUMBO_TAG_MAIN || x.tag == GUMBO_TAG_ARTICLE) && x.chars > 0 &&
                    (marked < 0 || x.chars > n[static_cast<std::size_t>(marked)].chars))
                    marked = static_cast<int>(i);
            }
            if (marked >= 0) root = marked;
        }
        out.root = n[static_cast<std::size_t>(root)].g;
        out.text = render(root);
        use_linked_data(out);
        if (m_hints.explain) out.explanation = explain(root);
        return out;
    }

private:
    // Each block's own text and link text, and its weight.
    void own_text() {
        for (auto& x : m_tree.n) {
            if (!x.text || x.owner < 0 || x.off) continue;
            Node& b = m_tree.n[static_cast<std::size_t>(x.owner)];
            TextStats st;
            count_text(x.g->v.text.text, st);
            b.own.chars += st.chars;
            b.own.punct += st.punct;
            if (x.in_link) b.own_link += st.chars;
        }
        for (auto& x : m_tree.n)
            if (x.block && !x.off) x.weight = block_weight(x);
    }

    // Subtree sums over the blocks that count (not off, not inside a class drop).
    void totals() {
        auto& n = m_tree.n;
        for (auto& x : n) x.sum = x.positive = 0, x.chars = x.link_chars = 0;
        for (std::size_t i = n.size(); i-- > 0;) {
            Node& x = n[i];
            if (x.text) continue;
            if (x.off || x.class_off) {
                x.sum = x.positive = 0;
                x.chars = x.link_chars = 0;
            } else if (x.block) {
                x.sum += x.weight;
                if (x.weight > 0) x.positive += x.weight;
                x.chars += x.own.chars;
                x.link_chars += x.own_link;
            }
            if (x.parent >= 0) {
                Node& p = n[static_cast<std::size_t>(x.parent)];
                p.sum += x.sum;
                p.positive += x.positive;
                p.chars += x.chars;
                p.link_chars += x.link_chars;
                if (x.evidence == 2 || x.strong_below) p.strong_below = true;
            }
        }
    }

    void decide_class_drops() {
        auto& n = m_tree.n;
        const double page_positive = n[0].positive;
        for (auto& x : n) {
            x.dropped_chars = 0;
            x.dropped_positive = 0;
            x.trust = x.parent >= 0 ? n[static_cast<std::size_t>(x.parent)].trust : 0;
            if (x.trusted) x.trust = x.positive;
            if (x.parent >= 0 && n[static_cast<std::size_t>(x.parent)].class_off) {
                x.class_off = true;
                continue;
            }
            if (x.text || x.off || (x.evidence >= 0 && !x.frame)) continue;
            // A <header> that holds paragraphs of prose, few of them links, is not the page's
            // masthead but a story's own text (a card whose text is in its header).
            if (x.frame && x.tag == GUMBO_TAG_HEADER && x.evidence >= 0 && x.positive >= 400 &&
                x.link_chars * 5 < x.chars)
                continue;
            if (x.tag == GUMBO_TAG_BODY || x.tag == GUMBO_TAG_HTML) continue;
            if (!x.frame) {
                if (x.strong_below) continue;
                // A layout wrapper named after what it holds ("has-sidebar", "page-with-nav") is
                // kept when it holds most of the page's text.
                if (x.evidence == -1 && page_positive > 0 && x.positive > 0.5 * page_positive) continue;
            }
            // A trusted element and the wrappers inside it that hold most of its text.
            if (x.trusted || (x.trust > 0 && x.positive >= 0.5 * x.trust)) continue;
            x.class_off = true;
            x.dropped_chars = x.chars;
            x.dropped_positive = x.positive;
        }
    }

    // A container chosen for its name ("articleContent") may hold the story in one column and
    // links beside it: while one child holds most of the weight and the rest is mostly links, the
    // child is the article.
    int narrow(int root) const {
        const auto& n = m_tree.n;
        for (int guard = 0; guard < max_depth; ++guard) {
            const Node& r = n[static_cast<std::size_t>(root)];
            if (r.sum <= 0) break;
            int best = -1;
            for (int c = root + 1; c < r.end; c = n[static_cast<std::size_t>(c)].end) {
                const Node& x = n[static_cast<std::size_t>(c)];
                if (x.text || x.off || x.class_off || !x.block) continue;
                if (best < 0 || x.sum > n[static_cast<std::size_t>(best)].sum) best = c;
            }
            if (best < 0) break;
            const Node& c = n[static_cast<std::size_t>(best)];
            // A list or a data table is a part of the story, never all of it.
            if (c.tag == GUMBO_TAG_UL || c.tag == GUMBO_TAG_OL || c.tag == GUMBO_TAG_DL || data_table(best)) break;
            const int rest_chars = r.chars - c.chars, rest_links = r.link_chars - c.link_chars;
            if (c.sum < 0.75 * r.sum || (rest_chars > 0 && rest_links * 10 < rest_chars * 3)) break;
            root = best;
        }
        return root;
    }

    double adjusted(const Node& x) const {
        double s = x.sum;
        if (s <= 0) return s;
        if (x.evidence == 2) s *= 1.3;
        else if (x.evidence == 1) s *= 1.1;
        else if (x.evidence == -1) s *= 0.8;
        if (x.tag == GUMBO_TAG_ARTICLE) s *= 1.1;
        return s;
    }

    int choose_root() const {
        const auto& n = m_tree.n;
        int best = -1;
        double best_score = 0;
        for (std::size_t i = 0; i < n.size(); ++i) {
            const Node& x = n[i];
            if (x.text || x.off || x.class_off || !x.block) continue;
            const double s = adjusted(x);
            if (best < 0 || s >= best_score) {
                best = static_cast<int>(i);
                best_score = s;
            }
        }
        return best;
    }

    // A page whose story is rendered by script holds it only in JSON-LD articleBody: used when it
    // is twice as long as what the page's blocks gave and speaks of what the title says.
    void use_linked_data(MainContent& out) const {
        const std::string body = linked_data_text(m_hints.ld_body);
        if (body.size() < 200 || out.text.size() * 2 > body.size()) return;
        const std::string t = normalized_words(m_hints.title);
        std::string b(1, ' ');
        b.append(normalized_words(body)).append(1, ' ');
        std::string w;
        std::size_t words = 0, found = 0;
        for (std::size_t i = 0; i < t.size();) {
            std::size_t j = t.find(' ', i);
            if (j == std::string::npos) j = t.size();
            if (j - i >= 3) {
                ++words;
                w.assign(1, ' ').append(t, i, j - i).append(1, ' ');
                if (b.find(w) != std::string::npos) ++found;
            }
            i = j + 1;
        }
        if (words > 0 && found * 3 < words) return; // another story's body
        out.text = body;
        out.from_linked_data = true;
        out.root = nullptr;
    }

    // articleBody as text: tags out, paragraph ends and line breaks as blank lines.
    static std::string linked_data_text(std::string_view s) {
        TextBuilder out;
        for (std::size_t i = 0; i < s.size();) {
            if (s[i] == '<') {
                const std::size_t e = s.find('>', i);
                if (e == std::string_view::npos) break;
                const std::string tag = ascii_lower(s.substr(i, std::min<std::size_t>(e - i, 4)));
                if (tag.rfind("</p", 0) == 0 || tag.rfind("<br", 0) == 0 || tag.rfind("<p", 0) == 0) out.block();
                else out.text(" ");
                i = e + 1;
                continue;
            }
            if (s[i] == '\n') {
                std::size_t j = i;
                while (j < s.size() && (s[j] == '\n' || s[j] == '\r' || s[j] == ' ')) ++j;
                out.block();
                i = j;
                continue;
            }
            const std::size_t j = std::min(s.find_first_of("<\n", i), s.size());
            out.text(s.substr(i, j - i));
            i = j;
        }
        return out.take();
    }

    std::string describe(int i) const {
        const Node& x = m_tree.n[static_cast<std::size_t>(i)];
        std::string d = x.g->type == GUMBO_NODE_ELEMENT ? gumbo_normalized_tagname(x.tag) : "#document";
        if (x.tag == GUMBO_TAG_UNKNOWN && x.g->type == GUMBO_NODE_ELEMENT) {
            GumboStringPiece p = x.g->v.element.original_tag;
            gumbo_tag_from_original_text(&p);
            d.assign(p.data, p.length);
        }
        if (const char* id = attr(x.g, "id")) d.append(1, '#').append(id);
        if (const char* c = attr(x.g, "class")) d.append(1, '.').append(c);
        return d;
    }

    std::string explain(int root) const {
        const auto& n = m_tree.n;
        std::vector<int> all;
        for (std::size_t i = 0; i < n.size(); ++i)
            if (!n[i].text && n[i].block && !n[i].off && !n[i].class_off) all.push_back(static_cast<int>(i));
        std::sort(all.begin(), all.end(), [&](int a, int b) { return adjusted(n[static_cast<std::size_t>(a)]) >
                                                                    adjusted(n[static_cast<std::size_t>(b)]); });
        std::string out = "chosen: " + path(root) + "\n";
        for (std::size_t k = 0; k < all.size() && k < 12; ++k) {
            const Node& x = n[static_cast<std::size_t>(all[k])];
            out += std::to_string(static_cast<long>(adjusted(x))) + " sum " + std::to_string(static_cast<long>(x.sum)) +
                   " ev " + std::to_string(x.evidence) + " chars " + std::to_string(x.chars) + " links " +
                   std::to_string(x.link_chars) + "  " + path(all[k]) + "\n";
        }
        for (std::size_t i = 0; i < n.size(); ++i)
            if (n[i].class_off && (n[i].parent < 0 || !n[static_cast<std::size_t>(n[i].parent)].class_off))
                out += "dropped by class: " + describe(static_cast<int>(i)) + " (" +
                       std::to_string(n[i].dropped_chars) + " chars, weight " +
                       std::to_string(static_cast<long>(n[i].dropped_positive)) + ")\n";
        return out;
    }

    std::string path(int i) const {
        std::string p;
        for (int k = i; k >= 0; k = m_tree.n[static_cast<std::size_t>(k)].parent)
            p = describe(k) + (p.empty() ? "" : " > ") + p;
        return p;
    }

    // Inside the article: is this element boilerplate to leave out?
    bool skip_inside(const Node& x) const {
        if (x.off || x.class_off) return true;
        if (!x.block || x.chars == 0) return false;
        if (in_data_table(x)) return false; // the table as a whole is judged, not its rows or cells
        const double ld = static_cast<double>(x.link_chars) / x.chars;
        if (x.sum < 0 && ld > 0.3) return true; // a list of links
        // A widget of scraps without one sentence (player controls, labels, counters).
        if (!m_fallback && !is_heading(x.tag) && x.positive == 0 && x.sum <= -6) return true;
        return false;
    }

    // A <table> with header cells (<th>, <thead>): data, not layout.
    bool data_table(int i) const {
        const auto& n = m_tree.n;
        if (n[static_cast<std::size_t>(i)].tag != GUMBO_TAG_TABLE || n[static_cast<std::size_t>(i)].text) return false;
        for (int k = i + 1; k < n[static_cast<std::size_t>(i)].end; ++k)
            if (!n[static_cast<std::size_t>(k)].text &&
                (n[static_cast<std::size_t>(k)].tag == GUMBO_TAG_TH || n[static_cast<std::size_t>(k)].tag == GUMBO_TAG_THEAD))
                return true;
        return false;
    }

    // The rows and cells of a data table (one with <th> or <thead>): a row of a film's linked title
    // and its year reads as scraps, yet the table is the story's; layout tables seldom have <th>.
    void mark_data_tables(int root) {
        const auto& n = m_tree.n;
        m_data_cell.assign(n.size(), 0);
        for (int i = root; i < n[static_cast<std::size_t>(root)].end; ++i) {
            if (n[static_cast<std::size_t>(i)].tag != GUMBO_TAG_TABLE || n[static_cast<std::size_t>(i)].text) continue;
            const int end = n[static_cast<std::size_t>(i)].end;
            if (!data_table(i)) continue;
            for (int k = i + 1; k < end; ++k) {
                const GumboTag t = n[static_cast<std::size_t>(k)].tag;
                if (!n[static_cast<std::size_t>(k)].text && (t == GUMBO_TAG_TR || t == GUMBO_TAG_TD || t == GUMBO_TAG_TH))
                    m_data_cell[static_cast<std::size_t>(k)] = 1;
            }
            i = end - 1; // nested tables are marked with it
        }
    }

    bool in_data_table(const Node& x) const {
        const auto i = static_cast<std::size_t>(&x - m_tree.n.data());
        return i < m_data_cell.size() && m_data_cell[i];
    }

    std::string render(int root) {
        mark_data_tables(root);
        prune(root);
        TextBuilder out;
        emit(root, out, false, true);
        std::string text = out.take();
        drop_title(text);
        return text;
    }

    void emit(int i, TextBuilder& out, bool pre, bool is_root) {
        const auto& n = m_tree.n;
        const Node& x = n[static_cast<std::size_t>(i)];
        if (x.text) {
            if (x.off) return;
            if (pre) out.raw(x.g->v.text.text);
            else out.text(x.g->v.text.text);
            return;
        }
        if (!is_root && (skip_inside(x) || m_cut[static_cast<std::size_t>(i)])) return;
        if (x.off) return;
        if (x.tag == GUMBO_TAG_BR) {
            out.line();
            return;
        }
        const bool block = x.block;
        if (block) out.block();
        if (x.tag == GUMBO_TAG_TD || x.tag == GUMBO_TAG_TH) out.text(" ");
        const bool in_pre = pre || x.tag == GUMBO_TAG_PRE;
        for (int c = i + 1; c < x.end; c = n[static_cast<std::size_t>(c)].end) emit(c, out, in_pre, false);
        if (block) out.block();
    }

    // The headline repeated at the top of the text adds nothing.
    void drop_title(std::string& text) const {
        if (m_hints.title.empty()) return;
        const std::string t = normalized_words(m_hints.title);
        if (t.empty()) return;
        std::size_t start = 0;
        for (int k = 0; k < 3 && start < text.size(); ++k) {
            std::size_t e = text.find("\n\n", start);
            if (e == std::string::npos) e = text.size();
            if (normalized_words(std::string_view(text).substr(start, e - start)) == t) {
                std::size_t next = e;
                while (next < text.size() && text[next] == '\n') ++next;
                text.erase(start, next - start);
                return;
            }
            start = e;
            while (start < text.size() && text[start] == '\n') ++start;
        }
    }

    // ---- Precision: what the chosen block holds that is not the story (own functions, see prune).

    // One piece of the chosen block in reading order: a block with text of its own that is kept,
    // or a part left out (a link list, a class drop, an <aside>...) with how much text it held.
    struct Piece {
        int node = -1;
        bool dropped = false;
        int chars = 0;      // kept: the block's own characters; dropped: all text inside
        int links = 0;      // dropped: the text inside links
        std::string text;   // kept: the block's own text
    };

    // Characters of text inside a subtree, whatever it is (scripts and styles aside), and of
    // those inside links.
    void raw_chars(int i, int& chars, int& links) const {
        const auto& n = m_tree.n;
        chars = links = 0;
        for (int k = i; k < n[static_cast<std::size_t>(i)].end; ++k) {
            const Node& t = n[static_cast<std::size_t>(k)];
            if (!t.text || t.parent < 0) continue;
            const GumboTag pt = n[static_cast<std::size_t>(t.parent)].tag;
            if (pt == GUMBO_TAG_SCRIPT || pt == GUMBO_TAG_STYLE || pt == GUMBO_TAG_NOSCRIPT || pt == GUMBO_TAG_TEMPLATE)
                continue;
            TextStats st;
            count_text(t.g->v.text.text, st);
            chars += st.chars;
            if (t.in_link) links += st.chars;
        }
    }

    std::vector<Piece> pieces(int root) const {
        const auto& n = m_tree.n;
        std::vector<Piece> out;
        std::vector<int> piece_of(n.size(), -1);
        for (int i = root; i < n[static_cast<std::size_t>(root)].end;) {
            const Node& x = n[static_cast<std::size_t>(i)];
            if (x.text) {
                if (!x.off && x.owner >= 0 && piece_of[static_cast<std::size_t>(x.owner)] >= 0)
                    out[static_cast<std::size_t>(piece_of[static_cast<std::size_t>(x.owner)])].text.append(
                        x.g->v.text.text).append(1, ' ');
                ++i;
                continue;
            }
            if (i != root && (skip_inside(x) || m_cut[static_cast<std::size_t>(i)])) {
                Piece p;
                p.node = i;
                p.dropped = true;
                raw_chars(i, p.chars, p.links);
                if (p.chars > 0) out.push_back(std::move(p));
                i = x.end;
                continue;
            }
            if (x.block && x.own.chars > 0) {
                piece_of[static_cast<std::size_t>(i)] = static_cast<int>(out.size());
                Piece p;
                p.node = i;
                p.chars = x.own.chars;
                out.push_back(std::move(p));
            }
            ++i;
        }
        return out;
    }

    // The last character of a text that is not white space or a closing quote/bracket.
    static char last_mark(std::string_view s) {
        std::size_t e = s.size();
        while (e > 0 && (is_space(s[e - 1]) || s[e - 1] == ')' || s[e - 1] == '"' || s[e - 1] == '\'')) --e;
        return e ? s[e - 1] : 0;
    }

    // Only a block whose text is its own is cut: one holding other blocks keeps them.
    bool alone(const Piece& p) const {
        return m_tree.n[static_cast<std::size_t>(p.node)].chars <= p.chars + p.chars / 5 + 10;
    }

    // A run of paragraphs that repeats an earlier run word for word (the story's text a second
    // time for another screen size, a slideshow's intro on every slide): the later copy is cut.
    // One paragraph repeated alone (a pull quote, a refrain, an embed's signature) is kept.
    void cut_copies(const std::vector<Piece>& ps, int root) {
        const auto& n = m_tree.n;
        std::unordered_map<std::string, int> seen; // a paragraph's words -> the parent of its first copy
        std::vector<int> copy(ps.size(), 0);       // 1 a copy of an earlier paragraph, 2 a long one
        std::vector<const std::string*> words(ps.size(), nullptr);
        for (std::size_t k = 0; k < ps.size(); ++k) {
            const Piece& p = ps[k];
            if (p.dropped || p.node == root || p.chars == 0) continue;
            const int parent = n[static_cast<std::size_t>(p.node)].parent;
            const auto [at, fresh] = seen.emplace(normalized_words(p.text), parent);
            words[k] = &at->first;
            // A copy beside the first one (a refrain, a repeated line) belongs to the text.
            if (!fresh && at->second != parent && alone(p)) copy[k] = p.chars >= 40 ? 2 : 1;
        }
        for (std::size_t k = 0; k < ps.size();) {
            if (copy[k] != 2) { ++k; continue; }
            // The run: long copies, with short copies or dropped parts between them.
            std::size_t e = k, longs = 0;
            for (std::size_t j = k; j < ps.size(); ++j) {
                if (ps[j].dropped || copy[j] == 1) continue;
                if (copy[j] != 2) break;
                if (*words[j] != *words[k]) ++longs; // two different paragraphs at least
                e = j;
            }
            if (longs >= 1)
                for (std::size_t j = k; j <= e; ++j)
                    if (copy[j]) m_cut[static_cast<std::size_t>(ps[j].node)] = 1;
            k = e + 1;
        }
    }

    // Left out of the chosen block, on top of the class/link rules of skip_inside() (each rule
    // its own function): repeated runs of paragraphs (cut_copies), lead-ins to a dropped part
    // (cut_lead_ins), picture credit lines (cut_credits), teaser cards (cut_teasers), galleries
    // of counted slides (cut_galleries) and comment lists (cut_comment_lists).
    // Nothing is cut when no block read like an article (the fallback keeps the page's text).
    void prune(int root) {
        m_cut.assign(m_tree.n.size(), 0);
        if (m_fallback) return;
        std::vector<Piece> ps = pieces(root);
        cut_copies(ps, root);
        cut_lead_ins(ps, root);
        cut_credits(ps, root);
        cut_teasers(root);
        cut_galleries(ps, root);
        cut_comment_lists(root);
    }

    // Comments kept because an article-body class was found inside them: a comment list gives
    // every comment its own "post-text", an article body has one. An element named for comments
    // that holds two or more such bodies is cut, when the article has text outside it.
    void cut_comment_lists(int root) {
        const auto& n = m_tree.n;
        const int end = n[static_cast<std::size_t>(root)].end;
        for (int i = root + 1; i < end;) {
            const Node& x = n[static_cast<std::size_t>(i)];
            if (x.text || x.evidence != -3 || x.off || x.class_off || m_cut[static_cast<std::size_t>(i)]) {
                ++i;
                continue;
            }
            int bodies = 0;
            for (int k = i + 1; k < x.end && bodies < 2; ++k)
                if (!n[static_cast<std::size_t>(k)].text && n[static_cast<std::size_t>(k)].evidence == 2) ++bodies;
            if (bodies >= 2 && n[static_cast<std::size_t>(root)].chars - x.chars >= 300)
                m_cut[static_cast<std::size_t>(i)] = 1;
            i = x.end;
        }
    }

    // "3/50 Caption", "1 of 8": a slide's counter at the start of a piece; k and N, or false.
    static bool slide_counter(std::string_view s, int& k, int& total, bool& alone_counter) {
        std::size_t i = 0;
        auto skip = [&] { while (i < s.size() && is_space(s[i])) ++i; };
        auto number = [&](int& v) {
            const std::size_t b = i;
            v = 0;
            while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i - b < 4) v = v * 10 + (s[i++] - '0');
            return i > b;
        };
        skip();
        if (!number(k)) return false;
        skip();
        if (i < s.size() && s[i] == '/') ++i;
        else if (s.substr(i, 3) == "of ") i += 2;
        else return false;
        skip();
        if (!number(total) || k < 1 || k > total || total < 3) return false;
        if (i < s.size() && !is_space(s[i])) return false;
        skip();
        alone_counter = i == s.size();
        return true;
    }

    // A gallery: three or more slides counted "k/N" (or "k of N") with the same N. Inside an
    // article with text of its own besides, the gallery is cut whole (its captions are another
    // reader's view); a slideshow that is the article keeps its captions and loses the counters.
    void cut_galleries(const std::vector<Piece>& ps, int root) {
        const auto& n = m_tree.n;
        std::unordered_map<int, std::vector<std::size_t>> by_total;
        for (std::size_t k = 0; k < ps.size(); ++k) {
            const Piece& p = ps[k];
            int slide = 0, total = 0;
            bool bare = false;
            if (p.dropped || p.node == root || m_cut[static_cast<std::size_t>(p.node)] ||
                !slide_counter(p.text, slide, total, bare))
                continue;
            by_total[total].push_back(k);
            if (bare && alone(p)) m_cut[static_cast<std::size_t>(p.node)] = 1;
        }
        for (const auto& [total, slides] : by_total) {
            if (slides.size() < 3) continue;
            // The smallest element that holds every slide.
            int lca = ps[slides.front()].node;
            for (std::size_t k : slides) {
                const int node = ps[k].node;
                while (lca >= 0 && !(lca <= node && node < n[static_cast<std::size_t>(lca)].end))
                    lca = n[static_cast<std::size_t>(lca)].parent;
            }
            if (lca <= root) continue;
            const int rest = n[static_cast<std::size_t>(root)].chars - n[static_cast<std::size_t>(lca)].chars;
            if (rest >= 500) m_cut[static_cast<std::size_t>(lca)] = 1;
        }
    }

    // Teaser cards: three or more siblings alike (same tag and class), each a short text under a
    // heading that is a link (another story's headline, its summary, its source). A block made of
    // such cards for the most part, with little else, is a listing and is left as it is.
    void cut_teasers(int root) {
        const auto& n = m_tree.n;
        const int end = n[static_cast<std::size_t>(root)].end;
        std::vector<char> linked_heading(static_cast<std::size_t>(end - root), 0);
        for (int i = end; i-- > root;) {
            const Node& x = n[static_cast<std::size_t>(i)];
            if (x.text) continue;
            char& f = linked_heading[static_cast<std::size_t>(i - root)];
            if (is_heading(x.tag) && x.own.chars >= 10 && x.own_link * 5 >= x.own.chars * 4) f = 1;
            if (f && i > root && x.parent >= root) linked_heading[static_cast<std::size_t>(x.parent - root)] = 1;
        }
        std::vector<int> cards;
        int cut_chars = 0;
        std::vector<std::pair<std::string, int>> kids;
        for (int p = root; p < end; ++p) {
            const Node& x = n[static_cast<std::size_t>(p)];
            if (x.text || !linked_heading[static_cast<std::size_t>(p - root)]) continue;
            kids.clear();
            for (int c = p + 1; c < x.end; c = n[static_cast<std::size_t>(c)].end) {
                const Node& k = n[static_cast<std::size_t>(c)];
                if (k.text) continue;
                const char* cl = attr(k.g, "class");
                kids.emplace_back(std::string(gumbo_normalized_tagname(k.tag)) + "." + (cl ? cl : ""), c);
            }
            for (std::size_t a = 0; a < kids.size(); ++a) {
                int alike = 0, teasers = 0;
                for (std::size_t b = 0; b < kids.size(); ++b) {
                    if (kids[b].first != kids[a].first) continue;
                    if (b < a) { alike = -1; break; } // the group was seen at its first member
                    ++alike;
                    const Node& k = n[static_cast<std::size_t>(kids[b].second)];
                    if (linked_heading[static_cast<std::size_t>(kids[b].second - root)] && k.chars <= 600) ++teasers;
                }
                if (alike < 3 || teasers < 3 || teasers * 5 < alike * 3) continue;
                for (std::size_t b = a; b < kids.size(); ++b) {
                    const int c = kids[b].second;
                    if (kids[b].first != kids[a].first || !linked_heading[static_cast<std::size_t>(c - root)] ||
                        n[static_cast<std::size_t>(c)].chars > 600)
                        continue;
                    cards.push_back(c);
                    cut_chars += n[static_cast<std::size_t>(c)].chars;
                }
            }
        }
        const int all = n[static_cast<std::size_t>(root)].chars, rest = all - cut_chars;
        if (cards.empty() || (rest * 10 < all * 3 && rest < 1500)) return; // a listing
        for (int c : cards) m_cut[static_cast<std::size_t>(c)] = 1;
    }

    // "Foto: Jo Lens", "(Credit: Agency)", "Image credit: Getty", "© Agency": a picture's credit
    // line, on its own, is no part of the story.
    static bool credit_line(std::string_view s) {
        std::string t;
        for (char c : s) {
            if (t.size() >= 200) break;
            t += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        if (t.find("\xc2\xa9") != std::string::npos || t.find("getty images") != std::string::npos) return true;
        std::size_t i = 0;
        while (i < t.size() && (is_space(t[i]) || t[i] == '(' || t[i] == '[')) ++i;
        const std::size_t colon = t.find(':', i);
        if (colon == std::string::npos || colon - i > 24) return false;
        std::string_view head = std::string_view(t).substr(i, colon - i);
        while (!head.empty() && is_space(head.back())) head.remove_suffix(1);
        static constexpr std::string_view words[] = {
            "photo", "photos", "foto", "fotos", "bild", "bilder", "image", "images", "picture", "pictures",
            "credit", "credits", "photograph", "photography", "photo credit", "image credit", "image credits",
            "photo credits", "fotocredit", "bildquelle", "bildnachweis", "cr\xc3\xa9" "dit", "cr\xc3\xa9" "dits",
            "cr\xc3\xa9" "dit photo", "zdj\xc4\x99" "cie", "fot"};
        for (std::string_view w : words)
            if (head == w) return true;
        return false;
    }

    void cut_credits(const std::vector<Piece>& ps, int root) {
        for (const Piece& p : ps)
            if (!p.dropped && p.node != root && p.chars <= 80 && alone(p) && credit_line(p.text))
                m_cut[static_cast<std::size_t>(p.node)] = 1;
    }

    // A lead-in to something that was left out: a short line that is no sentence ("Read more:",
    // "Das könnte dich auch interessieren", a heading) right before a dropped part with text that
    // is mostly links or was dropped for its class, or a line ending in a colon at the very end of
    // the article. A short block is judged by its neighbours, as jusText does.
    void cut_lead_ins(const std::vector<Piece>& ps, int root) {
        const auto& n = m_tree.n;
        for (std::size_t k = 0; k < ps.size(); ++k) {
            const Piece& p = ps[k];
            if (p.dropped || m_cut[static_cast<std::size_t>(p.node)] || p.node == root) continue;
            const Node& x = n[static_cast<std::size_t>(p.node)];
            const char m = last_mark(p.text);
            const bool sentence = m == '.' || m == '!';
            if (p.chars > 45 || (!is_heading(x.tag) && sentence)) continue;
            if (x.end - p.node > 64 || !alone(p)) continue; // a lead-in is a line, not a section
            std::size_t j = k + 1;
            while (j < ps.size() && !ps[j].dropped && m_cut[static_cast<std::size_t>(ps[j].node)]) ++j;
            const bool before_dropped = j < ps.size() && ps[j].dropped && ps[j].chars >= 30 &&
                                        (ps[j].links * 5 >= ps[j].chars || n[static_cast<std::size_t>(ps[j].node)].evidence <= -2);
            // A heading over a section that goes on after the dropped part ("Main article: ..." links
            // under a heading) stays.
            if (before_dropped && is_heading(x.tag)) {
                std::size_t after = j + 1;
                while (after < ps.size() && ps[after].dropped) ++after;
                if (after < ps.size() && !is_heading(n[static_cast<std::size_t>(ps[after].node)].tag)) continue;
            }
            const bool trailing = j >= ps.size() && m == ':';
            if (before_dropped || trailing) m_cut[static_cast<std::size_t>(p.node)] = 1;
        }
    }

    std::vector<char> m_cut; // nodes prune() leaves out
    Tree m_tree;
    const ContentHints& m_hints;
    bool m_fallback = false; // no article-like block: the page's text as a whole
    std::vector<char> m_data_cell; // rows and cells of data tables inside the article
};

} // namespace

std::string class_tokens(std::string_view a) {
    // One flag for "the byte before was a-z" rather than a test of the previous byte and of `out`:
    // clang-14 -O1 with -fsanitize=fuzzer-no-link compiled that form so that camelCase never split.
    std::string out;
    bool after_lower = false; // a capital after a-z starts a word (camelCase)
    for (const char c : a) {
        const bool lower = c >= 'a' && c <= 'z', upper = c >= 'A' && c <= 'Z', digit = c >= '0' && c <= '9';
        if (!lower && !upper && !digit) {
            if (!out.empty() && out.back() != ' ') out += ' ';
        } else {
            if (upper && after_lower) out += ' ';
            out += upper ? static_cast<char>(c - 'A' + 'a') : c;
        }
        after_lower = lower;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

namespace {

struct Evidence {
    bool comments = false, hard = false, soft = false, strong = false, pos = false;
};

// One class name or id, as tokens.
void weigh_name(const std::vector<std::string_view>& w, bool is_id, Evidence& e) {
    if (w.empty()) return;
    // WordPress and its kin put taxonomy values in classes ("tag-sharing", "category-related-news",
    // "author-jo"): the words after the first are a value, not a role.
    static constexpr std::string_view taxonomy[] = {"tag", "tags", "category", "categories", "type", "format",
                                                    "status", "author", "term", "topic", "postid", "section"};
    if (w.size() > 1)
        for (std::string_view t : taxonomy)
            if (w[0] == t) return;
    // An id of many words is a slug made from a heading ("sharing-with-a-single-developer").
    if (is_id && w.size() > 4) return;
    auto has = [](std::string_view t, std::string_view s) { return t.find(s) != std::string_view::npos; };
    auto starts = [](std::string_view t, std::string_view s) { return t.substr(0, s.size()) == s; };
    for (std::size_t k = 0; k < w.size(); ++k) {
        const std::string_view t = w[k];
        const std::string_view before = k ? w[k - 1] : std::string_view();
        const std::string_view after = k + 1 < w.size() ? w[k + 1] : std::string_view();
        // "has-sidebar", "with-comments", "no-ads": a modifier of a layout, not the thing itself.
        const bool modifier = before == "has" || before == "with" || before == "no" || before == "not" ||
                              before == "without" || before == "show" || before == "hide";
        if (!modifier) {
            if ((has(t, "comment") && !has(t, "commentar")) || has(t, "disqus") || t == "respond" ||
                t == "replies")
                e.comments = true;
            if (e.comments ||
                (starts(t, "share") && t != "shared" && !starts(t, "shareholder")) ||
                has(t, "sharing") || has(t, "social") || has(t, "related") || has(t, "recommend") ||
                has(t, "newsletter") || starts(t, "subscribe") || starts(t, "subscription") || has(t, "signup") ||
                (starts(t, "promo") && t != "promoted") || has(t, "sponsor") || has(t, "advert") || has(t, "outbrain") ||
                has(t, "taboola") || has(t, "cookie") || has(t, "consent") || t == "gdpr" || has(t, "popup") ||
                t == "modal" || has(t, "breadcrumb") || has(t, "byline") || has(t, "trending") ||
                has(t, "popular") || t == "ad" || t == "ads" || t == "adv" || starts(t, "adslot") ||
                starts(t, "adsby") || t == "dfp" || t == "author" || t == "authors" || t == "tags" || t == "tag" ||
                t == "meta" || t == "print" || t == "login" || t == "pagination" || t == "pager" ||
                t == "toolbar" || t == "skip" || t == "rating" || t == "keywords" ||
                (t == "sr" && after == "only") || (t == "screen" && after == "reader") ||
                (t == "visually" && after == "hidden") || t == "visuallyhidden" || t == "offscreen")
                e.hard = true;
            else if (starts(t, "sidebar") || t == "side" || starts(t, "nav") || starts(t, "menu") ||
                     starts(t, "header") || starts(t, "footer") || t == "foot" || t == "masthead" ||
                     starts(t, "banner") || starts(t, "widget") || t == "aside" || t == "extra" ||
                     t == "supplemental" || t == "teaser" || t == "tools" || t == "links" || t == "more" ||
                     t == "also" || t == "next" || t == "prev" || t == "caption" || t == "credit" ||
                     t == "credits" || t == "date" || t == "timestamp" || t == "info" || t == "bio" || t == "hidden")
                e.soft = true;
        }
        const bool body_word = t == "body" || t == "content" || t == "text" || t == "copy" || t == "entry";
        const bool article_word = t == "article" || t == "entry" || t == "post" || t == "story" || t == "news" ||
                                  t == "blog" || t == "main" || t == "page" || t == "single";
        if (t == "articlebody" || t == "articletext" || t == "storybody" || t == "storytext" || t == "postbody" ||
            t == "entrycontent" || t == "postcontent" || t == "articlecontent" || t == "bodytext" ||
            (article_word && (after == "body" || after == "content" || after == "text" || after == "copy" ||
                              after == "entry")))
            e.strong = true;
        else if (article_word || body_word || t == "hentry" || t == "prose")
            e.pos = true;
    }
}

void weigh_attribute(std::string_view a, bool is_id, Evidence& e) {
    std::vector<std::string_view> w;
    std::string toks;
    for (std::size_t i = 0; i < a.size();) {
        while (i < a.size() && is_space(a[i])) ++i;
        std::size_t j = i;
        while (j < a.size() && !is_space(a[j])) ++j;
        if (j > i) {
            toks = class_tokens(a.substr(i, j - i));
            w.clear();
            for (std::size_t p = 0; p < toks.size();) {
                std::size_t q = toks.find(' ', p);
                if (q == std::string::npos) q = toks.size();
                if (q > p) w.push_back(std::string_view(toks).substr(p, q - p));
                p = q + 1;
            }
            weigh_name(w, is_id, e);
        }
        i = j;
    }
}

} // namespace

int class_evidence(std::string_view class_attribute, std::string_view id_attribute) {
    Evidence e;
    weigh_attribute(class_attribute, false, e);
    weigh_attribute(id_attribute, true, e);
    if (e.comments) return -3;
    if (e.hard) return -2;
    if (e.strong) return 2;
    if (e.soft) return -1;
    if (e.pos) return 1;
    return 0;
}

MainContent extract_main_content(const GumboNode* document, const ContentHints& hints) {
    if (!document) return {};
    Extractor e(document, hints);
    return e.run();
}

} // namespace lede

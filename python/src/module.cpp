// SPDX-License-Identifier: MIT
// lede._lede: the Python extension over Lede's public C++ API (include/lede/). The Pythonic layer
// (argument handling, context managers, paging, the exception classes) is python/lede/__init__.py;
// this file converts between the API's structs and Python objects, with UTF-8 byte offsets turned
// into str indices, and releases the GIL while the engine works.
#include <lede/index.hpp>
#include <lede/search.hpp>

#include "bridge.hpp"      // detail::rethrow_as_api_error, for the engine's summarize_index
#include "index_stats.hpp" // lede-index --stats

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace py = pybind11;
using namespace lede::api;

namespace {

// ---------------------------------------------------------------------------------------------
// UTF-8 -> str, byte offsets -> code point indices.
//
// The engine's strings are valid UTF-8 (the indexer cleans every field at ingest), but an index
// written by other means may hold anything. A "unit" is a well-formed UTF-8 sequence, or a single
// byte that is not part of one; each unit is one character of the Python string (an ill-formed
// byte becomes U+FFFD), so the index of byte offset b is the number of units starting before b.

std::size_t unit_length(const unsigned char* p, std::size_t n) {
    const unsigned char c = p[0];
    if (c < 0x80) return 1;
    std::size_t len;
    unsigned char lo = 0x80, hi = 0xBF; // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) len = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else return 0;
    if (n < len) return 0;
    if (p[1] < lo || p[1] > hi) return 0;
    for (std::size_t i = 2; i < len; ++i)
        if ((p[i] & 0xC0) != 0x80) return 0;
    return len;
}

bool is_valid_utf8(std::string_view s) {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    std::size_t i = 0;
    while (i < s.size()) {
        if (p[i] < 0x80) {
            ++i;
            continue;
        }
        const std::size_t len = unit_length(p + i, s.size() - i);
        if (len == 0) return false;
        i += len;
    }
    return true;
}

py::str to_str(std::string_view s) {
    if (is_valid_utf8(s)) return py::str(s.data(), s.size());
    std::string out;
    out.reserve(s.size() + 8);
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    std::size_t i = 0;
    while (i < s.size()) {
        const std::size_t len = unit_length(p + i, s.size() - i);
        if (len == 0) {
            out += "\xEF\xBF\xBD";
            ++i;
        } else {
            out.append(s.data() + i, len);
            i += len;
        }
    }
    return py::str(out);
}

/// Byte offsets into one string -> str indices; cheapest when asked in ascending order.
class Offsets {
public:
    explicit Offsets(std::string_view s) : m_s(s) {}

    std::size_t operator()(std::size_t byte) {
        if (byte > m_s.size()) byte = m_s.size();
        if (byte < m_byte) m_byte = m_index = 0;
        const auto* p = reinterpret_cast<const unsigned char*>(m_s.data());
        while (m_byte < byte) {
            const std::size_t len = unit_length(p + m_byte, m_s.size() - m_byte);
            m_byte += len == 0 ? 1 : len;
            ++m_index;
        }
        // An offset inside a unit (never from the engine) counts that unit as before it.
        return m_index;
    }

private:
    std::string_view m_s;
    std::size_t m_byte = 0, m_index = 0;
};

py::list spans(const std::vector<Span>& byte_spans, std::string_view text) {
    Offsets at(text);
    py::list out(byte_spans.size());
    for (std::size_t i = 0; i < byte_spans.size(); ++i) {
        const std::size_t b = at(byte_spans[i].first);
        const std::size_t e = at(byte_spans[i].second);
        out[i] = py::make_tuple(b, e);
    }
    return out;
}

py::list str_list(const std::vector<std::string>& v) {
    py::list out(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) out[i] = to_str(v[i]);
    return out;
}

py::list spans_as_lists(const py::list& tuples) {
    py::list out(tuples.size());
    for (std::size_t i = 0; i < tuples.size(); ++i) {
        py::tuple t = tuples[i];
        py::list l(2);
        l[0] = t[0];
        l[1] = t[1];
        out[i] = l;
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// Errors. api::Error (and a wrapper that carries a str index for query positions) become the
// classes of lede/_errors.py, looked up when raised.

struct PositionedError {
    ErrorKind kind;
    std::string message;
    std::size_t position;      // str index into the query
    std::size_t byte_position; // as the C++ API reports it
};

const char* kind_name(ErrorKind k) {
    switch (k) {
    case ErrorKind::Usage: return "usage";
    case ErrorKind::Query: return "query";
    case ErrorKind::Index: return "index";
    case ErrorKind::Schema: return "schema";
    case ErrorKind::Internal: return "internal";
    }
    return "internal";
}

void raise_lede_error(ErrorKind kind, const std::string& message, py::object position, py::object byte_position) {
    py::object make = py::module_::import("lede._errors").attr("_make");
    py::object exc = make(kind_name(kind), to_str(message), position, byte_position);
    PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(exc.ptr())), exc.ptr());
}

[[noreturn]] void throw_usage(const std::string& what) { throw Error(ErrorKind::Usage, what); }

/// Rethrows a query error with its position as a str index into `query`.
[[noreturn]] void rethrow_with_position(const Error& e, const std::string& query) {
    if (e.kind() != ErrorKind::Query) throw;
    Offsets at(query);
    throw PositionedError{e.kind(), e.what(), at(e.position()), e.position()};
}

// ---------------------------------------------------------------------------------------------
// Result objects: immutable, every text a str, every offset a str index.

enum Field : unsigned {
    F_ID, F_RANK, F_SCORE, F_DATE, F_TITLE, F_TITLE_HIGHLIGHTS, F_SOURCE, F_AUTHOR, F_URL, F_LANG, F_TAGS,
    F_DUPLICATES, F_PASSAGES, F_BODY, F_COUNT
};
constexpr std::array<const char*, F_COUNT> field_names{"id", "rank", "score", "date", "title", "title_highlights",
                                                      "source", "author", "url", "lang", "tags", "duplicates",
                                                      "passages", "body"};
constexpr unsigned default_fields = ((1u << F_COUNT) - 1) & ~(1u << F_BODY); // lede-search --json's

unsigned parse_fields(const std::vector<std::string>& names) {
    unsigned mask = 0;
    for (const auto& n : names) {
        std::size_t i = 0;
        while (i < F_COUNT && n != field_names[i]) ++i;
        if (i == F_COUNT) {
            std::string known;
            for (auto k : field_names) known += (known.empty() ? "" : ", ") + std::string(k);
            throw_usage("unknown field '" + n + "' (known: " + known + ")");
        }
        mask |= 1u << i;
    }
    return mask;
}

struct PyPassage {
    py::str text;
    py::list highlights; // [(start, end)] str indices into text
    std::size_t begin = 0, end = 0; // str indices into the article's body
    bool lead = false;

    py::dict to_dict() const {
        py::dict d;
        d["text"] = text;
        d["highlights"] = spans_as_lists(highlights);
        d["begin"] = begin;
        d["end"] = end;
        d["lead"] = lead;
        return d;
    }
};

struct PyArticleFields {
    py::str id, title, body, date, source, author, url, lang;
    py::list tags;

    void fill(const Article& a) {
        id = to_str(a.id);
        title = to_str(a.title);
        body = to_str(a.body);
        date = to_str(a.date);
        source = to_str(a.source);
        author = to_str(a.author);
        url = to_str(a.url);
        lang = to_str(a.lang);
        tags = str_list(a.tags);
    }
    void put(py::dict& d) const {
        d["id"] = id;
        d["title"] = title;
        d["body"] = body;
        d["date"] = date;
        d["source"] = source;
        d["author"] = author;
        d["url"] = url;
        d["lang"] = lang;
        d["tags"] = py::list(tags);
    }
};

struct PyHit : PyArticleFields {
    std::size_t rank = 0;
    double score = 0;
    std::size_t duplicates = 0;
    py::list title_highlights;
    py::list passages;
    unsigned fields = default_fields;

    py::dict to_dict() const {
        py::dict d;
        for (unsigned i = 0; i < F_COUNT; ++i) {
            if (!(fields & (1u << i))) continue;
            const char* k = field_names[i];
            switch (static_cast<Field>(i)) {
            case F_ID: d[k] = id; break;
            case F_RANK: d[k] = rank; break;
            case F_SCORE: d[k] = score; break;
            case F_DATE: d[k] = date; break;
            case F_TITLE: d[k] = title; break;
            case F_TITLE_HIGHLIGHTS: d[k] = spans_as_lists(title_highlights); break;
            case F_SOURCE: d[k] = source; break;
            case F_AUTHOR: d[k] = author; break;
            case F_URL: d[k] = url; break;
            case F_LANG: d[k] = lang; break;
            case F_TAGS: d[k] = py::list(tags); break;
            case F_DUPLICATES: d[k] = duplicates; break;
            case F_PASSAGES: {
                py::list ps(passages.size());
                for (std::size_t j = 0; j < passages.size(); ++j) ps[j] = passages[j].cast<const PyPassage&>().to_dict();
                d[k] = ps;
                break;
            }
            case F_BODY: d[k] = body; break;
            case F_COUNT: break;
            }
        }
        return d;
    }
};

struct PyArticle : PyArticleFields {
    py::list title_highlights, body_highlights;
    py::list copies; // [PyArticle]

    py::dict to_dict() const {
        py::dict d;
        put(d);
        d["title_highlights"] = spans_as_lists(title_highlights);
        d["body_highlights"] = spans_as_lists(body_highlights);
        py::list cs(copies.size());
        for (std::size_t j = 0; j < copies.size(); ++j) cs[j] = copies[j].cast<const PyArticle&>().to_dict();
        d["copies"] = cs;
        return d;
    }
};

struct PyCorrection {
    std::size_t begin = 0, end = 0; // str indices into the query
    py::str from, to;
};

struct PySuggestion {
    py::str query;
    std::uint64_t matches_estimated = 0;
    py::list corrections; // [PyCorrection]

    py::dict to_dict() const {
        py::dict d;
        d["query"] = query;
        d["matches_estimated"] = matches_estimated;
        py::list cs(corrections.size());
        for (std::size_t j = 0; j < corrections.size(); ++j) {
            const auto& c = corrections[j].cast<const PyCorrection&>();
            py::dict cd;
            cd["begin"] = c.begin;
            cd["end"] = c.end;
            cd["from"] = c.from;
            cd["to"] = c.to;
            cs[j] = cd;
        }
        d["corrections"] = cs;
        return d;
    }
};

struct PyFacet {
    py::str name;
    py::list values; // [(value, count)]
    std::size_t distinct = 0;
    std::uint64_t missing = 0;

    py::dict to_dict() const {
        py::dict d;
        d["name"] = name;
        py::list vs(values.size());
        for (std::size_t j = 0; j < values.size(); ++j) {
            py::tuple t = values[j];
            py::dict v;
            v["value"] = t[0];
            v["count"] = t[1];
            vs[j] = v;
        }
        d["values"] = vs;
        d["distinct"] = distinct;
        d["missing"] = missing;
        return d;
    }
};

struct PyTimeline {
    py::str unit;
    py::list buckets; // [(period, count)]
    std::uint64_t undated = 0;
    bool exact = false;

    py::dict to_dict() const {
        py::dict d;
        d["unit"] = unit;
        d["exact"] = exact;
        d["undated"] = undated;
        py::list bs(buckets.size());
        for (std::size_t j = 0; j < buckets.size(); ++j) {
            py::tuple t = buckets[j];
            py::dict b;
            b["period"] = t[0];
            b["count"] = t[1];
            bs[j] = b;
        }
        d["buckets"] = bs;
        return d;
    }
};

struct PyCounts {
    std::uint64_t lower = 0, estimated = 0, upper = 0;
    bool exact = false;
};

struct PyResults {
    py::str query, parsed, like;
    py::list hits; // [PyHit]
    std::size_t offset = 0;
    double seconds = 0;
    PyCounts counts;
    py::object did_you_mean = py::none(); // PySuggestion or None
    py::dict facets;                      // name -> PyFacet, in the engine's order
    py::object timeline = py::none();     // PyTimeline or None
    bool facets_exact = false;
    std::uint64_t facets_counted = 0;
    py::list unavailable_shards;
    bool all_words = false;               // juxtaposed words were all required (summary "operator")
    bool relaxed = false;                 // no article had them all: the hits have most of them
    unsigned words_missing = 0;

    /// The summary object of lede-search --json (docs/json.md), keys in the same order.
    py::dict summary() const {
        py::dict s;
        s["query"] = query;
        s["parsed"] = parsed;
        s["offset"] = offset;
        s["returned"] = hits.size();
        s["matches_lower_bound"] = counts.lower;
        s["matches_estimated"] = counts.estimated;
        s["matches_upper_bound"] = counts.upper;
        s["counts_exact"] = counts.exact;
        s["operator"] = all_words ? "and" : "or";
        s["relaxed"] = relaxed;
        s["seconds"] = seconds;
        if (relaxed) s["words_missing"] = words_missing;
        if (py::len(like) > 0) s["like"] = like;
        if (py::len(unavailable_shards) > 0) {
            s["partial"] = true;
            s["unavailable_shards"] = py::list(unavailable_shards);
        }
        if (!did_you_mean.is_none()) s["did_you_mean"] = did_you_mean.cast<const PySuggestion&>().to_dict();
        if (py::len(facets) > 0) {
            py::dict f;
            f["exact"] = facets_exact;
            f["counted"] = facets_counted;
            py::list fs;
            for (auto item : facets) fs.append(item.second.cast<const PyFacet&>().to_dict());
            f["fields"] = fs;
            s["facets"] = f;
        }
        if (!timeline.is_none()) s["timeline"] = timeline.cast<const PyTimeline&>().to_dict();
        s["format_version"] = 1;
        return s;
    }

    py::dict to_dict() const {
        py::dict d;
        d["query"] = query;
        py::list hs(hits.size());
        for (std::size_t j = 0; j < hits.size(); ++j) hs[j] = hits[j].cast<const PyHit&>().to_dict();
        d["hits"] = hs;
        d["summary"] = summary();
        return d;
    }
};

py::object convert_article(const Article& a, const std::vector<Span>& title_hl, const std::vector<Span>& body_hl) {
    PyArticle out;
    out.fill(a);
    out.title_highlights = spans(title_hl, a.title);
    out.body_highlights = spans(body_hl, a.body);
    return py::cast(std::move(out));
}

py::object convert_results(Results&& r, const std::string& query, unsigned fields) {
    PyResults out;
    out.query = to_str(query);
    out.parsed = to_str(r.parsed);
    out.offset = r.offset;
    out.seconds = r.seconds;
    out.counts = PyCounts{r.matches_lower_bound, r.matches_estimated, r.matches_upper_bound, r.counts_exact};
    out.all_words = r.all_words;
    out.relaxed = r.relaxed;
    out.words_missing = r.words_missing;
    py::list hits(r.hits.size());
    for (std::size_t i = 0; i < r.hits.size(); ++i) {
        const Hit& h = r.hits[i];
        PyHit ph;
        ph.fill(h.article);
        ph.rank = h.rank;
        ph.score = h.score;
        ph.duplicates = h.duplicates;
        ph.fields = fields;
        ph.title_highlights = spans(h.title_highlights, h.article.title);
        Offsets in_body(h.article.body);
        py::list ps(h.passages.size());
        for (std::size_t j = 0; j < h.passages.size(); ++j) {
            const Passage& p = h.passages[j];
            PyPassage pp;
            pp.text = to_str(p.text);
            pp.highlights = spans(p.highlights, p.text);
            pp.begin = in_body(p.begin);
            pp.end = in_body(p.end);
            pp.lead = p.lead;
            ps[j] = py::cast(std::move(pp));
        }
        ph.passages = std::move(ps);
        hits[i] = py::cast(std::move(ph));
    }
    out.hits = std::move(hits);
    if (r.did_you_mean) {
        PySuggestion sg;
        sg.query = to_str(r.did_you_mean->query);
        sg.matches_estimated = r.did_you_mean->matches_estimated;
        Offsets in_query(query);
        for (const auto& c : r.did_you_mean->corrections) {
            PyCorrection pc;
            pc.begin = in_query(c.begin);
            pc.end = in_query(c.end);
            pc.from = to_str(c.from);
            pc.to = to_str(c.to);
            sg.corrections.append(py::cast(std::move(pc)));
        }
        out.did_you_mean = py::cast(std::move(sg));
    }
    for (const auto& f : r.facets) {
        PyFacet pf;
        pf.name = to_str(f.name);
        for (const auto& v : f.values) pf.values.append(py::make_tuple(to_str(v.value), v.count));
        pf.distinct = f.distinct;
        pf.missing = f.missing;
        py::str name = pf.name; // (the right side of = is evaluated first, and moves pf)
        out.facets[name] = py::cast(std::move(pf));
    }
    if (r.timeline) {
        PyTimeline t;
        t.unit = to_str(r.timeline->unit);
        for (const auto& b : r.timeline->buckets) t.buckets.append(py::make_tuple(to_str(b.period), b.count));
        t.undated = r.timeline->undated;
        t.exact = r.facets_exact;
        out.timeline = py::cast(std::move(t));
    }
    out.facets_exact = r.facets_exact;
    out.facets_counted = r.facets_counted;
    out.unavailable_shards = str_list(r.unavailable_shards);
    return py::cast(std::move(out));
}

// ---------------------------------------------------------------------------------------------
// The searcher and the indexer. Each holds one API object behind a mutex (the API objects are not
// thread-safe); the GIL is released before the mutex is taken, so other Python threads run (and
// other Index objects search) while one searches.

class PySearcher {
public:
    PySearcher(const std::string& path, bool allow_partial) : m_path(path) {
        py::gil_scoped_release nogil;
        m_searcher = std::make_unique<Searcher>(path, Ranking{}, allow_partial);
    }

    py::object search(const std::string& text, long long limit, long long offset, const std::string& sort,
                      const std::string& since, const std::string& until, py::object fields, long long passages,
                      long long passage_width, bool facets, const std::string& timeline, bool literal,
                      bool all_words, double recency, bool collapse, bool exact_count, bool suggest,
                      const std::string& like) {
        Query q;
        q.text = text;
        q.literal = literal;
        q.all_words = all_words;
        if (limit < 0) throw_usage("limit must be >= 0");
        if (offset < 0) throw_usage("offset must be >= 0");
        q.limit = static_cast<std::size_t>(limit);
        q.offset = static_cast<std::size_t>(offset);
        if (sort == "relevance") q.sort = Sort::Relevance;
        else if (sort == "newest") q.sort = Sort::Newest;
        else if (sort == "oldest") q.sort = Sort::Oldest;
        else throw_usage("sort must be 'relevance', 'newest' or 'oldest', not '" + sort + "'");
        if (recency < 0) throw_usage("recency must be a number of days >= 0");
        q.recency_half_life = recency;
        q.since = since;
        q.until = until;
        q.collapse = collapse;
        q.exact_count = exact_count;
        unsigned mask = default_fields;
        if (!fields.is_none()) mask = parse_fields(fields.cast<std::vector<std::string>>());
        if (passages < 0 || passages > 100) throw_usage("passages must be from 0 to 100");
        // As lede-search: passages is --passages-per-hit (0: title highlights only), and fields
        // without passages and title_highlights skip the work altogether.
        q.passages = (mask & ((1u << F_PASSAGES) | (1u << F_TITLE_HIGHLIGHTS))) != 0;
        q.passages_per_hit = static_cast<std::size_t>(passages);
        if (passage_width != 0) {
            if (passage_width < 20 || passage_width > 10000) throw_usage("passage_width must be from 20 to 10000");
            q.passage_width = static_cast<std::size_t>(passage_width);
        }
        q.facets = facets;
        q.timeline = timeline;
        q.suggest = suggest;
        q.like = like;
        Results r;
        {
            py::gil_scoped_release nogil;
            std::lock_guard<std::mutex> lock(m_mutex);
            try {
                r = searcher().search(q);
            } catch (const Error& e) {
                rethrow_with_position(e, text);
            }
        }
        py::object out = convert_results(std::move(r), text, mask);
        if (!like.empty()) out.cast<PyResults&>().like = to_str(like);
        return out;
    }

    py::object article(const std::string& id, const std::string& highlight, bool literal, bool all_words) {
        Query q;
        q.text = highlight;
        q.literal = literal;
        q.all_words = all_words;
        std::optional<ArticleView> view;
        {
            py::gil_scoped_release nogil;
            std::lock_guard<std::mutex> lock(m_mutex);
            try {
                view = searcher().article(id, q);
            } catch (const Error& e) {
                rethrow_with_position(e, highlight);
            }
        }
        if (!view) return py::none();
        py::object out = convert_article(view->article, view->title_highlights, view->body_highlights);
        auto& pa = out.cast<PyArticle&>();
        for (const auto& c : view->copies) pa.copies.append(convert_article(c, {}, {}));
        return out;
    }

    std::string describe(const std::string& text, bool literal, bool all_words) {
        Query q;
        q.text = text;
        q.literal = literal;
        q.all_words = all_words;
        py::gil_scoped_release nogil;
        std::lock_guard<std::mutex> lock(m_mutex);
        try {
            return searcher().describe(q);
        } catch (const Error& e) {
            rethrow_with_position(e, text);
        }
    }

    void reopen() {
        py::gil_scoped_release nogil;
        std::lock_guard<std::mutex> lock(m_mutex);
        searcher().reopen();
    }

    std::uint64_t document_count() {
        py::gil_scoped_release nogil;
        std::lock_guard<std::mutex> lock(m_mutex);
        return searcher().document_count();
    }

    std::vector<std::string> unavailable_shards() {
        std::lock_guard<std::mutex> lock(m_mutex);
        return searcher().unavailable_shards();
    }

    void close() {
        std::unique_ptr<Searcher> gone;
        {
            py::gil_scoped_release nogil;
            std::lock_guard<std::mutex> lock(m_mutex);
            gone = std::move(m_searcher);
            gone.reset();
        }
    }

    bool closed() const { return !m_searcher; }
    const std::string& path() const { return m_path; }

private:
    Searcher& searcher() {
        if (!m_searcher) throw_usage("the index '" + m_path + "' is closed");
        return *m_searcher;
    }

    std::string m_path;
    std::unique_ptr<Searcher> m_searcher;
    std::mutex m_mutex;
};

/// lede-index --stats as a dict (the "data" object of its --json line).
py::dict index_stats(const std::string& path) {
    lede::IndexSummary s;
    {
        py::gil_scoped_release nogil;
        try {
            s = lede::summarize_index(path);
        } catch (...) {
            detail::rethrow_as_api_error();
        }
    }
    py::dict d;
    d["index"] = to_str(s.path);
    d["articles"] = s.articles;
    d["terms"] = s.terms;
    py::dict langs;
    for (const auto& [lang, n] : s.languages) langs[to_str(lang)] = n;
    d["languages"] = langs;
    d["first_date"] = to_str(s.first_date);
    d["last_date"] = to_str(s.last_date);
    d["undated"] = s.undated;
    py::list sources;
    for (const auto& [name, n] : s.sources) {
        py::dict e;
        e["source"] = to_str(name);
        e["articles"] = n;
        sources.append(e);
    }
    d["sources"] = sources;
    d["files"] = s.files;
    d["disk_bytes"] = s.disk_bytes;
    return d;
}

std::string text_value(const py::handle& v, const char* key) {
    if (v.is_none()) return {};
    if (py::isinstance<py::str>(v)) {
        // Lone surrogates (a str decoded with surrogateescape, say) pass as the invalid UTF-8 they
        // are; Indexer::add then replaces them with U+FFFD and warns, as lede-index does for its input.
        py::object bytes = py::reinterpret_steal<py::object>(PyUnicode_AsEncodedString(v.ptr(), "utf-8", "surrogatepass"));
        if (!bytes) throw py::error_already_set();
        return std::string(PyBytes_AS_STRING(bytes.ptr()), static_cast<std::size_t>(PyBytes_GET_SIZE(bytes.ptr())));
    }
    throw py::type_error(std::string("article key '") + key + "' must be a str, not " +
                         std::string(py::str(py::type::handle_of(v).attr("__name__"))));
}

/// A dict (or any mapping) -> Article. Unknown keys are refused: a typo must not lose a field.
Article article_from(const py::handle& obj) {
    if (!py::isinstance<py::dict>(obj) && !py::hasattr(obj, "items"))
        throw py::type_error("an article is a dict with the keys id, title, body, date, source, author, url, lang, tags");
    Article a;
    py::object items = obj.attr("items")();
    for (auto kv : items) {
        py::tuple pair = py::reinterpret_borrow<py::tuple>(kv);
        if (!py::isinstance<py::str>(pair[0])) throw py::type_error("article keys must be str");
        const std::string key = pair[0].cast<std::string>();
        py::handle v = pair[1];
        if (key == "id") a.id = text_value(v, "id");
        else if (key == "title") a.title = text_value(v, "title");
        else if (key == "body") a.body = text_value(v, "body");
        else if (key == "date") {
            // A datetime.date or datetime.datetime is written as ISO 8601.
            if (!v.is_none() && !py::isinstance<py::str>(v) && py::hasattr(v, "isoformat"))
                a.date = v.attr("isoformat")().cast<std::string>();
            else a.date = text_value(v, "date");
        } else if (key == "source") a.source = text_value(v, "source");
        else if (key == "author") a.author = text_value(v, "author");
        else if (key == "url") a.url = text_value(v, "url");
        else if (key == "lang") a.lang = text_value(v, "lang");
        else if (key == "tags") {
            if (v.is_none()) continue;
            if (py::isinstance<py::str>(v) || !py::isinstance<py::iterable>(v))
                throw py::type_error("article key 'tags' must be a list of str");
            for (auto t : v) a.tags.push_back(text_value(t, "tags"));
        } else
            throw_usage("unknown article key '" + key +
                        "' (known: id, title, body, date, source, author, url, lang, tags)");
    }
    return a;
}

struct PyReport {
    std::size_t added = 0, updated = 0, unchanged = 0, deleted = 0;
    std::vector<std::string> warnings;
    std::uint64_t documents = 0;

    static PyReport of(const IndexReport& r) {
        return PyReport{r.added, r.updated, r.unchanged, r.deleted, r.warnings, r.documents};
    }
    py::dict to_dict() const {
        py::dict d;
        d["added"] = added;
        d["updated"] = updated;
        d["unchanged"] = unchanged;
        d["deleted"] = deleted;
        d["warnings"] = str_list(warnings);
        d["documents"] = documents;
        return d;
    }
};

class PyIndexer {
public:
    PyIndexer(const std::string& path, double wait, long long commit_every, bool spelling) : m_path(path) {
        if (wait < 0) throw_usage("wait must be a number of seconds >= 0");
        if (commit_every < 1) throw_usage("commit_every must be >= 1");
        IndexSettings s;
        s.wait_seconds = wait;
        s.commit_every = static_cast<std::size_t>(commit_every);
        s.spelling = spelling;
        py::gil_scoped_release nogil;
        m_indexer = std::make_unique<Indexer>(path, s);
    }

    void add(const py::handle& obj) {
        Article a = article_from(obj);
        py::gil_scoped_release nogil;
        std::lock_guard<std::mutex> lock(m_mutex);
        indexer().add(std::move(a));
    }

    /// Articles from any iterable, converted a batch at a time and indexed with the GIL released.
    std::size_t add_many(const py::iterable& articles) {
        std::size_t n = 0;
        std::vector<Article> batch;
        auto flush = [&] {
            py::gil_scoped_release nogil;
            std::lock_guard<std::mutex> lock(m_mutex);
            for (auto& a : batch) indexer().add(std::move(a));
            batch.clear();
        };
        for (auto obj : articles) {
            batch.push_back(article_from(obj));
            ++n;
            if (batch.size() >= 256) flush();
        }
        if (!batch.empty()) flush();
        return n;
    }

    bool remove(const std::string& id) {
        py::gil_scoped_release nogil;
        std::lock_guard<std::mutex> lock(m_mutex);
        return indexer().remove(id);
    }

    PyReport commit() {
        py::gil_scoped_release nogil;
        std::lock_guard<std::mutex> lock(m_mutex);
        return PyReport::of(indexer().commit());
    }

    PyReport report() {
        std::lock_guard<std::mutex> lock(m_mutex);
        return PyReport::of(indexer().report());
    }

    /// Commits what is pending (checked, unlike the C++ destructor) and releases the lock.
    void close(bool commit) {
        py::gil_scoped_release nogil;
        std::lock_guard<std::mutex> lock(m_mutex);
        if (!m_indexer) return;
        if (commit) m_indexer->commit();
        m_indexer.reset();
    }

    bool closed() const { return !m_indexer; }
    const std::string& path() const { return m_path; }

private:
    Indexer& indexer() {
        if (!m_indexer) throw_usage("the writer of '" + m_path + "' is closed");
        return *m_indexer;
    }

    std::string m_path;
    std::unique_ptr<Indexer> m_indexer;
    std::mutex m_mutex;
};

} // namespace

PYBIND11_MODULE(_lede, m) {
    m.doc() = "Lede's C++ API for Python (use the lede package, not this module)";
    m.attr("version") = version();

    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const PositionedError& e) {
            raise_lede_error(e.kind, e.message, py::int_(e.position), py::int_(e.byte_position));
        } catch (const Error& e) {
            if (e.kind() == ErrorKind::Query) raise_lede_error(e.kind(), e.what(), py::none(), py::int_(e.position()));
            else raise_lede_error(e.kind(), e.what(), py::none(), py::none());
        }
    });

    py::class_<PyPassage>(m, "Passage")
        .def_readonly("text", &PyPassage::text)
        .def_readonly("highlights", &PyPassage::highlights)
        .def_readonly("begin", &PyPassage::begin)
        .def_readonly("end", &PyPassage::end)
        .def_readonly("lead", &PyPassage::lead)
        .def("to_dict", &PyPassage::to_dict)
        .def("__repr__", [](const PyPassage& p) {
            return "Passage(" + std::string(py::repr(p.text)) + ", highlights=" + std::string(py::repr(p.highlights)) + ")";
        });

    py::class_<PyHit>(m, "Hit")
        .def_readonly("id", &PyHit::id)
        .def_readonly("rank", &PyHit::rank)
        .def_readonly("score", &PyHit::score)
        .def_readonly("date", &PyHit::date)
        .def_readonly("title", &PyHit::title)
        .def_readonly("title_highlights", &PyHit::title_highlights)
        .def_readonly("source", &PyHit::source)
        .def_readonly("author", &PyHit::author)
        .def_readonly("url", &PyHit::url)
        .def_readonly("lang", &PyHit::lang)
        .def_readonly("tags", &PyHit::tags)
        .def_readonly("duplicates", &PyHit::duplicates)
        .def_readonly("passages", &PyHit::passages)
        .def_readonly("body", &PyHit::body)
        .def("to_dict", &PyHit::to_dict)
        .def("__repr__", [](const PyHit& h) {
            return "Hit(rank=" + std::to_string(h.rank) + ", id=" + std::string(py::repr(h.id)) +
                   ", score=" + std::string(py::repr(py::float_(h.score))) + ", title=" + std::string(py::repr(h.title)) + ")";
        });

    py::class_<PyArticle>(m, "Article")
        .def_readonly("id", &PyArticle::id)
        .def_readonly("title", &PyArticle::title)
        .def_readonly("body", &PyArticle::body)
        .def_readonly("date", &PyArticle::date)
        .def_readonly("source", &PyArticle::source)
        .def_readonly("author", &PyArticle::author)
        .def_readonly("url", &PyArticle::url)
        .def_readonly("lang", &PyArticle::lang)
        .def_readonly("tags", &PyArticle::tags)
        .def_readonly("title_highlights", &PyArticle::title_highlights)
        .def_readonly("body_highlights", &PyArticle::body_highlights)
        .def_readonly("copies", &PyArticle::copies)
        .def("to_dict", &PyArticle::to_dict)
        .def("__repr__", [](const PyArticle& a) {
            return "Article(id=" + std::string(py::repr(a.id)) + ", title=" + std::string(py::repr(a.title)) + ")";
        });

    py::class_<PyCorrection>(m, "Correction")
        .def_readonly("begin", &PyCorrection::begin)
        .def_readonly("end", &PyCorrection::end)
        .def_readonly("from_", &PyCorrection::from)
        .def_readonly("to", &PyCorrection::to)
        .def("__repr__", [](const PyCorrection& c) {
            return "Correction(" + std::string(py::repr(c.from)) + " -> " + std::string(py::repr(c.to)) + ")";
        });

    py::class_<PySuggestion>(m, "Suggestion")
        .def_readonly("query", &PySuggestion::query)
        .def_readonly("matches_estimated", &PySuggestion::matches_estimated)
        .def_readonly("corrections", &PySuggestion::corrections)
        .def("to_dict", &PySuggestion::to_dict)
        .def("__str__", [](const PySuggestion& s) { return s.query; })
        .def("__repr__", [](const PySuggestion& s) { return "Suggestion(" + std::string(py::repr(s.query)) + ")"; });

    py::class_<PyFacet>(m, "Facet")
        .def_readonly("name", &PyFacet::name)
        .def_readonly("values", &PyFacet::values)
        .def_readonly("distinct", &PyFacet::distinct)
        .def_readonly("missing", &PyFacet::missing)
        .def("to_dict", &PyFacet::to_dict)
        .def("__repr__", [](const PyFacet& f) {
            return "Facet(" + std::string(py::repr(f.name)) + ", " + std::to_string(f.distinct) + " distinct)";
        });

    py::class_<PyTimeline>(m, "Timeline")
        .def_readonly("unit", &PyTimeline::unit)
        .def_readonly("buckets", &PyTimeline::buckets)
        .def_readonly("undated", &PyTimeline::undated)
        .def_readonly("exact", &PyTimeline::exact)
        .def("to_dict", &PyTimeline::to_dict)
        .def("__repr__", [](const PyTimeline& t) {
            return "Timeline(" + std::string(py::repr(t.unit)) + ", " + std::to_string(t.buckets.size()) + " periods)";
        });

    py::class_<PyCounts>(m, "Counts")
        .def_readonly("lower", &PyCounts::lower)
        .def_readonly("estimated", &PyCounts::estimated)
        .def_readonly("upper", &PyCounts::upper)
        .def_readonly("exact", &PyCounts::exact)
        .def("__iter__", [](const PyCounts& c) { return py::iter(py::make_tuple(c.lower, c.estimated, c.upper)); })
        .def("__eq__", [](const PyCounts& a, const PyCounts& b) {
            return a.lower == b.lower && a.estimated == b.estimated && a.upper == b.upper && a.exact == b.exact;
        })
        .def("__repr__", [](const PyCounts& c) {
            return "Counts(lower=" + std::to_string(c.lower) + ", estimated=" + std::to_string(c.estimated) +
                   ", upper=" + std::to_string(c.upper) + ", exact=" + (c.exact ? "True" : "False") + ")";
        });

    py::class_<PyResults>(m, "Results")
        .def_readonly("query", &PyResults::query)
        .def_readonly("hits", &PyResults::hits)
        .def_readonly("counts", &PyResults::counts)
        .def_property_readonly("matches_lower_bound", [](const PyResults& r) { return r.counts.lower; })
        .def_property_readonly("matches_estimated", [](const PyResults& r) { return r.counts.estimated; })
        .def_property_readonly("matches_upper_bound", [](const PyResults& r) { return r.counts.upper; })
        .def_property_readonly("counts_exact", [](const PyResults& r) { return r.counts.exact; })
        .def_property_readonly("relaxed", [](const PyResults& r) { return r.relaxed; })
        .def_readonly("parsed", &PyResults::parsed)
        .def_readonly("offset", &PyResults::offset)
        .def_readonly("seconds", &PyResults::seconds)
        .def_readonly("did_you_mean", &PyResults::did_you_mean)
        .def_readonly("facets", &PyResults::facets)
        .def_readonly("timeline", &PyResults::timeline)
        .def_readonly("facets_exact", &PyResults::facets_exact)
        .def_readonly("facets_counted", &PyResults::facets_counted)
        .def_readonly("unavailable_shards", &PyResults::unavailable_shards)
        .def("summary", &PyResults::summary)
        .def("to_dict", &PyResults::to_dict)
        .def("__len__", [](const PyResults& r) { return r.hits.size(); })
        .def("__iter__", [](const PyResults& r) { return py::iter(r.hits); })
        .def("__getitem__", [](const PyResults& r, py::object i) { return r.hits[i]; })
        .def("__repr__", [](const PyResults& r) {
            return "Results(" + std::string(py::repr(r.query)) + ", " + std::to_string(r.hits.size()) + " hits of about " +
                   std::to_string(r.counts.estimated) + ")";
        });

    py::class_<PyReport>(m, "WriteReport")
        .def_readonly("added", &PyReport::added)
        .def_readonly("updated", &PyReport::updated)
        .def_readonly("unchanged", &PyReport::unchanged)
        .def_readonly("deleted", &PyReport::deleted)
        .def_readonly("warnings", &PyReport::warnings)
        .def_readonly("documents", &PyReport::documents)
        .def("to_dict", &PyReport::to_dict)
        .def("__repr__", [](const PyReport& r) {
            return "WriteReport(added=" + std::to_string(r.added) + ", updated=" + std::to_string(r.updated) +
                   ", unchanged=" + std::to_string(r.unchanged) + ", deleted=" + std::to_string(r.deleted) +
                   ", documents=" + std::to_string(r.documents) + ")";
        });

    py::class_<PySearcher>(m, "Searcher")
        .def(py::init<const std::string&, bool>(), py::arg("path"), py::arg("allow_partial") = false)
        .def("search", &PySearcher::search, py::arg("query"), py::arg("limit"), py::arg("offset"), py::arg("sort"),
             py::arg("since"), py::arg("until"), py::arg("fields"), py::arg("passages"), py::arg("passage_width"),
             py::arg("facets"), py::arg("timeline"), py::arg("literal"), py::arg("all_words"), py::arg("recency"),
             py::arg("collapse"), py::arg("exact_count"), py::arg("suggest"), py::arg("like"))
        .def("article", &PySearcher::article, py::arg("id"), py::arg("highlight"), py::arg("literal"), py::arg("all_words"))
        .def("describe", &PySearcher::describe, py::arg("query"), py::arg("literal"), py::arg("all_words"))
        .def("reopen", &PySearcher::reopen)
        .def("document_count", &PySearcher::document_count)
        .def("unavailable_shards", &PySearcher::unavailable_shards)
        .def("close", &PySearcher::close)
        .def_property_readonly("closed", &PySearcher::closed)
        .def_property_readonly("path", &PySearcher::path);

    py::class_<PyIndexer>(m, "Indexer")
        .def(py::init<const std::string&, double, long long, bool>(), py::arg("path"), py::arg("wait"),
             py::arg("commit_every"), py::arg("spelling"))
        .def("add", &PyIndexer::add, py::arg("article"))
        .def("add_many", &PyIndexer::add_many, py::arg("articles"))
        .def("remove", &PyIndexer::remove, py::arg("id"))
        .def("commit", &PyIndexer::commit)
        .def("report", &PyIndexer::report)
        .def("close", &PyIndexer::close, py::arg("commit"))
        .def_property_readonly("closed", &PyIndexer::closed)
        .def_property_readonly("path", &PyIndexer::path);

    m.def("index_stats", &index_stats, py::arg("path"));
    m.def("allow_remote_programs", &allow_remote_programs, py::arg("allowed"));
}

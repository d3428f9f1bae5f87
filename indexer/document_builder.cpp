// SPDX-License-Identifier: MIT
// Terms, positions, values and stored data for one article.
#include "document_builder.hpp"

#include "date.hpp"
#include "language.hpp"
#include "schema.hpp"
#include "terminal_text.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>

namespace lede {
namespace {

std::string cat(std::string_view prefix, const std::string& term) {
    std::string t;
    t.reserve(prefix.size() + term.size());
    t.append(prefix);
    t.append(term);
    return t;
}

std::uint64_t fnv1a(std::uint64_t h, std::string_view s) {
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return h;
}

} // namespace

std::string url_host(std::string_view url) {
    auto scheme = url.find("://");
    if (scheme != std::string_view::npos) url.remove_prefix(scheme + 3);
    auto end = url.find_first_of("/?#");
    std::string_view host = url.substr(0, end);
    if (auto at = host.rfind('@'); at != std::string_view::npos) host.remove_prefix(at + 1);
    if (auto colon = host.find(':'); colon != std::string_view::npos) host = host.substr(0, colon);
    std::string out;
    for (char c : host) out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (out.rfind("www.", 0) == 0) out.erase(0, 4);
    if (out.find('.') == std::string::npos) return {};
    return out;
}

bool prepare_article(Article& a, std::string& problem) {
    // Last of all decoding (charsets, HTML entities, JSON escapes): no control character is stored.
    for (std::string* s : {&a.id, &a.title, &a.date, &a.source, &a.author, &a.url, &a.lang}) clean_field(*s, false);
    clean_field(a.body, true);
    for (auto& t : a.tags) clean_field(t, false);
    if (a.id.empty()) a.id = a.origin;
    a.lang = normalize_language_code(a.lang);
    if (a.lang.empty()) a.lang = detect_language(a.title + "\n" + a.body);
    if (!a.date.empty()) {
        const auto d = parse_date(a.date);
        if (!d) {
            problem = "unparseable date '" + a.date + "' ignored";
            a.date.clear();
            return false;
        }
        // A date more than a year after the indexing day is a typo or a sender's broken clock
        // (real mail has "30 Jun 3609"): kept, it would head every --sort newest and stretch
        // --timeline over centuries. The year spares embargoed and scheduled items.
        const long today = today_utc().days_since_epoch();
        if (d->days_since_epoch() > today + max_days_ahead) {
            problem = "date '" + a.date + "' is more than a year after today (" + date_from_days(today).iso() +
                      "): stored without a date";
            a.date.clear();
            return false;
        }
        a.date = d->iso();
    }
    return true;
}

bool is_spelling_term(std::string_view term) {
    if (term.size() < 2 || term.size() > 40) return false;
    if (term[0] >= 'A' && term[0] <= 'Z') return false; // a prefixed (field or boolean) term
    for (unsigned char c : term)
        if ((c >= '0' && c <= '9') || c == '.' || c == '_') return false;
    return !is_bigram_script_term(term);
}

void spelling_words_of(const Xapian::Document& doc, std::vector<std::string>& words) {
    words.clear();
    // Prefixed terms (upper-case ASCII first) sort between digits and lower-case words: the whole
    // list (some 150 terms for a news article) is walked.
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        std::string term = *t;
        if (is_spelling_term(term)) words.push_back(std::move(term));
    }
}

Xapian::Document DocumentBuilder::build(const Article& a, BuildReport* report,
                                         std::vector<std::string>* spelling_words) const {
    Xapian::Document doc;
    const std::string& lang = a.lang;
    const bool stems = Analyzer::has_stemmer(lang);

    auto index_words = [&](const Token& t, std::string_view field_prefix, bool also_plain) {
        if (also_plain) doc.add_posting(t.term, t.pos + 1);
        if (!field_prefix.empty()) doc.add_posting(cat(field_prefix, t.term), t.pos + 1);
        if (t.kind == TokenKind::Word) {
            std::string stem = stems ? m_analyzer.stem(t.term, lang) : t.term;
            std::string zterm;
            zterm.reserve(1 + field_prefix.size() + stem.size());
            zterm.append(schema::prefix::stem);
            if (also_plain) doc.add_term(zterm + stem);
            if (!field_prefix.empty()) doc.add_term(zterm.append(field_prefix).append(stem));
        }
        // Accent forms of title and body words only: =café must not match an author's name.
        if (also_plain && !t.accent_form.empty()) doc.add_term(cat(schema::prefix::accent, t.accent_form));
    };

    // The duplicate key hashes the analyzed words as they stream by: copies that differ only in
    // spacing, case or accents collapse together.
    std::uint64_t dup = 1469598103934665603ULL;
    bool any_words = false;
    auto hash_token = [&](const Token& t) {
        if (t.alias || t.kind == TokenKind::CjkChar) return;
        dup = fnv1a(fnv1a(dup, t.term), " ");
        any_words = true;
    };
    // Words written in capitals (acronyms: =US), once per article as a term of wdf 0, so that
    // article lengths and ranking stay as they were; none from a text that shouts (mostly capitals).
    std::vector<std::string> capitals;
    CapitalsCount count;
    auto note_capitals = [&](const Token& t, std::string_view text) {
        if (t.alias || t.kind != TokenKind::Word) return;
        const std::string_view written = text.substr(t.begin, t.end - t.begin);
        count.add(written);
        if (is_capitals(written)) capitals.push_back(t.term);
    };
    auto add_capitals = [&] {
        if (!count.shouting())
            for (const auto& term : capitals) doc.add_boolean_term(cat(schema::prefix::capitals, term));
        capitals.clear();
        count = {};
    };
    Xapian::termpos next = 0;
    const AnalyzeStats title_stats = m_analyzer.analyze(a.title, 0, [&](const Token& t) {
        index_words(t, schema::prefix::title, true);
        hash_token(t);
        note_capitals(t, a.title);
        next = std::max(next, t.pos + 1);
    });
    add_capitals();
    dup = fnv1a(dup, "\n");
    const AnalyzeStats body_stats = m_analyzer.analyze(a.body, next + schema::field_gap, [&](const Token& t) {
        index_words(t, {}, true);
        hash_token(t);
        note_capitals(t, a.body);
    });
    add_capitals();
    if (report) {
        report->cut_tokens = title_stats.cut_tokens + body_stats.cut_tokens;
        report->longest_cut = std::max(title_stats.longest_cut, body_stats.longest_cut);
        report->text_bytes = a.title.size() + a.body.size();
    }
    m_analyzer.analyze(a.author, 0, [&](const Token& t) { index_words(t, schema::prefix::author, false); });
    m_analyzer.analyze(a.source, 0, [&](const Token& t) { index_words(t, schema::prefix::source, false); });

    for (const auto& tag : a.tags) {
        std::string joined;
        m_analyzer.analyze(tag, 0, [&](const Token& t) {
            if (t.alias || t.kind == TokenKind::CjkChar) return;
            if (!joined.empty()) joined += ' ';
            joined += t.term;
        });
        if (!joined.empty()) doc.add_boolean_term(limit_term_length(cat(schema::prefix::tag, joined)));
    }
    if (!lang.empty()) doc.add_boolean_term(cat(schema::prefix::lang, lang));
    if (std::string host = url_host(a.url); !host.empty()) {
        // The host and each parent domain: site:example.com finds news.example.com.
        for (std::string_view h = host; h.find('.') != std::string_view::npos; h.remove_prefix(h.find('.') + 1))
            doc.add_boolean_term(limit_term_length(cat(schema::prefix::site, std::string(h))));
    }
    if (auto d = parse_date(a.date)) {
        std::string ymd = d->compact();
        doc.add_value(schema::slot::date, ymd);
        doc.add_value(schema::slot::date_num, Xapian::sortable_serialise(static_cast<double>(d->days_since_epoch())));
        doc.add_boolean_term(cat(schema::prefix::year, ymd.substr(0, 4)));
        doc.add_boolean_term(cat(schema::prefix::month, ymd.substr(0, 6)));
        doc.add_boolean_term(cat(schema::prefix::day, ymd));
    }
    if (!a.source.empty()) doc.add_value(schema::slot::source, a.source);
    if (!lang.empty()) doc.add_value(schema::slot::lang, lang);
    if (!a.author.empty()) doc.add_value(schema::slot::author, a.author);
    if (!a.tags.empty()) {
        std::string tags;
        for (const auto& t : a.tags) {
            if (!tags.empty()) tags += '\x1f';
            tags += t;
        }
        doc.add_value(schema::slot::tags, tags);
    }
    if (any_words) {
        char key[20];
        std::snprintf(key, sizeof key, "%016llx", static_cast<unsigned long long>(dup));
        doc.add_value(schema::slot::dup_key, key);
        doc.add_boolean_term(cat(schema::prefix::copy, key));
    }
    doc.add_boolean_term(limit_term_length(cat(schema::prefix::id, a.id)));
    doc.set_data(encode_article(a));
    if (spelling_words) spelling_words_of(doc, *spelling_words);
    return doc;
}

std::string copy_key_of(const Xapian::Document& doc) { return doc.get_value(schema::slot::dup_key); }

std::size_t mark_copies(Xapian::WritableDatabase& db, const std::string& key, Xapian::doccount min_articles) {
    if (key.empty()) return 0;
    const std::string term = cat(schema::prefix::copy, key);
    if (db.get_termfreq(term) < min_articles) return 0;
    std::vector<Xapian::docid> ids;
    for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) ids.push_back(*p);
    std::size_t marked = 0;
    for (const Xapian::docid id : ids) {
        Xapian::Document doc = db.get_document(id);
        if (!doc.get_value(schema::slot::copies).empty()) continue;
        // Only a value changes: Xapian rewrites the document's values, not its terms.
        doc.add_value(schema::slot::copies, key);
        db.replace_document(id, doc);
        ++marked;
    }
    return marked;
}

std::uint64_t copy_key_number(std::string_view key) {
    std::uint64_t n = 0;
    std::from_chars(key.data(), key.data() + key.size(), n, 16);
    return n;
}

std::size_t mark_copies_in(Xapian::WritableDatabase& db, const std::unordered_set<std::uint64_t>& copies) {
    const std::string prefix(schema::prefix::copy);
    std::vector<std::string> keys;
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
        std::string key = (*t).substr(prefix.size());
        if (copies.count(copy_key_number(key))) keys.push_back(std::move(key));
    }
    std::size_t marked = 0;
    for (const auto& key : keys) marked += mark_copies(db, key, 1);
    return marked;
}

} // namespace lede

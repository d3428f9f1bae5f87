// SPDX-License-Identifier: MIT
// The public Indexer: articles -> prepare_article -> DocumentBuilder -> replace_document, as lede-index does.
#include <lede/index.hpp>

#include "bridge.hpp"

#include "analyzer.hpp"
#include "decode.hpp"
#include "document.hpp"
#include "document_builder.hpp"
#include "error.hpp"
#include "index_meta.hpp"
#include "schema.hpp"

#include <xapian.h>

#include <set>

namespace lede::api {

struct Indexer::Impl {
    Impl(const std::string& path, const IndexSettings& s)
        : settings(s), db(open_index_for_writing(path, s.wait_seconds)), info(read_index_info(db)),
          analyzer(info.analyzer), builder(analyzer) {
        if (info.schema_version == 0) { // a new index marks its copies and keeps capitals (as lede-index)
            info.copies_marked = true;
            info.capitals = true;
        }
    }

    IndexSettings settings;
    Xapian::WritableDatabase db;
    IndexInfo info;
    lede::Analyzer analyzer;
    DocumentBuilder builder;
    IndexReport report;
    std::size_t pending = 0;
    std::set<std::string> copy_keys; // of the articles added since the last commit

    // The same steps as lede-index's writer (indexer/indexer.cpp): skip identical data, keep the
    // per-language counts in the metadata, replace by the unique id term, feed the spelling table.
    void add(lede::Article&& a) {
        std::string problem;
        if (!prepare_article(a, problem)) report.warnings.push_back(a.id + ": " + problem);
        const std::string id_term = limit_term_length(std::string(schema::prefix::id) + a.id);
        const std::string data = encode_article(a);
        Xapian::PostingIterator p = db.postlist_begin(id_term);
        const bool exists = p != db.postlist_end(id_term);
        if (exists) {
            const Xapian::Document old = db.get_document(*p);
            if (old.get_data() == data) {
                ++report.unchanged;
                return;
            }
            --info.languages[old.get_value(schema::slot::lang)];
        }
        std::vector<std::string> spelling;
        Xapian::Document doc = builder.build(a, nullptr, settings.spelling ? &spelling : nullptr);
        if (info.copies_marked) copy_keys.insert(copy_key_of(doc));
        db.replace_document(id_term, doc);
        // Did-you-mean draws on the articles' words, each counted once per article (as lede-index).
        for (const auto& w : spelling) db.add_spelling(w);
        ++info.languages[a.lang];
        ++(exists ? report.updated : report.added);
        if (++pending >= settings.commit_every) commit();
    }

    bool remove(const std::string& id) {
        const std::string id_term = limit_term_length(std::string(schema::prefix::id) + id);
        Xapian::PostingIterator p = db.postlist_begin(id_term);
        if (p == db.postlist_end(id_term)) return false;
        --info.languages[db.get_document(*p).get_value(schema::slot::lang)];
        db.delete_document(id_term);
        ++report.deleted;
        ++pending;
        return true;
    }

    void commit() {
        for (const auto& key : copy_keys) mark_copies(db, key);
        copy_keys.clear();
        write_index_info(db, info);
        db.commit();
        pending = 0;
        report.documents = db.get_doccount();
    }
};

Indexer::Indexer(const std::string& path, const IndexSettings& settings)
    : m_impl([&] {
          try {
              return std::make_unique<Impl>(path, settings);
          } catch (...) {
              detail::rethrow_as_api_error();
          }
      }()) {}

Indexer::~Indexer() {
    if (!m_impl || m_impl->pending == 0) return;
    try {
        m_impl->commit();
    } catch (...) {
        // A destructor cannot report; commit() is the checked path.
    }
}

Indexer::Indexer(Indexer&&) noexcept = default;
Indexer& Indexer::operator=(Indexer&&) noexcept = default;

void Indexer::add(Article article) {
    if (article.id.empty()) throw Error(ErrorKind::Usage, "article has no id");
    if (article.title.empty() && article.body.empty())
        throw Error(ErrorKind::Usage, "article '" + article.id + "' has neither title nor body");
    lede::Article a;
    a.id = std::move(article.id);
    a.title = std::move(article.title);
    a.body = std::move(article.body);
    a.date = std::move(article.date);
    a.source = std::move(article.source);
    a.author = std::move(article.author);
    a.url = std::move(article.url);
    a.lang = std::move(article.lang);
    a.tags = std::move(article.tags);
    // As lede-index does for its input lines: invalid UTF-8 and control characters are replaced.
    std::size_t fixed = 0;
    for (std::string* f : {&a.id, &a.title, &a.body, &a.date, &a.source, &a.author, &a.url, &a.lang}) fixed += sanitize_utf8(*f);
    for (auto& t : a.tags) fixed += sanitize_utf8(t);
    try {
        if (fixed)
            m_impl->report.warnings.push_back(a.id + ": " + std::to_string(fixed) +
                                              " invalid UTF-8 sequence(s) or control character(s) replaced");
        m_impl->add(std::move(a));
    } catch (...) {
        detail::rethrow_as_api_error();
    }
}

bool Indexer::remove(const std::string& id) {
    try {
        return m_impl->remove(id);
    } catch (...) {
        detail::rethrow_as_api_error();
    }
}

const IndexReport& Indexer::commit() {
    try {
        m_impl->commit();
    } catch (...) {
        detail::rethrow_as_api_error();
    }
    return m_impl->report;
}

const IndexReport& Indexer::report() const noexcept { return m_impl->report; }

} // namespace lede::api

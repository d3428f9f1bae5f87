// SPDX-License-Identifier: MIT
// The indexing pipeline: readers -> prepare -> skip unchanged -> build -> replace_document -> commit.
#include "indexer.hpp"

#include "analyzer.hpp"
#include "decode.hpp"
#include "document_builder.hpp"
#include "error.hpp"
#include "index_meta.hpp"
#include "schema.hpp"

#include <nlohmann/json.hpp>
#include <xapian.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>

namespace lede {
namespace {

class IndexWriter : public RecordSink {
public:
    IndexWriter(Xapian::WritableDatabase& db, IndexInfo& info, const IndexerOptions& opt, std::ostream& err,
                IndexStats& stats)
        : m_db(db), m_info(info), m_opt(opt), m_err(err), m_stats(stats), m_analyzer(info.analyzer),
          m_builder(m_analyzer) {}

    void article(Article&& a) override {
        std::string problem;
        if (!prepare_article(a, problem)) warn_origin(a.origin, problem);
        const std::string id_term = limit_term_length(std::string(schema::prefix::id) + a.id);
        const std::string data = encode_article(a);
        Xapian::PostingIterator p = m_db.postlist_begin(id_term);
        const bool exists = p != m_db.postlist_end(id_term);
        if (exists) {
            // Identical stored data means identical terms: skip the analysis and the write.
            if (m_db.get_document(*p).get_data() == data) {
                ++m_stats.unchanged;
                return;
            }
            std::string old_lang = m_db.get_document(*p).get_value(schema::slot::lang);
            --m_info.languages[old_lang];
        }
        BuildReport report;
        m_spelling.clear();
        Xapian::Document doc = m_builder.build(a, &report, m_opt.spelling ? &m_spelling : nullptr);
        if (report.cut_tokens)
            warn_origin(a.origin, std::to_string(report.cut_tokens) + " word(s) longer than " +
                                      std::to_string(schema::max_term_bytes) + " bytes indexed cut and hashed (longest: " +
                                      std::to_string(report.longest_cut) + " bytes)");
        if (report.text_bytes > large_article_bytes)
            warn_origin(a.origin, "very large article (" + std::to_string(report.text_bytes) +
                                      " bytes of text); indexed in full");
        m_db.replace_document(id_term, doc);
        // Did-you-mean draws on the words of the articles: each counted once per article.
        for (const auto& w : m_spelling) m_db.add_spelling(w);
        ++m_info.languages[a.lang];
        ++(exists ? m_stats.updated : m_stats.added);
        if (++m_pending >= m_opt.batch) commit();
    }

    void skip(const std::string& path, std::size_t line, const std::string& reason) override {
        ++m_stats.skipped;
        m_err << "lede-index: " << path << ":" << line << ": skipped: " << reason << '\n';
    }

    void warn(const std::string& path, std::size_t line, const std::string& message) override {
        ++m_stats.warnings;
        m_err << "lede-index: " << path << ":" << line << ": warning: " << message << '\n';
    }

    void warn_origin(const std::string& origin, const std::string& message) {
        ++m_stats.warnings;
        m_err << "lede-index: " << origin << ": warning: " << message << '\n';
    }

    void remove(const std::string& id) {
        const std::string id_term = limit_term_length(std::string(schema::prefix::id) + id);
        Xapian::PostingIterator p = m_db.postlist_begin(id_term);
        if (p == m_db.postlist_end(id_term)) {
            m_err << "lede-index: warning: no article with id '" << id << "' to delete\n";
            ++m_stats.warnings;
            return;
        }
        --m_info.languages[m_db.get_document(*p).get_value(schema::slot::lang)];
        m_db.delete_document(id_term);
        ++m_stats.deleted;
        ++m_pending;
    }

    void commit() {
        write_index_info(m_db, m_info);
        m_db.commit();
        m_pending = 0;
    }

private:
    Xapian::WritableDatabase& m_db;
    IndexInfo& m_info;
    const IndexerOptions& m_opt;
    std::ostream& m_err;
    IndexStats& m_stats;
    Analyzer m_analyzer;
    DocumentBuilder m_builder;
    std::size_t m_pending = 0;
    std::vector<std::string> m_spelling;
};

void read_input(const std::string& path, const FieldMap& map, IndexWriter& writer, std::ostream& err,
                IndexStats& stats) {
    if (path == "-") {
        ++stats.files;
        read_jsonl(std::cin, "<stdin>", map, writer);
        return;
    }
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        err << "lede-index: " << path << ": is a directory (give the files in it)\n";
        ++stats.failed_files;
        return;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        err << "lede-index: " << path << ": cannot open: " << std::strerror(errno) << '\n';
        ++stats.failed_files;
        return;
    }
    char head[8192];
    in.read(head, sizeof head);
    if (looks_binary(std::string_view(head, static_cast<std::size_t>(in.gcount())))) {
        err << "lede-index: " << path << ": skipped: binary file, not JSON Lines\n";
        ++stats.failed_files;
        return;
    }
    in.clear();
    in.seekg(0);
    ++stats.files;
    read_jsonl(in, path, map, writer);
}

} // namespace

IndexStats run_index(const IndexerOptions& opt, std::ostream& out, std::ostream& err) {
    const auto started = std::chrono::steady_clock::now();
    const FieldMap map = parse_field_map(opt.map_spec);
    IndexStats stats;
    Xapian::WritableDatabase db = open_index_for_writing(opt.db, opt.wait_seconds);
    IndexInfo info = read_index_info(db);
    IndexWriter writer(db, info, opt, err, stats);
    for (const auto& id : opt.delete_ids) writer.remove(id);
    for (const auto& input : opt.inputs) read_input(input, map, writer, err, stats);
    writer.commit();
    stats.documents = db.get_doccount();
    stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (opt.json) {
        nlohmann::json s{{"added", stats.added},     {"updated", stats.updated},   {"unchanged", stats.unchanged},
                         {"deleted", stats.deleted}, {"skipped", stats.skipped},   {"warnings", stats.warnings},
                         {"files", stats.files},     {"failed_files", stats.failed_files},
                         {"documents", stats.documents}, {"seconds", stats.seconds}};
        out << nlohmann::json{{"type", "summary"}, {"data", s}}.dump() << '\n';
    }
    return stats;
}

} // namespace lede

// SPDX-License-Identifier: MIT
// Article -> Xapian::Document, following common/schema.hpp.
#pragma once

#include "analyzer.hpp"
#include "document.hpp"

#include <xapian.h>

#include <string>
#include <vector>

namespace lede {

class DocumentBuilder {
public:
    explicit DocumentBuilder(const Analyzer& analyzer) : m_analyzer(analyzer) {}

    /// Build the document. `article.lang` and `article.date` must already be normalized (see
    /// prepare_article). Returns the document; its stored data is encode_article(article).
    /// When `spelling_words` is given, it receives the distinct folded words of the title and body
    /// (letters only: no numbers, CJK bigrams or aliases) for the index's spelling table.
    Xapian::Document build(const Article& article, std::vector<std::string>* spelling_words = nullptr) const;

private:
    const Analyzer& m_analyzer;
};

/// Normalize an article in place before it is built and stored: language code (declared, else
/// detected), date to ISO 8601. Returns false and sets `problem` when the date is present but
/// unparseable (the date is then dropped; the article is still indexed).
bool prepare_article(Article& article, std::string& problem);

/// The URL's host, lower-cased, without "www." and port; "" when there is none.
std::string url_host(std::string_view url);

} // namespace lede

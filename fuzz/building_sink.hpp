// SPDX-License-Identifier: MIT
// Fuzz helper: a RecordSink that checks each article's text is valid UTF-8 and builds its document.
#pragma once

#include "analyzer.hpp"
#include "document_builder.hpp"
#include "readers.hpp"

#include <unicode/utf8.h>

#include <cstdint>
#include <cstdlib>
#include <string>

namespace lede::fuzz {

/// Aborts (a finding) when a reader hands over a field that is not valid UTF-8, or when building
/// the document throws.
class BuildingSink : public RecordSink {
public:
    void article(Article&& a) override {
        for (const std::string* s : {&a.title, &a.body, &a.author, &a.source, &a.url, &a.id}) check_utf8(*s);
        std::string problem;
        prepare_article(a, problem);
        Xapian::Document doc = m_builder.build(a);
        (void)doc.termlist_count();
        ++articles;
    }
    void skip(const std::string&, std::size_t, const std::string&) override { ++skipped; }
    void warn(const std::string&, std::size_t, const std::string&) override {}

    std::size_t articles = 0;
    std::size_t skipped = 0;

private:
    static void check_utf8(const std::string& s) {
        const auto n = static_cast<int32_t>(s.size());
        for (int32_t i = 0; i < n;) {
            UChar32 c;
            U8_NEXT(s.data(), i, n, c);
            if (c < 0) std::abort();
        }
    }

    Analyzer m_analyzer;
    DocumentBuilder m_builder{m_analyzer};
};

} // namespace lede::fuzz

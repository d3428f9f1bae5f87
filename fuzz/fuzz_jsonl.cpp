// SPDX-License-Identifier: MIT
// Fuzz target: arbitrary input through the JSON Lines reader and the document builder.
#include "analyzer.hpp"
#include "document_builder.hpp"
#include "readers.hpp"

#include <cstdint>
#include <sstream>

namespace {

class BuildingSink : public lede::RecordSink {
public:
    void article(lede::Article&& a) override {
        std::string problem;
        lede::prepare_article(a, problem);
        Xapian::Document doc = m_builder.build(a);
        (void)doc.termlist_count();
    }
    void skip(const std::string&, std::size_t, const std::string&) override {}
    void warn(const std::string&, std::size_t, const std::string&) override {}

private:
    lede::Analyzer m_analyzer;
    lede::DocumentBuilder m_builder{m_analyzer};
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static BuildingSink sink;
    std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
    lede::read_jsonl(in, "fuzz.jsonl", {}, sink);
    return 0;
}

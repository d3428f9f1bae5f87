// SPDX-License-Identifier: MIT
// The analyzer's ASCII path against ICU: its segments and rule statuses equal ICU's word break
// iterator's (every ASCII character in context, every short string over the character classes,
// random strings), and the analyzer's tokens with the path on equal its tokens with every text
// through ICU, over all the text of ../shared/corpora.
#include "../catch.hpp"

#include "analyzer.hpp"
#include "decode.hpp"

#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>

using namespace lede;

namespace {

using Segments = std::vector<std::pair<std::uint32_t, std::int32_t>>;

// ICU's own segments of `text` (end offset, rule status): the independent reader.
class IcuWords {
public:
    IcuWords() {
        UErrorCode st = U_ZERO_ERROR;
        m_it.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), st));
        REQUIRE(U_SUCCESS(st));
    }
    Segments operator()(std::string_view text) {
        UErrorCode st = U_ZERO_ERROR;
        UText ut = UTEXT_INITIALIZER;
        utext_openUTF8(&ut, text.data(), static_cast<int64_t>(text.size()), &st);
        m_it->setText(&ut, st);
        REQUIRE(U_SUCCESS(st));
        Segments out;
        for (int32_t e = m_it->next(); e != icu::BreakIterator::DONE; e = m_it->next())
            out.emplace_back(static_cast<std::uint32_t>(e), m_it->getRuleStatus());
        utext_close(&ut);
        return out;
    }

private:
    std::unique_ptr<icu::BreakIterator> m_it;
};

std::string show(std::string_view s) {
    std::string out;
    for (unsigned char c : s) {
        if (c >= 0x20 && c < 0x7F) out += static_cast<char>(c);
        else {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
        }
    }
    return out;
}

bool same_tokens(const std::vector<Token>& a, const std::vector<Token>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const Token &x = a[i], &y = b[i];
        if (x.term != y.term || x.accent_form != y.accent_form || x.begin != y.begin || x.end != y.end ||
            x.pos != y.pos || x.kind != y.kind || x.alias != y.alias)
            return false;
    }
    return true;
}

// Representatives of the character classes the word rules tell apart in ASCII, and of those
// ICU tailors ('@', ':').
constexpr std::string_view class_reps = "aZ1_.',;: \r\n\t-@\"";

} // namespace

TEST_CASE("the ASCII fast path is available with this ICU", "[analyzer][ascii]") {
    // If this fails, ICU's word rules for ASCII changed: the analyzer still gives ICU's tokens
    // (it checks and falls back to ICU), but the ASCII path needs updating to be fast again.
    CHECK(Analyzer::ascii_fast_path_available());
}

TEST_CASE("ASCII word segments equal ICU's for every ASCII character in context", "[analyzer][ascii]") {
    IcuWords icu;
    std::string s;
    for (int c = 0; c < 128; ++c) {
        for (char x : class_reps)
            for (char y : class_reps) {
                s.assign({x, static_cast<char>(c), y});
                INFO("text: " << show(s));
                REQUIRE(ascii_word_segments(s) == icu(s));
                s.assign({static_cast<char>(c), x, y, static_cast<char>(c)});
                INFO("text: " << show(s));
                REQUIRE(ascii_word_segments(s) == icu(s));
            }
    }
}

TEST_CASE("ASCII word segments equal ICU's for every string of up to 5 characters over the classes", "[analyzer][ascii]") {
    IcuWords icu;
    const std::size_t k = class_reps.size();
    std::string s;
    for (std::size_t len = 1; len <= 5; ++len) {
        std::vector<std::size_t> digit(len, 0);
        for (;;) {
            s.clear();
            for (std::size_t d : digit) s += class_reps[d];
            if (ascii_word_segments(s) != icu(s)) {
                INFO("text: " << show(s));
                REQUIRE(ascii_word_segments(s) == icu(s));
            }
            std::size_t i = 0;
            while (i < len && ++digit[i] == k) digit[i++] = 0;
            if (i == len) break;
        }
    }
}

TEST_CASE("ASCII word segments equal ICU's for random ASCII strings", "[analyzer][ascii]") {
    IcuWords icu;
    std::mt19937 rng(23);
    std::uniform_int_distribution<int> len(1, 80), any(0, 127), pick(0, 3);
    std::uniform_int_distribution<std::size_t> rep(0, class_reps.size() - 1);
    std::string s;
    for (int n = 0; n < 20000; ++n) {
        s.clear();
        for (int i = len(rng); i > 0; --i) s += pick(rng) == 0 ? static_cast<char>(any(rng)) : class_reps[rep(rng)];
        if (ascii_word_segments(s) != icu(s)) {
            INFO("text: " << show(s));
            REQUIRE(ascii_word_segments(s) == icu(s));
        }
    }
}

TEST_CASE("analysis with the ASCII path equals analysis through ICU over the shared corpora", "[analyzer][ascii][corpora]") {
    std::filesystem::path root = std::filesystem::path(LEDE_SOURCE_DIR).parent_path() / "shared" / "corpora";
    if (const char* env = std::getenv("LEDE_SHARED_CORPORA")) root = env;
    if (!std::filesystem::is_directory(root)) {
        WARN("../shared/corpora not found: skipped");
        return;
    }
    Analyzer fast, icu;
    fast.set_ascii_fast_path(true);
    icu.set_ascii_fast_path(false);
    std::size_t files = 0, chunks = 0, bytes = 0;
    auto compare = [&](std::string_view chunk, const std::filesystem::path& file) {
        ++chunks;
        bytes += chunk.size();
        const auto a = fast.analyze(chunk), b = icu.analyze(chunk);
        if (!same_tokens(a, b)) {
            INFO(file.string() << ": " << show(chunk.substr(0, 2000)));
            REQUIRE(same_tokens(a, b));
        }
    };
    std::vector<std::filesystem::path> paths;
    for (const auto& e : std::filesystem::recursive_directory_iterator(root))
        if (e.is_regular_file()) paths.push_back(e.path());
    std::sort(paths.begin(), paths.end());
    for (const auto& path : paths) {
        std::ifstream in(path, std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        const std::string raw = ss.str();
        if (raw.empty() || looks_binary(raw)) continue;
        ++files;
        const std::string text = decode_to_utf8(raw).text;
        // Paragraphs (up to 8 KiB, cut at a line end), without their non-ASCII characters if
        // any: ASCII text, which the fast path takes.
        for (std::size_t b = 0; b < text.size();) {
            std::size_t e = text.find("\n\n", b);
            e = e == std::string::npos ? text.size() : e + 2;
            if (e - b > 8192) {
                const std::size_t nl = text.rfind('\n', b + 8192);
                e = nl != std::string::npos && nl > b ? nl + 1 : b + 8192;
            }
            const std::string_view chunk(text.data() + b, e - b);
            std::string ascii;
            for (char c : chunk)
                if (static_cast<unsigned char>(c) < 0x80) ascii += c;
            compare(ascii, path); // the others take the same path either way
            b = e;
        }
    }
    INFO(files << " files, " << chunks << " texts, " << bytes << " bytes");
    CHECK(files > 100);
}

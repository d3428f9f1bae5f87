// SPDX-License-Identifier: MIT
// The analyzer's ASCII path against ICU: its segments and rule statuses equal ICU's word break
// iterator's (every ASCII character in context, every short string over the character classes,
// random strings); the analyzer's tokens with the path on equal its tokens with every text
// through ICU, over all the text of ../shared/corpora; and so do passages and highlights, on
// Reuters and news-multilingual.
#include "../catch.hpp"

#include "analyzer.hpp"
#include "decode.hpp"
#include "passages.hpp"
#include "query_parser.hpp"

#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <set>
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

// The corpus-wide comparisons take every file or body in a release build (about 20 s), every 8th
// under the sanitizers (10-20 times slower), so that CI's sanitizer suite stays in its budget.
#if defined(__SANITIZE_ADDRESS__)
constexpr std::size_t corpus_step = 8;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(undefined_behavior_sanitizer)
constexpr std::size_t corpus_step = 8;
#else
constexpr std::size_t corpus_step = 1;
#endif
#else
constexpr std::size_t corpus_step = 1;
#endif

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
    const std::size_t step = corpus_step;
    for (std::size_t n = 0; n < paths.size(); n += step) {
        const auto& path = paths[n];
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
    CHECK(files * step > 100);
}

namespace {

bool same_passages(const std::vector<Passage>& a, const std::vector<Passage>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i].text != b[i].text || a[i].highlights != b[i].highlights || a[i].begin != b[i].begin ||
            a[i].end != b[i].end || a[i].score != b[i].score || a[i].lead != b[i].lead)
            return false;
    return true;
}

std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

} // namespace

TEST_CASE("passages and highlights with the ASCII path equal those through ICU on Reuters and news-multilingual",
          "[passages][ascii][corpora]") {
    std::filesystem::path root = std::filesystem::path(LEDE_SOURCE_DIR).parent_path() / "shared" / "corpora";
    if (const char* env = std::getenv("LEDE_SHARED_CORPORA")) root = env;
    if (!std::filesystem::is_directory(root)) {
        WARN("../shared/corpora not found: skipped");
        return;
    }
    // Bodies: Reuters' <BODY> elements (two files), and each language's PUD sentences, ten to a body.
    std::vector<std::pair<std::string, std::string>> bodies; // (language, body)
    for (const char* name : {"reut2-000.sgm", "reut2-001.sgm"}) {
        const std::string sgm = decode_to_utf8(read_file(root / "reuters21578" / name)).text;
        for (std::size_t b = sgm.find("<BODY>"); b != std::string::npos; b = sgm.find("<BODY>", b)) {
            b += 6;
            const std::size_t e = sgm.find("</BODY>", b);
            if (e == std::string::npos) break;
            bodies.emplace_back("en", sgm.substr(b, e - b));
            b = e;
        }
    }
    const std::size_t reuters = bodies.size();
    for (const char* lang : {"de", "fr", "ru", "ar", "hi", "ja", "th", "zh"}) {
        const auto dir = root / "news-multilingual" / lang;
        if (!std::filesystem::is_directory(dir)) continue;
        for (const auto& e : std::filesystem::directory_iterator(dir)) {
            if (e.path().extension() != ".conllu") continue;
            std::ifstream in(e.path());
            std::string body;
            int n = 0;
            for (std::string line; std::getline(in, line);) {
                if (line.rfind("# text = ", 0) != 0) continue;
                body += line.substr(9);
                body += (++n % 3 == 0) ? "\n\n" : " ";
                if (n % 10 == 0) bodies.emplace_back(lang, std::move(body)), body.clear();
            }
        }
    }
    INFO(reuters << " Reuters bodies, " << bodies.size() - reuters << " others");
    REQUIRE(reuters > 1000);
    Analyzer fast, icu;
    fast.set_ascii_fast_path(true);
    icu.set_ascii_fast_path(false);
    const TermWeight weight = [](const std::string& term) { return 1.0 + static_cast<double>(term.size() % 5); };
    QueryParserOptions opt;
    std::size_t compared = 0, with_passages = 0;
    for (std::size_t i = 0; i < bodies.size(); i += corpus_step) {
        const auto& [lang, body] = bodies[i];
        opt.stem_languages = {lang};
        // Queries from the body's own words (two words, a phrase, a prefix, NEAR), the start of
        // the next body (often no match), and a title-only query (the lead).
        const auto tokens = icu.analyze(body);
        std::vector<std::string> words;
        for (const auto& t : tokens)
            if (!t.alias && t.kind == TokenKind::Word && t.term.size() >= 3) words.push_back(t.term);
        if (words.size() < 4) continue;
        const std::string next = bodies[(i + 1) % bodies.size()].second.substr(0, 40);
        const std::vector<std::string> queries{
            words[words.size() / 3] + " " + words[words.size() / 2],
            "\"" + words[1] + " " + words[2] + "\"",
            words.back().substr(0, 3) + "*",
            words[0] + " NEAR " + words[words.size() - 2],
            next,
            "title:" + words[0], // the body cannot match: the lead
        };
        for (const auto& q : queries) {
            MatchMemo mf, mi;
            ParsedQuery pf, pi;
            try {
                pf = parse_query(q, fast, opt);
            } catch (const std::exception&) {
                continue; // text of another body need not be a valid query
            }
            pi = parse_query(q, icu, opt);
            const auto a = select_passages(fast, body, lang, pf, {2, 240}, weight, &mf);
            const auto b = select_passages(icu, body, lang, pi, {2, 240}, weight, &mi);
            const auto c = matching_passages(fast, body, lang, pf, {3, 120}, weight, &mf);
            const auto d = matching_passages(icu, body, lang, pi, {3, 120}, weight, &mi);
            const std::string_view title(body.data(), std::min<std::size_t>(body.size(), 90));
            const auto h = find_highlights(fast, title, lang, pf, Field::Title, &mf);
            const auto k = find_highlights(icu, title, lang, pi, Field::Title, &mi);
            if (!same_passages(a, b) || !same_passages(c, d) || h != k) {
                INFO("query: " << q << "\nbody: " << body.substr(0, 2000));
                CHECK(same_passages(a, b));
                CHECK(same_passages(c, d));
                REQUIRE(h == k);
            }
            ++compared;
            with_passages += !a.empty();
        }
    }
    INFO(compared << " queries, " << with_passages << " with passages");
    CHECK(with_passages > compared / 2);
}

TEST_CASE("a stem begins with the first letter or digit of its word, over every word of the shared corpora",
          "[analyzer][stem][corpora]") {
    // Passages skip stemming a word that cannot match by the first byte of its stem
    // (Analyzer::stem_keeps_first_byte): this is the property that keeps their answers the same.
    Analyzer an;
    const std::vector<std::string> all{"ar", "hy", "eu", "ca", "da", "nl", "en", "fi", "fr", "de", "hu", "id",
                                       "ga", "it", "lt", "ne", "no", "nb", "nn", "pt", "ro", "ru", "es", "sv", "tr"};
    std::vector<std::string> langs;
    for (const std::string& lang : all) {
        REQUIRE(Analyzer::has_stemmer(lang));
        if (Analyzer::stem_keeps_first_byte(lang)) langs.push_back(lang);
    }
    CHECK(langs.size() == all.size() - 3);
    CHECK(Analyzer::stem_keeps_first_byte("xx")); // no stemmer: the term is its own stem
    // The three that do not: a prefix, an initial mutation, a foreign word rewritten.
    CHECK(an.stem("berjalan", "id")[0] != 'b');
    CHECK(an.stem("bhfuil", "ga")[0] != 'b');
    CHECK(an.stem("binden", "tr")[0] != 'b');
    auto keeps = [&](const std::string& term, const std::string& lang) {
        const std::string s = an.stem(term, lang);
        return !s.empty() && s[0] == term[0];
    };
    // Snowball English's special cases and the preludes' 'y'.
    for (const char* w : {"dying", "lying", "tying", "skies", "skis", "idly", "gently", "ugly", "early", "only", "singly",
                          "yes", "yelling", "youths", "y", "yy", "eyed", "news", "atlas", "3d", "ieee", "quelque", "yoyo"})
        for (const std::string& lang : langs) {
            INFO(lang);
            CHECK(keeps(w, lang));
        }
    std::filesystem::path root = std::filesystem::path(LEDE_SOURCE_DIR).parent_path() / "shared" / "corpora";
    if (const char* env = std::getenv("LEDE_SHARED_CORPORA")) root = env;
    if (!std::filesystem::is_directory(root)) {
        WARN("../shared/corpora not found: skipped");
        return;
    }
    std::vector<std::filesystem::path> paths;
    // Every corpus of text; the article-extraction pages' words are mostly markup (and 90 MB).
    for (const auto& e : std::filesystem::recursive_directory_iterator(root))
        if (e.is_regular_file() && e.path().string().find("/article-extraction/") == std::string::npos)
            paths.push_back(e.path());
    std::sort(paths.begin(), paths.end());
    std::set<std::string> terms;
    for (std::size_t n = 0; n < paths.size(); n += corpus_step) {
        const std::string raw = read_file(paths[n]);
        if (raw.empty() || looks_binary(raw)) continue;
        for (const Token& t : an.analyze(decode_to_utf8(raw).text))
            if (t.kind == TokenKind::Word && !t.term.empty() &&
                ((t.term[0] >= 'a' && t.term[0] <= 'z') || (t.term[0] >= '0' && t.term[0] <= '9')))
                terms.insert(t.term);
    }
    INFO(terms.size() << " distinct words");
    CHECK(terms.size() > 50000 / corpus_step);
    for (const std::string& lang : langs) {
        std::size_t broken = 0;
        for (const std::string& term : terms)
            if (!keeps(term, lang) && ++broken <= 5) FAIL_CHECK(lang << ": " << term << " stems to " << an.stem(term, lang));
        CHECK(broken == 0);
    }
}

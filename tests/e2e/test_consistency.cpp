// SPDX-License-Identifier: MIT
// The analysis bars, end to end: random spans of real articles in every language, their form
// changed (case, accents, NFD, full width), found again as phrases by the real searcher; and
// Chinese/Japanese words typed without spaces.
#include "../catch.hpp"
#include "run.hpp"

#include "searcher.hpp"

#include <nlohmann/json.hpp>
#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdlib>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <sstream>

using namespace lede::e2e;
namespace fs = std::filesystem;

namespace {

std::string sample() { return (source_dir() / "corpora/sample/articles.jsonl").string(); }

// A word: a byte range of an article's text.
struct Word {
    std::size_t begin, end;
};

struct Doc {
    std::string id;
    std::string source;     // "ar", ..., "de-10kgnad", "sample"
    std::string lang;
    std::string text;       // the text spans are taken from
    std::vector<Word> words;
};

bool has_alnum(std::string_view s) {
    int32_t i = 0;
    const auto n = static_cast<int32_t>(s.size());
    while (i < n) {
        UChar32 c;
        U8_NEXT(s.data(), i, n, c);
        if (c >= 0 && u_isalnum(c)) return true;
    }
    return false;
}

// Words separated by white space (Unicode), keeping only those with a letter or digit.
std::vector<Word> space_words(std::string_view text) {
    std::vector<Word> out;
    int32_t i = 0;
    const auto n = static_cast<int32_t>(text.size());
    std::size_t start = 0;
    bool in_word = false;
    while (i < n) {
        const int32_t at = i;
        UChar32 c;
        U8_NEXT(text.data(), i, n, c);
        const bool space = c >= 0 && u_isUWhiteSpace(c);
        if (!space && !in_word) {
            start = static_cast<std::size_t>(at);
            in_word = true;
        } else if (space && in_word) {
            out.push_back({start, static_cast<std::size_t>(at)});
            in_word = false;
        }
    }
    if (in_word) out.push_back({start, text.size()});
    std::erase_if(out, [&](const Word& w) { return !has_alnum(text.substr(w.begin, w.end - w.begin)); });
    return out;
}

// Scripts written without spaces: the treebank's own word forms, found in order in the text.
bool unspaced(const std::string& lang) { return lang == "zh" || lang == "ja" || lang == "th"; }

// The sentences of a CoNLL-U treebank: one document per "# text =" line.
std::vector<Doc> read_conllu(const fs::path& path, const std::string& lang) {
    std::ifstream in(path);
    std::vector<Doc> out;
    Doc cur;
    std::size_t cursor = 0;
    int skip_until = 0;
    auto finish = [&] {
        if (!cur.text.empty()) {
            if (!unspaced(lang)) cur.words = space_words(cur.text);
            std::erase_if(cur.words, [&](const Word& w) { return !has_alnum(std::string_view(cur.text).substr(w.begin, w.end - w.begin)); });
            out.push_back(std::move(cur));
        }
        cur = Doc{};
        cursor = 0;
        skip_until = 0;
    };
    for (std::string line; std::getline(in, line);) {
        if (line.empty()) {
            finish();
            continue;
        }
        if (line.rfind("# sent_id = ", 0) == 0) {
            cur.id = lang + "-" + line.substr(12);
            continue;
        }
        if (line.rfind("# text = ", 0) == 0) {
            cur.text = line.substr(9);
            cur.source = lang;
            cur.lang = lang;
            continue;
        }
        if (line[0] == '#' || !unspaced(lang)) continue;
        // Token lines: ID FORM ...; a range "3-4" is a multiword token whose surface form is used.
        const auto tab = line.find('\t');
        const std::string id = line.substr(0, tab);
        const std::string form = line.substr(tab + 1, line.find('\t', tab + 1) - tab - 1);
        if (id.find('.') != std::string::npos) continue;
        if (auto dash = id.find('-'); dash != std::string::npos) {
            skip_until = std::stoi(id.substr(dash + 1));
        } else if (std::stoi(id) <= skip_until) {
            continue;
        }
        const auto at = cur.text.find(form, cursor);
        if (at == std::string::npos) continue;
        cur.words.push_back({at, at + form.size()});
        cursor = at + form.size();
    }
    finish();
    return out;
}

// 10kGNAD: "Label;text" per line, CSV style: the text is in single quotes (doubled inside) when
// it holds a quote or a semicolon.
std::vector<Doc> read_gnad(const fs::path& path) {
    std::ifstream in(path);
    std::vector<Doc> out;
    for (std::string line; std::getline(in, line);) {
        const auto semi = line.find(';');
        if (semi == std::string::npos) continue;
        std::string text;
        if (semi + 1 < line.size() && line[semi + 1] == '\'') {
            for (std::size_t i = semi + 2; i < line.size(); ++i) {
                if (line[i] == '\'') {
                    if (i + 1 < line.size() && line[i + 1] == '\'') {
                        text += '\'';
                        ++i;
                        continue;
                    }
                    break;
                }
                text += line[i];
            }
        } else {
            text = line.substr(semi + 1);
        }
        Doc d{"gnad-" + std::to_string(out.size() + 1), "de-10kgnad", "de", text, {}};
        d.words = space_words(d.text);
        out.push_back(std::move(d));
    }
    return out;
}

std::vector<Doc> read_sample() {
    std::ifstream in(sample());
    std::vector<Doc> out;
    for (std::string line; std::getline(in, line);) {
        auto j = nlohmann::json::parse(line);
        Doc d{j["id"], "sample", j["lang"], j["body"], {}};
        if (d.text.empty()) d.text = j["title"];
        d.words = space_words(d.text);
        out.push_back(std::move(d));
    }
    return out;
}

icu::UnicodeString u(const std::string& s) { return icu::UnicodeString::fromUTF8(s); }
std::string utf8(const icu::UnicodeString& s) {
    std::string out;
    s.toUTF8String(out);
    return out;
}

const icu::Normalizer2& nfd() {
    UErrorCode st = U_ZERO_ERROR;
    return *icu::Normalizer2::getNFDInstance(st);
}
const icu::Normalizer2& nfc() {
    UErrorCode st = U_ZERO_ERROR;
    return *icu::Normalizer2::getNFCInstance(st);
}

UScriptCode script_of(UChar32 c) {
    UErrorCode st = U_ZERO_ERROR;
    return uscript_getScript(c, &st);
}

// The form changes a searcher's typing makes. Each returns the changed text (maybe unchanged).
std::string upper(const std::string& s) { return utf8(u(s).toUpper(icu::Locale::getRoot())); }

std::string decomposed(const std::string& s) {
    UErrorCode st = U_ZERO_ERROR;
    return utf8(nfd().normalize(u(s), st));
}

// Accents as people leave them out: marks on Latin and Greek letters, Cyrillic ё (not й), and
// Arabic short vowels.
std::string strip_accents(const std::string& s) {
    UErrorCode st = U_ZERO_ERROR;
    icu::UnicodeString d = nfd().normalize(u(s), st), out;
    UScriptCode base = USCRIPT_COMMON;
    for (int32_t i = 0; i < d.length();) {
        const UChar32 c = d.char32At(i);
        i += U16_LENGTH(c);
        if (u_charType(c) == U_NON_SPACING_MARK) {
            const bool drop = base == USCRIPT_LATIN || base == USCRIPT_GREEK || base == USCRIPT_ARABIC ||
                              (base == USCRIPT_CYRILLIC && c != 0x0306);
            if (drop) continue;
        } else {
            base = script_of(c);
        }
        out.append(c);
    }
    return utf8(nfc().normalize(out, st));
}

// Accents as people add them: an acute, grave, circumflex or diaeresis on a Latin vowel, or ё for е.
std::string add_accents(const std::string& s, std::mt19937& rng) {
    icu::UnicodeString in = u(s), out;
    std::vector<int32_t> vowels;
    for (int32_t i = 0; i < in.length(); ++i) {
        const UChar c = in.charAt(i);
        if (std::string_view("aeiouAEIOU").find(static_cast<char>(c < 0x80 ? c : 0)) != std::string_view::npos ||
            c == 0x0435 || c == 0x0415)
            vowels.push_back(i);
    }
    if (vowels.empty()) return s;
    std::set<int32_t> pick;
    for (int k = 0; k < 2; ++k) pick.insert(vowels[rng() % vowels.size()]);
    constexpr UChar32 marks[] = {0x0301, 0x0300, 0x0302, 0x0308};
    for (int32_t i = 0; i < in.length(); ++i) {
        out.append(in.charAt(i));
        if (pick.count(i)) out.append(in.charAt(i) < 0x80 ? marks[rng() % 4] : UChar32{0x0308});
    }
    UErrorCode st = U_ZERO_ERROR;
    return utf8(nfc().normalize(out, st));
}

// ASCII as typed with a full-width (East Asian) keyboard: U+FF01..U+FF5E, spaces as U+3000.
std::string full_width(const std::string& s) {
    std::string out;
    for (unsigned char c : s) {
        UChar32 w = c;
        if (c > 0x20 && c < 0x7F) w = c + 0xFEE0;
        else if (c == ' ') w = 0x3000;
        else {
            out += static_cast<char>(c);
            continue;
        }
        char buf[4];
        int32_t len = 0;
        U8_APPEND_UNSAFE(buf, len, w);
        out.append(buf, static_cast<std::size_t>(len));
    }
    return out;
}

// Katakana (and ASCII) as legacy Japanese systems store it: half-width forms (U+FF61..U+FF9F).
std::string half_width(const std::string& s) {
    static std::unique_ptr<icu::Transliterator> tr = [] {
        UErrorCode st = U_ZERO_ERROR;
        std::unique_ptr<icu::Transliterator> t(icu::Transliterator::createInstance("Fullwidth-Halfwidth", UTRANS_FORWARD, st));
        if (U_FAILURE(st)) throw std::runtime_error("no Fullwidth-Halfwidth transliterator");
        return t;
    }();
    icu::UnicodeString text = u(s);
    tr->transliterate(text);
    return utf8(text);
}

// The query parser reads these as phrase delimiters; inside a span they are punctuation.
std::string without_quotes(const std::string& s) {
    constexpr std::string_view quotes[] = {"\"", "\u201C", "\u201D", "\u201E", "\u00AB", "\u00BB", "\u300C", "\u300D"};
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        std::size_t skip = 0;
        for (std::string_view q : quotes)
            if (s.compare(i, q.size(), q) == 0) skip = q.size();
        if (skip) {
            out += ' ';
            i += skip;
        } else {
            out += s[i++];
        }
    }
    return out;
}

struct Probe {
    const Doc* doc;
    std::string span;
    std::string form;       // the transformation applied
    std::string query_text; // the changed span
};

} // namespace

TEST_CASE("random spans of every language, their form changed, are found again as phrases", "[e2e][analysis]") {
    const fs::path shared = shared_corpora();
    if (shared.empty()) FAIL("../shared/corpora is missing: this test needs news-multilingual");
    const fs::path multi = shared / "news-multilingual";

    std::vector<Doc> docs;
    for (const std::string lang : {"ar", "de", "fr", "hi", "ja", "ru", "th", "zh"}) {
        fs::path file;
        for (const auto& e : fs::directory_iterator(multi / lang))
            if (e.path().extension() == ".conllu") file = e.path();
        REQUIRE(!file.empty());
        auto part = read_conllu(file, lang);
        REQUIRE(part.size() >= 900);
        std::move(part.begin(), part.end(), std::back_inserter(docs));
    }
    auto gnad = read_gnad(multi / "de-10kgnad" / "test.csv");
    REQUIRE(gnad.size() > 1000);
    std::move(gnad.begin(), gnad.end(), std::back_inserter(docs));
    const auto samples = read_sample();
    REQUIRE(samples.size() == 65);

    // Index: the treebank sentences and 10kGNAD articles, one article each with its language, and
    // the sample corpus as it is.
    TempDir dir;
    const std::string jsonl = dir / "multi.jsonl";
    {
        std::ofstream out(jsonl);
        for (const auto& d : docs) out << nlohmann::json{{"id", d.id}, {"body", d.text}, {"lang", d.lang}}.dump() << '\n';
    }
    auto idx = run({lede_index(), "--db", dir / "idx", "--quiet", jsonl, sample()});
    INFO(idx.err);
    REQUIRE(idx.code == 0);
    std::move(samples.begin(), samples.end(), std::back_inserter(docs));

    // Spans: 150 per source, each 1-4 consecutive words of a random article.
    std::map<std::string, std::vector<const Doc*>> by_source;
    for (const auto& d : docs)
        if (!d.words.empty()) by_source[d.source].push_back(&d);
    REQUIRE(by_source.size() == 10);
    std::mt19937 rng(20240611);
    std::vector<Probe> probes;
    for (const auto& [source, list] : by_source) {
        for (int k = 0; k < 150; ++k) {
            const Doc& d = *list[rng() % list.size()];
            const std::size_t len = 1 + rng() % 4;
            const std::size_t first = rng() % d.words.size();
            const std::size_t last = std::min(d.words.size(), first + len) - 1;
            const std::string span = d.text.substr(d.words[first].begin, d.words[last].end - d.words[first].begin);
            // One change of form, chosen among those that change this span.
            std::vector<std::pair<std::string, std::string>> forms{
                {"upper", upper(span)},       {"no-accents", strip_accents(span)},
                {"accents", add_accents(span, rng)}, {"nfd", decomposed(span)},
                {"full-width", full_width(span)}, {"half-width", half_width(span)}};
            std::erase_if(forms, [&](const auto& f) { return f.second == span; });
            if (forms.empty()) forms.push_back({"as-is", span});
            const auto& f = forms[rng() % forms.size()];
            probes.push_back({&d, span, f.first, without_quotes(f.second)});
        }
    }
    REQUIRE(probes.size() >= 1000);

    lede::Searcher searcher(dir / "idx");
    struct Tally {
        std::size_t n = 0, top10 = 0, found = 0, narrow = 0, narrow_top10 = 0;
    };
    std::map<std::string, Tally> tally;
    Tally all;
    std::ostringstream failures;
    for (const auto& p : probes) {
        lede::SearchRequest req;
        req.query = "\"" + p.query_text + "\"";
        req.limit = 10;
        req.collapse = false;
        req.exact_count = true;
        req.want_passages = false;
        auto res = searcher.search(req);
        auto has_source = [&](const lede::SearchResult& r) {
            return std::any_of(r.hits.begin(), r.hits.end(), [&](const lede::Hit& h) { return h.article.id == p.doc->id; });
        };
        const bool top10 = has_source(res);
        bool found = top10;
        const auto matches = res.matches_upper_bound;
        if (!found && matches > 10) {
            req.limit = matches;
            found = has_source(searcher.search(req));
        }
        for (Tally* t : {&tally[p.doc->source], &all}) {
            ++t->n;
            t->top10 += top10;
            t->found += found;
            if (matches <= 10) {
                ++t->narrow;
                t->narrow_top10 += top10;
            }
        }
        if (std::getenv("LEDE_SHOW_PROBES"))
            std::cout << "  " << p.doc->id << " [" << p.form << "] '" << p.span << "' -> '" << p.query_text << "' "
                      << (top10 ? "top10" : found ? "found" : "MISS") << " (" << matches << ")\n";
        if (!found)
            failures << "  MISS " << p.doc->id << " [" << p.form << "] span '" << p.span << "' searched as '"
                     << p.query_text << "' (" << matches << " matches)\n";
    }
    auto pct = [](std::size_t a, std::size_t b) { return b ? 100.0 * static_cast<double>(a) / static_cast<double>(b) : 100.0; };
    std::ostringstream report;
    report << "consistency: " << all.n << " spans; strict (source in top 10): " << pct(all.top10, all.n)
           << "%; fair (source among the matches): " << pct(all.found, all.n) << "%; spans matching <= 10 articles: "
           << all.narrow << ", source in top 10 for " << pct(all.narrow_top10, all.narrow) << "%\n";
    std::map<std::string, std::size_t> forms;
    for (const auto& p : probes) ++forms[p.form];
    report << "  forms:";
    for (const auto& [form, n] : forms) report << ' ' << form << '=' << n;
    report << '\n';
    for (const auto& [source, t] : tally)
        report << "  " << source << ": " << t.n << " spans, strict " << pct(t.top10, t.n) << "%, fair "
               << pct(t.found, t.n) << "%\n";
    std::cout << report.str() << failures.str();
    INFO(report.str() << failures.str());
    CHECK(pct(all.found, all.n) >= 99.5);
    CHECK(pct(all.narrow_top10, all.narrow) >= 99.5);
}

TEST_CASE("a Chinese or Japanese word typed without spaces finds it, not its characters scattered", "[e2e][analysis]") {
    TempDir dir;
    REQUIRE(run({lede_index(), "--db", dir / "idx", "--quiet", sample()}).code == 0);
    auto ids = [&](const std::string& q) {
        auto r = run({lede_search(), "--db", dir / "idx", "--ids", "-n", "100", q});
        auto v = lines(r.out);
        return std::set<std::string>(v.begin(), v.end());
    };
    struct Case {
        std::string query;
        std::set<std::string> expected;
    };
    // smp-0053 has 北方 and 京剧, smp-0058 has 東北 and 京都: the characters, never adjacent.
    const std::vector<Case> cases{
        {"北京", {"smp-0052"}},
        {"経済", {}},                       // Japanese spelling: no sample article has it
        {"经济", {"smp-0052", "smp-0054"}},
        {"京剧", {"smp-0053"}},
        {"東京", {"smp-0057"}},
        {"京都", {"smp-0058"}},
        {"\"東京の地下鉄\"", {"smp-0057"}},
        {"北京市统计局", {"smp-0052"}},
        {"น้ำท่วม", {"smp-0062"}},
        {"ธนาคารกลาง", {"smp-0063"}},
    };
    for (const auto& c : cases) {
        INFO(c.query);
        CHECK(ids(c.query) == c.expected);
    }
}

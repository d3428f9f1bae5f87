// SPDX-License-Identifier: MIT
// Language: the declared code normalized, else CLD2, else the script.
#include "../catch.hpp"

#include "document_builder.hpp"
#include "language.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <map>

using namespace lede;

TEST_CASE("declared language codes and names are normalized to ISO 639-1", "[language]") {
    struct Row {
        std::string in, out;
    };
    const std::vector<Row> table{
        {"en", "en"},       {"EN", "en"},       {"en-US", "en"},   {"en_GB", "en"},    {" de ", "de"},
        {"eng", "en"},      {"deu", "de"},      {"ger", "de"},     {"fre", "fr"},      {"fra", "fr"},
        {"zho", "zh"},      {"chi", "zh"},      {"zh-Hant", "zh"}, {"zh_TW", "zh"},    {"pt-BR", "pt"},
        {"English", "en"},  {"german", "de"},   {"Japanese", "ja"}, {"iw", "he"},      {"in", "id"},
        {"jw", "jv"},       {"fil", "fil"},     {"yue", "yue"},    {"und", ""},        {"mul", ""},
        {"zxx", ""},        {"xx", ""},         {"e", ""},         {"", ""},           {"12", ""},
        {"en-", "en"},      {"klingonese", ""},
    };
    for (const auto& row : table) {
        INFO("'" << row.in << "'");
        CHECK(normalize_language_code(row.in) == row.out);
    }
}

TEST_CASE("the sample articles without a language are detected from their text", "[language]") {
    std::ifstream in(std::string(LEDE_SOURCE_DIR) + "/corpora/sample/articles.jsonl");
    std::map<std::string, std::string> detected;
    std::size_t agree = 0, declared = 0;
    for (std::string line; std::getline(in, line);) {
        auto j = nlohmann::json::parse(line);
        Article a;
        a.id = j["id"];
        a.title = j["title"];
        a.body = j["body"];
        a.lang = j["lang"];
        const std::string given = a.lang;
        std::string problem;
        prepare_article(a, problem);
        detected[a.id] = a.lang;
        if (!given.empty()) {
            ++declared;
            CHECK(a.lang == given); // a declared language is kept
            // ...and detection agrees with it on these articles.
            agree += detect_language(a.title + "\n" + a.body) == given;
        }
    }
    CHECK(detected["smp-0016"] == "en");
    CHECK(detected["smp-0031"] == "de");
    CHECK(detected["smp-0061"] == "ja"); // kana, not Chinese
    CHECK(declared == 62);
    CHECK(agree == declared);
}

TEST_CASE("short texts are detected by CLD2 or by their script", "[language]") {
    struct Row {
        std::string text, lang;
    };
    const std::vector<Row> table{
        {"Guten Morgen, wie geht es dir?", "de"},
        {"Le chat est sur la table.", "fr"},
        {"El gato está en la mesa.", "es"},
        {"Central bank raises interest rates", "en"},
        {"Москва", "ru"},
        {"Київ є столицею України", "uk"},
        {"ありがとう", "ja"},
        {"東京の地下鉄", "ja"},   // kana decides
        {"北京", "zh"},           // Han alone reads as Chinese
        {"안녕하세요", "ko"},
        {"สวัสดี", "th"},
        {"Καλημέρα", "el"},
        {"שלום", "he"},
        {"مرحبا", "ar"},
        {"12345", ""},            // no letters: no language
        {"!!! ...", ""},
        {"", ""},
    };
    for (const auto& row : table) {
        INFO("'" << row.text << "'");
        CHECK(detect_language(row.text) == row.lang);
    }
}

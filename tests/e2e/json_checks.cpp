// SPDX-License-Identifier: MIT
// Checks of --json and --batch output shared by the sample and the Reuters tests.
#include "json_checks.hpp"

#include "run.hpp"

namespace lede::e2e {
namespace {

using nlohmann::json;

bool boundary(const std::string& text, std::size_t at) {
    return at == text.size() || (static_cast<unsigned char>(text[at]) & 0xC0) != 0x80;
}

void check_spans(const json& spans, const std::string& text, const std::string& where, std::vector<std::string>& out) {
    std::size_t last_end = 0;
    for (const auto& s : spans) {
        const std::size_t b = s[0].get<std::size_t>(), e = s[1].get<std::size_t>();
        const std::string at = where + " [" + std::to_string(b) + "," + std::to_string(e) + "]";
        if (!(b < e && e <= text.size())) out.push_back(at + ": outside the text (" + std::to_string(text.size()) + " bytes)");
        else if (!boundary(text, b) || !boundary(text, e)) out.push_back(at + ": not on UTF-8 character boundaries");
        if (b < last_end) out.push_back(at + ": overlaps or is out of order");
        last_end = e;
    }
}

void add_all(std::vector<std::string>& to, const std::vector<std::string>& from, const std::string& prefix) {
    for (const auto& p : from) to.push_back(prefix + p);
}

} // namespace

const JsonSchema& search_schema() {
    static const JsonSchema schema = JsonSchema::load(source_dir() / "docs/json-schema/lede-search.schema.json");
    return schema;
}

std::vector<std::string> hit_problems(const json& hit) {
    std::vector<std::string> out = search_schema().validate(hit, "#/$defs/hit");
    if (!out.empty()) return out;
    if (hit.contains("title_highlights") && hit.contains("title"))
        check_spans(hit["title_highlights"], hit["title"].get<std::string>(), "title_highlights", out);
    if (hit.contains("passages"))
        for (const auto& p : hit["passages"]) check_spans(p["highlights"], p["text"].get<std::string>(), "passage", out);
    return out;
}

std::vector<std::string> passage_hit_problems(const json& p) {
    std::vector<std::string> out = search_schema().validate(p, "#/$defs/passage_hit");
    if (!out.empty()) return out;
    check_spans(p["title_highlights"], p["title"].get<std::string>(), "title_highlights", out);
    check_spans(p["highlights"], p["text"].get<std::string>(), "passage", out);
    if (p["begin"].get<std::size_t>() > p["end"].get<std::size_t>()) out.push_back("passage begin after end");
    return out;
}

std::vector<std::string> summary_problems(const json& s, const std::string& query, std::size_t hits) {
    std::vector<std::string> out = search_schema().validate(s, "#/$defs/summary");
    if (!out.empty()) return out;
    if (s["query"] != query) out.push_back("summary.query is " + s["query"].dump() + ", not the query as typed");
    if (s["returned"].get<std::size_t>() != hits) out.push_back("summary.returned differs from the number of hits");
    const auto lo = s["matches_lower_bound"].get<std::uint64_t>(), est = s["matches_estimated"].get<std::uint64_t>(),
               hi = s["matches_upper_bound"].get<std::uint64_t>();
    if (!(lo <= est && est <= hi)) out.push_back("count bounds out of order: " + s.dump());
    if (s["counts_exact"].get<bool>() && !(lo == est && est == hi)) out.push_back("counts_exact but bounds differ: " + s.dump());
    if (s.contains("timeline")) {
        std::string last;
        for (const auto& b : s["timeline"]["buckets"]) {
            if (b["period"].get<std::string>() <= last) out.push_back("timeline periods out of order: " + b.dump());
            last = b["period"];
        }
    }
    // Matches count articles; with passage search several passages may come from one article.
    if (!s.contains("passages_found") && lo < s["offset"].get<std::uint64_t>() + hits && hits > 0) out.push_back("fewer matches than hits shown: " + s.dump());
    return out;
}

std::vector<std::string> json_output_problems(const std::string& stdout_text, const std::string& query) {
    std::vector<std::string> out;
    const auto ls = lines(stdout_text);
    if (ls.empty()) return {"no output"};
    std::vector<json> hits;
    for (std::size_t i = 0; i < ls.size(); ++i) {
        json line;
        try {
            line = json::parse(ls[i]);
        } catch (const json::exception& e) {
            out.push_back("line " + std::to_string(i + 1) + " is not JSON: " + e.what());
            continue;
        }
        const std::string where = "line " + std::to_string(i + 1) + ": ";
        add_all(out, search_schema().validate(line, "#/$defs/json_line"), where);
        add_all(out, search_schema().validate(line, "#"), where + "(any line) ");
        if (!out.empty()) continue;
        const bool last = i + 1 == ls.size();
        if (line["type"] == "hit" || line["type"] == "passage") {
            if (last) out.push_back(where + "the last line is a " + line["type"].get<std::string>() + ", not the summary");
            if (!hits.empty() && hits.front().contains("article_rank") != line["data"].contains("article_rank"))
                out.push_back(where + "hit and passage lines mixed");
            add_all(out, line["type"] == "hit" ? hit_problems(line["data"]) : passage_hit_problems(line["data"]), where);
            hits.push_back(line["data"]);
        } else if (!last) {
            out.push_back(where + "a summary before the last line");
        } else {
            add_all(out, summary_problems(line["data"], query, hits.size()), where);
            const std::size_t offset = line["data"]["offset"].get<std::size_t>();
            for (std::size_t k = 0; k < hits.size(); ++k)
                if (hits[k].contains("rank") && hits[k]["rank"].get<std::size_t>() != offset + k + 1)
                    out.push_back("hit " + std::to_string(k + 1) + " has rank " + hits[k]["rank"].dump());
        }
    }
    return out;
}

} // namespace lede::e2e

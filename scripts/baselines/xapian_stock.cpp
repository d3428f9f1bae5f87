// SPDX-License-Identifier: MIT
// xapian-stock: the Xapian pipeline a Xapian user writes (TermGenerator + QueryParser, English
// stemming, BM25), as the baseline Lede is measured against in scripts/eval and scripts/bench.
//
// Usage:
//   xapian-stock index DB FILE.jsonl...      index Lede articles (JSON Lines; '-' = stdin)
//   xapian-stock search DB [-n N] [--json] [--snippets] [--flags default|wildcard|none] [--tag TAG]
//                                           one query per stdin line, "QID<TAB>query" or just the
//                                           query (QID = line number); prints TREC run lines
//                                           "QID Q0 ID RANK SCORE TAG", or with --json one line
//                                           per query {"qid", "hits": [{"id", "rank", "score",
//                                           "snippet"?}]}, flushed after each query.
//
// Deliberately nothing clever: this follows Xapian's getting-started guide (title indexed with
// prefix S and unprefixed, a term-position gap, then the body; document data is the record;
// "Q" + id as the unique term) with the English stemmer and STEM_SOME, and the QueryParser with
// the same stemmer, STEM_SOME, default operator OR and the default BM25Weight. Exit status: 0 ok,
// 1 some records skipped (index), 2 error.
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

constexpr const char* prog = "xapian-stock";

struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

std::string text_field(const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_string()) return {};
    return it->get<std::string>();
}

// Index every record of `in`; returns the number skipped.
std::size_t index_stream(Xapian::WritableDatabase& db, Xapian::TermGenerator& tg, std::istream& in,
                         const std::string& name) {
    std::size_t skipped = 0, lineno = 0;
    std::string line;
    while (std::getline(in, line)) {
        ++lineno;
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        nlohmann::json rec;
        try {
            rec = nlohmann::json::parse(line);
        } catch (const nlohmann::json::exception& e) {
            std::cerr << name << ':' << lineno << ": error: " << e.what() << '\n';
            ++skipped;
            continue;
        }
        const std::string id = rec.is_object() ? text_field(rec, "id") : std::string();
        if (id.empty()) {
            std::cerr << name << ':' << lineno << ": error: missing \"id\"\n";
            ++skipped;
            continue;
        }
        const std::string title = text_field(rec, "title");
        const std::string body = text_field(rec, "body");

        Xapian::Document doc;
        tg.set_document(doc);
        tg.index_text(title, 1, "S");
        tg.index_text(title);
        tg.increase_termpos();
        tg.index_text(body);
        doc.set_data(line);
        const std::string idterm = "Q" + id;
        doc.add_boolean_term(idterm);
        db.replace_document(idterm, doc);
    }
    return skipped;
}

int cmd_index(const std::vector<std::string>& args) {
    if (args.size() < 2) throw UsageError("index needs DB and at least one FILE.jsonl");
    Xapian::WritableDatabase db(args[0], Xapian::DB_CREATE_OR_OPEN);
    Xapian::TermGenerator tg;
    tg.set_stemmer(Xapian::Stem("english"));
    tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    std::size_t skipped = 0;
    for (std::size_t i = 1; i < args.size(); ++i) {
        if (args[i] == "-") {
            skipped += index_stream(db, tg, std::cin, "<stdin>");
            continue;
        }
        std::ifstream in(args[i]);
        if (!in) throw std::runtime_error("cannot read '" + args[i] + "'");
        skipped += index_stream(db, tg, in, args[i]);
    }
    db.commit();
    if (skipped) std::cerr << prog << ": " << skipped << " records skipped\n";
    return skipped ? 1 : 0;
}

int cmd_search(const std::vector<std::string>& args) {
    std::string db_path;
    Xapian::doccount limit = 10;
    bool json = false, snippets = false;
    unsigned flags = Xapian::QueryParser::FLAG_DEFAULT;
    std::string tag = "xapian-stock";
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&]() -> const std::string& {
            if (i + 1 >= args.size()) throw UsageError(a + " needs a value");
            return args[++i];
        };
        if (a == "-n" || a == "--limit") {
            const std::string& v = value();
            char* end = nullptr;
            const long n = std::strtol(v.c_str(), &end, 10);
            if (*end || n < 0) throw UsageError("bad limit '" + v + "'");
            limit = static_cast<Xapian::doccount>(n);
        } else if (a == "--json") {
            json = true;
        } else if (a == "--snippets") {
            snippets = json = true;
        } else if (a == "--flags") {
            const std::string& v = value();
            if (v == "default") flags = Xapian::QueryParser::FLAG_DEFAULT;
            else if (v == "none") flags = 0;
            else if (v == "wildcard") flags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD;
            else throw UsageError("bad --flags '" + v + "' (default, wildcard or none)");
        } else if (a == "--tag") {
            tag = value();
        } else if (db_path.empty() && !a.empty() && a[0] != '-') {
            db_path = a;
        } else {
            throw UsageError("unknown argument '" + a + "'");
        }
    }
    if (db_path.empty()) throw UsageError("search needs DB");

    Xapian::Database db(db_path);
    Xapian::Stem stemmer("english");
    Xapian::QueryParser qp;
    qp.set_database(db);
    qp.set_stemmer(stemmer);
    qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    qp.set_default_op(Xapian::Query::OP_OR);
    qp.add_prefix("title", "S");
    qp.set_max_expansion(200); // wildcards, as lede-search
    Xapian::Enquire enquire(db);   // default weighting: BM25Weight()
    std::cout << std::setprecision(10);

    std::string line;
    std::size_t lineno = 0;
    while (std::getline(std::cin, line)) {
        ++lineno;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        std::string qid = std::to_string(lineno), text = line;
        if (auto tab = line.find('\t'); tab != std::string::npos) {
            qid = line.substr(0, tab);
            text = line.substr(tab + 1);
        }
        Xapian::MSet mset;
        Xapian::Query query;
        try {
            query = qp.parse_query(text, flags);
        } catch (const Xapian::QueryParserError& e) {
            std::cerr << prog << ": query " << qid << ": cannot parse query: " << e.get_msg() << '\n';
        }
        if (!query.empty()) {
            enquire.set_query(query);
            mset = enquire.get_mset(0, limit);
        }
        nlohmann::json hits = nlohmann::json::array();
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            const nlohmann::json rec = nlohmann::json::parse(it.get_document().get_data());
            const std::string id = text_field(rec, "id");
            if (json) {
                nlohmann::json h = {{"id", id}, {"rank", it.get_rank() + 1}, {"score", it.get_weight()}};
                if (snippets) h["snippet"] = mset.snippet(text_field(rec, "body"), 200, stemmer);
                hits.push_back(std::move(h));
            } else {
                std::cout << qid << " Q0 " << id << ' ' << it.get_rank() + 1 << ' ' << it.get_weight() << ' '
                          << tag << '\n';
            }
        }
        // Flushed per query, so that a benchmark can drive it as a co-process line by line.
        if (json) std::cout << nlohmann::json{{"qid", qid}, {"hits", std::move(hits)}}.dump() << std::endl;
    }
    std::cout.flush();
    return std::cout ? 0 : 2;
}

} // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    try {
        if (args.empty() || args[0] == "--help" || args[0] == "-h") {
            std::cout << "usage: " << prog << " index DB FILE.jsonl...\n"
                      << "       " << prog
                      << " search DB [-n N] [--json] [--snippets] [--flags default|wildcard|none] [--tag TAG] < queries\n"
                      << "Xapian's stock pipeline (TermGenerator/QueryParser, English stemming, STEM_SOME, BM25).\n";
            return args.empty() ? 2 : 0;
        }
        const std::string cmd = args[0];
        args.erase(args.begin());
        if (cmd == "index") return cmd_index(args);
        if (cmd == "search") return cmd_search(args);
        throw UsageError("unknown command '" + cmd + "' (index or search)");
    } catch (const UsageError& e) {
        std::cerr << prog << ": " << e.what() << '\n';
    } catch (const Xapian::Error& e) {
        std::cerr << prog << ": " << e.get_type() << ": " << e.get_msg() << '\n';
    } catch (const std::exception& e) {
        std::cerr << prog << ": " << e.what() << '\n';
    }
    return 2;
}

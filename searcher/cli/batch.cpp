// SPDX-License-Identifier: MIT
// Batch mode: parse each line (plain query or JSON object), apply overrides, search, answer in order.
#include "batch.hpp"
#include "line_reader.hpp"

#include "bridge.hpp"
#include "error.hpp"

#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace lede {
namespace {

// A problem with one input line: answered as {"id":..., "error":...}; the batch goes on.
struct LineError {
    std::string message;
};

std::size_t as_count(const Json& v, const char* key, std::size_t max) {
    if (!v.is_number_integer() || v.get<long long>() < 0 || static_cast<unsigned long long>(v.get<long long>()) > max)
        throw LineError{std::string("\"") + key + "\" must be an integer from 0 to " + std::to_string(max)};
    return static_cast<std::size_t>(v.get<long long>());
}

bool as_bool(const Json& v, const char* key) {
    if (!v.is_boolean()) throw LineError{std::string("\"") + key + "\" must be true or false"};
    return v.get<bool>();
}

std::string as_string(const Json& v, const char* key) {
    if (!v.is_string()) throw LineError{std::string("\"") + key + "\" must be a string"};
    return v.get<std::string>();
}

// Apply one JSON line's keys to the request. The keys mirror the command-line options.
void apply_overrides(const Json& obj, SearchRequest& req, HitFields& fields, bool& has_query) {
    for (const auto& [key, v] : obj.items()) {
        if (key == "id") continue;
        if (key == "query") {
            req.query = as_string(v, "query");
            has_query = true;
        } else if (key == "limit") req.limit = as_count(v, "limit", 100000);
        else if (key == "offset") req.offset = as_count(v, "offset", 1u << 30);
        else if (key == "literal") req.literal = as_bool(v, "literal");
        else if (key == "all") {
            req.default_and = as_bool(v, "all");
            if (req.default_and) req.any_words = false;
        } else if (key == "any") {
            req.any_words = as_bool(v, "any");
            if (req.any_words) req.default_and = false;
        }
        else if (key == "collapse") req.collapse = as_bool(v, "collapse");
        else if (key == "exact_count") req.exact_count = as_bool(v, "exact_count");
        else if (key == "since") req.since = as_string(v, "since");
        else if (key == "until") req.until = as_string(v, "until");
        else if (key == "passages_per_hit") req.passages.count = as_count(v, "passages_per_hit", 100);
        else if (key == "passage_width") {
            req.passages.width = as_count(v, "passage_width", 10000);
            if (req.passages.width < 20) throw LineError{"\"passage_width\" must be an integer from 20 to 10000"};
        } else if (key == "recency") {
            if (!v.is_number() || v.get<double>() < 0) throw LineError{"\"recency\" must be a number of days >= 0"};
            req.recency_half_life = v.get<double>();
        } else if (key == "like") req.like = as_string(v, "like");
        else if (key == "facets") req.facets = as_bool(v, "facets");
        else if (key == "suggest") req.suggest = as_bool(v, "suggest");
        else if (key == "passage_search") req.passage_search = as_bool(v, "passage_search");
        else if (key == "passage_articles") req.passage_articles = as_count(v, "passage_articles", 100000);
        else if (key == "timeline") {
            const std::string t = v.is_boolean() ? (v.get<bool>() ? "auto" : "") : as_string(v, "timeline");
            req.timeline = !t.empty();
            if (t == "auto" || t.empty()) req.timeline_unit = TimeUnit::Auto;
            else if (t == "year") req.timeline_unit = TimeUnit::Year;
            else if (t == "month") req.timeline_unit = TimeUnit::Month;
            else if (t == "day") req.timeline_unit = TimeUnit::Day;
            else throw LineError{"\"timeline\" must be true, false, \"auto\", \"year\", \"month\" or \"day\""};
        } else if (key == "sort") {
            const std::string s = as_string(v, "sort");
            if (s == "relevance") req.sort = SortOrder::Relevance;
            else if (s == "newest") req.sort = SortOrder::Newest;
            else if (s == "oldest") req.sort = SortOrder::Oldest;
            else throw LineError{"\"sort\" must be \"relevance\", \"newest\" or \"oldest\""};
        } else if (key == "fields") {
            std::string spec;
            if (v.is_string()) spec = v.get<std::string>();
            else if (v.is_array()) {
                for (const auto& f : v) {
                    if (!spec.empty()) spec += ',';
                    spec += as_string(f, "fields");
                }
                if (spec.empty()) throw LineError{"\"fields\" must not be empty"};
            } else throw LineError{"\"fields\" must be a string \"id,title\" or an array of names"};
            try {
                fields = HitFields::parse(spec);
            } catch (const UsageError& e) {
                throw LineError{e.what()};
            }
        } else {
            throw LineError{"unknown key \"" + key + "\""};
        }
    }
}

// A request line longer than this is answered with an error and not held: the query parser takes
// about 110 bytes of memory per byte of query, so one 50 MB line took the co-process down.
constexpr std::size_t max_request_bytes = std::size_t(1) << 20;

// One input line into `line`, at most max_request_bytes; false at the end of the input. A longer
// line is read to its end without being kept: `line` is left empty and `too_long` set to its length.
bool next_request(std::istream& in, std::string& line, std::uint64_t& too_long) {
    if (!read_line(in, line, max_request_bytes, too_long)) return false; // errors: in.bad() reports them
    if (!too_long && !line.empty() && line.back() == '\r') line.pop_back();
    return true;
}

std::string too_long_answer(std::size_t lineno, std::uint64_t bytes) {
    Json answer = Json::object();
    answer["id"] = lineno;
    answer["error"] = "request line of " + std::to_string(bytes) + " bytes is longer than the limit of " +
                      std::to_string(max_request_bytes) + " bytes; not read";
    return answer.dump();
}

// How one line was answered.
enum class Outcome { Hits, NoHits, Failed };

// Answer one input line (number `lineno`) as a JSON line, without the newline.
std::string answer_line(api::Searcher& searcher, const SearchRequest& defaults, const HitFields& default_fields,
                        const std::string& line, std::size_t lineno, Outcome& outcome) {
    Json answer = Json::object();
    answer["id"] = lineno;
    SearchRequest req = defaults;
    HitFields fields = default_fields;
    bool has_query = false;
    outcome = Outcome::Failed;
    try {
        const auto first = line.find_first_not_of(" \t");
        if (first != std::string::npos && line[first] == '{') {
            Json obj;
            try {
                obj = Json::parse(line);
            } catch (const Json::parse_error& e) {
                std::string what = e.what();
                if (auto p = what.find("column "); p != std::string::npos) what = what.substr(p);
                throw LineError{"malformed JSON: " + what};
            }
            if (!obj.is_object()) throw LineError{"malformed JSON: not an object"};
            if (auto it = obj.find("id"); it != obj.end()) answer["id"] = *it;
            if (auto it = obj.find("query"); it != obj.end() && it->is_string()) answer["query"] = *it;
            apply_overrides(obj, req, fields, has_query);
            if (!has_query && req.like.empty()) throw LineError{"no \"query\" key"};
        } else {
            req.query = line;
        }
        answer["query"] = req.query;
        if (req.query.find_first_not_of(" \t") == std::string::npos && req.like.empty()) throw LineError{"empty query"};
        req.want_passages = fields.needs_passages();
        searcher.reopen();
        const api::Results res = api::detail::search(searcher, req);
        Json hits = Json::array();
        if (res.native->passage_search) {
            for (const auto& ph : res.native->passage_hits) hits.push_back(passage_hit_json(*res.native, ph));
            answer["passages"] = std::move(hits);
        } else {
            for (const auto& h : res.hits) hits.push_back(hit_json(h, fields));
            answer["hits"] = std::move(hits);
        }
        answer["summary"] = summary_json(res, req.query);
        // As lede-search's exit status: paging past the last hit still counts as matching.
        outcome = res.hits.empty() && res.matches_lower_bound == 0 ? Outcome::NoHits : Outcome::Hits;
    } catch (const LineError& e) {
        answer["error"] = e.message;
    } catch (const api::Error& e) {
        if (e.kind() == api::ErrorKind::Query) {
            answer["error"] = "bad query at position " + std::to_string(e.position() + 1) + ": " + e.what();
            answer["position"] = e.position();
        } else {
            answer["error"] = e.what();
        }
    }
    return answer.dump(-1, ' ', false, Json::error_handler_t::replace);
}

void count(BatchStats& stats, Outcome outcome) {
    if (outcome == Outcome::Hits) ++stats.with_hits;
    else if (outcome == Outcome::Failed) ++stats.failed;
}

// Several searchers answer lines concurrently; a writer puts the answers out in input order, each
// as soon as it and every earlier one are ready (so a co-process still gets each answer at once).
BatchStats run_parallel(std::vector<api::Searcher>& searchers, const SearchRequest& defaults, const HitFields& fields,
                        std::istream& in, std::ostream& out) {
    struct Shared {
        std::mutex mutex;
        std::condition_variable work_ready, answer_ready, room;
        std::deque<std::pair<std::size_t, std::string>> work;   // (line number, line)
        std::map<std::size_t, std::uint64_t> too_long;          // line number -> length of a line not read
        std::map<std::size_t, std::pair<std::string, Outcome>> answers;
        bool input_done = false;
        std::size_t total = 0;   // lines read, valid once input_done
    } sh;
    const std::size_t max_pending = 8 * searchers.size();
    BatchStats stats;

    auto worker = [&](api::Searcher& searcher) {
        for (;;) {
            std::pair<std::size_t, std::string> job;
            std::uint64_t too_long = 0;
            {
                std::unique_lock lock(sh.mutex);
                sh.work_ready.wait(lock, [&] { return !sh.work.empty() || sh.input_done; });
                if (sh.work.empty()) return;
                job = std::move(sh.work.front());
                sh.work.pop_front();
                if (auto it = sh.too_long.find(job.first); it != sh.too_long.end()) {
                    too_long = it->second;
                    sh.too_long.erase(it);
                }
            }
            Outcome outcome = Outcome::Failed;
            std::string text = too_long ? too_long_answer(job.first, too_long)
                                        : answer_line(searcher, defaults, fields, job.second, job.first, outcome);
            {
                std::lock_guard lock(sh.mutex);
                sh.answers.emplace(job.first, std::make_pair(std::move(text), outcome));
            }
            sh.answer_ready.notify_all();
        }
    };
    auto writer = [&] {
        for (std::size_t next = 1;; ++next) {
            std::pair<std::string, Outcome> a;
            {
                std::unique_lock lock(sh.mutex);
                sh.answer_ready.wait(lock, [&] { return sh.answers.count(next) || (sh.input_done && next > sh.total); });
                if (!sh.answers.count(next)) return;
                a = std::move(sh.answers[next]);
                sh.answers.erase(next);
                count(stats, a.second);
            }
            sh.room.notify_one();
            if (!stats.output_failed) {
                out << a.first << '\n';
                out.flush();
                if (!out) stats.output_failed = true;   // keep draining; the reader stops at end of input
            }
        }
    };

    std::vector<std::thread> threads;
    for (auto& s : searchers) threads.emplace_back(worker, std::ref(s));
    std::thread writing(writer);
    std::string line;
    std::size_t lineno = 0;
    std::uint64_t too_long = 0;
    while (next_request(in, line, too_long)) {
        std::unique_lock lock(sh.mutex);
        sh.room.wait(lock, [&] { return sh.work.size() + sh.answers.size() < max_pending; });
        sh.work.emplace_back(++lineno, std::move(line));
        if (too_long) sh.too_long.emplace(lineno, too_long);
        lock.unlock();
        sh.work_ready.notify_one();
    }
    {
        std::lock_guard lock(sh.mutex);
        sh.input_done = true;
        sh.total = lineno;
    }
    sh.work_ready.notify_all();
    sh.answer_ready.notify_all();
    for (auto& t : threads) t.join();
    sh.answer_ready.notify_all();
    writing.join();
    stats.lines = lineno;
    if (in.bad()) stats.input_failed = true;
    return stats;
}

} // namespace

BatchStats run_batch(std::vector<api::Searcher>& searchers, const SearchRequest& defaults, const HitFields& fields,
                     std::istream& in, std::ostream& out) {
    if (searchers.size() > 1) return run_parallel(searchers, defaults, fields, in, out);
    return run_batch(searchers.at(0), defaults, fields, in, out);
}

BatchStats run_batch(api::Searcher& searcher, const SearchRequest& defaults, const HitFields& fields,
                     std::istream& in, std::ostream& out) {
    BatchStats stats;
    std::string line;
    std::uint64_t too_long = 0;
    while (next_request(in, line, too_long)) {
        ++stats.lines;
        Outcome outcome = Outcome::Failed;
        out << (too_long ? too_long_answer(stats.lines, too_long)
                         : answer_line(searcher, defaults, fields, line, stats.lines, outcome))
            << '\n';
        count(stats, outcome);
        out.flush();
        if (!out) {
            stats.output_failed = true;
            break;
        }
    }
    if (in.bad()) stats.input_failed = true;
    return stats;
}

int batch_exit_code(const BatchStats& stats) {
    if (stats.input_failed || stats.failed > 0) return 2;
    return stats.with_hits > 0 ? 0 : 1;
}

} // namespace lede

// SPDX-License-Identifier: MIT
// Enquire setup, recency weighting, collapse of duplicates, honest counts, facets, did-you-mean,
// more-like-this, and hits with passages; retried when the index changes underneath.
#include "searcher.hpp"

#include "bm25_idf.hpp"
#include "date.hpp"
#include "error.hpp"
#include "feedback.hpp"
#include "passage_search.hpp"
#include "schema.hpp"
#include "spelling.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <unordered_map>

namespace lede {
namespace {

using Q = Xapian::Query;

// Recency boost: weight = boost * 2^(-age_days / half_life), age counted back from `newest`,
// read from the numeric date slot. Undated articles get no boost.
class RecencySource : public Xapian::ValuePostingSource {
public:
    RecencySource(double newest, double half_life, double boost)
        : Xapian::ValuePostingSource(schema::slot::date_num), m_newest(newest), m_half_life(half_life),
          m_boost(boost) {}
    void init(const Xapian::Database& database) override {
        Xapian::ValuePostingSource::init(database);
        set_maxweight(m_boost);
    }
    double get_weight() const override {
        const double days = Xapian::sortable_unserialise(get_value());
        const double age = std::max(0.0, m_newest - days);
        return m_boost * std::exp2(-age / m_half_life);
    }
    RecencySource* clone() const override { return new RecencySource(m_newest, m_half_life, m_boost); }
    std::string get_description() const override {
        return "lede::RecencySource(half_life=" + std::to_string(m_half_life) + ")";
    }

private:
    double m_newest, m_half_life, m_boost;
};

// --like expands over the article's stemmed text words: "Z" + a term with no field prefix.
class TextStems : public Xapian::ExpandDecider {
public:
    bool operator()(const std::string& term) const override {
        const std::string_view z = schema::prefix::stem;
        if (term.size() < z.size() + 2 || term.compare(0, z.size(), z) != 0) return false;
        const char c = term[z.size()];
        return !(c >= 'A' && c <= 'Z');
    }
};

// A relaxed search tries runs missing up to this many words, then any of their words.
constexpr unsigned max_missing = 3;

// Juxtaposed words are all required unless --any, or --literal without --all.
bool words_required(const SearchRequest& req) { return !req.any_words && (req.default_and || !req.literal); }

double today_days() { return std::floor(static_cast<double>(std::time(nullptr)) / 86400.0); }

bool has_remote_shards(const std::string& path) {
    try {
        for (const auto& shard : read_stub(path))
            if (shard.kind.rfind("remote", 0) == 0) return true;
    } catch (const Error&) {
        // Not a readable stub: a plain local database (open_index reports real problems).
    }
    return false;
}

void set_weighting(Xapian::Enquire& enquire, const RankingParams& rp, bool remote) {
    switch (rp.weighting) {
    case Weighting::Bm25Rsj:
        // Remote shards know only Xapian's own classes: BM25Weight's idf there.
        if (!remote) {
            enquire.set_weighting_scheme(Bm25IdfWeight(rp.k1, rp.b, 0.5));
            break;
        }
        [[fallthrough]];
    case Weighting::Bm25: enquire.set_weighting_scheme(Xapian::BM25Weight(rp.k1, 0, 1, rp.b, 0.5)); break;
    case Weighting::Bm25Plus:
        enquire.set_weighting_scheme(Xapian::BM25PlusWeight(rp.k1, 0, 1, rp.b, 0.5, rp.bm25_delta));
        break;
    case Weighting::IneB2: enquire.set_weighting_scheme(Xapian::IneB2Weight(rp.dfr_c)); break;
    }
}

// Pseudo-relevance feedback: the top expand_docs articles of `query` are taken as relevant, and
// Xapian's expand set (Enquire::get_eset over that RSet) names the expand_terms body stems that
// best tell them apart from the rest, the query's own terms left out. Each is added with its
// share of expand_weight * `words`, in proportion to its expand weight, so the feedback weighs the
// same against a query of any length. AND_MAYBE: the feedback re-ranks the matches of the query
// and never adds a match. `enquire` has its weighting set; its query is left as it was.
// On a single local database the expand set is computed by expand_terms (feedback.hpp), which
// gives get_eset's terms and weights but keeps term frequencies across queries (`freqs`).
Q expand_query(Xapian::Enquire& enquire, const Q& query, const RankingParams& rp, std::size_t words,
               const Xapian::Database& db, TermFreqCache& freqs) {
    if (rp.expand_docs == 0 || rp.expand_terms == 0 || rp.expand_weight <= 0) return query;
    enquire.set_query(query);
    // Articles tied at the cut are taken by content hash, not docid: a sharded index numbers the
    // same articles differently, and its feedback (so its scores) must equal one index's.
    enquire.set_sort_by_relevance_then_value(schema::slot::dup_key, false);
    const Xapian::MSet top = enquire.get_mset(0, rp.expand_docs);
    enquire.set_sort_by_relevance();
    std::vector<Xapian::docid> docs;
    for (auto it = top.begin(); it != top.end(); ++it) docs.push_back(*it);
    if (docs.empty()) return query;
    const TextStems decider;
    std::vector<ExpandTerm> eset;
    if (freqs.sync(db)) {
        eset = expand_terms(db, docs, query, rp.expand_terms, [&](const std::string& t) { return decider(t); }, freqs);
    } else {
        Xapian::RSet rset;
        for (Xapian::docid d : docs) rset.add_document(d);
        // Exact term frequencies: over shards Xapian otherwise estimates them, and the feedback would
        // differ from that of the same articles in one index.
        const Xapian::ESet xs = enquire.get_eset(rp.expand_terms, rset, Xapian::Enquire::USE_EXACT_TERMFREQ, &decider);
        for (auto it = xs.begin(); it != xs.end(); ++it) eset.push_back({*it, it.get_weight()});
    }
    double total = 0;
    for (const auto& e : eset) total += e.weight;
    if (total <= 0) return query;
    const double scale = rp.expand_weight * static_cast<double>(std::max<std::size_t>(1, words)) / total;
    std::vector<Q> extra;
    for (const auto& e : eset) extra.emplace_back(Q::OP_SCALE_WEIGHT, Q(e.term), scale * e.weight);
    return Q(Q::OP_AND_MAYBE, query, Q(Q::OP_OR, extra.begin(), extra.end()));
}

} // namespace

std::string_view weighting_name(Weighting weighting) {
    switch (weighting) {
    case Weighting::Bm25: return "bm25";
    case Weighting::Bm25Plus: return "bm25+";
    case Weighting::IneB2: return "ineb2";
    case Weighting::Bm25Rsj: return "bm25-rsj";
    }
    return "bm25";
}

Weighting weighting_from_name(std::string_view name) {
    for (Weighting w : {Weighting::Bm25, Weighting::Bm25Plus, Weighting::Bm25Rsj, Weighting::IneB2})
        if (name == weighting_name(w)) return w;
    throw UsageError("unknown weighting '" + std::string(name) + "' (bm25, bm25+, bm25-rsj or ineb2)");
}

Searcher::Searcher(const std::string& db_path, RankingParams ranking, bool allow_partial)
    : m_path(db_path), m_ranking(ranking) {
    OpenedIndex opened = open_index_checked(db_path, allow_partial);
    m_db = opened.db;
    m_info = opened.info;
    m_unavailable = std::move(opened.unavailable);
    m_sharded = !read_stub(db_path).empty();
    m_remote = has_remote_shards(db_path);
    m_analyzer = std::make_unique<Analyzer>(m_info.analyzer);
}

void Searcher::reopen() {
    m_db.reopen();
    if (m_sharded) return; // shard metadata was summed at open; a stub's shards keep their schema
    m_info = read_index_info(m_db);
    if (!(m_info.analyzer == m_analyzer->config())) m_analyzer = std::make_unique<Analyzer>(m_info.analyzer);
}

ParsedQuery Searcher::parse(const SearchRequest& req) const {
    QueryParserOptions qo;
    qo.literal = req.literal;
    qo.default_and = words_required(req);
    qo.relax = req.relax;
    qo.title_weight = m_ranking.title_weight;
    qo.proximity_weight = m_ranking.proximity_weight;
    qo.proximity_window = m_ranking.proximity_window;
    // Pairs of very common words cost positional checks over long posting lists for little gain.
    // Term statistics come from the per-revision cache (the same words recur across queries).
    const bool cached = m_freqs.sync(m_db);
    auto termfreq = [this, cached](const std::string& term) {
        return cached ? m_freqs.termfreq(m_db, term) : m_db.get_termfreq(term);
    };
    qo.proximity_term = [this, termfreq](const std::string& term) {
        return termfreq(term) <= m_ranking.proximity_max_share * m_db.get_doccount();
    };
    if (m_ranking.burstiness != 0 || (m_ranking.common_weight != 1.0 && m_ranking.common_share < 1.0)) {
        // Statistics of the word's most frequent stem term (the others are rare spellings).
        qo.word_weight = [this, cached, termfreq](const std::vector<std::string>& terms) {
            Xapian::doccount df = 0;
            Xapian::termcount cf = 0;
            for (const auto& t : terms)
                if (const Xapian::doccount f = termfreq(t); f > df) {
                    df = f;
                    cf = cached ? m_freqs.collection_freq(m_db, t) : m_db.get_collection_freq(t);
                }
            if (df == 0) return 1.0;
            double w = 1.0;
            if (m_ranking.burstiness != 0) w *= std::pow(static_cast<double>(cf) / df, m_ranking.burstiness);
            if (df > m_ranking.common_share * m_db.get_doccount()) w *= m_ranking.common_weight;
            return w;
        };
    }
    qo.max_wildcard = req.max_wildcard;
    qo.body_filter = !m_remote;
    qo.capitals = m_info.capitals;
    for (const auto& [lang, n] : m_info.languages)
        if (n > 0 && Analyzer::has_stemmer(lang)) qo.stem_languages.push_back(lang);
    ParsedQuery pq;
    if (!req.query.empty() || req.like.empty()) pq = parse_query(req.query, *m_analyzer, qo);
    else pq.pure_filter = true;
    if (!req.since.empty() || !req.until.empty()) {
        auto bound = [](const std::string& option, const std::string& value, bool upper) {
            try {
                return value.empty() ? std::string() : date_bound(value, upper);
            } catch (const QueryError& e) {
                throw UsageError(option + ": " + e.what());
            }
        };
        const std::string lo = bound("--since", req.since, false), hi = bound("--until", req.until, true);
        if (!lo.empty() && !hi.empty() && lo > hi)
            throw UsageError("--since " + req.since + " is after --until " + req.until + ": no date can match");
        const Q range = lo.empty()   ? Q(Q::OP_VALUE_LE, schema::slot::date, hi)
                        : hi.empty() ? Q(Q::OP_VALUE_GE, schema::slot::date, lo)
                                     : Q(Q::OP_VALUE_RANGE, schema::slot::date, lo, hi);
        if (pq.query.empty()) pq.query = range;
        else pq.query = pq.pure_filter ? Q(Q::OP_AND, pq.query, range) : Q(Q::OP_FILTER, pq.query, range);
    }
    return pq;
}

SearchResult Searcher::search(const SearchRequest& req) {
    // No article has every word: show those with most of them, saying so (docs/query-language.md,
    // "Words"). The strict search looks for no spelling suggestion unless it is the answer.
    SearchRequest strict = req;
    strict.suggest = false;
    SearchResult r = search_retried(strict);
    auto with_suggestion = [&](SearchResult& res) {
        if (!req.suggest || req.query.empty()) return;
        const auto started = std::chrono::steady_clock::now();
        suggest(req, parse(req), res);
        res.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    };
    if (!r.all_words || r.matches_lower_bound > 0 || r.and_width < 2) {
        with_suggestion(r);
        return r;
    }
    // The fewest words missing that finds something, probed cheaply (does anything match?), then
    // searched in full.
    // One, two, three words missing, then any of them: a bounded number of probes.
    SearchRequest relaxed = req;
    const auto width = static_cast<unsigned>(std::min<std::size_t>(r.and_width, max_query_words));
    std::vector<unsigned> levels;
    for (unsigned missing = 1; missing < width && missing <= max_missing; ++missing) levels.push_back(missing);
    if (width - 1 > max_missing) levels.push_back(width - 1); // every run: any one of its words
    for (const unsigned missing : levels) {
        relaxed.relax = missing;
        const ParsedQuery pq = parse(relaxed);
        if (!req.like.empty() || any_match(pq.query)) {
            SearchResult rr = search_retried(relaxed);
            if (rr.matches_lower_bound > 0) {
                rr.relaxed = true;
                rr.words_missing = missing;
                return rr;
            }
        }
        if (pq.relaxed_to_any) break; // not even one of the words: the strict answer stands
    }
    with_suggestion(r);
    return r;
}

bool Searcher::any_match(const Xapian::Query& query) {
    for (unsigned attempt = 0;; ++attempt) {
        try {
            Xapian::Enquire enquire(m_db);
            enquire.set_query(query);
            enquire.set_weighting_scheme(Xapian::BoolWeight());
            return !enquire.get_mset(0, 1).empty();
        } catch (const Xapian::DatabaseModifiedError&) {
            if (attempt >= 5) throw;
            reopen();
        }
    }
}

SearchResult Searcher::search_retried(const SearchRequest& req) {
    // A writer may commit while we read: reopen and retry, a bounded number of times.
    for (unsigned attempt = 0;; ++attempt) {
        try {
            SearchResult r = search_once(req);
            r.reopens = attempt;
            return r;
        } catch (const Xapian::DatabaseModifiedError&) {
            if (attempt >= 5) throw;
            reopen();
        }
    }
}

std::optional<ArticleView> Searcher::article(const std::string& id, const SearchRequest& highlight) {
    for (unsigned attempt = 0;; ++attempt) {
        try {
            return article_once(id, highlight);
        } catch (const Xapian::DatabaseModifiedError&) {
            if (attempt >= 5) throw;
            reopen();
        }
    }
}

std::optional<ArticleView> Searcher::article_once(const std::string& id, const SearchRequest& highlight) {
    const std::string id_term = limit_term_length(std::string(schema::prefix::id) + id);
    ArticleView view;
    for (auto p = m_db.postlist_begin(id_term); p != m_db.postlist_end(id_term); ++p) {
        Xapian::Document doc = m_db.get_document(*p);
        Article a = decode_article(doc.get_data());
        if (a.id != id) continue; // a long id shares its cut and hashed term with another
        view.docid = *p;
        view.article = std::move(a);
        // Copies share the copy key (slot dup_key), indexed as a term on every article with words.
        const std::string key = doc.get_value(schema::slot::dup_key);
        if (!key.empty()) {
            const std::string copy_term = std::string(schema::prefix::copy) + key;
            for (auto c = m_db.postlist_begin(copy_term); c != m_db.postlist_end(copy_term); ++c)
                if (*c != view.docid) view.copies.push_back(decode_article(m_db.get_document(*c).get_data()));
            std::sort(view.copies.begin(), view.copies.end(), [](const Article& x, const Article& y) {
                if (x.date.empty() != y.date.empty()) return y.date.empty();
                if (x.date != y.date) return x.date < y.date;
                return x.id < y.id;
            });
        }
        break;
    }
    if (view.docid == 0) return std::nullopt;
    if (!highlight.query.empty()) {
        SearchRequest req = highlight;
        req.like.clear();
        const ParsedQuery pq = parse(req);
        MatchMemo memo;
        const Article& a = view.article;
        view.title_highlights = find_highlights(*m_analyzer, a.title, a.lang, pq, Field::Title, &memo);
        view.body_highlights = find_highlights(*m_analyzer, a.body, a.lang, pq, Field::Text, &memo);
    }
    return view;
}

void Searcher::check_wildcards(const ParsedQuery& pq, unsigned limit) const {
    for (const auto& w : pq.wildcards) {
        unsigned n = 0;
        for (auto it = m_db.allterms_begin(w.prefix); it != m_db.allterms_end(w.prefix) && n <= limit; ++it) ++n;
        if (n > limit)
            throw QueryError(w.pos, "'" + w.typed + "' matches more than " + std::to_string(limit) +
                                        " words in this index; type more letters before the '*'");
    }
}

Xapian::Query Searcher::like_query(const std::string& id, std::string& dup_key) const {
    const std::string id_term = limit_term_length(std::string(schema::prefix::id) + id);
    Xapian::PostingIterator p = m_db.postlist_begin(id_term);
    if (p == m_db.postlist_end(id_term)) throw UsageError("--like: no article with id '" + id + "' in the index");
    const Xapian::docid did = *p;
    dup_key = m_db.get_document(did).get_value(schema::slot::dup_key);
    Xapian::RSet rset;
    rset.add_document(did);
    Xapian::Enquire enquire(m_db);
    enquire.set_weighting_scheme(Xapian::BM25Weight(m_ranking.k1, 0, 1, m_ranking.b, 0.5));
    TextStems decider;
    const Xapian::ESet eset = enquire.get_eset(30, rset, Xapian::Enquire::USE_EXACT_TERMFREQ, &decider);
    std::vector<Q> terms;
    for (auto it = eset.begin(); it != eset.end(); ++it) terms.emplace_back(*it);
    if (terms.empty()) throw UsageError("--like: article '" + id + "' has no words to compare");
    // Neither the article nor its exact copies are "more like it".
    Q excluded(id_term);
    if (!dup_key.empty()) {
        // An index that marks copies indexes their key as a term too: a posting list, not a value scan.
        const Q copies = m_info.copies_marked ? Q(std::string(schema::prefix::copy) + dup_key)
                                              : Q(Q::OP_VALUE_RANGE, schema::slot::dup_key, dup_key, dup_key);
        excluded = Q(Q::OP_OR, excluded, copies);
    }
    return Q(Q::OP_AND_NOT, Q(Q::OP_OR, terms.begin(), terms.end()), excluded);
}

Xapian::doccount Searcher::count_matches(const Xapian::Query& query, bool collapse) {
    Xapian::Enquire enquire(m_db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    if (collapse) enquire.set_collapse_key(collapse_slot());
    MatchSetSpy spy(collapse, false, false, collapse_slot());
    const bool use_spy = collapse && !m_remote;
    if (use_spy) enquire.add_matchspy(&spy);
    constexpr Xapian::doccount check = 1000;
    const Xapian::MSet mset = enquire.get_mset(0, 0, check);
    return use_spy && spy.seen() < check ? spy.distinct() : mset.get_matches_estimated();
}

// Did-you-mean: a word that occurs in no article, or (when the query finds little) a word far
// rarer than a close spelling, is replaced by that spelling; the suggestion stands if it matches.
void Searcher::suggest(const SearchRequest& req, const ParsedQuery& pq, SearchResult& res) {
    constexpr Xapian::doccount few = 5;
    const bool little = res.matches_estimated < few;
    SpellingCache* const cache = m_spelling.sync(m_db) ? &m_spelling : nullptr;
    const bool cached = m_freqs.sync(m_db);
    for (const auto& w : pq.words) {
        const Xapian::doccount freq = cached ? m_freqs.termfreq(m_db, w.term) : m_db.get_termfreq(w.term);
        if (freq > 0 && !little) continue;
        // A word that occurs gives way only to a spelling at least 10 times as common.
        const std::string s = suggest_spelling(m_db, w.term, 2, freq > 0 ? 10 * freq : 1, cache);
        if (s.empty()) continue;
        res.corrections.push_back({w.begin, w.end, req.query.substr(w.begin, w.end - w.begin), s});
    }
    if (res.corrections.empty()) return;
    std::string text = req.query;
    for (auto it = res.corrections.rbegin(); it != res.corrections.rend(); ++it)
        text.replace(it->begin, it->end - it->begin, it->to);
    SearchRequest alt = req;
    alt.query = text;
    alt.like.clear();
    alt.relax = 0; // the corrected query with every word, else with any of them
    ParsedQuery apq = parse(alt);
    check_wildcards(apq, req.max_wildcard);
    // The same suggestions recur across queries: their counts are kept with the spelling cache,
    // by the query Xapian runs, for as long as the index stays at one revision.
    auto count = [&](const Xapian::Query& query) {
        std::string key;
        if (cache) {
            try {
                key = query.serialise();
            } catch (const Xapian::Error&) { // a query Xapian cannot serialise is counted each time
            }
        }
        if (!key.empty()) {
            key += req.collapse ? 'c' : 'a';
            if (const auto known = cache->count(key)) return *known;
        }
        const Xapian::doccount matches = count_matches(query, req.collapse);
        if (!key.empty()) cache->remember_count(key, matches);
        return matches;
    };
    Xapian::doccount n = count(apq.query);
    if (n == 0 && words_required(alt)) { // as relaxed as it gets: any of each run's words
        alt.relax = max_query_words;
        apq = parse(alt);
        n = count(apq.query);
    }
    if (n == 0) {
        res.corrections.clear();
        return;
    }
    res.suggestion = std::move(text);
    res.suggestion_matches = n;
}

SearchResult Searcher::search_once(const SearchRequest& req) {
    const auto started = std::chrono::steady_clock::now();
    ParsedQuery pq = parse(req);
    check_wildcards(pq, req.max_wildcard);
    SearchResult res;
    Q query = pq.query;
    std::string dup_key;
    if (!req.like.empty()) {
        const Q like = like_query(req.like, dup_key);
        query = query.empty() ? like : Q(Q::OP_FILTER, like, query);
        pq.pure_filter = false;
        res.like_id = req.like;
    }

    Xapian::Enquire enquire(m_db);
    set_weighting(enquire, m_ranking, m_remote);
    if ((m_ranking.expand_all || (m_ranking.expand && req.literal)) && req.sort == SortOrder::Relevance &&
        !pq.pure_filter && req.like.empty())
        query = expand_query(enquire, query, m_ranking, pq.words.size(), m_db, m_freqs);

    if (req.recency_half_life > 0 && m_remote)
        throw UsageError("--recency needs a local index: remote shards run stock Xapian, which cannot weight by date");
    if (req.recency_half_life > 0) {
        // The boost is relative to the query's best score, so it means the same for every query.
        enquire.set_query(query);
        const double top = enquire.get_mset(0, 1).get_max_attained();
        const double boost = m_ranking.recency_weight * (top > 0 ? top : 1.0);
        const Xapian::valueno slot = schema::slot::date_num;
        const std::string newest_value = m_db.get_value_upper_bound(slot);
        const double newest = newest_value.empty() ? today_days() : Xapian::sortable_unserialise(newest_value);
        if (boost > 0) {
            auto* src = new RecencySource(newest, req.recency_half_life, boost);
            query = Q(Q::OP_AND_MAYBE, query, Q(src->release()));
        }
    }
    enquire.set_query(query);
    SortOrder sort = req.sort;
    if (pq.pure_filter && sort == SortOrder::Relevance) sort = SortOrder::Newest;
    if (sort == SortOrder::Newest) {
        enquire.set_sort_by_value_then_relevance(schema::slot::date, true); // undated ("") last
    } else if (sort == SortOrder::Oldest) {
        auto* key = new Xapian::MultiValueKeyMaker;
        key->add_value(schema::slot::date, false, "~"); // undated last
        enquire.set_sort_by_key_then_relevance(key->release(), false);
    }
    if (req.collapse) enquire.set_collapse_key(collapse_slot());

    // One spy for facets, timeline and the collapsed count (Xapian only estimates that one);
    // remote shards get Xapian's own value-count spies instead.
    const bool want_spy = !m_remote && (req.facets || req.timeline || req.collapse);
    MatchSetSpy spy(req.collapse, req.facets, req.timeline, collapse_slot());
    if (want_spy) enquire.add_matchspy(&spy);
    RemoteFacetSpies remote_spies;
    const bool want_remote_spies = m_remote && (req.facets || req.timeline);
    if (want_remote_spies) remote_spies.attach(enquire);
    // Small result sets are always counted exactly: Xapian examines at least `check` matches, so
    // a query with at most that many matches has lower bound = upper bound (docs: "Counts").
    Xapian::doccount check = static_cast<Xapian::doccount>(std::max<std::size_t>(req.exact_up_to, req.offset + req.limit));
    if (req.exact_count) check = m_db.get_doccount();
    else if (req.facets || req.timeline) check = std::max(check, req.facet_sample);

    Xapian::MSet mset;
    try {
        // Passage search ranks the passages of the best articles; offset and limit apply to passages.
        if (req.passage_search)
            mset = enquire.get_mset(0, static_cast<Xapian::doccount>(req.passage_articles), check);
        else
            mset = enquire.get_mset(static_cast<Xapian::doccount>(req.offset), static_cast<Xapian::doccount>(req.limit),
                                    check);
    } catch (const Xapian::WildcardError&) {
        const std::size_t pos = pq.wildcards.empty() ? 0 : pq.wildcards.front().pos;
        throw QueryError(pos, "a wildcard matches more than " + std::to_string(req.max_wildcard) +
                                  " words in this index; type more letters before the '*'");
    }

    res.parsed = query.get_description();
    res.all_words = words_required(req);
    res.and_width = pq.and_width;
    res.relaxed_to_any = pq.relaxed_to_any;
    res.offset = req.offset;
    res.matches_lower_bound = mset.get_matches_lower_bound();
    res.matches_estimated = mset.get_matches_estimated();
    res.matches_upper_bound = mset.get_matches_upper_bound();
    if (want_spy) {
        // Xapian stops showing matches to the spy only after `check` of them were kept, so a spy
        // that saw fewer (or as many as could possibly match) saw them all.
        const bool all_seen = req.exact_count || spy.seen() < check ||
                              spy.seen() >= mset.get_uncollapsed_matches_upper_bound();
        if (all_seen && req.collapse) // Xapian only estimates collapsed counts; the spy knows
            res.matches_lower_bound = res.matches_estimated = res.matches_upper_bound = spy.distinct();
        res.facets_exact = all_seen;
        res.facet_counted = spy.distinct();
        if (req.facets) res.facets = spy.tally().facets(req.facet_values);
        if (req.timeline) {
            res.timeline = spy.tally().timeline(req.timeline_unit);
            res.has_timeline = true;
        }
    }
    if (want_remote_spies) {
        const FacetTally tally = remote_spies.tally();
        res.facets_exact = req.exact_count || remote_spies.seen() < check;
        res.facet_counted = remote_spies.seen();
        if (req.facets) res.facets = tally.facets(req.facet_values);
        if (req.timeline) {
            res.timeline = tally.timeline(req.timeline_unit);
            res.has_timeline = true;
        }
    }
    res.counts_exact = res.matches_lower_bound == res.matches_upper_bound;

    const double n_docs = std::max<double>(1, m_db.get_doccount());
    // One index lookup per distinct highlight term for all the hits of the query, not per hit.
    std::unordered_map<std::string, double> idf;
    const bool cached = m_freqs.sync(m_db);
    TermWeight weight = [&](const std::string& term) {
        auto it = idf.find(term);
        if (it == idf.end()) {
            const double tf = cached ? m_freqs.termfreq(m_db, term) : m_db.get_termfreq(term);
            it = idf.emplace(term, std::log(1.0 + n_docs / (tf + 0.5))).first;
        }
        return it->second;
    };
    MatchMemo memo; // words met in several hits are matched against the query once
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        Hit h;
        h.docid = *it;
        h.rank = it.get_rank() + 1;
        h.score = it.get_weight();
        h.duplicates = it.get_collapse_count();
        Xapian::Document doc = it.get_document();
        h.article = decode_article(doc.get_data());
        if (req.want_passages && !req.passage_search) {
            h.title_highlights = find_highlights(*m_analyzer, h.article.title, h.article.lang, pq, Field::Title, &memo);
            h.passages = select_passages(*m_analyzer, h.article.body, h.article.lang, pq, req.passages, weight, &memo);
        }
        res.hits.push_back(std::move(h));
    }
    if (req.suggest && !req.query.empty()) suggest(req, pq, res);
    if (req.passage_search) rank_passages(res, *m_analyzer, pq, req.passages, weight, req.offset, req.limit);
    res.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return res;
}

} // namespace lede

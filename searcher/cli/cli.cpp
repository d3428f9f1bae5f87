// SPDX-License-Identifier: MIT
// lede-search options and help text (the help is the reference for the query language).
#include "cli.hpp"

#include "error.hpp"

#include "index_meta.hpp"

#include <cstdlib>

namespace lede {

void add_options(CLI::App& app, SearchOptions& o) {
    app.description("Search a Lede index and print the best passages of each article, query words highlighted.");
    app.footer(R"(Query language (docs/query-language.md has the whole of it):
  cocoa prices            articles with both words, best first (titles count more); when none has
                          both, the articles with most of them, marked as such; --any: either word
  "central bank"          the exact phrase;  "central bank"~3  the words within 3 of each other
  cocoa AND ghana         both;  cocoa OR coffee  either;  cocoa NOT ghana, NOT ghana  (capitals)
  +cocoa -ghana           cocoa required, ghana excluded;  ( ) groups;  a b OR c = (a AND b) OR c
  strike NEAR/5 port      at most 5 words apart, either order (NEAR alone: 10)
  econom*                 words starting with econom (at most --max-wildcard of them)
  =café  =US              this spelling only: no stemming, accents kept; in capitals: the acronym
  title:cocoa  body:  author:  source:  tag:  lang:de  site:example.com  id:ID  title:(a OR b)
  date:2020  date:2020-03  date:2019-01-01..2019-06-30  date:..1990  date:2015..
  date:today  date:yesterday  date:7d (7 days ago to today)  date:last-month  date:1y..3m  (UTC)
A word followed by a colon that is not a field name is plain text ("Note: ..."). Case and
accents never matter unless =word is used; words match their stems in the index's languages.
Use --literal for pasted text and all-caps headlines (AND/OR/NOT are words then).
Duplicated stories show once with their copy count. Counts say what they are: "122 results" is
exact (always, up to 1,000 matches), "about 4,000 results" an estimate. Unknown words get a "Did
you mean" from the index's own vocabulary. Without colour, highlights are plain text (--markers).
--recency DAYS adds recency-weight x best score x 2^(-age/DAYS), age from the newest article.

Exit status: 0 at least one hit, 1 no hits, 2 error (usage, bad query, index not opened).)");
    if (const char* env = std::getenv("LEDE_DB")) o.db = env;
    app.add_option("--db", o.db, "Index directory or stub file (default: $LEDE_DB)");
    app.add_flag_callback("--allow-remote-programs", [] { set_remote_programs_allowed(true); },
                          "Let an index stub run programs: Xapian runs the PROGRAM of a stub line \"remote :PROGRAM ARGS\" when it opens the stub; without this flag such a line (in the --db stub or any stub it names) is refused");
    app.add_flag("--allow-partial", o.allow_partial,
                 "With a sharded index: when shards cannot be opened or reached, search the others (a warning "
                 "names each one; JSON says \"partial\": true) instead of failing with exit status 2");
    app.add_option("query", o.words, "The query (several arguments are joined with spaces)");
    auto& r = o.request;
    app.add_option("-n,--limit", r.limit, "Number of hits to show")->capture_default_str()->check(CLI::Range(0, 100000));
    app.add_option("--offset", r.offset, "Skip this many hits (for the next page)")
        ->capture_default_str()
        ->check(CLI::Range(0, 1 << 30)); // before the conversion: "-5" must not wrap around
    app.add_flag("--literal", r.literal, "Treat the whole query as free text: no operators, fields or quotes");
    auto* all = app.add_flag("--all", r.default_and,
                             "Require every word, with --literal too (the default without it; when no article has "
                             "them all, those with most of them are shown, marked)");
    app.add_flag("--any", r.any_words, "Rank articles with any of the words (the default with --literal)")->excludes(all);
    app.add_option("--sort", o.sort, "relevance, newest or oldest")
        ->capture_default_str()
        ->check(CLI::IsMember({"relevance", "newest", "oldest"}));
    app.add_option("--recency", r.recency_half_life,
                   "Favour recent articles: adds up to 1 to the score, halved every DAYS days of age")
        ->check(CLI::NonNegativeNumber);
    app.add_option("--since", r.since, "Only articles on or after this date: YYYY[-MM[-DD]], or today, yesterday, 7d, 3w, 2m, 1y (days, weeks, months, years ago), last-week, last-month, last-year (UTC days)");
    app.add_option("--until", r.until, "Only articles on or before this date (the same forms as --since)");
    app.add_flag("!--no-collapse", r.collapse, "Show every copy of duplicated articles (default: one hit per story)");
    app.add_flag("--exact-count", r.exact_count, "Count every match exactly, and facets over every match (slower)");
    app.add_option("--like", r.like, "Articles like the one with this id (a query, if given, filters them)")
        ->option_text("ID");
    app.add_flag("--facets", r.facets, "Count the matches by source, author, tag, language and year");
    app.add_flag("--timeline{auto}", o.timeline,
                 "Chart the matches per period: --timeline (auto), --timeline=year, =month or =day")
        ->check(CLI::IsMember({"auto", "year", "month", "day"}))
        ->option_text("[=UNIT]");
    app.add_option("--facet-values", r.facet_values, "Values listed per facet (0 = all)")->capture_default_str();
    app.add_option("--max-wildcard", r.max_wildcard, "Most words one wildcard may expand to")
        ->capture_default_str()
        ->check(CLI::Range(1, 100000));
    app.add_flag("!--no-suggest", r.suggest, "Do not suggest spellings for unknown words");
    app.add_option("--passages-per-hit", r.passages.count, "Passages shown per hit (with --passages: at most this many from one article)")
        ->capture_default_str()
        ->check(CLI::Range(0, 100));
    app.add_option("--passage-width", r.passages.width, "Maximum characters (code points) per passage, ellipses included")
        ->capture_default_str()
        ->check(CLI::Range(20, 10000));
    app.add_flag("--passages", r.passage_search,
                 "Rank passages instead of articles (\"who said X about Y\"): the best passages of the best "
                 "articles (--passage-articles), each with its score and article; -n and --offset count passages");
    app.add_option("--passage-articles", r.passage_articles, "With --passages: how many of the best articles' passages are ranked")
        ->capture_default_str()
        ->check(CLI::Range(1, 10000));
    app.add_option("--color", o.color, "Highlight with colour: auto (when stdout is a terminal and NO_COLOR is unset), always, never")
        ->transform(CLI::CheckedTransformer(std::map<std::string, ColorMode>{
            {"auto", ColorMode::Auto}, {"always", ColorMode::Always}, {"never", ColorMode::Never}}))
        ->option_text("auto|always|never (default: auto)");
    app.add_option("--show", o.show,
                   "Print the whole article with this id: its metadata, its paragraphs, its copies; a query, if "
                   "given, is highlighted in it (exit status 1 when the index has no such article)")
        ->option_text("ID");
    app.add_option("--open", o.open, "Open the url of the article with this id (xdg-open)")->option_text("ID");
    app.add_option("--markers", o.markers,
                   "Without colour, write these around highlighted words: '**' (both sides) or '[,]' (before, "
                   "after); default: none, highlights are plain text")
        ->option_text("TEXT");
    app.add_flag("--no-pager", o.no_pager,
                 "Do not page the output (default: a terminal's output goes through $LEDE_PAGER, else $PAGER, "
                 "else less with LESS=FRX when LESS is unset; LEDE_PAGER=cat or empty turns paging off)");
    app.add_flag("-i,--interactive", o.interactive,
                 "Full-screen terminal UI: search as you type, results, a preview of the passages, Enter to read "
                 "an article (stdin and stdout must be a terminal; keys below, ? in it)");
    app.add_flag("--json", o.json, "JSON Lines on stdout: a hit object per result, then a summary (docs/json.md)");
    app.add_flag("--count", o.count, "Print only the number of matches: exact up to 100,000 matches, else an estimate (a note on a "
                 "terminal says so; --exact-count counts every match)");
    app.add_flag("--ids", o.ids, "Print only the ids of the hits, one per line");
    app.add_flag("--explain", o.explain, "Print how the query was parsed (to stderr) before the results");
    app.add_option("--fields", o.fields,
                   "Keys of each hit in --json and --batch output, comma-separated, from: id, rank, score, date, "
                   "title, title_highlights, source, author, url, lang, tags, duplicates, passages, body "
                   "(default: all but body)");
    app.add_option("--format", o.format, "Print one plain line per hit from a template such as '%{rank}\\t%{date}\\t%{title}' (placeholders below)");
    app.add_flag("--batch", o.batch,
                 "Read queries from standard input, one per line (a query, or a JSON object with \"query\" and "
                 "overrides); answer each line with one JSON line, in order (docs/scripting.md)");
    app.add_option("--jobs", o.jobs, "With --batch: answer this many lines at once (0: one per CPU core); answers stay in input order")
        ->capture_default_str()
        ->check(CLI::Range(0, 256));
    app.add_option("--colors", o.colors,
                   "Colours of highlights, titles, dates and sources, as in LEDE_COLORS (applied after it), e.g. "
                   "'match:fg:red,title:fg:cyan' (README, 'Colours')")
        ->option_text("SPEC");
    app.add_option("--weighting", o.ranking.weighting,
                   "Ranking formula: bm25 (Okapi BM25), bm25+ (BM25 with a floor of --bm25-delta per "
                   "occurrence), bm25-rsj (BM25 with FTS5's idf: no weight for words in half the articles) or ineb2 "
                   "(divergence from randomness; --dfr-c) (docs/search-quality.md)")
        ->transform(CLI::CheckedTransformer(std::map<std::string, Weighting>{
            {"bm25", Weighting::Bm25}, {"bm25+", Weighting::Bm25Plus}, {"bm25-rsj", Weighting::Bm25Rsj},
            {"ineb2", Weighting::IneB2}}))
        ->option_text("bm25|bm25+|bm25-rsj|ineb2 (default: bm25)");
    app.add_option("--dfr-c", o.ranking.dfr_c, "IneB2 length normalization c (higher: long articles lose less)")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    app.add_option("--k1", o.ranking.k1, "BM25 k1: how fast repeated occurrences stop adding weight")
        ->capture_default_str()
        ->check(CLI::NonNegativeNumber);
    app.add_option("--b", o.ranking.b, "BM25 b: how much a long article's occurrences count less (0: not at all)")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 1.0));
    app.add_option("--bm25-delta", o.ranking.bm25_delta, "BM25+ delta (with --weighting bm25+)")
        ->capture_default_str()
        ->check(CLI::NonNegativeNumber);
    app.add_option("--burstiness", o.ranking.burstiness,
                   "Query-term weighting: a word's weight times (its mean count in the articles that have it)^this")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 4.0));
    app.add_option("--common-share", o.ranking.common_share,
                   "Words in more than this share of the articles weigh --common-weight times as much")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 1.0));
    app.add_option("--common-weight", o.ranking.common_weight, "Weight factor of common words (see --common-share)")
        ->capture_default_str()
        ->check(CLI::NonNegativeNumber);
    app.add_option("--title-weight", o.ranking.title_weight, "Extra weight of title matches")
        ->capture_default_str()
        ->check(CLI::NonNegativeNumber);
    app.add_option("--proximity-weight", o.ranking.proximity_weight,
                   "With --literal: extra weight of adjacent query words found at most 2 words apart (0: off)")
        ->capture_default_str()
        ->check(CLI::NonNegativeNumber);
    app.add_option("--proximity-max-share", o.ranking.proximity_max_share,
                   "With --literal: words in more than this share of the articles form no proximity pairs")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 1.0));
    app.add_flag("--expand,!--no-expand", o.ranking.expand,
                 "Pseudo-relevance feedback for --literal queries: re-rank the matches with words of the best "
                 "articles (default: off)");
    app.add_flag("--expand-all", o.ranking.expand_all,
                 "Feedback for every query, in the query language too (costs a second search per query)");
    app.add_option("--expand-docs", o.ranking.expand_docs, "Feedback: best articles the words come from")
        ->capture_default_str()
        ->check(CLI::Range(1, 1000));
    app.add_option("--expand-terms", o.ranking.expand_terms, "Feedback: words added")
        ->capture_default_str()
        ->check(CLI::Range(1, 1000));
    app.add_option("--expand-weight", o.ranking.expand_weight,
                   "Feedback: weight of the added words together, as a share of the query's words")
        ->capture_default_str()
        ->check(CLI::NonNegativeNumber);
    app.add_option("--recency-weight", o.ranking.recency_weight,
                   "With --recency: the boost of a newest article, as a fraction of the best score")
        ->capture_default_str()
        ->check(CLI::NonNegativeNumber);
}

void finish_options(SearchOptions& o) {
    o.request.query.clear();
    for (const auto& w : o.words) {
        if (!o.request.query.empty()) o.request.query += ' ';
        o.request.query += w;
    }
    o.request.sort = o.sort == "newest" ? SortOrder::Newest : o.sort == "oldest" ? SortOrder::Oldest : SortOrder::Relevance;
    if (o.count || o.ids) o.request.want_passages = false;
    o.request.timeline = !o.timeline.empty();
    o.request.timeline_unit = o.timeline == "year"    ? TimeUnit::Year
                              : o.timeline == "month" ? TimeUnit::Month
                              : o.timeline == "day"   ? TimeUnit::Day
                                                      : TimeUnit::Auto;
}

} // namespace lede

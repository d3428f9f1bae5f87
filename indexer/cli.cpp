// SPDX-License-Identifier: MIT
// lede-index options and help text.
#include "cli.hpp"

#include <cstdlib>

namespace lede {

void add_options(CLI::App& app, IndexerOptions& o) {
    app.description(
        "Index news articles into a Lede (Xapian) index.\n\n"
        "Input is JSON Lines: one object per line with the keys id, title, body, date, source,\n"
        "author, url, lang, tags (use --map for other key names). Re-running on the same input\n"
        "changes nothing; an article whose id exists is replaced when its content changed.");
    app.footer(
        "Examples:\n"
        "  lede-index --db news.idx corpora/sample/articles.jsonl\n"
        "  lede-index --db news.idx --map title=headline,date=meta.published dump.jsonl\n"
        "  lede-index --db news.idx --delete smp-0001 smp-0002\n\n"
        "Exit status: 0 every record indexed, 1 indexed but some records skipped (each reported\n"
        "as FILE:LINE: reason on stderr), 2 error (usage, unreadable input, index not opened or locked).");
    if (const char* env = std::getenv("LEDE_DB")) o.db = env;
    app.add_option("--db", o.db, "Index directory (created if missing; default: $LEDE_DB)");
    app.add_option("inputs", o.inputs, "JSON Lines files to index ('-' reads standard input)");
    app.add_option("--map", o.map_spec,
                   "Field mapping FIELD=KEY[,...] for other schemas; KEY may be a dotted path (meta.date)");
    app.add_option("--delete", o.delete_ids, "Remove the articles with these ids")->expected(1, -1);
    app.add_option("--wait", o.wait_seconds, "Seconds to wait for another writer's lock")
        ->capture_default_str()
        ->check(CLI::NonNegativeNumber);
    app.add_option("--batch", o.batch, "Commit after this many changed articles")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    app.add_flag("!--no-spelling", o.spelling, "Do not add the articles' words to the spelling table (did-you-mean)");
    app.add_flag("-q,--quiet", o.quiet, "Print only errors and skipped records");
    app.add_flag("--json", o.json, "Print the summary as one JSON line on stdout");
}

} // namespace lede

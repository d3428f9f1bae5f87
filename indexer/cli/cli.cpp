// SPDX-License-Identifier: MIT
// lede-index options and help text.
#include "cli.hpp"

#include "formats.hpp"

#include "index_meta.hpp"

#include <cstdlib>

namespace lede {

void add_options(CLI::App& app, IndexerOptions& o) {
    app.description(
        "Index news articles into a Lede (Xapian) index, or update one.\n\n"
        "Inputs are files and directories (read recursively; '-' is standard input). The format comes\n"
        "from the extension, else from the content, unless --format says:\n"
        "  jsonl (.jsonl .ndjson .json)  one JSON object per line: id, title, body, date, source, author,\n"
        "                                url, lang, tags (other key names with --map, dotted paths allowed)\n"
        "  csv, tsv (.csv .tsv .tab)     a header row naming the columns (mapped like JSON keys)\n"
        "  text, markdown (.txt .md)     one article per file: title = first line, optional 'By NAME' and\n"
        "                                date lines, Markdown front matter; else the date is the file's mtime\n"
        "  html (.html .htm)             title, description, author, date, site from <meta>, Open Graph and\n"
        "                                JSON-LD; the text of <article>/<main> without navigation or scripts\n"
        "  email (.eml), mbox (.mbox)    subject, from, date and the text part of each message\n"
        "  warc (.warc)                  one article per HTML response record (target URI, WARC-Date)\n"
        "Compressed and archived inputs (.gz .bz2 .xz .zst .lz4 .zip .tar .tar.* .7z) are read inside.\n\n"
        "Each article keeps a stable id (from the data, else the file's path and line). Re-running is\n"
        "incremental: files whose size and modification time (or content hash) are unchanged are not\n"
        "read again; a changed file's changed articles are replaced and its vanished articles removed.");
    app.footer(
        "Examples:\n"
        "  lede-index --db news.idx corpora/sample/articles.jsonl\n"
        "  lede-index --db news.idx --map title=headline,date=meta.published dump.jsonl.gz\n"
        "  lede-index --db news.idx --include '*.html' --exclude 'drafts/**' site-mirror/\n"
        "  lede-index --db news.idx --prune archive/      # also drop articles of deleted files\n"
        "  lede-index --db news.idx --delete smp-0001 smp-0002\n"
        "  lede-index --db news.idx --stats\n"
        "  lede-index --db shards.idx --shards 4 archive/   # 4 shards; re-runs need no --shards\n\n"
        "Exit status: 0 every record indexed, 1 indexed but some records or files skipped (each reported\n"
        "as FILE:LINE: reason on stderr), 2 error (usage, no input readable, index not opened or locked)\n"
        "or interrupted: SIGINT or SIGTERM commits what was read and stops (a second one stops at once);\n"
        "the same command run again carries on. A kill at any moment leaves the last commit intact.\n"
        "See docs/indexing.md for the details.");
    if (const char* env = std::getenv("LEDE_DB")) o.db = env;
    app.add_option("--db", o.db,
                   "Index directory (created if missing; default: $LEDE_DB), or a stub file listing the shards "
                   "of a sharded index (remote HOST:PORT lines: shards served by xapian-tcpsrv --writable)");
    app.add_flag_callback("--allow-remote-programs", [] { set_remote_programs_allowed(true); },
                          "Let an index stub run programs: Xapian runs the PROGRAM of a stub line \"remote :PROGRAM ARGS\" when it opens the stub; without this flag such a line (in the --db stub or any stub it names) is refused");
    app.add_option("--shards", o.shards,
                   "Create a sharded index: N databases in the --db directory, each article in the one a hash of "
                   "its id picks, and a stub file DB/XAPIANDB that lede-search and Xapian open as one index")
        ->check(CLI::Range(1u, 1000u));
    app.add_option("--shard-by", o.shard_by,
                   "How a new sharded index places articles: hash (with --shards N), or year (one database per "
                   "year of publication, made as years arrive; undated articles in 'undated')")
        ->check(CLI::IsMember({"hash", "year"}));
    app.add_option("inputs", o.inputs, "Files and directories to index ('-' reads standard input)");
    app.add_option("--format", o.format, "Input format instead of recognizing it: " + format_names())
        ->capture_default_str()
        ->check([](const std::string& v) {
            return parse_format(v) ? std::string() : "unknown format '" + v + "' (" + format_names() + ")";
        });
    app.add_option("--map", o.map_spec,
                   "Field mapping FIELD=KEY[,...] for JSON keys or CSV columns; KEY may be a dotted path (meta.date)");
    app.add_option("--include", o.include,
                   "In directories, index only files matching this glob (repeatable; '*.html', 'news/**/*.jsonl')")
        ->expected(1)
        ->allow_extra_args(false)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    app.add_option("--exclude", o.exclude, "In directories, leave out files and directories matching this glob (repeatable)")
        ->expected(1)
        ->allow_extra_args(false)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    app.add_flag("--follow-symlinks", o.follow_symlinks,
                 "In directories, also follow symbolic links that lead outside them, and linked directories "
                 "(default: only links to files inside the directory are read)");
    app.add_flag("--prune", o.prune, "Remove the articles of source files that no longer exist");
    app.add_flag("--force", o.force, "Read every file again even when its size and mtime are unchanged");
    app.add_option("--delete", o.delete_ids, "Remove the articles with these ids (give inputs before it, or end the ids with --)")
        ->expected(1, -1);
    app.add_option("--threads", o.threads, "Analysis threads (0 = one per core)")->capture_default_str();
    app.add_flag("!--no-segments", o.segments,
                 "Write a new or empty index through the main writer alone (by default new articles are written\n"
                 "into segment databases on several threads and merged at the end; sharded indexes always\n"
                 "use one writer per shard)");
    app.add_option("--segment-threads", o.segment_threads, "Threads writing segments (0 = one per core)")
        ->capture_default_str();
    app.add_option("--segment-mb", o.segment_mb, "MB of article text per segment database")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    app.add_option("--batch", o.batch, "Commit after this many changed articles")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    app.add_flag("!--no-spelling", o.spelling, "Do not add the articles' words to the spelling table (did-you-mean)");
    app.add_option("--flush-mb", o.flush_mb, "...or after this many MB of changed article text, whichever comes first")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    app.add_option("--wait", o.wait_seconds, "Seconds to wait for another writer's lock")
        ->capture_default_str()
        ->check(CLI::NonNegativeNumber);
    app.add_flag("-q,--quiet", o.quiet, "Print only skipped records and errors (no warnings, progress or summary)");
    app.add_flag("-v,--verbose", o.verbose, "Name every file of unknown type left out of a directory (the summary names the first three)");
    app.add_flag("--json", o.json, "Print skipped records and the summary as JSON lines on stdout");
    app.add_flag("--progress", o.progress, "Show the live progress line even when stderr is not a terminal");
    app.add_flag("--stats", o.stats,
                 "Print what the index holds (articles, terms, languages, dates, sources, size) and exit");
}

} // namespace lede

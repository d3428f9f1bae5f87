// SPDX-License-Identifier: MIT
#include "help_layout.hpp"

#include "completion.hpp"
#include "formats.hpp"
#include "help.hpp"

#include <sstream>

namespace lede {

void layout_index_cli(CLI::App& app) {
    using cli::ValueHint;
    std::vector<std::string> formats;
    {
        std::istringstream in(format_names()); // "auto, jsonl, csv, ..."
        std::string f;
        while (std::getline(in, f, ',')) {
            f.erase(0, f.find_first_not_of(' '));
            if (!f.empty()) formats.push_back(f);
        }
    }
    cli::add_completion_option(app, {
        {"", ValueHint::Kind::File, {}}, // the inputs
        {"--db", ValueHint::Kind::File, {}},
        {"--config", ValueHint::Kind::File, {}},
        {"--format", ValueHint::Kind::Words, formats},
        {"--shard-by", ValueHint::Kind::Words, {"hash", "year"}},
        {"--completion", ValueHint::Kind::Words, {"bash", "zsh", "fish"}},
    });
    cli::set_value_names(app, {{"--db", "PATH"}, {"--config", "FILE"}, {"--format", "FORMAT"}, {"--map", "FIELD=KEY,..."},
                               {"--include", "GLOB"}, {"--exclude", "GLOB"}, {"--delete", "ID..."},
                               {"--shards", "N"}, {"--threads", "N"}, {"--segment-threads", "N"}});
    cli::use_grouped_help(
        app,
        {
            {"Performance", {"--threads", "--no-segments", "--segment-threads", "--segment-mb", "--batch",
                             "--flush-mb"}},
            {"Advanced", {"--shards", "--shard-by", "--progress", "--follow-symlinks", "--no-spelling", "--wait",
                          "--allow-remote-programs",
                          "--completion", "--version"}},
        },
        "Examples:\n"
        "  lede-index --db news.idx corpora/sample/articles.jsonl\n"
        "  lede-index --db news.idx --map title=headline,date=meta.published dump.gz\n"
        "  lede-index --db news.idx --include '*.html' --exclude 'drafts/**' mirror/\n"
        "  lede-index --db news.idx --prune archive/   # also drop deleted files' articles\n"
        "  lede-index --db news.idx --stats\n\n"
        "Formats, sharding, the whole reference: lede-index --help-all, docs/indexing.md.\n"
        "Exit status: 0 every record indexed, 1 some records or files skipped (each\n"
        "named on stderr), 2 error or interrupted (the same command again carries on).");
}

} // namespace lede

// SPDX-License-Identifier: MIT
#include "help_layout.hpp"

#include "completion.hpp"
#include "help.hpp"

namespace lede {

void layout_search_cli(CLI::App& app) {
    using cli::ValueHint;
    // Hints first: --completion is itself an option the scripts list.
    cli::add_completion_option(app, {
        {"--db", ValueHint::Kind::File, {}},
        {"--config", ValueHint::Kind::File, {}},
        {"--sort", ValueHint::Kind::Words, {"relevance", "newest", "oldest"}},
        {"--color", ValueHint::Kind::Words, {"auto", "always", "never"}},
        {"--timeline", ValueHint::Kind::Words, {"auto", "year", "month", "day"}},
        {"--weighting", ValueHint::Kind::Words, {"bm25", "bm25+", "bm25-rsj", "ineb2"}},
        {"--completion", ValueHint::Kind::Words, {"bash", "zsh", "fish"}},
        {"--fields", ValueHint::Kind::Words, {"id", "rank", "score", "date", "title", "title_highlights", "source",
                                              "author", "url", "lang", "tags", "duplicates", "passages", "body"}},
    });
    cli::set_value_names(app, {{"--db", "PATH"}, {"--config", "FILE"}, {"--since", "DATE"}, {"--until", "DATE"},
                               {"--format", "TEMPLATE"}, {"--fields", "KEYS"}, {"-n", "N"}, {"--offset", "N"},
                               {"--sort", "ORDER"}, {"--recency", "DAYS"}, {"--jobs", "N"}});
    // Everything not named here is an everyday option, listed first by --help.
    cli::use_grouped_help(
        app,
        {
            {"Output", {"--colors", "--ids", "--fields", "--markers", "--explain", "--passages-per-hit", "--passage-width",
                        "--passage-articles", "--facet-values", "--exact-count", "--no-collapse", "--batch",
                        "--jobs"}},
            {"Ranking", {"--recency", "--recency-weight", "--weighting", "--k1", "--b", "--bm25-delta", "--dfr-c",
                         "--title-weight", "--burstiness", "--common-share", "--common-weight", "--proximity-weight",
                         "--proximity-max-share", "--expand", "--expand-all", "--expand-docs", "--expand-terms",
                         "--expand-weight"}},
            {"Advanced", {"--max-wildcard", "--no-suggest", "--allow-partial", "--allow-remote-programs",
                          "--completion", "--version"}},
        },
        R"(Query language (lede-search --help-all; docs/query-language.md):
  "central bank" a phrase   cocoa AND ghana, OR, NOT, +cocoa -ghana, ( )
  strike NEAR/5 port        econom* (prefix)   =café (that spelling only)
  title: body: author: source: tag: lang: site: id:  date:2020-03  date:2019..2020

Exit status: 0 at least one hit, 1 no hits, 2 error (usage, bad query, no index).)");
}

} // namespace lede

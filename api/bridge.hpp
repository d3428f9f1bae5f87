// SPDX-License-Identifier: MIT
// Inside Lede only (not installed): the bridge between the public API and the engine's types.
#pragma once

#include <lede/search.hpp>

#include "searcher.hpp"

namespace lede::api {

struct Searcher::Impl {
    mutable lede::Searcher engine;   // mutable: reading the database is not a change of the facade
};

namespace detail {

/// The engine's request for `query`, starting from `base` (so options the public Query does not
/// carry keep their values).
SearchRequest to_request(const Query& query, SearchRequest base = {});

/// Search with the engine's full request; errors become api::Error. The binaries use this so that
/// every command-line option reaches the engine.
Results search(Searcher& searcher, const SearchRequest& request);

/// Engine result -> public result (keeps the engine's result in Results::native).
Results to_results(SearchResult&& result);

/// Call inside a catch block: rethrows the current exception as an api::Error.
[[noreturn]] void rethrow_as_api_error();

} // namespace detail
} // namespace lede::api

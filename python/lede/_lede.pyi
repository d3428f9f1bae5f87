# SPDX-License-Identifier: MIT
# Type stubs of the extension module lede._lede (python/src/module.cpp). Its result classes are
# re-exported by the lede package; Searcher and Indexer are used through lede.Index and lede.Writer.
# Every offset is a str index (code points), never a byte offset.
from typing import Any, Dict, Iterable, Iterator, List, Mapping, Optional, Tuple, overload

version: str

Span = Tuple[int, int]  # half-open [start, end) str indices

class Passage:
    """A passage of an article's body with the query's words marked."""
    text: str                 # "…" marks where it was cut
    highlights: List[Span]    # into text
    begin: int                # the passage's range in the article's body (str indices)
    end: int
    lead: bool                # the article's opening, for a query the body cannot match
    def to_dict(self) -> Dict[str, Any]: ...

class Hit:
    id: str
    rank: int                 # 1-based across pages
    score: float              # only comparable within one query
    date: str                 # ISO 8601, "" when undated
    title: str
    title_highlights: List[Span]
    source: str
    author: str
    url: str
    lang: str
    tags: List[str]
    duplicates: int           # exact copies collapsed into this hit
    passages: List[Passage]
    body: str
    def to_dict(self) -> Dict[str, Any]:
        """lede-search --json's hit object (its --fields), highlights as [start, end] str indices."""
        ...

class Article:
    id: str
    title: str
    body: str
    date: str
    source: str
    author: str
    url: str
    lang: str
    tags: List[str]
    title_highlights: List[Span]
    body_highlights: List[Span]
    copies: List["Article"]   # the other articles with the same text, oldest first
    def to_dict(self) -> Dict[str, Any]: ...

class Correction:
    begin: int                # str indices into the query as typed
    end: int
    from_: str
    to: str

class Suggestion:
    query: str
    matches_estimated: int
    corrections: List[Correction]
    def to_dict(self) -> Dict[str, Any]: ...

class Facet:
    name: str                 # "source", "author", "tag", "lang", "year"
    values: List[Tuple[str, int]]   # most frequent first
    distinct: int
    missing: int
    def to_dict(self) -> Dict[str, Any]: ...

class Timeline:
    unit: str                 # "year", "month" or "day"
    buckets: List[Tuple[str, int]]  # (period, count), every period from the first to the last
    undated: int
    exact: bool
    def to_dict(self) -> Dict[str, Any]: ...

class Counts:
    lower: int
    estimated: int
    upper: int
    exact: bool
    def __iter__(self) -> Iterator[int]: ...

class Results:
    query: str
    hits: List[Hit]
    counts: Counts
    matches_lower_bound: int
    matches_estimated: int
    matches_upper_bound: int
    counts_exact: bool
    relaxed: bool
    parsed: str
    offset: int
    seconds: float
    did_you_mean: Optional[Suggestion]
    facets: Dict[str, Facet]
    timeline: Optional[Timeline]
    facets_exact: bool
    facets_counted: int
    unavailable_shards: List[str]
    def summary(self) -> Dict[str, Any]:
        """lede-search --json's summary object."""
        ...
    def to_dict(self) -> Dict[str, Any]: ...
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[Hit]: ...
    @overload
    def __getitem__(self, i: int) -> Hit: ...
    @overload
    def __getitem__(self, i: slice) -> List[Hit]: ...

class WriteReport:
    added: int
    updated: int
    unchanged: int
    deleted: int
    warnings: List[str]
    documents: int
    def to_dict(self) -> Dict[str, Any]: ...

class Searcher:
    def __init__(self, path: str, allow_partial: bool = ...) -> None: ...
    def search(self, query: str, limit: int, offset: int, sort: str, since: str, until: str,
               fields: Optional[List[str]], passages: int, passage_width: int, facets: bool, timeline: str,
               literal: bool, all_words: bool, recency: float, collapse: bool, exact_count: bool,
               suggest: bool, like: str) -> Results: ...
    def article(self, id: str, highlight: str, literal: bool, all_words: bool) -> Optional[Article]: ...
    def describe(self, query: str, literal: bool, all_words: bool) -> str: ...
    def reopen(self) -> None: ...
    def document_count(self) -> int: ...
    def unavailable_shards(self) -> List[str]: ...
    def close(self) -> None: ...
    @property
    def closed(self) -> bool: ...
    @property
    def path(self) -> str: ...

class Indexer:
    def __init__(self, path: str, wait: float, commit_every: int, spelling: bool) -> None: ...
    def add(self, article: Mapping[str, Any]) -> None: ...
    def add_many(self, articles: Iterable[Mapping[str, Any]]) -> int: ...
    def remove(self, id: str) -> bool: ...
    def commit(self) -> WriteReport: ...
    def report(self) -> WriteReport: ...
    def close(self, commit: bool) -> None: ...
    @property
    def closed(self) -> bool: ...
    @property
    def path(self) -> str: ...

def index_stats(path: str) -> Dict[str, Any]: ...
def allow_remote_programs(allowed: bool) -> None: ...

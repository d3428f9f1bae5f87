# SPDX-License-Identifier: MIT
"""Lede in-process: search and write Lede indexes from Python (docs/python.md).

    import lede
    with lede.Index("news.idx") as index:
        for hit in index.search("cocoa prices", limit=5):
            print(hit.rank, hit.date, hit.title)

Every text is a str and every offset (highlights, passage ranges, corrections, query error
positions) a str index, so ``passage.text[start:end]`` is the highlighted word. The GIL is released
while the engine searches or indexes, so threads with an Index each run in parallel.
"""

from __future__ import annotations

import datetime as _dt
import os
from typing import Any, Dict, Iterable, Iterator, Mapping, Optional, Sequence, Union

from . import _lede
from ._errors import Error, IndexAccessError, InternalError, QueryError, SchemaError, UsageError
from ._lede import Article, Correction, Counts, Facet, Hit, Passage, Results, Suggestion, Timeline, WriteReport

__version__: str = _lede.version

__all__ = [
    "Index", "Writer", "stats", "allow_remote_programs",
    "Error", "UsageError", "QueryError", "IndexAccessError", "SchemaError", "InternalError",
    "Results", "Hit", "Passage", "Article", "Counts", "Suggestion", "Correction", "Facet", "Timeline",
    "WriteReport", "FIELDS",
]

#: The hit keys of ``lede-search --json``, in its order; ``body`` only when asked for with fields=.
FIELDS = ("id", "rank", "score", "date", "title", "title_highlights", "source", "author", "url", "lang",
          "tags", "duplicates", "passages", "body")

DateLike = Union[str, int, _dt.date, None]


def _date_arg(name: str, value: DateLike) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        raise TypeError(f"{name} must be a str 'YYYY[-MM[-DD]]', a year, a date or None")
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return f"{value:04d}"
    if isinstance(value, str):
        return value
    raise TypeError(f"{name} must be a str 'YYYY[-MM[-DD]]', a year, a date or None, not {type(value).__name__}")


def _fields_arg(fields: Union[str, Sequence[str], None]) -> Optional[list]:
    if fields is None:
        return None
    if isinstance(fields, str):
        return [f.strip() for f in fields.split(",") if f.strip()]
    return [str(f) for f in fields]


def _int_arg(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    return value


def _text_arg(name: str, value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {type(value).__name__}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as e:
        raise UsageError(f"{name} is not valid Unicode: {e.reason} at index {e.start}") from None
    return value


def _timeline_arg(timeline: Union[str, bool, None]) -> str:
    if timeline is None or timeline is False:
        return ""
    if timeline is True:
        return "auto"
    if isinstance(timeline, str):
        return timeline
    raise TypeError("timeline must be None, True, 'auto', 'year', 'month' or 'day'")


class Index:
    """An index open for searching. Open once, search many times (opening costs far more than a query).

    One Index may be shared by threads (its searches then take turns); for searches that run in
    parallel, give each thread its own Index. Call ``reopen()`` to see what writers have committed
    since it was opened.
    """

    def __init__(self, path: Union[str, "os.PathLike[str]"], *, allow_partial: bool = False):
        self._path = os.fspath(path)
        self._s = _lede.Searcher(self._path, allow_partial)

    # --- the context manager and lifetime ---
    def __enter__(self) -> "Index":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the index; later calls raise UsageError. Closing twice is harmless."""
        self._s.close()

    @property
    def closed(self) -> bool:
        return self._s.closed

    @property
    def path(self) -> str:
        return self._path

    def __repr__(self) -> str:
        return f"lede.Index({self._path!r}{', closed' if self.closed else ''})"

    # --- searching ---
    def search(
        self,
        query: str = "",
        limit: int = 10,
        offset: int = 0,
        sort: str = "relevance",
        since: DateLike = None,
        until: DateLike = None,
        fields: Union[str, Sequence[str], None] = None,
        passages: int = 2,
        facets: bool = False,
        timeline: Union[str, bool, None] = None,
        literal: bool = False,
        *,
        all_words: bool = False,
        like: Optional[str] = None,
        recency: Optional[float] = None,
        collapse: bool = True,
        exact_count: bool = False,
        passage_width: Optional[int] = None,
        suggest: bool = True,
    ) -> Results:
        """Run a query (lede-search's query language) and return one page of results.

        ``passages`` is the number of passages per hit, as ``--passages-per-hit`` (0: none, which
        is faster; titles are still highlighted); ``fields`` picks the keys of ``Hit.to_dict()`` as
        lede-search's ``--fields`` does (leaving out both ``passages`` and ``title_highlights``
        skips highlighting altogether); ``timeline`` is None, True/'auto',
        'year', 'month' or 'day'; ``since``/``until`` take 'YYYY[-MM[-DD]]', a year or a date.
        """
        _text_arg("query", query)
        if isinstance(passages, bool):
            passages = 2 if passages else 0
        return self._s.search(
            query,
            _int_arg("limit", limit),
            _int_arg("offset", offset),
            sort,
            _date_arg("since", since),
            _date_arg("until", until),
            _fields_arg(fields),
            _int_arg("passages", passages),
            0 if passage_width is None else _int_arg("passage_width", passage_width),
            bool(facets),
            _timeline_arg(timeline),
            bool(literal),
            bool(all_words),
            0.0 if recency is None else float(recency),
            bool(collapse),
            bool(exact_count),
            bool(suggest),
            "" if like is None else _text_arg("like", like),
        )

    def hits(self, query: str = "", *, page_size: int = 100, **options: Any) -> Iterator[Hit]:
        """Every hit of a query, best first, fetched ``page_size`` at a time as the loop goes on.

        Takes the options of ``search`` except limit and offset. The pages come from one snapshot
        of the index unless ``reopen()`` is called in between.
        """
        if "limit" in options or "offset" in options:
            raise TypeError("hits() pages by itself: give page_size, not limit or offset")
        size = _int_arg("page_size", page_size)
        if size < 1:
            raise UsageError("page_size must be >= 1")
        offset = 0
        while True:
            page = self.search(query, limit=size, offset=offset, **options)
            yield from page.hits
            if len(page.hits) < size:
                return
            offset += len(page.hits)

    def like(self, id: str, query: str = "", **options: Any) -> Results:
        """Articles like the article ``id`` (lede-search --like); ``query``, if given, filters them."""
        return self.search(query, like=id, **options)

    def count(self, query: str = "", **options: Any) -> int:
        """The estimated number of matches (exact with exact_count=True), without fetching hits."""
        options.setdefault("passages", 0)
        return self.search(query, limit=0, **options).matches_estimated

    # --- articles ---
    def get(self, id: str, highlight: Optional[str] = None, *, literal: bool = False) -> Optional[Article]:
        """The article with this id (with its copies), or None; ``highlight`` marks a query's words."""
        return self._s.article(_text_arg("id", id), _text_arg("highlight", highlight or ""), bool(literal), False)

    def __getitem__(self, id: str) -> Article:
        article = self.get(id)
        if article is None:
            raise KeyError(id)
        return article

    def __contains__(self, id: object) -> bool:
        return isinstance(id, str) and self.get(id) is not None

    def __len__(self) -> int:
        return self._s.document_count()

    # --- the index itself ---
    def stats(self) -> Dict[str, Any]:
        """What the index holds, as ``lede-index --stats --json`` says it (its "data" object)."""
        if self.closed:
            raise UsageError(f"the index '{self._path}' is closed")
        return _lede.index_stats(self._path)

    def describe(self, query: str, *, literal: bool = False, all_words: bool = False) -> str:
        """How the query parses: the engine's description of the Xapian query."""
        return self._s.describe(query, bool(literal), bool(all_words))

    def reopen(self) -> None:
        """See what has been committed since the index was opened or last reopened."""
        self._s.reopen()

    @property
    def unavailable_shards(self) -> list:
        """With allow_partial=True: the shards left out, one message each."""
        return self._s.unavailable_shards()


class Writer:
    """An index open for writing (created if needed); one writer at a time per index.

    Articles are dicts with the keys id, title, body, date, source, author, url, lang and tags
    (lede-index's JSON Lines keys), analyzed exactly as lede-index analyzes them. As a context
    manager it commits when the block ends: normally, or by an exception (then the exception goes
    on after the commit; Lede has no rollback, and it commits every ``commit_every`` changes anyway).
    """

    def __init__(self, path: Union[str, "os.PathLike[str]"], *, wait: float = 2.0, commit_every: int = 5000,
                 spelling: bool = True):
        self._path = os.fspath(path)
        self._w = _lede.Indexer(self._path, float(wait), _int_arg("commit_every", commit_every), bool(spelling))

    def __enter__(self) -> "Writer":
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        self.close()

    def add(self, article: Optional[Mapping[str, Any]] = None, **fields: Any) -> None:
        """Add an article, or replace the one with the same id: ``add({"id": ..., "title": ...})``
        or ``add(id=..., title=...)``. Raises UsageError when the id is empty, there is neither
        title nor body, or a key is unknown."""
        if article is None:
            article = fields
        elif fields:
            article = {**article, **fields}
        self._w.add(article)

    replace = add

    def add_many(self, articles: Iterable[Mapping[str, Any]]) -> int:
        """Add (or replace) every article of an iterable; returns how many. Faster than add() in a loop."""
        return self._w.add_many(articles)

    def delete(self, id: str) -> bool:
        """Remove the article with this id; False when there is none."""
        return self._w.remove(_text_arg("id", id))

    def commit(self) -> WriteReport:
        """Make every change so far durable and visible to indexes opened (or reopened) afterwards."""
        return self._w.commit()

    @property
    def report(self) -> WriteReport:
        """What changed since the writer was opened (documents: as of the last commit)."""
        return self._w.report()

    def close(self) -> None:
        """Commit what is pending and release the index's lock. Closing twice is harmless."""
        self._w.close(True)

    @property
    def closed(self) -> bool:
        return self._w.closed

    @property
    def path(self) -> str:
        return self._path

    def __repr__(self) -> str:
        return f"lede.Writer({self._path!r}{', closed' if self.closed else ''})"


def stats(path: Union[str, "os.PathLike[str]"]) -> Dict[str, Any]:
    """What the index at ``path`` holds (``lede-index --stats --json``'s "data" object)."""
    return _lede.index_stats(os.fspath(path))


def allow_remote_programs(allowed: bool) -> None:
    """Let stub files' ``remote :PROGRAM`` lines run their program (refused by default), process-wide."""
    _lede.allow_remote_programs(bool(allowed))

# SPDX-License-Identifier: MIT
"""Lede's exceptions: one class per kind of the C++ API's lede::api::Error (include/lede/error.hpp)."""

from __future__ import annotations

from typing import Optional


class Error(Exception):
    """Every failure Lede reports. ``kind`` is the C++ API's kind in lower case."""

    kind = "internal"

    def __init__(self, message: str, position: Optional[int] = None, byte_position: Optional[int] = None):
        super().__init__(message)
        self.message = message
        #: For a QueryError: the 0-based index (a str index) of the problem in the query; else None.
        self.position = position
        #: The same position as a byte offset into the query's UTF-8, as the C++ API and
        #: ``lede-search --batch`` report it; else None.
        self.byte_position = byte_position


class UsageError(Error, ValueError):
    """A bad argument value: limit, date, sort order, unknown field or article key, a closed index."""

    kind = "usage"


class QueryError(Error, ValueError):
    """A query that cannot be parsed; ``position`` says where (a str index into the query)."""

    kind = "query"


class IndexAccessError(Error):
    """The index cannot be opened or written: missing, not an index, locked by another writer."""

    kind = "index"


class SchemaError(Error):
    """The index was built by another schema or analyzer version."""

    kind = "schema"


class InternalError(Error):
    """Anything else: corrupt data, an I/O failure, a Xapian error."""

    kind = "internal"


for _cls in (Error, UsageError, QueryError, IndexAccessError, SchemaError, InternalError):
    _cls.__module__ = "lede"  # shown as lede.QueryError in tracebacks

_BY_KIND = {cls.kind: cls for cls in (UsageError, QueryError, IndexAccessError, SchemaError, InternalError)}


def _make(kind: str, message: str, position: Optional[int], byte_position: Optional[int]) -> Error:
    # Called by the extension module to build the exception it raises.
    return _BY_KIND.get(kind, InternalError)(message, position, byte_position)

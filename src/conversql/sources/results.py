"""Raw driver output (column names, type names, rows) shaped into a `QueryResult`; the same for every backend."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .base import OTHER, TEXT, QueryResult
from .jsonable import to_json_value
from .kinds import kind_of_type, kind_of_values

_BINARY = (bytes, bytearray, memoryview)
_PLAIN = {str, int, bool, type(None)}        # already JSON values: no call per cell (a million names, a listing)


def build_result(names: Sequence[str], type_names: Sequence[str | None], rows: Sequence[Sequence[Any]], *,
                 max_rows: int, elapsed_ms: float, iso_text: bool = False) -> QueryResult:
    """A `QueryResult` from at most max_rows+1 fetched rows: the extra row only proves there were more.

    Kinds come from the type names; a column whose type says nothing (SQLite) is judged by its values, and
    `iso_text` lets ISO-looking strings there count as dates.

    >>> build_result(["n"], ["INTEGER"], [(1,), (2,)], max_rows=1, elapsed_ms=1.0).truncated
    True
    """
    truncated = len(rows) > max_rows
    kept = rows[:max_rows]
    kinds = []
    for i, type_name in enumerate(type_names):
        kind = kind_of_type(type_name)
        if kind is None:
            kind = kind_of_values((row[i] for row in kept), iso_text=iso_text)
        elif kind == TEXT and any(isinstance(row[i], _BINARY) for row in kept):
            kind = OTHER   # MySQL reports VARBINARY and BINARY results with the codes of text types
        kinds.append(kind)
    return QueryResult(
        columns=list(names),
        kinds=kinds,
        rows=[[v if type(v) in _PLAIN else to_json_value(v) for v in row] for row in kept],
        truncated=truncated,
        elapsed_ms=round(elapsed_ms, 2),
    )

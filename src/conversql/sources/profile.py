"""Table profiling for introspection: row counts, date detection in SQLite text, low-cardinality values.

Backend-agnostic: the SQL is built with sqlglot in the source's dialect and runs through the source's own
read-only, time-limited `execute`. At most four statements per table, never one per column.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlglot import exp

from .base import DATE, DATETIME, OTHER, TEXT, Column, QueryResult, SourceError, Table
from .kinds import kind_of_type, kind_of_values

Execute = Callable[..., QueryResult]

VALUE_LIMIT = 200              # a text column with at most this many distinct values lists them
SAMPLE_ROWS = 200_000          # distinct counts and values of bigger tables look at this many rows only
EXACT_COUNT_LIMIT = 5_000_000  # above a statistics estimate this large, the estimate is the row count
DATE_SAMPLE_ROWS = 200         # rows read to decide whether SQLite text holds ISO dates
TIMEOUT_S = 10.0               # per profiling statement; a table that is too slow simply stays unprofiled


def profile_table(table: Table, dialect: str, execute: Execute, *, estimated_rows: int | None = None,
                  iso_text_dates: bool = False, key_candidates: Sequence[str] = ()) -> None:
    """Fill in `row_count`, date kinds of ISO text (when `iso_text_dates`), and `distinct_count`/`values`
    of text columns (plus `distinct_count` of `key_candidates`, so a primary key can be inferred). Mutates
    `table`; statements that fail or time out leave their fields unset.

    >>> profile_table(customers, "duckdb", source.execute)   # doctest: +SKIP
    >>> customers.row_count, customers.column("country").values
    (91, ['Argentina', 'Austria', ...])
    """
    table.row_count = _row_count(table, dialect, execute, estimated_rows)
    if iso_text_dates:
        _detect_iso_dates(table, dialect, execute)
    _distinct_values(table, dialect, execute, key_candidates)


def _row_count(table: Table, dialect: str, execute: Execute, estimated: int | None) -> int | None:
    if estimated is not None and estimated > EXACT_COUNT_LIMIT:
        return estimated
    query = exp.select(exp.Count(this=exp.Star())).from_(_table_ref(table))
    rows = _rows(execute, query.sql(dialect=dialect))
    return int(rows[0][0]) if rows else estimated


def _detect_iso_dates(table: Table, dialect: str, execute: Execute) -> None:
    """SQLite keeps dates in TEXT (or untyped) columns; the values tell whether they are dates."""
    candidates = [c for c in table.columns if c.kind == TEXT or kind_of_type(c.type) is None]
    if not candidates:
        return
    query = exp.select(*(_col(c.name) for c in candidates)).from_(_table_ref(table)).limit(DATE_SAMPLE_ROWS)
    result = _result(execute, query.sql(dialect=dialect))
    if result is None or not result.rows:
        return
    for i, column in enumerate(candidates):
        seen = kind_of_values((row[i] for row in result.rows), iso_text=True)
        untyped = kind_of_type(column.type) is None
        # An all-NULL sample says nothing (OTHER); a declared text column only ever becomes a date kind.
        if untyped and seen != OTHER or seen in (DATE, DATETIME):
            column.kind = seen


def _distinct_values(table: Table, dialect: str, execute: Execute, key_candidates: Sequence[str]) -> None:
    texts = [c for c in table.columns if c.kind == TEXT]
    keys = [c for c in table.columns if c.name in key_candidates and c.kind != TEXT]
    columns = texts + keys
    if not columns:
        return
    sample = _sample(table, columns, dialect)
    aggregates: list[exp.Expression] = [exp.Count(this=exp.Star())]
    for c in columns:
        aggregates += [exp.Count(this=exp.Distinct(expressions=[_col(c.name)])), exp.Count(this=_col(c.name))]
    rows = _rows(execute, exp.select(*aggregates).from_(sample).sql(dialect=dialect))
    if not rows:
        return
    counts = [int(v or 0) for v in rows[0]]
    sampled_rows = counts[0]
    listed = []
    for i, column in enumerate(columns):
        distinct, non_null = counts[1 + 2 * i], counts[2 + 2 * i]
        column.distinct_count = distinct
        if i >= len(texts) and distinct == sampled_rows and table.row_count:
            # A key candidate unique in the sample of a huge table is taken as unique in all of it.
            column.distinct_count = table.row_count
        # A unique-per-row text column (names, e-mails, codes) is an identifier, not a category.
        if i < len(texts) and 0 < distinct <= VALUE_LIMIT and distinct < non_null:
            listed.append(column)
    if listed:
        _fill_values(table, listed, dialect, execute)


def _fill_values(table: Table, columns: list[Column], dialect: str, execute: Execute) -> None:
    """Distinct values of several columns in one UNION ALL statement, tagged by column position."""
    parts = []
    for i, column in enumerate(columns):
        value = exp.cast(_col(column.name), "text")
        part = (exp.select(exp.alias_(exp.Literal.number(i), "k"), exp.alias_(value, "v"))
                .distinct().from_(_sample(table, [column], dialect))
                .where(exp.Not(this=exp.Is(this=_col(column.name), expression=exp.Null()))))
        parts.append(part)
    query = parts[0]
    for part in parts[1:]:
        query = exp.union(query, part, distinct=False)
    limit = (VALUE_LIMIT + 1) * len(columns)
    rows = _rows(execute, query.sql(dialect=dialect), max_rows=limit)
    if rows is None:
        return
    for i, column in enumerate(columns):
        column.values = sorted({str(v) for k, v in rows if int(k) == i})


def _sample(table: Table, columns: list[Column], dialect: str) -> exp.Expression:
    """The table, or its first SAMPLE_ROWS rows when it is bigger, as a subquery of just these columns."""
    query = exp.select(*(_col(c.name) for c in columns)).from_(_table_ref(table))
    if table.row_count is None or table.row_count > SAMPLE_ROWS:
        query = query.limit(SAMPLE_ROWS)
    return query.subquery("s")


def _table_ref(table: Table) -> exp.Table:
    return exp.Table(this=exp.to_identifier(table.name, quoted=True),
                     db=exp.to_identifier(table.schema, quoted=True) if table.schema else None)


def _col(name: str) -> exp.Column:
    return exp.Column(this=exp.to_identifier(name, quoted=True))


def _result(execute: Execute, sql: str, max_rows: int = DATE_SAMPLE_ROWS) -> QueryResult | None:
    try:
        return execute(sql, max_rows=max_rows, timeout_s=TIMEOUT_S)
    except SourceError:   # a broken view, a permission, a timeout: the table stays unprofiled
        return None


def _rows(execute: Execute, sql: str, max_rows: int = 1) -> list[list] | None:
    result = _result(execute, sql, max_rows)
    return result.rows if result is not None else None

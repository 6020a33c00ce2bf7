"""What every data source offers: introspection into a `Schema`, and bounded read-only execution."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

# Portable column kinds; the presentation layer and the parser reason in these, never in vendor types.
NUMBER, TEXT, DATE, DATETIME, BOOLEAN, OTHER = "number", "text", "date", "datetime", "boolean", "other"


@dataclass
class Column:
    name: str
    type: str                      # the database's own type name, e.g. "VARCHAR", "NUMERIC(10,2)"
    kind: str                      # one of NUMBER, TEXT, DATE, DATETIME, BOOLEAN, OTHER
    nullable: bool = True
    primary_key: bool = False
    distinct_count: int | None = None
    values: list[str] | None = None  # distinct values of a low-cardinality text column


@dataclass
class ForeignKey:
    columns: list[str]
    ref_table: str
    ref_columns: list[str]
    inferred: bool = False         # True when guessed from names (customer_id -> customers.id)


@dataclass
class Table:
    name: str
    columns: list[Column]
    schema: str | None = None
    primary_key: list[str] = field(default_factory=list)
    foreign_keys: list[ForeignKey] = field(default_factory=list)
    row_count: int | None = None

    def column(self, name: str) -> Column | None:
        low = name.lower()
        return next((c for c in self.columns if c.name.lower() == low), None)


@dataclass
class Schema:
    dialect: str                   # sqlglot dialect name: duckdb, sqlite, postgres, mysql, ...
    tables: list[Table]

    def table(self, name: str) -> Table | None:
        low = name.lower()
        return next((t for t in self.tables if t.name.lower() == low), None)


@dataclass
class QueryResult:
    columns: list[str]
    kinds: list[str]               # a portable kind per column (NUMBER, TEXT, DATE, ...)
    rows: list[list[Any]]          # JSON-friendly values: dates as ISO strings, decimals as float
    truncated: bool = False        # True when the row cap cut the result
    elapsed_ms: float = 0.0


class SourceError(Exception):
    """A database refused or failed a statement; the message is safe to show to a user."""


class QueryTimeout(SourceError):
    """A statement ran past its time limit and was cancelled."""


class Source(Protocol):
    url: str                       # as registered, with any password masked by `redact_url`
    dialect: str                   # sqlglot dialect name

    def introspect(self) -> Schema: ...

    def execute(self, sql: str, *, max_rows: int = 5000, timeout_s: float = 30.0) -> QueryResult: ...

    def close(self) -> None: ...

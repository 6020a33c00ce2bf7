"""DuckDB files through the native `duckdb` module, opened so that a statement can only read this file."""
from __future__ import annotations

import os
import re
import threading
import time
from typing import Any

import duckdb

from .base import Column, ForeignKey, QueryResult, Schema, SourceError, Table
from .errors import database_message, timed_out
from .infer_keys import infer_keys, primary_key_candidates
from .kinds import kind_of_type
from .profile import profile_table
from .results import build_result
from .urls import redact_url
from .watchdog import Watchdog

# read_only refuses INSERT/UPDATE/DDL on the file; without external access a statement cannot read or write
# other files or URLs (read_csv, COPY, ATTACH) nor install or load extensions; the lock stops a statement
# from simply SETting these back.
_LOCKED_DOWN = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "lock_configuration": True,
}
_TIMESTAMPTZ = "TIMESTAMP WITH TIME ZONE"


class DuckDBSource:
    """A read-only DuckDB file; safe to share between threads (each statement gets its own cursor).

    >>> source = DuckDBSource("data/demo.duckdb")                       # doctest: +SKIP
    >>> source.execute("select 42 as answer").rows                      # doctest: +SKIP
    [[42]]
    """

    dialect = "duckdb"

    def __init__(self, path: str, *, url: str | None = None):
        self.url = redact_url(url or path)
        if not os.path.isfile(path):
            raise SourceError(f"no DuckDB file at {path}")
        try:
            self._db = duckdb.connect(path, read_only=True, config=dict(_LOCKED_DOWN))
        except duckdb.Error as error:
            raise SourceError(f"cannot open DuckDB file {path}: {database_message(error)}") from None
        # cursor() on a shared connection is not documented as thread-safe; the cursors themselves are.
        self._cursor_lock = threading.Lock()

    def execute(self, sql: str, *, max_rows: int = 5000, timeout_s: float = 30.0) -> QueryResult:
        """Run one statement; at most max_rows rows come back, `truncated` says whether there were more."""
        started = time.perf_counter()
        names, types, rows = self._run(sql, max_rows, timeout_s)
        elapsed = (time.perf_counter() - started) * 1000
        return build_result(names, types, rows, max_rows=max_rows, elapsed_ms=elapsed)

    def _run(self, sql: str, max_rows: int, timeout_s: float) -> tuple[list[str], list[str], list[tuple]]:
        with self._cursor_lock:
            cursor = self._db.cursor()
        try:
            # DuckDB has no statement timeout; interrupting the cursor from a timer thread is the way.
            with Watchdog(timeout_s, cursor.interrupt) as dog:
                try:
                    return _fetch(cursor, sql, max_rows)
                except duckdb.InterruptException:
                    raise timed_out(timeout_s) from None
                except duckdb.Error as error:
                    if dog.fired:
                        raise timed_out(timeout_s) from None
                    raise SourceError(database_message(error)) from None
        finally:
            cursor.close()

    def introspect(self) -> Schema:
        """Tables and views of every schema in the file, profiled, with undeclared keys inferred."""
        columns = self.execute(
            "SELECT schema_name, table_name, column_name, data_type, is_nullable FROM duckdb_columns() "
            "WHERE database_name = current_database() AND NOT internal "
            "ORDER BY schema_name, table_name, column_index", max_rows=1_000_000, timeout_s=60).rows
        constraints = self.execute(
            "SELECT schema_name, table_name, constraint_type, constraint_column_names, referenced_table, "
            "referenced_column_names FROM duckdb_constraints() WHERE database_name = current_database() "
            "AND constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY') ORDER BY constraint_index",
            max_rows=1_000_000, timeout_s=60).rows
        tables: dict[tuple[str, str], Table] = {}
        for schema, table, name, type_name, nullable in columns:
            key = (schema, table)
            if key not in tables:
                tables[key] = Table(table, [], schema=None if schema == "main" else schema)
            kind = kind_of_type(type_name) or "other"
            tables[key].columns.append(Column(name, type_name, kind, nullable=bool(nullable)))
        for schema, table, kind, cols, ref_table, ref_cols in constraints:
            target = tables.get((schema, table))
            if target is None:
                continue
            if kind == "PRIMARY KEY":
                target.primary_key = list(cols)
                for name in cols:
                    target.column(name).primary_key = True
            else:
                target.foreign_keys.append(ForeignKey(list(cols), ref_table, list(ref_cols)))
        for table in tables.values():
            candidates = () if table.primary_key else primary_key_candidates(table)
            profile_table(table, self.dialect, self.execute, key_candidates=candidates)
        return infer_keys(Schema(self.dialect, list(tables.values())))

    def close(self) -> None:
        self._db.close()


def _fetch(cursor: Any, sql: str, max_rows: int) -> tuple[list[str], list[str], list[tuple]]:
    cursor.execute(sql)
    if cursor.description is None:
        return [], [], []
    names = [d[0] for d in cursor.description]
    types = [str(d[1]) for d in cursor.description]
    try:
        return names, types, cursor.fetchmany(max_rows + 1)
    except duckdb.InvalidInputException as error:
        # DuckDB turns TIMESTAMP WITH TIME ZONE into Python only with pytz installed; without it, the same
        # statement is re-read with those columns as ISO 8601 text (kinds still come from `types`).
        if "pytz" not in str(error) or _TIMESTAMPTZ not in types:
            raise
    cursor.execute(_timestamptz_as_text(sql, names, types))
    return names, types, cursor.fetchmany(max_rows + 1)


def _timestamptz_as_text(sql: str, names: list[str], types: list[str]) -> str:
    quoted = ['"' + n.replace('"', '""') + '"' for n in names]
    replaced = ", ".join(f"replace(CAST({q} AS VARCHAR), ' ', 'T') AS {q}"
                         for q, t in zip(quoted, types) if t == _TIMESTAMPTZ)
    inner = re.sub(r";\s*$", "", sql.strip())
    return f"SELECT * REPLACE ({replaced}) FROM ({inner}) AS q"

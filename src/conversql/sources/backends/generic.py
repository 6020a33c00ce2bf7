"""How one statement runs on a server reached through SQLAlchemy; the base every backend refines.

A backend is a table of behaviours, not a branch in the source: which engine options make connections
read-only, what to do on each new connection, how to run one statement under a deadline, which errors mean
"timed out", which schemas to introspect, and where cheap row-count estimates live.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..base import QueryTimeout
from ..errors import timed_out
from ..watchdog import Watchdog


@dataclass
class Fetched:
    """What a statement produced: names, database type names (None when the driver gives none), at most
    max_rows+1 raw rows, and whether the connection can go back to the pool afterwards."""
    names: list[str]
    type_names: list[str | None]
    rows: list[tuple[Any, ...]]
    reusable: bool = True


class GenericBackend:
    """Best effort for dialects we cannot make read-only: every statement is rolled back, and a watchdog
    thread cancels it at the deadline if the driver offers `cancel()`.

    Use a read-only database user for these sources; that is the real protection.
    """

    iso_text_dates = False          # SQLite only: dates stored as TEXT count as dates when they look ISO
    schema_names_qualified = False  # whether Table.schema is set even for the default schema

    def engine_options(self, url: Any) -> dict[str, Any]:
        """Extra `create_engine` keyword arguments for this backend."""
        return {}

    def on_connect(self, dbapi_connection: Any) -> None:
        """Runs once on each new DBAPI connection, before the pool hands it out."""

    def run(self, connection: Any, sql: str, max_rows: int, timeout_s: float) -> Fetched:
        """Run one statement on a raw DBAPI connection; the caller rolls back and returns the connection.
        Raises QueryTimeout when the deadline cancelled it, the driver's own error otherwise."""
        try:
            return self._run(connection, sql, max_rows, timeout_s)
        except QueryTimeout:
            raise
        except Exception as error:
            if self.is_timeout(error):
                raise timed_out(timeout_s) from None
            raise

    def _run(self, connection: Any, sql: str, max_rows: int, timeout_s: float) -> Fetched:
        cursor = connection.cursor()
        cancel = getattr(cursor, "cancel", None) or getattr(connection, "cancel", None) or (lambda: None)
        try:
            with Watchdog(timeout_s, cancel) as dog:
                try:
                    cursor.execute(sql)
                    return fetch(cursor, max_rows, _plain_type_name)
                except Exception:
                    if dog.fired:
                        raise timed_out(timeout_s) from None
                    raise
        finally:
            cursor.close()

    def is_timeout(self, error: BaseException) -> bool:
        """Whether a driver error means the server cancelled the statement at its deadline."""
        return False

    def schemas(self, inspector: Any) -> list[str | None]:
        """Schemas to introspect; None is the connection's default schema."""
        return [None]

    def row_estimates(self, connection: Any) -> dict[tuple[str | None, str], int]:
        """Cheap (schema, table) -> row count estimates from statistics; empty when unknown."""
        return {}


def fetch(cursor: Any, max_rows: int, type_name: Callable[[Any], str | None]) -> Fetched:
    """Names, type names and at most max_rows+1 rows of an executed DBAPI cursor."""
    if cursor.description is None:     # a statement without a result set
        return Fetched([], [], [])
    names = [d[0] for d in cursor.description]
    types = [type_name(d[1]) for d in cursor.description]
    rows = cursor.fetchmany(max_rows + 1)
    return Fetched(names, types, [tuple(r) for r in rows])


def _plain_type_name(type_code: Any) -> str | None:
    # DBAPI type codes are driver-specific; strings (Trino, ClickHouse, Snowflake) are usable as they come.
    return type_code if isinstance(type_code, str) else None

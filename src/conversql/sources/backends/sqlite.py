"""SQLite through the standard library: a read-only open, no ATTACH, and a progress-handler deadline."""
from __future__ import annotations

import sqlite3
import time
from typing import Any

from ..errors import timed_out
from .generic import Fetched, GenericBackend, fetch

# The progress handler runs every this many virtual-machine instructions: frequent enough to stop within
# milliseconds, rare enough to cost nothing measurable.
_PROGRESS_STEPS = 10_000


class SQLiteBackend(GenericBackend):
    """The file is opened with `mode=ro` (the URL is rewritten by the source), so SQLite itself refuses any
    write; `PRAGMA query_only` refuses them once more, and an authorizer denies ATTACH, which would let a
    statement read any other database file on the server. The stdlib driver runs one statement per call.

    SQLite has no statement timeout: a progress handler aborts the statement once the deadline has passed.
    Cursors carry no types, so kinds come from the values, with ISO-looking text counted as dates.
    """

    iso_text_dates = True

    def engine_options(self, url: Any) -> dict[str, Any]:
        return {"connect_args": {"check_same_thread": False}}

    def on_connect(self, dbapi_connection: Any) -> None:
        dbapi_connection.execute("PRAGMA query_only = 1")
        dbapi_connection.set_authorizer(_authorize)   # after the pragma: it forbids changing query_only

    def _run(self, connection: Any, sql: str, max_rows: int, timeout_s: float) -> Fetched:
        deadline = time.monotonic() + timeout_s

        def past_deadline() -> bool:
            return time.monotonic() > deadline

        connection.set_progress_handler(past_deadline, _PROGRESS_STEPS)
        cursor = connection.cursor()
        try:
            cursor.execute(sql)
            return fetch(cursor, max_rows, lambda _code: None)
        except sqlite3.OperationalError:
            if time.monotonic() > deadline:
                raise timed_out(timeout_s) from None
            raise
        finally:
            cursor.close()
            connection.set_progress_handler(None, 0)


def _authorize(action: int, arg1: Any, arg2: Any, db_name: Any, trigger: Any) -> int:
    if action in (sqlite3.SQLITE_ATTACH, sqlite3.SQLITE_DETACH):
        return sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_PRAGMA and arg1 == "query_only" and arg2 is not None:
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK

"""PostgreSQL through psycopg 3: read-only transactions, a server-side statement timeout, bounded fetches."""
from __future__ import annotations

import re
from typing import Any

import psycopg

from .generic import Fetched, GenericBackend, fetch

_SYSTEM_SCHEMAS = re.compile(r"^(pg_catalog|information_schema|pg_toast.*|pg_temp_.*|pg_toast_temp_.*)$")
# A statement that returns rows and may therefore sit behind a server-side cursor.
_QUERY_START = re.compile(r"^(?:\s+|--[^\n]*\n|/\*.*?\*/|\()*(select|with|values|table)\b", re.I | re.S)


class PostgresBackend(GenericBackend):
    """Three independent locks on writes, because the user in the URL may well be allowed to write:

    - every session starts with `default_transaction_read_only=on` and psycopg's `read_only`, so every
      transaction is `BEGIN READ ONLY` and the server refuses INSERT/UPDATE/DDL;
    - the statement goes over the extended protocol (a server-side cursor, or binary results), which accepts
      exactly one statement, so "COMMIT; DROP TABLE ..." cannot escape the transaction;
    - the transaction is rolled back afterwards, which also undoes any SET the statement made.

    `SET LOCAL statement_timeout` makes the server cancel a slow statement; the server-side cursor means
    only max_rows+1 rows ever cross the network, however large the result.
    """

    schema_names_qualified = True

    def engine_options(self, url: Any) -> dict[str, Any]:
        options = "-c default_transaction_read_only=on"
        if url.query.get("options"):
            options = f"{url.query['options']} {options}"
        connect_args: dict[str, Any] = {"options": options}
        if "connect_timeout" not in url.query:
            connect_args["connect_timeout"] = 10   # an unreachable host must fail, not hang
        if "application_name" not in url.query:
            connect_args["application_name"] = "conversql"
        return {"connect_args": connect_args}

    def on_connect(self, dbapi_connection: Any) -> None:
        dbapi_connection.read_only = True

    def _run(self, connection: Any, sql: str, max_rows: int, timeout_s: float) -> Fetched:
        milliseconds = str(max(1, int(timeout_s * 1000)))
        with connection.cursor() as setup:
            # cursor_tuple_fraction=1: we read the whole (capped) result, so plan for total time, not first row.
            setup.execute("SELECT set_config('statement_timeout', %s, true), "
                          "set_config('cursor_tuple_fraction', '1', true)", (milliseconds,))
        types = connection.adapters.types

        def type_name(oid: Any) -> str | None:
            info = types.get(oid)
            if info is None:
                return None
            return info.name + "[]" if oid == getattr(info, "array_oid", None) else info.name

        is_query = bool(_QUERY_START.match(sql))
        cursor = connection.cursor(name="conversql_result") if is_query else connection.cursor()
        try:
            if is_query:
                cursor.execute(sql)
            else:
                cursor.execute(sql, binary=True)   # binary forces the one-statement extended protocol
            return fetch(cursor, max_rows, type_name)
        finally:
            _close_quietly(cursor)

    def is_timeout(self, error: BaseException) -> bool:
        return isinstance(error, psycopg.errors.QueryCanceled)

    def schemas(self, inspector: Any) -> list[str | None]:
        return [s for s in inspector.get_schema_names() if not _SYSTEM_SCHEMAS.match(s)]

    def row_estimates(self, connection: Any) -> dict[tuple[str | None, str], int]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT n.nspname, c.relname, c.reltuples::bigint FROM pg_class c "
                           "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p', 'm')")
            # reltuples is -1 for a table never vacuumed or analysed: unknown, not empty.
            return {(schema, name): int(n) for schema, name, n in cursor.fetchall() if n >= 0}


def _close_quietly(cursor: Any) -> None:
    # Closing a server-side cursor is a statement; in an aborted transaction it fails, and the rollback that
    # follows closes it anyway.
    try:
        cursor.close()
    except Exception:  # noqa: BLE001
        pass

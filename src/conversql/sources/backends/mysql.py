"""MySQL and MariaDB through PyMySQL: read-only session transactions, a server statement timeout, streaming."""
from __future__ import annotations

from typing import Any

import pymysql.cursors
from pymysql.constants import FIELD_TYPE

from .generic import Fetched, GenericBackend, fetch

# MariaDB 1969 "max_statement_time exceeded", MySQL 3024 "maximum statement execution time exceeded".
_TIMEOUT_CODES = {1969, 3024}
# Text and binary columns share these type codes; the values (str or bytes) tell them apart.
_AMBIGUOUS_CODES = {249, 250, 251, 252}   # TINY_BLOB, MEDIUM_BLOB, LONG_BLOB, BLOB


class MySQLBackend(GenericBackend):
    """Writes are refused by the server: each connection starts with `SET SESSION TRANSACTION READ ONLY`
    and every statement re-asserts it (a previous statement may have changed the session), which also
    refuses DDL and temporary tables. PyMySQL does not enable multi-statements, so one call is one statement.

    The timeout is server-side: `max_statement_time` (seconds) on MariaDB, `MAX_EXECUTION_TIME` (ms, SELECT
    only) on MySQL. Rows stream through an unbuffered cursor so only max_rows+1 are read; when more remain,
    the connection is dropped rather than drained.
    """

    def engine_options(self, url: Any) -> dict[str, Any]:
        connect_args: dict[str, Any] = {"init_command": "SET SESSION TRANSACTION READ ONLY"}
        if "connect_timeout" not in url.query:
            connect_args["connect_timeout"] = 10
        return {"connect_args": connect_args}

    def _run(self, connection: Any, sql: str, max_rows: int, timeout_s: float) -> Fetched:
        mariadb = "mariadb" in connection.get_server_info().lower()
        with connection.cursor() as setup:
            setup.execute("SET SESSION TRANSACTION READ ONLY")
            if mariadb:
                setup.execute("SET SESSION max_statement_time = %s", (max(timeout_s, 0.001),))
            else:
                setup.execute("SET SESSION MAX_EXECUTION_TIME = %s", (max(1, int(timeout_s * 1000)),))
        cursor = connection.cursor(pymysql.cursors.SSCursor)
        cursor.execute(sql)
        fetched = fetch(cursor, max_rows, _type_name)
        if len(fetched.rows) > max_rows:
            # Closing an unbuffered cursor reads every remaining row; closing the connection does not.
            fetched.reusable = False
        else:
            cursor.close()
        return fetched

    def is_timeout(self, error: BaseException) -> bool:
        return bool(getattr(error, "args", None)) and error.args[0] in _TIMEOUT_CODES

    def row_estimates(self, connection: Any) -> dict[tuple[str | None, str], int]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT TABLE_NAME, TABLE_ROWS FROM information_schema.TABLES "
                           "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_ROWS IS NOT NULL")
            return {(None, name): int(n) for name, n in cursor.fetchall()}


def _type_name(code: Any) -> str | None:
    if code in _AMBIGUOUS_CODES:
        return None
    return _FIELD_TYPE_NAMES.get(code)


def _field_type_names() -> dict[int, str]:
    names = {value: name for name, value in vars(FIELD_TYPE).items() if name.isupper()}
    # Aliases share codes (CHAR is TINY, INTERVAL is ENUM); the first names are the ones results carry.
    names.update({FIELD_TYPE.TINY: "TINY", FIELD_TYPE.ENUM: "ENUM"})
    return names


_FIELD_TYPE_NAMES = _field_type_names()

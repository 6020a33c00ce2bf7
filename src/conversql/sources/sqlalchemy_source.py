"""Every non-DuckDB source: SQLAlchemy for URLs, pooling and reflection; a backend for read-only execution."""
from __future__ import annotations

import os
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import quote

import sqlalchemy as sa
from sqlalchemy.engine import URL, make_url
from sqlalchemy.engine.reflection import ObjectKind

from .backends import GenericBackend, backend_for
from .base import OTHER, Column, ForeignKey, QueryResult, QueryTimeout, Schema, SourceError, Table
from .errors import database_message
from .infer_keys import infer_keys, primary_key_candidates
from .kinds import kind_of_type
from .profile import profile_table
from .results import build_result
from .urls import redact_url, secrets_of

# Hints for the dialect packages SQLAlchemy cannot find, by URL scheme.
_INSTALL_HINTS = {
    "trino": "trino[sqlalchemy]", "clickhouse": "clickhouse-sqlalchemy", "clickhousedb": "clickhouse-connect",
    "bigquery": "sqlalchemy-bigquery", "snowflake": "snowflake-sqlalchemy", "redshift": "sqlalchemy-redshift",
    "databricks": "databricks-sqlalchemy", "awsathena": "pyathena[SQLAlchemy]", "mssql": "pyodbc",
    "oracle": "oracledb", "presto": "pyhive[presto]", "hive": "pyhive[hive]",
}


class SQLAlchemySource:
    """A database reached through a SQLAlchemy URL, with a connection pool shared by all threads.

    >>> source = SQLAlchemySource("postgresql+psycopg://ana@db/shop", dialect="postgres")  # doctest: +SKIP
    >>> source.execute("select count(*) as n from orders").rows                             # doctest: +SKIP
    [[830]]
    """

    def __init__(self, url: str | URL, *, dialect: str, display_url: str | None = None):
        text = url if isinstance(url, str) else url.render_as_string(hide_password=False)
        self.url = redact_url(display_url or text)
        self.dialect = dialect
        self._secrets = secrets_of(display_url or text) + secrets_of(text)
        sa_url = url if isinstance(url, URL) else self._parse(url)
        self._backend: GenericBackend = backend_for(sa_url.get_backend_name())
        try:
            self._engine = sa.create_engine(sa_url, pool_pre_ping=True, **self._backend.engine_options(sa_url))
        except sa.exc.NoSuchModuleError:
            hint = _INSTALL_HINTS.get(sa_url.get_backend_name())
            raise SourceError(f"no SQLAlchemy dialect installed for {sa_url.drivername}"
                              + (f" (pip install {hint})" if hint else "")) from None
        except Exception as error:  # noqa: BLE001 - a missing DBAPI module, a bad argument
            raise SourceError(f"cannot use {self.url}: {self._message(error)}") from None
        sa.event.listen(self._engine, "connect", lambda dbapi_connection, _record:
                        self._backend.on_connect(dbapi_connection))
        try:
            with self._checkout():   # fail now, with a clear message, rather than on the first question
                pass
        except SourceError:
            self._engine.dispose()
            raise

    def _parse(self, url: str) -> URL:
        try:
            sa_url = make_url(url)
        except Exception:  # noqa: BLE001 - ArgumentError, ValueError on a bad port...
            raise SourceError(f"not a valid database URL: {self.url}") from None
        if sa_url.get_backend_name() == "sqlite":
            return sqlite_url(sa_url.database or "")
        return sa_url

    def execute(self, sql: str, *, max_rows: int = 5000, timeout_s: float = 30.0) -> QueryResult:
        """Run one statement read-only; at most max_rows rows come back, `truncated` says if there were more."""
        started = time.perf_counter()
        with self._checkout() as checkout:
            try:
                fetched = self._backend.run(checkout.connection.driver_connection, sql, max_rows, timeout_s)
            except QueryTimeout:
                raise
            except Exception as error:  # noqa: BLE001 - every driver has its own exception tree
                raise SourceError(self._message(error)) from None
            checkout.reusable = fetched.reusable
        elapsed = (time.perf_counter() - started) * 1000
        return build_result(fetched.names, fetched.type_names, fetched.rows, max_rows=max_rows,
                            elapsed_ms=elapsed, iso_text=self._backend.iso_text_dates)

    @contextmanager
    def _checkout(self) -> Iterator[_Checkout]:
        """A pooled DBAPI connection, rolled back (or discarded, when its state is unknown) afterwards."""
        try:
            connection = self._engine.raw_connection()
        except Exception as error:  # noqa: BLE001
            raise SourceError(f"cannot connect to {self.url}: {self._message(error)}") from None
        checkout = _Checkout(connection)
        try:
            yield checkout
        finally:
            checkout.release()

    def introspect(self) -> Schema:
        """Tables and views (PostgreSQL: of every non-system schema), profiled, with undeclared keys inferred."""
        try:
            # Reflection warns about quirks it works around (odd SQLite declarations); nothing to act on.
            with warnings.catch_warnings(), self._engine.connect() as connection:
                warnings.simplefilter("ignore", sa.exc.SAWarning)
                inspector = sa.inspect(connection)
                tables = [t for schema in self._backend.schemas(inspector)
                          for t in self._reflect(inspector, schema)]
                estimates = self._backend.row_estimates(connection.connection.driver_connection)
        except Exception as error:  # noqa: BLE001 - third-party dialects fail in their own ways
            raise SourceError(f"cannot read the schema of {self.url}: {self._message(error)}") from None
        for table in tables:
            key = (table.schema if self._backend.schema_names_qualified else None, table.name)
            candidates = () if table.primary_key else primary_key_candidates(table)
            profile_table(table, self.dialect, self.execute, estimated_rows=estimates.get(key),
                          iso_text_dates=self._backend.iso_text_dates, key_candidates=candidates)
        return infer_keys(Schema(self.dialect, tables))

    def _reflect(self, inspector: Any, schema: str | None) -> list[Table]:
        try:
            columns = inspector.get_multi_columns(schema=schema, kind=ObjectKind.ANY)
        except NotImplementedError:   # a third-party dialect that cannot list views: tables only
            columns = inspector.get_multi_columns(schema=schema, kind=ObjectKind.TABLE)
        keys = _or_empty(inspector.get_multi_pk_constraint, schema)
        foreign = _or_empty(inspector.get_multi_foreign_keys, schema)
        tables = []
        for (table_schema, name), reflected in sorted(columns.items(), key=lambda item: item[0][1]):
            primary = (keys.get((table_schema, name)) or {}).get("constrained_columns") or []
            table = Table(
                name=name,
                columns=[self._column(c, c["name"] in primary) for c in reflected],
                schema=schema if self._backend.schema_names_qualified else None,
                primary_key=list(primary),
                foreign_keys=[ForeignKey(list(fk["constrained_columns"]), fk["referred_table"],
                                         list(fk["referred_columns"]))
                              for fk in foreign.get((table_schema, name), [])],
            )
            tables.append(table)
        return tables

    def _column(self, reflected: dict, primary: bool) -> Column:
        type_name = _type_name(reflected["type"], self._engine.dialect)
        return Column(name=reflected["name"], type=type_name, kind=kind_of_type(type_name) or OTHER,
                      nullable=bool(reflected.get("nullable", True)), primary_key=primary)

    def _message(self, error: BaseException) -> str:
        return database_message(error, self._secrets)

    def close(self) -> None:
        self._engine.dispose()


class _Checkout:
    """One borrowed pool connection and whether it may go back to the pool."""

    def __init__(self, connection: Any):
        self.connection = connection
        self.reusable = True

    def release(self) -> None:
        if self.reusable:
            try:
                self.connection.rollback()   # ends the read-only transaction and undoes any SET
            except Exception:  # noqa: BLE001 - a broken connection cannot be trusted again
                self.reusable = False
        if not self.reusable:
            self.connection.invalidate()
        self.connection.close()


def _or_empty(reflect: Any, schema: str | None) -> dict:
    """Keys of every table, or none when the dialect cannot reflect them (many warehouses declare none)."""
    try:
        return reflect(schema=schema, kind=ObjectKind.ANY)
    except NotImplementedError:
        return {}


def _type_name(type_: Any, dialect: Any) -> str:
    if isinstance(type_, sa.types.NullType):
        return ""   # SQLite column declared without a type
    try:
        return type_.compile(dialect=dialect)
    except Exception:  # noqa: BLE001 - a type this dialect cannot render
        return type(type_).__name__.upper()


def sqlite_url(path: str) -> URL:
    """The SQLAlchemy URL opening an SQLite file through an SQLite URI with mode=ro, which SQLite enforces.

    >>> sqlite_url("data/shop.sqlite").database                                  # doctest: +SKIP
    'file:/srv/conversql/data/shop.sqlite'
    """
    if not path or path == ":memory:" or path.startswith("file:"):
        raise SourceError("give the SQLite database as a file path, e.g. sqlite:///data/shop.sqlite")
    if not os.path.isfile(path):
        raise SourceError(f"no SQLite file at {path}")
    uri = "file:" + quote(os.path.abspath(path), safe="/")
    return URL.create("sqlite", database=uri, query={"mode": "ro", "uri": "true"})

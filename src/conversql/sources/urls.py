"""Source URLs: what they point at, which sqlglot dialect speaks to it, and how to print them without secrets."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from .base import SourceError

# SQLAlchemy backend name -> sqlglot dialect name, where the two differ or sqlglot needs telling.
_SQLGLOT_DIALECT = {
    "postgresql": "postgres", "postgres": "postgres", "mysql": "mysql", "mariadb": "mysql",
    "sqlite": "sqlite", "duckdb": "duckdb", "mssql": "tsql", "awsathena": "athena",
    "redshift": "redshift", "trino": "trino", "presto": "presto", "clickhouse": "clickhouse",
    "clickhousedb": "clickhouse", "bigquery": "bigquery", "snowflake": "snowflake", "oracle": "oracle",
    "databricks": "databricks", "hive": "hive", "teradatasql": "teradata", "teradata": "teradata",
    "drill": "drill", "doris": "doris", "starrocks": "starrocks", "exasol": "exasol", "druid": "druid",
}

_SECRET_PARAMS = re.compile(
    r"(?i)([?&](?:password|passwd|pwd|secret|token|access_token|api_key|apikey|private_key|"
    r"private_key_passphrase|credentials_base64|aws_secret_access_key)=)[^&#]*")
_USERINFO_PASSWORD = re.compile(r"^(?P<head>[A-Za-z][\w+.\-]*://[^:/@?#]*):(?P<password>[^/?#]*)@")
_SQLITE_MAGIC = b"SQLite format 3\x00"


def redact_url(url: str) -> str:
    """The URL with any password (in the user part or the query) replaced by ***.

    >>> redact_url("postgresql://ana:s3cret@db:5432/shop?sslmode=require&password=x")
    'postgresql://ana:***@db:5432/shop?sslmode=require&password=***'
    """
    url = _USERINFO_PASSWORD.sub(r"\g<head>:***@", url, count=1)
    return _SECRET_PARAMS.sub(r"\1***", url)


def secrets_of(url: str) -> list[str]:
    """The secret strings inside a URL, so error messages that echo them can be scrubbed."""
    found = []
    match = _USERINFO_PASSWORD.match(url)
    if match and match.group("password"):
        found.append(match.group("password"))
    found += [m.group(0).split("=", 1)[1] for m in _SECRET_PARAMS.finditer(url)]
    return [s for s in found if len(s) >= 3]


@dataclass(frozen=True)
class Target:
    """Where a URL points: `backend` is "duckdb" (native driver), "sqlite" (a file opened through SQLAlchemy)
    or "sqlalchemy"; `location` is the file path, or the SQLAlchemy URL with the driver we support filled in."""
    backend: str
    location: str
    dialect: str


def parse_source_url(url: str) -> Target:
    """Classify a source URL.

    >>> parse_source_url("postgres://ana@db/shop")
    Target(backend='sqlalchemy', location='postgresql+psycopg://ana@db/shop', dialect='postgres')
    """
    url = url.strip()
    if not url:
        raise SourceError("empty source URL")
    scheme, sep, rest = url.partition("://")
    if not sep:
        return _bare_path(url)
    name, _, _driver = scheme.lower().partition("+")
    if name == "duckdb":
        return Target("duckdb", _file_part(rest, url), "duckdb")
    if name in ("postgresql", "postgres"):
        # psycopg 3 is the driver whose server-side cursors and cancellation the PostgreSQL runner relies on.
        return Target("sqlalchemy", "postgresql+psycopg://" + rest, "postgres")
    if name in ("mysql", "mariadb"):
        return Target("sqlalchemy", f"{name}+pymysql://" + rest, "mysql")
    if name == "sqlite":
        return Target("sqlite", _file_part(rest, url), "sqlite")
    if not re.fullmatch(r"[a-z][a-z0-9_.\-]*", name):
        raise SourceError(f"not a database URL: {redact_url(url)}")
    return Target("sqlalchemy", url, _sqlglot_dialect(name))


def _bare_path(path: str) -> Target:
    """A plain file path: DuckDB unless the file is an SQLite database (".db" is used by both)."""
    suffix = Path(path).suffix.lower()
    if suffix in (".sqlite", ".sqlite3") or _is_sqlite_file(path):
        return Target("sqlite", path, "sqlite")
    if suffix in (".duckdb", ".db", ".ddb"):
        return Target("duckdb", path, "duckdb")
    raise SourceError(f"not a database URL or a .duckdb/.sqlite file: {redact_url(path)}")


def _is_sqlite_file(path: str) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(len(_SQLITE_MAGIC)) == _SQLITE_MAGIC
    except OSError:
        return False


def _file_part(rest: str, url: str) -> str:
    """The file of `scheme:///relative` or `scheme:////absolute` (SQLAlchemy's convention), minus any query."""
    if not rest.startswith("/"):
        raise SourceError(f"a file URL needs three slashes, e.g. duckdb:///data/shop.duckdb: {redact_url(url)}")
    path = unquote(rest[1:].split("?", 1)[0])
    if not path or path == ":memory:":
        raise SourceError("an in-memory database has nothing to query; give a file path")
    return path


def _sqlglot_dialect(backend: str) -> str:
    """sqlglot's name for a SQLAlchemy backend; "" (sqlglot's generic dialect) when sqlglot does not know it."""
    if backend in _SQLGLOT_DIALECT:
        return _SQLGLOT_DIALECT[backend]
    from sqlglot.dialects.dialect import Dialect
    try:
        Dialect.get_or_raise(backend)
    except ValueError:
        return ""
    return backend

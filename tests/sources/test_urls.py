"""Source URLs: classification, sqlglot dialects, and password redaction."""
from __future__ import annotations

import sqlite3

import pytest

from conversql.sources import SourceError, redact_url
from conversql.sources.urls import Target, parse_source_url, secrets_of


@pytest.mark.parametrize("url, target", [
    ("duckdb:///data/shop.duckdb", Target("duckdb", "data/shop.duckdb", "duckdb")),
    ("duckdb:////srv/shop.duckdb", Target("duckdb", "/srv/shop.duckdb", "duckdb")),
    ("data/shop.duckdb", Target("duckdb", "data/shop.duckdb", "duckdb")),
    ("data/shop.db", Target("duckdb", "data/shop.db", "duckdb")),
    ("sqlite:///data/shop.sqlite", Target("sqlite", "data/shop.sqlite", "sqlite")),
    ("sqlite:////srv/my%20shop.sqlite", Target("sqlite", "/srv/my shop.sqlite", "sqlite")),
    ("data/shop.sqlite3", Target("sqlite", "data/shop.sqlite3", "sqlite")),
    ("postgresql://ana@db:5432/shop", Target("sqlalchemy", "postgresql+psycopg://ana@db:5432/shop", "postgres")),
    ("postgres://ana@db/shop", Target("sqlalchemy", "postgresql+psycopg://ana@db/shop", "postgres")),
    ("postgresql+psycopg://ana@db/shop", Target("sqlalchemy", "postgresql+psycopg://ana@db/shop", "postgres")),
    ("mysql://root@db:3306/shop", Target("sqlalchemy", "mysql+pymysql://root@db:3306/shop", "mysql")),
    ("mariadb://root@db/shop", Target("sqlalchemy", "mariadb+pymysql://root@db/shop", "mysql")),
    ("trino://ana@trino:8080/hive/web", Target("sqlalchemy", "trino://ana@trino:8080/hive/web", "trino")),
    ("clickhouse+native://ch/db", Target("sqlalchemy", "clickhouse+native://ch/db", "clickhouse")),
    ("bigquery://project/dataset", Target("sqlalchemy", "bigquery://project/dataset", "bigquery")),
    ("snowflake://ana@acct/db/schema", Target("sqlalchemy", "snowflake://ana@acct/db/schema", "snowflake")),
    ("mssql+pyodbc://sa@dsn", Target("sqlalchemy", "mssql+pyodbc://sa@dsn", "tsql")),
    ("someday://x/y", Target("sqlalchemy", "someday://x/y", "")),
])
def test_classifies_urls(url, target):
    assert parse_source_url(url) == target


def test_a_db_file_that_is_sqlite_opens_as_sqlite(tmp_path):
    path = tmp_path / "chinook.db"
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.close()
    assert parse_source_url(str(path)).backend == "sqlite"


@pytest.mark.parametrize("url", ["", "   ", "not a url", "report.csv", "duckdb://x.duckdb",
                                 "sqlite:///:memory:", "duckdb:///", "1nvalid://x"])
def test_rejects_what_is_not_a_database(url):
    with pytest.raises(SourceError):
        parse_source_url(url)


@pytest.mark.parametrize("url, redacted", [
    ("postgresql://ana:s3cret@db:5432/shop", "postgresql://ana:***@db:5432/shop"),
    ("mysql://root:p@ss:w0rd@db/shop", "mysql://root:***@db/shop"),
    ("snowflake://ana@acct/db?password=s3cret&warehouse=wh", "snowflake://ana@acct/db?password=***&warehouse=wh"),
    ("trino://ana@host/cat?access_token=abc123", "trino://ana@host/cat?access_token=***"),
    ("postgresql://ana@db:5432/shop", "postgresql://ana@db:5432/shop"),
    ("postgresql://db:5432/shop", "postgresql://db:5432/shop"),
    ("duckdb:///data/shop.duckdb", "duckdb:///data/shop.duckdb"),
])
def test_redact_url(url, redacted):
    assert redact_url(url) == redacted


def test_secrets_of_finds_every_password():
    assert secrets_of("snowflake://ana:s3cret@acct/db?token=t0ken") == ["s3cret", "t0ken"]

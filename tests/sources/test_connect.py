"""open_source: the right source for each URL, and clear, password-free errors when it cannot open one."""
from __future__ import annotations

import pytest

from conversql.sources import DuckDBSource, SQLAlchemySource, SourceError, open_source

PASSWORD = "hunter2-very-secret"


def test_duckdb_url_opens_the_native_source(tmp_path):
    import duckdb
    path = tmp_path / "x.duckdb"
    duckdb.connect(str(path)).close()
    source = open_source(f"duckdb:///{path}")
    assert isinstance(source, DuckDBSource) and source.url == f"duckdb:///{path}"
    source.close()


def test_sqlite_url_opens_through_sqlalchemy(tmp_path):
    import sqlite3
    path = tmp_path / "x.sqlite"
    sqlite3.connect(path).close()
    source = open_source(f"sqlite:///{path}")
    assert isinstance(source, SQLAlchemySource) and source.dialect == "sqlite"
    source.close()


@pytest.mark.parametrize("url", [
    f"postgresql://ana:{PASSWORD}@127.0.0.1:1/shop",
    f"mysql://root:{PASSWORD}@127.0.0.1:1/shop",
])
def test_unreachable_server_is_a_source_error_without_the_password(url):
    with pytest.raises(SourceError) as info:
        open_source(url)
    message = str(info.value)
    assert message.startswith("cannot connect to ") and "***" in message
    assert PASSWORD not in message and "Traceback" not in message


@pytest.mark.postgres
def test_missing_postgres_database(postgres_admin_url, unique_name):
    url = postgres_admin_url.rsplit("/", 1)[0] + "/" + unique_name
    with pytest.raises(SourceError, match="does not exist"):
        open_source(url)


@pytest.mark.mysql
def test_wrong_mysql_password_is_not_echoed(mysql_admin_url):
    url = mysql_admin_url.replace("root@", f"root:{PASSWORD}@")
    with pytest.raises(SourceError) as info:
        open_source(url)
    assert "Access denied" in str(info.value) and PASSWORD not in str(info.value)


def test_dialect_not_installed_names_the_package():
    with pytest.raises(SourceError, match="snowflake-sqlalchemy") as info:
        open_source(f"snowflake://ana:{PASSWORD}@account/db")
    assert PASSWORD not in str(info.value)


@pytest.mark.parametrize("url", ["postgresql://ana:pw@db:notaport/shop", "nonsense", "duckdb:///missing.duckdb",
                                 "sqlite:///missing.sqlite"])
def test_bad_urls_are_source_errors(url):
    with pytest.raises(SourceError):
        open_source(url)

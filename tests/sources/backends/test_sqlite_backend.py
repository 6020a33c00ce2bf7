"""SQLite through SQLAlchemySource: the shared contract on a real file, plus SQLite's own defences."""
from __future__ import annotations

import sqlite3

import pytest

from conversql.sources import DATE, DATETIME, NUMBER, OTHER, TEXT, SourceError, open_source

from ..shop import SourceContract, create_shop


def _make_shop(path: str) -> None:
    db = sqlite3.connect(path)
    # Dates as ISO text, the way SQLite applications store them; the source must still see dates.
    create_shop(lambda sql, params=(): db.execute(sql, params), date="TEXT", timestamp="TEXT",
                boolean="BOOLEAN", executemany=db.executemany)
    db.execute("CREATE TABLE untyped (a, b, c)")
    db.executemany("INSERT INTO untyped VALUES (?, ?, ?)", [(1, "2024-01-01", "x"), (2, "2024-02-01", "y")])
    db.commit()
    db.close()


@pytest.fixture(scope="module")
def shop_path(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("sqlite") / "shop.sqlite")
    _make_shop(path)
    return path


@pytest.fixture(scope="module")
def shop(shop_path):
    source = open_source(f"sqlite:///{shop_path}")
    yield source
    source.close()


@pytest.fixture(scope="module")
def shop_schema(shop):
    return shop.introspect()


class TestSQLiteContract(SourceContract):
    slow_sql = "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) SELECT COUNT(*) FROM r"
    refusal = "readonly database"


def test_dialect_is_sqlite(shop):
    assert shop.dialect == "sqlite"


def test_text_dates_keep_their_declared_type(shop_schema):
    column = shop_schema.table("customers").column("signup_date")
    assert (column.type, column.kind) == ("TEXT", DATE)


def test_untyped_columns_are_judged_by_their_values(shop_schema):
    untyped = shop_schema.table("untyped")
    assert [c.kind for c in untyped.columns] == [NUMBER, DATE, TEXT]


def test_text_datetimes_in_results_are_datetimes(shop):
    assert shop.execute("SELECT ordered_at, status FROM orders").kinds == [DATETIME, TEXT]


def test_null_only_column_is_other(shop):
    assert shop.execute("SELECT NULL AS missing").kinds == [OTHER]


def test_attach_is_denied(shop, tmp_path):
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).close()
    with pytest.raises(SourceError, match="not authorized"):
        shop.execute(f"ATTACH '{other}' AS other")


def test_query_only_cannot_be_switched_off(shop):
    with pytest.raises(SourceError):
        shop.execute("PRAGMA query_only = 0")
    TestSQLiteContract().assert_shop_unchanged(shop)


def test_one_statement_per_call(shop):
    with pytest.raises(SourceError):
        shop.execute("SELECT 1; DELETE FROM orders")


def test_file_is_not_created_when_missing(tmp_path):
    missing = tmp_path / "missing.sqlite"
    with pytest.raises(SourceError, match="no SQLite file"):
        open_source(f"sqlite:///{missing}")
    assert not missing.exists()


def test_bare_sqlite_path_opens_sqlite(shop_path):
    source = open_source(shop_path)
    assert source.dialect == "sqlite"
    source.close()


@pytest.mark.parametrize("as_url", [True, False])
def test_odd_characters_in_the_path(tmp_path, as_url):
    path = tmp_path / "my shop#1?.sqlite"
    _make_shop(str(path))
    # In a URL "?" and "#" must be percent-encoded; a bare path is taken literally.
    source = open_source("sqlite:///" + str(path).replace("?", "%3F").replace("#", "%23") if as_url else str(path))
    assert source.execute("SELECT COUNT(*) FROM customers").rows == [[6]]
    source.close()

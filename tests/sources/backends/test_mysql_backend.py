"""MariaDB/MySQL through SQLAlchemySource on the real server: the shared contract, plus session escapes."""
from __future__ import annotations

import pytest

from conversql.sources import BOOLEAN, SourceError, open_source

from ..shop import SourceContract

pytestmark = pytest.mark.mysql


@pytest.fixture(scope="module")
def shop(mysql_shop_url):
    source = open_source(mysql_shop_url)
    yield source
    source.close()


@pytest.fixture(scope="module")
def shop_schema(shop):
    return shop.introspect()


class TestMySQLContract(SourceContract):
    slow_sql = "SELECT SLEEP(5)"
    refusal = "read only transaction"


@pytest.mark.parametrize("scheme", ["mysql", "mariadb", "mysql+pymysql"])
def test_url_schemes(mysql_shop_url, scheme):
    source = open_source(scheme + "://" + mysql_shop_url.split("://", 1)[1])
    assert source.dialect == "mysql"
    assert source.execute("SELECT 1 AS one").rows == [[1]]
    source.close()


def test_boolean_columns_are_boolean_despite_tinyint(shop_schema):
    column = shop_schema.table("customers").column("vip")
    assert (column.type.upper(), column.kind) == ("TINYINT(1)", BOOLEAN)


@pytest.mark.parametrize("statement", [
    "SELECT 1; DELETE FROM orders",
    "CREATE TEMPORARY TABLE scratch (x INTEGER)",
    "CREATE DATABASE stolen_db",
])
def test_refuses_ways_around_read_only(shop, statement):
    with pytest.raises(SourceError):
        shop.execute(statement)
    TestMySQLContract().assert_shop_unchanged(shop)


def test_session_settings_do_not_leak_into_the_next_statement(shop):
    # Every statement gets a fresh read-only, time-limited session state, whatever the last one set.
    shop.execute("SET SESSION TRANSACTION READ WRITE")
    shop.execute("SET SESSION max_statement_time = 0")
    with pytest.raises(SourceError, match="READ ONLY"):
        shop.execute("DELETE FROM orders")
    TestMySQLContract().assert_shop_unchanged(shop)


def test_truncated_big_result_returns_fast(shop):
    result = shop.execute("SELECT a.id FROM events a, events b", max_rows=5)
    assert len(result.rows) == 5 and result.truncated
    assert shop.execute("SELECT COUNT(*) FROM events").rows == [[250]]   # the pool recovered


def test_text_and_binary_values(shop):
    result = shop.execute("SELECT CAST('héllo' AS CHAR) AS t, UNHEX('00FF') AS b")
    assert result.rows == [["héllo", "00ff"]]
    assert result.kinds == ["text", "other"]

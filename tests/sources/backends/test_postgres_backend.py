"""PostgreSQL through SQLAlchemySource on the real server: the shared contract, plus escapes it must refuse."""
from __future__ import annotations

import pytest

from conversql.sources import DATE, NUMBER, SourceError, open_source

from ..shop import SourceContract

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def shop(postgres_shop_url):
    source = open_source(postgres_shop_url)
    yield source
    source.close()


@pytest.fixture(scope="module")
def shop_schema(shop):
    return shop.introspect()


class TestPostgresContract(SourceContract):
    slow_sql = "SELECT pg_sleep(5)"
    refusal = "read-only transaction"
    schema_name = "public"


@pytest.mark.parametrize("scheme", ["postgresql", "postgres", "postgresql+psycopg"])
def test_url_schemes(postgres_shop_url, scheme):
    source = open_source(scheme + "://" + postgres_shop_url.split("://", 1)[1])
    assert source.dialect == "postgres"
    assert source.execute("SELECT 1 AS one").rows == [[1]]
    source.close()


def test_introspects_other_schemas(shop_schema):
    targets = shop_schema.table("targets")
    assert targets.schema == "sales"
    assert [c.kind for c in targets.columns] == [NUMBER, DATE, NUMBER]
    assert targets.row_count == 2


def test_system_schemas_are_left_out(shop_schema):
    assert {t.schema for t in shop_schema.tables} == {"public", "sales"}


@pytest.mark.parametrize("statement", [
    "COMMIT; DROP TABLE customers",                       # escape the read-only transaction
    "SELECT 1; DELETE FROM orders",
    "WITH gone AS (DELETE FROM orders RETURNING id) SELECT COUNT(*) FROM gone",
    "SELECT nextval('tickets')",                          # a write hidden in a function
    "SET TRANSACTION READ WRITE",
])
def test_refuses_ways_around_read_only(shop, statement):
    with pytest.raises(SourceError):
        shop.execute(statement)
    TestPostgresContract().assert_shop_unchanged(shop)


def test_session_settings_do_not_leak_into_the_next_statement(shop):
    shop.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE")
    shop.execute("SET statement_timeout = 0")
    with pytest.raises(SourceError, match="read-only transaction"):
        shop.execute("DELETE FROM orders")
    TestPostgresContract().assert_shop_unchanged(shop)


def test_big_result_streams_only_the_capped_rows(shop):
    result = shop.execute("SELECT g FROM generate_series(1, 2000000) g", max_rows=5, timeout_s=10)
    assert (result.rows, result.truncated) == ([[1], [2], [3], [4], [5]], True)


def test_percent_signs_are_not_parameters(shop):
    assert shop.execute("SELECT name FROM customers WHERE name LIKE 'A%'").rows == [["Ana"]]


def test_non_query_statements_still_run(shop):
    assert shop.execute("SHOW transaction_read_only").rows == [["on"]]

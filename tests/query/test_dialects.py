"""Time buckets and date literals per dialect: the SQL they generate, and the labels they give on real databases."""
from __future__ import annotations

from datetime import date

import pytest
from sqlglot import exp

from conversql.query.dialects import date_literal, time_bucket


def bucket_sql(grain: str, dialect: str) -> str:
    return time_bucket(exp.column("d"), grain, dialect).sql(dialect)


def label(shop, day: date, grain: str):
    """The bucket label a real database gives a date."""
    expr = time_bucket(date_literal(day, shop.dialect, "date"), grain, shop.dialect)
    return shop.source.execute(exp.select(exp.alias_(expr, "label")).sql(shop.dialect)).rows[0][0]


# --- generated SQL -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("dialect, grain, sql", [
    ("duckdb", "month", "STRFTIME(d, '%Y-%m')"),
    ("duckdb", "year", "STRFTIME(d, '%Y')"),
    ("duckdb", "day", "CAST(d AS DATE)"),
    ("sqlite", "month", "STRFTIME('%Y-%m', d)"),
    ("sqlite", "day", "DATE(d)"),
    ("postgres", "month", "TO_CHAR(d, 'YYYY-MM')"),
    ("postgres", "week", "TO_CHAR(d, 'YYYY') || '-' || LPAD(CAST(CAST(FLOOR((EXTRACT(DOY FROM d) + 6 - (CAST(EXTRACT(DOW FROM d) AS INT) + 6) % 7) / 7) AS INT) AS TEXT), 2, '0')"),
    ("mysql", "month", "DATE_FORMAT(d, '%Y-%m')"),
])
def test_bucket_sql(dialect, grain, sql):
    assert bucket_sql(grain, dialect) == sql


def test_sqlite_quarter_uses_integer_month_arithmetic():
    assert "(CAST(STRFTIME('%m', d) AS INTEGER) + 2) / 3" in bucket_sql("quarter", "sqlite")


def test_quarter_elsewhere_uses_extract():
    assert "EXTRACT(QUARTER FROM d)" in bucket_sql("quarter", "duckdb")


def test_mysql_concatenates_with_concat_not_pipes():
    assert bucket_sql("quarter", "mysql").startswith("CONCAT(")


def test_an_unlisted_dialect_uses_the_common_builders():
    assert bucket_sql("month", "snowflake") == "TO_CHAR(d, 'yyyy-mm')"


def test_date_literal_is_a_plain_string_on_sqlite():
    assert date_literal(date(2024, 1, 2), "sqlite", "date").sql("sqlite") == "'2024-01-02'"


def test_date_literal_is_a_plain_string_for_a_text_column():
    assert date_literal(date(2024, 1, 2), "postgres", "text").sql("postgres") == "'2024-01-02'"


def test_date_literal_is_a_cast_date_elsewhere():
    assert date_literal(date(2024, 1, 2), "duckdb", "date").sql("duckdb") == "CAST('2024-01-02' AS DATE)"


# --- labels on every database (the `shop` fixture runs each test on DuckDB, SQLite, PostgreSQL and MariaDB) ---

@pytest.mark.parametrize("day, grain, expected", [
    (date(2024, 2, 20), "day", "2024-02-20"),
    (date(2024, 2, 20), "month", "2024-02"),
    (date(2024, 12, 31), "month", "2024-12"),
    (date(2024, 2, 20), "year", "2024"),
    (date(2024, 2, 20), "month_of_year", "02"),
    (date(2024, 3, 31), "quarter", "2024-Q1"),
    (date(2024, 4, 1), "quarter", "2024-Q2"),
    (date(2024, 12, 31), "quarter", "2024-Q4"),
])
def test_bucket_label(shop, day, grain, expected):
    assert label(shop, day, grain) == expected


def test_week_label(shop):
    assert label(shop, date(2024, 2, 20), "week") == "2024-08"


def test_week_label_in_a_year_that_starts_midweek(shop):
    assert label(shop, date(2020, 1, 1), "week") == "2020-00"


def test_day_of_week_label(shop):
    assert label(shop, date(2024, 2, 20), "day_of_week") == "2"      # a Tuesday; Sunday is 0

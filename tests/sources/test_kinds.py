"""Portable kinds from type names of every backend, and from values when there is no type."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from conversql.sources import BOOLEAN, DATE, DATETIME, NUMBER, OTHER, TEXT
from conversql.sources.kinds import kind_of_type, kind_of_values


@pytest.mark.parametrize("type_name, kind", [
    ("INTEGER", NUMBER), ("int4", NUMBER), ("BIGINT UNSIGNED", NUMBER), ("NUMERIC(10, 2)", NUMBER),
    ("DECIMAL(10,2)", NUMBER), ("double precision", NUMBER), ("float8", NUMBER), ("HUGEINT", NUMBER),
    ("NEWDECIMAL", NUMBER), ("LONGLONG", NUMBER), ("REAL", NUMBER), ("money", NUMBER),
    ("VARCHAR(40)", TEXT), ("character varying", TEXT), ("bpchar", TEXT), ("TEXT", TEXT), ("NVARCHAR(MAX)", TEXT),
    ("ENUM('a', 'b')", TEXT), ("UUID", TEXT), ("VAR_STRING", TEXT), ("Nullable(String)", TEXT),
    ("LowCardinality(Nullable(String))", TEXT),
    ("DATE", DATE), ("date", DATE),
    ("TIMESTAMP", DATETIME), ("timestamptz", DATETIME), ("TIMESTAMP WITH TIME ZONE", DATETIME),
    ("timestamp(6) without time zone", DATETIME), ("DATETIME", DATETIME), ("DateTime64(3)", DATETIME),
    ("BOOLEAN", BOOLEAN), ("bool", BOOLEAN), ("TINYINT(1)", BOOLEAN),
    ("INTERVAL", OTHER), ("point", OTHER), ("TIME", OTHER), ("jsonb", OTHER), ("BLOB", OTHER),
    ("bytea", OTHER), ("INTEGER[]", OTHER), ("STRUCT(a INTEGER)", OTHER), ("MAP(VARCHAR, INTEGER)", OTHER),
])
def test_kind_of_type(type_name, kind):
    assert kind_of_type(type_name) == kind


@pytest.mark.parametrize("type_name, kind", [
    # SQLite declared types are free text; its affinity rules decide.
    ("UNSIGNED BIG INT", NUMBER), ("NATIVE CHARACTER(70)", TEXT), ("CLOB", TEXT), ("DOUBLE", NUMBER),
    ("DATETIME", DATETIME), ("DATE", DATE), ("BOOLEAN", BOOLEAN),
])
def test_sqlite_declared_types(type_name, kind):
    assert kind_of_type(type_name) == kind


@pytest.mark.parametrize("type_name", [None, "", "WHATEVER"])
def test_unknown_types_have_no_kind(type_name):
    assert kind_of_type(type_name) is None


@pytest.mark.parametrize("values, kind", [
    ([1, 2.5, Decimal("3"), None], NUMBER),
    ([True, False], BOOLEAN),
    ([date(2024, 1, 1)], DATE),
    ([datetime(2024, 1, 1, 10, 0)], DATETIME),
    ([date(2024, 1, 1), datetime(2024, 1, 1, 10, 0)], DATETIME),
    (["a", "b"], TEXT),
    ([b"\x00"], OTHER),
    ([None, None], OTHER),
    ([], OTHER),
    ([1, "a"], OTHER),
])
def test_kind_of_values(values, kind):
    assert kind_of_values(values) == kind


def test_iso_text_counts_as_dates_only_when_asked():
    assert kind_of_values(["2024-01-31", "2024-02-01"], iso_text=True) == DATE
    assert kind_of_values(["2024-01-31 10:00:00", "2024-02-01T08:30"], iso_text=True) == DATETIME
    assert kind_of_values(["2024-01-31"]) == TEXT


def test_mixed_iso_and_other_text_is_text():
    assert kind_of_values(["2024-01-31", "soon"], iso_text=True) == TEXT

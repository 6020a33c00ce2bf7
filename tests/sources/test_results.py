"""Raw driver output shaped into a QueryResult."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from conversql.sources import DATE, NUMBER, OTHER, TEXT
from conversql.sources.results import build_result


def test_the_extra_row_only_marks_truncation():
    result = build_result(["n"], ["INTEGER"], [(1,), (2,), (3,)], max_rows=2, elapsed_ms=1.0)
    assert (result.rows, result.truncated) == ([[1], [2]], True)


def test_exactly_max_rows_is_not_truncated():
    assert not build_result(["n"], ["INTEGER"], [(1,), (2,)], max_rows=2, elapsed_ms=1.0).truncated


def test_kinds_come_from_types_first():
    result = build_result(["a", "b"], ["VARCHAR", "NUMERIC(10,2)"], [("2024-01-01", Decimal("1.5"))],
                          max_rows=10, elapsed_ms=1.0, iso_text=True)
    assert result.kinds == [TEXT, NUMBER]
    assert result.rows == [["2024-01-01", 1.5]]


def test_untyped_columns_are_judged_by_values():
    result = build_result(["d", "s", "n"], [None, None, None], [("2024-01-01", "x", 3), (None, "y", None)],
                          max_rows=10, elapsed_ms=1.0, iso_text=True)
    assert result.kinds == [DATE, TEXT, NUMBER]


def test_binary_values_under_a_text_type_are_other():
    assert build_result(["b"], ["VAR_STRING"], [(b"\x00",)], max_rows=10, elapsed_ms=0).kinds == [OTHER]


def test_values_are_json_friendly():
    result = build_result(["d"], ["DATE"], [(date(2024, 1, 31),)], max_rows=10, elapsed_ms=0)
    assert (result.rows, result.kinds) == ([["2024-01-31"]], [DATE])


def test_statement_without_result_set():
    result = build_result([], [], [], max_rows=10, elapsed_ms=0.5)
    assert (result.columns, result.rows, result.truncated) == ([], [], False)

from datetime import date, datetime, time
from decimal import Decimal
from uuid import UUID

from conversql.present.shape import ResultShape, as_number, json_value

TYPES = {"year": "numeric", "country": "text", "revenue": "numeric"}


def test_columns_are_sorted_into_time_labels_and_measures():
    s = ResultShape.of(["year", "country", "revenue"], TYPES, [[2023, "FR", 1.0], [2024, "DE", 2.0]])
    assert (s.time, s.labels, s.measures) == (["year"], ["country"], ["revenue"])


def test_a_constant_column_is_neither_an_axis_nor_a_label():
    s = ResultShape.of(["year", "country", "revenue"], TYPES, [[2024, "FR", 1.0], [2024, "FR", 2.0]])
    assert (s.time, s.labels) == ([], [])


def test_one_row_keeps_its_time_and_labels():
    s = ResultShape.of(["year", "country", "revenue"], TYPES, [[2024, "FR", 1.0]])
    assert (s.time, s.labels) == (["year"], ["country"])


def test_numbers_come_back_as_floats_with_none_for_gaps():
    s = ResultShape.of(["revenue"], {"revenue": "numeric"}, [[Decimal("1.5")], [None], [float("nan")], [2]])
    assert s.numbers("revenue") == [1.5, None, None, 2.0]


def test_short_rows_read_as_missing_values():
    s = ResultShape.of(["a", "b"], {"a": "text", "b": "numeric"}, [["x"]])
    assert s.values("b") == [None]


def test_booleans_are_not_numbers():
    assert as_number(True) is None


def test_database_values_become_json():
    assert json_value(date(2024, 1, 8)) == "2024-01-08"
    assert json_value(datetime(2024, 1, 8, 10, 30)) == "2024-01-08T10:30:00"
    assert json_value(time(10, 30)) == "10:30:00"
    assert json_value(Decimal("2.50")) == 2.5
    assert json_value(float("inf")) is None
    assert json_value(b"\x01\xff") == "01ff"
    assert json_value(UUID(int=1)) == "00000000-0000-0000-0000-000000000001"

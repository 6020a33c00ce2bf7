from datetime import date, datetime, time
from decimal import Decimal
from uuid import UUID

from conversql.present.shape import ResultShape, as_number, json_value

from .side_by_side import MONTHS, QUARTERS

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


# One measure in several periods side by side.

def test_percentages_come_after_the_amounts_they_derive_from():
    s = ResultShape.of(["year", "revenue_growth_pct", "revenue"], {"year": "text", "revenue_growth_pct": "numeric",
                                                                   "revenue": "numeric"},
                       [["2024", None, 10.0], ["2025", 20.0, 12.0]])
    assert s.measures == ["revenue", "revenue_growth_pct"]


def test_one_measure_in_two_periods_is_compared_side_by_side():
    assert ResultShape.of(*QUARTERS).compared == ["total_2024", "total_2025"]


def test_amounts_of_different_units_are_not_compared():
    s = ResultShape.of(["country", "revenue", "order_count"], {"country": "text", "revenue": "numeric",
                                                               "order_count": "numeric"},
                       [["FR", 10.0, 2], ["DE", 20.0, 3]])
    assert s.compared == []


def test_unrelated_numbers_are_not_compared():
    s = ResultShape.of(["country", "population", "area"], {"country": "text", "population": "numeric",
                                                            "area": "numeric"}, [["FR", 68, 551], ["DE", 84, 357]])
    assert s.compared == []


def test_amounts_split_by_a_second_label_are_not_compared():
    columns, types, rows, roles = QUARTERS
    s = ResultShape.of([*columns, "region"], {**types, "region": "text"},
                       [[*r, region] for r in rows for region in ("N", "S")])
    assert s.compared == []


def test_quarters_and_months_of_a_year_have_an_order():
    assert ResultShape.of(*QUARTERS).ordered("quarter") and ResultShape.of(*MONTHS).ordered("month")


def test_names_have_no_order():
    assert not ResultShape.of(["country", "revenue"], TYPES, [["FR", 1.0], ["DE", 2.0]]).ordered("country")

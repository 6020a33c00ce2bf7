"""Driver values made JSON-friendly."""
from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from uuid import UUID

import pytest

from conversql.sources.jsonable import to_json_value


@pytest.mark.parametrize("value, expected", [
    (None, None), (True, True), (7, 7), (2.5, 2.5), ("x", "x"),
    (Decimal("12.50"), 12.5), (Decimal("10"), 10), (Decimal("1E+2"), 100), (Decimal("NaN"), None),
    (float("nan"), None), (float("inf"), None),
    (date(2024, 1, 31), "2024-01-31"),
    (datetime(2024, 1, 31, 10, 30), "2024-01-31T10:30:00"),
    (datetime(2024, 1, 31, 10, 30, tzinfo=timezone.utc), "2024-01-31T10:30:00+00:00"),
    (time(8, 15), "08:15:00"),
    (timedelta(days=1, seconds=30), 86430.0),
    (UUID("12345678-1234-5678-1234-567812345678"), "12345678-1234-5678-1234-567812345678"),
    (b"hello", "hello"), (b"\x00\xff", "00ff"), (memoryview(b"\x01"), "01"), (b"two\nlines", "two\nlines"),
    ([1, Decimal("2.5")], [1, 2.5]), ({"d": date(2024, 1, 1)}, {"d": "2024-01-01"}),
])
def test_to_json_value(value, expected):
    assert to_json_value(value) == expected


def test_integral_decimals_stay_integers():
    assert isinstance(to_json_value(Decimal("10")), int)
    assert isinstance(to_json_value(Decimal("10.00")), float)


def test_unknown_objects_become_their_text():
    class Point:
        def __str__(self):
            return "(1,2)"
    assert to_json_value(Point()) == "(1,2)"


def test_results_serialise_with_the_standard_library():
    json.dumps([to_json_value(v) for v in (Decimal("1.5"), date(2024, 1, 1), b"\xff", float("nan"))],
               allow_nan=False)

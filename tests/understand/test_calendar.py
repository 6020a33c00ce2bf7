"""Calendar arithmetic: month shifts that clamp the day, period starts, whole periods as [start, end)."""
from __future__ import annotations

from datetime import date

import pytest

from conversql.understand.calendar import add_months, period, period_start, shift


@pytest.mark.parametrize("day, months, expected", [
    (date(2024, 3, 31), -1, date(2024, 2, 29)),     # leap year clamp
    (date(2025, 3, 31), -1, date(2025, 2, 28)),
    (date(2025, 1, 31), 3, date(2025, 4, 30)),
    (date(2025, 12, 31), 1, date(2026, 1, 31)),     # across a year end
    (date(2025, 1, 15), -13, date(2023, 12, 15)),
    (date(2025, 5, 10), 0, date(2025, 5, 10)),
])
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize("unit, n, expected", [
    ("day", -1, date(2025, 12, 30)),
    ("week", -2, date(2025, 12, 17)),
    ("month", -3, date(2025, 9, 30)),
    ("quarter", -1, date(2025, 9, 30)),
    ("year", -1, date(2024, 12, 31)),
])
def test_shift(unit, n, expected):
    assert shift(date(2025, 12, 31), unit, n) == expected


@pytest.mark.parametrize("unit, expected", [
    ("day", date(2025, 8, 14)),
    ("week", date(2025, 8, 11)),        # weeks start on Monday
    ("month", date(2025, 8, 1)),
    ("quarter", date(2025, 7, 1)),
    ("year", date(2025, 1, 1)),
])
def test_period_start(unit, expected):
    assert period_start(date(2025, 8, 14), unit) == expected


def test_period_is_half_open():
    assert period(date(2025, 12, 31), "month") == (date(2025, 12, 1), date(2026, 1, 1))


def test_previous_period():
    assert period(date(2025, 12, 31), "quarter", -1) == (date(2025, 7, 1), date(2025, 10, 1))


def test_previous_month_from_a_31st():
    assert period(date(2025, 3, 31), "month", -1) == (date(2025, 2, 1), date(2025, 3, 1))


def test_previous_year():
    assert period(date(2025, 6, 15), "year", -1) == (date(2024, 1, 1), date(2025, 1, 1))

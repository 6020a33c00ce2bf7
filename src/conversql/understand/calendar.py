"""Calendar arithmetic for time expressions: period starts, shifts and lengths."""
from __future__ import annotations

from datetime import date, timedelta

UNITS = ("day", "week", "month", "quarter", "year")


def add_months(d: date, n: int) -> date:
    """Shift by whole months, clamping the day: add_months(date(2024, 3, 31), -1) == date(2024, 2, 29)."""
    y, m = divmod(d.month - 1 + n, 12)
    year, month = d.year + y, m + 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(year, month, min(d.day, day))
        except ValueError:
            continue
    raise ValueError(d)


def shift(d: date, unit: str, n: int) -> date:
    if unit == "day":
        return d + timedelta(days=n)
    if unit == "week":
        return d + timedelta(weeks=n)
    return add_months(d, n * {"month": 1, "quarter": 3, "year": 12}[unit])


def period_start(d: date, unit: str) -> date:
    """The first day of the calendar period holding d (weeks start on Monday)."""
    if unit == "day":
        return d
    if unit == "week":
        return d - timedelta(days=d.weekday())
    if unit == "month":
        return d.replace(day=1)
    if unit == "quarter":
        return date(d.year, 3 * ((d.month - 1) // 3) + 1, 1)
    return date(d.year, 1, 1)


def period(d: date, unit: str, offset: int = 0) -> tuple[date, date]:
    """The calendar period holding d, moved by `offset` periods, as [start, end).

    >>> period(date(2025, 12, 31), "quarter", -1)
    (datetime.date(2025, 7, 1), datetime.date(2025, 10, 1))
    """
    start = shift(period_start(d, unit), unit, offset)
    return start, shift(start, unit, 1)

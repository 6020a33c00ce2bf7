"""Time values as periods: parse what databases return, order them, and name them by their grain."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal

# Text periods some SQL produces instead of dates (strftime, to_char, CONCAT of year and quarter).
PERIOD_PATTERNS: dict[str, re.Pattern[str]] = {
    "year": re.compile(r"^\d{4}$"),
    "quarter": re.compile(r"^\d{4}[- ]?Q[1-4]$", re.IGNORECASE),
    "month": re.compile(r"^\d{4}-(0[1-9]|1[0-2])$"),
    "week": re.compile(r"^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$", re.IGNORECASE),
    "day": re.compile(r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"),
}


_ISO_DATE_TEXT = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}.*)?$")


def text_period_grain(text: str) -> str | None:
    """The grain a text period is written at, or None when the text is not a period.

    >>> text_period_grain("2024-Q3")
    'quarter'
    """
    for grain, pattern in PERIOD_PATTERNS.items():
        if pattern.match(text.strip()):
            return grain
    return None


def as_datetime(value: Any) -> date | None:
    """A date or datetime from a database value, parsing ISO text (SQLite stores dates as text).

    >>> as_datetime("2024-01-08")
    datetime.date(2024, 1, 8)
    """
    if isinstance(value, (date, datetime)):
        return value
    if isinstance(value, str):
        text = value.strip()
        # Python also reads "2024-W05" and "20240108" as dates; databases write dates as YYYY-MM-DD.
        if not _ISO_DATE_TEXT.match(text):
            return None
        try:
            return date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)
        except ValueError:
            return None
    return None


def period_key(value: Any) -> str:
    """A sort key that orders periods chronologically, whatever form they come in.

    ISO text sorts chronologically, so every form is brought to it; years as numbers are zero-padded.

    >>> sorted(["2024-10", "2024-02"], key=period_key)
    ['2024-02', '2024-10']
    """
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{int(value):04d}"
    return str(value)


def day_label(day: date) -> str:
    """A day as people write it, the way the web page's table shows dates.

    >>> day_label(date(2026, 9, 4))
    'Sep 4, 2026'
    """
    return f"{day:%b} {day.day}, {day.year}"


def _clock(moment: datetime) -> str:
    hour = moment.hour % 12 or 12
    seconds = f":{moment.second:02d}" if moment.second or moment.microsecond else ""
    return f"{hour}:{moment.minute:02d}{seconds} {'AM' if moment.hour < 12 else 'PM'}"


def period_label(value: Any, grain: str | None, *, in_sentence: bool = True) -> str:
    """How a period is named for a reader: "Jan 2024" for a month, "Q3 2024" for a quarter, "Jan 8, 2024" for a day
    in a sentence (an axis keeps days as compact ISO dates).

    >>> period_label(date(2024, 7, 1), "quarter"), period_label("2024-07", "month")
    ('Q3 2024', 'Jul 2024')
    """
    moment = as_datetime(value)
    if grain is None and moment is None and isinstance(value, str):
        grain = text_period_grain(value)
    start = period_start(value, grain) if grain else None
    if moment is None and start is None:
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)
    if grain == "year":
        return f"{start.year}"
    if grain == "quarter":
        return f"Q{(start.month - 1) // 3 + 1} {start.year}"
    if grain == "month":
        return start.strftime("%b %Y")
    day = start or date(moment.year, moment.month, moment.day)
    if grain == "week":
        return f"the week of {day_label(day)}" if in_sentence else day.isoformat()
    if grain == "day" or not isinstance(moment, datetime):
        return day_label(day) if in_sentence else day.isoformat()
    if in_sentence:
        return f"{day_label(day)}, {_clock(moment)}"
    if moment.second or moment.microsecond:
        return moment.strftime("%Y-%m-%d %H:%M:%S")
    return moment.strftime("%Y-%m-%d %H:%M")


_ISO_DAY_IN_TEXT = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")


def dates_in_words(text: str) -> str:
    """Text with its ISO dates written as people write them.

    >>> dates_in_words("order date from 2026-09-04 to 2026-12-04")
    'order date from Sep 4, 2026 to Dec 4, 2026'
    """
    def spell(match: re.Match[str]) -> str:
        try:
            return day_label(date(*(int(g) for g in match.groups())))
        except ValueError:
            return match.group(0)
    return _ISO_DAY_IN_TEXT.sub(spell, text)


# Weeks as text: the engine writes C's %W ("2024-05": week 1 begins on the year's first Monday, week 00 holds the
# days before it); "2024-W05" is an ISO week.
_ISO_WEEK_TEXT = re.compile(r"^(\d{4})-W(\d{2})$", re.IGNORECASE)
_WEEK_TEXT = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER_TEXT = re.compile(r"^(\d{4})[- ]?Q([1-4])$", re.IGNORECASE)


def period_start(value: Any, grain: str | None) -> date | None:
    """The first day of the period a value names at a grain: a date, ISO text, or a text period.

    >>> period_start("2024-Q3", "quarter"), period_start(date(2024, 5, 17), "month")
    (datetime.date(2024, 7, 1), datetime.date(2024, 5, 1))
    """
    bounds = period_bounds(value, grain)
    return bounds[0] if bounds else None


def period_bounds(value: Any, grain: str | None) -> tuple[date, date] | None:
    """The days a period holds, [first, end), or None when the value names no period at that grain.

    >>> period_bounds("2026-12", "month")
    (datetime.date(2026, 12, 1), datetime.date(2027, 1, 1))
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if grain == "year" and float(value).is_integer() and 1 <= value <= 9999:
            return date(int(value), 1, 1), date(int(value) + 1, 1, 1)
        return None
    moment = as_datetime(value)
    if moment is not None:
        day = date(moment.year, moment.month, moment.day)
        return _truncated(day, grain or "day")
    if not isinstance(value, str):
        return None
    text = value.strip()
    grain = grain or text_period_grain(text)
    try:
        if grain == "year" and PERIOD_PATTERNS["year"].match(text):
            return _truncated(date(int(text), 1, 1), "year")
        if grain == "quarter" and (m := _QUARTER_TEXT.match(text)):
            return _truncated(date(int(m.group(1)), 3 * int(m.group(2)) - 2, 1), "quarter")
        if grain == "month" and PERIOD_PATTERNS["month"].match(text):
            return _truncated(date(int(text[:4]), int(text[5:7]), 1), "month")
        if grain == "week" and (m := _ISO_WEEK_TEXT.match(text)):
            monday = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
            return monday, monday + timedelta(days=7)
        if grain == "week" and (m := _WEEK_TEXT.match(text)):
            year = int(m.group(1))
            monday = datetime.strptime(f"{year}-{m.group(2)}-1", "%Y-%W-%w").date()
            # the year's first and last weeks are cut at the year's ends, as %W cuts them
            return max(monday, date(year, 1, 1)), min(monday + timedelta(days=7), date(year + 1, 1, 1))
    except ValueError:
        return None
    return None


def _truncated(day: date, grain: str) -> tuple[date, date] | None:
    if grain == "day":
        return day, day + timedelta(days=1)
    if grain == "week":      # a database's week start (Monday or Sunday) is kept as it comes
        return day, day + timedelta(days=7)
    if grain == "month":
        first = day.replace(day=1)
        return first, _add_months(first, 1)
    if grain == "quarter":
        first = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
        return first, _add_months(first, 3)
    if grain == "year":
        return date(day.year, 1, 1), date(day.year + 1, 1, 1)
    return None


def _add_months(first: date, months: int) -> date:
    index = first.month - 1 + months
    return date(first.year + index // 12, index % 12 + 1, 1)


# Periods read within a year, as the engine writes them when it compares years side by side: the months of a
# year ('01'..'12' in a month column) and its quarters ('Q1'..'Q4').
_MONTH_COLUMN = re.compile(r"(^|_)month($|_)", re.IGNORECASE)
_QUARTER_OF_YEAR = re.compile(r"^Q([1-4])$", re.IGNORECASE)
_MONTH_OF_YEAR = re.compile(r"^(0[1-9]|1[0-2])$")
_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

CyclePosition = tuple[Literal["month", "quarter"], int]


def cycle_position(column: str, value: Any) -> CyclePosition | None:
    """Which month or quarter of the year a text value names, whatever the year; None for anything else.

    >>> cycle_position("month", "08"), cycle_position("quarter", "Q3"), cycle_position("month", "2024-08")
    (('month', 8), ('quarter', 3), None)
    """
    if not isinstance(value, str):
        return None      # a bare number in a month column may count months (of a subscription, say)
    text = value.strip()
    if m := _QUARTER_OF_YEAR.match(text):
        return "quarter", int(m.group(1))
    if _MONTH_COLUMN.search(column) and _MONTH_OF_YEAR.match(text):
        return "month", int(text)
    return None


def cycle_label(position: CyclePosition) -> str:
    """A month or quarter of the year as a reader names it.

    >>> cycle_label(("month", 8)), cycle_label(("quarter", 3))
    ('Aug', 'Q3')
    """
    unit, n = position
    return _MONTH_NAMES[n - 1] if unit == "month" else f"Q{n}"


Shortfall = Literal["in progress", "starts early", "ends late"]


@dataclass(frozen=True)
class Coverage:
    """The days a result's rows speak for in full: its time filter's [start, end), and nothing from today on,
    since today is not over. A period reaching outside holds only part of its days, so it is not comparable.

    >>> Coverage(today=date(2026, 12, 4)).shortfall("2026-12", "month")
    'in progress'
    """
    start: date | None = None
    end: date | None = None          # exclusive
    today: date | None = None

    def shortfall(self, value: Any, grain: str | None) -> Shortfall | None:
        """Why the period `value` names is incomplete in the rows, or None when it is complete (or unknown)."""
        bounds = period_bounds(value, grain) if grain else None
        if bounds is None:
            return None
        first, end = bounds
        if self.today is not None and end > self.today and (self.end is None or self.today < self.end):
            return "in progress"
        if self.end is not None and end > self.end:
            return "ends late"
        if self.start is not None and first < self.start:
            return "starts early"
        return None

    def shortfall_in_year(self, position: CyclePosition) -> Literal["in progress", "to come"] | None:
        """Whether a month or quarter of the latest year the rows hold is still running or yet to come: years
        compared side by side share '01'..'12', and only the current year has months it has not finished.

        >>> Coverage(end=date(2027, 1, 1), today=date(2026, 6, 4)).shortfall_in_year(("quarter", 3))
        'to come'
        """
        if self.today is None or self.end is None or self.today >= self.end:
            return None
        if self.today.year != (self.end - timedelta(days=1)).year:
            return None
        unit, n = position
        now = self.today.month if unit == "month" else (self.today.month - 1) // 3 + 1
        return "in progress" if n == now else "to come" if n > now else None

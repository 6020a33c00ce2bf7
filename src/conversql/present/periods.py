"""Time values as periods: parse what databases return, order them, and name them by their grain."""
from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

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


def period_label(value: Any, grain: str | None, *, in_sentence: bool = True) -> str:
    """How a period is named for a reader: "Jan 2024" for a month, "Q3 2024" for a quarter.

    >>> period_label(date(2024, 7, 1), "quarter")
    'Q3 2024'
    """
    moment = as_datetime(value)
    if moment is None:
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)
    if grain == "year":
        return f"{moment.year}"
    if grain == "quarter":
        return f"Q{(moment.month - 1) // 3 + 1} {moment.year}"
    if grain == "month":
        return moment.strftime("%b %Y")
    day = moment.date().isoformat() if isinstance(moment, datetime) else moment.isoformat()
    if grain == "week":
        return f"the week of {day}" if in_sentence else day
    if grain == "day" or not isinstance(moment, datetime):
        return day
    if moment.second or moment.microsecond:
        return moment.strftime("%Y-%m-%d %H:%M:%S")
    return moment.strftime("%Y-%m-%d %H:%M")

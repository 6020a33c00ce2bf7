"""The short text that answers the question in words: what the result is and its headline numbers."""
from __future__ import annotations

from typing import Any, Sequence

from conversql.present.periods import period_label
from conversql.present.roles import ColumnRole
from conversql.present.shape import ResultShape
from conversql.present.wording import format_number, plural_noun, readable, sentence

_PERIOD_NOUNS = {"day": "day", "week": "week", "month": "month", "quarter": "quarter", "year": "year"}


def summarize(columns: Sequence[str], column_types: dict[str, str], rows: Sequence[Sequence[Any]],
              roles: Sequence[ColumnRole] | None, interpretation: str = "") -> str:
    """One sentence: the interpretation, then how many rows of what and the total when a total means something.

    >>> summarize(["day", "total_sales"], {"day": "date", "total_sales": "numeric"},
    ...           [["2024-01-01", 1000.5], ["2024-01-02", 234.25]], None, "the total sales per day")
    'Here are the total sales per day: 2 days, 1,234.75 in total.'
    """
    s = ResultShape.of(columns, column_types, rows, roles)
    what = interpretation.strip().rstrip(".")
    if s.n_rows == 0:
        return sentence(f"there are no results for {what}.") if what else "The query returned no rows."
    opening = f"Here {'is' if s.n_rows == 1 else 'are'} {what}" if what else "Here is the result"
    return f"{opening}: {_facts(s)}."


def _facts(s: ResultShape) -> str:
    if s.n_rows == 1 and s.measures:
        return _single_row(s)
    if s.time and s.measures:
        x = s.time[0]
        noun = _PERIOD_NOUNS.get(s.role(x).grain or "", "period")
        return _counted(s, s.distinct(x), noun, plural=f"{noun}s")
    if s.labels and s.measures:
        label = s.labels[0]
        if len(s.labels) == 1 and s.distinct(label) == s.n_rows:
            return _counted(s, s.n_rows, readable(label), plural=plural_noun(label))
        return _counted(s, s.n_rows, "row", plural="rows")
    return _count(s.n_rows, "row", "rows")


def _single_row(s: ResultShape) -> str:
    """A one-row result read out: its labels, then each measure (named when there are several)."""
    row = dict(zip(s.columns, s.rows[0]))
    parts = [str(row[c]) for c in s.labels if row.get(c) is not None]
    parts += [period_label(row[c], s.role(c).grain) for c in s.time if row.get(c) is not None]
    numbers = s.measures
    for m in numbers:
        value = s.numbers(m)[0]
        shown = "no value" if value is None else format_number(value)
        parts.append(shown if len(numbers) == 1 else f"{readable(m)} {shown}")
    return ", ".join(parts)


def _counted(s: ResultShape, n: int, noun: str, *, plural: str) -> str:
    """"12 months, 4,500 in total": the count, and the total when the first measure adds up."""
    text = _count(n, noun, plural)
    y = s.measures[0]
    values = [v for v in s.numbers(y) if v is not None]
    if values and s.role(y).is_additive():
        total = format_number(sum(values))
        text += f", {total} in total" if len(s.measures) == 1 else f", {total} {readable(y)} in total"
    return text


def _count(n: int, noun: str, plural: str) -> str:
    return f"{n:,} {noun if n == 1 else plural}"

"""The short text that answers the question in words: what the result is and its headline numbers."""
from __future__ import annotations

from typing import Any, Sequence

from conversql.present.periods import dates_in_words, period_label
from conversql.present.roles import ColumnRole
from conversql.present.shape import ResultShape
from conversql.present.wording import (format_amount, format_percent, is_plural, measure_in_periods, measure_words,
                                       mid_sentence, period_phrase, plural_noun, readable, sentence, total_of)

_PERIOD_NOUNS = {"day": "day", "week": "week", "month": "month", "quarter": "quarter", "year": "year"}
_DETERMINERS = ("the ", "a ", "an ", "your ", "my ", "our ", "this ", "these ", "those ", "all ", "each ")


def summarize(columns: Sequence[str], column_types: dict[str, str], rows: Sequence[Sequence[Any]],
              roles: Sequence[ColumnRole] | None, interpretation: str = "", *, currency: str | None = None) -> str:
    """One sentence: the interpretation, then how many rows of what and the total when a total means something.

    The interpretation is written as a title ("Total revenue by day, with order date from 2026-09-04 ..."); inside
    the sentence it reads as a phrase, with its dates in words. Money is written in `currency` when one is given.

    >>> summarize(["day", "total_sales"], {"day": "date", "total_sales": "numeric"},
    ...           [["2024-01-01", 1000.5], ["2024-01-02", 234.25]], None, "Total sales per day", currency="USD")
    'Here are the total sales per day: 2 days, $1,234.75 in total.'
    """
    s = ResultShape.of(columns, column_types, rows, roles)
    what = _phrase(interpretation)
    if s.n_rows == 0:
        return sentence(f"there are no results for {what}.") if what else "The query returned no rows."
    if not what:
        return f"Here is the result: {_facts(s, currency)}."
    opening = f"Here {'are' if is_plural(what) else 'is'} {what}"
    # An interpretation with a colon of its own ("Orders: order id, ...") takes its facts in brackets.
    return f"{opening} ({_facts(s, currency)})." if ":" in what else f"{opening}: {_facts(s, currency)}."


def _phrase(interpretation: str) -> str:
    """'Total revenue by day, from 2026-09-04' -> 'the total revenue by day, from Sep 4, 2026'."""
    what = mid_sentence(dates_in_words(interpretation.strip().rstrip(".")))
    if what and not what.lower().startswith(_DETERMINERS) and what[:1].islower():
        what = "the " + what
    return what


def _facts(s: ResultShape, currency: str | None) -> str:
    if s.is_listing:   # records are counted; a total of their numbers answers nothing that was asked
        label = s.labels[0] if s.labels else None
        if label is not None and s.distinct(label) == s.n_rows:
            return _count(s.n_rows, readable(label), plural_noun(label))
        return _count(s.n_rows, "row", "rows")
    if s.n_rows == 1 and s.measures:
        return _single_row(s, currency)
    if s.time and s.measures:
        x = s.time[0]
        noun = _PERIOD_NOUNS.get(s.role(x).grain or "", "period")
        return _counted(s, s.distinct(x), noun, plural=f"{noun}s", currency=currency)
    if s.labels and s.measures:
        label = s.labels[0]
        if len(s.labels) == 1 and s.distinct(label) == s.n_rows:
            return _counted(s, s.n_rows, readable(label), plural=plural_noun(label), currency=currency)
        return _counted(s, s.n_rows, "row", plural="rows", currency=currency)
    return _count(s.n_rows, "row", "rows")


def _single_row(s: ResultShape, currency: str | None) -> str:
    """A one-row result read out: its labels, then each measure (named when there are several)."""
    row = dict(zip(s.columns, s.rows[0]))
    parts = [str(row[c]) for c in s.labels if row.get(c) is not None]
    parts += [period_label(row[c], s.role(c).grain) for c in s.time if row.get(c) is not None]
    numbers = s.measures
    for m in numbers:
        value = s.numbers(m)[0]
        shown = "no value" if value is None else \
            format_percent(value) if s.role(m).is_percent() else format_amount(value, s.role(m).unit, currency)
        parts.append(shown if len(numbers) == 1 else f"{measure_words(m)} {shown}")
    return ", ".join(parts)


def _counted(s: ResultShape, n: int, noun: str, *, plural: str, currency: str | None) -> str:
    """"12 months, 4,500 in total": the count, and the total when the first measure adds up."""
    text = _count(n, noun, plural)
    y = s.measures[0]
    values = [v for v in s.numbers(y) if v is not None]
    if not values or not s.role(y).is_additive():
        return text
    if s.compared and (per_period := _per_period(s, currency)):
        return f"{text}, {per_period}"
    total = format_amount(sum(values), s.role(y).unit, currency)
    return text + (f", {total} in total" if len(s.amounts) == 1 else f", {total_of(y)} {total}")


def _per_period(s: ResultShape, currency: str | None) -> str:
    """One measure's total in each period side by side: "total revenue $3.1M last year and $3.4M this year";
    empty when the amounts side by side are different measures."""
    if (named := measure_in_periods(s.compared)) is None:
        return ""
    stem, periods = named
    totals = [format_amount(sum(v for v in s.numbers(c) if v is not None), s.role(c).unit, currency) + " " +
              period_phrase(p) for c, p in zip(s.compared, periods)]
    return f"{total_of(stem)} {', '.join(totals[:-1])} and {totals[-1]}"


def _count(n: int, noun: str, plural: str) -> str:
    return f"{n:,} {noun if n == 1 else plural}"

"""Insights for one measure in several periods side by side ("total_revenue_last_year", "total_revenue_this_year"
per month): the latest period's total against the one before, in how many rows it is ahead, the largest rise and
the largest fall.

The latest period may still be running. When the rows are the months or quarters of a year and that year is the
current one, the month in progress is stated apart and it and the months still to come are left out of every
comparison, as a time series leaves out its partial periods.
"""
from __future__ import annotations

from functools import partial
from typing import Any, Callable

from conversql.present.periods import Coverage, cycle_label, cycle_position, period_label
from conversql.present.shape import ResultShape, as_number
from conversql.present.wording import (format_amount, format_number, format_percent, measure_in_periods,
                                       period_phrase, plural_noun, readable, sentence)

# (label as a reader names it, the earlier period's value, the later period's value)
Point = tuple[str, float | None, float | None]


def comparison_insights(s: ResultShape, *, currency: str | None = None,
                        coverage: Coverage | None = None) -> list[str]:
    """What changed between the last two periods of a measure shown side by side; nothing when the amounts side
    by side are different measures (revenue and cost) rather than one measure in several periods.

    >>> s = ResultShape.of(["quarter", "total_2024", "total_2025"],
    ...                    {"quarter": "text", "total_2024": "numeric", "total_2025": "numeric"},
    ...                    [["Q1", 100, 150], ["Q2", 200, 190]])
    >>> comparison_insights(s)[0]
    "2025's total is 13.3% above 2024's (340 against 300)."
    """
    columns = s.compared
    if (named := measure_in_periods(columns)) is None:
        return []
    stem, periods = named
    x = (s.time + s.labels)[0]
    before, after = columns[-2], columns[-1]
    earlier, later = periods[-2], periods[-1]
    say = partial(format_amount, unit=s.role(after).unit, currency=currency)
    held, in_progress, to_come = _by_completeness(s, x, before, after, coverage or Coverage())
    compared = [(label, b, a) for label, b, a in held if b is not None and a is not None]
    found = []
    if s.role(after).is_additive() and all(b >= 0 and a >= 0 for _, b, a in compared) and compared:
        scope = f"through {held[-1][0]}, " if in_progress or to_come else ""
        found.append(_totals(scope, stem, earlier, later, sum(b for _, b, _ in compared),
                             sum(a for _, _, a in compared), say))
    if len(compared) >= 2:
        found.append(_ahead(compared, stem, earlier, later, plural_noun(x)))
        found += _largest_changes(compared, say, _preposition(s, x))
    for label, _, value in in_progress:
        so_far = f" ({stem} {say(value)} so far)" if value is not None else ""
        found.append(sentence(f"{label} {later} is still in progress{so_far}, so the comparisons leave it out."))
    if to_come:
        span = to_come[0][0] if len(to_come) == 1 else f"{to_come[0][0]} to {to_come[-1][0]}"
        found.append(sentence(f"{span} {later} {'is' if len(to_come) == 1 else 'are'} yet to come."))
    return found


def _by_completeness(s: ResultShape, x: str, before: str, after: str,
                     coverage: Coverage) -> tuple[list[Point], list[Point], list[Point]]:
    """The rows whose periods are complete, the one still in progress, and those yet to come."""
    groups: dict[str | None, list[Point]] = {None: [], "in progress": [], "to come": []}
    role = s.role(x)
    rows = list(zip(s.values(x), s.numbers(before), s.numbers(after)))
    if all(cycle_position(x, value) for value, _, _ in rows):    # in the year's order, whatever the rows' order
        rows.sort(key=lambda row: cycle_position(x, row[0]))
    for value, b, a in rows:
        position = cycle_position(x, value)
        label = cycle_label(position) if position else \
            period_label(value, role.grain) if role.role == "time" else _name(x, value)
        groups[coverage.shortfall_in_year(position) if position else None].append((label, b, a))
    return groups[None], groups["in progress"], groups["to come"]


def _name(column: str, value: Any) -> str:
    """A row's label; a bare number gets its column's name ("rating 4")."""
    if value is None:
        return f"(no {readable(column)})"
    number = as_number(value) if not isinstance(value, str) else None
    if number is not None:
        return f"{readable(column)} {format_number(number)}"
    return str(value)


def _preposition(s: ResultShape, x: str) -> str:
    """How a row's label follows a change: "in Aug" for periods, "for Seafood" for things."""
    periods = s.role(x).role == "time" or all(cycle_position(x, v) for v in s.values(x) if v is not None)
    return "in" if periods else "for"


def _percent_change(old: float, new: float) -> float | None:
    return (new - old) / old * 100 if old > 0 else None


def _totals(scope: str, stem: str, earlier: str, later: str, before: float, after: float,
            say: Callable[[float], str]) -> str:
    """"This year's total revenue is 8.9% above last year's ($3,438,127.17 against $3,155,786.31)." """
    pct = _percent_change(before, after)
    amounts = f"({say(after)} against {say(before)})"
    if after == before:
        return sentence(f"{scope}{later}'s {stem} is the same as {earlier}'s: {say(after)}.")
    if pct is None:
        return sentence(f"{scope}{later}'s {stem} is {say(after)}, against {say(before)} {period_phrase(earlier)}.")
    side = "above" if pct > 0 else "below"
    return sentence(f"{scope}{later}'s {stem} is {format_percent(abs(pct))} {side} {earlier}'s {amounts}.")


def _ahead(points: list[Point], stem: str, earlier: str, later: str, noun: str) -> str:
    """In how many rows the later period is ahead: "This year's total revenue is above last year's in 10 of 11
    months." """
    ups = sum(1 for _, b, a in points if a > b)
    downs = sum(1 for _, b, a in points if a < b)
    n = len(points)
    if ups == n or downs == n:
        return sentence(f"{later}'s {stem} is {'above' if ups else 'below'} {earlier}'s in all {n} {noun}.")
    return sentence(f"{later}'s {stem} is above {earlier}'s in {ups} of {n} {noun}.")


def _largest_changes(points: list[Point], say: Callable[[float], str], preposition: str) -> list[str]:
    """The largest rise and the largest fall in percent, each only when there is one."""
    changes = [(label, b, a, pct) for label, b, a in points if (pct := _percent_change(b, a)) is not None]
    found = []
    rise = max(changes, key=lambda c: c[3], default=None)
    if rise is not None and rise[3] > 0:
        label, b, a, pct = rise
        found.append(f"The largest increase was {preposition} {label}: up {format_percent(pct)}, "
                     f"from {say(b)} to {say(a)}.")
    fall = min(changes, key=lambda c: c[3], default=None)
    if fall is not None and fall[3] < 0:
        label, b, a, pct = fall
        found.append(f"The largest decrease was {preposition} {label}: down {format_percent(-pct)}, "
                     f"from {say(b)} to {say(a)}.")
    return found

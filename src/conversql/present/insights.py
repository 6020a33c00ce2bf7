"""Facts computed from the rows, each stated only when the rows support it.

Every number in an insight is derived from the rows given, never assumed: a share needs a measure that adds up to
a whole and is never negative, a trend needs two complete periods, a concentration needs enough categories to
concentrate.
"""
from __future__ import annotations

import statistics
from datetime import timedelta
from decimal import Decimal
from typing import Any, Callable, Sequence

from conversql.present.comparison import comparison_insights
from conversql.present.periods import Coverage, as_datetime, period_key, period_label
from conversql.present.roles import ColumnRole
from conversql.present.shape import ResultShape, hashable
from conversql.present.wording import (format_amount, format_number, format_percent, plural_noun, readable,
                                       sentence, total_of)

TOP_N = 3                  # "the top 3 customers account for..."
MIN_FOR_CONCENTRATION = 5  # with fewer categories the top 3 are most of them anyway
MIN_FOR_CORRELATION = 5    # fewer points make any correlation look strong


def compute_insights(columns: Sequence[str], column_types: dict[str, str], rows: Sequence[Sequence[Any]],
                     roles: Sequence[ColumnRole] | None, *, currency: str | None = None,
                     coverage: Coverage | None = None) -> list[str]:
    """Short statements of what stands out in the result.

    Money is written in `currency` when one is given; `coverage` tells which periods the rows hold only in part
    (the current month, a month the time filter starts inside), which are then left out of every comparison.

    >>> compute_insights(["month", "revenue"], {"month": "text", "revenue": "numeric"},
    ...                  [["2024-01", 100], ["2024-02", 150]], None, currency="USD")
    ['Revenue rose 50% from $100.00 in Jan 2024 to $150.00 in Feb 2024.']
    """
    s = ResultShape.of(columns, column_types, rows, roles)
    if s.n_rows == 0:
        return []
    if not s.measures:
        return [f"The result has {_count(s.n_rows, 'row')}."]
    # One measure in several periods side by side is compared period with period; its columns are not a
    # series of their own, and how they correlate across rows says nothing.
    periods = comparison_insights(s, currency=currency, coverage=coverage) if s.compared else []
    if periods:
        return periods + missing_value_insights(s)
    if s.time and not s.is_listing:
        found = time_series_insights(s, currency=currency, coverage=coverage)
    elif s.labels:
        found = ranking_insights(s, currency=currency)
    else:
        found = []
    return found + correlation_insights(s) + missing_value_insights(s)


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def _name(s: ResultShape, column: str, value: Any) -> str:
    """A row's label as a reader would say it; a bare number ("42") gets its column's name ("customer id 42")."""
    if value is None:
        return f"(no {readable(column)})"
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        number = float(value)
        # an id is a name, not an amount: "order id 24949", never "24,949"
        shown = str(int(number)) if number.is_integer() else format_number(number)
        return f"{readable(column)} {shown}"
    return str(value)


def _amounts(s: ResultShape, column: str, currency: str | None) -> Callable[[float], str]:
    """How the values of one measure are written: "$1,234.50" for money, "1,234.5" otherwise."""
    unit = s.role(column).unit
    return lambda value: format_amount(value, unit, currency)


def _when(value: Any, grain: str | None) -> str:
    """A period with its preposition: "on Jan 8, 2024", "in Jan 2024"."""
    on_a_day = grain == "day" or (grain is None and as_datetime(value) is not None)
    return f"{'on' if on_a_day else 'in'} {period_label(value, grain)}"


def _percent_change(old: float, new: float) -> float | None:
    """Change from old to new in percent of old; None when old is zero or negative, where a percentage misleads."""
    return (new - old) / old * 100 if old > 0 else None


def time_series_insights(s: ResultShape, *, currency: str | None = None,
                         coverage: Coverage | None = None) -> list[str]:
    """The overall trend, the peak and the low, and the latest period against the one before, over the complete
    periods; a period at either end that the rows hold only in part is stated apart, never compared."""
    x, y = s.time[0], s.measures[0]
    grain = s.role(x).grain
    series = next((c for c in s.labels if s.role(c).role == "category"), None)
    subject = readable(y)
    if series is not None:
        if not s.role(y).is_additive():
            return []   # an average per region per month does not combine into one line
        subject = f"{subject} across all {plural_noun(series)}"
    totals: dict[Any, float] = {}
    periods: dict[Any, Any] = {}
    for period, value in zip(s.values(x), s.numbers(y)):
        if period is None or value is None:
            continue
        key = period_key(period)
        periods[key] = period
        totals[key] = totals.get(key, 0.0) + value
    points = [(periods[k], totals[k]) for k in sorted(totals)]
    say = _amounts(s, y, currency)
    coverage = coverage or Coverage()
    first, last = _complete_span(points, grain, coverage)
    compared = points[first:last]
    found = _trend(compared, grain, subject, say)
    found += [_partial(p, grain, subject, say, coverage, compared, leading=True) for p in points[:first]]
    found += [_partial(p, grain, subject, say, coverage, compared, leading=False) for p in points[last:]]
    if series is not None:
        found += ranking_insights(s, label=series, shares_only=True, currency=currency)
    return found


def _complete_span(points: list[tuple[Any, float]], grain: str | None, coverage: Coverage) -> tuple[int, int]:
    """[first, last) of the points whose periods the rows hold in full; only the ends can be partial."""
    first, last = 0, len(points)
    while first < last and coverage.shortfall(points[first][0], grain) == "starts early":
        first += 1
    while last > first and coverage.shortfall(points[last - 1][0], grain) in ("in progress", "ends late"):
        last -= 1
    return first, last


def _partial(point: tuple[Any, float], grain: str | None, subject: str, say: Callable[[float], str],
             coverage: Coverage, compared: list[tuple[Any, float]], *, leading: bool) -> str:
    """A period held in part, stated apart: "Dec 2026 is still in progress (revenue $75.00 so far), so the
    comparisons stop at Nov 2026." """
    at, value = point
    when = period_label(at, grain)
    if coverage.shortfall(at, grain) == "in progress":
        text = f"{when} is still in progress ({subject} {say(value)} so far)"
    else:
        edge = f"from {period_label(coverage.start, 'day')}" if leading else \
            f"to {period_label(coverage.end - timedelta(days=1), 'day')}"
        text = f"{when} is only partly in the range ({edge}: {subject} {say(value)})"
    if len(compared) >= 2:
        text += f", so the comparisons {'start' if leading else 'stop'} at " \
                f"{period_label(compared[0 if leading else -1][0], grain)}"
    return sentence(text + ".")


def _trend(points: list[tuple[Any, float]], grain: str | None, subject: str,
           say: Callable[[float], str]) -> list[str]:
    if len(points) < 2:
        return []
    (first_at, first), (last_at, last) = points[0], points[-1]
    found = [sentence(_change(subject, first, first_at, last, last_at, grain, say))]
    if len(points) >= 3:
        high_at, high = max(points, key=lambda p: p[1])
        low_at, low = min(points, key=lambda p: p[1])
        if high != low:
            found.append(sentence(f"{subject} peaked at {say(high)} {_when(high_at, grain)}; "
                                  f"the lowest was {say(low)} {_when(low_at, grain)}."))
        (before_at, before) = points[-2]
        found.append(_latest(subject, before, before_at, last, last_at, grain, say))
    return found


def _change(subject: str, first: float, first_at: Any, last: float, last_at: Any, grain: str | None,
            say: Callable[[float], str]) -> str:
    if first == last:
        both = f"both {_when(first_at, grain)} and {_when(last_at, grain)}"
        return f"{subject} stood at {say(first)} {both}."
    span = f"from {say(first)} {_when(first_at, grain)} to {say(last)} {_when(last_at, grain)}"
    pct = _percent_change(first, last)
    if pct is None:
        return f"{subject} went {span}."
    return f"{subject} {'rose' if pct > 0 else 'fell'} {format_percent(abs(pct))} {span}."


def _latest(subject: str, before: float, before_at: Any, last: float, last_at: Any, grain: str | None,
            say: Callable[[float], str]) -> str:
    opening = f"{sentence(_when(last_at, grain))}, {subject} stood at {say(last)}"
    pct = _percent_change(before, last)
    previous = f"{say(before)} {_when(before_at, grain)}"
    if last == before:
        return f"{opening}, unchanged from {_when(before_at, grain)}."
    if pct is None:
        return f"{opening}, compared with {previous}."
    return f"{opening}, {'up' if pct > 0 else 'down'} {format_percent(abs(pct))} from {previous}."


def ranking_insights(s: ResultShape, label: str | None = None, *, shares_only: bool = False,
                     currency: str | None = None) -> list[str]:
    """The leader and its share, the smallest, and how much the top few hold.

    Rows that share a label are added up when the measure is additive (a category split by a series); a label
    whose rows cannot be added up makes no ranking at all.
    """
    y = s.measures[0]
    labels = [label] if label else s.labels
    additive = s.role(y).is_additive()
    totals: dict[Any, float] = {}
    names: dict[Any, str] = {}
    for row_labels, value in zip(zip(*(s.values(c) for c in labels)), s.numbers(y)):
        if value is None:
            continue
        key = tuple(hashable(v) for v in row_labels)
        if key in totals and not additive:
            return []
        names[key] = " / ".join(_name(s, c, v) for c, v in zip(labels, row_labels))
        totals[key] = totals.get(key, 0.0) + value
    ranked = sorted(totals.items(), key=lambda kv: -kv[1])
    if len(ranked) < 2:
        return []
    whole = sum(totals.values())
    can_share = additive and all(v >= 0 for v in totals.values()) and whole > 0
    if shares_only and not can_share:
        return []
    high, low = ranked[0][1], ranked[-1][1]
    say = _amounts(s, y, currency)
    found = [_extreme(totals, names, high, f"highest {readable(y)}", whole if can_share else None, say)]
    if len(ranked) >= 3 and not shares_only and low != high:
        found.append(_extreme(totals, names, low, f"lowest {readable(y)}", None, say))
    if can_share and len(labels) == 1 and len(ranked) >= MIN_FOR_CONCENTRATION and not shares_only:
        top = sum(v for _, v in ranked[:TOP_N])
        found.append(f"The top {TOP_N} of {len(ranked)} {plural_noun(labels[0])} account for "
                     f"{format_percent(top / whole * 100)} of {total_of(y)}.")
    return found


def _extreme(totals: dict[Any, float], names: dict[Any, str], value: float, what: str,
             whole: float | None, say: Callable[[float], str]) -> str:
    """The labels holding `value` (several when they tie, in row order), with its share of `whole` if any."""
    tied = [names[k] for k, v in totals.items() if v == value]
    share = f" ({format_percent(value / whole * 100)} of the total{' each' if len(tied) > 1 else ''})" \
        if whole else ""
    if len(tied) == 1:
        return sentence(f"{tied[0]} has the {what}: {say(value)}{share}.")
    return sentence(f"{', '.join(tied[:-1])} and {tied[-1]} tie for the {what}: {say(value)}{share}.")


def correlation_insights(s: ResultShape) -> list[str]:
    """How closely the first two amounts move together, when there are enough rows to say; a percentage derived
    from an amount (its share, its growth) would only restate it."""
    if s.time or len(s.amounts) < 2:
        return []
    x, y = s.amounts[0], s.amounts[1]
    pairs = [(a, b) for a, b in zip(s.numbers(x), s.numbers(y)) if a is not None and b is not None]
    if len(pairs) < MIN_FOR_CORRELATION:
        return []
    try:
        r = statistics.correlation([a for a, _ in pairs], [b for _, b in pairs])
    except statistics.StatisticsError:
        return []   # one of them never varies
    strength = "strongly" if abs(r) >= 0.7 else "moderately" if abs(r) >= 0.4 else "weakly" \
        if abs(r) >= 0.2 else None
    what = f"{sentence(readable(x))} and {readable(y)}"
    if strength is None:
        return [f"{what} show little linear relationship (r = {r:.2f}) across {len(pairs):,} rows."]
    direction = "positively" if r > 0 else "negatively"
    return [f"{what} are {strength} {direction} correlated (r = {r:.2f}) across {len(pairs):,} rows."]


def missing_value_insights(s: ResultShape) -> list[str]:
    """How many rows lack the main measure: a chart silently drops them, so the reader should know."""
    y = s.measures[0]
    missing = sum(1 for v in s.numbers(y) if v is None)
    if not missing:
        return []
    verb = "has" if missing == 1 else "have"
    return [f"{missing:,} of {_count(s.n_rows, 'row')} {verb} no {readable(y)} value."]

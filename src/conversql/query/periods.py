"""Periods compared side by side and changes over time, as SQL expressions the compiler places in its SELECT.

"Revenue by quarter, 2025 vs 2024" reads each quarter within its year ('Q1'..'Q4') and computes the revenue once
per year in its own column; "revenue growth by month" adds each month's change from the month before, in %.
"""
from __future__ import annotations

from sqlglot import exp

from conversql.query.dialects import date_literal
from conversql.query.structured import TimeRange

# A time group read within a period: the months of a year are '01'..'12' whichever year they are in.
_WITHIN = {
    "year": {"month": "month_of_year", "quarter": "quarter_of_year"},
    "quarter": {},
    "month": {"day": "day_of_month"},
}


def period_unit(periods: list[TimeRange]) -> str | None:
    """'year', 'quarter' or 'month' when every period is one whole such calendar period, else None."""
    units = set()
    for p in periods:
        if p.start is None or p.end is None or p.start.day != 1:
            return None
        months = (p.end.year - p.start.year) * 12 + p.end.month - p.start.month
        if p.end.day != 1 or months not in (1, 3, 12):
            return None
        units.add({1: "month", 3: "quarter", 12: "year"}[months])
    return units.pop() if len(units) == 1 else None


def within(grain: str | None, periods: list[TimeRange]) -> str | None:
    """The grain a time group takes when periods are compared side by side: 'month' over years is the month of
    the year. None when the grain cannot be read within those periods."""
    unit = period_unit(periods)
    return _WITHIN.get(unit or "", {}).get(grain or "")


def in_period(aggregate: exp.Expression, when: exp.Expression) -> exp.Expression:
    """The aggregate over the rows of one period only: SUM(x) -> SUM(CASE WHEN <in period> THEN x ELSE 0 END),
    COUNT(*) -> SUM(CASE WHEN ... THEN 1 ELSE 0 END), AVG/MIN/MAX(x) -> AVG(CASE WHEN ... THEN x END)."""
    agg = aggregate.copy()
    if isinstance(agg, exp.Count):
        inner = agg.this
        if isinstance(inner, exp.Distinct):
            values = [exp.Case(ifs=[exp.If(this=when.copy(), true=v)]) for v in inner.expressions]
            return exp.Count(this=exp.Distinct(expressions=values))
        counted = exp.Literal.number(1) if isinstance(inner, exp.Star) else \
            exp.Case(ifs=[exp.If(this=exp.Is(this=inner, expression=exp.Null()), true=exp.Literal.number(0))],
                     default=exp.Literal.number(1))
        return exp.Sum(this=exp.Case(ifs=[exp.If(this=when.copy(), true=counted)], default=exp.Literal.number(0)))
    default = exp.Literal.number(0) if isinstance(agg, exp.Sum) else None
    agg.set("this", exp.Case(ifs=[exp.If(this=when.copy(), true=agg.this)], default=default))
    return agg


def period_condition(column: exp.Expression, period: TimeRange, dialect: str, kind: str) -> exp.Expression:
    """start <= column < end."""
    return exp.and_(exp.GTE(this=column.copy(), expression=date_literal(period.start, dialect, kind)),
                    exp.LT(this=column.copy(), expression=date_literal(period.end, dialect, kind)))


def change_pct(before: exp.Expression, after: exp.Expression) -> exp.Expression:
    """ROUND(100.0 * (after - before) / NULLIF(before, 0), 2): the change in %, NULL where there was nothing."""
    diff = exp.paren(exp.Sub(this=after.copy(), expression=before.copy()))
    ratio = exp.Div(this=exp.Mul(this=exp.Literal.number(100.0), expression=diff),
                    expression=exp.Nullif(this=before.copy(), expression=exp.Literal.number(0)))
    # PostgreSQL rounds only NUMERIC to a number of places; DECIMAL(38, 6) keeps every database's digits
    return exp.Round(this=exp.cast(ratio, exp.DataType.build("DECIMAL(38, 6)")), decimals=exp.Literal.number(2))


def growth_pct(value: exp.Expression, time_groups: list[exp.Expression]) -> exp.Expression:
    """Each time group's change from the group before it, in %: LAG over the time groups in order."""
    previous = exp.Window(this=exp.Lag(this=value.copy()),
                          order=exp.Order(expressions=[exp.Ordered(this=t.copy()) for t in time_groups]))
    return change_pct(previous, value)


def period_slug(period: TimeRange) -> str:
    """The column suffix a period gives its measure: '2024', '2025_q3', 'h1_2025'."""
    label = period.label or (period.start.isoformat() if period.start else "period")
    return "".join(c if c.isalnum() else "_" for c in label.lower()).strip("_")

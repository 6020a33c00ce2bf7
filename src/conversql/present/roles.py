"""What each result column is for in a chart: a time axis, a category, a measure, a detail or an id.

The engine knows the roles from its structured query and passes them in; `infer_roles` guesses them for raw SQL,
where all we have are column names, types and values.
"""
from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any, Literal, Sequence

from pydantic import BaseModel, ConfigDict

from conversql.present.periods import as_datetime, text_period_grain

Role = Literal["time", "category", "measure", "detail", "id"]
Grain = Literal["day", "week", "month", "quarter", "year"]
Unit = Literal["currency", "count"]

_ID_NAME = re.compile(r"(^|_)(id|uuid|guid)$", re.IGNORECASE)
_CAMEL_ID_NAME = re.compile(r"[a-z](Id|ID|Uuid)$")   # customerId; case matters, or "paid" would be an id
_YEAR_NAME = re.compile(r"(^|_)(year|yr)s?($|_)", re.IGNORECASE)
# Numbers that name a position in a cycle (month 1..12, weekday 0..6) are categories, not amounts.
_CYCLE_NAME = re.compile(r"(^|_)(month|quarter|week|weekday|day_of_week|dow|day|hour|month_of_year)($|_)",
                         re.IGNORECASE)
_COUNT_NAME = re.compile(r"(^|_)(count|cnt|num|number|quantity|qty)($|_)|_count$|^n_", re.IGNORECASE)
_CURRENCY_NAME = re.compile(
    r"(revenue|sales|amount|price|cost|spend|spent|income|profit|payment|fee|salary|budget|invoice|gmv)",
    re.IGNORECASE)
# Aggregates whose values do not add up to a meaningful whole.
_NON_ADDITIVE_NAME = re.compile(
    r"(^|_)(avg|average|mean|median|min|max|minimum|maximum|rate|ratio|pct|percent|percentage|share|"
    r"score|rank)($|_)|^(unit_|list_)?price$", re.IGNORECASE)
# A percentage in 0..100 by its name: a change, a growth, a share ("total_revenue_change_pct", "pct_of_revenue").
_PERCENT_NAME = re.compile(r"(^|_)(pct|percent|percentage)$|^(pct|percent|percentage)_of_", re.IGNORECASE)


class ColumnRole(BaseModel):
    """The part one column plays in a result.

    `additive` says whether the values of a measure add up to a whole (sums and counts do, averages and ratios
    do not); None lets the column name decide.

    >>> ColumnRole(name="order_month", role="time", grain="month").grain
    'month'
    """
    model_config = ConfigDict(frozen=True)

    name: str
    role: Role
    grain: Grain | None = None
    unit: Unit | None = None
    additive: bool | None = None

    def is_additive(self) -> bool:
        if self.additive is not None:
            return self.additive
        return self.role == "measure" and not _NON_ADDITIVE_NAME.search(self.name)

    def is_percent(self) -> bool:
        """Whether a measure is a percentage (37.4 meaning 37.4%), which reads as one whatever it measures.

        >>> ColumnRole(name="total_revenue_growth_pct", role="measure").is_percent()
        True
        """
        return self.role == "measure" and bool(_PERCENT_NAME.search(self.name))


def infer_roles(columns: Sequence[str], column_types: dict[str, str],
                rows: Sequence[Sequence[Any]]) -> list[ColumnRole]:
    """Guess the role of every column of a result that came with no structured query.

    >>> [r.role for r in infer_roles(["month", "revenue"], {"month": "text", "revenue": "numeric"},
    ...                               [["2024-01", 10.0], ["2024-02", 12.5]])]
    ['time', 'measure']
    """
    return [infer_role(name, column_types.get(name, "text"), _column(rows, i)) for i, name in enumerate(columns)]


def complete_roles(columns: Sequence[str], column_types: dict[str, str], rows: Sequence[Sequence[Any]],
                   roles: Sequence[ColumnRole] | None) -> list[ColumnRole]:
    """The given roles in column order, inferring any column the caller left out.

    >>> [r.role for r in complete_roles(["a"], {"a": "numeric"}, [[1]], None)]
    ['measure']
    """
    given = {r.name: r for r in roles or ()}
    return [given.get(name) or infer_role(name, column_types.get(name, "text"), _column(rows, i))
            for i, name in enumerate(columns)]


def _column(rows: Sequence[Sequence[Any]], i: int) -> list[Any]:
    return [row[i] if i < len(row) else None for row in rows]


def infer_role(name: str, column_type: str, values: Sequence[Any]) -> ColumnRole:
    """The role of one column from its name, its type and its values."""
    present = [v for v in values if v is not None]
    if column_type in ("date", "datetime") or _all_temporal(present):
        return ColumnRole(name=name, role="time", grain=_date_grain(present))
    if column_type == "text":
        grains = {text_period_grain(str(v)) for v in present}
        if present and len(grains) == 1 and None not in grains:
            return ColumnRole(name=name, role="time", grain=grains.pop())
    if _ID_NAME.search(name) or _CAMEL_ID_NAME.search(name):
        return ColumnRole(name=name, role="id")
    if column_type == "numeric":
        return _numeric_role(name, present)
    return ColumnRole(name=name, role="category")


def _numeric_role(name: str, values: list[Any]) -> ColumnRole:
    whole = [v for v in values if _is_whole_number(v)]
    if _YEAR_NAME.search(name) and values and len(whole) == len(values) and all(
            1800 <= float(v) <= 2200 for v in whole):
        return ColumnRole(name=name, role="time", grain="year")
    if _CYCLE_NAME.search(name) and values and len(whole) == len(values) and all(
            0 <= float(v) <= 53 for v in whole):
        return ColumnRole(name=name, role="category")
    return ColumnRole(name=name, role="measure", unit=_unit(name))


def _unit(name: str) -> Unit | None:
    # A percentage of money is not money: "revenue_growth_pct" is 37.4, not $37.40.
    if _PERCENT_NAME.search(name):
        return None
    # Counts first: "order_count" and "num_sales" count things even though "sales" sounds like money.
    if _COUNT_NAME.search(name):
        return "count"
    if _CURRENCY_NAME.search(name):
        return "currency"
    return None


def _all_temporal(values: list[Any]) -> bool:
    return bool(values) and all(isinstance(v, (date, datetime)) and not isinstance(v, time) for v in values)


def _date_grain(values: list[Any]) -> Grain | None:
    """The coarsest grain every value sits on; None for raw timestamps or a lone value (too little to tell)."""
    moments = [m for m in (as_datetime(v) for v in values) if m is not None]
    if len(set(moments)) < 2:
        return None
    if any(isinstance(m, datetime) and (m.hour, m.minute, m.second, m.microsecond) != (0, 0, 0, 0)
           for m in moments):
        return None
    days = sorted({date(m.year, m.month, m.day) for m in moments})
    if all(d.day == 1 for d in days):
        if all(d.month == 1 for d in days):
            return "year"
        if all(d.month in (1, 4, 7, 10) for d in days):
            return "quarter"
        return "month"
    if len({d.weekday() for d in days}) == 1 and all((b - a).days % 7 == 0 for a, b in zip(days, days[1:])):
        return "week"
    return "day"


def _is_whole_number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    try:
        return float(value).is_integer()
    except (TypeError, ValueError):
        return False

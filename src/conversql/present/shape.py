"""A result seen through its column roles: which columns vary, which are numbers, what the rows hold.

Chart rules, insights, the narrative and the renderers all ask the same questions of a result; this answers them
once, the same way for all.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, Sequence

from conversql.present.periods import cycle_position
from conversql.present.roles import ColumnRole, complete_roles
from conversql.present.wording import compared_names

# Columns that label a row, best first: a chart's category axis prefers a category to an id or a detail.
_LABEL_ROLES = ("category", "id", "detail")


@dataclass(frozen=True)
class ResultShape:
    """Columns, types, rows and roles of one result, with the questions presentation asks of them.

    >>> s = ResultShape.of(["country", "revenue"], {"country": "text", "revenue": "numeric"},
    ...                    [["FR", 3], ["DE", 5]])
    >>> s.labels, s.measures
    (['country'], ['revenue'])
    """
    columns: list[str]
    column_types: dict[str, str]
    rows: list[list[Any]]
    roles: dict[str, ColumnRole]
    _distinct: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def of(cls, columns: Sequence[str], column_types: dict[str, str], rows: Sequence[Sequence[Any]],
           roles: Sequence[ColumnRole] | None = None) -> ResultShape:
        full = complete_roles(columns, column_types, rows, roles)
        return cls(list(columns), dict(column_types), [list(r) for r in rows], {r.name: r for r in full})

    @property
    def n_rows(self) -> int:
        return len(self.rows)

    def role(self, name: str) -> ColumnRole:
        return self.roles[name]

    def with_role(self, *roles: str) -> list[str]:
        return [c for c in self.columns if self.roles[c].role in roles]

    @property
    def measures(self) -> list[str]:
        """The measures, amounts before percentages: a growth, a change or a share comes with the amount it is
        derived from, and what a chart draws or a summary states first is the amount."""
        measures = self.with_role("measure")
        return [m for m in measures if not self.roles[m].is_percent()] + self.percents

    @property
    def percents(self) -> list[str]:
        return [m for m in self.with_role("measure") if self.roles[m].is_percent()]

    @property
    def amounts(self) -> list[str]:
        """The measures that are not percentages."""
        return [m for m in self.with_role("measure") if not self.roles[m].is_percent()]

    @property
    def compared(self) -> list[str]:
        """The amounts to draw side by side over the result's one axis, one series each: the same measure in
        several periods ("total_revenue_last_year", "total_revenue_this_year"), or amounts of one kind ("revenue",
        "cost"). Empty unless there are two or more, all of one unit and all adding up or none, and the unit is
        known or the names share a word; a percentage beside them is never one.

        >>> ResultShape.of(["quarter", "total_2024", "total_2025", "total_change_pct"],
        ...                {"quarter": "text", "total_2024": "numeric", "total_2025": "numeric",
        ...                 "total_change_pct": "numeric"}, [["Q1", 5, 6, 20.0], ["Q2", 4, 6, 50.0]]).compared
        ['total_2024', 'total_2025']
        """
        amounts = self.amounts
        axes = self.time + self.labels
        if len(amounts) < 2 or len(axes) != 1 or self.n_rows < 2 or self.is_listing or self.repeats(axes):
            return []
        if len({(self.roles[m].unit, self.roles[m].is_additive()) for m in amounts}) != 1:
            return []
        return amounts if self.roles[amounts[0]].unit or compared_names(amounts)[0] else []

    def ordered(self, name: str) -> bool:
        """Whether a column's values have an order of their own: periods, and categories that are numbers or
        months or quarters of a year (an id is a number without an order that means anything).

        >>> ResultShape.of(["quarter", "v"], {"quarter": "text"}, [["Q2", 1], ["Q1", 2]]).ordered("quarter")
        True
        """
        if self.roles[name].role != "category":
            return self.roles[name].role == "time"
        present = [v for v in self.values(name) if v is not None]
        if present and all(isinstance(v, (int, float, Decimal)) and not isinstance(v, bool) for v in present):
            return True
        return bool(present) and all(cycle_position(name, v) is not None for v in present)

    @property
    def time(self) -> list[str]:
        """Time columns that vary: a period that is the same on every row is a filter, not an axis."""
        return [c for c in self.with_role("time") if self.n_rows < 2 or self.distinct(c) > 1]

    @property
    def labels(self) -> list[str]:
        """Columns that name what a row is about, categories first, without the constant ones."""
        return [c for role in _LABEL_ROLES for c in self.with_role(role)
                if self.n_rows < 2 or self.distinct(c) > 1]

    @property
    def is_listing(self) -> bool:
        """Whether the rows are records listed one by one rather than groups: the engine marks the attributes of a
        listing as details, and a result holding one is a list, whatever numbers it also shows."""
        return any(r.role == "detail" for r in self.roles.values())

    def repeats(self, names: Sequence[str]) -> bool:
        """Whether some combination of these columns' values is on more than one row.

        >>> ResultShape.of(["day", "v"], {"day": "date", "v": "numeric"}, [["2024-01-01", 1], ["2024-01-01", 2]]
        ...                ).repeats(["day"])
        True
        """
        keys = list(zip(*(map(hashable, self.values(n)) for n in names)))
        return len(set(keys)) < len(keys)

    def values(self, name: str) -> list[Any]:
        i = self.columns.index(name)
        return [row[i] if i < len(row) else None for row in self.rows]

    def numbers(self, name: str) -> list[float | None]:
        """The column's values as floats; None where a value is missing or not a number."""
        return [as_number(v) for v in self.values(name)]

    def distinct(self, name: str) -> int:
        if name not in self._distinct:
            self._distinct[name] = len({hashable(v) for v in self.values(name)})
        return self._distinct[name]

    def non_negative(self, name: str) -> bool:
        return all(v >= 0 for v in self.numbers(name) if v is not None)

    def has_missing(self, name: str) -> bool:
        return any(v is None for v in self.numbers(name))


def as_number(value: Any) -> float | None:
    """A database value as a float, or None for NULL, NaN and anything that is not a number.

    >>> as_number(Decimal("12.50"))
    12.5
    """
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) or math.isinf(number) else number


def json_value(value: Any) -> Any:
    """A database value as JSON: ISO text for dates, floats for decimals, text for anything else exotic.

    >>> json_value(date(2024, 1, 8))
    '2024-01-08'
    """
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, Decimal):
        return as_number(value)
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    return str(value)


def hashable(value: Any) -> Any:
    return value if isinstance(value, (str, int, float, bool, date, time, Decimal, type(None))) else repr(value)


def check_axes(viz, shape: ResultShape) -> None:
    """Every axis a chart names must be a column of the result."""
    for axis in (viz.x_axis, viz.y_axis, viz.series, *viz.y_axes):
        if axis is not None and axis not in shape.roles:
            raise ValueError(f"the chart refers to {axis!r}, which is not a column of the result")

"""The one query model both engines emit: measures, dimensions, filters, time range, order and limit.

Fields are referred to as "entity.column" (a dimension or a raw column of an entity) and measures by their
semantic-model name ("order_details.revenue"), so that follow-ups, refinement and re-charting edit this
structure instead of SQL text.
"""
from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field

Aggregation = Literal["sum", "avg", "count", "count_distinct", "min", "max"]
Grain = Literal["day", "week", "month", "quarter", "half", "year", "day_of_week", "month_of_year", "quarter_of_year",
                "day_of_month"]
Operator = Literal["=", "!=", "<", "<=", ">", ">=", "in", "not_in", "between", "like", "not_like",
                   "is_null", "is_not_null", "exists", "not_exists", "any"]


class MeasureSpec(BaseModel):
    """An aggregate in the SELECT list. `measure` names a semantic measure; None with agg=count counts rows."""
    measure: str | None = None
    agg: Aggregation = "sum"
    entity: str | None = None          # the entity whose rows are counted when measure is None
    alias: str | None = None
    share: bool = False                # also show each group's percent of the total ("share of revenue")
    growth: bool = False               # also show the change from the previous time group, in % ("revenue growth")
    per: str | None = None             # average this measure over the rows of an entity ("orders per customer")


class Conversion(BaseModel):
    """Show a value in another unit: milliseconds as minutes (divide by 60000), bytes as MB."""
    divide_by: float
    unit: str                          # the unit shown: "minutes", "mb"
    decimals: int = 2


class DimensionSpec(BaseModel):
    """A GROUP BY key: a field, truncated to a time grain when the field is a time dimension."""
    field: str                         # "customers.country"
    grain: Grain | None = None
    alias: str | None = None


class FilterSpec(BaseModel):
    field: str                         # "customers.country" or a measure name for HAVING-style filters;
                                       # op "any": value lists filters of which one must hold (OR)
    op: Operator = "="
    value: Any = None                  # scalar, list for in/not_in/between, None for null checks
    on_measure: bool = False           # True: compare the aggregate (HAVING), not the row
    compare_to: Literal["avg", "min", "max"] | None = None   # "above the average": against the column's AVG
    value_field: str | None = None     # compare with another column of the row ("support below oppose rate")


class TimeRange(BaseModel):
    """A half-open date interval [start, end) on a time field, with the words it came from."""
    field: str | None = None           # None: the query's default time dimension
    start: date | None = None
    end: date | None = None            # exclusive
    label: str = ""                    # "last 3 months", "2023", "Q3 2023"


class OrderSpec(BaseModel):
    key: str                           # an output alias, a measure name or a field
    desc: bool = True


class StructuredQuery(BaseModel):
    entity: str | None = None          # the entity the question is about (the fact table for aggregates)
    measures: list[MeasureSpec] = Field(default_factory=list)
    dimensions: list[DimensionSpec] = Field(default_factory=list)
    fields: list[str] = Field(default_factory=list)        # detail columns when no measure is asked for
    filters: list[FilterSpec] = Field(default_factory=list)
    time_range: TimeRange | None = None
    # "by quarter, 2025 vs 2024": each measure once per period, side by side, the time groups read within a period
    periods: list[TimeRange] = Field(default_factory=list)
    order: list[OrderSpec] = Field(default_factory=list)
    limit: int | None = None
    distinct: bool = False
    apply_default_filters: bool = True  # soft deletes and other default filters of the semantic model
    conversions: dict[str, Conversion] = Field(default_factory=dict)   # field or measure id -> display unit

    def is_aggregate(self) -> bool:
        return bool(self.measures)

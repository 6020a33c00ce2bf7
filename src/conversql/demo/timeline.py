"""When things happen: the three-year history window and how busy each of its days is.

Every day gets an integer weight = growth x season x weekday x holiday x a little noise. Orders (and new
customers) are then laid out along the cumulative weight, so busy days get more of them and the totals still come
out exact: `n` rows spread this way are exactly `n` rows, with the first on the window's first day and the last
on `today`.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import duckdb

YEARS_OF_HISTORY = 3
ANNUAL_GROWTH = 1.30               # the business grows ~30 % a year

# Relative order volume by calendar month: a slow January, a summer dip and a strong Q4 peaking in December.
MONTH_SEASONALITY = {1: 0.80, 2: 0.82, 3: 0.92, 4: 0.95, 5: 1.00, 6: 0.97,
                     7: 0.90, 8: 0.88, 9: 1.00, 10: 1.08, 11: 1.30, 12: 1.45}

# DuckDB's dayofweek(): 0 = Sunday ... 6 = Saturday. Many customers are businesses, so weekends are quieter.
WEEKDAY_FACTOR = {0: 0.60, 6: 0.75}

# Integer weights with this resolution keep the cumulative sums exact (and so the layout reproducible).
_WEIGHT_UNIT = 1_000_000


@dataclass(frozen=True)
class Window:
    """The history: from `first_day` up to and including `today`."""
    first_day: date
    today: date

    @property
    def days(self) -> int:
        return (self.today - self.first_day).days + 1

    def at(self, fraction: float) -> date:
        """The day a fraction of the way through the window.

        >>> Window(date(2023, 1, 1), date(2023, 1, 11)).at(0.5)
        datetime.date(2023, 1, 6)
        """
        return self.first_day + timedelta(days=round(fraction * (self.days - 1)))


def history_window(today: date, years: int = YEARS_OF_HISTORY) -> Window:
    """The window ending on `today` and starting on the same calendar day `years` earlier.

    >>> history_window(date(2024, 2, 29))
    Window(first_day=datetime.date(2021, 2, 28), today=datetime.date(2024, 2, 29))
    """
    try:
        first = today.replace(year=today.year - years)
    except ValueError:             # 29 February in a year that has none
        first = today.replace(year=today.year - years, day=28)
    return Window(first, today)


def _case(expr: str, factors: dict[int, float], default: float = 1.0) -> str:
    whens = " ".join(f"WHEN {k} THEN {v}" for k, v in factors.items())
    return f"CASE {expr} {whens} ELSE {default} END"


def create_day_weights(con: duckdb.DuckDBPyConnection, window: Window) -> int:
    """Create temp table `_days(day, weight, cum_lo)` and return the total weight.

    A day owns the cumulative range [cum_lo, cum_lo + weight), so `ASOF JOIN _days d ON target >= d.cum_lo` maps
    a position in [0, total) to its day. Needs the macros from `randomness`.

    >>> total = create_day_weights(con, history_window(date(2025, 6, 30)))   # doctest: +SKIP
    """
    con.execute(f"""
        CREATE TEMP TABLE _days AS
        WITH calendar AS (
            SELECT i AS day_index, DATE '{window.first_day.isoformat()}' + i::INTEGER AS day
            FROM range({window.days}) r(i)
        ), weighted AS (
            SELECT day, round({_WEIGHT_UNIT}
                * pow({ANNUAL_GROWTH}, day_index / 365.25)
                * {_case('month(day)', MONTH_SEASONALITY)}
                * {_case('dayofweek(day)', WEEKDAY_FACTOR)}
                -- Black Friday (the day after the fourth Thursday of November) is the year's busiest day;
                -- Christmas and New Year's Day are nearly dead.
                * CASE WHEN month(day) = 11 AND dayofweek(day) = 5 AND day(day) BETWEEN 23 AND 29 THEN 2.5
                       WHEN (month(day) = 12 AND day(day) = 25) OR (month(day) = 1 AND day(day) = 1) THEN 0.2
                       ELSE 1.0 END
                * (0.85 + 0.30 * draw('day.noise', day_index))
            )::BIGINT AS weight
            FROM calendar
        )
        SELECT day, weight, sum(weight) OVER (ORDER BY day) - weight AS cum_lo
        FROM weighted ORDER BY day
    """)
    return int(con.execute("SELECT sum(weight) FROM _days").fetchone()[0])


def spread(index: str, count: int, total: int) -> str:
    """SQL for the cumulative position of row `index` (0-based) of `count` rows laid evenly over [0, total).

    Row 0 lands at 0 (the first day) and row count-1 at total-1 (today). Pure integer arithmetic, so exact.

    >>> spread('i', 3, 100)
    '((i) * 99 // 2)'
    """
    return f"(({index}) * {total - 1} // {max(count - 1, 1)})"

"""Results of one measure in several periods side by side, as the engine returns them: a month or a quarter of the
year on each row, the measure once per period, and the change between the two periods in %."""
from __future__ import annotations

from conversql.present.roles import ColumnRole

LAST_YEAR = [100.0, 120.0, 110.0, 130.0, 90.0, 100.0, 150.0, 80.0, 100.0, 120.0, 140.0, 200.0]
THIS_YEAR = [110.0, 150.0, 99.0, 130.0, 99.0, 120.0, 150.0, 120.0, 105.0, 126.0, 147.0, 30.0]

MONTH_COLUMNS = ["month", "total_revenue_last_year", "total_revenue_this_year", "total_revenue_change_pct"]
MONTH_TYPES = {"month": "text", **{c: "numeric" for c in MONTH_COLUMNS[1:]}}
MONTH_ROWS = [[f"{m:02d}", a, b, round((b - a) / a * 100, 2)] for m, a, b in zip(range(1, 13), LAST_YEAR, THIS_YEAR)]
MONTH_ROLES = [ColumnRole(name="month", role="category"),
               ColumnRole(name="total_revenue_last_year", role="measure", unit="currency"),
               ColumnRole(name="total_revenue_this_year", role="measure", unit="currency"),
               ColumnRole(name="total_revenue_change_pct", role="measure")]
MONTHS = (MONTH_COLUMNS, MONTH_TYPES, MONTH_ROWS, MONTH_ROLES)

QUARTER_COLUMNS = ["quarter", "total_2024", "total_2025", "total_change_pct"]
QUARTER_TYPES = {"quarter": "text", **{c: "numeric" for c in QUARTER_COLUMNS[1:]}}
QUARTER_ROWS = [["Q1", 400.0, 500.0, 25.0], ["Q2", 500.0, 700.0, 40.0], ["Q3", 600.0, 600.0, 0.0],
                ["Q4", 800.0, 700.0, -12.5]]
QUARTER_ROLES = [ColumnRole(name="quarter", role="category"),
                 ColumnRole(name="total_2024", role="measure", unit="currency"),
                 ColumnRole(name="total_2025", role="measure", unit="currency"),
                 ColumnRole(name="total_change_pct", role="measure")]
QUARTERS = (QUARTER_COLUMNS, QUARTER_TYPES, QUARTER_ROWS, QUARTER_ROLES)

GROWTH_COLUMNS = ["year", "total_revenue", "total_revenue_growth_pct"]
GROWTH_TYPES = {"year": "text", "total_revenue": "numeric", "total_revenue_growth_pct": "numeric"}
GROWTH_ROWS = [["2023", 1000.0, None], ["2024", 1200.0, 20.0], ["2025", 1650.0, 37.5]]
GROWTH_ROLES = [ColumnRole(name="year", role="time", grain="year"),
                ColumnRole(name="total_revenue", role="measure", unit="currency"),
                ColumnRole(name="total_revenue_growth_pct", role="measure")]
GROWTH = (GROWTH_COLUMNS, GROWTH_TYPES, GROWTH_ROWS, GROWTH_ROLES)

"""Periods compared side by side and growth from one period to the next, on the demo database (today 2025-12-31).

Each answer's numbers are checked against SQL written by hand on the same DuckDB file.
"""
from __future__ import annotations

import pytest

REVENUE = "SUM(od.quantity * od.unit_price * (1 - od.discount))"
LINES = ("FROM order_details od JOIN orders o ON o.order_id = od.order_id "
         "WHERE od.deleted_at IS NULL AND o.deleted_at IS NULL")


def by_month(demo, year):
    rows = demo.source.execute(f"SELECT STRFTIME(o.order_date, '%m'), {REVENUE} {LINES} "
                               f"AND YEAR(o.order_date) = {year} GROUP BY 1").rows
    return {m: v for m, v in rows}


def test_compared_years_by_month_are_columns_side_by_side(engine, demo):
    a = engine.ask("revenue by month this year vs last year", source="demo")
    assert len(a.query.periods) == 2 and a.columns[0] == "month" and len(a.rows) == 12
    last, this = by_month(demo, 2024), by_month(demo, 2025)
    for month, before, now, change in a.rows:
        assert before == pytest.approx(last[month]) and now == pytest.approx(this[month])
        assert float(change) == pytest.approx(round(100 * (now - before) / before, 2), abs=0.011)


def test_years_joined_by_and_stay_one_timeline(engine):
    a = engine.ask("quarterly revenue for 2024 and 2025", source="demo")
    assert a.query.periods == [] and [r[0] for r in a.rows][:2] == ["2024-Q1", "2024-Q2"] and len(a.rows) == 8


def test_compare_that_with_another_year_puts_it_beside_the_first(engine, demo):
    first = engine.ask("revenue by quarter in 2025", source="demo")
    second = engine.ask("compare that with 2024", source="demo", context=first)
    assert second.intent == "refine" and [p.label for p in second.query.periods] == ["2024", "2025"]
    assert [r[0] for r in second.rows] == ["Q1", "Q2", "Q3", "Q4"]
    assert sum(r[2] for r in second.rows) == pytest.approx(sum(r[1] for r in first.rows))


def test_growth_adds_the_change_from_the_year_before(engine, demo):
    a = engine.ask("revenue growth by year", source="demo")
    assert a.columns[-1].endswith("growth_pct") and a.rows[0][-1] is None
    for (_, before, _), (_, now, change) in zip(a.rows, a.rows[1:]):
        assert float(change) == pytest.approx(round(100 * (now - before) / before, 2), abs=0.011)


def test_year_over_year_names_its_grain(engine):
    a = engine.ask("year over year growth in orders", source="demo")
    assert [d.grain for d in a.query.dimensions] == ["year"] and a.query.measures[0].growth
    assert a.not_understood == []


def test_the_first_half_with_the_second_half_is_one_row_each(engine, demo):
    a = engine.ask("compare revenue in the first half of 2025 with the second half", source="demo")
    truth = demo.source.execute(f"SELECT CASE WHEN MONTH(o.order_date) <= 6 THEN 'H1 2025' ELSE 'H2 2025' END, "
                                f"{REVENUE} {LINES} AND YEAR(o.order_date) = 2025 GROUP BY 1 ORDER BY 1").rows
    assert [r[0] for r in a.rows] == ["H1 2025", "H2 2025"]
    assert [r[1] for r in a.rows] == pytest.approx([r[1] for r in truth])


def test_a_measure_named_total_is_not_said_twice(engine):
    from conversql.engine.describe import measure_phrase
    from conversql.query.structured import MeasureSpec
    from conversql.semantic.model import Field, SemanticModel
    model = SemanticModel(dialect="sqlite")
    model.fields["invoice.total"] = Field(id="invoice.total", entity="invoice", column="total", kind="number",
                                          role="numeric", label="total")
    assert measure_phrase(model, MeasureSpec(measure="invoice.total", agg="sum")) == "Total"

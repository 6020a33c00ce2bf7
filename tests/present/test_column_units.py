"""The unit of each measure column travels with the answer, so a surface can format money as money."""
from __future__ import annotations

from conversql.present import ColumnRole, present


def test_money_and_counts_are_named_and_other_columns_have_no_unit():
    p = present(["country", "revenue", "order_count", "avg_score"],
                {"country": "text", "revenue": "numeric", "order_count": "numeric", "avg_score": "numeric"},
                [["FR", 30.5, 3, 4.1], ["DE", 50.25, 5, 3.9]])
    assert p.column_units == {"revenue": "currency", "order_count": "count"}


def test_roles_given_by_the_engine_decide_the_unit():
    roles = [ColumnRole(name="country", role="category"), ColumnRole(name="total", role="measure", unit="currency")]
    p = present(["country", "total"], {"country": "text", "total": "numeric"}, [["FR", 1.0], ["DE", 2.0]],
                roles=roles)
    assert p.column_units == {"total": "currency"}


def test_the_seed_answer_formats_revenue_as_money(demo_db):
    from datetime import date

    from conversql.engine.pipeline import Engine
    from conversql.settings import Settings
    engine = Engine(Settings(sources={"demo": f"duckdb:///{demo_db}"}, today=date(2025, 12, 31), _env_file=None))
    answer = engine.ask("What were my sales from the last 3 months?", source="demo")
    assert answer.column_units == {"total_revenue": "currency"}
    assert engine.rechart(answer, "bar").column_units == {"total_revenue": "currency"}

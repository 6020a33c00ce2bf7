"""Presentation of real answers: the engine on the demo database (its last order day, and today, is 2025-12-31)."""
from __future__ import annotations

from datetime import date

import pytest

from conversql.engine.pipeline import Engine
from conversql.settings import Settings

TODAY = date(2025, 12, 31)


@pytest.fixture(scope="module")
def engine(demo_db):
    return Engine(Settings(sources={"demo": f"duckdb:///{demo_db}"}, today=TODAY, _env_file=None))


def ask(engine, question):
    answer = engine.ask(question, source="demo")
    assert answer.error is None, answer.error
    return answer


def test_the_narrative_reads_the_interpretation_as_a_phrase_with_dates_in_words(engine):
    assert ask(engine, "What were my sales from the last 3 months?").response.startswith(
        "Here is the total revenue by day, with order date from Sep 30, 2025 to Dec 31, 2025 (last 3 months)")


def test_money_in_the_narrative_is_written_in_the_configured_currency(engine, monkeypatch):
    monkeypatch.setattr(engine.settings, "currency", "EUR")
    answer = ask(engine, "What were my sales from the last 3 months?")
    total = sum(v for _, v in answer.rows)
    assert answer.response.endswith(f"93 days, €{total:,.2f} in total.")


def test_money_in_the_insights_is_written_in_the_configured_currency(engine):
    answer = ask(engine, "revenue by country last quarter")
    leader, value = max(answer.rows, key=lambda r: r[1])
    assert answer.insights[0].startswith(f"{leader} has the highest total revenue: ${value:,.2f} (")


def test_a_share_of_total_revenue_says_total_once(engine):
    assert ask(engine, "revenue by country last quarter").insights[-1].endswith("% of total revenue.")


def test_the_month_in_progress_is_left_out_of_the_comparisons(engine):
    insights = ask(engine, "revenue by month this year").insights
    assert insights[-1].startswith("Dec 2025 is still in progress (total revenue $")
    assert not any("Dec 2025" in i for i in insights[:-1])


def test_today_is_left_out_of_a_daily_series(engine):
    insights = ask(engine, "What were my sales from the last 3 months?").insights
    assert insights[-1].startswith("Dec 31, 2025 is still in progress")
    assert insights[0].endswith("on Dec 30, 2025.")


def test_a_listing_of_orders_is_a_table_and_offers_no_line(engine):
    answer = ask(engine, "show me the latest 10 orders")
    assert answer.visualization.type == "table"
    assert "LINE_CHART" not in [r.chart_type for r in answer.chart_recommendations]


def test_a_listing_of_orders_counts_them_without_a_total(engine):
    assert ask(engine, "show me the latest 10 orders").response.endswith("(10 orders).")


def test_a_daily_series_still_draws_a_line_with_a_hover(engine):
    answer = ask(engine, "What were my sales from the last 3 months?")
    assert answer.visualization.type == "line"
    assert answer.vega_lite["layer"][1]["params"][0]["select"]["nearest"] is True


# Periods side by side and growth, as the engine answers them (today, Dec 31, 2025, is not over).

def test_this_year_vs_last_year_draws_a_line_per_year(engine):
    answer = ask(engine, "revenue by month this year vs last year")
    assert (answer.visualization.type, answer.visualization.y_axes) == (
        "line", ["total_revenue_last_year", "total_revenue_this_year"])
    assert [d["label"] for d in answer.chartjs["data"]["datasets"]] == ["Last year", "This year"]


def test_this_year_vs_last_year_compares_the_years_through_the_last_complete_month(engine):
    assert ask(engine, "revenue by month this year vs last year").insights[0].startswith(
        "Through Nov, this year's total revenue is ")


def test_this_year_vs_last_year_states_the_month_in_progress_apart(engine):
    assert ask(engine, "revenue by month this year vs last year").insights[-1].startswith(
        "Dec this year is still in progress (total revenue $")


def test_this_year_vs_last_year_gives_each_years_total(engine):
    answer = ask(engine, "revenue by month this year vs last year")
    last, this = (sum(r[i] for r in answer.rows) for i in (1, 2))
    assert answer.response.endswith(f": 12 months, total revenue ${last:,.2f} last year and ${this:,.2f} this year.")


def test_a_comparison_with_another_year_draws_grouped_bars_per_quarter(engine):
    answer = engine.ask("compare that with 2024", source="demo", context=ask(engine, "revenue by quarter in 2025"))
    assert (answer.visualization.type, answer.visualization.x_axis, answer.visualization.y_axes) == (
        "bar", "quarter", ["total_revenue_2024", "total_revenue_2025"])


def test_growth_by_year_is_a_percent_in_the_tooltip_not_a_line(engine):
    answer = ask(engine, "revenue growth by year")
    tooltip = answer.vega_lite["layer"][1]["encoding"]["tooltip"]
    assert answer.visualization.y_axes == [] and answer.visualization.y_axis == "total_revenue"
    assert tooltip[-1]["title"] == "Total revenue growth (%)"


def test_growth_by_year_leaves_the_total_of_money_plain(engine):
    assert ask(engine, "revenue growth by year").response.endswith(" in total.")

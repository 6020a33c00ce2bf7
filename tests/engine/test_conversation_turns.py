"""When a message continues the conversation and when it starts anew; names the database does not hold.

Real engine on the demo database (tests/engine/conftest.py), each answer run against DuckDB.
"""
from __future__ import annotations

import pytest


def ask_after(engine, *questions):
    answer = None
    for q in questions:
        answer = engine.ask(q, source="demo", context=answer)
    return answer


def test_a_whole_question_after_a_series_starts_anew(engine):
    a = ask_after(engine, "What were my sales from the last 3 months?", "top 5 products by revenue this year")
    assert a.intent == "data_question" and not any(d.grain for d in a.query.dimensions)
    assert a.query.dimensions[0].field == "products" and a.row_count == 5


def test_top_n_alone_continues_the_previous_query(engine):
    a = ask_after(engine, "revenue by category this year", "top 3")
    assert a.intent == "refine" and a.query.limit == 3 and a.query.dimensions[0].field == "categories"


def test_a_possessive_pointing_inside_the_message_is_no_follow_up(engine):
    a = ask_after(engine, "What were my sales from the last 3 months?", "list employees with their hire date")
    assert a.intent == "data_question" and a.query.entity == "employees"


def test_this_year_is_no_pronoun(engine):
    a = ask_after(engine, "list employees with their hire date", "revenue by category and month this year")
    assert a.intent == "data_question" and [d.grain for d in a.query.dimensions] == ["month", None]


def test_a_pronoun_with_nothing_before_it_points_back(engine):
    a = ask_after(engine, "how many customers in Germany", "how many of them signed up this year?")
    assert a.intent == "refine" and {f.value for f in a.query.filters} == {"Germany"}
    assert a.query.time_range is not None and a.query.time_range.label == "this year"


def test_how_many_of_them_keeps_the_new_filter(engine, demo):
    a = ask_after(engine, "how many customers", "how many of them are in Germany?")
    truth = demo.source.execute("SELECT COUNT(*) FROM customers WHERE country = 'Germany'")
    assert [list(r) for r in a.rows] == [list(r) for r in truth.rows]


def test_the_whole_set_refers_back(engine):
    a = ask_after(engine, "how many orders in Germany", "total freight of the entire list of orders by shipper")
    assert a.intent == "refine" and {f.value for f in a.query.filters} == {"Germany"}


@pytest.mark.parametrize("question", ["latest 10 orders", "the 10 most recent orders", "last 10 orders"])
def test_the_latest_n_rows_are_the_newest_by_their_date(engine, demo, question):
    a = engine.ask(question, source="demo")
    truth = demo.source.execute("SELECT MAX(order_date) FROM orders WHERE deleted_at IS NULL")
    dates = [r[a.columns.index("order_date")] for r in a.rows]
    assert len(dates) == 10 and dates == sorted(dates, reverse=True) and str(dates[0]) == str(truth.rows[0][0])


def test_a_name_the_database_lacks_is_asked_about_not_dropped(engine):
    a = engine.ask("revenue in Antarctica", source="demo")
    assert (a.intent, a.error_kind, a.sql) == ("clarify", "not_understood", None)
    assert "Antarctica" in a.response


def test_a_misspelled_name_is_offered_its_closest_values(engine):
    a = engine.ask("customers in Brasil", source="demo")
    assert a.sql is None and "Brazil" in a.response


def test_a_unit_after_in_is_no_missing_name(engine):
    assert engine.ask("average unit price in USD", source="demo").sql is not None


def test_a_redraw_reports_its_own_words(engine):
    a = ask_after(engine, "revenue by category this year", "as a pie chart")
    assert (a.intent, a.understood, a.not_understood) == ("change_chart", ["pie", "chart"], [])


def test_a_redrawn_listing_is_still_read_as_a_listing(engine):
    first = engine.ask("show me the latest 10 orders", source="demo")
    again = engine.rechart(first, "bar", "as a bar chart")
    assert again.chart_recommendations == first.chart_recommendations and again.insights == first.insights


def test_average_order_value_averages_what_each_order_brings_in(engine, demo):
    a = engine.ask("average order value", source="demo")
    truth = demo.source.execute(
        "SELECT ROUND(AVG(v), 2) FROM (SELECT o.order_id, SUM(od.quantity * od.unit_price * (1 - od.discount)) v "
        "FROM order_details od JOIN orders o ON o.order_id = od.order_id "
        "WHERE od.deleted_at IS NULL AND o.deleted_at IS NULL GROUP BY o.order_id)")
    assert a.rows[0][0] == pytest.approx(truth.rows[0][0]) and a.not_understood == []
    assert a.interpretation.startswith("Average revenue per order") and a.column_units == {a.columns[0]: "currency"}


def test_a_listing_of_people_counts_people():
    from conversql.present.wording import plural_noun
    assert plural_noun("first_name") == "people"

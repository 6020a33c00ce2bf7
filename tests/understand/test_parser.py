"""The deterministic parser end to end on the demo retail model (today is 2025-12-31): first-cut questions."""
from __future__ import annotations

from datetime import date

import pytest

from conversql.query.structured import OrderSpec, StructuredQuery
from conversql.understand.parser import Parse, parse

from .conftest import TODAY


@pytest.fixture(scope="module")
def ask(demo):
    def run(question: str) -> Parse:
        return parse(question, demo.model, demo.lexicon, TODAY)
    return run


@pytest.fixture(scope="module")
def query(ask):
    def run(question: str) -> StructuredQuery:
        q = ask(question).query
        assert q is not None, f"no query for {question!r}"
        return q
    return run


def measures(q: StructuredQuery) -> list[tuple]:
    return [(m.measure or m.entity, m.agg) for m in q.measures]


def dims(q: StructuredQuery) -> list[tuple]:
    return [(d.field, d.grain) for d in q.dimensions]


def filters(q: StructuredQuery) -> list[tuple]:
    return [(f.field, f.op, f.value) for f in q.filters]


# --- measures and aggregates ---------------------------------------------------------------------------------

def test_total_revenue_is_the_derived_revenue(query):
    assert measures(query("total revenue")) == [("order_details.revenue", "sum")]


def test_a_total_has_no_groups(query):
    q = query("total revenue")
    assert (q.dimensions, q.filters, q.limit) == ([], [], None)


def test_the_fact_table_is_the_query_entity(query):
    assert query("total revenue").entity == "order_details"


def test_average(query):
    assert measures(query("what is the average freight")) == [("orders.freight", "avg")]


def test_a_price_defaults_to_its_average(query):
    [(measure, agg)] = measures(query("unit price of products"))
    assert (measure, agg) == ("products.unit_price", "avg")


def test_maximum(query):
    assert measures(query("maximum freight")) == [("orders.freight", "max")]


def test_minimum(query):
    assert measures(query("minimum unit price of products")) == [("products.unit_price", "min")]


def test_how_many_counts_the_entity(query):
    assert measures(query("how many customers")) == [("customers", "count")]


def test_number_of(query):
    assert measures(query("number of employees")) == [("employees", "count")]


# --- groups ------------------------------------------------------------------------------------------------------

def test_by_a_column(query):
    q = query("customers by country")
    assert (measures(q), dims(q)) == ([("customers", "count")], [("customers.country", None)])


def test_count_by_a_column(query):
    assert dims(query("number of orders by status")) == [("orders.status", None)]


def test_by_an_entity_groups_by_its_name(query):
    q = query("total freight by shipper")
    assert (measures(q), dims(q)) == ([("orders.freight", "sum")], [("shippers", None)])


def test_average_by_an_entity(query):
    assert measures(query("average freight by shipper")) == [("orders.freight", "avg")]


def test_per_month_is_a_monthly_series_on_the_order_date(query):
    assert dims(query("total freight per month")) == [("orders.order_date", "month")]


def test_time_of_a_measure_is_found_through_joins(query):
    assert dims(query("revenue per month")) == [("orders.order_date", "month")]


@pytest.mark.parametrize("question, grain", [
    ("total freight by quarter", "quarter"),
    ("yearly freight", "year"),
    ("weekly freight", "week"),
])
def test_grain_words(query, question, grain):
    assert dims(query(question)) == [("orders.order_date", grain)]


def test_a_measure_alone_by_a_grain_is_summed_not_counted(query):
    assert measures(query("freight by quarter")) == [("orders.freight", "sum")]


# --- ranking -----------------------------------------------------------------------------------------------------

def test_top_n_by_a_measure(query):
    q = query("top 3 customers by freight")
    assert (dims(q), q.order, q.limit) == ([("customers", None)], [OrderSpec(key="orders.freight", desc=True)], 3)


def test_bottom_n_sorts_ascending(query):
    q = query("bottom 3 shippers by freight")
    assert (q.order, q.limit) == ([OrderSpec(key="orders.freight", desc=False)], 3)


def test_top_products_by_revenue_rank_sales(query):
    assert measures(query("top 5 products by revenue")) == [("order_details.revenue", "sum")]


# --- filters ------------------------------------------------------------------------------------------------------

def test_a_country_value_is_a_filter(query):
    [(field, op, value)] = filters(query("total freight in Germany"))
    assert (field.endswith("country"), op, value) == (True, "=", "Germany")


def test_a_category_value_filters_through_joins(query):
    assert filters(query("number of products for Beverages")) == [("categories.category_name", "=", "Beverages")]


def test_two_values_of_one_field_are_one_in_filter(query):
    assert filters(query("customers in Germany or France")) == [("customers.country", "in", ["Germany", "France"])]


def test_a_negated_value(query):
    assert filters(query("customers not in Germany")) == [("customers.country", "!=", "Germany")]


def test_a_comparison_filters_the_numeric_field_it_follows(query):
    assert filters(query("how many orders with freight over 100")) == [("orders.freight", ">", 100.0)]


def test_a_comparison_without_field_uses_the_entity_money_field(query):
    assert filters(query("how many orders over 100")) == [("orders.freight", ">", 100.0)]


def test_rows_with_a_comparison_are_listed(query):
    q = query("orders with freight over 100")
    assert (q.measures, filters(q)) == ([], [("orders.freight", ">", 100.0)])


# --- time --------------------------------------------------------------------------------------------------------

def test_the_seed_question_is_a_daily_revenue_series_over_the_last_3_months(query):
    q = query("What were my sales from the last 3 months?")
    assert measures(q) == [("order_details.revenue", "sum")]
    assert dims(q) == [("orders.order_date", "day")]
    assert (q.time_range.field, q.time_range.start, q.time_range.end, q.time_range.label) == \
        ("orders.order_date", date(2025, 9, 30), date(2026, 1, 1), "last 3 months")


def test_a_total_over_a_window_is_one_number(query):
    q = query("total revenue in the last 3 months")
    assert (dims(q), q.time_range.label) == ([], "last 3 months")


def test_a_named_period_is_a_time_range(query):
    tr = query("total freight last year").time_range
    assert (tr.start, tr.end) == (date(2024, 1, 1), date(2025, 1, 1))


def test_two_years_compared_are_grouped_by_year(query):
    q = query("total freight in 2024 vs 2025")
    assert (dims(q), q.time_range.start, q.time_range.end) == (
        [("orders.order_date", "year")], date(2024, 1, 1), date(2026, 1, 1))


def test_a_count_within_a_rolling_window(query):
    q = query("how many orders in the last 7 days")
    assert (measures(q), q.time_range.start) == ([("orders", "count")], date(2025, 12, 24))


# --- lists -------------------------------------------------------------------------------------------------------

def test_list_an_entity_shows_its_names(query):
    q = query("list employees")
    assert (q.measures, q.fields[0]) == ([], "employees")


def test_people_are_listed_with_their_title_city_and_country(query):
    assert query("list employees").fields == ["employees", "employees.title", "employees.city", "employees.country"]


def test_list_with_a_filter(query):
    q = query("customers in Germany")
    assert (q.fields, filters(q)) == (["customers"], [("customers.country", "=", "Germany")])


# --- what was and was not understood ------------------------------------------------------------------------

def test_understood_words(ask):
    assert ask("total freight by shipper").understood == ["total", "freight", "by", "shipper"]


def test_unknown_words_are_reported(ask):
    assert ask("total freight blorp").not_understood == ["blorp"]


def test_filler_words_are_not_reported(ask):
    assert ask("please show me the total freight").not_understood == []


def test_a_question_about_nothing_in_the_database_has_no_query(ask):
    p = ask("tell me a joke")
    assert (p.query, p.reason) == (None, "The question names nothing this database holds.")


def test_the_parse_keeps_tokens_and_spans(ask):
    p = ask("total freight last year")
    assert [t.text for t in p.tokens] == ["total", "freight", "last", "year"]
    assert {s.kind for s in p.spans} >= {"aggregate", "term", "time"}

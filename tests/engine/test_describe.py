"""title and interpretation: what a structured query asks, said in words (demo model)."""
from __future__ import annotations

from datetime import date

import pytest

from conversql.engine.describe import filter_phrase, interpretation, measure_phrase, title
from conversql.query.structured import DimensionSpec, FilterSpec, MeasureSpec, OrderSpec, StructuredQuery, TimeRange

REVENUE = MeasureSpec(measure="order_details.revenue")
LAST_3_MONTHS = TimeRange(field="orders.order_date", start=date(2025, 9, 30), end=date(2026, 1, 1),
                          label="last 3 months")


@pytest.fixture(scope="module")
def model(demo):
    return demo.model


def by_category(**kw) -> StructuredQuery:
    return StructuredQuery(entity="order_details", measures=[REVENUE], dimensions=[DimensionSpec(field="categories")],
                           **kw)


@pytest.mark.parametrize("spec, phrase", [
    (REVENUE, "Total revenue"),
    (MeasureSpec(measure="orders.freight", agg="avg"), "Average freight"),
    (MeasureSpec(measure="orders.freight", agg="max"), "Maximum freight"),
    (MeasureSpec(agg="count", entity="orders"), "Number of orders"),
    (MeasureSpec(agg="count_distinct", entity="customers"), "Number of distinct customers"),
])
def test_measure_phrase(model, spec, phrase):
    assert measure_phrase(model, spec) == phrase


@pytest.mark.parametrize("flt, phrase", [
    (FilterSpec(field="customers.country", value="Germany"), "country is Germany"),
    (FilterSpec(field="orders.ship_country", op="in", value=["Germany", "France"]),
     "ship country is one of Germany, France"),
    (FilterSpec(field="orders.freight", op="between", value=[1, 5]), "freight between 1 and 5"),
    (FilterSpec(field="orders.freight", op=">", value=100), "freight over 100"),
    (FilterSpec(field="orders.shipped_date", op="is_null"), "shipped date is empty"),
])
def test_filter_phrase(model, flt, phrase):
    assert filter_phrase(model, flt) == phrase


def test_title_of_a_total(model):
    assert title(model, StructuredQuery(entity="order_details", measures=[REVENUE])) == "Total revenue"


def test_title_names_the_groups(model):
    assert title(model, by_category()) == "Total revenue by category"


def test_title_of_a_top_n(model):
    assert title(model, by_category(order=[OrderSpec(key="order_details.revenue")], limit=5)) == \
        "Top 5: total revenue by category"


def test_title_of_a_bottom_n(model):
    assert title(model, by_category(order=[OrderSpec(key="order_details.revenue", desc=False)], limit=3)) == \
        "Bottom 3: total revenue by category"


def test_title_names_the_grain_and_the_period(model):
    q = StructuredQuery(entity="order_details", measures=[REVENUE], time_range=LAST_3_MONTHS,
                        dimensions=[DimensionSpec(field="orders.order_date", grain="day")])
    assert title(model, q) == "Total revenue by day, last 3 months"


def test_title_of_a_list(model):
    assert title(model, StructuredQuery(entity="customers", fields=["customers"])) == "List of customers"


def test_interpretation_states_the_exact_dates_with_an_inclusive_end(model):
    q = StructuredQuery(entity="order_details", measures=[REVENUE], time_range=LAST_3_MONTHS)
    assert "with order date from 2025-09-30 to 2025-12-31 (last 3 months)" in interpretation(model, q)


def test_interpretation_of_an_open_start(model):
    q = StructuredQuery(entity="orders", measures=[MeasureSpec(measure="orders.freight")],
                        time_range=TimeRange(start=date(2024, 1, 1), label="since 2024"))
    assert "with date from 2024-01-01 on (since 2024)" in interpretation(model, q)


def test_interpretation_of_an_open_end(model):
    q = StructuredQuery(entity="orders", measures=[MeasureSpec(measure="orders.freight")],
                        time_range=TimeRange(end=date(2024, 1, 1), label="before 2024"))
    assert "with date before 2024-01-01 (before 2024)" in interpretation(model, q)


def test_interpretation_states_filters(model):
    q = StructuredQuery(entity="orders", measures=[MeasureSpec(agg="count", entity="orders")],
                        filters=[FilterSpec(field="orders.ship_country", value="Germany")])
    assert "where ship country is Germany" in interpretation(model, q)


def test_interpretation_states_order_and_limit(model):
    text = interpretation(model, by_category(order=[OrderSpec(key="order_details.revenue")], limit=5))
    assert "sorted by revenue descending, first 5 rows" in text


def test_interpretation_states_soft_deletes_left_out(model):
    q = StructuredQuery(entity="orders", measures=[MeasureSpec(agg="count", entity="orders")])
    assert interpretation(model, q) == "Number of orders, excluding deleted orders"


def test_interpretation_without_default_filters_excludes_nothing(model):
    q = StructuredQuery(entity="orders", measures=[MeasureSpec(agg="count", entity="orders")],
                        apply_default_filters=False)
    assert interpretation(model, q) == "Number of orders"


def test_interpretation_of_a_list_names_its_columns(model):
    q = StructuredQuery(entity="customers", fields=["customers", "customers.country"])
    assert interpretation(model, q) == "Customers: customer, country"

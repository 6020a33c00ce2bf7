"""Follow-ups edit the previous structured query with what a new message adds (demo model, today 2025-12-31)."""
from __future__ import annotations

from datetime import date

import pytest

from conversql.query.structured import StructuredQuery
from conversql.understand.followup import is_followup, merge
from conversql.understand.parser import parse

from .conftest import TODAY


@pytest.fixture(scope="module")
def converse(demo):
    """Ask a first question, then follow-ups; each later message is merged when it reads as a follow-up."""
    def run(*messages: str) -> StructuredQuery:
        q = parse(messages[0], demo.model, demo.lexicon, TODAY).query
        for message in messages[1:]:
            p = parse(message, demo.model, demo.lexicon, TODAY)
            q = merge(q, message, p, demo.model) if is_followup(message, p, q) else p.query
        return q
    return run


@pytest.fixture(scope="module")
def followup(demo):
    def run(message: str, after: str = "total freight in Germany") -> bool:
        prev = parse(after, demo.model, demo.lexicon, TODAY).query
        return is_followup(message, parse(message, demo.model, demo.lexicon, TODAY), prev)
    return run


def filters(q: StructuredQuery) -> list[tuple]:
    return [(f.field, f.op, f.value) for f in q.filters]


def dims(q: StructuredQuery) -> list[tuple]:
    return [(d.field, d.grain) for d in q.dimensions]


# --- what is a follow-up -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("message", ["and in France?", "what about last year?", "by month instead", "show them",
                                     "top 5 instead", "only Beverages", "how many of them"])
def test_is_a_followup(followup, message):
    assert followup(message)


def test_a_question_with_its_own_measure_and_scope_is_not_a_followup(followup):
    assert not followup("total freight per shipper in Germany last year")


def test_a_short_complete_question_is_not_a_followup(followup):
    assert not followup("how many customers")


# --- filters -----------------------------------------------------------------------------------------------------

def test_another_value_replaces_the_filter_on_the_same_field(converse):
    q = converse("how many customers in Germany", "and in France?")
    assert filters(q) == [("customers.country", "=", "France")]


def test_the_measure_is_kept_when_a_filter_changes(converse):
    q = converse("how many customers in Germany", "and in France?")
    assert [(m.agg, m.entity) for m in q.measures] == [("count", "customers")]


def test_another_country_replaces_the_country_filter(converse):
    q = converse("total freight in Germany", "and in France?")
    assert [value for _, _, value in filters(q)] == ["France"]


def test_a_new_value_adds_a_filter(converse):
    q = converse("total revenue", "by category", "only Beverages")
    assert filters(q) == [("categories.category_name", "=", "Beverages")]


# --- groups and grains ---------------------------------------------------------------------------------------------

def test_a_new_group_is_added(converse):
    assert dims(converse("total revenue", "by category")) == [("categories", None)]


def test_by_month_instead_replaces_the_group(converse):
    assert dims(converse("total freight by shipper", "by month instead")) == [("orders.order_date", "month")]


def test_a_new_grain_replaces_the_old_one(converse):
    assert dims(converse("total freight by month", "by quarter instead")) == [("orders.order_date", "quarter")]


# --- ranking -------------------------------------------------------------------------------------------------------

def test_top_n_instead_limits_the_groups(converse):
    q = converse("total freight by shipper", "top 2 instead")
    assert (q.limit, q.order[0].desc) == (2, True)


# --- time ------------------------------------------------------------------------------------------------------------

def test_what_about_last_year_replaces_the_time_range(converse):
    tr = converse("total freight by month", "what about last year?").time_range
    assert (tr.start, tr.end, tr.label) == (date(2024, 1, 1), date(2025, 1, 1), "last year")


def test_a_new_time_range_keeps_groups_and_measures(converse):
    q = converse("total freight by month", "what about last year?")
    assert ([m.measure for m in q.measures], dims(q)) == (["orders.freight"], [("orders.order_date", "month")])


def test_the_unit_before_shifts_the_time_range_back(converse):
    tr = converse("total freight last quarter", "what about the quarter before?").time_range
    assert (tr.start, tr.end, tr.label) == (date(2025, 4, 1), date(2025, 7, 1), "the quarter before")


# --- lists and counts ------------------------------------------------------------------------------------------------

def test_show_them_lists_the_counted_rows_with_the_same_filters(converse):
    q = converse("how many customers in Germany", "show them")
    assert (q.entity, q.fields, q.measures, filters(q)) == (
        "customers", ["customers"], [], [("customers.country", "=", "Germany")])


def test_how_many_of_them_counts_the_listed_rows(converse):
    q = converse("customers in Germany", "how many of them")
    assert ([(m.agg, m.entity) for m in q.measures], filters(q)) == (
        [("count", "customers")], [("customers.country", "=", "Germany")])


def test_a_new_measure_replaces_the_old_one(converse):
    q = converse("total freight in Germany", "what about revenue?")
    assert [m.measure for m in q.measures] == ["order_details.revenue"]


def test_a_new_count_replaces_the_measure(converse):
    q = converse("total freight in Germany", "how many customers")
    assert [(m.agg, m.entity) for m in q.measures] == [("count", "customers")]

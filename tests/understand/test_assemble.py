"""assemble: recognized spans become one structured query; ambiguous words are resolved jointly (Chinook)."""
from __future__ import annotations

from datetime import date

import pytest

from conversql.understand.assemble import assemble
from conversql.understand.parser import recognize
from conversql.understand.tokens import tokenize

from .conftest import TODAY


@pytest.fixture(scope="module")
def build(chinook):
    def run(question: str, today: date = TODAY):
        tokens = tokenize(question)
        return assemble(tokens, recognize(question, tokens, chinook.lexicon, today), chinook.model, chinook.lexicon)
    return run


def filters(assembly) -> list[tuple]:
    return [(f.field, f.op, f.value) for f in assembly.query.filters]


def test_minutes_compare_against_milliseconds(build):
    assert filters(build("tracks longer than 10 minutes")) == [("Track.Milliseconds", ">", 600000.0)]


def test_megabytes_compare_against_bytes(build):
    assert filters(build("how many tracks larger than 10 MB")) == [("Track.Bytes", ">", 10 * 1024 ** 2)]


def test_seconds_compare_against_milliseconds(build):
    assert filters(build("tracks shorter than 30 seconds")) == [("Track.Milliseconds", "<", 30000.0)]


def test_a_list_with_a_comparison_shows_the_names(build):
    q = build("tracks longer than 10 minutes").query
    assert (q.entity, q.fields, q.measures) == ("Track", ["Track"], [])


def test_an_aggregate_reaches_over_the_entity_word_to_its_measure(build):
    q = build("average invoice total").query
    assert [(m.measure, m.agg) for m in q.measures] == [("Invoice.Total", "avg")]


def test_a_value_from_another_table_is_joined(build):
    q = build("albums by AC/DC").query
    assert (q.entity, filters(build("albums by AC/DC"))) == ("Album", [("Artist.Name", "=", "AC/DC")])


def test_an_alias_of_a_value_filters_on_the_stored_value(build):
    assert filters(build("how many customers in the united states")) == [("Customer.Country", "=", "USA")]


def test_a_full_name_filters_on_the_entity(build):
    assert filters(build("customers of Jane Peacock")) == [("Employee", "=", "Jane Peacock")]


def test_the_total_of_an_entity_sums_its_money_total(build):
    q = build("What is the total of all invoices?").query
    assert [(m.measure, m.agg) for m in q.measures] == [("Invoice.Total", "sum")]


def test_the_most_counts_per_group_and_keeps_the_top_row(build):
    q = build("which genre has the most tracks").query
    assert ([(m.agg, m.entity) for m in q.measures], [d.field for d in q.dimensions], q.limit) == (
        [("count", "Track")], ["Genre"], 1)


def test_the_most_orders_descending(build):
    assert build("which genre has the most tracks").query.order[0].desc


def test_top_n_by_a_count(build):
    q = build("top 5 artists by number of tracks").query
    assert ([d.field for d in q.dimensions], q.limit, q.order[0].desc) == (["Artist"], 5, True)


def test_a_number_before_the_noun_is_the_limit(build):
    assert build("which 3 artists have the most albums").query.limit == 3


@pytest.mark.parametrize("question, grain", [
    ("sales in the last 3 months", "day"),
    ("sales in the last 6 months", "week"),
    ("sales over the last 12 months", "month"),
])
def test_a_rolling_window_without_an_aggregate_word_is_a_series_at_a_readable_grain(build, question, grain):
    q = build(question).query
    assert [(d.field, d.grain) for d in q.dimensions] == [("Invoice.InvoiceDate", grain)]


def test_a_rolling_window_with_total_is_one_number(build):
    assert build("total sales in the last 3 months").query.dimensions == []


def test_the_time_range_is_put_on_the_series_time_field(build):
    assert build("sales in the last 3 months").query.time_range.field == "Invoice.InvoiceDate"


def test_comparing_two_years_groups_by_year(build):
    q = build("sales in 2024 vs 2025").query
    assert [(d.field, d.grain) for d in q.dimensions] == [("Invoice.InvoiceDate", "year")]


def test_nothing_known_gives_no_query_and_a_reason(build):
    a = build("by month instead")
    assert (a.query, a.reason) == (None, "The question names nothing this database holds.")


def test_the_tokens_that_shaped_the_query_are_used(build):
    a = build("how many customers in the united states")
    assert {0, 1, 2} <= a.used

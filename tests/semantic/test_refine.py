"""Refinement: a YAML file adds what names alone cannot tell, and refuses what the database does not have."""
from __future__ import annotations

import pytest

from conversql.query.structured import FilterSpec
from conversql.semantic.model import Join, VerifiedQuery
from conversql.semantic.refine import RefinementError, apply_refinement, apply_refinement_file

YAML = """
entities:
  orders:
    label: purchase order
    synonyms: [deals]
    description: One row per order.
    fields:
      total_amount:
        label: order value
        synonyms: [ticket size]
        unit: EUR
      required_date:
        hidden: true
    metrics:
      average_order_value:
        expr: total_amount
        agg: avg
        synonyms: [aov]
        unit: currency
  products:
    hidden: true
joins:
  - source: shipments.order_id
    target: orders.order_id
    role: shipment
verified_queries:
  - question: How many orders?
    sql: SELECT COUNT(*) FROM orders
"""


def refusal(model, data) -> str:
    with pytest.raises(RefinementError) as caught:
        apply_refinement(model, data)
    return str(caught.value)


@pytest.fixture()
def refined(fresh_store, tmp_path):
    path = tmp_path / "store.yaml"
    path.write_text(YAML)
    return apply_refinement_file(fresh_store, path)


# --- what a file adds ----------------------------------------------------------------------------------------

def test_refinement_returns_the_same_model(fresh_store):
    assert apply_refinement(fresh_store, {}) is fresh_store


def test_entity_synonyms_are_added_to_the_automatic_ones(refined):
    assert {"purchase", "deals"} <= set(refined.entities["orders"].synonyms)


def test_entity_label_and_description_are_replaced(refined):
    ent = refined.entities["orders"]
    assert (ent.label, ent.description) == ("purchase order", "One row per order.")


def test_entity_can_be_hidden(refined):
    assert refined.entities["products"].hidden


def test_field_label_synonyms_and_unit(refined):
    f = refined.fields["orders.total_amount"]
    assert (f.label, "ticket size" in f.synonyms, f.unit) == ("order value", True, "EUR")


def test_hidden_column_leaves_the_entity_fields(refined):
    assert "orders.required_date" not in {f.id for f in refined.fields_of("orders")}


def test_unmentioned_attributes_are_kept(refined):
    assert refined.entities["orders"].time_field == "order_date"


def test_metric_becomes_a_measure(refined):
    m = refined.measures["orders.average_order_value"]
    assert (m.entity, m.expr, m.agg, m.synonyms, m.unit) == ("orders", "total_amount", "avg", ["aov"], "currency")


def test_metric_label_defaults_to_its_name_in_words(refined):
    assert refined.measures["orders.average_order_value"].label == "average order value"


def test_join_is_added(refined):
    assert Join("shipments", ["order_id"], "orders", ["order_id"], "shipment") in refined.joins


def test_verified_queries_are_kept(refined):
    assert refined.verified_queries == [VerifiedQuery("How many orders?", "SELECT COUNT(*) FROM orders")]


def test_default_filters_and_name_fields_are_replaced(fresh_store):
    apply_refinement(fresh_store, {"entities": {"orders": {
        "default_filters": [{"field": "orders.required_date", "op": "is_not_null"}],
        "name_fields": ["order_id"], "time_field": "shipped_date"}}})
    ent = fresh_store.entities["orders"]
    assert ent.default_filters == [FilterSpec(field="orders.required_date", op="is_not_null")]
    assert (ent.name_fields, ent.time_field) == (["order_id"], "shipped_date")


def test_an_empty_file_changes_nothing(fresh_store, tmp_path):
    path = tmp_path / "empty.yaml"
    path.write_text("")
    before = fresh_store.entities["orders"].synonyms[:]
    apply_refinement_file(fresh_store, path)
    assert fresh_store.entities["orders"].synonyms == before


# --- what a file may not do ----------------------------------------------------------------------------------

def test_unknown_table_is_refused_by_name(fresh_store):
    assert refusal(fresh_store, {"entities": {"invoices": {"label": "bill"}}}) == \
        "entity 'invoices' is not a table of this database"


def test_unknown_column_is_refused_by_name(fresh_store):
    assert refusal(fresh_store, {"entities": {"orders": {"fields": {"colour": {"label": "x"}}}}}) == \
        "column orders.colour does not exist"


def test_join_to_an_unknown_table_is_refused(fresh_store):
    assert "unknown table" in refusal(fresh_store, {"joins": [{"source": "orders.customer_id",
                                                               "target": "clients.id"}]})


def test_unknown_key_is_refused(fresh_store):
    assert "labels" in refusal(fresh_store, {"entities": {"orders": {"labels": "typo"}}})


def test_a_document_that_is_not_a_mapping_is_refused(fresh_store):
    assert refusal(fresh_store, ["orders"]).startswith("invalid semantic model file")


def test_unreadable_yaml_is_refused(fresh_store, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("entities: [unclosed")
    with pytest.raises(RefinementError, match="cannot read semantic model file"):
        apply_refinement_file(fresh_store, path)


def test_missing_file_is_refused(fresh_store, tmp_path):
    with pytest.raises(RefinementError, match="cannot read semantic model file"):
        apply_refinement_file(fresh_store, tmp_path / "absent.yaml")


def test_join_on_an_unknown_column_is_refused(fresh_store):
    assert "colour" in refusal(fresh_store, {"joins": [{"source": "orders.colour",
                                                        "target": "customers.customer_id"}]})


def test_join_end_without_a_column_is_refused(fresh_store):
    refusal(fresh_store, {"joins": [{"source": "orders", "target": "customers.customer_id"}]})


def test_time_field_on_an_unknown_column_is_refused(fresh_store):
    assert "shipping_day" in refusal(fresh_store, {"entities": {"orders": {"time_field": "shipping_day"}}})


def test_verified_query_without_sql_is_refused(fresh_store):
    refusal(fresh_store, {"verified_queries": [{"question": "How many orders?"}]})

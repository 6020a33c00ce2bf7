"""build_model: entities, fields, measures, joins and default filters from names, types and keys alone."""
from __future__ import annotations

from pathlib import Path

import pytest

from conversql.query.structured import FilterSpec
from conversql.semantic.build import build_model
from conversql.semantic.model import CATEGORY, FLAG, KEY, NAME, NUMERIC, TIME
from conversql.sources import open_source

CHINOOK = Path(__file__).parents[2] / ".." / "shared" / "eval" / "chinook.sqlite"


@pytest.fixture(scope="module")
def chinook():
    if not CHINOOK.exists():
        pytest.skip(f"the Chinook database is not at {CHINOOK}")
    source = open_source(f"sqlite:///{CHINOOK.resolve()}")
    try:
        return build_model(source.introspect())
    finally:
        source.close()


def joins_of(model) -> set[tuple]:
    return {(j.source, tuple(j.source_columns), j.target, tuple(j.target_columns)) for j in model.joins}


# --- entities ----------------------------------------------------------------------------------------------

def test_every_table_is_an_entity(store):
    tables = {e for e, ent in store.entities.items() if not ent.role_of}
    assert tables == {"customers", "products", "orders", "order_items", "employees", "students",
                      "courses", "enrollments", "shipments", "reviews", "order_lines"}


def test_a_self_reference_adds_a_role_entity_on_the_same_table(store):
    role = store.entities["employees__manager"]
    assert (role.name, role.role_of, role.label) == ("employees", "employees", "manager")


def test_model_keeps_the_source_dialect(store):
    assert store.dialect == "sqlite"


def test_entity_label_is_the_singular_of_a_snake_case_name(store):
    assert store.entities["order_items"].label == "order item"


def test_entity_label_of_a_camel_case_name(chinook):
    assert chinook.entities["InvoiceLine"].label == "invoice line"


def test_entity_synonyms_come_from_the_thesaurus(store):
    assert "client" in store.entities["customers"].synonyms


def test_entity_keeps_its_primary_key(store):
    assert store.entities["orders"].primary_key == ["order_id"]


def test_entity_records_its_row_count(store):
    assert store.entities["customers"].row_count == 2


# --- name fields ---------------------------------------------------------------------------------------------

def test_first_and_last_name_name_a_row_together(store):
    assert store.entities["customers"].name_fields == ["first_name", "last_name"]


def test_camel_case_first_and_last_name_name_a_row(chinook):
    assert chinook.entities["Employee"].name_fields == ["FirstName", "LastName"]


def test_entity_name_column_names_a_row(store):
    assert store.entities["products"].name_fields == ["product_name"]


def test_a_column_called_name_names_a_row(store):
    assert store.entities["students"].name_fields == ["name"]


def test_a_name_column_wins_over_a_title(store):
    assert store.entities["employees"].name_fields == ["full_name"]


def test_a_title_names_a_row_when_there_is_no_name(chinook):
    assert chinook.entities["Album"].name_fields == ["Title"]


def test_an_entity_without_text_has_no_name_fields(store):
    assert store.entities["order_lines"].name_fields == []


# --- field roles -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("field_id, role", [
    ("customers.customer_id", KEY),          # primary key
    ("orders.customer_id", KEY),             # declared foreign key
    ("order_items.product_id", KEY),         # inferred foreign key
    ("customers.first_name", NAME),
    ("employees.title", NAME),
    ("customers.country", CATEGORY),
    ("customers.email", CATEGORY),
    ("reviews.sku_code", CATEGORY),          # a text code, not a key of anything
    ("customers.signup_date", TIME),
    ("orders.deleted_at", TIME),
    ("customers.is_deleted", FLAG),
    ("orders.total_amount", NUMERIC),
    ("order_items.quantity", NUMERIC),
])
def test_field_role(store, field_id, role):
    assert store.fields[field_id].role == role


def test_field_label_keeps_every_word(store):
    assert store.fields["products.units_in_stock"].label == "units in stock"


def test_field_ids_are_entity_dot_column(store):
    f = store.fields["orders.order_date"]
    assert (f.entity, f.column, f.kind) == ("orders", "order_date", "date")


def test_money_columns_are_currency(store):
    assert store.fields["orders.total_amount"].unit == "currency"
    assert store.fields["products.unit_price"].unit == "currency"


def test_other_numbers_have_no_unit(store):
    assert store.fields["order_items.quantity"].unit is None


def test_field_synonyms_cover_the_head_noun(store):
    assert "price" in store.fields["products.unit_price"].synonyms


# --- time field ----------------------------------------------------------------------------------------------

def test_time_field_prefers_the_entity_date_over_required_and_shipped(store):
    assert store.entities["orders"].time_field == "order_date"


def test_time_field_prefers_hire_date_over_birth_date(store):
    assert store.entities["employees"].time_field == "hire_date"


def test_time_field_of_a_single_date(store):
    assert store.entities["customers"].time_field == "signup_date"


def test_entity_without_dates_has_no_time_field(store):
    assert store.entities["products"].time_field is None
    assert store.time_field("products") is None


def test_model_time_field_returns_the_field(store):
    assert store.time_field("orders").id == "orders.order_date"


def test_a_soft_delete_column_is_never_the_time_field(store):
    assert store.entities["shipments"].time_field is None


# --- default filters -----------------------------------------------------------------------------------------

def test_deleted_at_is_a_default_is_null_filter(store):
    assert store.entities["orders"].default_filters == [FilterSpec(field="orders.deleted_at", op="is_null")]


def test_an_is_deleted_flag_is_a_default_false_filter(store):
    assert store.entities["customers"].default_filters == [
        FilterSpec(field="customers.is_deleted", op="=", value=False)]


def test_entities_without_soft_delete_have_no_default_filter(store):
    assert store.entities["products"].default_filters == []


# --- measures --------------------------------------------------------------------------------------------------

def test_every_numeric_column_is_a_measure(store):
    assert {m for m in store.measures if m.startswith("order_items.")} == {
        "order_items.quantity", "order_items.unit_price", "order_items.discount", "order_items.revenue"}


def test_keys_are_not_measures(store):
    assert "order_items.order_id" not in store.measures


def test_revenue_is_derived_from_quantity_price_and_discount(store):
    m = store.measures["order_items.revenue"]
    assert (m.expr, m.agg, m.unit, m.derived) == ("quantity * unit_price * (1 - discount)", "sum", "currency", True)


def test_revenue_without_discount_is_quantity_times_price(store):
    assert store.measures["order_lines.revenue"].expr == "qty * price"


def test_revenue_measure_answers_to_sales(store):
    assert "sales" in store.measures["order_items.revenue"].synonyms


def test_revenue_description_states_the_formula(store):
    assert store.measures["order_items.revenue"].description == "revenue = quantity * unit_price * (1 - discount)"


def test_no_revenue_without_a_quantity(store):
    assert "orders.revenue" not in store.measures


def test_stock_on_hand_is_not_revenue(store):
    assert "products.revenue" not in store.measures


def test_mixed_case_columns_are_quoted_in_measure_expressions(chinook):
    assert chinook.measures["InvoiceLine.revenue"].expr == '"Quantity" * "UnitPrice"'


def test_a_money_total_answers_to_revenue(store):
    assert "revenue" in store.measures["orders.total_amount"].synonyms


@pytest.mark.parametrize("measure, agg", [
    ("products.unit_price", "avg"),
    ("order_items.discount", "avg"),
    ("reviews.rating", "avg"),
    ("enrollments.grade", "avg"),
    ("orders.total_amount", "sum"),
    ("order_items.quantity", "sum"),
    ("courses.credits", "sum"),
])
def test_default_aggregation(store, measure, agg):
    assert store.measures[measure].agg == agg


# --- joins -----------------------------------------------------------------------------------------------------

def test_declared_foreign_key_is_a_join(store):
    assert ("orders", ("customer_id",), "customers", ("customer_id",)) in joins_of(store)


def test_inferred_foreign_keys_are_joins(store):
    assert {("order_items", ("order_id",), "orders", ("order_id",)),
            ("order_items", ("product_id",), "products", ("product_id",)),
            ("shipments", ("order_id",), "orders", ("order_id",))} <= joins_of(store)


def test_a_bridge_table_joins_both_sides(store):
    assert {("enrollments", ("student_id",), "students", ("student_id",)),
            ("enrollments", ("course_id",), "courses", ("course_id",))} <= joins_of(store)


def test_self_reference_is_a_join_to_its_role_entity(store):
    [j] = [j for j in store.joins if j.source == "employees" and j.target == "employees__manager"]
    assert (j.source_columns, j.target_columns, j.role) == (["manager_id"], ["id"], "manager")


def test_join_role_is_the_foreign_key_without_id(chinook):
    [j] = [j for j in chinook.joins if j.source == "Customer" and j.target == "Employee"]
    assert j.role == "support rep"


def test_a_table_without_a_key_gets_none(store):
    assert store.entities["enrollments"].primary_key == []


@pytest.mark.parametrize("words, money", [
    (["total"], True), (["unit", "price"], True), (["market", "value"], True), (["freight"], True),
    (["total", "points"], False), (["value", "score"], False), (["quantity"], False)])
def test_which_numbers_are_money(words, money):
    from conversql.semantic.build import _is_money
    assert _is_money(words) is money


def test_numbers_that_name_a_place_or_code_are_labels_not_amounts():
    from conversql.semantic.build import build_model
    from conversql.sources.base import NUMBER, Column, Schema, Table
    table = Table(name="list", columns=[Column("classroom", "INTEGER", NUMBER), Column("zip_code", "INTEGER", NUMBER),
                                        Column("grade", "INTEGER", NUMBER)])
    model = build_model(Schema(dialect="sqlite", tables=[table]))
    assert model.fields["list.classroom"].role == "category"
    assert model.fields["list.grade"].role == "numeric"

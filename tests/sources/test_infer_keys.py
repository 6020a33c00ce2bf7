"""Undeclared keys guessed from names: a pure function over a Schema."""
from __future__ import annotations

import pytest

from conversql.sources import NUMBER, OTHER, TEXT, Column, ForeignKey, Schema, Table, infer_keys
from conversql.sources.infer_keys import primary_key_candidates


def col(name: str, kind: str = NUMBER, **kw) -> Column:
    return Column(name, "INTEGER" if kind == NUMBER else "TEXT", kind, **kw)


def table(name: str, *columns: Column, pk: list[str] | None = None, **kw) -> Table:
    t = Table(name, list(columns), primary_key=list(pk or []), **kw)
    for c in t.columns:
        c.primary_key = c.name in t.primary_key
    return t


def inferred(schema: Schema, name: str) -> list[tuple[list[str], str, list[str]]]:
    return [(fk.columns, fk.ref_table, fk.ref_columns) for fk in schema.table(name).foreign_keys if fk.inferred]


@pytest.mark.parametrize("column, ref_table, ref_key", [
    ("customer_id", "customers", "id"),
    ("CustomerId", "Customer", "CustomerId"),
    ("CustomerID", "customers", "id"),
    ("customerid", "customers", "id"),
    ("category_id", "categories", "id"),
    ("person_id", "people", "id"),
    ("order_item_id", "OrderItems", "id"),
    ("billing_customer_id", "customers", "id"),
])
def test_id_columns_point_at_the_table_they_name(column, ref_table, ref_key):
    schema = Schema("duckdb", [table(ref_table, col(ref_key), col("name", TEXT), pk=[ref_key]),
                               table("facts", col("fact_key"), col(column), pk=["fact_key"])])
    assert inferred(infer_keys(schema), "facts") == [([column], ref_table, [ref_key])]


@pytest.mark.parametrize("column", ["ReportsTo", "paid", "uuid", "id", "amount"])
def test_other_columns_are_not_foreign_keys(column):
    schema = Schema("duckdb", [table("customers", col("id"), pk=["id"]),
                               table("facts", col("fact_key"), col(column), pk=["fact_key"])])
    assert inferred(infer_keys(schema), "facts") == []


def test_kinds_must_match():
    schema = Schema("duckdb", [table("customers", col("id"), pk=["id"]),
                               table("orders", col("id"), col("customer_id", TEXT), pk=["id"])])
    assert inferred(infer_keys(schema), "orders") == []


def test_declared_keys_are_kept_and_not_duplicated():
    declared = ForeignKey(["customer_id"], "clients", ["id"])
    schema = Schema("duckdb", [table("customers", col("id"), pk=["id"]), table("clients", col("id"), pk=["id"]),
                               table("orders", col("id"), col("customer_id"), pk=["id"], foreign_keys=[declared])])
    assert infer_keys(schema).table("orders").foreign_keys == [declared]


def test_without_a_key_the_id_column_or_same_name_is_the_target():
    schema = Schema("sqlite", [table("customers", col("customer_id"), col("name", TEXT)),
                               table("orders", col("order_no"), col("customer_id"))])
    assert inferred(infer_keys(schema), "orders") == [(["customer_id"], "customers", ["customer_id"])]


def test_repeated_key_names_are_foreign_keys():
    # Spider-style: has_pet.stuid -> student.stuid
    schema = Schema("sqlite", [table("student", col("stuid"), pk=["stuid"]),
                               table("has_pet", col("stuid"), col("petid"))])
    assert (["stuid"], "student", ["stuid"]) in inferred(infer_keys(schema), "has_pet")


def test_a_table_s_own_key_is_not_a_foreign_key():
    schema = Schema("duckdb", [table("customers", col("customer_id"), pk=["customer_id"]),
                               table("customer", col("id"), pk=["id"])])
    assert inferred(infer_keys(schema), "customers") == []


def test_infers_a_missing_primary_key_named_id():
    schema = infer_keys(Schema("duckdb", [table("events", col("id"), col("label", TEXT))]))
    assert schema.table("events").primary_key == ["id"]
    assert schema.table("events").column("id").primary_key


def test_infers_a_missing_primary_key_named_after_the_table():
    schema = infer_keys(Schema("duckdb", [table("categories", col("name", TEXT), col("category_id"))]))
    assert schema.table("categories").primary_key == ["category_id"]


def test_a_profiled_column_that_repeats_is_not_a_primary_key():
    events = table("events", col("id", distinct_count=3), row_count=10)
    assert infer_keys(Schema("duckdb", [events])).table("events").primary_key == []


def test_a_profiled_unique_column_is_a_primary_key():
    events = table("events", col("id", distinct_count=10), row_count=10)
    assert infer_keys(Schema("duckdb", [events])).table("events").primary_key == ["id"]


def test_declared_primary_keys_are_left_alone():
    events = table("events", col("id"), col("event_id"), pk=["event_id"])
    assert infer_keys(Schema("duckdb", [events])).table("events").primary_key == ["event_id"]


def test_inferred_primary_keys_are_foreign_key_targets():
    schema = Schema("sqlite", [table("genres", col("id"), col("name", TEXT)),
                               table("tracks", col("id"), col("genre_id"))])
    assert inferred(infer_keys(schema), "tracks") == [(["genre_id"], "genres", ["id"])]


def test_the_input_schema_is_not_modified():
    schema = Schema("sqlite", [table("genres", col("id")), table("tracks", col("id"), col("genre_id"))])
    infer_keys(schema)
    assert schema.table("tracks").foreign_keys == [] and schema.table("genres").primary_key == []


@pytest.mark.parametrize("name, columns, expected", [
    ("customers", ["id", "customer_id"], ["id", "customer_id"]),
    ("Customer", ["CustomerId", "Name"], ["CustomerId"]),
    ("people", ["person_id"], ["person_id"]),
    ("events", ["label"], []),
])
def test_primary_key_candidates(name, columns, expected):
    assert primary_key_candidates(table(name, *(col(c, OTHER) for c in columns))) == expected

"""Words from schema names: how identifiers become the words people say."""
from __future__ import annotations

import pytest

from conversql.semantic.naming import column_label, label_of, plural, singular, singular_phrase, split_name


@pytest.mark.parametrize("name, words", [
    ("order_details", ["order", "details"]),
    ("InvoiceLine", ["invoice", "line"]),
    ("InvoiceLine_ID", ["invoice", "line", "id"]),
    ("customerID", ["customer", "id"]),
    ("HTTPServer", ["http", "server"]),
    ("order-details.v2", ["order", "details", "v2"]),
    ("  padded name ", ["padded", "name"]),
    ("", []),
])
def test_split_name(name, words):
    assert split_name(name) == words


@pytest.mark.parametrize("word, expected", [
    ("categories", "category"),
    ("countries", "country"),
    ("boxes", "box"),
    ("analyses", "analysis"),
    ("address", "address"),      # ends in ss: not a plural
    ("status", "status"),
    ("bus", "bus"),              # three letters or fewer are left alone
    ("v2", "v2"),                # not a word
])
def test_singular(word, expected):
    assert singular(word) == expected


@pytest.mark.parametrize("word, expected", [
    ("category", "categories"),
    ("box", "boxes"),
    ("categories", "categories"),   # already plural
    ("v2", "v2"),
])
def test_plural(word, expected):
    assert plural(word) == expected


def test_singular_phrase_changes_only_the_head_noun():
    assert singular_phrase(["sales", "orders"]) == ["sales", "order"]


def test_singular_phrase_of_nothing():
    assert singular_phrase([]) == []


@pytest.mark.parametrize("name, label", [
    ("order_details", "order detail"),
    ("HireDate", "hire date"),
    ("Customers", "customer"),
    ("MediaType", "media type"),
])
def test_label_of(name, label):
    assert label_of(name) == label


def test_column_label_keeps_plurals():
    assert column_label("units_in_stock") == "units in stock"


def test_column_label_keeps_a_trailing_id():
    assert column_label("CustomerId") == "customer id"


def test_a_technical_table_prefix_is_dropped_from_the_label():
    from conversql.semantic.naming import label_of
    assert (label_of("ref_colors"), label_of("tbl_orders"), label_of("reference")) == ("color", "order", "reference")


def test_abbreviated_column_names_are_spelled_out():
    from conversql.semantic.naming import expanded_label, spoken_words
    assert spoken_words("LName") == ["last", "name"] and spoken_words("fname") == ["first", "name"]
    assert spoken_words("dept_name") == ["department", "name"]
    assert expanded_label("city") is None

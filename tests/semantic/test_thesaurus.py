"""The built-in business thesaurus: synonyms of schema words and other names of common values."""
from __future__ import annotations

from conversql.semantic.thesaurus import synonyms_for, value_aliases


def test_synonyms_of_a_known_word():
    assert "client" in synonyms_for("customer")


def test_synonyms_of_an_unknown_word_are_empty():
    assert synonyms_for("widget") == []


def test_a_phrase_has_its_own_synonyms():
    assert "price" in synonyms_for("unit price")


def test_a_phrase_borrows_one_word_synonyms_of_its_head_noun():
    assert "unit cost" in synonyms_for("unit price")


def test_multi_word_synonyms_of_the_head_noun_are_not_borrowed():
    # "shipping company" is a shipper; "express shipping company" would not read as a synonym of "express shipper"
    assert synonyms_for("express shipper") == ["express carrier", "express courier"]


def test_the_phrase_itself_is_not_its_synonym():
    assert "customer" not in synonyms_for("customer")


def test_country_aliases():
    assert {"us", "united states", "america"} <= set(value_aliases("USA"))


def test_aliases_ignore_case():
    assert value_aliases("GERMANY") == ["german"]


def test_a_us_state_code_answers_to_the_state_name():
    assert value_aliases("CA") == ["california"]


def test_a_state_code_must_be_upper_case():
    assert value_aliases("ca") == []


def test_unknown_value_has_no_aliases():
    assert value_aliases("Narnia") == []


def test_synonyms_work_both_ways():
    from conversql.semantic.thesaurus import synonyms_for
    assert "employee" in synonyms_for("staff") and "staff" in synonyms_for("employee")

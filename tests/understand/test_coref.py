"""Pronouns for the person the previous answer named."""
from conversql.understand.coref import name_pronouns

ONE_PERSON = (["manager", "title"], [["Nancy Edwards", "Sales Manager"]])


def test_she_is_the_person_just_named():
    assert name_pronouns("and who does she report to?", *ONE_PERSON) == "and who does Nancy Edwards report to?"


def test_him_as_an_object_is_the_name():
    assert name_pronouns("list everyone who reports to him", *ONE_PERSON) == "list everyone who reports to Nancy Edwards"


def test_her_before_a_noun_is_possessive():
    assert name_pronouns("what is her customers' revenue", *ONE_PERSON) == "what is Nancy Edwards's customers' revenue"


def test_no_single_person_no_rewrite():
    assert name_pronouns("who does she report to", ["manager"], [["Nancy Edwards"], ["Andrew Adams"]]) is None
    assert name_pronouns("who does she report to", ["country"], [["Germany"]]) is None
    assert name_pronouns("revenue by country", *ONE_PERSON) is None


def test_a_person_shown_as_first_and_last_name_columns_is_one_name():
    columns, rows = ["first_name", "last_name", "title"], [["Nancy", "Edwards", "Sales Manager"]]
    assert name_pronouns("and who does she report to?", columns, rows) == "and who does Nancy Edwards report to?"

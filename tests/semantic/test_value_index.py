"""The value index: normalized exact lookup, typo-tolerant lookup, and the limits on what it keeps."""
from __future__ import annotations

import sqlite3

import pytest

from conversql.semantic.build import build_model
from conversql.semantic.value_index import (MAX_VALUE_CHARS, IndexLimits, ValueIndex, build_value_index,
                                            indexable, normalize)
from conversql.sources import open_source


@pytest.mark.parametrize("text, key", [("AC/DC", "ac dc"), ("  O'Brien & Sons ", "o brien sons"),
                                       ("São  Paulo", "são paulo"), ("R2-D2", "r2 d2"), ("...", "")])
def test_normalize_keeps_lower_case_words(text, key):
    assert normalize(text) == key


def test_exact_ignores_case_spacing_and_punctuation():
    index = ValueIndex.from_columns({"bands.name": ["AC/DC", "Iron Maiden"], "cities.name": ["São Paulo"]})
    assert index.exact("ac dc") == [("bands.name", "AC/DC")]
    assert index.exact("IRON   maiden") == [("bands.name", "Iron Maiden")]
    assert index.exact("são paulo") == [("cities.name", "São Paulo")]
    assert index.exact("iron") == [] and index.exact("") == []


def test_one_value_in_two_columns_is_found_in_both():
    index = ValueIndex.from_columns({"customers.city": ["Paris"], "stores.city": ["Paris", "Lyon"]})
    assert index.exact("Paris") == [("customers.city", "Paris"), ("stores.city", "Paris")]


def test_the_first_spelling_of_a_key_in_a_column_is_kept():
    index = ValueIndex.from_columns({"t.c": ["Rock & Roll", "rock roll", "Jazz"]})
    assert len(index) == 2 and index.exact("rock roll") == [("t.c", "Rock & Roll")]


def test_similar_finds_a_typo_best_first():
    index = ValueIndex.from_columns({"people.name": ["Bruno Nakamura", "Bruno Nakata", "Ada Rossi"]})
    hits = index.similar("Bruno Nakamora", cutoff=80)
    assert hits[0][:2] == ("people.name", "Bruno Nakamura") and hits[0][2] > 90
    assert index.similar("Zelda Quartz") == []


def test_similar_only_compares_keys_with_the_same_first_letters():
    index = ValueIndex.from_columns({"people.name": ["Bruno Nakamura"]})
    assert index.similar("Xruno Nakamura", cutoff=50) == []


def test_the_value_cap_keeps_columns_in_order_and_marks_the_cut():
    index = ValueIndex.from_columns({"a.x": ["one", "two"], "b.y": ["three", "four", "five"], "c.z": ["six"]},
                                    IndexLimits(max_values=4))
    assert len(index) == 4
    assert [(c.ref, c.kept, c.truncated) for c in index.columns] == [("a.x", 2, False), ("b.y", 2, True),
                                                                     ("c.z", 0, True)]
    assert index.exact("four") and not index.exact("five") and not index.exact("six")


def test_the_byte_cap_bounds_keys_and_values():
    values = [f"value number {i:04d}" for i in range(1000)]
    index = ValueIndex.from_columns({"t.c": values}, IndexLimits(max_bytes=10_000))
    assert 0 < len(index) < 1000 and index.columns[0].truncated
    assert len(index._keys) + len(index._values) <= 10_000
    assert index.nbytes < 10_000 + 24 * (len(index) + 1)


def test_values_too_long_to_be_named_are_left_out():
    index = ValueIndex.from_columns({"t.c": ["x" * (MAX_VALUE_CHARS + 1), "short"]})
    assert index.exact("short") and len(index) == 1


@pytest.fixture()
def people_db(tmp_path):
    """6,000 people (too many names for the lexicon) and a category with a skewed distribution."""
    path = tmp_path / "people.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE people (id INTEGER PRIMARY KEY, full_name TEXT, team TEXT)")
    con.executemany("INSERT INTO people VALUES (?, ?, ?)",
                    [(i, f"Person {i:05d}", "Common" if i % 2 else f"Rare {i % 7}") for i in range(6000)])
    con.commit()
    con.close()
    return path


def _model(path):
    source = open_source(f"sqlite:///{path}")
    from conversql.semantic.values import load_name_values
    model = build_model(source.introspect())
    load_name_values(model, source)
    return source, model


def test_indexable_columns_are_those_the_lexicon_does_not_hold(people_db):
    source, model = _model(people_db)
    try:
        assert model.fields["people.full_name"].values is None
        assert [ref for ref, _, _ in indexable(model)] == ["people.full_name"]
    finally:
        source.close()


def test_built_from_a_source_and_found_exactly(people_db):
    source, model = _model(people_db)
    try:
        index = build_value_index(model, source)
    finally:
        source.close()
    assert len(index) == 6000 and index.exact("person 04321") == [("people.full_name", "Person 04321")]


def test_a_column_cut_by_the_cap_keeps_its_most_frequent_values(tmp_path):
    path = tmp_path / "skewed.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE people (id INTEGER PRIMARY KEY, full_name TEXT)")
    rows = [(i, f"Person {i:05d}") for i in range(6000)] + [(6000 + i, "Zed Frequent") for i in range(50)]
    con.executemany("INSERT INTO people VALUES (?, ?)", rows)
    con.commit()
    con.close()
    source, model = _model(path)
    try:
        index = build_value_index(model, source, IndexLimits(max_values=10))
    finally:
        source.close()
    assert len(index) == 10 and index.columns[0].truncated
    assert index.exact("Zed Frequent") == [("people.full_name", "Zed Frequent")]

"""load_name_values: the names people type (artists, products, people) become known values of the model."""
from __future__ import annotations

import sqlite3

import pytest

import conversql.semantic.values as values_module
from conversql.semantic.build import build_model
from conversql.semantic.values import load_name_values
from conversql.sources import open_source

ARTISTS = [f"Artist {i:03d}" for i in range(250)] + ["AC/DC"]     # more than introspection lists


@pytest.fixture()
def music(tmp_path):
    """A source and its fresh model: 251 artists, four people with first and last names, one long title."""
    path = tmp_path / "music.sqlite"
    con = sqlite3.connect(path)
    con.executescript("""
        CREATE TABLE artists (artist_id INTEGER PRIMARY KEY, name TEXT);
        CREATE TABLE people (person_id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT, age INTEGER);
        CREATE TABLE essays (essay_id INTEGER PRIMARY KEY, title TEXT);
        CREATE TABLE empty_things (thing_id INTEGER PRIMARY KEY, thing_name TEXT);
    """)
    con.executemany("INSERT INTO artists VALUES (?, ?)", list(enumerate(ARTISTS, 1)))
    con.execute("INSERT INTO artists VALUES (999, NULL)")
    con.executemany("INSERT INTO people VALUES (?, ?, ?, ?)", [(1, "Jane", "Peacock", 40), (2, "Nancy", "Edwards", 50),
                                                             (3, "Jane", "Peacock", 41), (4, "Ann", None, 30)])
    con.executemany("INSERT INTO essays VALUES (?, ?)", [(1, "Short"), (2, "x" * 81)])
    con.commit()
    con.close()
    source = open_source(f"sqlite:///{path}")
    model = build_model(source.introspect())
    yield model, source
    source.close()


def test_introspection_alone_does_not_list_many_names(music):
    model, _ = music
    assert model.fields["artists.name"].values is None


def test_loads_every_name_of_a_name_column(music):
    model, source = music
    load_name_values(model, source)
    assert len(model.fields["artists.name"].values) == 251


def test_loaded_names_keep_their_spelling(music):
    model, source = music
    load_name_values(model, source)
    assert "AC/DC" in model.fields["artists.name"].values


def test_loaded_names_are_sorted_without_nulls(music):
    model, source = music
    load_name_values(model, source)
    values = model.fields["artists.name"].values
    assert values == sorted(values) and None not in values


def test_names_longer_than_80_characters_are_left_out(music):
    model, source = music
    load_name_values(model, source)
    assert model.fields["essays.title"].values == ["Short"]


def test_first_and_last_names_become_full_display_names(music):
    model, source = music
    load_name_values(model, source)
    assert model.entities["people"].name_values == ["Jane Peacock", "Nancy Edwards"]


def test_numeric_columns_get_no_values(music):
    model, source = music
    load_name_values(model, source)
    assert model.fields["people.age"].values is None


def test_hidden_columns_are_not_read(music):
    model, source = music
    model.fields["artists.name"].hidden = True
    load_name_values(model, source)
    assert model.fields["artists.name"].values is None


def test_empty_tables_are_not_read(music):
    model, source = music
    load_name_values(model, source)
    assert model.fields["empty_things.thing_name"].values is None


def test_tables_over_the_scan_limit_are_not_read(music, monkeypatch):
    model, source = music
    monkeypatch.setattr(values_module, "MAX_ROWS_SCANNED", 100)
    load_name_values(model, source)
    assert model.fields["artists.name"].values is None
    assert model.fields["essays.title"].values == ["Short"]


def test_columns_with_known_values_are_kept(music):
    model, source = music
    model.fields["artists.name"].values = ["Only This"]
    load_name_values(model, source)
    assert model.fields["artists.name"].values == ["Only This"]

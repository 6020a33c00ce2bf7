"""Catalog: named sources, opened, introspected and modelled once on first use."""
from __future__ import annotations

import pytest

from conversql.engine.catalog import Catalog
from conversql.semantic.refine import RefinementError
from conversql.sources import SourceError


@pytest.fixture()
def catalog(demo_db):
    c = Catalog()
    c.register("demo", f"duckdb:///{demo_db}")
    yield c
    c.close()


def test_names_in_registration_order(catalog, tmp_path):
    catalog.register("other", f"sqlite:///{tmp_path / 'x.sqlite'}")
    assert catalog.names() == ["demo", "other"]


def test_contains(catalog):
    assert "demo" in catalog and "nope" not in catalog


def test_unknown_source_is_a_key_error(catalog):
    with pytest.raises(KeyError):
        catalog.get("nope")


def test_get_loads_source_schema_model_and_lexicon(catalog):
    loaded = catalog.get("demo")
    assert (loaded.source.dialect, loaded.schema.dialect, loaded.model.dialect) == ("duckdb", "duckdb", "duckdb")
    assert "orders" in loaded.model.entities and loaded.lexicon.phrases


def test_get_is_cached(catalog):
    assert catalog.get("demo") is catalog.get("demo")


def test_names_of_people_are_loaded_as_values(catalog):
    loaded = catalog.get("demo")
    employees = loaded.source.execute("SELECT first_name || ' ' || last_name FROM employees").rows
    assert sorted({r[0] for r in employees}) == loaded.model.entities["employees"].name_values


def test_registering_again_reloads(catalog, demo_db):
    first = catalog.get("demo")
    catalog.register("demo", f"duckdb:///{demo_db}")
    assert catalog.get("demo") is not first
    first.source.close()


def test_a_refinement_file_is_applied(catalog, demo_db, tmp_path):
    path = tmp_path / "demo.yaml"
    path.write_text("entities:\n  orders:\n    synonyms: [deals]\n")
    catalog.register("refined", f"duckdb:///{demo_db}", refinement=path)
    assert "deals" in catalog.get("refined").model.entities["orders"].synonyms


def test_a_bad_refinement_fails_the_load(catalog, demo_db, tmp_path):
    path = tmp_path / "demo.yaml"
    path.write_text("entities:\n  invoices:\n    label: bill\n")
    catalog.register("refined", f"duckdb:///{demo_db}", refinement=path)
    with pytest.raises(RefinementError, match="invoices"):
        catalog.get("refined")


def test_a_missing_database_fails_the_load(catalog, tmp_path):
    catalog.register("gone", f"duckdb:///{tmp_path / 'absent.duckdb'}")
    with pytest.raises(SourceError):
        catalog.get("gone")


def test_close_forgets_loaded_sources(catalog):
    first = catalog.get("demo")
    catalog.close()
    assert catalog.get("demo") is not first

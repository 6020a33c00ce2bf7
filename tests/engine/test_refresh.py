"""Refreshing a source without a restart: the value index and the model are read again and swapped in."""
from __future__ import annotations

import sqlite3
import time
from datetime import date

import pytest

from conversql.engine.catalog import Catalog
from conversql.engine.pipeline import Engine
from conversql.settings import Settings
from conversql.understand.parser import parse

TODAY = date(2024, 12, 31)
FIRST = ["Ada", "Bruno", "Chloe", "Dmitri", "Elena", "Farid", "Greta", "Hiro", "Ingrid", "Jonas"]


@pytest.fixture()
def crm(tmp_path):
    """6,000 companies, more names than the lexicon holds, so they live in the value index; their orders."""
    path = tmp_path / "crm.sqlite"
    con = sqlite3.connect(path)
    con.executescript("""
        CREATE TABLE companies (id INTEGER PRIMARY KEY, company_name TEXT NOT NULL, country TEXT NOT NULL);
        CREATE TABLE orders (id INTEGER PRIMARY KEY, company_id INTEGER NOT NULL REFERENCES companies(id),
                             order_date DATE NOT NULL, amount REAL NOT NULL);
    """)
    con.executemany("INSERT INTO companies VALUES (?, ?, ?)",
                    [(i, f"{FIRST[i % 10]} Trading {i:04d}", ["France", "Spain"][i % 2]) for i in range(1, 6001)])
    con.executemany("INSERT INTO orders VALUES (?, ?, ?, ?)",
                    [(i, 1 + i * 7 % 6000, f"2024-{1 + i % 12:02d}-15", 10.0 + i % 90) for i in range(1, 3001)])
    con.commit()
    con.close()
    return path


def add_company(path, name: str, country: str = "France") -> None:
    con = sqlite3.connect(path)
    con.execute("INSERT INTO companies (company_name, country) VALUES (?, ?)", (name, country))
    con.commit()
    con.close()


def filter_values(loaded, question: str) -> list:
    p = parse(question, loaded.model, loaded.lexicon, TODAY)
    return [f.value for f in (p.query.filters if p.query else [])]


@pytest.fixture()
def catalog(crm):
    c = Catalog()
    c.register("crm", f"sqlite:///{crm}")
    yield c
    c.close()


def test_names_too_many_for_the_lexicon_are_linked_through_the_index(catalog):
    loaded = catalog.get("crm")
    assert loaded.model.fields["companies.company_name"].values is None
    assert len(loaded.values) == 6000
    assert "Greta Trading 0426" in str(filter_values(loaded, "orders of Greta Trading 0426"))


def test_a_typo_in_a_one_word_value_is_linked(tmp_path):
    path = tmp_path / "words.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE products (id INTEGER PRIMARY KEY, product_name TEXT NOT NULL, price REAL)")
    con.executemany("INSERT INTO products VALUES (?, ?, ?)",
                    [(i, f"Item{i:05d}", 1.0) for i in range(6000)] + [(6000, "Zanzibarite", 2.0)])
    con.commit()
    con.close()
    c = Catalog()
    c.register("p", f"sqlite:///{path}")
    try:
        assert filter_values(c.get("p"), "price of Zanzibarrite") == ["Zanzibarite"]
    finally:
        c.close()


def test_refresh_picks_up_a_value_inserted_after_start_up(catalog, crm):
    before = catalog.get("crm")
    assert "Zephyr Maritime" not in str(filter_values(before, "orders of Zephyr Maritime"))
    add_company(crm, "Zephyr Maritime")
    after = catalog.refresh("crm")
    assert after is catalog.get("crm") and after is not before
    assert "Zephyr Maritime" in str(filter_values(after, "orders of Zephyr Maritime"))


def test_a_question_holding_the_old_state_still_finishes_on_it(catalog, crm):
    before = catalog.get("crm")
    add_company(crm, "Quokka Partners", country="Portugal")
    catalog.refresh("crm")
    assert "Portugal" not in str(filter_values(before, "companies in Portugal"))
    assert before.source.execute("SELECT count(*) FROM companies", max_rows=1).rows == [[6001]]
    assert "Portugal" in str(filter_values(catalog.get("crm"), "companies in Portugal"))


def test_refreshing_a_source_not_opened_yet_opens_it(catalog):
    assert len(catalog.refresh("crm").values) == 6000


def test_refreshing_an_unknown_source_is_a_key_error(catalog):
    with pytest.raises(KeyError):
        catalog.refresh("nope")


def test_periodic_refresh_picks_up_new_values(crm):
    engine = Engine(Settings(_env_file=None, sources={"crm": f"sqlite:///{crm}"}, today=TODAY,
                             refresh_interval_s=0.2))
    try:
        first = engine.catalog.get("crm")
        add_company(crm, "Wombat Logistics")
        deadline = time.monotonic() + 20
        while engine.catalog.get("crm") is first and time.monotonic() < deadline:
            time.sleep(0.05)
        loaded = engine.catalog.get("crm")
        while not loaded.values.exact("Wombat Logistics") and time.monotonic() < deadline:
            time.sleep(0.05)
            loaded = engine.catalog.get("crm")
        assert loaded.values.exact("Wombat Logistics") == [("companies.company_name", "Wombat Logistics")]
    finally:
        engine.catalog.close()


def test_the_index_limits_come_from_the_settings(crm):
    engine = Engine(Settings(_env_file=None, sources={"crm": f"sqlite:///{crm}"}, value_index_max_values=100))
    try:
        loaded = engine.catalog.get("crm")
        assert len(loaded.values) == 100 and loaded.values.columns[0].truncated
    finally:
        engine.catalog.close()


def test_engine_refresh_reports_what_was_read(crm):
    engine = Engine(Settings(_env_file=None, sources={"crm": f"sqlite:///{crm}"}, today=TODAY))
    try:
        report = engine.refresh_source("crm")
        assert report["name"] == "crm" and report["tables"] == 2 and report["values_indexed"] == 6000
        assert report["value_index_bytes"] > 6000 * 20 and report["columns_truncated"] == []
    finally:
        engine.catalog.close()

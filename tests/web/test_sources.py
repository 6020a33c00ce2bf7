"""The source picker: each source's tables and example questions, and conversations on the chosen source."""
from __future__ import annotations

import sqlite3

import pytest

from conversql.api.app import create_app

from .browser import ask, open_page
from tests.servers import LiveServer


@pytest.fixture()
def two_sources(demo_settings, store_url, tmp_path):
    """The demo database and a small SQLite zoo, served together (the engine is built from these settings)."""
    zoo = tmp_path / "zoo.sqlite"
    con = sqlite3.connect(zoo)
    con.executescript("""
        CREATE TABLE keepers (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
        CREATE TABLE animals (id INTEGER PRIMARY KEY, name TEXT NOT NULL, species TEXT NOT NULL,
                              weight_kg REAL NOT NULL, keeper_id INTEGER REFERENCES keepers(id));
        INSERT INTO keepers VALUES (1, 'Ada'), (2, 'Bo');
        INSERT INTO animals VALUES (1, 'Rex', 'lion', 190.5, 1), (2, 'Mia', 'lion', 130.0, 1),
                                   (3, 'Zed', 'zebra', 380.0, 2), (4, 'Pip', 'penguin', 25.2, 2);
    """)
    con.commit()
    con.close()
    settings = demo_settings.model_copy(update={
        "store_url": store_url, "sources": {**demo_settings.sources, "zoo": f"sqlite:///{zoo}"}})
    server = LiveServer(create_app(settings))
    yield server.start()
    server.stop()


def test_the_picker_shows_each_sources_tables_and_examples_and_new_conversations_use_it(page, two_sources):
    open_page(page, two_sources)
    assert page.locator("#source-select option").all_inner_texts() == ["demo", "zoo"]
    assert "orders" in page.locator(".table-name").all_inner_texts()
    page.select_option("#source-select", "zoo")
    page.wait_for_function("[...document.querySelectorAll('.table-name')].map(e => e.textContent).join() "
                           "=== 'animals,keepers'")
    assert page.locator("#source-help").inner_text() == "zoo (sqlite), 2 tables"
    page.locator(".tables details").first.locator("summary").click()
    assert "species" in page.locator(".tables .columns").first.inner_text()
    assert page.locator(".example").count() > 0

    ask(page, "how many animals per species")
    table = page.locator("article.answer table.data")
    assert table.locator("tbody tr").count() == 3                    # lion, penguin, zebra
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    page.wait_for_selector("article.answer")
    assert page.locator("#source-select").input_value() == "zoo"      # the conversation's own source

"""Models the parser reads: the demo retail database and, when it is beside the repository, Chinook."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from conversql.engine.catalog import Catalog, Loaded

TODAY = date(2025, 12, 31)
CHINOOK = Path(__file__).parents[2] / ".." / "shared" / "eval" / "chinook.sqlite"


@pytest.fixture(scope="session")
def demo(demo_db) -> Loaded:
    """The demo's source, schema, semantic model (with name values) and lexicon, loaded as the engine does."""
    catalog = Catalog()
    catalog.register("demo", f"duckdb:///{demo_db}")
    yield catalog.get("demo")
    catalog.close()


@pytest.fixture(scope="session")
def chinook() -> Loaded:
    if not CHINOOK.exists():
        pytest.skip(f"the Chinook database is not at {CHINOOK}")
    catalog = Catalog()
    catalog.register("chinook", f"sqlite:///{CHINOOK.resolve()}")
    yield catalog.get("chinook")
    catalog.close()


@pytest.fixture(scope="session")
def campus(tmp_path_factory) -> Loaded:
    """A small academic database in the style of public text-to-SQL sets (tests/understand/campus.py)."""
    from tests.understand.campus import build
    path = build(tmp_path_factory.mktemp("campus") / "campus.sqlite")
    catalog = Catalog()
    catalog.register("campus", f"sqlite:///{path}")
    yield catalog.get("campus")
    catalog.close()

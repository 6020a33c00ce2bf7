"""The real engine on the demo retail database (tests/conftest.py's `demo_db`), with today fixed at 2025-12-31."""
from __future__ import annotations

from datetime import date

import pytest

from conversql.engine.catalog import Catalog, Loaded
from conversql.engine.pipeline import Engine
from conversql.settings import Settings

TODAY = date(2025, 12, 31)
SEED = "What were my sales from the last 3 months?"


def demo_engine(demo_db, **settings) -> Engine:
    catalog = Catalog()
    catalog.register("demo", f"duckdb:///{demo_db}")
    return Engine(Settings(today=TODAY, **settings), catalog)


@pytest.fixture(scope="session")
def engine(demo_db):
    """One engine shared by tests that only ask questions."""
    e = demo_engine(demo_db)
    yield e
    e.catalog.close()


@pytest.fixture(scope="session")
def demo(engine) -> Loaded:
    return engine.catalog.get("demo")


@pytest.fixture(scope="session")
def seed(engine):
    """The answer to the seed question, asked once."""
    steps = []
    answer = engine.ask(SEED, source="demo", on_step=steps.append)
    return answer, steps


def count(loaded: Loaded, table: str) -> int:
    return loaded.source.execute(f"SELECT COUNT(*) FROM {table}").rows[0][0]


@pytest.fixture(scope="session")
def chinook_engine():
    """The engine on the Chinook evaluation database (beside the repository in ../shared)."""
    from tests.understand.conftest import CHINOOK
    if not CHINOOK.exists():
        pytest.skip(f"the Chinook database is not at {CHINOOK}")
    catalog = Catalog()
    catalog.register("chinook", f"sqlite:///{CHINOOK.resolve()}")
    yield Engine(Settings(today=TODAY), catalog)
    catalog.close()

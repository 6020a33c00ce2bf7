"""docs/understanding.md teaches vocabulary with a YAML file: that file, run on Chinook, does what the page says."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from conversql.engine.catalog import Catalog
from conversql.engine.pipeline import Engine
from conversql.settings import Settings
from tests.understand.conftest import CHINOOK

DOC = Path(__file__).resolve().parents[2] / "docs" / "understanding.md"


@pytest.fixture(scope="module")
def taught(tmp_path_factory):
    if not CHINOOK.exists():
        pytest.skip(f"the Chinook database is not at {CHINOOK}")
    yaml_text = re.search(r"```yaml\n(.*?)```", DOC.read_text(), re.S).group(1)
    path = tmp_path_factory.mktemp("doc") / "chinook.yaml"
    path.write_text(yaml_text)
    catalog = Catalog()
    catalog.register("chinook", f"sqlite:///{CHINOOK.resolve()}", refinement=path)
    yield Engine(Settings(today=date(2025, 12, 15)), catalog)
    catalog.close()


@pytest.mark.parametrize("question, column", [
    ("revenue by market", "billing_country"),
    ("average basket by country", "avg_average_basket"),
    ("total running time of tracks", "total_milliseconds"),
])
def test_the_taught_words_are_understood(taught, question, column):
    answer = taught.ask(question, source="chinook")
    assert not answer.not_understood and answer.rows, (question, answer.interpretation)
    assert column in answer.columns or any(column in c for c in answer.columns), answer.columns


def test_the_verified_question_runs_its_checked_sql(taught):
    answer = taught.ask("What is our churn this year?", source="chinook")
    assert answer.interpretation.startswith("A verified question") and answer.rows[0][0] >= 0

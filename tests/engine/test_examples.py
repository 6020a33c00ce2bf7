"""example_questions: questions made from the semantic model, shown when a question is not understood."""
from __future__ import annotations

from pathlib import Path

import pytest

from conversql.engine.catalog import Catalog
from conversql.engine.examples import example_questions
from conversql.semantic.model import VerifiedQuery

CHINOOK = Path(__file__).parents[2] / ".." / "shared" / "eval" / "chinook.sqlite"


@pytest.fixture(scope="module")
def chinook():
    if not CHINOOK.exists():
        pytest.skip(f"the Chinook database is not at {CHINOOK}")
    catalog = Catalog()
    catalog.register("chinook", f"sqlite:///{CHINOOK.resolve()}")
    yield catalog.get("chinook").model
    catalog.close()


def test_at_most_six_by_default(demo):
    assert 1 <= len(example_questions(demo.model)) <= 6


def test_limit(demo):
    assert len(example_questions(demo.model, limit=2)) == 2


def test_a_derived_revenue_by_month_comes_first(demo):
    assert example_questions(demo.model)[0] == "Total revenue by month"


def test_a_rolling_window_example(demo):
    assert "Total revenue in the last 3 months" in example_questions(demo.model)


def test_top_named_things_by_the_lead_measure(demo):
    assert "Top 5 products by revenue" in example_questions(demo.model)


def test_a_place_value_example_uses_in(demo):
    assert any(q.startswith("Revenue in ") and q.endswith(" this year") for q in example_questions(demo.model))


def test_a_count_of_the_biggest_named_table(demo):
    assert any(q.startswith("How many ") and q.endswith(" are there?") for q in example_questions(demo.model))


def test_verified_questions_come_first(demo):
    model = demo.model
    model.verified_queries.append(VerifiedQuery("Best month ever?", "SELECT 1"))
    try:
        assert example_questions(model)[0] == "Best month ever?"
    finally:
        model.verified_queries.pop()


def test_every_example_is_answered(engine, demo):
    for question in example_questions(demo.model):
        answer = engine.ask(question, source="demo")
        assert (answer.error, answer.row_count > 0) == (None, True), question


def test_examples_do_not_stutter(chinook):
    assert not any("total total" in q.lower() for q in example_questions(chinook))

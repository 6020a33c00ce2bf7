"""Choosing a model: the deterministic parser is always offered; an unknown model id is refused before any work."""
import pytest

from conversql.engine.errors import UnknownModel
from conversql.engine.pipeline import DETERMINISTIC_MODEL


def test_the_deterministic_model_is_always_offered(engine):
    assert DETERMINISTIC_MODEL in engine.model_ids()


def test_choosing_the_deterministic_model_answers(engine):
    answer = engine.ask("how many customers", source="demo", model=DETERMINISTIC_MODEL)
    assert answer.rows and answer.rows[0][0] > 0


def test_an_unknown_model_is_refused(engine):
    with pytest.raises(UnknownModel) as e:
        engine.ask("how many customers", source="demo", model="gpt-17")
    assert "gpt-17" in str(e.value) and DETERMINISTIC_MODEL in e.value.known


def test_a_chain_of_pronouns_follows_the_people_named(chinook_engine):
    first = chinook_engine.ask("Who does Jane Peacock report to?", source="chinook")
    second = chinook_engine.ask("and who does she report to?", source="chinook", context=first)
    third = chinook_engine.ask("list everyone who reports directly to him", source="chinook", context=second)
    assert first.rows[0][:2] == ["Nancy", "Edwards"] and second.rows[0][:2] == ["Andrew", "Adams"]
    assert {f"{r[0]} {r[1]}" for r in third.rows} == {"Nancy Edwards", "Michael Mitchell"}

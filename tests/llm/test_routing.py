"""Routing: auto (the deterministic engine when it is confident, else the default LLM), deterministic, llm; a model
named by the request wins. The answer says which engine answered and why."""
from __future__ import annotations

import pytest

from conversql.engine.errors import UnknownModel
from conversql.engine.pipeline import DETERMINISTIC_MODEL
from conversql.engine.routing import UnknownMode

LOYAL = "how many loyal shoppers do we have per segment"


def test_configured_models_are_offered_after_the_deterministic_one(make_engine):
    assert make_engine().model_ids() == [DETERMINISTIC_MODEL, "gpt", "claude"]


def test_auto_keeps_a_confident_deterministic_answer_and_calls_no_model(make_engine, replay):
    answer = make_engine().ask("how many customers", source="demo")
    assert answer.engine == DETERMINISTIC_MODEL and answer.rows[0][0] == 50
    assert "understood" in answer.engine_reason
    assert replay.requests == [] and answer.usage.total_tokens == 0


def test_auto_asks_the_default_model_when_the_parser_is_unsure(make_engine, replay):
    answer = make_engine().ask(LOYAL, source="demo")
    assert answer.engine == "gpt" and len(replay.requests) == 1
    assert answer.engine_reason == "the deterministic parser was unsure: it did not understand 'loyal'"
    assert [s.name for s in answer.steps][:4] == ["route", "understand", "retrieve", "plan"]


def test_the_default_model_is_a_setting(make_engine, replay):
    answer = make_engine(default_model="claude").ask(LOYAL, source="demo")
    assert answer.engine == "claude" and replay.requests[0].path == "/v1/messages"


def test_deterministic_mode_never_calls_a_model(make_engine, replay):
    answer = make_engine().ask(LOYAL, source="demo", mode="deterministic")
    assert answer.engine == DETERMINISTIC_MODEL and replay.requests == []
    assert answer.engine_reason == "the request asked for the deterministic engine"


def test_llm_mode_from_the_settings_plans_even_what_the_parser_understands(make_engine, replay):
    answer = make_engine(engine_mode="llm").ask("how many customers", source="demo")
    assert answer.engine == "gpt" and answer.rows[0][0] == 50
    assert answer.engine_reason == "the server's setting asked for the LLM engine"


def test_a_model_named_by_the_request_wins_over_the_mode(make_engine, replay):
    engine = make_engine(engine_mode="deterministic")
    answer = engine.ask(LOYAL, source="demo", model="claude")
    assert answer.engine == "claude" and answer.engine_reason == "the request chose the model claude"
    answer = make_engine(engine_mode="llm").ask("how many customers", source="demo", model=DETERMINISTIC_MODEL)
    assert answer.engine == DETERMINISTIC_MODEL


def test_an_unknown_model_is_refused_before_any_work(make_engine, replay):
    with pytest.raises(UnknownModel) as e:
        make_engine().ask(LOYAL, source="demo", model="gpt-17")
    assert e.value.known == [DETERMINISTIC_MODEL, "gpt", "claude"] and replay.requests == []


def test_an_unknown_mode_is_refused(make_engine):
    with pytest.raises(UnknownMode):
        make_engine().ask(LOYAL, source="demo", mode="creative")


def test_without_a_model_auto_answers_deterministically_and_says_why(make_engine):
    answer = make_engine(models={}).ask(LOYAL, source="demo")
    assert answer.engine == DETERMINISTIC_MODEL and answer.rows
    assert "no LLM is configured" in answer.engine_reason


def test_llm_mode_without_a_model_is_a_clear_error(make_engine):
    answer = make_engine(models={}).ask(LOYAL, source="demo", mode="llm")
    assert answer.error_kind == "model_unavailable" and "CONVERSQL_MODELS" in answer.error


def test_messages_that_are_not_data_questions_never_reach_a_model(make_engine, replay):
    engine = make_engine(engine_mode="llm")
    refused = engine.ask("drop table orders", source="demo")
    assert refused.intent == "refuse" and refused.engine == DETERMINISTIC_MODEL
    helped = engine.ask("what tables are there", source="demo")
    assert helped.intent == "schema_help" and replay.requests == []

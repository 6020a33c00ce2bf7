"""Timeouts, rate limits and provider failures: retried with backoff by the SDKs, reported honestly when they
persist, and never a crash. In `auto` mode the deterministic engine still answers."""
from __future__ import annotations

import socket
import time

import pytest

from tests.llm.conftest import OPENAI_KEY


def test_a_model_that_does_not_answer_in_time_is_reported(make_engine, replay):
    engine = make_engine(llm_timeout_s=0.4)
    start = time.perf_counter()
    answer = engine.ask("a question for a slow model", source="demo", mode="llm")
    assert time.perf_counter() - start < 2.5                  # the 3 s reply was not waited for
    assert answer.error_kind == "model_unavailable"
    assert "did not answer within 0.4 s" in answer.error and answer.engine == "gpt"


@pytest.mark.parametrize("model", ["gpt", "claude"])
def test_429_is_retried_after_the_delay_the_provider_asks_for(make_engine, replay, model):
    engine = make_engine(llm_max_retries=2)
    start = time.perf_counter()
    answer = engine.ask("a question while rate limited", source="demo", model=model)
    elapsed = time.perf_counter() - start
    assert answer.error is None and len(answer.rows) == 3
    assert len(replay.requests) == 2 and elapsed >= 1.0        # Retry-After: 1 was honoured


def test_5xx_is_retried_with_backoff(make_engine, replay):
    answer = make_engine(llm_max_retries=2).ask("a question for a flaky provider", source="demo", mode="llm")
    assert answer.error is None and len(replay.requests) == 3


def test_a_provider_that_keeps_failing_is_reported_after_the_retries(make_engine, replay):
    answer = make_engine(llm_max_retries=1).ask("a question for a broken provider", source="demo", mode="llm")
    assert len(replay.requests) == 2
    assert answer.error_kind == "model_unavailable" and "HTTP 500" in answer.error
    assert "Traceback" not in answer.response


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_auto_mode_falls_back_to_the_deterministic_engine_when_the_model_fails(make_engine):
    # "loyal" is unknown to the parser, so auto mode asks the model; nothing listens where the model should be.
    engine = make_engine(models={"gpt": {"provider": "openai", "model": "m", "api_key_env": "TEST_OPENAI_KEY",
                                         "base_url": f"http://127.0.0.1:{closed_port()}/v1"}})
    answer = engine.ask("how many loyal shoppers do we have per segment", source="demo")
    assert answer.engine == "conversql-deterministic" and answer.error is None and answer.rows
    assert "unsure" in answer.engine_reason and "'loyal'" in answer.engine_reason
    assert "could not be reached" in answer.engine_reason


def test_a_missing_key_is_a_clear_error_naming_the_variable(make_engine, monkeypatch):
    monkeypatch.delenv("TEST_OPENAI_KEY")
    answer = make_engine().ask("how many loyal shoppers do we have per segment", source="demo", model="gpt")
    assert answer.error_kind == "model_unavailable"
    assert "TEST_OPENAI_KEY" in answer.error and "secrets file" in answer.error


def test_the_key_can_come_from_a_secrets_file(make_engine, replay, monkeypatch, tmp_path):
    monkeypatch.delenv("TEST_OPENAI_KEY")
    secrets = tmp_path / "secrets.env"
    secrets.write_text(f"# keys\nTEST_OPENAI_KEY={OPENAI_KEY}\n")
    answer = make_engine(secrets_file=secrets).ask("how many loyal shoppers do we have per segment", source="demo",
                                                   model="gpt")
    assert answer.error is None
    assert replay.requests[0].headers["authorization"] == f"Bearer {OPENAI_KEY}"


def test_a_local_server_needs_no_key(make_engine, replay, monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    engine = make_engine(models={"local": {"provider": "openai", "model": "qwen2.5", "base_url": f"{replay.url}/v1"}})
    answer = engine.ask("how many loyal shoppers do we have per segment", source="demo", model="local")
    assert answer.error is None and answer.engine == "local"


@pytest.mark.parametrize("provider, variable, header", [("openai", "OPENAI_API_KEY", "authorization"),
                                                        ("anthropic", "ANTHROPIC_API_KEY", "x-api-key")])
def test_a_providers_own_key_is_never_sent_to_another_server(make_engine, replay, monkeypatch, provider, variable,
                                                             header):
    # OPENAI_API_KEY is set for OpenAI; a vLLM box or gateway in the same configuration must not receive it.
    monkeypatch.setenv(variable, "sk-the-real-provider-key-0451")
    base = f"{replay.url}/v1" if provider == "openai" else replay.url
    engine = make_engine(models={"box": {"provider": provider, "model": "m", "base_url": base}})
    answer = engine.ask("how many loyal shoppers do we have per segment", source="demo", model="box")
    assert answer.error is None
    assert "sk-the-real-provider-key-0451" not in str(replay.requests[0].headers)


def test_a_reply_that_trickles_past_the_timeout_is_cut_off(make_engine, replay):
    # Each chunk comes within the read timeout (0.5 s apart); the whole reply would take 2 s.
    for model in ("gpt", "claude"):
        start = time.perf_counter()
        answer = make_engine(llm_timeout_s=0.6).ask("a question for a model that trickles its reply", source="demo",
                                                    model=model)
        assert time.perf_counter() - start < 1.6, model
        assert answer.error_kind == "model_unavailable" and "did not answer within 0.6 s" in answer.error, model


def test_the_answers_time_limit_stops_the_corrections(make_engine, replay):
    # A model taking 0.7 s a plan, wrong each time: the third plan would start after the answer's 1 s.
    q = "what is our churn rate by segment"
    start = time.perf_counter()
    answer = make_engine(request_timeout_s=1.0).ask(q, source="demo", mode="llm")
    assert time.perf_counter() - start < 1.5
    assert len(replay.for_question(q)) == 2
    assert answer.error_kind == "model_unavailable" and "time limit" in answer.error

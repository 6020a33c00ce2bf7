"""The LLM engine against a real local HTTP server that replays recorded model replies (replay.py).

The production code runs unchanged: only the models' base URLs point at the replay server. Keys come from the
environment like in production; the values here are test strings that must never show up in a prompt or a log.
"""
from __future__ import annotations

from datetime import date

import pytest

from conversql.engine.catalog import Catalog
from conversql.engine.pipeline import Engine
from conversql.settings import Settings
from tests.llm.replay import ReplayServer

TODAY = date(2025, 12, 31)
OPENAI_KEY = "sk-test-openai-8c1f2e0d9b"
ANTHROPIC_KEY = "sk-ant-test-41aa77d0c3"


@pytest.fixture()
def replay():
    """The replay server; a request that matched no recording fails the test that made it."""
    server = ReplayServer().start()
    yield server
    server.stop()
    assert server.mismatches == [], server.mismatches


@pytest.fixture(scope="session")
def demo_catalog(demo_db):
    catalog = Catalog()
    catalog.register("demo", f"duckdb:///{demo_db}")
    catalog.get("demo")
    yield catalog
    catalog.close()


def models(url: str, **overrides) -> dict:
    gpt = {"provider": "openai", "model": "gpt-4o-mini", "base_url": f"{url}/v1", "api_key_env": "TEST_OPENAI_KEY"}
    claude = {"provider": "anthropic", "model": "claude-test", "base_url": url, "api_key_env": "TEST_ANTHROPIC_KEY"}
    return {"gpt": gpt | overrides, "claude": claude | overrides}


@pytest.fixture()
def make_engine(replay, demo_catalog, monkeypatch):
    """An engine on the demo database whose models `gpt` (OpenAI protocol) and `claude` (Anthropic protocol) are
    the replay server; `catalog=` swaps the data, other keywords are settings."""
    monkeypatch.setenv("TEST_OPENAI_KEY", OPENAI_KEY)
    monkeypatch.setenv("TEST_ANTHROPIC_KEY", ANTHROPIC_KEY)
    # the SDKs honour proxy variables; the replay server is local and must be reached directly
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")

    def make(catalog: Catalog | None = None, model_overrides: dict | None = None, **settings) -> Engine:
        settings.setdefault("models", models(replay.url, **(model_overrides or {})))
        settings.setdefault("llm_max_retries", 0)      # the transport tests turn retries on where they test them
        return Engine(Settings(today=TODAY, **settings), catalog or demo_catalog)

    return make

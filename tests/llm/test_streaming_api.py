"""Streaming a model's reply (token events beside the steps) and choosing a model through the native API."""
from __future__ import annotations

import json
import time

import pytest
from fastapi.testclient import TestClient

from conversql.api.app import create_app
from conversql.engine.pipeline import DETERMINISTIC_MODEL
from conversql.settings import Settings

LOYAL = "how many loyal shoppers do we have per segment"
SLOW = "how many loyal shoppers are in each segment"          # replayed a chunk every 0.3 s


def test_tokens_stream_through_the_step_callback_and_stay_out_of_the_answer(make_engine, replay):
    events = []
    answer = make_engine().ask(LOYAL, source="demo", mode="llm", on_step=events.append)
    tokens = [e.detail for e in events if e.kind == "token"]
    assert len(tokens) > 1
    plan = json.loads("".join(tokens))                       # the reply, piece by piece, as the model sent it
    assert plan["kind"] == "query"
    assert all(s.kind == "step" for s in answer.steps)
    assert [e.name for e in events if e.kind == "step"] == [s.name for s in answer.steps]


@pytest.mark.parametrize("model", ["gpt", "claude"])
def test_tokens_reach_the_caller_while_the_reply_is_still_coming(make_engine, replay, model):
    arrived: list[float] = []
    answer = make_engine().ask(SLOW, source="demo", model=model,
                               on_step=lambda s: s.kind == "token" and arrived.append(time.perf_counter()))
    assert answer.error is None
    sent = [t for q, t in replay.chunks_sent if q == SLOW]
    assert len(sent) >= 3 and len(arrived) == len(sent)
    assert arrived[0] < sent[-1] - 0.5                    # not gathered and replayed at the end
    assert all(a - s < 0.2 for a, s in zip(arrived, sent))   # each piece as soon as it was sent


def test_anthropic_tokens_stream_too(make_engine):
    events = []
    make_engine().ask("count of dormant customers by country", source="demo", model="claude",
                      on_step=events.append)
    assert json.loads("".join(e.detail for e in events if e.kind == "token"))["kind"] == "query"


@pytest.fixture()
def client(make_engine, tmp_path):
    engine = make_engine()
    app = create_app(Settings(store_url=f"sqlite:///{tmp_path}/chat.db"), engine)
    with TestClient(app) as c:
        yield c


def sse_events(text: str) -> list[tuple[str, dict]]:
    out = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        name = data = None
        for line in block.splitlines():
            if line.startswith("event:"):
                name = line[6:].strip()
            elif line.startswith("data:"):
                data = line[5:].strip()
        if name:
            out.append((name, json.loads(data)))
    return out


def test_the_native_ask_streams_token_events(client):
    with client.stream("POST", "/api/ask?stream=true", json={"question": LOYAL, "model": "gpt"}) as r:
        assert r.status_code == 200
        events = sse_events(r.read().decode())
    names = [n for n, _ in events]
    assert "token" in names and names[-2:] == ["answer", "end"]
    assert names.index("token") > names.index("step")                  # after route/retrieve, during plan
    text = "".join(d["text"] for n, d in events if n == "token")
    assert json.loads(text)["kind"] == "query"
    answer = events[-2][1]
    assert answer["engine"] == "gpt" and answer["usage"]["total_tokens"] == 876


def test_the_native_ask_chooses_a_model(client):
    body = client.post("/api/ask", json={"question": LOYAL, "model": "gpt"}).json()
    assert body["engine"] == "gpt" and body["engine_reason"] == "the request chose the model gpt"
    body = client.post("/api/ask", json={"question": LOYAL, "mode": "deterministic"}).json()
    assert body["engine"] == DETERMINISTIC_MODEL and body["usage"]["total_tokens"] == 0


def test_an_unknown_model_is_404(client):
    r = client.post("/api/ask", json={"question": LOYAL, "model": "gpt-17"})
    assert r.status_code == 404
    error = r.json()["error"]
    assert error["code"] == "model_not_found" and "gpt-17" in error["message"] and "gpt" in error["message"]


def test_an_unknown_mode_is_422(client):
    r = client.post("/api/ask", json={"question": LOYAL, "mode": "creative"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_request"


def test_session_messages_choose_a_model_and_store_the_engine(client):
    sid = client.post("/api/sessions", json={"source": "demo"}).json()["session_id"]
    r = client.post(f"/api/sessions/{sid}/messages", json={"question": LOYAL, "model": "claude"})
    assert r.status_code == 200 and r.json()["engine"] == "claude"
    assert client.post(f"/api/sessions/{sid}/messages", json={"question": LOYAL, "model": "nope"}).status_code == 404
    history = client.get(f"/api/sessions/{sid}/history").json()
    stored = history["messages"][-1]["answer"]
    assert stored["engine"] == "claude" and stored["usage"]["completion_tokens"] == 64
    assert history["total_count"] == 2                    # the refused request left no trace


def test_the_faas_surface_chooses_the_model_by_model_id_and_reports_its_usage(client):
    r = client.post("/faas/api/chat", json={"userInput": LOYAL, "modelId": "gpt", "databaseId": "demo"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["error"] is None and len(body["results"]) == 3
    assert body["usage"] == {"promptTokens": 812, "completionTokens": 64, "totalTokens": 876}
    r = client.post("/faas/api/chat", json={"userInput": LOYAL, "modelId": "gpt-4", "databaseId": "demo"})
    assert r.status_code == 404

"""The whole path over real sockets: a uvicorn server running the production app, two tenants with API keys, and
the replay server as their models. Tokens must cross both HTTP hops (model -> ConverSQL -> client) as they come."""
from __future__ import annotations

import json
import time

import httpx
import pytest
from websockets.sync.client import connect

from conversql.api.app import create_app
from conversql.auth.keys import KeyStore
from conversql.auth.tenants import TenantStore
from conversql.conversations.store import ChatStore
from conversql.engine.catalog import Catalog
from tests.servers import LiveServer

LOYAL = "how many loyal shoppers do we have per segment"
SLOW = "how many loyal shoppers are in each segment"          # replayed a chunk every 0.3 s
DORMANT = "count of dormant customers by country"


@pytest.fixture(scope="module")
def tenants_catalog(demo_db):
    """acme's `demo` and globex's `globex_demo`: the same data, two tenants."""
    catalog = Catalog()
    catalog.register("demo", f"duckdb:///{demo_db}")
    catalog.register("globex_demo", f"duckdb:///{demo_db}")
    yield catalog
    catalog.close()


@pytest.fixture()
def live(make_engine, tenants_catalog, tmp_path):
    """`live(**settings) -> (base URL, {"acme": key, "globex": key})`: a real server, authentication required."""
    servers: list[LiveServer] = []

    def start(**settings) -> tuple[str, dict[str, str]]:
        store_url = f"sqlite:///{tmp_path / 'chat.db'}"
        engine = make_engine(catalog=tenants_catalog, auth_mode="required", store_url=store_url,
                             source_tenants={"demo": "acme", "globex_demo": "globex"}, **settings)
        store = ChatStore(store_url)
        try:
            for tenant in ("acme", "globex"):
                TenantStore(store.engine).create(tenant)
            keys = {t: KeyStore(store.engine).create(t, f"{t}-analyst").secret for t in ("acme", "globex")}
        finally:
            store.close()
        servers.append(LiveServer(create_app(engine.settings, engine)))
        return servers[-1].start(), keys

    yield start
    for server in servers:
        server.stop()


def client(url: str, key: str) -> httpx.Client:
    return httpx.Client(base_url=url, headers={"Authorization": f"Bearer {key}"}, timeout=60, trust_env=False)


def sse_events(response) -> list[tuple[float, str, dict]]:
    """(arrival time, event, data) as each event's blank line arrives."""
    events, name, data = [], None, []
    for line in response.iter_lines():
        if line == "":
            if name:
                events.append((time.perf_counter(), name, json.loads("\n".join(data))))
            name, data = None, []
        elif line.startswith("event:"):
            name = line[6:].strip()
        elif line.startswith("data:"):
            data.append(line[5:].strip())
    return events


def test_the_native_sse_stream_carries_the_models_tokens_as_they_come(live, replay):
    url, keys = live()
    with client(url, keys["acme"]) as c, \
            c.stream("POST", "/api/ask?stream=true", json={"question": SLOW, "model": "gpt"}) as r:
        assert r.status_code == 200
        events = sse_events(r)
    tokens = [(t, d["text"]) for t, name, d in events if name == "token"]
    assert json.loads("".join(text for _, text in tokens))["kind"] == "query"
    sent = [t for q, t in replay.chunks_sent if q == SLOW]
    assert tokens[0][0] < sent[-1] - 0.5                      # seen by the client while the model still wrote
    answer = next(d for _, name, d in events if name == "answer")
    assert answer["engine"] == "gpt" and answer["usage"]["total_tokens"] == 876 and len(answer["rows"]) == 3


def test_the_websocket_sends_the_models_tokens_as_text_events(live, replay):
    url, keys = live()                 # auto mode: the parser does not know 'loyal', so the model answers
    with client(url, keys["acme"]) as c:
        sid = c.post("/api/sessions", json={"source": "demo"}).json()["session_id"]
    events = []
    with connect(url.replace("http://", "ws://") + f"/ws/chat/{sid}?token={keys['acme']}") as ws:
        ws.send(json.dumps({"type": "message", "content": SLOW}))
        while not events or events[-1][1]["type"] != "stream_end":
            event = json.loads(ws.recv(timeout=30))
            events.append((time.perf_counter(), event))
    tokens = [(t, e["content"]) for t, e in events if e["type"] == "text" and e["step"]["kind"] == "token"]
    assert json.loads("".join(text for _, text in tokens))["kind"] == "query"
    sent = [t for q, t in replay.chunks_sent if q == SLOW]
    assert tokens[0][0] < sent[-1] - 0.5
    result = next(e for _, e in events if e["type"] == "result")["data"]
    assert "GROUP BY" in result["sql"]


def test_the_faas_chat_chooses_the_model_by_model_id_and_keeps_the_conversation(live, replay):
    url, keys = live()
    with client(url, keys["acme"]) as c:
        r = c.post("/faas/api/chat", json={"userInput": DORMANT, "modelId": "claude", "databaseId": "demo"})
        body = r.json()
        assert r.status_code == 200 and body["error"] is None and body["results"]
        assert body["usage"] == {"promptTokens": 700, "completionTokens": 80, "totalTokens": 780}
        assert replay.requests[-1].path == "/v1/messages"
        # a follow-up in the same chat: the model's prompt carries the previous question and its SQL
        first = c.post("/faas/api/chat", json={"userInput": "revenue by customer",
                                               "modelId": "conversql-deterministic", "databaseId": "demo"}).json()
        assert first["usage"]["totalTokens"] == 0
        follow = c.post("/faas/api/chat", json={"chatId": first["chatId"], "userInput": "and which of them are loyal",
                                                "modelId": "gpt", "databaseId": "demo"}).json()
        assert follow["error"] is None and follow["results"]
        assert "Previous question: revenue by customer" in replay.requests[-1].prompt_text
        r = c.post("/faas/api/chat", json={"userInput": LOYAL, "modelId": "gpt-4", "databaseId": "demo"})
    assert r.status_code == 404 and set(r.json()) == {"error"} and "gpt-4" in r.json()["error"]
    assert LOYAL not in [q.question for q in replay.requests]


def test_each_tenant_spends_its_own_token_budget_and_reaches_only_its_own_data(live, replay):
    url, keys = live(llm_token_budget=800)
    ask = {"userInput": LOYAL, "modelId": "gpt"}
    with client(url, keys["acme"]) as acme, client(url, keys["globex"]) as globex:
        assert acme.post("/faas/api/chat", json=ask | {"databaseId": "demo"}).json()["error"] is None   # 876 tokens
        spent = acme.post("/faas/api/chat", json=ask | {"databaseId": "demo"}).json()
        assert "token budget" in spent["error"] and not spent["results"]
        assert globex.post("/faas/api/chat", json=ask | {"databaseId": "globex_demo"}).json()["error"] is None
        assert acme.post("/faas/api/chat", json=ask | {"databaseId": "globex_demo"}).status_code == 404
    assert len(replay.requests) == 2                          # the spent budget and the refusal asked no model

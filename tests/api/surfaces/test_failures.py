"""Failures on every vendor surface, in that surface's documented error shape: the engine failing (each seed's 500),
the 60-second deadline, a body over the size limit (declared or chunked: the same answer), and refused credentials
with their headers. Nothing internal ever leaks."""
from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from typing import Callable

import httpx
import pytest
from websockets.sync.client import connect

from conversql.auth.audit import AuditLog
from conversql.conversations.store import ChatStore
from conversql.engine.pipeline import Engine
from tests.api.surfaces.credentials import ANN, ANN_JWT, auth, secret

LEAK = "password=hunter2"


class BrokenEngine(Engine):
    """The real engine, failing the way a bug would: its message must stay in the log."""

    def ask(self, question, **kw):
        raise RuntimeError(f"secret internals: {LEAK}")


class SlowEngine(Engine):
    """The real engine, answering only after the (shortened) deadline has passed."""

    def __init__(self, settings):
        super().__init__(settings)
        self.finished = threading.Event()

    def ask(self, question, **kw):
        time.sleep(0.8)
        try:
            return super().ask(question, **kw)
        finally:
            self.finished.set()


def shape_000(body) -> str:
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    return body["error"]["message"]


def shape_001(body) -> str:
    assert set(body) == {"error"} and isinstance(body["error"], str)
    return body["error"]


def shape_002(body) -> str:
    assert set(body) == {"success", "error", "message"} and body["success"] is False
    return body["message"]


def shape_003(body) -> str:
    assert set(body) == {"success", "error"} and body["success"] is False
    assert set(body["error"]) == {"code", "message"}
    return body["error"]["message"]


def shape_004(body) -> str:
    assert set(body) == {"message", "documentation_url"} and body["documentation_url"]
    return body["message"]


@dataclass(frozen=True)
class Surface:
    name: str
    path: str                       # "{sid}" is a BI session made first
    body: dict
    shape: Callable[[dict], str]    # checks the error body, returns its message
    failed: tuple[int, str | None]  # status and code of an engine failure
    late: tuple[int, str | None]    # ... and of an answer past the deadline
    too_big: tuple[int, str | None]


SURFACES = [
    Surface("000", "/api/v1/chats", {"prompt": "revenue by country", "project_id": "demo"}, shape_000,
            (500, "internal_error"), (504, "deadline_exceeded"), (413, "payload_too_large")),
    Surface("001", "/faas/api/chat", {"userInput": "revenue by country", "modelId": "conversql-deterministic",
                                      "databaseId": "demo"}, shape_001, (500, None), (500, None), (400, None)),
    Surface("002", "/api/v1/analytics/chat", {"query": "revenue by country", "collectionIds": ["demo"]}, shape_002,
            (500, "chat_failed"), (500, "chat_failed"), (400, "invalid_request")),
    Surface("003", "/api/v1/bi/chat/sessions/{sid}/messages", {"message": "revenue by country"}, shape_003,
            (500, "internal_error"), (504, "deadline_exceeded"), (413, "payload_too_large")),
    Surface("004", "/conversational_analytics/chat", {"conversation_id": "c", "user_message": "revenue by country"},
            shape_004, (500, None), (500, None), (400, None)),
]


def code_of(body) -> str | None:
    error = body.get("error")
    return error.get("code") if isinstance(error, dict) else error if "success" in body else None


def call(url: str, s: Surface, headers: dict | None = None, **kw) -> httpx.Response:
    path = s.path
    if "{sid}" in path:
        sid = httpx.post(f"{url}/api/v1/bi/chat/sessions", json={}, headers=auth(ANN)).json()["session_id"]
        path = path.format(sid=sid)
    if "content" not in kw:
        kw["json"] = s.body
    headers = {**auth(ANN), "content-type": "application/json", **(headers or {})}
    return httpx.post(url + path, headers=headers, timeout=30, **kw)


@pytest.fixture()
def broken_url(start_surfaces, demo_settings) -> str:
    return start_surfaces(BrokenEngine(demo_settings))


@pytest.mark.parametrize("s", SURFACES, ids=[s.name for s in SURFACES])
def test_an_engine_failure_is_the_documented_500_and_hides_the_details(broken_url, s):
    r = call(broken_url, s)
    assert (r.status_code, code_of(r.json())) == s.failed, r.text
    assert "could not be answered" in s.shape(r.json())
    assert LEAK not in r.text and "Traceback" not in r.text


@pytest.mark.parametrize("s", SURFACES, ids=[s.name for s in SURFACES])
def test_an_answer_past_the_deadline_is_refused_in_the_surfaces_shape(start_surfaces, demo_settings, s):
    engine = SlowEngine(demo_settings)
    url = start_surfaces(engine, request_timeout_s=0.2)
    r = call(url, s)
    assert (r.status_code, code_of(r.json())) == s.late, r.text
    assert "took longer than 0.2 s" in s.shape(r.json()) and "nothing was stored" in s.shape(r.json())
    assert engine.finished.wait(10)                           # the abandoned call ends before the server stops


@pytest.mark.parametrize("s", SURFACES, ids=[s.name for s in SURFACES])
def test_a_body_over_the_limit_is_refused_alike_declared_or_chunked(start_surfaces, s):
    url = start_surfaces(max_request_bytes=2048)
    big = json.dumps({**s.body, "padding": "x" * 4096}).encode()

    def chunks():
        for i in range(0, len(big), 512):
            yield big[i:i + 512]

    declared, chunked = call(url, s, content=big), call(url, s, content=chunks())
    for r in (declared, chunked):
        assert (r.status_code, code_of(r.json())) == s.too_big, r.text
        assert "larger than the limit of 2048 bytes" in s.shape(r.json())
    assert declared.json() == chunked.json()


@pytest.mark.parametrize("s", SURFACES, ids=[s.name for s in SURFACES])
def test_a_refused_credential_says_how_to_authenticate(surface_url, s):
    path = s.path.replace("{sid}", "sess-abc123")
    for headers in ({}, {"Authorization": "Bearer sk_forged"}, {"Authorization": "Basic dXNlcjpwdw=="}):
        r = httpx.post(surface_url + path, json=s.body, headers=headers, timeout=30)
        assert r.status_code == 401, r.text
        assert r.headers["www-authenticate"].startswith('Bearer realm="conversql"')
        s.shape(r.json())


def test_the_websocket_reports_an_engine_failure_and_stays_open(broken_url):
    sid = httpx.post(f"{broken_url}/api/v1/bi/chat/sessions", json={}, headers=auth(ANN)).json()["session_id"]
    url = broken_url.replace("http://", "ws://") + f"/ws/chat/{sid}?token={secret(ANN_JWT)}"
    with connect(url) as ws:
        for _ in range(2):                                  # the socket survives the failure
            ws.send(json.dumps({"type": "message", "content": "revenue by country"}))
            events = []
            while not events or events[-1]["type"] != "stream_end":
                events.append(json.loads(ws.recv(timeout=10)))
            assert [e["type"] for e in events] == ["stream_start", "error", "stream_end"]
            assert events[1]["error"]["status"] == 500 and LEAK not in json.dumps(events)


def test_surface_refusals_are_audited_with_their_code(surface_url, tmp_path):
    body = {"userInput": "revenue", "modelId": "conversql-deterministic", "databaseId": "nope"}
    assert httpx.post(f"{surface_url}/faas/api/chat", json=body, headers=auth(ANN)).status_code == 404
    assert httpx.post(f"{surface_url}/faas/api/chat", json={**body, "databaseId": "demo", "modelId": "gpt-4"},
                      headers=auth(ANN)).status_code == 404
    store = ChatStore(f"sqlite:///{tmp_path / 'chat.db'}")         # the server's chat store (start_surfaces)
    try:
        deadline = time.monotonic() + 10
        while len(rows := AuditLog(store.engine).entries(limit=2)) < 2 or rows[0].error_code != "model_not_found":
            assert time.monotonic() < deadline, rows            # rows are written once each response is sent
            time.sleep(0.05)
    finally:
        store.close()
    assert [(r.path, r.status, r.error_code, r.user_id) for r in rows] == [
        ("/faas/api/chat", 404, "model_not_found", "user-456"), ("/faas/api/chat", 404, "source_not_found", "user-456")]

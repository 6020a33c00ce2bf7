"""Surface 003's WebSocket over a real socket, and the native SSE stream carrying the same progress events."""
from __future__ import annotations

import json
import time

import httpx
import pytest
from websockets.sync.client import connect

from tests.api.surfaces.credentials import (ANN, ANN_JWT, BOB, EXPIRED_JWT, NODATA, RATE_LIMITED, REVOKED, auth,
                                         secret)
from tests.api.test_streaming import PacedEngine

PIPELINE = ["route", "understand", "compile", "guard", "execute", "present"]


def ws_url(base: str, session_id: str, token: str | None = ANN_JWT) -> str:
    url = base.replace("http://", "ws://") + f"/ws/chat/{session_id}"
    return url + (f"?token={secret(token)}" if token else "")


def new_session(base: str, token: str = ANN) -> str:
    return httpx.post(f"{base}/api/v1/bi/chat/sessions", json={}, headers=auth(token)).json()["session_id"]


def exchange(ws, content: str, kind: str = "message") -> list[tuple[float, dict]]:
    """Send one message; the events up to stream_end, each with its arrival time."""
    ws.send(json.dumps({"type": kind, "content": content}))
    events = []
    while True:
        event = json.loads(ws.recv(timeout=30))
        events.append((time.monotonic(), event))
        if event["type"] == "stream_end" or (event["type"] == "error" and len(events) == 1):
            return events


def test_events_in_order_with_the_seed_shapes(surface_url):
    sid = new_session(surface_url)
    with connect(ws_url(surface_url, sid)) as ws:
        events = [e for _, e in exchange(ws, "Show revenue by region")]
    types = [e["type"] for e in events]
    assert types == ["stream_start"] + ["text"] * len(PIPELINE) + ["result", "stream_end"]
    assert events[0]["agent"] == "router"
    texts = events[1:-2]
    assert [e["step"]["name"] for e in texts] == PIPELINE
    assert all(isinstance(e["content"], str) and e["content"] for e in texts)
    assert texts[2]["content"].startswith("Generating SQL query")
    data = events[-2]["data"]
    assert data["sql"].upper().startswith("SELECT") and isinstance(data["visualization"], dict)
    assert isinstance(data["insights"], list) and data["data"]["columns"]
    assert data["agents_visited"] == ["router", "sql_agent", "viz_agent"]


def test_one_socket_carries_a_conversation(surface_url):
    sid = new_session(surface_url)
    with connect(ws_url(surface_url, sid)) as ws:
        exchange(ws, "revenue by country")
        follow = exchange(ws, "only Germany")[-2][1]
        refined = exchange(ws, "only France", kind="refine")[-2][1]
    assert "Germany" in follow["data"]["sql"] and "France" in refined["data"]["sql"]
    history = httpx.get(f"{surface_url}/api/v1/bi/chat/sessions/{sid}/history", headers=auth(ANN)).json()
    assert history["total_count"] == 6


def test_progress_arrives_while_the_answer_is_still_being_made(start_surfaces, demo_settings):
    """The real engine paced after each step: the first event is seen long before the result."""
    url = start_surfaces(PacedEngine(demo_settings))
    sid = new_session(url)
    with connect(ws_url(url, sid)) as ws:
        sent = time.monotonic()
        events = exchange(ws, "revenue by country")
    first_text = next(t for t, e in events if e["type"] == "text")
    result = next(t for t, e in events if e["type"] == "result")
    assert first_text - sent < 1.0 < result - first_text           # six steps of 0.25 s each lie between
    gaps = [b - a for (a, e1), (b, e2) in zip(events, events[1:]) if e1["type"] == e2["type"] == "text"]
    assert min(gaps) > 0.15, gaps                                   # one at a time, not a burst at the end


def test_sse_sends_the_same_progress_events_as_the_websocket(surface_url, sse):
    sid = new_session(surface_url)
    with connect(ws_url(surface_url, sid)) as ws:
        ws_steps = [e["step"] for _, e in exchange(ws, "revenue by country") if e["type"] == "text"]
    other = new_session(surface_url)            # the same question, not a follow-up
    with httpx.stream("POST", f"{surface_url}/api/sessions/{other}/messages", json={"question": "revenue by country"},
                      headers={**auth(ANN), "accept": "text/event-stream"}, timeout=30) as r:
        sse_steps = [data for _, name, data in sse(r) if name == "step"]
    def same(steps):      # timings and row-count details differ from run to run
        return [(s["name"], s["agent"], s["status"]) for s in steps]
    assert same(sse_steps) == same(ws_steps) and len(sse_steps) == len(PIPELINE)
    assert set(sse_steps[0]) == set(ws_steps[0])


def test_bad_messages_are_reported_and_the_socket_stays_open(surface_url):
    sid = new_session(surface_url)
    with connect(ws_url(surface_url, sid)) as ws:
        ws.send("{nope")
        assert json.loads(ws.recv(timeout=10))["error"]["code"] == "invalid_request"
        ws.send(json.dumps({"type": "message", "content": ""}))
        assert json.loads(ws.recv(timeout=10))["error"]["status"] == 400
        ws.send(json.dumps({"type": "refine", "content": "only France"}))       # nothing to refine yet
        assert json.loads(ws.recv(timeout=10))["error"]["code"] == "no_previous_answer"
        assert exchange(ws, "revenue by country")[-1][1]["type"] == "stream_end"


@pytest.mark.parametrize("token, status", [(None, 401), ("sk_forged", 401), (EXPIRED_JWT, 401), (RATE_LIMITED, 429), (BOB, 404),
                                           (NODATA, 404), (REVOKED, 403)])
def test_refusals_are_an_error_event_then_a_close(surface_url, token, status):
    sid = new_session(surface_url)          # acme-corp's session: another tenant cannot find it
    with connect(ws_url(surface_url, sid, token)) as ws:
        event = json.loads(ws.recv(timeout=10))
        assert event["type"] == "error" and event["error"]["status"] == status
        with pytest.raises(Exception):
            ws.recv(timeout=10)
        assert ws.close_code == 4000 + status


def test_every_message_counts_against_the_credentials_rate_limit(start_surfaces):
    """A socket is no way around the limit: past it a message gets a 429 error event, and the socket stays open."""
    url = start_surfaces(rate_limit_per_minute=1, rate_limit_burst=3)
    sid = new_session(url)                                  # the API key's request; the socket uses the JWT
    with connect(ws_url(url, sid)) as ws:                   # the JWT's first request
        assert exchange(ws, "revenue by country")[-1][1]["type"] == "stream_end"
        assert exchange(ws, "only Germany")[-1][1]["type"] == "stream_end"
        refused = exchange(ws, "only France")
        assert [e["type"] for _, e in refused] == ["error"]
        error = refused[0][1]["error"]
        assert error["status"] == 429 and error["code"] == "rate_limited" and error["retry_after"] >= 1
        ws.send("{nope")                                    # still open, still answering
        assert json.loads(ws.recv(timeout=10))["error"]["status"] == 400
    history = httpx.get(f"{url}/api/v1/bi/chat/sessions/{sid}/history", headers=auth(ANN)).json()
    assert history["total_count"] == 4                      # the refused message was not answered


def test_a_refused_socket_is_audited_with_its_status_and_code(surface_url, tmp_path):
    from conversql.auth.audit import AuditLog
    from conversql.conversations.store import ChatStore

    sid = new_session(surface_url)
    with connect(ws_url(surface_url, sid, BOB)) as ws:      # acme's session, globex's key
        assert json.loads(ws.recv(timeout=10))["error"]["status"] == 404
        with pytest.raises(Exception):
            ws.recv(timeout=10)
    store = ChatStore(f"sqlite:///{tmp_path / 'chat.db'}")   # the server's chat store
    try:
        deadline = time.monotonic() + 10
        while not (rows := [r for r in AuditLog(store.engine).entries(limit=5) if r.method == "WS"]):
            assert time.monotonic() < deadline               # written once the socket has closed
            time.sleep(0.05)
    finally:
        store.close()
    assert [(r.path, r.status, r.error_code, r.tenant_id) for r in rows] == [
        (f"/ws/chat/{sid}", 404, "session_not_found", "globex")]
    assert secret(BOB) not in repr(rows)

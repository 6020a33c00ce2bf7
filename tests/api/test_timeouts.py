"""The request deadline and engine failures: a clear 504 or 500, no stack trace, nothing stored, ever."""
from __future__ import annotations

import threading
import time

import httpx
from fastapi.testclient import TestClient

from conversql.api.app import create_app
from conversql.engine.pipeline import Engine

QUESTION = {"question": "total revenue by country"}


class SlowEngine(Engine):
    """The real engine, started late: it answers (and would report steps) after the deadline has passed."""
    delay_s = 0.8

    def __init__(self, settings):
        super().__init__(settings)
        self.finished = threading.Event()

    def ask(self, question, **kw):
        time.sleep(self.delay_s)
        try:
            return super().ask(question, **kw)
        finally:
            self.finished.set()


class BrokenEngine(Engine):
    def ask(self, question, **kw):
        raise RuntimeError("secret internals: password=hunter2")


def tight(settings):
    return settings.model_copy(update={"request_timeout_s": 0.2})


def test_an_answer_past_the_deadline_is_a_504_and_is_never_stored(settings):
    engine = SlowEngine(settings)
    with TestClient(create_app(tight(settings), engine)) as client:
        sid = client.post("/api/sessions", json={}).json()["session_id"]
        started = time.monotonic()
        r = client.post(f"/api/sessions/{sid}/messages", json=QUESTION)
        assert time.monotonic() - started < SlowEngine.delay_s     # the client was not kept waiting
        assert r.status_code == 504
        error = r.json()["error"]
        assert error["code"] == "deadline_exceeded" and "0.2 s" in error["message"]
        assert "nothing was stored" in error["message"]
        assert engine.finished.wait(10)                            # the abandoned call has now completed...
        time.sleep(0.1)
        history = client.get(f"/api/sessions/{sid}/history").json()
        assert history["total_count"] == 0                         # ...and still nothing is stored
        assert client.get(f"/api/sessions/{sid}").json()["title"] == ""


def test_refine_and_ask_honour_the_deadline_too(settings, engine):
    with TestClient(create_app(settings, engine)) as client:       # a first answer, in time
        sid = client.post("/api/sessions", json={}).json()["session_id"]
        client.post(f"/api/sessions/{sid}/messages", json=QUESTION)
    slow = SlowEngine(settings)
    with TestClient(create_app(tight(settings), slow)) as client:
        assert client.post(f"/api/sessions/{sid}/refine", json={"refinement": "only France"}).status_code == 504
        assert client.post("/api/ask", json=QUESTION).status_code == 504
        slow.finished.wait(10)
        assert client.get(f"/api/sessions/{sid}/history").json()["total_count"] == 2


def test_a_streamed_answer_past_the_deadline_ends_with_an_error_event(serve, settings, sse):
    engine = SlowEngine(settings)
    url = serve(create_app(tight(settings), engine))
    sid = httpx.post(f"{url}/api/sessions", json={}).json()["session_id"]
    with httpx.stream("POST", f"{url}/api/sessions/{sid}/messages?stream=true", json=QUESTION, timeout=30) as r:
        assert r.status_code == 200
        events = sse(r)
    assert [name for _, name, _ in events] == ["error", "end"]     # no step of the abandoned call leaks out
    assert events[0][2]["error"]["code"] == "deadline_exceeded" and events[0][2]["error"]["status"] == 504
    engine.finished.wait(10)
    time.sleep(0.1)
    assert httpx.get(f"{url}/api/sessions/{sid}/history").json()["total_count"] == 0


def test_an_engine_crash_is_a_plain_500_that_hides_the_details(settings):
    with TestClient(create_app(settings, BrokenEngine(settings)), raise_server_exceptions=False) as client:
        sid = client.post("/api/sessions", json={}).json()["session_id"]
        r = client.post(f"/api/sessions/{sid}/messages", json=QUESTION)
        assert r.status_code == 500
        assert r.json()["error"]["code"] == "internal_error"
        assert "hunter2" not in r.text and "Traceback" not in r.text
        assert client.get(f"/api/sessions/{sid}/history").json()["total_count"] == 0


def test_an_engine_crash_mid_stream_is_an_error_event(serve, settings, sse):
    url = serve(create_app(settings, BrokenEngine(settings)))
    sid = httpx.post(f"{url}/api/sessions", json={}).json()["session_id"]
    with httpx.stream("POST", f"{url}/api/sessions/{sid}/messages", json=QUESTION,
                      headers={"accept": "text/event-stream"}, timeout=30) as r:
        events = sse(r)
    assert [name for _, name, _ in events] == ["error", "end"]
    assert events[0][2]["error"]["code"] == "internal_error" and "hunter2" not in str(events)
    assert httpx.get(f"{url}/api/sessions/{sid}/history").json()["total_count"] == 0

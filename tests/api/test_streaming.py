"""Answers streamed as server-sent events from a real uvicorn server: each step as it finishes, then the answer."""
from __future__ import annotations

import time

import httpx

from conversql.api.app import create_app
from conversql.engine.pipeline import Engine

PIPELINE = ["route", "understand", "compile", "guard", "execute", "present"]
QUESTION = {"question": "total revenue by country"}
SSE = {"accept": "text/event-stream"}


class PacedEngine(Engine):
    """The real engine, pausing after reporting each step, so that 'incremental' is visible on a clock."""
    pause_s = 0.25

    def ask(self, question, *, on_step=None, **kw):
        def paced(step):
            if on_step:
                on_step(step)
            time.sleep(self.pause_s)
        return super().ask(question, on_step=paced, **kw)


def collect(url: str, path: str, body: dict, sse, **kw):
    with httpx.Client(base_url=url, timeout=30) as http, http.stream("POST", path, json=body, **kw) as r:
        assert r.status_code == 200, r.read()
        assert r.headers["content-type"].startswith("text/event-stream")
        return sse(r)


def new_session(url: str) -> str:
    return httpx.post(f"{url}/api/sessions", json={"source": "shop"}).json()["session_id"]


def test_steps_then_answer_then_end(live_url, sse):
    sid = new_session(live_url)
    events = collect(live_url, f"/api/sessions/{sid}/messages", QUESTION, sse, headers=SSE)
    names = [name for _, name, _ in events]
    assert names == ["step"] * len(PIPELINE) + ["answer", "end"]
    steps = [data for _, name, data in events if name == "step"]
    answer = events[-2][2]
    assert [s["name"] for s in steps] == PIPELINE
    assert steps == answer["steps"]                       # each event is the step the answer records
    assert answer["columns"] == ["country", "total_revenue"]
    assert events[-1][2] == {"session_id": sid}


def test_steps_arrive_one_by_one_as_they_finish(serve, settings, engine, sse):
    paced = PacedEngine(settings)
    url = serve(create_app(settings, paced))
    sid = new_session(url)
    events = collect(url, f"/api/sessions/{sid}/messages", QUESTION, sse, headers=SSE)
    times = [t for t, name, _ in events if name == "step"]
    answer_at = next(t for t, name, _ in events if name == "answer")
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert len(times) == len(PIPELINE)
    assert min(gaps) > 0.15, gaps                          # one at a time, not a burst at the end
    assert answer_at - times[0] > 1.0                      # the first step was seen long before the answer


def test_a_slow_query_shows_its_earlier_steps_while_it_runs(serve, shop_settings, big_shop_db, tmp_path, sse):
    """The unmodified engine on 1.5 M order lines: planning is reported while the database is still busy."""
    settings = shop_settings.model_copy(update={"sources": {"shop": f"sqlite:///{big_shop_db}"},
                                                "store_url": f"sqlite:///{tmp_path / 'chat.db'}"})
    url = serve(create_app(settings, Engine(settings)))
    sid = new_session(url)
    events = collect(url, f"/api/sessions/{sid}/messages", QUESTION, sse, headers=SSE)
    arrived = {data["name"]: t for t, name, data in events if name == "step"}
    execute = next(data for _, name, data in events if name == "step" and data["name"] == "execute")
    assert execute["duration_ms"] > 300                    # the premise: the query itself takes a while
    waited = arrived["execute"] - arrived["guard"]
    assert waited > 0.5 * execute["duration_ms"] / 1000, (waited, execute["duration_ms"])


def test_stream_query_parameter_works_like_the_accept_header(live_url, sse):
    sid = new_session(live_url)
    events = collect(live_url, f"/api/sessions/{sid}/messages?stream=true", QUESTION, sse)
    assert [name for _, name, _ in events][-2:] == ["answer", "end"]


def test_a_streamed_exchange_is_stored_and_followed_up(live_url, sse):
    sid = new_session(live_url)
    collect(live_url, f"/api/sessions/{sid}/messages", QUESTION, sse, headers=SSE)
    events = collect(live_url, f"/api/sessions/{sid}/messages", {"question": "only France"}, sse, headers=SSE)
    assert "c.country = 'France'" in events[-2][2]["sql"]
    history = httpx.get(f"{live_url}/api/sessions/{sid}/history").json()
    assert history["total_count"] == 4


def test_refine_streams_too(live_url, sse):
    sid = new_session(live_url)
    httpx.post(f"{live_url}/api/sessions/{sid}/messages", json=QUESTION, timeout=30)
    events = collect(live_url, f"/api/sessions/{sid}/refine", {"refinement": "only Spain"}, sse, headers=SSE)
    assert [name for _, name, _ in events] == ["step"] * len(PIPELINE) + ["answer", "end"]
    assert "c.country = 'Spain'" in events[-2][2]["sql"]


def test_one_shot_ask_streams_and_stores_nothing(live_url, sse):
    events = collect(live_url, "/api/ask", QUESTION, sse, headers=SSE)
    assert [name for _, name, _ in events][-2:] == ["answer", "end"]
    assert httpx.get(f"{live_url}/api/sessions").json()["total_count"] == 0


def test_a_reply_not_understood_streams_as_an_answer(live_url, sse):
    sid = new_session(live_url)
    events = collect(live_url, f"/api/sessions/{sid}/messages", {"question": "blorp the zibble"}, sse, headers=SSE)
    assert [name for _, name, _ in events] == ["step", "step", "answer", "end"]
    assert events[-2][2]["error_kind"] == "not_understood"


def test_bad_input_is_refused_before_any_stream_starts(live_url):
    sid = new_session(live_url)
    for path, body, status in [(f"/api/sessions/{sid}/messages", {"question": ""}, 422),
                               ("/api/sessions/nope/messages", QUESTION, 404),
                               (f"/api/sessions/{sid}/refine", {"refinement": "only France"}, 409)]:
        r = httpx.post(f"{live_url}{path}", json=body, headers=SSE)
        assert r.status_code == status
        assert r.headers["content-type"] == "application/json" and "error" in r.json()
    assert httpx.get(f"{live_url}/api/sessions/{sid}/history").json()["total_count"] == 0

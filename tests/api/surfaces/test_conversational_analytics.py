"""Surface 004 (`POST /conversational_analytics/chat`): messages, the 202 long-running mode, errors."""
from __future__ import annotations

import time
from datetime import datetime

import httpx
import pytest

from tests.api.surfaces.credentials import BOB, NODATA, RATE_LIMITED, auth

PATH = "/conversational_analytics/chat"
KINDS = {"text", "schema", "data", "analysis", "chart", "error", "exampleQueries"}


def kinds(messages) -> list[str]:
    return ["user" if "userMessage" in m else next(iter(m["systemMessage"])) for m in messages]


def test_the_messages_of_an_answer(http):
    r = http.post(PATH, json={"conversation_id": "conv-1", "user_message": "What were my sales from the last 3 months?"})
    assert r.status_code == 200, r.text
    messages = r.json()
    assert kinds(messages) == ["user", "schema"] + ["analysis"] * 6 + ["data", "chart", "text"]
    for m in messages:
        assert isinstance(m["timestamp"], str) and datetime.fromisoformat(m["timestamp"])
        assert m["groupId"] == 1 and isinstance(m["messageId"], str)
        assert ("userMessage" in m) != ("systemMessage" in m)
        if "systemMessage" in m:
            assert len(m["systemMessage"]) == 1 and set(m["systemMessage"]) <= KINDS
    assert len({m["messageId"] for m in messages}) == len(messages)
    assert messages[0]["userMessage"] == {"text": "What were my sales from the last 3 months?"}
    schema = messages[1]["systemMessage"]["schema"]["result"]["datasources"][0]
    assert schema["name"] == "demo" and all(t["name"] and t["columns"] for t in schema["tables"])
    events = [m["systemMessage"]["analysis"]["progressEvent"] for m in messages[2:8]]
    assert [e["stage"] for e in events] == ["route", "understand", "compile", "guard", "execute", "present"]
    data = messages[8]["systemMessage"]["data"]
    assert data["generatedSql"].upper().startswith("SELECT")
    assert data["result"]["data"] and {f["name"] for f in data["result"]["schema"]["fields"]} == \
        set(data["result"]["data"][0])
    vega = messages[9]["systemMessage"]["chart"]["result"]["vegaConfig"]
    assert vega["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
    text = messages[10]["systemMessage"]["text"]
    assert text["textType"] == "FINAL_RESPONSE" and all(isinstance(p, str) for p in text["parts"])


def test_the_same_conversation_id_continues(http):
    http.post(PATH, json={"conversation_id": "conv-2", "user_message": "revenue by country"})
    second = http.post(PATH, json={"conversation_id": "conv-2", "user_message": "only Germany"}).json()
    assert {m["groupId"] for m in second} == {2}
    sql = next(m["systemMessage"]["data"]["generatedSql"] for m in second if "data" in m.get("systemMessage", {}))
    assert "Germany" in sql and "country" in sql


def test_a_question_not_understood_gets_an_error_and_examples(http):
    messages = http.post(PATH, json={"conversation_id": "c3", "user_message": "blorp the zibble"}).json()
    assert "error" in kinds(messages) and "exampleQueries" in kinds(messages)
    examples = messages[-1]["systemMessage"]["exampleQueries"]["exampleQueries"]
    assert examples and all(isinstance(q["naturalLanguageQuestion"], str) for q in examples)


def test_a_long_running_request_is_accepted_and_polled(http):
    r = http.post(PATH, json={"conversation_id": "c4", "user_message": "revenue by month"},
                  headers={"Prefer": "respond-async"})
    assert r.status_code == 202, r.text
    assert r.json()["done"] is False and r.json()["name"].startswith("operations/")
    location = r.headers["location"]
    deadline = time.monotonic() + 30
    while (polled := http.get(location)).status_code == 202:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert polled.status_code == 200
    assert kinds(polled.json())[0] == "user" and "data" in kinds(polled.json())
    # another tenant cannot collect it
    other = httpx.get(f"{http.base_url}{location}", headers=auth(BOB))
    assert other.status_code == 404 and set(other.json()) == {"message", "documentation_url"}


@pytest.mark.parametrize("body, status", [
    ({"conversation_id": "c5"}, 400), ({"user_message": "hi"}, 400), ({"conversation_id": "c5", "user_message": ""}, 400),
])
def test_bad_requests(http, body, status):
    r = http.post(PATH, json=body)
    assert r.status_code == status
    assert set(r.json()) == {"message", "documentation_url"} and r.json()["message"]


def test_unknown_operation_is_404(http):
    r = http.get("/conversational_analytics/operations/nope")
    assert r.status_code == 404 and set(r.json()) == {"message", "documentation_url"}


def test_auth_failures(surface_url):
    for headers, status in [({}, 401), (auth("sk_bad"), 401), (auth(NODATA), 403), (auth(RATE_LIMITED), 429)]:
        r = httpx.post(f"{surface_url}{PATH}", json={"conversation_id": "c", "user_message": "revenue"},
                       headers=headers)
        assert r.status_code == status and set(r.json()) == {"message", "documentation_url"}
        if status == 429:
            assert int(r.headers["retry-after"]) >= 1

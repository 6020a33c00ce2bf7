"""Surface 001 (`POST /faas/api/chat`): the seed's requests replayed against a live server on the demo data."""
from __future__ import annotations

import httpx

from tests.api.surfaces.credentials import NODATA, RATE_LIMITED, auth

MODEL = "conversql-deterministic"
# The seed's example, with our model and database ids (its "gpt-4" is not configured here: see the 404 test).
EXAMPLE = {"userInput": "How many customers do we have?", "modelId": MODEL, "databaseId": "demo"}


def test_the_seed_example_answers_with_every_documented_field(http):
    r = http.post("/faas/api/chat", json=EXAMPLE)
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {"chatId", "userMessageId", "assistantMessageId", "query", "results", "error", "usage"}
    for name in ("chatId", "userMessageId", "assistantMessageId", "query"):
        assert isinstance(body[name], str) and body[name]
    assert body["userMessageId"] != body["assistantMessageId"]
    assert body["query"].upper().startswith("SELECT") and "COUNT" in body["query"].upper()
    assert body["error"] is None
    assert len(body["results"]) == 1 and list(body["results"][0].values())[0] == 50
    assert body["usage"] == {"promptTokens": 0, "completionTokens": 0, "totalTokens": 0}


def test_the_chat_is_stored_and_continued(http):
    first = http.post("/faas/api/chat", json={**EXAMPLE, "userInput": "How many customers per country?"}).json()
    again = http.post("/faas/api/chat", json={**EXAMPLE, "userInput": "only France",
                                              "chatId": first["chatId"]}).json()
    assert again["chatId"] == first["chatId"] and "France" in again["query"]
    assert len(again["results"]) == 1
    # the history is there to read (through the native API: the same conversation)
    history = http.get(f"/api/sessions/{first['chatId']}/history").json()
    assert [m["message_id"] for m in history["messages"]][2:] == [again["userMessageId"], again["assistantMessageId"]]


def test_a_question_not_understood_is_a_200_with_error_set(http):
    body = http.post("/faas/api/chat", json={**EXAMPLE, "userInput": "blorp the zibble"}).json()
    assert isinstance(body["error"], str) and body["results"] == [] and body["query"] == ""


def test_documented_error_codes(http):
    cases = [({**EXAMPLE, "userInput": ""}, 400), ({"modelId": MODEL, "databaseId": "demo"}, 400),
             ({**EXAMPLE, "modelId": "gpt-4"}, 404), ({**EXAMPLE, "databaseId": "db_12345"}, 404),
             ({**EXAMPLE, "chatId": "chat_67890"}, 404)]
    for body, status in cases:
        r = http.post("/faas/api/chat", json=body)
        assert r.status_code == status, (body, r.text)
        assert isinstance(r.json()["error"], str) and r.json()["error"]
    assert "gpt-4" in http.post("/faas/api/chat", json={**EXAMPLE, "modelId": "gpt-4"}).json()["error"]


def test_auth_failures(surface_url):
    url = f"{surface_url}/faas/api/chat"
    for headers, status in [({}, 401), (auth("sk_your_api_key"), 401), (auth(NODATA), 403), (auth(RATE_LIMITED), 429)]:
        r = httpx.post(url, json=EXAMPLE, headers=headers)
        assert r.status_code == status and isinstance(r.json()["error"], str)

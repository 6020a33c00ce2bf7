"""Surface 000 (`POST /api/v1/chats`): the seed's example replayed against a live server on the demo data."""
from __future__ import annotations

from datetime import datetime

import httpx

from tests.api.surfaces.credentials import ANN_JWT, BOB, EXPIRED_JWT, NODATA, RATE_LIMITED, auth

# The seed's request; its project_id is the vendor's, ours names the demo source.
EXAMPLE = {"prompt": "What were my sales from the last 3 months", "project_id": "demo"}
CHART_TYPES = {"LINE_CHART", "BAR_CHART", "PIE_CHART", "SCATTER_CHART", "AREA_CHART", "NUMBER_CARD", "TABLE"}


def test_the_seed_example_answers_with_every_documented_field(http):
    r = http.post("/api/v1/chats", json=EXAMPLE)
    assert r.status_code == 200, r.text
    body = r.json()
    for name in ("chat_id", "chat_title", "chat_description", "data_source_id", "prompt", "message_id", "sql"):
        assert isinstance(body[name], str) and body[name], name
    assert body["prompt"] == EXAMPLE["prompt"] and body["data_source_id"] == "demo"
    assert body["time_frame"] == "3 months"
    user, *assistant = body["messages"]
    assert user["role"] == "user" and user["message"] == EXAMPLE["prompt"] and user["code"] == body["sql"]
    assert user["id"] == body["message_id"]
    assert len(assistant) >= 2 and all(m["role"] == "assistant" and m["code"] is None for m in assistant)
    for m in body["messages"]:
        assert m["chat_id"] == body["chat_id"] and datetime.fromisoformat(m["created_at"].replace("Z", "+00:00"))
    assert len({m["id"] for m in body["messages"]}) == len(body["messages"])
    assert body["data"] and all(isinstance(row, dict) for row in body["data"])
    assert set(body["data"][0]) == set(body["column_types"])
    assert "numeric" in body["column_types"].values() and "date" in body["column_types"].values()
    recs = body["chart_recommendations"]
    assert recs[0]["chart_type"] == "LINE_CHART"
    assert [r["score"] for r in recs] == sorted((r["score"] for r in recs), reverse=True)
    for rec in recs:
        assert rec["chart_type"] in CHART_TYPES and isinstance(rec["score"], (int, float))
        assert isinstance(rec["encode"], dict)
        if rec["chart_type"] not in ("TABLE", "NUMBER_CARD"):       # a table has no axes to encode
            assert set(rec["encode"]) >= {"x", "y"}


def test_the_chat_id_continues_the_chat(http):
    first = http.post("/api/v1/chats", json={"prompt": "revenue by country", "project_id": "demo"}).json()
    second = http.post("/api/v1/chats", json={"prompt": "only Germany", "project_id": "demo",
                                              "chat_id": first["chat_id"]}).json()
    assert second["chat_id"] == first["chat_id"]
    assert "Germany" in second["sql"] and "country" in second["sql"]
    assert [row["country"] for row in second["data"]] == ["Germany"]


def test_errors(http):
    cases = [({"prompt": "", "project_id": "demo"}, 400, "invalid_request"),
             ({"project_id": "demo"}, 400, "invalid_request"),
             ({"prompt": "revenue", "project_id": "nope"}, 404, "source_not_found"),
             ({"prompt": "revenue", "project_id": "demo", "chat_id": "5f6b3b7b-5b0b-4b0b-8b0b-5b0b3b7b5b0b"}, 404,
              "session_not_found")]
    for body, status, code in cases:
        r = http.post("/api/v1/chats", json=body)
        assert r.status_code == status, (body, r.text)
        assert r.json()["error"]["code"] == code
    r = http.post("/api/v1/chats", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_request"


def test_auth_failures(surface_url):
    url = f"{surface_url}/api/v1/chats"
    r = httpx.post(url, json=EXAMPLE)
    assert r.status_code == 401 and r.json()["error"]["code"] == "missing_credential"
    for forged in ("sk_forged", EXPIRED_JWT, "not.a.jwt"):
        r = httpx.post(url, json=EXAMPLE, headers=auth(forged))
        assert r.status_code == 401 and "message" in r.json()["error"], forged
    assert httpx.post(url, json=EXAMPLE, headers=auth(ANN_JWT)).status_code == 200        # the user's JWT
    r = httpx.post(url, json=EXAMPLE, headers=auth(NODATA))
    assert r.status_code == 403 and r.json()["error"]["code"] == "source_forbidden"
    r = httpx.post(url, json=EXAMPLE, headers=auth(RATE_LIMITED))
    assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1
    # another tenant's project is unknown to globex; its own copy answers
    assert httpx.post(url, json=EXAMPLE, headers=auth(BOB)).status_code == 404
    assert httpx.post(url, json={**EXAMPLE, "project_id": "globex_demo"}, headers=auth(BOB)).status_code == 200

"""Surface 003 (BI Workbench sessions over HTTP): the seed's requests replayed against a live server."""
from __future__ import annotations

import httpx
import pytest

from tests.api.surfaces.credentials import ANN_JWT, EXPIRED_JWT, NODATA, RATE_LIMITED, REVOKED, auth

BASE = "/api/v1/bi/chat/sessions"


def new_session(http) -> str:
    r = http.post(BASE, json={"tenant_id": "acme-corp", "user_id": "user-456"})       # the seed's body
    assert r.status_code == 200, r.text
    return r.json()["session_id"]


def test_create_session_as_documented(http):
    body = http.post(BASE, json={"tenant_id": "acme-corp", "user_id": "user-456"}).json()
    assert set(body) == {"session_id", "tenant_id", "user_id", "created_at", "message_count"}
    assert body["tenant_id"] == "acme-corp" and body["user_id"] == "user-456" and body["message_count"] == 0
    assert http.post(BASE).status_code == 200                     # the body is optional


def test_send_message_as_documented(http):
    sid = new_session(http)
    r = http.post(f"{BASE}/{sid}/messages", json={"message": "What were our top 10 customers by revenue last month?"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["success"] is True and body["intent"] == "sql_query"
    assert isinstance(body["response"], str) and body["response"]
    assert body["sql"].upper().startswith("SELECT") and "LIMIT 10" in body["sql"].upper()
    assert body["visualization"]["type"] == "bar"
    assert body["visualization"]["x_axis"] in body["data"]["columns"]
    assert body["visualization"]["y_axis"] in body["data"]["columns"]
    assert 0 < len(body["data"]["rows"]) <= 10
    assert all(len(row) == len(body["data"]["columns"]) for row in body["data"]["rows"])
    assert all(isinstance(i, str) for i in body["insights"])
    assert body["agents_visited"] == ["router", "sql_agent", "viz_agent"]
    assert isinstance(body["execution_time_ms"], int)


def test_history_paging_and_metadata(http):
    sid = new_session(http)
    http.post(f"{BASE}/{sid}/messages", json={"message": "revenue by country"})
    http.post(f"{BASE}/{sid}/messages", json={"message": "only Germany"})
    body = http.get(f"{BASE}/{sid}/history").json()
    assert body["session_id"] == sid and body["total_count"] == 4
    roles = [m["role"] for m in body["messages"]]
    assert roles == ["user", "assistant", "user", "assistant"]
    assert body["messages"][0] == {"role": "user", "content": "revenue by country",
                                   "timestamp": body["messages"][0]["timestamp"], "metadata": {}}
    assert body["messages"][1]["metadata"] == {"intent": "sql_query",
                                               "agents_visited": ["router", "sql_agent", "viz_agent"]}
    page = http.get(f"{BASE}/{sid}/history", params={"limit": 1, "offset": 2}).json()
    assert [m["content"] for m in page["messages"]] == ["only Germany"] and page["total_count"] == 4


def test_follow_up_refine_and_visualize(http):
    sid = new_session(http)
    first = http.post(f"{BASE}/{sid}/messages", json={"message": "revenue by country"}).json()
    refined = http.post(f"{BASE}/{sid}/refine", json={"refinement": "Filter to only Germany customers"}).json()
    assert refined["intent"] == "refine" and "Germany" in refined["sql"]
    assert [r[0] for r in refined["data"]["rows"]] == ["Germany"]
    pie = http.post(f"{BASE}/{sid}/visualize", json={"chart_type": "pie"}).json()
    assert pie["visualization"]["type"] == "pie" and pie["intent"] == "visualize"
    assert pie["sql"] == refined["sql"] and pie["data"] == refined["data"]      # the same result, not re-run
    assert pie["execution_time_ms"] == 0 and first["sql"] != refined["sql"]
    assert pie["agents_visited"] == ["viz_agent"]
    last = http.get(f"{BASE}/{sid}/history").json()["messages"][-1]          # the history says the same
    assert last["metadata"] == {"intent": "visualize", "agents_visited": ["viz_agent"]}


@pytest.mark.parametrize("path, body, status, code", [
    ("/{sid}/messages", {"message": ""}, 400, "invalid_request"),
    ("/{sid}/messages", {}, 400, "invalid_request"),
    ("/{sid}/visualize", {"chart_type": "radar"}, 400, "invalid_request"),
    ("/{sid}/refine", {"refinement": "only US"}, 409, "no_previous_answer"),
    ("/{sid}/visualize", {"chart_type": "pie"}, 409, "no_previous_answer"),
    ("/sess-abc123/messages", {"message": "hi"}, 404, "session_not_found"),
])
def test_errors(http, path, body, status, code):
    sid = new_session(http)
    r = http.post(BASE + path.format(sid=sid), json=body)
    assert r.status_code == status, r.text
    assert r.json()["success"] is False and r.json()["error"]["code"] == code
    assert http.get(f"{BASE}/sess-abc123/history").status_code == 404
    assert http.get(f"{BASE}/{sid}/history", params={"limit": 0}).status_code == 400


def test_a_session_for_someone_else_is_refused(http):
    r = http.post(BASE, json={"tenant_id": "globex", "user_id": "user-456"})
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"


def test_auth_failures(surface_url, http):
    sid = new_session(http)
    for headers, status in [({}, 401), (auth("sk_bad"), 401), (auth(EXPIRED_JWT), 401), (auth(RATE_LIMITED), 429),
                            (auth(REVOKED), 403)]:
        r = httpx.post(f"{surface_url}{BASE}/{sid}/messages", json={"message": "revenue"}, headers=headers)
        assert r.status_code == status and r.json()["success"] is False
    r = httpx.post(f"{surface_url}{BASE}", json={}, headers=auth(NODATA))
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"
    r = httpx.post(f"{surface_url}{BASE}/{sid}/messages", json={"message": "revenue"}, headers=auth(ANN_JWT))
    assert r.status_code == 200 and r.json()["success"] is True           # the seed's JWT

"""Surface 002 (`POST /api/v1/analytics/chat`, `/v1/analytics/chat`) and its dashboards, on a live server."""
from __future__ import annotations

import httpx
import pytest

from tests.api.surfaces.credentials import NODATA, RATE_LIMITED, auth

EXAMPLE = {"query": "Show me revenue trends by month", "collectionIds": ["demo"]}
CHART_TYPES = {"line", "bar", "pie", "area", "scatter"}


@pytest.mark.parametrize("path", ["/api/v1/analytics/chat", "/v1/analytics/chat"])
def test_the_seed_example_answers_with_every_documented_field(http, path):
    r = http.post(path, json=EXAMPLE)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["success"] is True
    for name in ("conversationId", "messageId", "response"):
        assert isinstance(body[name], str) and body[name]
    chart = body["charts"][0]
    assert chart["chartType"] == "line" and isinstance(chart["title"], str) and chart["title"]
    # a complete Chart.js configuration
    assert chart["type"] in CHART_TYPES and chart["data"]["labels"] and chart["data"]["datasets"][0]["data"]
    assert isinstance(chart["options"], dict)
    assert body["sources"] and all(set(s) == {"id", "title", "snippet"} for s in body["sources"])
    assert all(isinstance(v, str) for s in body["sources"] for v in s.values())


def test_the_conversation_id_continues_the_conversation(http):
    first = http.post("/api/v1/analytics/chat", json={"query": "revenue by country", "collectionIds": ["demo"]})
    cid = first.json()["conversationId"]
    second = http.post("/v1/analytics/chat", json={"query": "as a pie chart", "collectionIds": ["demo"],
                                                   "conversationId": cid}).json()
    assert second["conversationId"] == cid
    assert second["charts"][0]["chartType"] == "pie"
    assert second["charts"][0]["data"]["labels"] == first.json()["charts"][0]["data"]["labels"] or \
        sorted(second["charts"][0]["data"]["labels"]) == sorted(first.json()["charts"][0]["data"]["labels"])


def test_every_documented_chart_kind_is_a_chartjs_config(http):
    cid = http.post("/api/v1/analytics/chat", json=EXAMPLE).json()["conversationId"]
    drawn = {}
    for kind in ("bar chart", "pie chart", "area chart", "scatter plot", "line chart"):
        chart = http.post("/api/v1/analytics/chat", json={"query": f"show it as a {kind}", "collectionIds": ["demo"],
                                                          "conversationId": cid}).json()["charts"][0]
        drawn[chart["chartType"]] = chart
    assert set(drawn) == CHART_TYPES
    for kind, chart in drawn.items():         # Chart.js has no "area" type: a filled line is its area chart
        assert chart["type"] == ("line" if kind == "area" else kind)
        dataset = chart["data"]["datasets"][0]
        assert dataset["data"] and (kind != "area" or dataset["fill"])
        if kind == "scatter":
            assert all(set(point) == {"x", "y"} for point in dataset["data"])
        else:
            assert len(chart["data"]["labels"]) == len(dataset["data"])


@pytest.mark.parametrize("body, status, error", [
    ({"collectionIds": ["demo"]}, 400, "invalid_request"),
    ({"query": "revenue", "collectionIds": []}, 400, "invalid_request"),
    ({"query": "revenue"}, 400, "invalid_request"),
    ({"query": "revenue", "collectionIds": ["col_abc123"]}, 403, "forbidden"),
    ({"query": "revenue", "collectionIds": ["demo"], "conversationId": "conv_xyz789"}, 404, "not_found"),
])
def test_documented_errors(http, body, status, error):
    r = http.post("/api/v1/analytics/chat", json=body)
    assert r.status_code == status, r.text
    assert r.json() == {"success": False, "error": error, "message": r.json()["message"]}


def test_a_missing_field_is_named_in_the_message(http):
    """The request has a field called `query`, which is also where FastAPI says query parameters live."""
    assert http.post("/api/v1/analytics/chat", json={"collectionIds": ["demo"]}).json()["message"] == \
        "query: Field required"
    assert http.post("/api/v1/analytics/chat", json={"query": 7, "collectionIds": ["demo"]}).json()["message"] == \
        "query: Input should be a valid string"


def test_auth_failures(surface_url):
    for headers, status, error in [({}, 401, "unauthorized"), (auth("sk_bad"), 401, "unauthorized"),
                                   (auth(NODATA), 403, "forbidden"), (auth(RATE_LIMITED), 429, "rate_limited")]:
        r = httpx.post(f"{surface_url}/v1/analytics/chat", json=EXAMPLE, headers=headers)
        assert r.status_code == status and r.json()["error"] == error and r.json()["success"] is False


def test_a_conversation_saved_as_a_dashboard(http):
    cid = http.post("/api/v1/analytics/chat", json=EXAMPLE).json()["conversationId"]
    for follow_up in ("show it as a table", "show it as a bar chart"):      # a table is no Chart.js chart
        http.post("/api/v1/analytics/chat", json={"query": follow_up, "collectionIds": ["demo"],
                                                  "conversationId": cid})
    r = http.post("/api/v1/dashboards", json={"name": "Revenue", "conversationId": cid})
    assert r.status_code == 201, r.text
    board = r.json()["dashboard"]
    assert board["name"] == "Revenue" and board["chartCount"] == len(board["charts"]) == 2
    assert [c["chartType"] for c in board["charts"]] == ["line", "bar"]
    assert [c["conversationId"] for c in board["charts"]] == [cid, cid]
    assert all(c["type"] in CHART_TYPES and c["data"]["datasets"] for c in board["charts"])
    listed = http.get("/api/v1/dashboards").json()
    assert listed["success"] is True and listed["total"] == 1 and listed["dashboards"][0]["id"] == board["id"]
    assert listed["dashboards"][0]["chartCount"] == 2
    got = http.get(f"/api/v1/dashboards/{board['id']}").json()["dashboard"]
    assert got["charts"] == board["charts"]
    assert http.delete(f"/api/v1/dashboards/{board['id']}").json() == {"success": True, "id": board["id"]}
    r = http.get(f"/api/v1/dashboards/{board['id']}")
    assert r.status_code == 404 and r.json()["error"] == "not_found"


def test_dashboard_errors(http):
    r = http.post("/api/v1/dashboards", json={"name": ""})
    assert r.status_code == 400 and r.json()["error"] == "invalid_request"
    r = http.post("/api/v1/dashboards", json={"name": "x", "conversationId": "nope"})
    assert r.status_code == 404 and r.json()["error"] == "not_found"
    assert http.get("/api/v1/dashboards").json()["total"] == 0          # nothing half-made
    r = httpx.get(f"{http.base_url}/api/v1/dashboards")
    assert r.status_code == 401 and r.json()["error"] == "unauthorized"

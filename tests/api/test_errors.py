"""Bad input on every endpoint: a clear 4xx in the one error shape, no stack trace, and nothing stored."""
from __future__ import annotations

import pytest

SID = "{sid}"      # replaced by the id of a real, empty session
UNKNOWN = "00000000-0000-4000-8000-000000000000"

CASES = [
    # (method, path, request kwargs, status, error code)
    ("POST", "/api/sessions", {"json": {"source": 5}}, 422, "invalid_request"),
    ("POST", "/api/sessions", {"json": {"source": "nope"}}, 404, "source_not_found"),
    ("POST", "/api/sessions", {"json": {"sauce": "shop"}}, 422, "invalid_request"),
    ("POST", "/api/sessions", {"json": ["shop"]}, 422, "invalid_request"),
    ("POST", "/api/sessions", {"content": b"{not json", "headers": {"content-type": "application/json"}}, 400,
     "malformed_json"),
    ("GET", "/api/sessions?limit=0", {}, 422, "invalid_request"),
    ("GET", "/api/sessions?limit=lots", {}, 422, "invalid_request"),
    ("GET", "/api/sessions?offset=-1", {}, 422, "invalid_request"),
    ("GET", f"/api/sessions/{UNKNOWN}", {}, 404, "session_not_found"),
    ("PATCH", f"/api/sessions/{SID}", {"json": {"title": ""}}, 422, "invalid_request"),
    ("PATCH", f"/api/sessions/{SID}", {"json": {"title": "   "}}, 422, "invalid_request"),
    ("PATCH", f"/api/sessions/{SID}", {"json": {"title": 7}}, 422, "invalid_request"),
    ("PATCH", f"/api/sessions/{SID}", {"json": {}}, 422, "invalid_request"),
    ("PATCH", f"/api/sessions/{UNKNOWN}", {"json": {"title": "x"}}, 404, "session_not_found"),
    ("DELETE", f"/api/sessions/{UNKNOWN}", {}, 404, "session_not_found"),
    ("POST", f"/api/sessions/{SID}/messages", {"json": {"question": ""}}, 422, "invalid_request"),
    ("POST", f"/api/sessions/{SID}/messages", {"json": {"question": "  \n "}}, 422, "invalid_request"),
    ("POST", f"/api/sessions/{SID}/messages", {"json": {"question": 42}}, 422, "invalid_request"),
    ("POST", f"/api/sessions/{SID}/messages", {"json": {"question": ["a"]}}, 422, "invalid_request"),
    ("POST", f"/api/sessions/{SID}/messages", {"json": {"question": None}}, 422, "invalid_request"),
    ("POST", f"/api/sessions/{SID}/messages", {"json": {}}, 422, "invalid_request"),
    ("POST", f"/api/sessions/{SID}/messages", {"json": {"message": "hi"}}, 422, "invalid_request"),
    ("POST", f"/api/sessions/{SID}/messages", {"json": {"question": "x" * 2001}}, 422, "invalid_request"),
    ("POST", f"/api/sessions/{SID}/messages", {"content": b"question=hi",
                                               "headers": {"content-type": "application/json"}}, 400,
     "malformed_json"),
    ("POST", f"/api/sessions/{SID}/messages", {}, 422, "invalid_request"),
    ("POST", f"/api/sessions/{SID}/messages", {"json": {"question": "x" * 70_000}}, 413, "payload_too_large"),
    ("POST", f"/api/sessions/{SID}/messages?stream=true", {"json": {"question": ""}}, 422, "invalid_request"),
    ("POST", f"/api/sessions/{UNKNOWN}/messages", {"json": {"question": "total revenue"}}, 404,
     "session_not_found"),
    ("POST", f"/api/sessions/{UNKNOWN}/messages?stream=true", {"json": {"question": "total revenue"}}, 404,
     "session_not_found"),
    ("GET", f"/api/sessions/{SID}/history?limit=0", {}, 422, "invalid_request"),
    ("GET", f"/api/sessions/{SID}/history?offset=x", {}, 422, "invalid_request"),
    ("GET", f"/api/sessions/{UNKNOWN}/history", {}, 404, "session_not_found"),
    ("POST", f"/api/sessions/{SID}/refine", {"json": {"refinement": ""}}, 422, "invalid_request"),
    ("POST", f"/api/sessions/{SID}/refine", {"json": {"question": "only France"}}, 422, "invalid_request"),
    ("POST", f"/api/sessions/{SID}/refine", {"json": {"refinement": "only France"}}, 409, "no_previous_answer"),
    ("POST", f"/api/sessions/{UNKNOWN}/refine", {"json": {"refinement": "only France"}}, 404, "session_not_found"),
    ("POST", f"/api/sessions/{SID}/visualize", {"json": {"chart_type": "pies"}}, 422, "invalid_request"),
    ("POST", f"/api/sessions/{SID}/visualize", {"json": {"chart_type": 3}}, 422, "invalid_request"),
    ("POST", f"/api/sessions/{SID}/visualize", {"json": {}}, 422, "invalid_request"),
    ("POST", f"/api/sessions/{SID}/visualize", {"json": {"chart_type": "pie"}}, 409, "no_previous_answer"),
    ("POST", f"/api/sessions/{UNKNOWN}/visualize", {"json": {"chart_type": "pie"}}, 404, "session_not_found"),
    ("POST", "/api/ask", {"json": {"question": ""}}, 422, "invalid_request"),
    ("POST", "/api/ask", {"json": {"question": "total revenue", "source": "nope"}}, 404, "source_not_found"),
    ("POST", "/api/ask", {"json": {"question": "total revenue", "extra": 1}}, 422, "invalid_request"),
    ("POST", "/api/ask", {"content": b"\xff\xfe", "headers": {"content-type": "application/json"}}, 400,
     "malformed_json"),
    ("GET", "/api/sources/nope", {}, 404, "source_not_found"),
    ("GET", "/api/nothing-here", {}, 404, "not_found"),
    ("PUT", "/api/sessions", {"json": {}}, 405, "method_not_allowed"),
]


def _id(case) -> str:
    method, path, kwargs, status, _ = case
    body = kwargs.get("json", kwargs.get("content", ""))
    return f"{method} {path.replace(SID, 'SID')} {str(body)[:30]} -> {status}"


@pytest.mark.parametrize("method,path,kwargs,status,code", CASES, ids=[_id(c) for c in CASES])
def test_bad_request_gets_a_clear_error_and_stores_nothing(client, method, path, kwargs, status, code):
    sid = client.post("/api/sessions", json={"source": "shop"}).json()["session_id"]
    r = client.request(method, path.replace(SID, sid), **kwargs)
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert body["error"]["message"] and "Traceback" not in r.text
    # Nothing stored: still exactly one session, still empty, still untitled.
    listed = client.get("/api/sessions").json()
    assert listed["total_count"] == 1
    assert listed["sessions"][0]["message_count"] == 0 and listed["sessions"][0]["title"] == ""


def test_validation_error_names_the_field_and_the_problem(client):
    sid = client.post("/api/sessions", json={}).json()["session_id"]
    error = client.post(f"/api/sessions/{sid}/messages", json={"question": ""}).json()["error"]
    assert "question" in error["message"] and "at least 1 character" in error["message"]
    assert error["details"] == [{"field": "question", "problem": "String should have at least 1 character"}]


def test_unknown_chart_type_lists_the_valid_ones(client):
    sid = client.post("/api/sessions", json={}).json()["session_id"]
    message = client.post(f"/api/sessions/{sid}/visualize", json={"chart_type": "donut"}).json()["error"]["message"]
    assert all(t in message for t in ("line", "bar", "pie", "scatter", "area", "number", "table"))


def test_chunked_body_over_the_limit_is_refused(client):
    sid = client.post("/api/sessions", json={}).json()["session_id"]

    def chunks():
        yield b'{"question": "'
        for _ in range(80):
            yield b"x" * 1024
        yield b'"}'

    r = client.post(f"/api/sessions/{sid}/messages", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413 and r.json()["error"]["code"] == "payload_too_large"
    assert client.get(f"/api/sessions/{sid}/history").json()["total_count"] == 0


def test_declared_length_over_the_limit_is_refused_before_reading(client):
    r = client.post("/api/ask", content=b"{}", headers={"content-type": "application/json",
                                                        "content-length": str(10 * 1024 * 1024)})
    assert r.status_code == 413

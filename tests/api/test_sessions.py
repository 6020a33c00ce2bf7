"""Sessions: create, list, read, rename, delete."""
from __future__ import annotations


def test_session_defaults_to_the_first_source(client):
    r = client.post("/api/sessions")
    assert r.status_code == 201
    body = r.json()
    assert body["source"] == "shop" and body["message_count"] == 0 and body["title"] == ""
    assert (body["tenant_id"], body["user_id"]) == ("default", "local")


def test_session_on_a_named_source_with_a_title(client):
    body = client.post("/api/sessions", json={"source": "shop", "title": "  Q4 review "}).json()
    assert (body["source"], body["title"]) == ("shop", "Q4 review")


def test_session_reads_back(client):
    created = client.post("/api/sessions", json={}).json()
    assert client.get(f"/api/sessions/{created['session_id']}").json() == created


def test_sessions_list_pages_newest_first(client):
    ids = [client.post("/api/sessions", json={}).json()["session_id"] for _ in range(3)]
    first = client.get("/api/sessions?limit=2").json()
    assert first["total_count"] == 3 and (first["limit"], first["offset"]) == (2, 0)
    assert [s["session_id"] for s in first["sessions"]] == [ids[2], ids[1]]
    rest = client.get("/api/sessions?limit=2&offset=2").json()
    assert [s["session_id"] for s in rest["sessions"]] == [ids[0]]


def test_rename_sets_the_title(client):
    sid = client.post("/api/sessions", json={}).json()["session_id"]
    r = client.patch(f"/api/sessions/{sid}", json={"title": "Revenue deep-dive"})
    assert r.status_code == 200 and r.json()["title"] == "Revenue deep-dive"
    assert client.get(f"/api/sessions/{sid}").json()["title"] == "Revenue deep-dive"


def test_delete_removes_the_session_and_its_history(client):
    sid = client.post("/api/sessions", json={}).json()["session_id"]
    r = client.delete(f"/api/sessions/{sid}")
    assert r.status_code == 204 and r.content == b""
    assert client.get(f"/api/sessions/{sid}").status_code == 404
    assert client.get(f"/api/sessions/{sid}/history").status_code == 404
    assert client.get("/api/sessions").json()["total_count"] == 0

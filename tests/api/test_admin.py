"""The admin API: tenants, keys (shown once), grants and the audit log; administrators only."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from conversql.api.app import create_app
from conversql.auth.authenticator import authenticator_for


@pytest.fixture()
def admin(settings, engine):
    """A client and an administrator's headers; the shop source belongs to tenant acme."""
    s = settings.model_copy(update={"source_tenants": {"shop": "acme"}})
    with TestClient(create_app(s, engine), raise_server_exceptions=False) as client:
        auth = authenticator_for(client.app.state.settings, client.app.state.store)
        root = auth.keys.create("default", "root", admin=True).secret
        yield client, {"Authorization": f"Bearer {root}"}


def test_a_non_admin_gets_403_on_every_admin_endpoint(admin):
    client, root = admin
    plain = {"Authorization": "Bearer " + client.post("/api/admin/keys", json={"tenant_id": "default",
                                                                              "user_id": "ann"},
                                                      headers=root).json()["key"]}
    calls = [("GET", "/api/admin/tenants", None), ("POST", "/api/admin/tenants", {"id": "x"}),
             ("GET", "/api/admin/tenants/default", None), ("GET", "/api/admin/keys", None),
             ("POST", "/api/admin/keys", {"tenant_id": "default", "user_id": "ann", "admin": True}),
             ("GET", "/api/admin/keys/key_x", None), ("DELETE", "/api/admin/keys/key_x", None),
             ("GET", "/api/admin/grants", None), ("PUT", "/api/admin/grants/default/ann", {"sources": []}),
             ("DELETE", "/api/admin/grants/default/ann", None), ("GET", "/api/admin/audit", None)]
    admin_routes = {(m.upper(), path) for path, ops in client.app.openapi()["paths"].items()
                    if path.startswith("/api/admin") for m in ops}
    assert len(admin_routes) == len(calls)
    for method, path, body in calls:
        r = client.request(method, path, json=body, headers=plain)
        assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden", (method, path)
        assert client.request(method, path, json=body).status_code == 401


def test_tenants_are_created_and_listed_with_their_sources(admin):
    client, root = admin
    r = client.post("/api/admin/tenants", json={"id": "acme", "name": "Acme Corp"}, headers=root)
    assert r.status_code == 201 and r.json()["sources"] == ["shop"] and r.json()["name"] == "Acme Corp"
    assert client.post("/api/admin/tenants", json={"id": "acme"}, headers=root).status_code == 409
    assert client.post("/api/admin/tenants", json={"id": "bad id!"}, headers=root).status_code == 422
    listed = client.get("/api/admin/tenants", headers=root).json()["tenants"]
    assert [t["id"] for t in listed] == ["acme", "default"]
    assert client.get("/api/admin/tenants/nope", headers=root).status_code == 404


def test_a_key_is_shown_once_and_listed_without_it(admin):
    client, root = admin
    client.post("/api/admin/tenants", json={"id": "acme"}, headers=root)
    made = client.post("/api/admin/keys", json={"tenant_id": "acme", "user_id": "ann", "name": "job",
                                                "sources": ["shop"]}, headers=root)
    assert made.status_code == 201
    body = made.json()
    assert body["key"].startswith("sk_") and body["key"].startswith(body["prefix"]) and body["sources"] == ["shop"]
    listed = client.get("/api/admin/keys", params={"tenant_id": "acme"}, headers=root)
    assert body["key"] not in listed.text and [k["id"] for k in listed.json()["keys"]] == [body["id"]]
    one = client.get(f"/api/admin/keys/{body['id']}", headers=root).json()
    assert "key" not in one and one["user_id"] == "ann"
    sessions = client.get("/api/sessions", headers={"Authorization": f"Bearer {body['key']}"})
    assert sessions.status_code == 200
    assert client.get(f"/api/admin/keys/{body['id']}", headers=root).json()["last_used_at"] is not None


def test_revoking_a_key(admin):
    client, root = admin
    made = client.post("/api/admin/keys", json={"tenant_id": "default", "user_id": "ann"}, headers=root).json()
    revoked = client.delete(f"/api/admin/keys/{made['id']}", headers=root)
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    assert client.get("/api/sessions", headers={"Authorization": f"Bearer {made['key']}"}).status_code == 401
    assert client.delete("/api/admin/keys/key_nope", headers=root).status_code == 404


def test_keys_and_grants_must_name_the_tenants_own_sources(admin):
    client, root = admin
    client.post("/api/admin/tenants", json={"id": "acme"}, headers=root)
    r = client.post("/api/admin/keys", json={"tenant_id": "default", "user_id": "ann", "sources": ["shop"]},
                    headers=root)
    assert r.status_code == 422 and "owns no source named 'shop'" in r.json()["error"]["message"]
    assert client.post("/api/admin/keys", json={"tenant_id": "nope", "user_id": "ann"},
                       headers=root).status_code == 404
    assert client.put("/api/admin/grants/acme/ann", json={"sources": ["typo"]}, headers=root).status_code == 422


def test_grants_narrow_a_user_and_can_be_dropped(admin):
    client, root = admin
    client.post("/api/admin/tenants", json={"id": "acme"}, headers=root)
    ann = {"Authorization": "Bearer " + client.post("/api/admin/keys", json={"tenant_id": "acme", "user_id": "ann"},
                                                    headers=root).json()["key"]}
    assert [s["name"] for s in client.get("/api/sources", headers=ann).json()["sources"]] == ["shop"]
    granted = client.put("/api/admin/grants/acme/ann", json={"sources": []}, headers=root)
    assert granted.status_code == 200 and granted.json()["sources"] == []
    assert client.get("/api/sources", headers=ann).json()["sources"] == []
    assert client.get("/api/sources/shop", headers=ann).status_code == 403
    assert [g["user_id"] for g in client.get("/api/admin/grants", headers=root).json()["grants"]] == ["ann"]
    assert client.delete("/api/admin/grants/acme/ann", headers=root).status_code == 204
    assert client.delete("/api/admin/grants/acme/ann", headers=root).status_code == 404
    assert [s["name"] for s in client.get("/api/sources", headers=ann).json()["sources"]] == ["shop"]


def test_the_audit_log_is_readable_by_tenant_newest_first(admin):
    client, root = admin
    client.post("/api/admin/tenants", json={"id": "acme"}, headers=root)
    ann = {"Authorization": "Bearer " + client.post("/api/admin/keys", json={"tenant_id": "acme", "user_id": "ann"},
                                                    headers=root).json()["key"]}
    client.get("/api/sessions", headers=ann)
    client.get("/api/sources", headers=ann)
    entries = client.get("/api/admin/audit", params={"tenant_id": "acme"}, headers=root).json()["entries"]
    assert [(e["method"], e["path"], e["status"], e["user_id"]) for e in entries] == [
        ("GET", "/api/sources", 200, "ann"), ("GET", "/api/sessions", 200, "ann")]
    assert ann["Authorization"][7:] not in client.get("/api/admin/audit", headers=root).text

"""Authentication on the native API: auto mode, 401/429 shapes, the audit log, limits on authenticated requests."""
from __future__ import annotations

import time

import httpx
import jwt
import pytest
from fastapi.testclient import TestClient

from conversql.api.app import create_app
from conversql.auth.authenticator import authenticator_for

SECRET = "a-long-shared-secret-for-hs256-tests"


def bearer(secret: str) -> dict:
    return {"Authorization": f"Bearer {secret}"}


def make_key(client: TestClient, user: str = "ann", **kw) -> str:
    app = client.app
    return authenticator_for(app.state.settings, app.state.store).keys.create(kw.pop("tenant", "default"), user,
                                                                              **kw).secret


@pytest.fixture()
def client_with(settings, engine):
    """`client_with(**settings) -> TestClient` over the real engine; closed after the test."""
    opened = []

    def make(**update) -> TestClient:
        c = TestClient(create_app(settings.model_copy(update=update), engine), raise_server_exceptions=False)
        opened.append(c.__enter__())
        return c

    yield make
    for c in opened:
        c.__exit__(None, None, None)


def test_auto_mode_serves_the_local_user_until_the_first_key_is_created(client):
    assert client.get("/api/sessions").status_code == 200                      # the demo: no sign-in
    created = client.post("/api/admin/keys", json={"tenant_id": "default", "user_id": "ann"})
    assert created.status_code == 201
    refused = client.get("/api/sessions")
    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "missing_credential"
    assert refused.headers["WWW-Authenticate"].startswith("Bearer")
    assert client.get("/api/sessions", headers=bearer(created.json()["key"])).status_code == 200


def test_a_wrong_key_is_401_with_the_error_shape(client):
    make_key(client)
    r = client.get("/api/sessions", headers=bearer("sk_not_a_real_key"))
    assert r.status_code == 401
    assert r.json() == {"error": {"code": "invalid_api_key", "message": "the API key is not valid"}}
    assert 'error="invalid_token"' in r.headers["WWW-Authenticate"]


def test_a_revoked_key_stops_working_at_once(client):
    secret = make_key(client, admin=True)
    other = client.post("/api/admin/keys", json={"tenant_id": "default", "user_id": "bob"}, headers=bearer(secret))
    assert client.get("/api/sessions", headers=bearer(other.json()["key"])).status_code == 200
    assert client.delete(f"/api/admin/keys/{other.json()['id']}", headers=bearer(secret)).status_code == 200
    r = client.get("/api/sessions", headers=bearer(other.json()["key"]))
    assert r.status_code == 401 and r.json()["error"]["code"] == "revoked_api_key"


def test_x_api_key_header_works_too_and_other_schemes_do_not(client):
    secret = make_key(client)
    assert client.get("/api/sessions", headers={"X-API-Key": secret}).status_code == 200
    r = client.get("/api/sessions", headers={"Authorization": f"Basic {secret}"})
    assert r.status_code == 401 and "Bearer" in r.json()["error"]["message"]


def test_a_token_in_the_query_string_is_not_read_on_plain_http(client):
    secret = make_key(client)
    assert client.get("/api/sessions", params={"token": secret}).status_code == 401


def test_jwt_bearer_tokens_are_accepted_when_configured(client_with):
    c = client_with(jwt_secret=SECRET, jwt_audience="conversql")
    good = jwt.encode({"sub": "ann", "tenant_id": "default", "aud": "conversql", "exp": int(time.time()) + 60},
                      SECRET, "HS256")
    expired = jwt.encode({"sub": "ann", "tenant_id": "default", "aud": "conversql", "exp": int(time.time()) - 120},
                         SECRET, "HS256")
    assert c.get("/api/sessions").status_code == 401
    assert c.get("/api/sessions", headers=bearer(good)).status_code == 200
    r = c.get("/api/sessions", headers=bearer(expired))
    assert r.status_code == 401 and r.json()["error"]["code"] == "token_expired"


def test_none_mode_never_asks(client_with):
    c = client_with(auth_mode="none")
    make_key(c)
    assert c.get("/api/sessions").status_code == 200


def test_the_health_check_needs_no_credential(client_with):
    c = client_with(auth_mode="required")
    assert c.get("/health").status_code == 200
    assert c.get("/api/sources").status_code == 401


def test_rate_limit_is_429_with_retry_after_per_credential(client_with):
    c = client_with(rate_limit_per_minute=60, rate_limit_burst=3)
    a, b = make_key(c, "ann"), make_key(c, "bob")
    assert [c.get("/api/sessions", headers=bearer(a)).status_code for _ in range(4)] == [200, 200, 200, 429]
    r = c.get("/api/sessions", headers=bearer(a))
    assert r.json()["error"]["code"] == "rate_limited"
    assert int(r.headers["Retry-After"]) >= 1
    assert c.get("/api/sessions", headers=bearer(b)).status_code == 200          # bob has his own bucket


def test_rate_limit_shared_through_redis_by_two_app_replicas(client_with, redis_url, redis_namespace, monkeypatch):
    from conversql.auth.ratelimit import RedisRateLimiter
    monkeypatch.setitem(RedisRateLimiter.__init__.__kwdefaults__, "namespace", redis_namespace)
    update = dict(rate_limit_per_minute=6, rate_limit_burst=2, redis_url=redis_url)
    one = client_with(**update)
    two = TestClient(create_app(one.app.state.settings.model_copy(), one.app.state.engine))
    with two:
        two.app.state.store.close()
        two.app.state.store = one.app.state.store              # replicas share the chat store
        secret = make_key(one, "ann")
        assert one.get("/api/sessions", headers=bearer(secret)).status_code == 200
        assert two.get("/api/sessions", headers=bearer(secret)).status_code == 200
        r = one.get("/api/sessions", headers=bearer(secret))
        assert r.status_code == 429 and "Retry-After" in r.headers


def audit_rows(client):
    app = client.app
    return authenticator_for(app.state.settings, app.state.store).audit.entries(limit=200)


def test_every_request_is_audited_with_credential_tenant_and_outcome_and_no_secret(client, settings):
    secret = make_key(client, "ann")
    sid = client.post("/api/sessions", json={}, headers=bearer(secret)).json()["session_id"]
    client.get(f"/api/sessions/{sid}?token={secret}", headers=bearer(secret))
    client.get("/api/sessions", headers=bearer("sk_wrong_key_value"))
    client.get("/health")
    client.get("/static/app.js")
    rows = audit_rows(client)
    ok = [r for r in rows if r.status in (200, 201)]
    assert {(r.method, r.path) for r in ok} >= {("POST", "/api/sessions"), ("GET", f"/api/sessions/{sid}")}
    assert all(r.tenant_id == "default" and r.user_id == "ann" and r.credential_id.startswith("key_")
               and r.kind == "api_key" and r.duration_ms >= 0 for r in ok)
    failed = [r for r in rows if r.status == 401]
    assert failed and failed[0].error_code == "invalid_api_key" and failed[0].credential_id is None
    assert not any(r.path == "/health" or r.path.startswith("/static/") for r in rows)   # page files are not audited
    everything = repr(rows)
    assert secret not in everything and "sk_wrong_key_value" not in everything and "token=" not in everything


def test_a_rate_limited_request_is_audited_with_the_credential_that_made_it(client_with):
    c = client_with(rate_limit_per_minute=1, rate_limit_burst=1)
    secret = make_key(c, "ann")
    assert c.get("/api/sessions", headers=bearer(secret)).status_code == 200
    assert c.get("/api/sessions", headers=bearer(secret)).status_code == 429
    refused = audit_rows(c)[0]
    assert (refused.status, refused.error_code) == (429, "rate_limited")
    assert refused.credential_id.startswith("key_") and (refused.tenant_id, refused.user_id) == ("default", "ann")


def test_refusals_are_audited_with_their_code(client):
    client.get("/api/sessions/nope")
    client.post("/api/sessions", json={"source": "nope"})
    client.post("/api/sessions", json={"title": 5})
    assert [(r.status, r.error_code) for r in audit_rows(client)[:3]] == [
        (422, "invalid_request"), (404, "source_not_found"), (404, "session_not_found")]


def test_the_audit_log_holds_no_jwt(client_with):
    c = client_with(jwt_secret=SECRET)
    token = jwt.encode({"sub": "ann", "tenant_id": "default", "exp": int(time.time()) + 60}, SECRET, "HS256")
    assert c.get("/api/sessions", headers=bearer(token)).status_code == 200
    rows = audit_rows(c)
    assert rows[0].credential_id == "jwt:default/ann" and rows[0].kind == "jwt"
    assert token not in repr(rows) and token.split(".")[2] not in repr(rows)


def test_the_body_limit_applies_to_authenticated_requests_and_is_audited(client_with):
    c = client_with(max_request_bytes=1024)
    secret = make_key(c)
    r = c.post("/api/ask", headers=bearer(secret), json={"question": "x" * 5000})
    assert r.status_code == 413 and r.json()["error"]["code"] == "payload_too_large"
    assert audit_rows(c)[0].status == 413


def test_the_deadline_applies_to_authenticated_requests(settings):
    from tests.api.test_timeouts import SlowEngine
    with TestClient(create_app(settings.model_copy(update={"request_timeout_s": 0.2}), SlowEngine(settings))) as c:
        secret = make_key(c)
        r = c.post("/api/ask", headers=bearer(secret), json={"question": "total revenue by country"})
        assert r.status_code == 504 and r.json()["error"]["code"] == "deadline_exceeded"


def test_auth_over_a_real_socket(serve, settings, engine):
    app = create_app(settings.model_copy(update={"rate_limit_per_minute": 6, "rate_limit_burst": 2}), engine)
    url = serve(app)
    with httpx.Client(base_url=url, timeout=30) as http:
        assert http.get("/api/sessions").status_code == 200                  # no key yet: the local user
        key = http.post("/api/admin/keys", json={"tenant_id": "default", "user_id": "ann"}).json()["key"]
        r = http.get("/api/sessions")
        assert r.status_code == 401 and r.headers["www-authenticate"].startswith("Bearer")
        asked = http.post("/api/ask", headers=bearer(key), json={"question": "total revenue by country"})
        assert asked.status_code == 200 and asked.json()["sql"]
        assert http.get("/api/sessions", headers=bearer(key)).status_code == 200    # the burst of 2 is used up
        r = http.get("/api/sessions", headers=bearer(key))
        assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1


@pytest.mark.postgres
def test_keys_tenants_and_audit_are_shared_by_replicas_on_postgresql(settings, engine, postgres_store_url):
    shared = settings.model_copy(update={"store_url": postgres_store_url, "source_tenants": {"shop": "acme"}})
    with TestClient(create_app(shared, engine)) as a, TestClient(create_app(shared, engine)) as b:
        root = make_key(a, "root", admin=True)
        assert b.post("/api/admin/tenants", json={"id": "acme"}, headers=bearer(root)).status_code == 201
        made = a.post("/api/admin/keys", json={"tenant_id": "acme", "user_id": "ann", "sources": ["shop"]},
                      headers=bearer(root)).json()
        assert b.get("/api/sources", headers=bearer(made["key"])).json()["sources"] == [{"name": "shop"}]
        assert b.delete(f"/api/admin/keys/{made['id']}", headers=bearer(root)).status_code == 200
        assert a.get("/api/sources", headers=bearer(made["key"])).status_code == 401
        entries = a.get("/api/admin/audit", params={"tenant_id": "acme"}, headers=bearer(root)).json()["entries"]
        assert [(e["path"], e["status"]) for e in entries] == [("/api/sources", 200)]


@pytest.mark.postgres
def test_nul_bytes_in_admin_ids_are_not_found_on_postgresql(settings, engine, postgres_store_url):
    with TestClient(create_app(settings.model_copy(update={"store_url": postgres_store_url}), engine)) as c:
        root = bearer(make_key(c, "root", admin=True))
        assert c.get("/api/admin/tenants/a%00b", headers=root).status_code == 404
        assert c.delete("/api/admin/keys/key_%00", headers=root).status_code == 404
        assert c.get("/api/admin/keys", params={"tenant_id": "a\x00"}, headers=root).json()["keys"] == []
        assert c.get("/api/admin/audit", params={"tenant_id": "a\x00"}, headers=root).json()["entries"] == []
        assert c.delete("/api/admin/grants/a%00/b", headers=root).status_code == 404
        assert c.put("/api/admin/grants/default/a%00", json={"sources": []}, headers=root).status_code == 422
        assert c.get("/api/sessions/x", headers=root).status_code == 404
        c.get("/api/x%00y", headers=root)
        paths = [e["path"] for e in c.get("/api/admin/audit", headers=root).json()["entries"]]
        assert "/api/x\\0y" in paths

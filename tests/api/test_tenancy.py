"""Tenant isolation on the native API: every endpoint, called with another tenant's credential and ids, reveals
nothing (404 for their conversations and sources, 403 for a source of one's own tenant that is not granted)."""
from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from conversql.api.app import create_app
from conversql.auth.authenticator import authenticator_for

QUESTION = "total revenue by country"


@pytest.fixture(scope="module")
def tenancy_settings(shop_settings):
    """One database served as three sources: shop and shop_c belong to acme, shop_b to globex."""
    url = shop_settings.sources["shop"]
    return shop_settings.model_copy(update={
        "sources": {"shop": url, "shop_b": url, "shop_c": url},
        "source_tenants": {"shop": "acme", "shop_b": "globex", "shop_c": "acme"}})


@pytest.fixture(scope="module")
def tenancy_engine(tenancy_settings):
    from conversql.engine.pipeline import Engine
    return Engine(tenancy_settings)


class World:
    """Two tenants with a conversation each; keys for ann (acme), rita (acme, granted shop only), zoe (globex)."""

    def __init__(self, client: TestClient):
        self.client = client
        auth = authenticator_for(client.app.state.settings, client.app.state.store)
        for tenant in ("acme", "globex"):
            auth.tenants.create(tenant)
        auth.tenants.grant("acme", "rita", ["shop"])
        self.ann = _h(auth.keys.create("acme", "ann").secret)
        self.ann_shop_only_key = _h(auth.keys.create("acme", "ann", sources=["shop"]).secret)
        self.bob = _h(auth.keys.create("acme", "bob").secret)
        self.rita = _h(auth.keys.create("acme", "rita").secret)
        self.zoe = _h(auth.keys.create("globex", "zoe").secret)
        # globex's conversation, with an answer and a re-chart, all of which must stay invisible to acme
        created = client.post("/api/sessions", json={"source": "shop_b", "title": "Globex secret plans"},
                              headers=self.zoe)
        assert created.status_code == 201, created.text
        self.globex_session = created.json()["session_id"]
        answer = client.post(f"/api/sessions/{self.globex_session}/messages", json={"question": QUESTION},
                             headers=self.zoe)
        assert answer.status_code == 200 and answer.json()["rows"], answer.text
        self.globex_answer = answer.json()
        assert client.post(f"/api/sessions/{self.globex_session}/visualize", json={"chart_type": "pie"},
                           headers=self.zoe).status_code == 200
        history = client.get(f"/api/sessions/{self.globex_session}/history", headers=self.zoe).json()
        self.globex_message = next(m["message_id"] for m in history["messages"] if m["role"] == "assistant")
        board = client.post("/api/dashboards", json={"name": "Globex board"}, headers=self.zoe)
        assert board.status_code == 201, board.text
        self.globex_dashboard = board.json()["dashboard_id"]
        pin = client.post(f"/api/dashboards/{self.globex_dashboard}/pins", headers=self.zoe,
                          json={"session_id": self.globex_session, "message_id": self.globex_message})
        assert pin.status_code == 201, pin.text
        self.globex_pin = pin.json()["pin_id"]
        self.acme_dashboard = client.post("/api/dashboards", json={"name": "Acme board"},
                                          headers=self.ann).json()["dashboard_id"]

    def ids(self) -> dict:
        return {"sid": self.globex_session, "did": self.globex_dashboard, "pid": self.globex_pin,
                "mid": self.globex_message, "own": self.acme_dashboard}

    def globex_markers(self) -> list[str]:
        """Strings that only globex's data contains."""
        return ["Globex secret plans", "shop_b", self.globex_answer["sql"], self.globex_answer["response"]]


def _h(secret: str) -> dict:
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture()
def world(tenancy_settings, tenancy_engine, tmp_path):
    settings = tenancy_settings.model_copy(update={"store_url": f"sqlite:///{tmp_path / 'chat.db'}"})
    with TestClient(create_app(settings, tenancy_engine), raise_server_exceptions=False) as client:
        yield World(client)


# Every native endpoint, called by acme's ann with globex's ids: (method, route, path, body).
def matrix(sid: str, did: str = "x", pid: str = "x", mid: str = "x", own: str = "x"
           ) -> list[tuple[str, str, str, dict | None]]:
    return [
        ("GET", "/api/dashboards/{dashboard_id}", f"/api/dashboards/{did}", None),
        ("DELETE", "/api/dashboards/{dashboard_id}", f"/api/dashboards/{did}", None),
        ("POST", "/api/dashboards/{dashboard_id}/pins", f"/api/dashboards/{did}/pins",
         {"session_id": sid, "message_id": mid}),
        # pinning the other tenant's answer onto one's own dashboard
        ("POST", "/api/dashboards/{dashboard_id}/pins", f"/api/dashboards/{own}/pins",
         {"session_id": sid, "message_id": mid}),
        ("DELETE", "/api/dashboards/{dashboard_id}/pins/{pin_id}", f"/api/dashboards/{did}/pins/{pid}", None),
        ("POST", "/api/sessions", "/api/sessions", {"source": "shop_b"}),
        ("GET", "/api/sessions/{session_id}", f"/api/sessions/{sid}", None),
        ("PATCH", "/api/sessions/{session_id}", f"/api/sessions/{sid}", {"title": "mine now"}),
        ("DELETE", "/api/sessions/{session_id}", f"/api/sessions/{sid}", None),
        ("POST", "/api/sessions/{session_id}/messages", f"/api/sessions/{sid}/messages", {"question": QUESTION}),
        ("POST", "/api/sessions/{session_id}/messages", f"/api/sessions/{sid}/messages?stream=true",
         {"question": QUESTION}),
        ("POST", "/api/sessions/{session_id}/refine", f"/api/sessions/{sid}/refine", {"refinement": "only France"}),
        ("POST", "/api/sessions/{session_id}/visualize", f"/api/sessions/{sid}/visualize", {"chart_type": "bar"}),
        ("GET", "/api/sessions/{session_id}/history", f"/api/sessions/{sid}/history", None),
        ("POST", "/api/ask", "/api/ask", {"question": QUESTION, "source": "shop_b"}),
        ("GET", "/api/sources/{name}", "/api/sources/shop_b", None),
        ("POST", "/api/sources/{name}/refresh", "/api/sources/shop_b/refresh", None),
    ]


# Listings are 200 but must not contain the other tenant's things.
LISTINGS = [("GET", "/api/sessions"), ("GET", "/api/sources"), ("GET", "/api/dashboards"),
            ("POST", "/api/dashboards")]   # creating a dashboard makes one's own


def test_the_matrix_covers_every_native_endpoint(world):
    routes = {(m.upper(), path) for path, ops in world.client.app.openapi()["paths"].items()
              # the vendor surfaces under /api/v1 have their own matrix (tests/api/surfaces)
              if path.startswith("/api/") and not path.startswith(("/api/admin", "/api/v1/")) for m in ops}
    assert len(routes) >= 10
    covered = {(m, route) for m, route, _p, _b in matrix("x")} | set(LISTINGS)
    assert routes - covered == set(), "add these endpoints to the tenant-isolation matrix"


def test_another_tenants_ids_and_sources_are_not_found_and_reveal_nothing(world):
    for method, _route, path, body in matrix(**world.ids()):
        r = world.client.request(method, path, json=body, headers=world.ann)
        assert r.status_code == 404, (method, path, r.status_code, r.text)
        text = r.text.replace(f"'{'shop_b'}'", "")      # the name the caller sent may be echoed, nothing else
        for marker in world.globex_markers():
            assert marker not in text, (method, path, marker)


def test_listings_hold_only_the_callers_tenant(world):
    sessions = world.client.get("/api/sessions", headers=world.ann)
    assert sessions.status_code == 200 and sessions.json()["total_count"] == 0
    boards = world.client.get("/api/dashboards", headers=world.ann).json()
    assert "Globex board" not in json.dumps(boards)
    sources = world.client.get("/api/sources", headers=world.ann).json()["sources"]
    assert [s["name"] for s in sources] == ["shop", "shop_c"]
    assert [s["name"] for s in world.client.get("/api/sources", headers=world.zoe).json()["sources"]] == ["shop_b"]


def test_the_other_tenants_conversation_is_untouched(world):
    """After acme tried to rename, delete, ask, refine and re-chart it, globex's session is exactly as it was."""
    for method, _route, path, body in matrix(**world.ids()):
        world.client.request(method, path, json=body, headers=world.ann)
    session = world.client.get(f"/api/sessions/{world.globex_session}", headers=world.zoe).json()
    assert session["title"] == "Globex secret plans" and session["message_count"] == 3
    board = world.client.get(f"/api/dashboards/{world.globex_dashboard}", headers=world.zoe).json()
    assert [p["pin_id"] for p in board["pins"]] == [world.globex_pin]
    own = world.client.get(f"/api/dashboards/{world.acme_dashboard}", headers=world.ann).json()
    assert own["pins"] == []


def test_another_user_of_the_same_tenant_does_not_see_my_conversations(world):
    sid = world.client.post("/api/sessions", json={"source": "shop"}, headers=world.ann).json()["session_id"]
    assert world.client.get(f"/api/sessions/{sid}", headers=world.bob).status_code == 404
    assert world.client.get("/api/sessions", headers=world.bob).json()["total_count"] == 0


def test_a_source_of_my_tenant_that_is_not_granted_is_forbidden(world):
    for headers in (world.rita, world.ann_shop_only_key):
        assert [s["name"] for s in world.client.get("/api/sources", headers=headers).json()["sources"]] == ["shop"]
        for method, path, body in [("GET", "/api/sources/shop_c", None),
                                   ("POST", "/api/sessions", {"source": "shop_c"}),
                                   ("POST", "/api/ask", {"question": QUESTION, "source": "shop_c"})]:
            r = world.client.request(method, path, json=body, headers=headers)
            assert r.status_code == 403, (method, path, r.text)
            assert r.json()["error"]["code"] == "source_forbidden"
        assert world.client.post("/api/ask", json={"question": QUESTION, "source": "shop"},
                                 headers=headers).status_code == 200


def test_a_request_without_a_source_gets_the_first_one_the_caller_may_use(world):
    created = world.client.post("/api/sessions", json={}, headers=world.zoe)
    assert created.json()["source"] == "shop_b"


def test_a_grant_taken_away_stops_new_questions_in_an_existing_session(world):
    auth = authenticator_for(world.client.app.state.settings, world.client.app.state.store)
    sid = world.client.post("/api/sessions", json={"source": "shop_c"}, headers=world.bob).json()["session_id"]
    auth.tenants.grant("acme", "bob", ["shop"])
    r = world.client.post(f"/api/sessions/{sid}/messages", json={"question": QUESTION}, headers=world.bob)
    assert r.status_code == 403
    assert world.client.get(f"/api/sessions/{sid}/history", headers=world.bob).status_code == 200


def test_unknown_source_errors_list_only_the_callers_sources(world):
    r = world.client.post("/api/sessions", json={"source": "nope"}, headers=world.zoe)
    assert r.status_code == 404
    message = r.json()["error"]["message"]
    assert "shop_b" in message and "shop_c" not in message and "'shop'" not in message.replace("shop_b", "")


def test_jwt_principals_are_isolated_the_same_way(tenancy_settings, tenancy_engine, tmp_path):
    import time

    import jwt
    secret = "a-long-shared-secret-for-hs256-tests"
    settings = tenancy_settings.model_copy(update={"store_url": f"sqlite:///{tmp_path / 'jwt.db'}",
                                                   "jwt_secret": secret})

    def token(tenant, user, **extra):
        return _h(jwt.encode({"sub": user, "tenant_id": tenant, "exp": int(time.time()) + 60, **extra}, secret))

    with TestClient(create_app(settings, tenancy_engine)) as client:
        sid = client.post("/api/sessions", json={"source": "shop_b"},
                          headers=token("globex", "zoe")).json()["session_id"]
        assert client.get(f"/api/sessions/{sid}", headers=token("acme", "zoe")).status_code == 404
        assert client.get("/api/sources/shop_b", headers=token("acme", "ann")).status_code == 404
        limited = token("acme", "ann", sources=["shop"])
        assert client.get("/api/sources/shop_c", headers=limited).status_code == 403
        assert json.loads(client.get("/api/sources", headers=limited).text)["sources"] == [{"name": "shop"}]

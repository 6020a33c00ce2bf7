"""Health, the list of sources and what one source holds, refreshing one; the OpenAPI page."""
from __future__ import annotations

import sqlite3

from fastapi.testclient import TestClient

from conversql.api.app import create_app
from conversql.auth.authenticator import authenticator_for
from conversql.engine.pipeline import Engine
from tests.api.conftest import build_shop


def test_health_reports_ok_and_the_sources(client):
    body = client.get("/health").json()
    assert body["status"] == "ok" and body["sources"] == 1


def test_sources_are_listed_by_name(client):
    assert client.get("/api/sources").json() == {"sources": [{"name": "shop"}]}


def test_a_source_describes_its_tables(client):
    body = client.get("/api/sources/shop").json()
    assert body["name"] == "shop" and body["dialect"] == "sqlite"
    tables = {t["name"]: t for t in body["tables"]}
    assert {"customers", "orders", "order_items", "products"} <= set(tables)
    assert tables["customers"]["row_count"] == 60
    assert isinstance(body["example_questions"], list)


def test_openapi_documents_every_route(client):
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/health", "/api/sources", "/api/sources/{name}", "/api/sessions", "/api/sessions/{session_id}",
            "/api/sessions/{session_id}/messages", "/api/sessions/{session_id}/history",
            "/api/sessions/{session_id}/refine", "/api/sessions/{session_id}/visualize", "/api/ask"} <= set(paths)
    streamed = paths["/api/sessions/{session_id}/messages"]["post"]["responses"]["200"]["content"]
    assert "text/event-stream" in streamed and "application/json" in streamed


def test_refreshing_a_source_reads_it_again(tmp_path, settings):
    path = build_shop(tmp_path / "shop.sqlite", orders=20)
    s = settings.model_copy(update={"sources": {"shop": f"sqlite:///{path}"}})
    engine = Engine(s)
    try:
        with TestClient(create_app(s, engine), raise_server_exceptions=False) as client:
            before = engine.catalog.get("shop")
            con = sqlite3.connect(path)
            con.execute("INSERT INTO customers VALUES (61, 'Customer 61', 'Portugal', 'Porto')")
            con.commit()
            con.close()
            r = client.post("/api/sources/shop/refresh")
            assert r.status_code == 200, r.text
            body = r.json()
            assert body["name"] == "shop" and body["tables"] == 4 and body["refreshed_at"]
            assert engine.catalog.get("shop") is not before
            assert "Portugal" in engine.catalog.get("shop").model.fields["customers.country"].values
            assert client.post("/api/sources/nope/refresh").status_code == 404
    finally:
        engine.catalog.close()


def test_only_an_administrator_refreshes_a_source(settings, engine):
    with TestClient(create_app(settings, engine), raise_server_exceptions=False) as client:
        auth = authenticator_for(client.app.state.settings, client.app.state.store)
        plain = auth.keys.create("default", "ann").secret
        r = client.post("/api/sources/shop/refresh", headers={"Authorization": f"Bearer {plain}"})
        assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"
        assert client.post("/api/sources/shop/refresh").status_code == 401

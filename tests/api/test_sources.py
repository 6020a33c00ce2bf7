"""Health, the list of sources and what one source holds; the OpenAPI page."""
from __future__ import annotations


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

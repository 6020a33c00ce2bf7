"""Stateless replicas: two API servers sharing one PostgreSQL chat store carry one conversation between them."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from conversql.api.app import create_app

pytestmark = pytest.mark.postgres


def test_a_conversation_continues_on_another_replica(settings, engine, postgres_store_url):
    shared = settings.model_copy(update={"store_url": postgres_store_url})
    with TestClient(create_app(shared, engine)) as a, TestClient(create_app(shared, engine)) as b:
        sid = a.post("/api/sessions", json={}).json()["session_id"]
        first = a.post(f"/api/sessions/{sid}/messages", json={"question": "total revenue by country"}).json()
        second = b.post(f"/api/sessions/{sid}/messages", json={"question": "only Germany"}).json()
        assert "c.country = 'Germany'" in second["sql"] and second["columns"] == first["columns"]
        pie = a.post(f"/api/sessions/{sid}/visualize", json={"chart_type": "pie"}).json()
        assert pie["rows"] == second["rows"]
        history = b.get(f"/api/sessions/{sid}/history").json()
        assert [m["role"] for m in history["messages"]] == ["user", "assistant", "user", "assistant", "assistant"]
        assert b.get("/api/sessions").json()["total_count"] == 1


def test_bad_input_stores_nothing_on_postgresql_either(settings, engine, postgres_store_url):
    shared = settings.model_copy(update={"store_url": postgres_store_url})
    with TestClient(create_app(shared, engine)) as client:
        sid = client.post("/api/sessions", json={}).json()["session_id"]
        assert client.post(f"/api/sessions/{sid}/messages", json={"question": ""}).status_code == 422
        assert client.post(f"/api/sessions/{sid}/refine", json={"refinement": "x"}).status_code == 409
        assert client.get(f"/api/sessions/{sid}/history").json()["total_count"] == 0

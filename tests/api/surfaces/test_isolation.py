"""Tenant isolation, endpoint by endpoint: globex's credential with acme-corp's ids reveals nothing of acme's."""
from __future__ import annotations

import json

import httpx
import pytest

from tests.api.surfaces.credentials import ANN, BOB, auth, secret

SECRET = "revenue by country"        # acme's question: must never appear in an answer to globex


@pytest.fixture()
def acme(surface_url) -> dict[str, str]:
    """One of everything, made by acme-corp's user-456."""
    with httpx.Client(base_url=surface_url, headers=auth(ANN), timeout=60) as c:
        ids = {
            "chat": c.post("/api/v1/chats", json={"prompt": SECRET, "project_id": "demo"}).json()["chat_id"],
            "faas": c.post("/faas/api/chat", json={"userInput": SECRET, "modelId": "conversql-deterministic",
                                                   "databaseId": "demo"}).json()["chatId"],
            "conv": c.post("/api/v1/analytics/chat", json={"query": SECRET, "collectionIds": ["demo"]}
                           ).json()["conversationId"],
            "bi": c.post("/api/v1/bi/chat/sessions", json={}).json()["session_id"],
            "native": c.post("/api/sessions", json={}).json()["session_id"],
        }
        c.post(f"/api/v1/bi/chat/sessions/{ids['bi']}/messages", json={"message": SECRET})
        ids["board"] = c.post("/api/v1/dashboards", json={"name": "acme board", "conversationId": ids["conv"]}
                              ).json()["dashboard"]["id"]
        ids["native_board"] = c.post("/api/dashboards", json={"name": "acme native"}).json()["dashboard_id"]
        c.post("/conversational_analytics/chat", json={"conversation_id": "shared-name", "user_message": SECRET})
        ids["op"] = c.post("/conversational_analytics/chat", json={"conversation_id": "shared-name",
                                                                   "user_message": "only Germany"},
                           headers={"Prefer": "respond-async"}).headers["location"]
        history = c.get(f"/api/sessions/{ids['chat']}/history").json()["messages"]
        ids["message"] = history[1]["message_id"]
    return ids


def calls(ids: dict[str, str]) -> list[tuple[str, str, dict | None]]:
    # (002 answers a collection the caller may not use with 403 before looking at the conversation: its documented
    # "no access to collection", the same for a collection of another tenant as for one that does not exist.)
    """Every endpoint of every surface (and the native API), aimed at acme's ids."""
    bi = f"/api/v1/bi/chat/sessions/{ids['bi']}"
    return [
        ("POST", "/api/v1/chats", {"prompt": "only Germany", "project_id": "demo", "chat_id": ids["chat"]}),
        ("POST", "/faas/api/chat", {"userInput": "only Germany", "modelId": "conversql-deterministic",
                                    "databaseId": "demo", "chatId": ids["faas"]}),
        ("POST", "/api/v1/analytics/chat", {"query": "only Germany", "collectionIds": ["demo"],
                                            "conversationId": ids["conv"]}),
        ("POST", "/v1/analytics/chat", {"query": "only Germany", "collectionIds": ["demo"],
                                        "conversationId": ids["conv"]}),
        ("GET", f"/api/v1/dashboards/{ids['board']}", None),
        ("DELETE", f"/api/v1/dashboards/{ids['board']}", None),
        ("POST", "/api/v1/dashboards", {"name": "stolen", "conversationId": ids["conv"]}),
        ("POST", "/api/v1/bi/chat/sessions", {"tenant_id": "acme-corp", "user_id": "user-456"}),
        ("POST", f"{bi}/messages", {"message": "only Germany"}),
        ("GET", f"{bi}/history", None),
        ("POST", f"{bi}/refine", {"refinement": "only Germany"}),
        ("POST", f"{bi}/visualize", {"chart_type": "pie"}),
        ("GET", ids["op"], None),
        ("GET", f"/api/sessions/{ids['native']}", None),
        ("GET", f"/api/sessions/{ids['chat']}/history", None),
        ("POST", f"/api/sessions/{ids['chat']}/messages", {"question": "only Germany"}),
        ("DELETE", f"/api/sessions/{ids['chat']}", None),
        ("GET", f"/api/dashboards/{ids['native_board']}", None),
        ("POST", f"/api/dashboards/{ids['native_board']}/pins", {"session_id": ids["chat"],
                                                                  "message_id": ids["message"]}),
    ]


def test_every_endpoint_with_another_tenants_ids_is_not_found(surface_url, acme):
    with httpx.Client(base_url=surface_url, headers=auth(BOB), timeout=60) as globex:
        for method, path, body in calls(acme):
            r = globex.request(method, path, json=body)
            # 403: a collection not usable (002), a session for another tenant (003); neither says whether it exists
            expected = 403 if path.endswith(("/analytics/chat", "/sessions")) else 404
            assert r.status_code == expected, (method, path, r.status_code, r.text)
            assert SECRET not in r.text and "acme" not in r.text, (method, path, r.text)


def own_source_calls(ids: dict[str, str]) -> list[tuple[str, dict]]:
    """The surfaces that name a source beside the conversation, with globex's own source and acme's conversation:
    the conversation id alone must be what is refused (a stub that ignored whose chat it is would answer)."""
    return [
        ("/api/v1/chats", {"prompt": "only Germany", "project_id": "globex_demo", "chat_id": ids["chat"]}),
        ("/faas/api/chat", {"userInput": "only Germany", "modelId": "conversql-deterministic",
                            "databaseId": "globex_demo", "chatId": ids["faas"]}),
        ("/api/v1/analytics/chat", {"query": "only Germany", "collectionIds": ["globex_demo"],
                                    "conversationId": ids["conv"]}),
        ("/v1/analytics/chat", {"query": "only Germany", "collectionIds": ["globex_demo"],
                                "conversationId": ids["conv"]}),
    ]


def test_another_tenants_conversation_is_not_found_with_ones_own_source(surface_url, acme):
    with httpx.Client(base_url=surface_url, headers=auth(BOB), timeout=60) as globex:
        for path, body in own_source_calls(acme):
            r = globex.post(path, json=body)
            assert r.status_code == 404, (path, r.text)
            # not "chat ... is on project demo": that would confirm the id exists and name acme's source
            assert SECRET not in r.text and "demo'" not in r.text and "is on" not in r.text, (path, r.text)
    with httpx.Client(base_url=surface_url, headers=auth(ANN), timeout=60) as c:      # acme's chats untouched
        for key in ("chat", "faas", "conv"):
            assert c.get(f"/api/sessions/{acme[key]}/history").json()["total_count"] == 2


def test_lists_show_only_ones_own(surface_url, acme):
    with httpx.Client(base_url=surface_url, headers=auth(BOB), timeout=60) as globex:
        assert globex.get("/api/v1/dashboards").json()["total"] == 0
        assert globex.get("/api/dashboards").json()["total_count"] == 0
        assert globex.get("/api/sessions").json()["total_count"] == 0


def test_a_conversation_name_is_per_tenant(surface_url, acme):
    """004's clients name conversations: globex's 'shared-name' is its own, empty conversation."""
    r = httpx.post(f"{surface_url}/conversational_analytics/chat", headers=auth(BOB), timeout=60,
                   json={"conversation_id": "shared-name", "user_message": "how many customers"})
    assert r.status_code == 200
    assert {m["groupId"] for m in r.json()} == {1} and SECRET not in r.text


def test_the_websocket_of_another_tenants_session_is_refused(surface_url, acme):
    from websockets.sync.client import connect
    url = surface_url.replace("http://", "ws://") + f"/ws/chat/{acme['bi']}?token={secret(BOB)}"
    with connect(url) as ws:
        event = ws.recv(timeout=10)
    assert json.loads(event)["error"]["status"] == 404 and SECRET not in event


def test_acme_still_has_everything(surface_url, acme):
    with httpx.Client(base_url=surface_url, headers=auth(ANN), timeout=60) as c:
        assert c.get(f"/api/v1/dashboards/{acme['board']}").status_code == 200
        assert c.get(f"/api/v1/bi/chat/sessions/{acme['bi']}/history").json()["total_count"] == 2
        assert c.get(f"/api/sessions/{acme['chat']}").status_code == 200

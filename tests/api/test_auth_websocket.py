"""WebSockets authenticate with `?token=` (browsers cannot set headers on one) through the same function as HTTP,
and are audited without the token."""
from __future__ import annotations

import json

import pytest
from fastapi import WebSocket
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from conversql.api.app import create_app
from conversql.api.deps import authenticate_connection
from conversql.auth.authenticator import authenticator_for
from conversql.auth.principal import AuthError


@pytest.fixture()
def ws_client(settings, engine):
    app = create_app(settings, engine)

    @app.websocket("/ws/whoami")
    async def whoami(websocket: WebSocket):
        try:
            principal = authenticate_connection(websocket)
        except AuthError as e:
            await websocket.close(code=4401 if e.status == 401 else 4429, reason=e.code)
            return
        await websocket.accept()
        await websocket.send_text(json.dumps({"tenant": principal.tenant_id, "user": principal.user_id}))
        await websocket.close()

    with TestClient(app) as client:
        auth = authenticator_for(client.app.state.settings, client.app.state.store)
        yield client, auth


def test_a_websocket_authenticates_with_the_token_query_parameter(ws_client):
    client, auth = ws_client
    secret = auth.keys.create("default", "ann").secret
    with client.websocket_connect(f"/ws/whoami?token={secret}") as ws:
        assert json.loads(ws.receive_text()) == {"tenant": "default", "user": "ann"}
    with client.websocket_connect("/ws/whoami", headers={"Authorization": f"Bearer {secret}"}) as ws:
        assert json.loads(ws.receive_text())["user"] == "ann"


def test_a_websocket_without_a_valid_token_is_refused_and_audited_without_it(ws_client):
    client, auth = ws_client
    secret = auth.keys.create("default", "ann").secret
    for url in ("/ws/whoami", "/ws/whoami?token=sk_forged"):
        with pytest.raises(WebSocketDisconnect) as closed:
            with client.websocket_connect(url) as ws:
                ws.receive_text()
        assert closed.value.code == 4401
    with client.websocket_connect(f"/ws/whoami?token={secret}") as ws:
        ws.receive_text()
    rows = auth.audit.entries()
    assert [(r.method, r.path, r.status, r.error_code) for r in rows] == [
        ("WS", "/ws/whoami", 101, None), ("WS", "/ws/whoami", 403, "invalid_api_key"),
        ("WS", "/ws/whoami", 403, "missing_credential")]
    assert rows[0].credential_id.startswith("key_") and secret not in repr(rows) and "sk_forged" not in repr(rows)

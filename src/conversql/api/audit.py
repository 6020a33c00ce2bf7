"""Write one audit-log row per request once its response is complete (streams included), whatever the outcome.

Pure ASGI middleware, outermost, so refusals by the body-size limit and by authentication are logged too. The
principal (or the authentication error) comes from the request state, where `deps.get_principal` leaves it. The
row is written in a worker thread after the response is sent; a failure to write it is logged, never the client's
problem.
"""
from __future__ import annotations

import logging
import time
from datetime import datetime, timezone

import anyio
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from conversql.api.deps import ERROR_CODE_STATE, PRINCIPAL_STATE
from conversql.auth.audit import AuditEntry
from conversql.auth.authenticator import authenticator_for

log = logging.getLogger(__name__)

ERROR_CODE_OF_STATUS = {413: "payload_too_large", 504: "deadline_exceeded"}


class AuditMiddleware:
    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})
        started = time.perf_counter()
        at = datetime.now(timezone.utc)
        status = 500          # what the client sees if the app dies before answering

        async def watched_send(message: Message) -> None:
            nonlocal status
            kind = message["type"]
            if kind == "http.response.start":
                status = message["status"]
            elif kind == "websocket.accept":
                status = 101
            elif kind == "websocket.close" and status == 500:
                status = 403        # closed before it was accepted: ASGI turns that into an HTTP 403
            elif kind == "websocket.close" and status == 101 and 4000 <= message.get("code", 1000) < 5000:
                status = message["code"] - 4000     # refused once open: 4000 + the HTTP status (4401, 4404...)
            elif kind == "websocket.http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, watched_send)
        finally:
            with anyio.CancelScope(shield=True):      # a client that went away is still logged
                await self._record(scope, state, at, status, started)

    async def _record(self, scope: Scope, state: dict, at: datetime, status: int, started: float) -> None:
        app = scope.get("app")
        settings = getattr(app.state, "settings", None) if app is not None else None
        store = getattr(app.state, "store", None) if app is not None else None
        path = scope.get("path", "")
        if settings is None or store is None or not settings.audit_log or _excluded(path, settings.audit_exclude_paths):
            return
        principal = state.get(PRINCIPAL_STATE)
        client = scope.get("client")
        entry = AuditEntry(
            at=at, method=scope.get("method", "WS") if scope["type"] == "http" else "WS", path=path,
            status=status, duration_ms=round((time.perf_counter() - started) * 1000, 3),
            credential_id=principal.credential_id if principal else None, kind=principal.kind if principal else None,
            tenant_id=principal.tenant_id if principal else None, user_id=principal.user_id if principal else None,
            error_code=state.get(ERROR_CODE_STATE) or ERROR_CODE_OF_STATUS.get(status),
            client=client[0][:64] if client else None)
        try:
            audit = authenticator_for(settings, store).audit
            await anyio.to_thread.run_sync(audit.record, entry)
        except Exception:  # noqa: BLE001 - the audit log must never break a request
            log.exception("could not write the audit log row for %s %s", entry.method, path)


def _excluded(path: str, excluded: list[str]) -> bool:
    """'/health' excludes that path; '/static/' (ending in a slash) every path under it."""
    return any(path == p or (p.endswith("/") and p != "/" and path.startswith(p)) for p in excluded)

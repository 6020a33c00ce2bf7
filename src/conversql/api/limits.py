"""Refuse request bodies over a size limit with 413, before the application reads them."""
from __future__ import annotations

from typing import Callable

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from conversql.api.deps import ERROR_CODE_STATE
from conversql.api.errors import error_response

DEFAULT_MAX_BODY_BYTES = 64 * 1024
CODE = "payload_too_large"

# (path, status, code, message) -> the refusal in the error shape of whatever serves the path, or None for ours.
Refusal = Callable[[str, int, str, str], Response | None]


class BodySizeLimit:
    """Pure ASGI middleware (it must not buffer the SSE responses going out).

    A declared Content-Length over the limit is refused at once; a chunked body is counted as it arrives and
    refused when it crosses the limit (FastAPI turns the raised HTTPException into our JSON error). `refusal`
    renders the immediate refusal in the error shape of a vendor surface when the path is one of theirs, so both
    ways of sending too much get the same answer.
    """

    def __init__(self, app: ASGIApp, max_bytes: int = DEFAULT_MAX_BODY_BYTES, refusal: Refusal | None = None):
        self.app = app
        self.max_bytes = max_bytes
        self.refusal = refusal

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, receive, send)
            return
        seen = 0

        async def counted_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise HTTPException(413, self._message())
            return message

        await self.app(scope, counted_receive, send)

    def _message(self) -> str:
        return f"the request body is larger than the limit of {self.max_bytes} bytes"

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope.setdefault("state", {})[ERROR_CODE_STATE] = CODE          # for the audit log
        response = self.refusal(scope.get("path", ""), 413, CODE, self._message()) if self.refusal else None
        await (response or error_response(413, CODE, self._message()))(scope, receive, send)

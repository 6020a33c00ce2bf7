"""Surface 003's WebSocket: `WS /ws/chat/{session_id}?token=JWT`, streaming each answer as it is made.

The client sends `{"type": "message", "content": "..."}` (or `"type": "refine"`); the server answers with
`stream_start`, one `text` event per pipeline step as it finishes (its words in `content`, the step itself in
`step`: the same progress the native SSE stream sends as `step` events), then `result` (the HTTP message response)
or `error`, and `stream_end`. The connection stays open for the next message. A refused credential or an unknown
session is an `error` event, then the socket closes with code 4000 + the HTTP status (4401, 4403, 4404, 4429).
Every message takes one request off the credential's rate limit, as an HTTP request would: past it, the message is
answered by an `error` event with status 429 and `retry_after` (seconds), and the socket stays open.
"""
from __future__ import annotations

import asyncio
import json
from typing import Any

from fastapi import APIRouter, Depends, WebSocket, WebSocketDisconnect
from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError
from typing import Annotated, Literal

from conversql.api.deps import ERROR_CODE_STATE, authenticate_connection, get_authenticator
from conversql.api.schemas import QUESTION_MAX
from conversql.api.streaming import progress
from conversql.api.surfaces.bi_chat import chat_response
from conversql.api.surfaces.common import Failure, failure_of, step_text
from conversql.auth.principal import AuthError, Principal
from conversql.conversations.service import ConversationService, Exchange, Turn
from conversql.engine.answer import Step

router = APIRouter(tags=["surface 003: BI chat"])


class ClientMessage(BaseModel):
    model_config = ConfigDict(extra="ignore")
    type: Literal["message", "refine"]
    content: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=QUESTION_MAX)]


def socket_identity(websocket: WebSocket, token: str | None = None) -> Principal | AuthError:
    """Who is on the socket, from the `token` query parameter (or the headers); a refusal is returned, not
    raised, so that the socket can say why before it closes."""
    try:
        return authenticate_connection(websocket)
    except AuthError as e:
        return e


@router.websocket("/ws/chat/{session_id}")
async def chat_socket(websocket: WebSocket, session_id: str,
                      identity: Annotated[Principal | AuthError, Depends(socket_identity)]) -> None:
    await websocket.accept()
    try:
        if isinstance(identity, AuthError):
            raise identity
        principal = identity
        app = websocket.app
        service = ConversationService(app.state.store, app.state.engine, owner=principal.owner,
                                      timeout_s=app.state.settings.request_timeout_s,
                                      access=get_authenticator(websocket).access(principal))
        session = service.get(session_id)
        service.resolve_source(session.source)          # its source must still be granted (403)
    except Exception as e:  # noqa: BLE001 - refused before any message: say why, then close
        f = failure_of(e)
        setattr(websocket.state, ERROR_CODE_STATE, f.code)
        await _send_error(websocket, f)
        await websocket.close(code=4000 + f.status if f.status < 1000 else 1011)
        return
    try:
        while True:
            await _answer(websocket, principal, service, session_id, await websocket.receive_text())
    except WebSocketDisconnect:
        return


async def _answer(websocket: WebSocket, principal: Principal, service: ConversationService, session_id: str,
                  raw: str) -> None:
    try:
        message = ClientMessage.model_validate(json.loads(raw))
    except (ValueError, ValidationError) as e:
        problem = "the message is not valid JSON" if isinstance(e, json.JSONDecodeError) else \
            'send {"type": "message", "content": "<your question>"}'
        await _send_error(websocket, Failure(400, "invalid_request", problem))
        return
    def start() -> Turn:        # refusals (rate limit, nothing to refine yet, a session deleted meanwhile) come first
        get_authenticator(websocket).limit(principal)
        return (service.start_refine if message.type == "refine" else service.start_send)(session_id, message.content)

    try:                        # in a worker thread: the limiter (Redis) and the store must not hold up the loop
        turn = await asyncio.to_thread(start)
    except Exception as e:  # noqa: BLE001
        await _send_error(websocket, failure_of(e))
        return
    await websocket.send_json({"type": "stream_start", "agent": "router", "session_id": session_id})
    async for item in progress(turn.exchange):
        if isinstance(item, Step):
            await websocket.send_json({"type": "text", "content": step_text(item), "agent": item.agent,
                                       "step": item.model_dump(mode="json")})
        elif item.error is not None:
            await _send_error(websocket, failure_of(item.error))
        else:
            ex: Exchange = item.value
            data = chat_response(ex.answer, ex.reply.id).model_dump(mode="json", exclude={"success"})
            await websocket.send_json({"type": "result", "data": data})
    await websocket.send_json({"type": "stream_end", "session_id": session_id})


async def _send_error(websocket: WebSocket, f: Failure) -> None:
    error: dict[str, Any] = {"code": f.code, "message": f.message, "status": f.status}
    if "Retry-After" in f.headers:
        error["retry_after"] = int(f.headers["Retry-After"])
    await websocket.send_json({"type": "error", "error": error})

"""Surface 004: `POST /conversational_analytics/chat` — a conversation id and a message in, new messages out.

The client names its conversations: `conversation_id` is mapped to a session of the caller's own (so two tenants
may use the same id), created on first use on the first data source granted to the caller. The reply is a list:
the `userMessage`, then `systemMessage`s — `schema` (the tables and columns used), one `analysis` per pipeline step
(its `progressEvent`), `data` (`generatedSql` and `result`), `chart` (a Vega-Lite config), `text`, and on failure
`error` and `exampleQueries` — each with `timestamp`, `groupId` (the exchange's number) and `messageId`.

Long-running requests: with `Prefer: respond-async`, or when the answer is not ready within `SYNC_WAIT_S`, the
reply is 202 with an operation `{name, done: false}` and a `Location` to poll; `GET` on it answers 202 while the
answer is being made, then exactly what the POST would have (200 and the list, or the error). Operations live in
the serving process for `OPERATION_TTL_S` after they finish: poll the replica that accepted the request.

Errors are `{message, documentation_url}` with 400, 401, 403, 404, 429 or 500.
"""
from __future__ import annotations

import threading
import time
import uuid
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Request
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from conversql.api.deps import OwnerDep, PrincipalDep, ServiceDep
from conversql.api.schemas import QUESTION_MAX
from conversql.api.surfaces.common import Failure, default_source, surface_route
from conversql.conversations.service import Exchange
from conversql.conversations.store import Owner
from conversql.engine.answer import Answer

SYNC_WAIT_S = 30.0           # past this the client gets 202 and an operation to poll
OPERATION_TTL_S = 600.0
DOCS = "/docs#/surface%20004%3A%20conversational%20analytics"
_IDS = uuid.UUID("3f0d8a64-1c1e-4b8e-9a53-5e2b8c4d7f21")


class ErrorOut(BaseModel):
    message: str
    documentation_url: str


def render(f: Failure) -> JSONResponse:
    status = 400 if f.status in (409, 413, 415, 422) else f.status
    status = 500 if status >= 500 else status
    return JSONResponse(ErrorOut(message=f.message, documentation_url=DOCS).model_dump(), status_code=status)


router = APIRouter(prefix="/conversational_analytics", tags=["surface 004: conversational analytics"],
                   route_class=surface_route(render),
                   responses={s: {"model": ErrorOut} for s in (400, 401, 403, 404, 429, 500)})


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")
    conversation_id: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=256)] = \
        Field(examples=["conv-42"])
    user_message: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=QUESTION_MAX)] \
        = Field(examples=["What were my sales from the last 3 months?"])


class ChatMessage(BaseModel):
    """One message: exactly one of `userMessage` and `systemMessage` is present."""
    model_config = ConfigDict(extra="forbid")
    timestamp: str
    groupId: int
    messageId: str
    userMessage: dict[str, Any] | None = None
    systemMessage: dict[str, Any] | None = None


class Operation(BaseModel):
    name: str = Field(examples=["operations/6f1c..."])
    done: Literal[False] = False


# --- the long-running operations -----------------------------------------------------------------------------

@dataclass
class _Op:
    owner: Owner
    future: Future
    finished_at: float | None = None


class Operations:
    """Requests still being answered (or answered and not yet collected), per serving process."""

    def __init__(self) -> None:
        self._ops: dict[str, _Op] = {}
        self._lock = threading.Lock()

    def start(self, owner: Owner, fn) -> tuple[str, Future]:
        op_id = uuid.uuid4().hex
        future: Future = Future()
        op = _Op(owner, future)

        def work() -> None:
            try:
                future.set_result(fn())
            except BaseException as e:  # noqa: BLE001 - kept for whoever collects the operation
                future.set_exception(e)
            op.finished_at = time.monotonic()

        with self._lock:
            self._forget_old()
            self._ops[op_id] = op
        threading.Thread(target=work, name="conversql-operation", daemon=True).start()
        return op_id, future

    def get(self, op_id: str, owner: Owner) -> Future | None:
        with self._lock:
            op = self._ops.get(op_id)
        return op.future if op is not None and op.owner == owner else None

    def _forget_old(self) -> None:
        now = time.monotonic()
        for key in [k for k, op in self._ops.items() if op.finished_at and now - op.finished_at > OPERATION_TTL_S]:
            del self._ops[key]


def operations(request: Request) -> Operations:
    state = request.app.state
    if getattr(state, "ca_operations", None) is None:
        state.ca_operations = Operations()
    return state.ca_operations


# --- routes ----------------------------------------------------------------------------------------------------

@router.post("/chat", response_model=list[ChatMessage], response_model_exclude_none=True,
             responses={202: {"model": Operation, "description": "Accepted: still running; poll `Location`"}})
def chat(body: ChatRequest, request: Request, principal: PrincipalDep, service: ServiceDep,
         prefer: Annotated[str | None, Header()] = None):
    """The messages generated in reply to `user_message`, in the conversation `conversation_id`."""
    session = service.get_or_create(service.owned_id(body.conversation_id), default_source(service))
    turn = service.start_send(session.id, body.user_message)
    op_id, future = operations(request).start(principal.owner, turn.exchange)
    wait = 0.0 if prefer and "respond-async" in prefer.lower() else SYNC_WAIT_S
    try:
        exchange = future.result(timeout=wait)
    except TimeoutError:
        if future.done():       # the answer's own deadline passed (DeadlineExceeded is a TimeoutError too)
            raise
        return _accepted(op_id)
    return messages_of(exchange)


@router.get("/operations/{operation_id}", response_model=list[ChatMessage], response_model_exclude_none=True,
            responses={202: {"model": Operation, "description": "Still running"}})
def poll(operation_id: str, request: Request, owner: OwnerDep):
    """A long-running chat request: 202 while it runs, then its reply (200 and the messages, or the error)."""
    future = operations(request).get(operation_id, owner)
    if future is None:          # unknown, expired, or another caller's
        raise HTTPException(404, f"operation {operation_id!r} does not exist (or has expired)")
    if not future.done():
        return _accepted(operation_id)
    return messages_of(future.result())


def _accepted(op_id: str) -> JSONResponse:
    return JSONResponse(Operation(name=f"operations/{op_id}").model_dump(), status_code=202,
                        headers={"Location": f"{router.prefix}/operations/{op_id}", "Retry-After": "1"})


# --- the reply as messages -------------------------------------------------------------------------------------

def messages_of(ex: Exchange) -> list[dict[str, Any]]:
    a, asked, reply = ex.answer, ex.question, ex.reply
    group = (asked.seq + 1) // 2
    out = [{"timestamp": asked.created_at.isoformat(), "groupId": group, "messageId": asked.id,
            "userMessage": {"text": asked.content}}]
    for i, system in enumerate(_system_messages(a)):
        out.append({"timestamp": reply.created_at.isoformat(), "groupId": group,
                    "messageId": reply.id if i == 0 else str(uuid.uuid5(_IDS, f"{reply.id}/{i}")),
                    "systemMessage": system})
    return out


def _system_messages(a: Answer) -> list[dict[str, Any]]:
    question = {"question": a.question}
    found: list[dict[str, Any]] = []
    if a.tables_used:
        tables = [{"name": t, "columns": [c.split(".", 1)[1] for c in a.columns_used if c.startswith(t + ".")]}
                  for t in a.tables_used]
        found.append({"schema": {"query": question,
                                 "result": {"datasources": [{"name": a.source, "tables": tables}]}}})
    for step in a.steps:
        found.append({"analysis": {"query": question, "progressEvent": {
            "stage": step.name, "agent": step.agent, "status": step.status, "durationMs": step.duration_ms,
            "detail": step.detail}}})
    if a.sql is not None and a.error is None:
        fields = [{"name": c, "type": a.column_types.get(c, "text")} for c in a.columns]
        found.append({"data": {"query": {**question, "datasources": [a.source]}, "generatedSql": a.sql,
                               "result": {"schema": {"fields": fields}, "data": a.records()}}})
    if a.vega_lite is not None and a.visualization is not None:
        found.append({"chart": {"query": {"instructions": f"{a.visualization.type} chart: {a.title}"},
                                "result": {"vegaConfig": a.vega_lite}}})
    if a.error is not None:
        found.append({"error": {"text": a.error}})
    parts = [p for p in [a.response, *a.insights] if p]
    if parts and a.error is None:
        found.append({"text": {"parts": parts, "textType": "FINAL_RESPONSE"}})
    if a.example_questions:
        found.append({"exampleQueries": {"exampleQueries": [{"naturalLanguageQuestion": q}
                                                            for q in a.example_questions]}})
    return found

"""Surface 000: `POST /api/v1/chats` — prompt and project in; chat, messages, SQL, rows and chart picks out.

A user JWT arrives as the bearer token. `project_id` names the data source; `chat_id` (from an earlier response)
continues that chat. Errors use the native shape `{"error": {"code", "message"}}` (the vendor documents none).
"""
from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from conversql.api.deps import PrincipalDep, ServiceDep
from conversql.api.schemas import QUESTION_MAX, ErrorBody, ErrorDetail
from conversql.api.surfaces.common import Failure, surface_route
from conversql.conversations.service import Exchange
from conversql.engine.answer import ChartRecommendation

REFINE_HINT = "Don't hesitate to refine these results by using the chat below."
_EXTRA_IDS = uuid.UUID("0b5c7f3e-3f0e-4f55-8a53-8f0f5e8c2d11")   # ids of the extra assistant messages


def render(f: Failure) -> JSONResponse:
    return JSONResponse(ErrorBody(error=ErrorDetail(code=f.code, message=f.message)).model_dump(exclude_none=True),
                        status_code=f.status)


router = APIRouter(prefix="/api/v1", tags=["surface 000: chats"], route_class=surface_route(render),
                   responses={s: {"model": ErrorBody} for s in (400, 401, 403, 404, 429, 500, 504)})


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")      # a vendor client may send fields we do not use
    prompt: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=QUESTION_MAX)] = \
        Field(examples=["What were my sales from the last 3 months"])
    project_id: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=128)] = \
        Field(description="The data source to chat with (a configured source name)", examples=["demo"])
    chat_id: str | None = Field(None, description="The chat_id of an earlier response, to continue that chat")


class ChatMessage(BaseModel):
    id: str
    chat_id: str
    role: Literal["user", "assistant"]
    message: str
    code: str | None
    created_at: datetime


class ChatResponse(BaseModel):
    chat_id: str
    chat_title: str
    chat_description: str
    data_source_id: str
    prompt: str
    messages: list[ChatMessage]
    sql: str | None
    data: list[dict[str, Any]]
    message_id: str
    chart_recommendations: list[ChartRecommendation]
    time_frame: str | None
    column_types: dict[str, str]


@router.post("/chats", response_model=ChatResponse)
def chat(body: ChatRequest, principal: PrincipalDep, service: ServiceDep) -> ChatResponse:
    """Ask in a new chat, or in the chat `chat_id` names (the question then builds on its last answer)."""
    source = service.resolve_source(body.project_id)        # 404 unknown (or another tenant's), 403 not granted
    if body.chat_id is None:
        session = service.create_session(source)
    else:
        session = service.get(body.chat_id)
        if session.source != source:
            raise _mismatch(body.chat_id, session.source)
    return serialize(service.start_send(session.id, body.prompt).exchange(), session.id, body.prompt)


def serialize(ex: Exchange, chat_id: str, prompt: str) -> ChatResponse:
    a, asked, reply = ex.answer, ex.question, ex.reply
    texts = [a.response or a.error or ""]
    if a.description and a.description != texts[0]:
        texts.append(a.description)
    if a.error is None:
        texts.append(REFINE_HINT)
    assistant = [ChatMessage(id=reply.id if i == 0 else str(uuid.uuid5(_EXTRA_IDS, f"{reply.id}/{i}")),
                             chat_id=chat_id, role="assistant", message=t, code=None, created_at=reply.created_at)
                 for i, t in enumerate(texts)]
    user = ChatMessage(id=asked.id, chat_id=chat_id, role="user", message=prompt, code=a.sql,
                       created_at=asked.created_at)
    return ChatResponse(chat_id=chat_id, chat_title=a.title or prompt, chat_description=a.description or
                        a.interpretation, data_source_id=a.source or "", prompt=prompt, messages=[user, *assistant],
                        sql=a.sql, data=a.records(), message_id=asked.id,
                        chart_recommendations=a.chart_recommendations, time_frame=a.time_frame,
                        column_types=a.column_types)


def _mismatch(chat_id: str, source: str) -> RequestValidationError:
    return RequestValidationError([{"loc": ("body", "project_id"), "type": "value_error",
                                    "msg": f"chat {chat_id!r} is on project {source!r}"}])

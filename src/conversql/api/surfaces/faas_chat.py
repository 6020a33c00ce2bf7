"""Surface 001: `POST /faas/api/chat` — SQL chat with execution, keyed by API keys that start with `sk_`.

`databaseId` names the data source and `modelId` one of `Engine.model_ids()`; `chatId` continues a chat. Errors are
`{"error": "<message>"}` (the same `error` field a successful response carries) with 400 (bad request or no user
message), 401, 403 (a database not granted to the key), 404 (unknown model, database or chat), 429 or 500; the
60-second limit answers 500 like any other failure during generation or execution.
"""
from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from conversql.api.deps import PrincipalDep, ServiceDep
from conversql.api.schemas import QUESTION_MAX
from conversql.api.surfaces.common import Failure, surface_route


class ErrorOut(BaseModel):
    error: str


def render(f: Failure) -> JSONResponse:
    # The vendor documents 400/401/404/500 only: a deadline past is a failure during execution (500).
    status = 500 if f.status in (502, 503, 504) else f.status
    status = 400 if status in (409, 413, 415, 422) else status
    return JSONResponse({"error": f.message}, status_code=status)


router = APIRouter(prefix="/faas/api", tags=["surface 001: faas chat"], route_class=surface_route(render),
                   responses={s: {"model": ErrorOut} for s in (400, 401, 403, 404, 429, 500)})

Id = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=128)]


class FaasChatRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")
    chatId: str | None = Field(None, description="An existing chat to continue; a new chat when omitted")
    userInput: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=QUESTION_MAX)] = \
        Field(examples=["How many customers do we have?"])
    modelId: Id = Field(examples=["conversql-deterministic"])
    databaseId: Id = Field(description="A configured source name", examples=["demo"])


class Usage(BaseModel):
    promptTokens: int = 0
    completionTokens: int = 0
    totalTokens: int = 0


class FaasChatResponse(BaseModel):
    chatId: str
    userMessageId: str
    assistantMessageId: str
    query: str
    results: list[dict[str, Any]]
    error: str | None
    usage: Usage


@router.post("/chat", response_model=FaasChatResponse)
def chat(body: FaasChatRequest, principal: PrincipalDep, service: ServiceDep) -> FaasChatResponse:
    """Generate SQL for `userInput`, run it and store both messages in the chat."""
    source = service.resolve_source(body.databaseId)       # 404 unknown (or another tenant's), 403 not granted
    session = service.get(body.chatId) if body.chatId else service.create_session(source)
    if session.source != source:
        raise RequestValidationError([{"loc": ("body", "databaseId"), "type": "value_error",
                                       "msg": f"chat {session.id!r} is on database {session.source!r}"}])
    ex = service.start_send(session.id, body.userInput, model=body.modelId).exchange()
    a = ex.answer
    # zeros when the deterministic parser answered; a model's tokens over all its attempts otherwise
    usage = Usage(promptTokens=a.usage.prompt_tokens, completionTokens=a.usage.completion_tokens,
                  totalTokens=a.usage.total_tokens)
    return FaasChatResponse(chatId=session.id, userMessageId=ex.question.id, assistantMessageId=ex.reply.id,
                            query=a.sql or "", results=a.records(), error=a.error, usage=usage)

"""The native API's contract: request bodies and responses. Answers are served as the engine's `Answer` itself."""
from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import Query
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from conversql.conversations.store import ChatSession, Message
from conversql.engine.answer import Answer, ChartType

QUESTION_MAX = 2000

Question = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=QUESTION_MAX)]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
SourceName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=128)]

# Query parameters shared by several routes.
Limit = Annotated[int, Query(ge=1, le=200, description="Page size")]
Offset = Annotated[int, Query(ge=0, le=1_000_000_000, description="How many to skip")]
Stream = Annotated[bool, Query(description="Stream server-sent events (same as Accept: text/event-stream)")]


class RequestBody(BaseModel):
    # A misspelt field is a mistake worth reporting, not something to ignore silently.
    model_config = ConfigDict(extra="forbid")


class CreateSessionRequest(RequestBody):
    source: SourceName | None = Field(None, description="Data source to talk to; the first configured one if omitted")
    title: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] = ""


class RenameSessionRequest(RequestBody):
    title: Title


ModelId = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=128)]
EngineModeName = Literal["auto", "deterministic", "llm"]


class PlannerChoice(RequestBody):
    model: ModelId | None = Field(None, description="A configured model id (see docs/llm.md), or "
                                  "'conversql-deterministic'; unknown ids are 404. Omitted: the server's routing")
    mode: EngineModeName | None = Field(None, description="auto (the deterministic engine when it is confident, "
                                        "else the default LLM), deterministic or llm; ignored when `model` is set")


class MessageRequest(PlannerChoice):
    question: Question = Field(examples=["What were our top 10 customers by revenue last month?"])


class RefineRequest(PlannerChoice):
    refinement: Question = Field(examples=["Filter to only US customers"])


class VisualizeRequest(RequestBody):
    chart_type: ChartType = Field(examples=["pie"])


class AskRequest(PlannerChoice):
    question: Question
    source: SourceName | None = None


class SessionOut(BaseModel):
    session_id: str
    source: str
    title: str
    tenant_id: str
    user_id: str
    created_at: datetime
    updated_at: datetime
    message_count: int

    @classmethod
    def of(cls, s: ChatSession) -> SessionOut:
        return cls(session_id=s.id, source=s.source, title=s.title, tenant_id=s.tenant_id, user_id=s.user_id,
                   created_at=s.created_at, updated_at=s.updated_at, message_count=s.message_count)


class SessionList(BaseModel):
    sessions: list[SessionOut]
    total_count: int
    limit: int
    offset: int


class MessageOut(BaseModel):
    message_id: str
    seq: int
    role: Literal["user", "assistant"]
    content: str
    timestamp: datetime
    metadata: dict[str, Any] = Field(default_factory=dict)
    answer: Answer | None = Field(None, description="The full answer, on assistant messages")

    @classmethod
    def of(cls, m: Message) -> MessageOut:
        return cls(message_id=m.id, seq=m.seq, role=m.role, content=m.content, timestamp=m.created_at,
                   metadata=m.metadata, answer=m.answer)


class History(BaseModel):
    session_id: str
    messages: list[MessageOut]
    total_count: int
    limit: int
    offset: int


class SourceSummary(BaseModel):
    name: str


class SourceList(BaseModel):
    sources: list[SourceSummary]


class TableDescription(BaseModel):
    model_config = ConfigDict(extra="allow")
    name: str
    columns: list[Any] = Field(default_factory=list)
    row_count: int | None = None


class SourceRefresh(BaseModel):
    name: str
    tables: int
    build_ms: float = Field(description="Time to read the schema, values and value index again")
    refreshed_at: datetime
    values_indexed: int = Field(description="Entries of the value index (values too many for the lexicon)")
    value_index_bytes: int
    columns_truncated: list[str] = Field(description="Columns the value index's limits cut (docs/semantic-model.md)")


class SourceDescription(BaseModel):
    model_config = ConfigDict(extra="allow")
    name: str
    dialect: str
    tables: list[TableDescription] = Field(default_factory=list)
    example_questions: list[str] = Field(default_factory=list)


class Health(BaseModel):
    status: Literal["ok"]
    version: str
    sources: int


class ErrorDetail(BaseModel):
    code: str
    message: str
    details: list[dict[str, Any]] | None = None


class ErrorBody(BaseModel):
    error: ErrorDetail

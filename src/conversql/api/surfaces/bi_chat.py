"""Surface 003: BI Workbench chat sessions — create, message, history, refine, visualize — and its WebSocket.

HTTP routes take the JWT as a bearer token; the WebSocket `/ws/chat/{session_id}?token=JWT` takes it in the query
string (browsers cannot set headers on a WebSocket). Errors are `{"success": false, "error": {"code", "message"}}`;
on the WebSocket they are an `error` event (see `bi_stream`).
"""
from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from conversql.api.deps import PrincipalDep, ServiceDep
from conversql.api.schemas import QUESTION_MAX, Limit, Offset
from conversql.api.surfaces.common import Failure, default_source, surface_route
from conversql.auth.principal import AuthError
from conversql.conversations.store import Message
from conversql.engine.answer import Answer, ChartType

# The engine's intents in the words of this API ("sql_query" for a question answered with SQL).
INTENTS = {"data_question": "sql_query", "raw_sql": "sql_query", "change_chart": "visualize"}


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorOut(BaseModel):
    success: Literal[False] = False
    error: ErrorDetail


def render(f: Failure) -> JSONResponse:
    return JSONResponse(ErrorOut(error=ErrorDetail(code=f.code, message=f.message)).model_dump(),
                        status_code=f.status)


router = APIRouter(prefix="/api/v1/bi/chat/sessions", tags=["surface 003: BI chat"],
                   route_class=surface_route(render),
                   responses={s: {"model": ErrorOut} for s in (400, 401, 403, 404, 409, 429, 500, 504)})

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=QUESTION_MAX)]


class CreateSessionRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")
    tenant_id: str | None = Field(None, examples=["acme-corp"], description="Must be the credential's tenant")
    user_id: str | None = Field(None, examples=["user-456"], description="Must be the credential's user")
    source: str | None = Field(None, description="The data source; the first one granted to you if omitted")


class SessionOut(BaseModel):
    session_id: str
    tenant_id: str
    user_id: str
    created_at: datetime
    message_count: int


class MessageRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")
    message: Text = Field(examples=["What were our top 10 customers by revenue last month?"])


class RefineRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")
    refinement: Text = Field(examples=["Filter to only US customers"])


class VisualizeRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")
    chart_type: ChartType = Field(examples=["pie"])


class VisualizationOut(BaseModel):
    type: str
    x_axis: str | None
    y_axis: str | None


class DataOut(BaseModel):
    columns: list[str]
    rows: list[list[Any]]


class ChatResponse(BaseModel):
    success: Literal[True] = True
    response: str
    intent: str
    sql: str | None
    visualization: VisualizationOut | None
    data: DataOut
    insights: list[str]
    agents_visited: list[str]
    execution_time_ms: int
    message_id: str | None = Field(None, description="The stored assistant message")


class HistoryMessage(BaseModel):
    role: Literal["user", "assistant"]
    content: str
    timestamp: datetime
    metadata: dict[str, Any]


class HistoryOut(BaseModel):
    session_id: str
    messages: list[HistoryMessage]
    total_count: int


def agents_of(intent: str | None, visited: list[str]) -> list[str]:
    """The agents an answer went through; a re-chart ran no pipeline, only the chart's."""
    return visited or (["viz_agent"] if intent == "change_chart" else [])


def chat_response(a: Answer, message_id: str | None) -> ChatResponse:
    """The answer in this API's shape (also the `result` event of the WebSocket)."""
    viz = a.visualization
    agents = agents_of(a.intent, a.agents_visited)
    return ChatResponse(response=a.response or a.error or "", intent=INTENTS.get(a.intent, a.intent), sql=a.sql,
                        visualization=VisualizationOut(type=viz.type, x_axis=viz.x_axis, y_axis=viz.y_axis)
                        if viz else None, data=DataOut(columns=a.columns, rows=a.rows), insights=a.insights,
                        agents_visited=agents, execution_time_ms=round(a.execution_time_ms), message_id=message_id)


@router.post("", response_model=SessionOut)
def create_session(principal: PrincipalDep, service: ServiceDep,
                   body: CreateSessionRequest | None = None) -> SessionOut:
    """A new session for the credential's tenant and user (naming another tenant or user is 403)."""
    body = body or CreateSessionRequest()
    for given, own, what in ((body.tenant_id, principal.tenant_id, "tenant"), (body.user_id, principal.user_id, "user")):
        if given is not None and given != own:
            raise AuthError(403, "forbidden", f"your credential cannot create sessions for another {what}")
    s = service.create_session(body.source or default_source(service))
    return SessionOut(session_id=s.id, tenant_id=s.tenant_id, user_id=s.user_id, created_at=s.created_at,
                      message_count=s.message_count)


@router.post("/{session_id}/messages", response_model=ChatResponse)
def send_message(session_id: str, body: MessageRequest, principal: PrincipalDep, service: ServiceDep) -> ChatResponse:
    """A question; follow-ups build on the session's last answer (its source must still be granted: 403)."""
    ex = service.start_send(session_id, body.message).exchange()
    return chat_response(ex.answer, ex.reply.id)


@router.get("/{session_id}/history", response_model=HistoryOut)
def history(session_id: str, principal: PrincipalDep, service: ServiceDep, limit: Limit = 50,
            offset: Offset = 0) -> HistoryOut:
    messages, total = service.history(session_id, limit=limit, offset=offset)
    return HistoryOut(session_id=session_id, messages=[_history(m) for m in messages], total_count=total)


@router.post("/{session_id}/refine", response_model=ChatResponse)
def refine(session_id: str, body: RefineRequest, principal: PrincipalDep, service: ServiceDep) -> ChatResponse:
    """Edit the most recent query ("only US customers") instead of starting a new analysis (409 before any)."""
    ex = service.start_refine(session_id, body.refinement).exchange()
    return chat_response(ex.answer, ex.reply.id)


@router.post("/{session_id}/visualize", response_model=ChatResponse)
def visualize(session_id: str, body: VisualizeRequest, principal: PrincipalDep, service: ServiceDep) -> ChatResponse:
    """The current result as another chart type; the SQL is not executed again."""
    return chat_response(service.visualize(session_id, body.chart_type), None)


def _history(m: Message) -> HistoryMessage:
    meta: dict[str, Any] = {}
    if m.role == "assistant":
        intent = m.metadata.get("intent")
        meta = {"intent": INTENTS.get(intent, intent),
                "agents_visited": agents_of(intent, m.metadata.get("agents_visited") or [])}
    return HistoryMessage(role=m.role, content=m.content, timestamp=m.created_at, metadata=meta)

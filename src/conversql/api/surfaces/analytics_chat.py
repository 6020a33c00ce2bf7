"""Surface 002: `POST /api/v1/analytics/chat` (also `/v1/analytics/chat`) and its dashboards, `/api/v1/dashboards`.

`collectionIds` name data sources (the answer comes from the first; every one must be granted, else 403);
`conversationId` continues a conversation. Charts are Chart.js configurations (`type`, `data`, `options`) with the
vendor's `chartType` and `title`; `sources` are the tables the answer read. Errors are
`{"success": false, "error": "<code>", "message": "..."}`: `invalid_request` 400, `unauthorized` 401, `forbidden`
403, `not_found` 404 (an unknown conversation or dashboard), `rate_limited` 429, `chat_failed` 500.
"""
from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from conversql.api.deps import DashboardsDep, PrincipalDep, ServiceDep
from conversql.api.schemas import QUESTION_MAX, Limit, Offset
from conversql.api.surfaces.common import Failure, surface_route
from conversql.auth.principal import AuthError
from conversql.conversations.service import ConversationService
from conversql.conversations.dashboards import Dashboard, Pin
from conversql.engine.answer import Answer

CODES = {400: "invalid_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 429: "rate_limited"}


class ErrorOut(BaseModel):
    success: Literal[False] = False
    error: str = Field(examples=["invalid_request"])
    message: str


def render(f: Failure) -> JSONResponse:
    status = 400 if f.status in (409, 413, 415, 422) else f.status
    status = 500 if status >= 500 else status
    code = CODES.get(status, "chat_failed" if status == 500 else "invalid_request")
    return JSONResponse(ErrorOut(error=code, message=f.message).model_dump(), status_code=status)


ERRORS = {s: {"model": ErrorOut} for s in (400, 401, 403, 404, 429, 500)}
route = surface_route(render)
router = APIRouter(prefix="/api/v1/analytics", tags=["surface 002: analytics chat"], route_class=route,
                   responses=ERRORS)
alias_router = APIRouter(prefix="/v1/analytics", tags=["surface 002: analytics chat"], route_class=route,
                         responses=ERRORS)
dashboards_router = APIRouter(prefix="/api/v1/dashboards", tags=["surface 002: dashboards"], route_class=route,
                              responses=ERRORS)

Id = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=128)]


class AnalyticsChatRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")
    query: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=QUESTION_MAX)] = \
        Field(examples=["Show me revenue trends by month"])
    collectionIds: list[Id] = Field(min_length=1, max_length=50, examples=[["demo"]])
    conversationId: str | None = None


class Chart(BaseModel):
    """A Chart.js v4 configuration (`type`, `data`, `options`) with the vendor's `chartType` and `title`."""
    model_config = ConfigDict(extra="allow")
    chartType: str
    title: str
    type: str
    data: dict[str, Any]
    options: dict[str, Any] = Field(default_factory=dict)


class SourceRef(BaseModel):
    id: str
    title: str
    snippet: str


class AnalyticsChatResponse(BaseModel):
    success: Literal[True] = True
    conversationId: str
    messageId: str
    response: str
    charts: list[Chart]
    sources: list[SourceRef]


def charts_of(a: Answer, title: str | None = None) -> list[Chart]:
    if a.chartjs is None or a.visualization is None:
        return []             # a number card or a table: nothing for Chart.js to draw
    return [Chart(chartType=a.visualization.type, title=title or a.visualization.title or a.title, **a.chartjs)]


def collections(service: ConversationService, ids: list[str]) -> str:
    """The source to answer from (the first), once every collection is one the caller may use (403 otherwise,
    without saying which exist)."""
    usable = service.sources()
    for name in ids:
        if name not in usable:
            raise AuthError(403, "forbidden", f"no access to collection {name!r}")
    return ids[0]


@router.post("/chat", response_model=AnalyticsChatResponse)
def chat(body: AnalyticsChatRequest, principal: PrincipalDep, service: ServiceDep) -> AnalyticsChatResponse:
    """Ask about your collections; include `conversationId` to continue (the AI remembers prior messages)."""
    source = collections(service, body.collectionIds)
    if body.conversationId:
        session = service.get(body.conversationId)
        collections(service, [session.source])
    else:
        session = service.create_session(source)
    ex = service.start_send(session.id, body.query).exchange()
    a = ex.answer
    sources = [SourceRef(id=f"{a.source}.{t}", title=t, snippet=a.interpretation or a.sql or "")
               for t in a.tables_used]
    return AnalyticsChatResponse(conversationId=session.id, messageId=ex.reply.id,
                                 response=a.response or a.error or "", charts=charts_of(a), sources=sources)


alias_router.add_api_route("/chat", chat, methods=["POST"], response_model=AnalyticsChatResponse,
                           name="chat_alias", summary="Chat (alias of /api/v1/analytics/chat)")


# --- dashboards ----------------------------------------------------------------------------------------------

class CreateDashboardRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)] = \
        Field(examples=["Revenue"])
    description: Annotated[str, StringConstraints(max_length=2000)] = ""
    conversationId: str | None = Field(None, description="Save this conversation's charts on the dashboard")


class DashboardChart(Chart):
    id: str
    conversationId: str
    messageId: str


class DashboardOut(BaseModel):
    id: str
    name: str
    description: str
    chartCount: int = Field(description="The charts it holds (in a listing: its pins, some of which a dashboard "
                                        "made on the native API may hold as a table or a number)")
    createdAt: datetime
    updatedAt: datetime
    charts: list[DashboardChart] | None = None


class DashboardResponse(BaseModel):
    success: Literal[True] = True
    dashboard: DashboardOut


class DashboardListResponse(BaseModel):
    success: Literal[True] = True
    dashboards: list[DashboardOut]
    total: int


class DeletedResponse(BaseModel):
    success: Literal[True] = True
    id: str


def _chart(p: Pin) -> list[DashboardChart]:
    return [DashboardChart(id=p.id, conversationId=p.session_id, messageId=p.message_id, **c.model_dump())
            for c in charts_of(p.answer, p.title)]


def _board(d: Dashboard, *, with_charts: bool) -> DashboardOut:
    charts = [c for p in d.pins for c in _chart(p)] if with_charts else None
    return DashboardOut(id=d.id, name=d.name, description=d.description,
                        chartCount=d.pin_count if charts is None else len(charts),
                        createdAt=d.created_at, updatedAt=d.updated_at, charts=charts)


@dashboards_router.post("", response_model=DashboardResponse, status_code=201, response_model_exclude_none=True)
def create_dashboard(body: CreateDashboardRequest, boards: DashboardsDep) -> DashboardResponse:
    """A dashboard, holding the charts of `conversationId` when given (its answers drawn as a table or a single
    number are no Chart.js chart, and are left out)."""
    charted: list[str] = []
    if body.conversationId:
        boards.store.get_session(body.conversationId, owner=boards.owner)     # 404 before anything is made
        messages, _ = boards.store.history(body.conversationId, limit=10_000)
        charted = [m.id for m in messages if m.role == "assistant" and m.answer is not None
                   and m.answer.error is None and m.answer.chartjs is not None]
    board = boards.create(body.name, description=body.description)
    for message_id in charted:
        boards.pin(board.id, body.conversationId, message_id)
    return DashboardResponse(dashboard=_board(boards.get(board.id), with_charts=True))


@dashboards_router.get("", response_model=DashboardListResponse, response_model_exclude_none=True)
def list_dashboards(boards: DashboardsDep, limit: Limit = 50, offset: Offset = 0) -> DashboardListResponse:
    found, total = boards.list(limit=limit, offset=offset)
    return DashboardListResponse(dashboards=[_board(d, with_charts=False) for d in found], total=total)


@dashboards_router.get("/{dashboard_id}", response_model=DashboardResponse)
def get_dashboard(dashboard_id: str, boards: DashboardsDep) -> DashboardResponse:
    """The dashboard with its charts, as they were saved."""
    return DashboardResponse(dashboard=_board(boards.get(dashboard_id), with_charts=True))


@dashboards_router.delete("/{dashboard_id}", response_model=DeletedResponse)
def delete_dashboard(dashboard_id: str, boards: DashboardsDep) -> DeletedResponse:
    boards.delete(dashboard_id)
    return DeletedResponse(id=dashboard_id)

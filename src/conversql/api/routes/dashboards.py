"""Dashboards: create, list, read and delete them; pin an answer's chart to one, or take it off.

A dashboard's pins carry the answer as it was when pinned (re-charted to the pin's type, no SQL run on load).
"""
from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field, StringConstraints

from conversql.api.deps import DashboardsDep
from conversql.api.errors import ERROR_RESPONSES
from conversql.api.schemas import Limit, Offset, RequestBody, Title
from conversql.conversations.dashboards import Dashboard, Pin
from conversql.engine.answer import Answer, ChartType

router = APIRouter(prefix="/api/dashboards", tags=["dashboards"], responses=ERROR_RESPONSES)

Id = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]


class CreateDashboardRequest(RequestBody):
    name: Title = Field(examples=["Sales overview"])
    description: Annotated[str, StringConstraints(max_length=2000)] = ""


class PinRequest(RequestBody):
    session_id: Id
    message_id: Id = Field(description="An assistant message of the session (see its history)")
    chart_type: ChartType | None = Field(None, description="The chart to draw; the message's own chart if omitted")
    title: Title | None = None


class PinOut(BaseModel):
    pin_id: str
    position: int
    session_id: str
    message_id: str
    chart_type: str
    title: str
    created_at: datetime
    answer: Answer

    @classmethod
    def of(cls, p: Pin) -> PinOut:
        return cls(pin_id=p.id, position=p.position, session_id=p.session_id, message_id=p.message_id,
                   chart_type=p.chart_type, title=p.title, created_at=p.created_at, answer=p.answer)


class DashboardOut(BaseModel):
    dashboard_id: str
    name: str
    description: str
    tenant_id: str
    user_id: str
    created_at: datetime
    updated_at: datetime
    pin_count: int
    pins: list[PinOut] | None = Field(None, description="Present when one dashboard is read")

    @classmethod
    def of(cls, d: Dashboard, *, with_pins: bool) -> DashboardOut:
        return cls(dashboard_id=d.id, name=d.name, description=d.description, tenant_id=d.tenant_id,
                   user_id=d.user_id, created_at=d.created_at, updated_at=d.updated_at, pin_count=d.pin_count,
                   pins=[PinOut.of(p) for p in d.pins] if with_pins else None)


class DashboardList(BaseModel):
    dashboards: list[DashboardOut]
    total_count: int
    limit: int
    offset: int


@router.post("", response_model=DashboardOut, status_code=201, response_model_exclude_none=True)
def create_dashboard(body: CreateDashboardRequest, boards: DashboardsDep) -> DashboardOut:
    return DashboardOut.of(boards.create(body.name, description=body.description), with_pins=True)


@router.get("", response_model=DashboardList, response_model_exclude_none=True)
def list_dashboards(boards: DashboardsDep, limit: Limit = 50, offset: Offset = 0) -> DashboardList:
    """Your dashboards, most recently changed first, without their pins."""
    found, total = boards.list(limit=limit, offset=offset)
    return DashboardList(dashboards=[DashboardOut.of(d, with_pins=False) for d in found], total_count=total,
                         limit=limit, offset=offset)


@router.get("/{dashboard_id}", response_model=DashboardOut)
def get_dashboard(dashboard_id: str, boards: DashboardsDep) -> DashboardOut:
    """The dashboard and its pins in order, each with its stored answer."""
    return DashboardOut.of(boards.get(dashboard_id), with_pins=True)


@router.delete("/{dashboard_id}", status_code=204, response_class=Response)
def delete_dashboard(dashboard_id: str, boards: DashboardsDep) -> Response:
    boards.delete(dashboard_id)
    return Response(status_code=204)


@router.post("/{dashboard_id}/pins", response_model=PinOut, status_code=201)
def add_pin(dashboard_id: str, body: PinRequest, boards: DashboardsDep) -> PinOut:
    """Pin an assistant message's result, drawn as `chart_type` (the SQL is not run again)."""
    return PinOut.of(boards.pin(dashboard_id, body.session_id, body.message_id, body.chart_type, title=body.title))


@router.delete("/{dashboard_id}/pins/{pin_id}", status_code=204, response_class=Response)
def remove_pin(dashboard_id: str, pin_id: str, boards: DashboardsDep) -> Response:
    boards.unpin(dashboard_id, pin_id)
    return Response(status_code=204)

from __future__ import annotations

from fastapi import APIRouter, Response

from conversql.api.deps import ServiceDep
from conversql.api.errors import ERROR_RESPONSES
from conversql.api.schemas import CreateSessionRequest, Limit, Offset, RenameSessionRequest, SessionList, SessionOut

router = APIRouter(prefix="/api/sessions", tags=["sessions"], responses=ERROR_RESPONSES)


@router.post("", response_model=SessionOut, status_code=201)
def create_session(service: ServiceDep, body: CreateSessionRequest | None = None) -> SessionOut:
    """A new conversation on a data source (the first configured one when `source` is omitted)."""
    body = body or CreateSessionRequest()
    return SessionOut.of(service.create_session(body.source, title=body.title))


@router.get("", response_model=SessionList)
def list_sessions(service: ServiceDep, limit: Limit = 50, offset: Offset = 0) -> SessionList:
    """Your sessions, most recently active first."""
    sessions, total = service.list(limit=limit, offset=offset)
    return SessionList(sessions=[SessionOut.of(s) for s in sessions], total_count=total, limit=limit, offset=offset)


@router.get("/{session_id}", response_model=SessionOut)
def get_session(session_id: str, service: ServiceDep) -> SessionOut:
    return SessionOut.of(service.get(session_id))


@router.patch("/{session_id}", response_model=SessionOut)
def rename_session(session_id: str, body: RenameSessionRequest, service: ServiceDep) -> SessionOut:
    return SessionOut.of(service.rename(session_id, body.title))


@router.delete("/{session_id}", status_code=204, response_class=Response)
def delete_session(session_id: str, service: ServiceDep) -> Response:
    """The session and all its messages."""
    service.delete(session_id)
    return Response(status_code=204)

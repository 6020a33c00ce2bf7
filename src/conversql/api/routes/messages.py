"""The conversation inside a session: ask, refine, re-chart, read back."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from conversql.api.deps import ServiceDep
from conversql.api.errors import ERROR_RESPONSES
from conversql.api.routes.sessions import Limit, Offset
from conversql.api.schemas import History, MessageOut, MessageRequest, RefineRequest, VisualizeRequest
from conversql.api.streaming import SSE_RESPONSES, stream_answer, wants_stream
from conversql.engine.answer import Answer

router = APIRouter(prefix="/api/sessions/{session_id}", tags=["conversation"], responses=ERROR_RESPONSES)

Stream = Annotated[bool, Query(description="Stream server-sent events (same as Accept: text/event-stream)")]


@router.post("/messages", response_model=Answer, responses=SSE_RESPONSES)
def send_message(session_id: str, body: MessageRequest, request: Request, service: ServiceDep,
                 stream: Stream = False):
    """Ask a question; follow-ups ("and by country?") build on the session's previous answer."""
    if wants_stream(request, stream):
        service.get(session_id)            # a missing session is a 404, not a stream with an error in it
        return stream_answer(lambda on_step: service.send(session_id, body.question, on_step),
                             end={"session_id": session_id})
    return service.send(session_id, body.question)


@router.post("/refine", response_model=Answer, responses=SSE_RESPONSES)
def refine(session_id: str, body: RefineRequest, request: Request, service: ServiceDep, stream: Stream = False):
    """Change the last query ("only US customers") instead of starting a new analysis."""
    if wants_stream(request, stream):
        service.get(session_id)
        return stream_answer(lambda on_step: service.refine(session_id, body.refinement, on_step),
                             end={"session_id": session_id})
    return service.refine(session_id, body.refinement)


@router.post("/visualize", response_model=Answer)
def visualize(session_id: str, body: VisualizeRequest, service: ServiceDep) -> Answer:
    """The last result as another chart type; the SQL is not run again."""
    return service.visualize(session_id, body.chart_type)


@router.get("/history", response_model=History)
def history(session_id: str, service: ServiceDep, limit: Limit = 50, offset: Offset = 0) -> History:
    """Messages oldest first; assistant messages carry their full answer."""
    messages, total = service.history(session_id, limit=limit, offset=offset)
    return History(session_id=session_id, messages=[MessageOut.of(m) for m in messages], total_count=total,
                   limit=limit, offset=offset)

"""The conversation inside a session: ask, refine, re-chart, read back."""
from __future__ import annotations

from fastapi import APIRouter, Request

from conversql.api.deps import ServiceDep
from conversql.api.errors import ERROR_RESPONSES
from conversql.api.schemas import (History, Limit, MessageOut, MessageRequest, Offset, RefineRequest, Stream,
                                   VisualizeRequest)
from conversql.api.streaming import SSE_RESPONSES, stream_answer, wants_stream
from conversql.engine.answer import Answer

router = APIRouter(prefix="/api/sessions/{session_id}", tags=["conversation"], responses=ERROR_RESPONSES)


@router.post("/messages", response_model=Answer, responses=SSE_RESPONSES)
def send_message(session_id: str, body: MessageRequest, request: Request, service: ServiceDep,
                 stream: Stream = False):
    """Ask a question; follow-ups ("and only France?") build on the session's previous answer."""
    # a refusal (unknown session, source or model) is an HTTP error, before any stream
    turn = service.start_send(session_id, body.question, model=body.model, mode=body.mode)
    if wants_stream(request, stream):
        return stream_answer(turn.run, end={"session_id": session_id})
    return turn.run()


@router.post("/refine", response_model=Answer, responses=SSE_RESPONSES)
def refine(session_id: str, body: RefineRequest, request: Request, service: ServiceDep, stream: Stream = False):
    """Change the last query ("only US customers") instead of starting a new analysis."""
    turn = service.start_refine(session_id, body.refinement, model=body.model, mode=body.mode)
    if wants_stream(request, stream):
        return stream_answer(turn.run, end={"session_id": session_id})
    return turn.run()


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

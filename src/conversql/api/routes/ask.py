from __future__ import annotations

from fastapi import APIRouter, Request

from conversql.api.deps import ServiceDep
from conversql.api.errors import ERROR_RESPONSES
from conversql.api.schemas import AskRequest, Stream
from conversql.api.streaming import SSE_RESPONSES, stream_answer, wants_stream
from conversql.engine.answer import Answer

router = APIRouter(prefix="/api", tags=["ask"], responses=ERROR_RESPONSES)


@router.post("/ask", response_model=Answer, responses=SSE_RESPONSES)
def ask(body: AskRequest, request: Request, service: ServiceDep, stream: Stream = False):
    """One question, one answer, no session and nothing stored."""
    turn = service.start_ask_once(body.question, source=body.source, model=body.model, mode=body.mode)
    if wants_stream(request, stream):
        return stream_answer(turn.run)
    return turn.run()

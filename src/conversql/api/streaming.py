"""Answers as server-sent events: one `step` event per pipeline step as it finishes, then `answer`, then `end`.
When a model plans the answer, `token` events (`{"text": ...}`) carry its reply as it arrives.

The engine runs in a worker thread and reports steps through a callback; the callback hands each step to the
event loop (`call_soon_threadsafe`) where the response generator sends it at once. On failure the stream carries an
`error` event (same body as the JSON errors) and then `end`.
"""
from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from typing import Any, AsyncIterator, Callable, Generic, TypeVar

from fastapi import Request
from sse_starlette import EventSourceResponse

from conversql.api.errors import error_event_data
from conversql.engine.answer import Answer, Step

EVENT_STREAM = "text/event-stream"
_DONE = object()
T = TypeVar("T")


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """How a streamed call ended: its `value`, or the `error` it raised."""
    value: T | None = None
    error: BaseException | None = None

# For the OpenAPI page: what a streamed answer looks like. `itemSchema` describes one event (as FastAPI's own SSE
# routes do, and as Open API 3.2 defines it): its name and its data, a JSON document.
EVENT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["event", "data"],
    "properties": {"event": {"type": "string", "enum": ["step", "token", "answer", "error", "end"]},
                   "data": {"type": "string", "contentMediaType": "application/json"},
                   "id": {"type": "string"}, "retry": {"type": "integer", "minimum": 0}},
}
SSE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "The Answer as JSON; with `Accept: text/event-stream` or `?stream=true`, server-sent "
                         "events: `step` (one per pipeline step, as it finishes), `token` (a piece of a model's "
                         "reply, when an LLM plans), `answer`, then `end`; `error` replaces `answer` on failure.",
          "content": {EVENT_STREAM: {"itemSchema": EVENT_SCHEMA}}},
}


def wants_stream(request: Request, stream: bool) -> bool:
    return stream or EVENT_STREAM in request.headers.get("accept", "")


def stream_answer(run: Callable[[Callable[[Step], None]], Answer], *,
                  end: dict[str, Any] | None = None) -> EventSourceResponse:
    """An SSE response for `run(on_step)`, a blocking call that answers and reports each step to `on_step`."""
    return EventSourceResponse(_events(run, end or {}), headers={"Cache-Control": "no-store",
                                                                 "X-Accel-Buffering": "no"})


async def progress(run: Callable[[Callable[[Step], None]], T]) -> AsyncIterator[Step | Outcome[T]]:
    """Each `Step` of `run(on_step)` the moment it finishes, then one `Outcome` (the result, or the exception).

    The one place answers are streamed from: the SSE responses here and the WebSocket of the BI surface both
    read it, so both report exactly the same progress.
    """
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[Any] = asyncio.Queue()

    def on_step(step: Step) -> None:        # called from the worker thread
        loop.call_soon_threadsafe(queue.put_nowait, step)

    task = asyncio.ensure_future(asyncio.to_thread(run, on_step))
    # Runs on the loop after every step already handed over, so `_DONE` always comes last.
    task.add_done_callback(lambda _t: queue.put_nowait(_DONE))
    try:
        while (item := await queue.get()) is not _DONE:
            yield item
        try:
            yield Outcome(value=task.result())
        except Exception as e:  # noqa: BLE001 - reported to the client
            yield Outcome(error=e)
    finally:
        # The client went away mid-answer: the call still finishes (and its exchange is stored); only make sure
        # its outcome is collected rather than reported as "never retrieved".
        task.add_done_callback(lambda t: t.cancelled() or t.exception())


async def _events(run: Callable[[Callable[[Step], None]], Answer], end: dict[str, Any]) -> AsyncIterator[dict]:
    async for item in progress(run):
        if isinstance(item, Step) and item.kind == "token":
            yield {"event": "token", "data": json.dumps({"text": item.detail})}
        elif isinstance(item, Step):
            yield {"event": "step", "data": item.model_dump_json()}
        elif item.error is not None:
            yield {"event": "error", "data": json.dumps(error_event_data(item.error))}
        else:
            yield {"event": "answer", "data": item.value.model_dump_json()}
    yield {"event": "end", "data": json.dumps(end)}

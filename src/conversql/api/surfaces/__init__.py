"""The vendor-compatible chat APIs: one module per published API, each a thin serializer of the one `Answer`.

Each surface owns only its field mapping, its auth scheme and its error format; every answer comes from the same
`ConversationService` as the native API.
"""
from __future__ import annotations

from typing import Callable

from fastapi import FastAPI, Request
from starlette.exceptions import HTTPException
from starlette.responses import Response

from conversql.api import errors
from conversql.api.surfaces import (analytics_chat, bi_chat, bi_stream, chats_v1, conversational_analytics,
                                    faas_chat)
from conversql.api.surfaces.common import Failure, failure_of, respond

ROUTERS = (chats_v1.router, faas_chat.router, analytics_chat.router, analytics_chat.alias_router,
           analytics_chat.dashboards_router, bi_chat.router, bi_stream.router, conversational_analytics.router)

# The paths each surface serves, with its error renderer: a refusal made before any route runs (a body over the size
# limit, a method the path does not have) must leave in the shape that surface's clients parse.
RENDERERS: tuple[tuple[str, Callable[[Failure], Response]], ...] = (
    ("/api/v1/chats", chats_v1.render),
    ("/faas/api", faas_chat.render),
    ("/api/v1/analytics", analytics_chat.render),
    ("/v1/analytics", analytics_chat.render),
    ("/api/v1/dashboards", analytics_chat.render),
    ("/api/v1/bi/chat/sessions", bi_chat.render),
    ("/conversational_analytics", conversational_analytics.render),
)


def renderer_for(path: str) -> Callable[[Failure], Response] | None:
    """The error renderer of the surface serving `path`, or None for the native API.

    >>> renderer_for("/faas/api/chat") is faas_chat.render
    True
    """
    for prefix, render in RENDERERS:
        if path == prefix or path.startswith(prefix + "/"):
            return render
    return None


def refusal(path: str, status: int, code: str, message: str) -> Response | None:
    """A refusal made outside any route, in the error shape of the surface serving `path` (None off the surfaces):
    what `BodySizeLimit` answers with."""
    render = renderer_for(path)
    return None if render is None else respond(render, Failure(status, code, message))


async def on_http_error(request: Request, exc: HTTPException) -> Response:
    """An HTTP error raised before a route ran (a method the path does not serve): the surface's shape on its paths,
    the native one elsewhere."""
    render = renderer_for(request.url.path)
    if render is None:
        return await errors.on_http_error(request, exc)
    return respond(render, failure_of(exc), request)


def install(app: FastAPI) -> None:
    """Serve every surface on `app` (after the native error handlers are installed: this one takes over theirs)."""
    for router in ROUTERS:
        app.include_router(router)
    app.add_exception_handler(HTTPException, on_http_error)

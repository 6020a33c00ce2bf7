"""What every vendor surface shares: failures normalized once, then rendered in each surface's own error shape.

A surface's router uses `surface_route(render)` as its route class. Everything that can go wrong inside one of its
routes (a bad body, a credential refused by `get_principal`, an unknown conversation, our own bug) is turned into a
`Failure` by `failure_of` and handed to the surface's `render`, so a client only ever sees the error body its
vendor documents.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Callable

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException
from starlette.requests import HTTPConnection

from conversql.api.deps import ERROR_CODE_STATE
from conversql.api.errors import CODE_OF_STATUS, field_of, status_of
from conversql.auth.principal import AuthError
from conversql.conversations.errors import ConversationError
from conversql.conversations.service import ConversationService
from conversql.engine.answer import Step
from conversql.engine.errors import UnknownModel

log = logging.getLogger(__name__)
HIDDEN = "internal error: the request could not be answered"


@dataclass(frozen=True)
class Failure:
    """A refused or failed request, before a surface gives it its vendor's shape."""
    status: int
    code: str
    message: str
    headers: dict[str, str] = field(default_factory=dict)


def failure_of(exc: BaseException) -> Failure:
    """The status, code and user-safe message of any exception raised while serving a surface request.

    >>> failure_of(UnknownModel("gpt-4", ["conversql-deterministic"])).status
    404
    """
    if isinstance(exc, RequestValidationError):
        errors = exc.errors()
        if any(e.get("type") == "json_invalid" for e in errors):
            return Failure(400, "invalid_request", "the request body is not valid JSON")
        problems = [f"{field_of(e.get('loc', ()))}: {e.get('msg', 'invalid')}" for e in errors]
        return Failure(400, "invalid_request", "; ".join(problems))
    if isinstance(exc, AuthError):          # WWW-Authenticate on 401, Retry-After (whole seconds, rounded up) on 429
        return Failure(exc.status, exc.code, exc.message, exc.headers())
    if isinstance(exc, UnknownModel):
        return Failure(404, "model_not_found", str(exc))
    if isinstance(exc, ConversationError):
        status = status_of(exc)
        return Failure(status, exc.code, str(exc) if status != 500 else HIDDEN)
    if isinstance(exc, HTTPException):
        return Failure(exc.status_code, CODE_OF_STATUS.get(exc.status_code, "error"), str(exc.detail),
                       dict(exc.headers or {}))
    log.error("unhandled error in a vendor surface", exc_info=exc)
    return Failure(500, "internal_error", HIDDEN)


def respond(render: Callable[[Failure], Response], failure: Failure, conn: HTTPConnection | None = None) -> Response:
    """`failure` rendered in a surface's shape, with its headers; its code is left for the audit log."""
    if conn is not None:
        setattr(conn.state, ERROR_CODE_STATE, failure.code)
    response = render(failure)
    for name, value in failure.headers.items():
        response.headers[name] = value
    return response


def surface_route(render: Callable[[Failure], Response]) -> type[APIRoute]:
    """A route class whose every failure is rendered by `render` (dependencies and body validation included)."""

    class SurfaceRoute(APIRoute):
        def get_route_handler(self):
            handler = super().get_route_handler()

            async def guarded(request: Request) -> Response:
                try:
                    return await handler(request)
                except Exception as exc:  # noqa: BLE001 - every failure leaves in the vendor's shape
                    return respond(render, failure_of(exc), request)

            return guarded

    return SurfaceRoute


def default_source(service: ConversationService) -> str:
    """The first source the caller may use, for surfaces whose requests name none (403 when there is none)."""
    usable = service.sources()
    if not usable:
        raise AuthError(403, "forbidden", "no data source is granted to you")
    return usable[0]


STEP_WORDS = {"route": "Understanding the request", "understand": "Reading the question against the schema",
              "compile": "Generating SQL query", "guard": "Checking the query is read-only",
              "execute": "Running the query", "present": "Choosing a chart and writing insights",
              "retrieve": "Finding the tables the question needs", "plan": "Asking the model for a query"}


def step_text(step: Step) -> str:
    """A progress step in words, for surfaces that stream text.

    >>> step_text(Step(name="compile", agent="sql_agent"))
    'Generating SQL query... done'
    """
    if step.kind == "token":             # a piece of a model's reply streams as itself
        return step.detail
    words = STEP_WORDS.get(step.name, step.name.capitalize())
    return f"{words}... {'done' if step.status == 'ok' else step.status}"

"""Every failure leaves the API as `{"error": {"code", "message"}}` with a status that says whose fault it is.

User mistakes are 4xx with a message that says what to change; our own failures are a bare 500 whose details go
to the log, never to the client.
"""
from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from conversql.api.deps import ERROR_CODE_STATE
from conversql.api.schemas import ErrorBody, ErrorDetail
from conversql.auth.errors import IdentityError
from conversql.auth.principal import AuthError
from conversql.conversations import errors as conv

log = logging.getLogger(__name__)

STATUS_OF: dict[type[conv.ConversationError], int] = {
    conv.SessionNotFound: 404,
    conv.MessageNotFound: 404,
    conv.DashboardNotFound: 404,
    conv.PinNotFound: 404,
    conv.NotChartable: 422,
    conv.SessionExists: 409,
    conv.UnknownSource: 404,
    conv.ModelNotFound: 404,
    conv.SourceForbidden: 403,
    conv.NothingToBuildOn: 409,
    conv.InvalidChartType: 422,
    conv.DeadlineExceeded: 504,
    conv.EngineFailure: 500,
}

CODE_OF_STATUS = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
                  405: "method_not_allowed", 406: "not_acceptable", 409: "conflict", 413: "payload_too_large",
                  415: "unsupported_media_type", 422: "invalid_request", 429: "too_many_requests"}

# The shared `responses=` for routes, so /docs shows the error shape.
ERROR_RESPONSES = {status: {"model": ErrorBody} for status in (400, 401, 403, 404, 409, 413, 422, 429, 504)}


def error_response(status: int, code: str, message: str, details: list[dict] | None = None,
                   request: Request | None = None) -> JSONResponse:
    """The error body; with `request`, its code is also left for the audit log."""
    if request is not None:
        setattr(request.state, ERROR_CODE_STATE, code)
    body = ErrorBody(error=ErrorDetail(code=code, message=message, details=details))
    return JSONResponse(body.model_dump(exclude_none=True), status_code=status)


def status_of(exc: conv.ConversationError) -> int:
    for cls in type(exc).__mro__:
        if cls in STATUS_OF:
            return STATUS_OF[cls]
    return 500


LOCATIONS = ("body", "query", "path", "header", "cookie")


def field_of(loc) -> str:
    """The field a validation error is about: its location dropped, not a field so named (a vendor's request may
    have a field called `query`).

    >>> field_of(("body", "query"))
    'query'
    """
    parts = list(loc)[1:] if loc and loc[0] in LOCATIONS else list(loc)
    return ".".join(str(p) for p in parts) or "body"


async def on_validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errors):
        return error_response(400, "malformed_json", "the request body is not valid JSON", request=request)
    details = [{"field": field_of(e.get("loc", ())), "problem": e.get("msg", "invalid")} for e in errors]
    message = "; ".join(f"{d['field']}: {d['problem']}" for d in details)
    return error_response(422, "invalid_request", message, details, request=request)


async def on_http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    code = CODE_OF_STATUS.get(exc.status_code, "error")
    response = error_response(exc.status_code, code, str(exc.detail), request=request)
    for name, value in (exc.headers or {}).items():
        response.headers[name] = value
    return response


async def on_conversation_error(request: Request, exc: conv.ConversationError) -> JSONResponse:
    status = status_of(exc)
    if status == 500:       # our bug: the details are in the log, not for the client
        return error_response(status, exc.code, "internal error: the request could not be answered", request=request)
    return error_response(status, exc.code, str(exc), request=request)


async def on_auth_error(request: Request, exc: AuthError) -> JSONResponse:
    """401 with `WWW-Authenticate`, 403, or 429 with `Retry-After`."""
    response = error_response(exc.status, exc.code, exc.message, request=request)
    response.headers.update(exc.headers())
    return response


async def on_identity_error(request: Request, exc: IdentityError) -> JSONResponse:
    return error_response(exc.status, exc.code, str(exc), request=request)


async def on_unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(500, "internal_error", "internal error: the request could not be answered",
                          request=request)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(conv.ConversationError, on_conversation_error)
    app.add_exception_handler(AuthError, on_auth_error)
    app.add_exception_handler(IdentityError, on_identity_error)
    app.add_exception_handler(Exception, on_unexpected_error)


def error_event_data(exc: BaseException) -> dict:
    """The same error shape for a failure in the middle of an event stream (the status line is already sent)."""
    if isinstance(exc, conv.ConversationError):
        status = status_of(exc)
        message = str(exc) if status != 500 else "internal error: the request could not be answered"
        return {"error": {"code": exc.code, "message": message, "status": status}}
    log.error("unhandled error in an event stream", exc_info=exc)
    return {"error": {"code": "internal_error", "message": "internal error: the request could not be answered",
                      "status": 500}}

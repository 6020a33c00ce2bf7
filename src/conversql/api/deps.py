"""Dependencies the routes declare: settings, the engine, the chat store, who is asking, the conversation service."""
from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from fastapi import Depends
from fastapi.security import APIKeyHeader, HTTPBearer
from starlette.requests import HTTPConnection

from conversql.auth.authenticator import Authenticator, authenticator_for
from conversql.auth.principal import AuthError, Principal
from conversql.conversations.access import SourceAccess
from conversql.conversations.dashboards import DashboardService
from conversql.conversations.service import ConversationService
from conversql.conversations.store import ChatStore, Owner
from conversql.settings import Settings

if TYPE_CHECKING:
    from conversql.engine.pipeline import Engine

# The request state keys the audit middleware reads (api/audit.py): who asked, and the code of a refusal.
PRINCIPAL_STATE = "principal"
ERROR_CODE_STATE = "error_code"


def get_settings(conn: HTTPConnection) -> Settings:
    return conn.app.state.settings


def get_engine(conn: HTTPConnection) -> Engine:
    return conn.app.state.engine


def get_store(conn: HTTPConnection) -> ChatStore:
    return conn.app.state.store


def get_authenticator(conn: HTTPConnection) -> Authenticator:
    return authenticator_for(conn.app.state.settings, conn.app.state.store)


def presented_token(conn: HTTPConnection) -> str | None:
    """The credential a request carries: `Authorization: Bearer <token>`, else `X-API-Key: <key>`; a WebSocket
    may also pass `?token=` (browsers cannot set headers on one). Never read from the query string of plain HTTP
    requests: URLs end up in logs."""
    header = conn.headers.get("authorization")
    if header:
        scheme, _, value = header.strip().partition(" ")
        if scheme.lower() != "bearer" or not value.strip():
            raise AuthError(401, "invalid_credential", "the Authorization header must be 'Bearer <API key or JWT>'")
        return value.strip()
    if key := conn.headers.get("x-api-key"):
        return key.strip()
    if conn.scope["type"] == "websocket":
        return conn.query_params.get("token")
    return None


def authenticate_connection(conn: HTTPConnection) -> Principal:
    """Who is asking on this request or WebSocket, rate limit applied; AuthError (401/429) otherwise.

    The outcome is left on `conn.state` for the audit log: the principal as soon as it is known, so that a request
    refused by the rate limit is logged with the credential that made it. A WebSocket route calls this itself
    (inside a try, to send its own error event); HTTP routes get it through `PrincipalDep`.
    """
    auth = get_authenticator(conn)
    try:
        token = None if auth.settings.auth_mode == "none" else presented_token(conn)
        principal = auth.authenticate(token)
        setattr(conn.state, PRINCIPAL_STATE, principal)
        auth.limit(principal)
    except AuthError as e:
        setattr(conn.state, ERROR_CODE_STATE, e.code)
        raise
    return principal


class _Documented:
    """Declares a credential scheme in the OpenAPI document (the /docs "Authorize" button, schemathesis) and reads
    nothing: `presented_token` does. Takes an HTTPConnection, so WebSocket routes may declare it too."""

    async def __call__(self, conn: HTTPConnection) -> None:
        return None


class BearerScheme(_Documented, HTTPBearer):
    pass


class ApiKeyScheme(_Documented, APIKeyHeader):
    pass


_bearer = BearerScheme(auto_error=False, scheme_name="bearer",
                       description="An API key (sk_...) or a JWT: `Authorization: Bearer <credential>`")
_api_key = ApiKeyScheme(name="X-API-Key", auto_error=False, scheme_name="apiKey",
                        description="An API key (sk_...) in the X-API-Key header")


def get_principal(conn: HTTPConnection, _bearer_doc: Annotated[None, Depends(_bearer)] = None,
                  _api_key_doc: Annotated[None, Depends(_api_key)] = None) -> Principal:
    """Who is asking: the holder of the API key or JWT presented, or the local user while auth is not configured
    (docs/auth.md). Raises AuthError 401 (missing, invalid, expired, revoked) or 429 (rate limited)."""
    return authenticate_connection(conn)


PrincipalDep = Annotated[Principal, Depends(get_principal)]


def get_owner(principal: PrincipalDep) -> Owner:
    return principal.owner


def get_access(principal: PrincipalDep, conn: HTTPConnection) -> SourceAccess:
    """The sources the principal may see and use."""
    return get_authenticator(conn).access(principal)


def get_admin(principal: PrincipalDep) -> Principal:
    """The principal, if an administrator; AuthError 403 otherwise."""
    if not principal.admin:
        raise AuthError(403, "forbidden", "this needs an administrator's credential")
    return principal


SettingsDep = Annotated[Settings, Depends(get_settings)]
EngineDep = Annotated["Engine", Depends(get_engine)]
StoreDep = Annotated[ChatStore, Depends(get_store)]
OwnerDep = Annotated[Owner, Depends(get_owner)]
AccessDep = Annotated[SourceAccess, Depends(get_access)]
AdminDep = Annotated[Principal, Depends(get_admin)]
AuthenticatorDep = Annotated[Authenticator, Depends(get_authenticator)]


def get_service(store: StoreDep, engine: EngineDep, settings: SettingsDep, owner: OwnerDep,
                access: AccessDep) -> ConversationService:
    return ConversationService(store, engine, timeout_s=settings.request_timeout_s, owner=owner, access=access)


ServiceDep = Annotated[ConversationService, Depends(get_service)]


def get_dashboards(store: StoreDep, engine: EngineDep, owner: OwnerDep, access: AccessDep) -> DashboardService:
    return DashboardService(store, engine, owner=owner, access=access)


DashboardsDep = Annotated[DashboardService, Depends(get_dashboards)]

"""The principal: the tenant and user a request acts for, and the sources granted to them.

Every API surface receives one from `conversql.api.deps.get_principal`. In the single-user demo mode (no
authentication configured) it is `LOCAL_PRINCIPAL`, who may reach every source. Authentication failures are raised
as `AuthError`; each API surface renders them in its own documented error shape.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal, Mapping

from conversql.conversations.store import DEFAULT_TENANT, DEFAULT_USER, Owner

CredentialKind = Literal["local", "api_key", "jwt"]


@dataclass(frozen=True)
class Principal:
    tenant_id: str
    user_id: str
    credential_id: str = "local"
    kind: CredentialKind = "local"
    sources: frozenset[str] | None = None       # the sources granted; None means every source of the tenant
    admin: bool = False
    # Which tenant owns each source (unlisted: "default"), as configured; None: ownership is not checked (the
    # local user). The authenticator always sets it, so `may_use` never admits another tenant's source.
    source_tenants: Mapping[str, str] | None = field(default=None, compare=False, repr=False)

    @property
    def owner(self) -> Owner:
        return Owner(tenant_id=self.tenant_id, user_id=self.user_id)

    def owns(self, source: str) -> bool:
        """Whether `source` belongs to this principal's tenant."""
        return self.source_tenants is None or self.source_tenants.get(source, DEFAULT_TENANT) == self.tenant_id

    def may_use(self, source: str) -> bool:
        """Whether `source` is this principal's tenant's and granted to them (see `SourceAccess` for which refusal
        is 404 and which 403)."""
        return self.owns(source) and (self.sources is None or source in self.sources)


LOCAL_PRINCIPAL = Principal(tenant_id=DEFAULT_TENANT, user_id=DEFAULT_USER, admin=True)


class AuthError(Exception):
    """A request that may not proceed: 401 (no or bad credential), 403 (not allowed), 429 (rate limited)."""

    def __init__(self, status: int, code: str, message: str, *, retry_after_s: float | None = None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.retry_after_s = retry_after_s

    def headers(self) -> dict[str, str]:
        """The HTTP headers that go with this refusal: `WWW-Authenticate` on 401, `Retry-After` on 429."""
        headers: dict[str, str] = {}
        if self.status == 401:
            error = "" if self.code == "missing_credential" else ', error="invalid_token"'
            headers["WWW-Authenticate"] = f'Bearer realm="conversql"{error}'
        if self.retry_after_s is not None:
            headers["Retry-After"] = str(max(1, math.ceil(self.retry_after_s)))
        return headers

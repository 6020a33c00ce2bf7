"""From a presented credential to a `Principal`: API key or JWT, the auth mode, grants, and the rate limit.

`authenticate(settings, store, token)` is the one entry point, usable without a request object (the WebSocket
route calls it with the `token` query parameter); `conversql.api.deps.get_principal` calls it for every route.
"""
from __future__ import annotations

import threading
import weakref
from typing import Any

from conversql.auth.audit import AuditLog
from conversql.auth.jwt import JwtVerifier
from conversql.auth.keys import KeyStore, looks_like_key
from conversql.auth.principal import LOCAL_PRINCIPAL, AuthError, Principal
from conversql.auth.ratelimit import RateLimiter, make_rate_limiter
from conversql.auth.tenants import TenantStore
from conversql.conversations.access import SourceAccess
from conversql.conversations.store import ChatStore
from conversql.settings import Settings

TENANT_MAX, USER_MAX = 64, 128       # the widths of the chat store's columns


class Authenticator:
    """One per chat store: the key, tenant and audit tables, the JWT verifier and the rate limiter.

    >>> auth = Authenticator(Settings(), ChatStore("sqlite://"))
    >>> auth.admit(None) is LOCAL_PRINCIPAL          # auto mode, nothing configured yet: the local user
    True
    """

    def __init__(self, settings: Settings, store: ChatStore):
        self.settings = settings
        self.keys = KeyStore(store.engine)
        self.tenants = TenantStore(store.engine)
        self.audit = AuditLog(store.engine)
        self.jwt = JwtVerifier(settings)
        self.limiter: RateLimiter | None = make_rate_limiter(settings)
        self._keys_exist = False

    # --- who is asking --------------------------------------------------------------------------------------

    def required(self) -> bool:
        """Whether every request must carry a credential (see `Settings.auth_mode`)."""
        mode = self.settings.auth_mode
        if mode != "auto":
            return mode == "required"
        if self.jwt.configured or self._keys_exist:
            return True
        # Once true it stays true (a key once created is never deleted, only revoked), so it is asked until then.
        self._keys_exist = self.keys.any_created()
        return self._keys_exist

    def admit(self, token: str | None) -> Principal:
        """`authenticate`, then one request off the credential's rate limit (429 when none is left)."""
        principal = self.authenticate(token)
        self.limit(principal)
        return principal

    def limit(self, principal: Principal) -> None:
        """Take one request off `principal`'s rate limit; AuthError 429 (with `retry_after_s`) when none is left.
        A WebSocket calls it for every message it answers, not only when it connects."""
        if principal.kind == "local" or self.limiter is None:
            return
        decision = self.limiter.hit(principal.credential_id)
        if not decision.allowed:
            raise AuthError(429, "rate_limited",
                            f"too many requests for this credential (limit {self.settings.rate_limit_per_minute}"
                            f" a minute); retry in {decision.retry_after_s:.1f} s",
                            retry_after_s=decision.retry_after_s)

    def authenticate(self, token: str | None) -> Principal:
        """The principal `token` (an `sk_` API key or a JWT) stands for; AuthError 401 when it is missing and
        required, or invalid, expired or revoked. With auth off, or in auto mode before anything is configured,
        a request without a credential is the local user."""
        if self.settings.auth_mode == "none":
            return LOCAL_PRINCIPAL
        token = (token or "").strip() or None
        if token is None:
            if not self.required():
                return LOCAL_PRINCIPAL
            raise AuthError(401, "missing_credential",
                            "this server requires a credential: send 'Authorization: Bearer <API key or JWT>'")
        if looks_like_key(token):
            return self._from_key(token)
        return self._from_jwt(token)

    def _from_key(self, secret: str) -> Principal:
        key = self.keys.verify(secret)
        if key is None:
            raise AuthError(401, "invalid_api_key", "the API key is not valid")
        if not key.active:
            raise AuthError(401, "revoked_api_key", "the API key has been revoked")
        self.keys.touch(key.id)
        return Principal(tenant_id=key.tenant_id, user_id=key.user_id, credential_id=key.id, kind="api_key",
                         sources=_narrow(self.tenants.granted(key.tenant_id, key.user_id), key.sources),
                         admin=key.admin, source_tenants=self.settings.source_tenants)

    def _from_jwt(self, token: str) -> Principal:
        claims = self.jwt.verify(token)
        s = self.settings
        tenant = claims.get(s.jwt_tenant_claim, s.jwt_default_tenant)
        user = claims.get(s.jwt_user_claim)
        tenant = _claim_text(tenant, s.jwt_tenant_claim, TENANT_MAX)
        user = _claim_text(user, s.jwt_user_claim, USER_MAX)
        claimed = _claimed_sources(claims.get(s.jwt_sources_claim), s.jwt_sources_claim)
        admin = bool(s.jwt_admin_claim) and claims.get(s.jwt_admin_claim) in (True, "true", "True", 1)
        return Principal(tenant_id=tenant, user_id=user, credential_id=f"jwt:{tenant}/{user}", kind="jwt",
                         sources=_narrow(self.tenants.granted(tenant, user), claimed), admin=admin,
                         source_tenants=self.settings.source_tenants)

    # --- what they may reach --------------------------------------------------------------------------------

    def access(self, principal: Principal) -> SourceAccess:
        """The sources `principal` may see and use: every one for the local user, else their tenant's, granted."""
        if principal.kind == "local":
            return SourceAccess.unrestricted()
        return SourceAccess(tenant_id=principal.tenant_id, source_tenants=self.settings.source_tenants,
                            granted=principal.sources)


def _narrow(*limits: frozenset[str] | None) -> frozenset[str] | None:
    """The intersection of the limits that are set (None: no limit)."""
    result: frozenset[str] | None = None
    for limit in limits:
        if limit is not None:
            result = limit if result is None else result & limit
    return result


def _claim_text(value: Any, claim: str, max_len: int) -> str:
    if value is None or value == "":
        raise AuthError(401, "invalid_token", f"the token has no {claim!r} claim")
    if (not isinstance(value, (str, int)) or isinstance(value, bool) or len(str(value)) > max_len
            or any(ord(c) < 32 for c in str(value))):
        raise AuthError(401, "invalid_token", f"the token's {claim!r} claim must be a string of at most "
                                              f"{max_len} printable characters")
    return str(value)


def _claimed_sources(value: Any, claim: str) -> frozenset[str] | None:
    """A list of source names, or one string of them separated by spaces or commas (as OAuth scopes are)."""
    if value is None:
        return None
    if isinstance(value, str):
        return frozenset(v for v in value.replace(",", " ").split() if v)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return frozenset(value)
    raise AuthError(401, "invalid_token", f"the token's {claim!r} claim must be a list of source names")


_BY_STORE: weakref.WeakKeyDictionary[ChatStore, Authenticator] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def authenticator_for(settings: Settings, store: ChatStore) -> Authenticator:
    """The store's authenticator, made on first use (its rate limiter and caches live as long as the store)."""
    with _LOCK:
        auth = _BY_STORE.get(store)
        if auth is None or auth.settings is not settings:
            auth = _BY_STORE[store] = Authenticator(settings, store)
        return auth


def authenticate(settings: Settings, store: ChatStore, token: str | None) -> Principal:
    """Who presents `token` (an `sk_` key, a JWT, or None), with one request taken off their rate limit.

    Raises AuthError: 401 missing/invalid/expired/revoked, 429 rate limited (with `retry_after_s`).

    >>> authenticate(settings, store, "sk_...").tenant_id
    'acme'
    """
    return authenticator_for(settings, store).admit(token)

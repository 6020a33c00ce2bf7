"""API keys: `sk_` and 43 random URL-safe characters, shown once when created and stored only as a SHA-256 hash.

A slow password hash would protect nothing here: the key is 256 random bits, so its plain SHA-256 cannot be
reversed, and a fast hash keeps per-request verification to one indexed lookup. Besides the hash the store keeps
the key's id (how the CLI and the admin API name it), its first characters (so a person can tell keys apart), the
tenant and user it acts for, the sources it is limited to, and when it was created, last used and revoked.
"""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Iterable

import sqlalchemy as sa

from conversql.auth.errors import KeyNotFound, TenantNotFound
from conversql.auth.tenants import check_name, is_name
from conversql.conversations import tables

KEY_PREFIX = "sk_"
SHOWN_PREFIX_LEN = 10            # "sk_" and 7 random characters: enough to tell keys apart, useless to guess one
LAST_USED_EVERY_S = 60.0
_KEY_ID = re.compile(r"^key_[0-9a-f]{16}$")         # last_used_at is written at most this often per key (one write, not one per request)


@dataclass(frozen=True)
class ApiKey:
    """A key as stored: everything but the secret."""
    id: str
    tenant_id: str
    user_id: str
    name: str
    prefix: str
    sources: frozenset[str] | None
    admin: bool
    created_at: datetime
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


@dataclass(frozen=True)
class NewKey:
    """A key just created: `secret` is the only copy there will ever be."""
    key: ApiKey
    secret: str


def hash_key(secret: str) -> str:
    """The stored form of a key.

    >>> len(hash_key("sk_example"))
    64
    """
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def looks_like_key(token: str) -> bool:
    return token.startswith(KEY_PREFIX)


class KeyStore:
    """API keys in the chat store's database.

    >>> keys = KeyStore(ChatStore("sqlite://").engine)
    >>> made = keys.create("default", "alice")
    >>> keys.verify(made.secret).user_id
    'alice'
    """

    def __init__(self, engine: sa.Engine):
        self.engine = engine
        self._writer = engine.execution_options(write=True)
        self._touched: dict[str, float] = {}
        self._lock = threading.Lock()

    def create(self, tenant_id: str, user_id: str, *, name: str = "", sources: Iterable[str] | None = None,
               admin: bool = False) -> NewKey:
        """A new key for `user_id` of `tenant_id` (which must exist), limited to `sources` when given."""
        check_name("user", user_id, 128)
        secret = KEY_PREFIX + secrets.token_urlsafe(32)
        key = ApiKey(id="key_" + secrets.token_hex(8), tenant_id=tenant_id, user_id=user_id, name=name[:200],
                     prefix=secret[:SHOWN_PREFIX_LEN], sources=None if sources is None else frozenset(sources),
                     admin=admin, created_at=datetime.now(timezone.utc))
        with self._writer.begin() as conn:
            if not conn.execute(sa.select(tables.tenants.c.id).where(tables.tenants.c.id == tenant_id)).first():
                raise TenantNotFound(tenant_id)
            conn.execute(tables.api_keys.insert().values(
                id=key.id, tenant_id=key.tenant_id, user_id=key.user_id, name=key.name, prefix=key.prefix,
                key_hash=hash_key(secret), sources=None if key.sources is None else sorted(key.sources),
                admin=key.admin, created_at=key.created_at))
        return NewKey(key=key, secret=secret)

    def verify(self, secret: str) -> ApiKey | None:
        """The key whose secret this is (check `.active`: it may be revoked), or None."""
        digest = hash_key(secret)
        k = tables.api_keys
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(k).where(k.c.key_hash == digest)).mappings().first()
        # The lookup already matched; the constant-time comparison keeps that true whatever the database does.
        if row is None or not hmac.compare_digest(row["key_hash"], digest):
            return None
        return _key(row)

    def touch(self, key_id: str) -> None:
        """Record that the key was used now (at most once a minute per key and process)."""
        now = time.monotonic()
        with self._lock:
            if now - self._touched.get(key_id, -LAST_USED_EVERY_S) < LAST_USED_EVERY_S:
                return
            self._touched[key_id] = now
        with self._writer.begin() as conn:
            conn.execute(tables.api_keys.update().where(tables.api_keys.c.id == key_id)
                         .values(last_used_at=datetime.now(timezone.utc)))

    def get(self, key_id: str) -> ApiKey:
        if not _KEY_ID.match(key_id):
            raise KeyNotFound(key_id)
        k = tables.api_keys
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(k).where(k.c.id == key_id)).mappings().first()
        if row is None:
            raise KeyNotFound(key_id)
        return _key(row)

    def list(self, tenant_id: str | None = None, *, include_revoked: bool = True) -> list[ApiKey]:
        k = tables.api_keys
        query = sa.select(k).order_by(k.c.tenant_id, k.c.user_id, k.c.created_at)
        if tenant_id is not None:
            if not is_name(tenant_id):
                return []
            query = query.where(k.c.tenant_id == tenant_id)
        if not include_revoked:
            query = query.where(k.c.revoked_at.is_(None))
        with self.engine.connect() as conn:
            return [_key(r) for r in conn.execute(query).mappings()]

    def revoke(self, key_id: str) -> ApiKey:
        """The key stops working at once, on every replica; revoking twice keeps the first time."""
        k = tables.api_keys
        if not _KEY_ID.match(key_id):
            raise KeyNotFound(key_id)
        with self._writer.begin() as conn:
            done = conn.execute(k.update().where(k.c.id == key_id, k.c.revoked_at.is_(None))
                                .values(revoked_at=datetime.now(timezone.utc)))
            if done.rowcount == 0 and not conn.execute(sa.select(k.c.id).where(k.c.id == key_id)).first():
                raise KeyNotFound(key_id)
        return self.get(key_id)

    def any_created(self) -> bool:
        """Whether a key was ever created (revoked ones count: revoking every key must not reopen the server)."""
        with self.engine.connect() as conn:
            return conn.execute(sa.select(tables.api_keys.c.id).limit(1)).first() is not None


def _utc(dt: datetime | None) -> datetime | None:
    if dt is None:
        return None
    return dt.replace(tzinfo=timezone.utc) if dt.tzinfo is None else dt.astimezone(timezone.utc)


def _key(row) -> ApiKey:
    return ApiKey(id=row["id"], tenant_id=row["tenant_id"], user_id=row["user_id"], name=row["name"],
                  prefix=row["prefix"], sources=None if row["sources"] is None else frozenset(row["sources"]),
                  admin=bool(row["admin"]), created_at=_utc(row["created_at"]), last_used_at=_utc(row["last_used_at"]),
                  revoked_at=_utc(row["revoked_at"]))

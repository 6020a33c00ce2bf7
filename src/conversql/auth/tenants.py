"""Tenants and the sources granted to each user.

A tenant owns data sources (configured: `source_tenants`) and conversations. A user of a tenant may use all its
sources unless a grant lists the only ones they may use; an API key or a token can narrow that further.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Iterable

import sqlalchemy as sa

from conversql.auth.errors import InvalidName, TenantExists, TenantNotFound
from conversql.conversations import tables

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@|:+-]*$")


def is_name(value: object, max_len: int = 128) -> bool:
    """Whether `value` could be a tenant or user id (anything else cannot exist, so it is not looked up: a NUL byte
    would be an error on PostgreSQL rather than "not found")."""
    return isinstance(value, str) and len(value) <= max_len and bool(_NAME.match(value))


def check_name(kind: str, value: str, max_len: int = 64) -> str:
    """A tenant or user id: letters, digits and `_ . @ | : + -`, starting with a letter or digit.

    >>> check_name("tenant", "acme")
    'acme'
    """
    if not is_name(value, max_len):
        raise InvalidName(f"{kind} id {value!r} must be 1-{max_len} letters, digits or _ . @ | : + -, "
                          "starting with a letter or digit")
    return value


def owned_sources(tenant_id: str, source_names: Iterable[str], source_tenants: dict[str, str],
                  default_tenant: str = "default") -> list[str]:
    """The configured sources a tenant owns (a source no tenant is assigned belongs to the default tenant)."""
    return [n for n in source_names if source_tenants.get(n, default_tenant) == tenant_id]


def check_owned(sources: Iterable[str] | None, tenant_id: str, owned: list[str]) -> None:
    """Sources named in a key or grant must be the tenant's: a typo should fail now, not silently grant nothing."""
    if sources is None:
        return
    unknown = sorted(set(sources) - set(owned))
    if unknown:
        raise InvalidName(f"tenant {tenant_id!r} owns no source named {', '.join(map(repr, unknown))}; "
                          f"its sources: {', '.join(owned) or 'none'}")


@dataclass(frozen=True)
class Tenant:
    id: str
    name: str
    created_at: datetime


@dataclass(frozen=True)
class Grant:
    tenant_id: str
    user_id: str
    sources: frozenset[str]
    updated_at: datetime


class TenantStore:
    """Tenants and user grants in the chat store's database.

    >>> tenants = TenantStore(ChatStore("sqlite://").engine)
    >>> tenants.create("acme", name="Acme Corp").id
    'acme'
    """

    def __init__(self, engine: sa.Engine):
        self.engine = engine
        self._writer = engine.execution_options(write=True)

    def create(self, tenant_id: str, *, name: str = "") -> Tenant:
        check_name("tenant", tenant_id)
        tenant = Tenant(id=tenant_id, name=(name or tenant_id)[:200], created_at=_now())
        with self._writer.begin() as conn:
            if conn.execute(sa.select(tables.tenants.c.id).where(tables.tenants.c.id == tenant_id)).first():
                raise TenantExists(tenant_id)
            conn.execute(tables.tenants.insert().values(id=tenant.id, name=tenant.name, created_at=tenant.created_at))
        return tenant

    def get(self, tenant_id: str) -> Tenant:
        if not is_name(tenant_id, 64):
            raise TenantNotFound(tenant_id)
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(tables.tenants).where(tables.tenants.c.id == tenant_id)).mappings().first()
        if row is None:
            raise TenantNotFound(tenant_id)
        return _tenant(row)

    def list(self) -> list[Tenant]:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(tables.tenants).order_by(tables.tenants.c.id)).mappings()
            return [_tenant(r) for r in rows]

    # --- grants ---------------------------------------------------------------------------------------------

    def grant(self, tenant_id: str, user_id: str, sources: Iterable[str]) -> Grant:
        """From now on `user_id` may use only `sources` (of their tenant's); replaces any earlier grant."""
        self.get(tenant_id)
        check_name("user", user_id, 128)
        grant = Grant(tenant_id, user_id, frozenset(sources), _now())
        g = tables.user_grants
        with self._writer.begin() as conn:
            conn.execute(g.delete().where(g.c.tenant_id == tenant_id, g.c.user_id == user_id))
            conn.execute(g.insert().values(tenant_id=tenant_id, user_id=user_id, sources=sorted(grant.sources),
                                           updated_at=grant.updated_at))
        return grant

    def ungrant(self, tenant_id: str, user_id: str) -> bool:
        """Drop the user's grant: they may use every source of their tenant again. False if there was none."""
        g = tables.user_grants
        if not (is_name(tenant_id) and is_name(user_id)):
            return False
        with self._writer.begin() as conn:
            return conn.execute(g.delete().where(g.c.tenant_id == tenant_id, g.c.user_id == user_id)).rowcount > 0

    def granted(self, tenant_id: str, user_id: str) -> frozenset[str] | None:
        """The only sources the user may use, or None when no grant narrows them."""
        g = tables.user_grants
        if not (is_name(tenant_id) and is_name(user_id)):
            return None         # such a user can have no grant (JWT claims are not held to the id pattern)
        with self.engine.connect() as conn:
            sources = conn.execute(sa.select(g.c.sources).where(g.c.tenant_id == tenant_id,
                                                               g.c.user_id == user_id)).scalar()
        return None if sources is None else frozenset(sources)

    def grants(self, tenant_id: str | None = None) -> list[Grant]:
        g = tables.user_grants
        query = sa.select(g).order_by(g.c.tenant_id, g.c.user_id)
        if tenant_id is not None:
            if not is_name(tenant_id):
                return []
            query = query.where(g.c.tenant_id == tenant_id)
        with self.engine.connect() as conn:
            return [Grant(r["tenant_id"], r["user_id"], frozenset(r["sources"]), _utc(r["updated_at"]))
                    for r in conn.execute(query).mappings()]


def _tenant(row) -> Tenant:
    return Tenant(id=row["id"], name=row["name"], created_at=_utc(row["created_at"]))


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _utc(dt: datetime) -> datetime:
    return dt.replace(tzinfo=timezone.utc) if dt.tzinfo is None else dt.astimezone(timezone.utc)

"""The audit log: one row per request with who made it (credential id, tenant, user), what (method, path) and how it
ended (status, error code, duration).

Never a secret: the credential id is a key's id (`key_...`) or `jwt:<tenant>/<user>`, never the key or the token;
the path is stored without its query string (a WebSocket's `?token=` would otherwise land here).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timezone

import sqlalchemy as sa

from conversql.conversations import tables


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    method: str
    path: str
    status: int
    duration_ms: float
    credential_id: str | None = None
    kind: str | None = None
    tenant_id: str | None = None
    user_id: str | None = None
    error_code: str | None = None
    client: str | None = None


class AuditLog:
    """Audit rows in the chat store's database.

    >>> log = AuditLog(ChatStore("sqlite://").engine)
    >>> log.record(AuditEntry(at=now, method="GET", path="/api/sessions", status=200, duration_ms=3.1))
    >>> log.entries()[0].status
    200
    """

    def __init__(self, engine: sa.Engine):
        self.engine = engine
        self._writer = engine.execution_options(write=True)

    def record(self, entry: AuditEntry) -> None:
        row = asdict(entry)
        row["path"] = row["path"].replace("\x00", "\\0")[:500]     # PostgreSQL text cannot hold NUL
        with self._writer.begin() as conn:
            conn.execute(tables.audit_log.insert().values(**row))

    def entries(self, *, tenant_id: str | None = None, limit: int = 100, offset: int = 0) -> list[AuditEntry]:
        """Newest first."""
        a = tables.audit_log
        query = sa.select(a).order_by(a.c.id.desc()).limit(limit).offset(offset)
        if tenant_id is not None:
            if "\x00" in tenant_id:
                return []
            query = query.where(a.c.tenant_id == tenant_id)
        with self.engine.connect() as conn:
            return [_entry(r) for r in conn.execute(query).mappings()]


    def prune(self, before: datetime) -> int:
        """Delete the rows older than `before`; returns how many went."""
        with self._writer.begin() as conn:
            return conn.execute(tables.audit_log.delete().where(tables.audit_log.c.at < before)).rowcount


def _entry(row) -> AuditEntry:
    at = row["at"]
    at = at.replace(tzinfo=timezone.utc) if at.tzinfo is None else at
    return AuditEntry(at=at, method=row["method"], path=row["path"], status=row["status"],
                      duration_ms=row["duration_ms"], credential_id=row["credential_id"], kind=row["kind"],
                      tenant_id=row["tenant_id"], user_id=row["user_id"], error_code=row["error_code"],
                      client=row["client"])

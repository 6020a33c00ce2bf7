"""Schema migrations for the chat store: an ordered tuple of plain functions, applied once each at start-up.

`schema_version` records which have run. Every replica calls `migrate` when it starts; the whole check-and-apply
runs in one transaction under a lock (a PostgreSQL advisory lock, or SQLite's write lock via BEGIN IMMEDIATE), so
two replicas starting together apply each migration exactly once and the loser simply finds nothing left to do.

Each migration declares the tables it creates itself (frozen), never the current ones from `tables.py`: adding a
column later means adding a migration, not editing an old one.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable

import sqlalchemy as sa

from conversql.conversations import tables

# Any fixed 64-bit number works; it only has to be the same in every replica ("cvsql" in ASCII).
ADVISORY_LOCK_KEY = 0x6376_7371_6C00


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    apply: Callable[[sa.Connection], None]


def create_chat_tables(conn: sa.Connection) -> None:
    md = sa.MetaData()
    sa.Table(
        "sessions", md,
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("tenant_id", sa.String(64), nullable=False),
        sa.Column("user_id", sa.String(128), nullable=False),
        sa.Column("source", sa.String(128), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Index("ix_sessions_owner_updated", "tenant_id", "user_id", "updated_at"),
    )
    sa.Table(
        "messages", md,
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("session_id", sa.String(36), sa.ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("answer_json", sa.JSON, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("metadata", sa.JSON, nullable=False),
        sa.UniqueConstraint("session_id", "seq", name="uq_messages_session_seq"),
        sa.CheckConstraint("role in ('user', 'assistant')", name="ck_messages_role"),
    )
    md.create_all(conn)


def create_identity_tables(conn: sa.Connection) -> None:
    md = sa.MetaData()
    tenants = sa.Table(
        "tenants", md,
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    sa.Table(
        "api_keys", md,
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("tenant_id", sa.String(64), sa.ForeignKey("tenants.id"), nullable=False),
        sa.Column("user_id", sa.String(128), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("prefix", sa.String(16), nullable=False),
        sa.Column("key_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("sources", sa.JSON, nullable=True),
        sa.Column("admin", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Index("ix_api_keys_tenant", "tenant_id", "user_id"),
    )
    sa.Table(
        "user_grants", md,
        sa.Column("tenant_id", sa.String(64), sa.ForeignKey("tenants.id"), primary_key=True),
        sa.Column("user_id", sa.String(128), primary_key=True),
        sa.Column("sources", sa.JSON, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    sa.Table(
        "audit_log", md,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("credential_id", sa.String(200), nullable=True),
        sa.Column("kind", sa.String(16), nullable=True),
        sa.Column("tenant_id", sa.String(64), nullable=True),
        sa.Column("user_id", sa.String(128), nullable=True),
        sa.Column("method", sa.String(16), nullable=False),
        sa.Column("path", sa.String(500), nullable=False),
        sa.Column("status", sa.Integer, nullable=False),
        sa.Column("error_code", sa.String(64), nullable=True),
        sa.Column("duration_ms", sa.Float, nullable=False),
        sa.Column("client", sa.String(64), nullable=True),
        sa.Index("ix_audit_log_at", "at"),
        sa.Index("ix_audit_log_tenant_at", "tenant_id", "at"),
    )
    md.create_all(conn)
    # Every store has the tenant that owns unassigned sources and the local user's sessions.
    conn.execute(tenants.insert().values(id="default", name="Default", created_at=datetime.now(timezone.utc)))


def create_dashboard_tables(conn: sa.Connection) -> None:
    md = sa.MetaData()
    sa.Table(
        "dashboards", md,
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("tenant_id", sa.String(64), nullable=False),
        sa.Column("user_id", sa.String(128), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Index("ix_dashboards_owner_updated", "tenant_id", "user_id", "updated_at"),
    )
    sa.Table(
        "dashboard_pins", md,
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("dashboard_id", sa.String(36), sa.ForeignKey("dashboards.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        # No foreign keys to the chat: a pin keeps its own copy of the answer and outlives its session.
        sa.Column("session_id", sa.String(36), nullable=False),
        sa.Column("message_id", sa.String(36), nullable=False),
        sa.Column("chart_type", sa.String(16), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("answer_json", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Index("ix_dashboard_pins_dashboard", "dashboard_id", "position"),
    )
    md.create_all(conn)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "chat sessions and messages", create_chat_tables),
    Migration(2, "tenants, API keys, source grants, audit log", create_identity_tables),
    Migration(3, "dashboards and their pinned charts", create_dashboard_tables),
)


def migrate(engine: sa.Engine, migrations: tuple[Migration, ...] = MIGRATIONS) -> list[int]:
    """Apply the migrations not yet recorded, in version order; returns the versions applied by this call.

    `engine` comes from `store.store_engine`, whose SQLite set-up makes the transaction take the write lock first.

    >>> migrate(store_engine("sqlite:///data/conversql.db"))      # a fresh database
    [1]
    """
    ordered = sorted(migrations, key=lambda m: m.version)
    if len({m.version for m in ordered}) != len(ordered):
        raise ValueError("two migrations share a version number")
    applied: list[int] = []
    # `write` makes a store engine open the SQLite transaction with BEGIN IMMEDIATE (see store.store_engine).
    with engine.execution_options(write=True).begin() as conn:
        if conn.dialect.name == "postgresql":
            # Held until this transaction ends: the second replica waits here, then sees the versions recorded.
            conn.execute(sa.select(sa.func.pg_advisory_xact_lock(ADVISORY_LOCK_KEY)))
        tables.schema_version.create(conn, checkfirst=True)
        done = set(conn.execute(sa.select(tables.schema_version.c.version)).scalars())
        for m in ordered:
            if m.version in done:
                continue
            m.apply(conn)
            conn.execute(tables.schema_version.insert().values(
                version=m.version, description=m.description, applied_at=datetime.now(timezone.utc)))
            applied.append(m.version)
    return applied


def current_version(engine: sa.Engine) -> int:
    """The highest migration recorded, 0 on an empty database."""
    with engine.connect() as conn:
        if not sa.inspect(conn).has_table("schema_version"):
            return 0
        return conn.execute(sa.select(sa.func.max(tables.schema_version.c.version))).scalar() or 0

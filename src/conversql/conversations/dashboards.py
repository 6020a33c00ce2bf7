"""Dashboards: named boards of charts pinned from conversations, owned by one tenant's user.

A pin references an assistant message of a session and a chart type. Pinning copies that message's answer,
re-charted to the chosen type (no SQL runs), into the pin: a dashboard shows the stored answers as they were when
pinned, so loading one never queries a database, and it outlives the sessions its charts came from.
"""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from conversql.conversations import tables
from conversql.conversations.access import SourceAccess
from conversql.conversations.errors import DashboardNotFound, InvalidChartType, NotChartable, PinNotFound
from conversql.conversations.store import LOCAL_OWNER, ChatStore, Owner, usable_as_context
from conversql.engine.answer import Answer

if TYPE_CHECKING:
    from conversql.engine.pipeline import Engine

NAME_MAX = 200


@dataclass
class Pin:
    id: str
    dashboard_id: str
    position: int
    session_id: str
    message_id: str
    chart_type: str
    title: str
    answer: Answer
    created_at: datetime


@dataclass
class Dashboard:
    id: str
    tenant_id: str
    user_id: str
    name: str
    description: str
    created_at: datetime
    updated_at: datetime
    pins: list[Pin] = field(default_factory=list)
    pin_count: int = 0


class DashboardService:
    """One owner's dashboards over the chat store's database.

    >>> boards = DashboardService(store, engine, owner=Owner("acme", "ann"))
    >>> board = boards.create("Sales")
    >>> boards.pin(board.id, session_id, message_id, "bar").chart_type
    'bar'
    """

    def __init__(self, store: ChatStore, engine: Engine, *, owner: Owner = LOCAL_OWNER,
                 access: SourceAccess | None = None):
        self.store = store
        self.engine = engine
        self.owner = owner
        self.access = access
        self._db = store.engine
        self._writer = store.engine.execution_options(write=True)

    # --- dashboards -----------------------------------------------------------------------------------------

    def create(self, name: str, *, description: str = "") -> Dashboard:
        now = _now()
        row = dict(id=str(uuid.uuid4()), tenant_id=self.owner.tenant_id, user_id=self.owner.user_id,
                   name=name[:NAME_MAX], description=description, created_at=now, updated_at=now)
        with self._writer.begin() as conn:
            conn.execute(tables.dashboards.insert().values(**row))
        return Dashboard(**row)

    def list(self, *, limit: int = 50, offset: int = 0) -> tuple[list[Dashboard], int]:
        """The owner's dashboards, most recently changed first (without their pins), and how many in all."""
        d, p = tables.dashboards, tables.dashboard_pins
        mine = (d.c.tenant_id == self.owner.tenant_id, d.c.user_id == self.owner.user_id)
        count = sa.select(sa.func.count()).where(p.c.dashboard_id == d.c.id).correlate(d).scalar_subquery()
        with self._db.connect() as conn:
            total = conn.execute(sa.select(sa.func.count()).select_from(d).where(*mine)).scalar_one()
            rows = conn.execute(sa.select(d, count.label("pin_count")).where(*mine)
                                .order_by(d.c.updated_at.desc(), d.c.id).limit(limit).offset(offset)).mappings()
            return [_dashboard(r, pin_count=r["pin_count"]) for r in rows], total

    def get(self, dashboard_id: str, *, refresh: bool = False) -> Dashboard:
        """The dashboard with its pins in order; another owner's dashboard is not found. With `refresh`, each pin's
        query runs again (on a source the caller may still use) and the pin shows today's rows; a pin whose query
        fails keeps its stored answer, with the error said."""
        d, p = tables.dashboards, tables.dashboard_pins
        with self._db.connect() as conn:
            row = conn.execute(sa.select(d).where(d.c.id == dashboard_id, d.c.tenant_id == self.owner.tenant_id,
                                                  d.c.user_id == self.owner.user_id)).mappings().first()
            if row is None:
                raise DashboardNotFound(dashboard_id)
            pins = [_pin(r) for r in conn.execute(sa.select(p).where(p.c.dashboard_id == dashboard_id)
                                                  .order_by(p.c.position, p.c.id)).mappings()]
        if refresh:
            for pin in pins:
                pin.answer = self._refreshed(pin)
        return _dashboard(row, pins=pins, pin_count=len(pins))

    def _refreshed(self, pin: Pin) -> Answer:
        source = pin.answer.source
        if source is None or (self.access is not None and not self.access.may_use(source)):
            stale = pin.answer.model_copy()
            stale.error, stale.error_kind = "this source is no longer available to you", "forbidden"
            return stale
        fresh = self.engine.rerun(pin.answer, pin.chart_type)
        if fresh.error:
            stale = pin.answer.model_copy()
            stale.error, stale.error_kind = fresh.error, fresh.error_kind
            return stale
        return fresh

    def delete(self, dashboard_id: str) -> None:
        self.get(dashboard_id)
        with self._writer.begin() as conn:
            conn.execute(tables.dashboard_pins.delete().where(tables.dashboard_pins.c.dashboard_id == dashboard_id))
            conn.execute(tables.dashboards.delete().where(tables.dashboards.c.id == dashboard_id))

    # --- pins -----------------------------------------------------------------------------------------------

    def pin(self, dashboard_id: str, session_id: str, message_id: str, chart_type: str | None = None,
            *, title: str | None = None) -> Pin:
        """Pin an assistant message's chart (as `chart_type`, or the chart it was drawn with) to the dashboard."""
        self.get(dashboard_id)
        self.store.get_session(session_id, owner=self.owner)     # someone else's session: not found
        message = self.store.get_message(session_id, message_id)
        answer = message.answer
        if message.role != "assistant" or answer is None or not usable_as_context(answer) or not answer.columns:
            raise NotChartable(f"message {message_id!r} has no result to chart; pin an assistant message "
                               "that answered with data")
        chart_type = chart_type or (answer.visualization.type if answer.visualization else "table")
        try:
            drawn = self.engine.rechart(answer, chart_type, question=answer.question)
        except ValueError as e:
            raise InvalidChartType(str(e)) from None
        now = _now()
        p = tables.dashboard_pins
        with self._writer.begin() as conn:
            # Touch the dashboard first: its row lock (PostgreSQL) or the write lock (SQLite) orders the positions.
            conn.execute(tables.dashboards.update().where(tables.dashboards.c.id == dashboard_id)
                         .values(updated_at=now))
            last = conn.execute(sa.select(sa.func.max(p.c.position)).where(p.c.dashboard_id == dashboard_id)).scalar()
            pin = Pin(id=str(uuid.uuid4()), dashboard_id=dashboard_id, position=(last or 0) + 1,
                      session_id=session_id, message_id=message_id, chart_type=chart_type,
                      title=(title or drawn.title or drawn.question)[:NAME_MAX], answer=drawn, created_at=now)
            conn.execute(p.insert().values(id=pin.id, dashboard_id=dashboard_id, position=pin.position,
                                           session_id=session_id, message_id=message_id, chart_type=chart_type,
                                           title=pin.title, answer_json=json.loads(drawn.model_dump_json()),
                                           created_at=now))
        return pin

    def unpin(self, dashboard_id: str, pin_id: str) -> None:
        self.get(dashboard_id)
        p = tables.dashboard_pins
        with self._writer.begin() as conn:
            done = conn.execute(p.delete().where(p.c.id == pin_id, p.c.dashboard_id == dashboard_id))
            if done.rowcount == 0:
                raise PinNotFound(pin_id)
            conn.execute(tables.dashboards.update().where(tables.dashboards.c.id == dashboard_id)
                         .values(updated_at=_now()))

    def pin_conversation(self, dashboard_id: str, session_id: str) -> list[Pin]:
        """Every answer of a session that has a chart, pinned in conversation order (a conversation saved whole)."""
        self.store.get_session(session_id, owner=self.owner)
        messages, _ = self.store.history(session_id, limit=10_000)
        return [self.pin(dashboard_id, session_id, m.id) for m in messages
                if m.role == "assistant" and m.answer is not None and usable_as_context(m.answer)
                and m.answer.columns]


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _utc(dt: datetime) -> datetime:
    return dt.replace(tzinfo=timezone.utc) if dt.tzinfo is None else dt.astimezone(timezone.utc)


def _dashboard(row: Any, *, pins: list[Pin] | None = None, pin_count: int = 0) -> Dashboard:
    return Dashboard(id=row["id"], tenant_id=row["tenant_id"], user_id=row["user_id"], name=row["name"],
                     description=row["description"], created_at=_utc(row["created_at"]),
                     updated_at=_utc(row["updated_at"]), pins=pins or [], pin_count=pin_count)


def _pin(row: Any) -> Pin:
    return Pin(id=row["id"], dashboard_id=row["dashboard_id"], position=row["position"], session_id=row["session_id"],
               message_id=row["message_id"], chart_type=row["chart_type"], title=row["title"],
               answer=Answer.model_validate(row["answer_json"]), created_at=_utc(row["created_at"]))

"""The chat store: sessions and their messages, in SQLite (one file, the default) or PostgreSQL (shared by replicas).

SQLAlchemy Core only. An exchange (the user's question and the assistant's answer) is written in one transaction,
so a failure never leaves a question without its answer. Assistant messages keep the whole `Answer` as JSON,
structured query included: that is what follow-ups, refinement and re-charting start from.
"""
from __future__ import annotations

import json
import sqlite3
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.pool import StaticPool

from conversql.conversations import tables
from conversql.conversations.errors import MessageNotFound, SessionExists, SessionNotFound
from conversql.conversations.migrations import migrate
from conversql.engine.answer import Answer

DEFAULT_TENANT = "default"
DEFAULT_USER = "local"
TITLE_MAX = 200
BUSY_TIMEOUT_S = 30      # how long a SQLite store waits for another connection's write lock

Role = Literal["user", "assistant"]


@dataclass(frozen=True)
class Owner:
    """Whose sessions these are. One fixed owner until multi-tenancy arrives."""
    tenant_id: str = DEFAULT_TENANT
    user_id: str = DEFAULT_USER


LOCAL_OWNER = Owner()


@dataclass
class ChatSession:
    id: str
    tenant_id: str
    user_id: str
    source: str
    title: str
    created_at: datetime
    updated_at: datetime
    message_count: int = 0


@dataclass
class Message:
    id: str
    session_id: str
    seq: int
    role: Role
    content: str
    created_at: datetime
    metadata: dict[str, Any] = field(default_factory=dict)
    answer: Answer | None = None       # assistant messages only


def store_engine(url: str) -> sa.Engine:
    """A SQLAlchemy engine for the store URL: `sqlite:///path` or `postgresql://...` (driven by psycopg 3).

    >>> store_engine("sqlite:///data/conversql.db").dialect.name
    'sqlite'
    """
    if url.startswith(("postgresql://", "postgres://")):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    sa_url = sa.make_url(url)
    if sa_url.get_backend_name() == "postgresql":
        return sa.create_engine(sa_url, pool_pre_ping=True)
    if sa_url.get_backend_name() != "sqlite":
        raise ValueError(f"the chat store runs on SQLite or PostgreSQL, not {sa_url.get_backend_name()!r}")
    return _sqlite_engine(sa_url)


def _use_wal(dbapi_conn: sqlite3.Connection) -> None:
    """Put the database file in WAL mode (a setting the file keeps), waiting out other connections doing the same.

    Switching the journal mode needs the file to itself, and SQLite answers "database is locked" at once instead of
    calling the busy handler when several connections open a new file together (replicas starting at once), so the
    switch is retried here until the busy timeout. A file already in WAL mode costs one read of the setting.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    pause = 0.005
    while True:
        try:
            mode = dbapi_conn.execute("PRAGMA journal_mode").fetchone()[0]
            if mode == "wal" or dbapi_conn.execute("PRAGMA journal_mode=WAL").fetchone()[0] == "wal":
                return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) and "busy" not in str(e):
                raise
        if time.monotonic() > deadline:
            raise sqlite3.OperationalError("database is locked: could not switch the chat store to WAL mode")
        time.sleep(pause)
        pause = min(pause * 2, 0.2)


def _sqlite_engine(sa_url: sa.URL) -> sa.Engine:
    in_memory = sa_url.database in (None, "", ":memory:")
    if in_memory:
        # One shared connection, or every checkout would see its own empty database.
        engine = sa.create_engine(sa_url, poolclass=StaticPool, connect_args={"check_same_thread": False})
    else:
        Path(sa_url.database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(sa_url, connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_S})

    @event.listens_for(engine, "connect")
    def _configure(dbapi_conn, _record):
        # Take transaction control away from the sqlite3 module (it would not wrap DDL) and issue BEGIN ourselves.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()
        if not in_memory:
            _use_wal(dbapi_conn)    # readers do not wait for the writer

    @event.listens_for(engine, "begin")
    def _begin(conn):
        # IMMEDIATE takes the write lock up front: two writers queue (busy timeout) instead of deadlocking when
        # both upgrade from a read lock; plain reads stay DEFERRED.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("write") else "BEGIN")

    return engine


def _utc(dt: datetime) -> datetime:
    return dt.replace(tzinfo=timezone.utc) if dt.tzinfo is None else dt.astimezone(timezone.utc)


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _answer_json(answer: Answer) -> dict[str, Any]:
    # Through the JSON encoder rather than model_dump: NaN/Infinity become null, which PostgreSQL's json accepts.
    return json.loads(answer.model_dump_json())


def _assistant_content(answer: Answer) -> str:
    return answer.response or answer.error or answer.title or ""


def _assistant_metadata(answer: Answer, kind: str) -> dict[str, Any]:
    meta: dict[str, Any] = {"kind": kind, "intent": answer.intent, "agents_visited": answer.agents_visited}
    if answer.error_kind:
        meta["error_kind"] = answer.error_kind
    if answer.visualization:
        meta["chart_type"] = answer.visualization.type
    return meta


def usable_as_context(answer: Answer) -> bool:
    """A reply a follow-up can build on: it succeeded and has a query or a result (not a refusal or a 'huh?')."""
    return answer.error is None and (answer.query is not None or bool(answer.columns))


class ChatStore:
    """Sessions and messages. Safe to share between threads; each call is its own transaction.

    >>> store = ChatStore("sqlite://")
    >>> s = store.create_session("demo")
    >>> store.history(s.id)
    ([], 0)
    """

    def __init__(self, url: str, *, run_migrations: bool = True):
        self.engine = store_engine(url)
        self._writer = self.engine.execution_options(write=True)
        if run_migrations:
            migrate(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    def ping(self) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(1)).scalar() == 1

    # --- sessions -------------------------------------------------------------------------------------------

    def create_session(self, source: str, *, title: str = "", owner: Owner = LOCAL_OWNER,
                       session_id: str | None = None) -> ChatSession:
        """A new session; `session_id` fixes its id (a surface whose clients name their conversations), and an id
        already taken raises SessionExists."""
        now = _now()
        row = dict(id=session_id or str(uuid.uuid4()), tenant_id=owner.tenant_id, user_id=owner.user_id, source=source,
                   title=title[:TITLE_MAX], created_at=now, updated_at=now)
        try:
            with self._writer.begin() as conn:
                conn.execute(tables.sessions.insert().values(**row))
        except sa.exc.IntegrityError:
            raise SessionExists(row["id"]) from None
        return ChatSession(**row)

    def get_session(self, session_id: str, *, owner: Owner | None = None) -> ChatSession:
        """The session, or SessionNotFound; with `owner`, a session of somebody else is also not found."""
        query = self._session_query().where(tables.sessions.c.id == session_id)
        if owner is not None:
            query = query.where(tables.sessions.c.tenant_id == owner.tenant_id,
                                tables.sessions.c.user_id == owner.user_id)
        with self.engine.connect() as conn:
            row = conn.execute(query).mappings().first()
        if row is None:
            raise SessionNotFound(session_id)
        return self._session(row)

    def list_sessions(self, *, owner: Owner = LOCAL_OWNER, limit: int = 50,
                      offset: int = 0) -> tuple[list[ChatSession], int]:
        """The owner's sessions, most recently active first, and how many there are in all."""
        s = tables.sessions
        mine = (s.c.tenant_id == owner.tenant_id, s.c.user_id == owner.user_id)
        with self.engine.connect() as conn:
            total = conn.execute(sa.select(sa.func.count()).select_from(s).where(*mine)).scalar_one()
            rows = conn.execute(self._session_query().where(*mine)
                                .order_by(s.c.updated_at.desc(), s.c.id).limit(limit).offset(offset)).mappings()
            return [self._session(r) for r in rows], total

    def rename(self, session_id: str, title: str) -> ChatSession:
        with self._writer.begin() as conn:
            done = conn.execute(tables.sessions.update().where(tables.sessions.c.id == session_id)
                                .values(title=title[:TITLE_MAX], updated_at=_now()))
            if done.rowcount == 0:
                raise SessionNotFound(session_id)
        return self.get_session(session_id)

    def delete(self, session_id: str) -> None:
        with self._writer.begin() as conn:
            conn.execute(tables.messages.delete().where(tables.messages.c.session_id == session_id))
            done = conn.execute(tables.sessions.delete().where(tables.sessions.c.id == session_id))
            if done.rowcount == 0:
                raise SessionNotFound(session_id)

    # --- messages -------------------------------------------------------------------------------------------

    def add_exchange(self, session_id: str, question: str, answer: Answer, *, kind: str = "ask",
                     asked_at: datetime | None = None) -> tuple[Message, Message]:
        """Store the user's question and the assistant's answer together, or neither.

        The first exchange also names an untitled session (the answer's title, else the question).
        """
        answered_at = _now()
        asked_at = asked_at or answered_at
        title = (answer.title or question).strip()[:TITLE_MAX]
        with self._writer.begin() as conn:
            seq = self._claim_seq(conn, session_id, answered_at, title)
            user = Message(id=str(uuid.uuid4()), session_id=session_id, seq=seq, role="user", content=question,
                           created_at=asked_at, metadata={"kind": kind})
            bot = Message(id=str(uuid.uuid4()), session_id=session_id, seq=seq + 1, role="assistant",
                          content=_assistant_content(answer), created_at=answered_at,
                          metadata=_assistant_metadata(answer, kind), answer=answer)
            conn.execute(tables.messages.insert().values(self._row(user)))
            conn.execute(tables.messages.insert().values(self._row(bot)))
        return user, bot

    def append_answer(self, session_id: str, answer: Answer, *, kind: str = "visualize",
                      metadata: dict[str, Any] | None = None) -> Message:
        """Store an assistant message on its own, e.g. the same result re-charted."""
        now = _now()
        with self._writer.begin() as conn:
            seq = self._claim_seq(conn, session_id, now, None)
            bot = Message(id=str(uuid.uuid4()), session_id=session_id, seq=seq, role="assistant",
                          content=_assistant_content(answer), created_at=now,
                          metadata={**_assistant_metadata(answer, kind), **(metadata or {})}, answer=answer)
            conn.execute(tables.messages.insert().values(self._row(bot)))
        return bot

    def replace_answer(self, message_id: str, answer: Answer) -> Message:
        """Swap the answer of an assistant message in place (a re-chart that should not grow the history)."""
        m = tables.messages
        with self._writer.begin() as conn:
            row = conn.execute(sa.select(m).where(m.c.id == message_id, m.c.role == "assistant")).mappings().first()
            if row is None:
                raise MessageNotFound(message_id)
            meta = {**(row["metadata"] or {}), **_assistant_metadata(answer, (row["metadata"] or {}).get("kind", "ask"))}
            conn.execute(m.update().where(m.c.id == message_id).values(
                answer_json=_answer_json(answer), content=_assistant_content(answer), metadata=meta))
            conn.execute(tables.sessions.update().where(tables.sessions.c.id == row["session_id"])
                         .values(updated_at=_now()))
            row = conn.execute(sa.select(m).where(m.c.id == message_id)).mappings().one()
        return self._message(row)

    def history(self, session_id: str, *, limit: int = 50, offset: int = 0) -> tuple[list[Message], int]:
        """Messages in conversation order (oldest first), a page of them, and the total count."""
        m = tables.messages
        with self.engine.connect() as conn:
            total = conn.execute(sa.select(sa.func.count()).select_from(m)
                                 .where(m.c.session_id == session_id)).scalar_one()
            rows = conn.execute(sa.select(m).where(m.c.session_id == session_id)
                                .order_by(m.c.seq).limit(limit).offset(offset)).mappings()
            return [self._message(r) for r in rows], total

    def get_message(self, session_id: str, message_id: str) -> Message:
        """One message of a session, or MessageNotFound (also when it belongs to another session)."""
        m = tables.messages
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(m).where(m.c.id == message_id, m.c.session_id == session_id)).mappings().first()
        if row is None:
            raise MessageNotFound(message_id)
        return self._message(row)

    def last_answer(self, session_id: str, *, usable_only: bool = True) -> Answer | None:
        """The most recent assistant answer; by default the most recent one a follow-up can build on."""
        m = tables.messages
        query = (sa.select(m.c.answer_json)
                 .where(m.c.session_id == session_id, m.c.role == "assistant", m.c.answer_json.is_not(None))
                 .order_by(m.c.seq.desc()))
        with self.engine.connect() as conn:
            for (data,) in conn.execute(query.execution_options(yield_per=20)):
                answer = Answer.model_validate(data)
                if not usable_only or usable_as_context(answer):
                    return answer
        return None

    # --- internals ------------------------------------------------------------------------------------------

    def _claim_seq(self, conn: sa.Connection, session_id: str, now: datetime, title: str | None) -> int:
        """Touch the session first: on PostgreSQL that row lock serializes writers of one session, so the
        max(seq) read next sees every committed message (SQLite's BEGIN IMMEDIATE already serializes)."""
        s = tables.sessions
        values: dict[str, Any] = {"updated_at": now}
        if title:
            values["title"] = sa.case((s.c.title == "", title), else_=s.c.title)
        if conn.execute(s.update().where(s.c.id == session_id).values(**values)).rowcount == 0:
            raise SessionNotFound(session_id)
        last = conn.execute(sa.select(sa.func.max(tables.messages.c.seq))
                            .where(tables.messages.c.session_id == session_id)).scalar()
        return (last or 0) + 1

    @staticmethod
    def _session_query() -> sa.Select:
        s, m = tables.sessions, tables.messages
        count = (sa.select(sa.func.count()).where(m.c.session_id == s.c.id)
                 .correlate(s).scalar_subquery().label("message_count"))
        return sa.select(s, count)

    @staticmethod
    def _session(row) -> ChatSession:
        return ChatSession(id=row["id"], tenant_id=row["tenant_id"], user_id=row["user_id"], source=row["source"],
                           title=row["title"], created_at=_utc(row["created_at"]),
                           updated_at=_utc(row["updated_at"]), message_count=row["message_count"])

    @staticmethod
    def _row(msg: Message) -> dict[str, Any]:
        return dict(id=msg.id, session_id=msg.session_id, seq=msg.seq, role=msg.role, content=msg.content,
                    answer_json=_answer_json(msg.answer) if msg.answer is not None else None,
                    created_at=msg.created_at, metadata=msg.metadata)

    @staticmethod
    def _message(row) -> Message:
        data = row["answer_json"]
        return Message(id=row["id"], session_id=row["session_id"], seq=row["seq"], role=row["role"],
                       content=row["content"], created_at=_utc(row["created_at"]), metadata=row["metadata"] or {},
                       answer=Answer.model_validate(data) if data is not None else None)

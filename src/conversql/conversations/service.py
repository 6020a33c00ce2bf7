"""Conversations: a session's questions go to the engine with the previous answer as context, and each exchange is
stored once the answer is complete.

Every engine call runs in a worker thread under the request deadline (`run_with_deadline`); the store is written
only after the call returns, so a request that fails or overruns leaves no trace in the history.
"""
from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Callable, get_args

from conversql.conversations.access import SourceAccess
from conversql.conversations.deadline import StepRelay, run_with_deadline
from conversql.conversations.errors import (
    ConversationError,
    EngineFailure,
    InvalidChartType,
    ModelNotFound,
    NothingToBuildOn,
    SessionExists,
    SessionNotFound,
)
from conversql.conversations.store import LOCAL_OWNER, ChatSession, ChatStore, Message, Owner
from conversql.engine.answer import Answer, ChartType, Step

if TYPE_CHECKING:
    from conversql.engine.pipeline import Engine

log = logging.getLogger(__name__)

CHART_TYPES: tuple[str, ...] = get_args(ChartType)
_CLIENT_NAMES = uuid.UUID("6d1c1b52-8f7a-4c55-9b3e-2f4a0c3e7a10")   # the uuid5 namespace of `owned_id`
StepListener = Callable[[Step], None]


@dataclass(frozen=True)
class Exchange:
    """An answer and, for a session, the two messages it was stored as (None for a one-shot question)."""
    answer: Answer
    question: Message | None = None
    reply: Message | None = None


@dataclass(frozen=True)
class Turn:
    """One engine call, validated and ready: `run(on_step)` answers (and stores, for a session)."""
    _run: Callable[[StepListener | None], Exchange]

    def run(self, on_step: StepListener | None = None) -> Answer:
        return self._run(on_step).answer

    def exchange(self, on_step: StepListener | None = None) -> Exchange:
        """`run`, with the stored messages (their ids are what several vendor APIs return)."""
        return self._run(on_step)


class ConversationService:
    """One owner's view of the conversations. Cheap to build: the API makes one per request.

    >>> svc = ConversationService(ChatStore("sqlite://"), engine, timeout_s=60)
    >>> session = svc.create_session("demo")
    >>> svc.send(session.id, "revenue by month").sql
    'SELECT ...'
    """

    def __init__(self, store: ChatStore, engine: Engine, *, timeout_s: float = 60.0, owner: Owner = LOCAL_OWNER,
                 access: SourceAccess | None = None):
        self.store = store
        self.engine = engine
        self.timeout_s = timeout_s
        self.owner = owner
        self.access = access or SourceAccess.unrestricted()

    # --- sessions -------------------------------------------------------------------------------------------

    def create_session(self, source: str | None = None, *, title: str = "", session_id: str | None = None) -> ChatSession:
        """A new, empty session on `source` (the first configured source when None)."""
        return self.store.create_session(self.resolve_source(source), title=title, owner=self.owner,
                                         session_id=session_id)

    def get_or_create(self, session_id: str, source: str | None = None) -> ChatSession:
        """The owner's session `session_id`, created empty on first use (for clients that name conversations).

        The id must be one this owner alone can produce (see `owned_id`): another owner's session is never found.
        """
        try:
            return self.get(session_id)
        except SessionNotFound:
            pass
        try:
            return self.create_session(source, session_id=session_id)
        except SessionExists:          # a concurrent first request made it a moment ago
            return self.get(session_id)

    def owned_id(self, name: str) -> str:
        """A session id derived from the owner and a client's name for a conversation, so that two tenants using
        the same name get two sessions.

        >>> svc.owned_id("conv-1") == svc.owned_id("conv-1")
        True
        """
        return str(uuid.uuid5(_CLIENT_NAMES, f"{self.owner.tenant_id}\x1f{self.owner.user_id}\x1f{name}"))

    def get(self, session_id: str) -> ChatSession:
        return self.store.get_session(session_id, owner=self.owner)

    def list(self, *, limit: int = 50, offset: int = 0) -> tuple[list[ChatSession], int]:
        return self.store.list_sessions(owner=self.owner, limit=limit, offset=offset)

    def rename(self, session_id: str, title: str) -> ChatSession:
        self.get(session_id)
        return self.store.rename(session_id, title)

    def delete(self, session_id: str) -> None:
        self.get(session_id)
        self.store.delete(session_id)

    def history(self, session_id: str, *, limit: int = 50, offset: int = 0) -> tuple[list[Message], int]:
        self.get(session_id)
        return self.store.history(session_id, limit=limit, offset=offset)

    # --- the conversation -----------------------------------------------------------------------------------

    def send(self, session_id: str, question: str, on_step: StepListener | None = None, *,
             model: str | None = None, mode: str | None = None) -> Answer:
        """Answer `question` in the context of the session's last answer, and store the exchange."""
        return self.start_send(session_id, question, model=model, mode=mode).run(on_step)

    def refine(self, session_id: str, refinement: str, on_step: StepListener | None = None) -> Answer:
        """Edit the last answer's query ("only US customers") rather than start a new analysis."""
        return self.start_refine(session_id, refinement).run(on_step)

    def start_send(self, session_id: str, question: str, *, model: str | None = None,
                   mode: str | None = None) -> Turn:
        """`send`, checked now (unknown session, unknown source, unknown model) and run later: a stream must not
        start before every refusal is known. `model` (a model id) or `mode` (auto, deterministic, llm) choose the
        planner; None keeps the server's setting."""
        return self._turn(session_id, question, kind="ask", intent=None, model=model, mode=mode)

    def start_refine(self, session_id: str, refinement: str, *, model: str | None = None,
                     mode: str | None = None) -> Turn:
        return self._turn(session_id, refinement, kind="refine", intent="refine", model=model, mode=mode)

    def start_ask_once(self, question: str, *, source: str | None = None, model: str | None = None,
                       mode: str | None = None) -> Turn:
        name = self.resolve_source(source)
        self.resolve_model(model)
        return Turn(lambda on_step: Exchange(self._call(
            lambda relay: self.engine.ask(question, source=name, on_step=relay, model=model, mode=mode,
                                          tenant=self.owner.tenant_id), on_step)))

    def resolve_model(self, model: str | None) -> str | None:
        """`model` when it is configured (None stays None: the server's routing decides); ModelNotFound (404)
        otherwise."""
        if model is not None and model not in (known := self.engine.model_ids()):
            raise ModelNotFound(model, known)
        return model

    def visualize(self, session_id: str, chart_type: str) -> Answer:
        """The last answer's data drawn as `chart_type`: no SQL runs; stored as a new assistant message."""
        if chart_type not in CHART_TYPES:
            raise InvalidChartType(f"unknown chart type {chart_type!r}; choose one of {', '.join(CHART_TYPES)}")
        self.resolve_source(self.get(session_id).source)
        last = self.store.last_answer(session_id)
        if last is None:
            raise NothingToBuildOn("this session has no result to re-chart yet; ask a question first")

        def rechart(_relay: StepRelay[Step]) -> Answer:
            try:
                return self.engine.rechart(last, chart_type)
            except ValueError as e:        # the engine knows which types fit this data
                raise InvalidChartType(str(e)) from None

        answer = self._call(rechart, None)
        self.store.append_answer(session_id, answer, kind="visualize", metadata={"chart_type": chart_type})
        return answer

    def ask_once(self, question: str, *, source: str | None = None, on_step: StepListener | None = None,
                 model: str | None = None, mode: str | None = None) -> Answer:
        """A one-shot answer outside any session: nothing is stored."""
        return self.start_ask_once(question, source=source, model=model, mode=mode).run(on_step)

    def resolve_source(self, source: str | None) -> str:
        """`source`, or the first the owner may use when None; UnknownSource (404) for a source that does not exist
        or belongs to another tenant, SourceForbidden (403) for one of the tenant's not granted to the owner."""
        known = self.engine.source_names()
        if source is None:
            return self.access.default(known)
        return self.access.check(source, known)

    def sources(self) -> list[str]:
        """The sources the owner may see and use."""
        return self.access.visible(self.engine.source_names())

    # --- internals ------------------------------------------------------------------------------------------

    def _turn(self, session_id: str, text: str, *, kind: str, intent: str | None, model: str | None = None,
              mode: str | None = None) -> Turn:
        session = self.get(session_id)
        source = self.resolve_source(session.source)
        self.resolve_model(model)
        context = self.store.last_answer(session_id)
        if intent == "refine" and context is None:
            raise NothingToBuildOn("this session has no answer to refine yet; ask a question first")

        def run(on_step: StepListener | None) -> Exchange:
            asked_at = datetime.now(timezone.utc)
            answer = self._call(lambda relay: self.engine.ask(text, source=source, context=context, on_step=relay,
                                                              intent=intent, model=model, mode=mode,
                                                              tenant=self.owner.tenant_id), on_step)
            question, reply = self.store.add_exchange(session_id, text, answer, kind=kind, asked_at=asked_at)
            return Exchange(answer, question, reply)

        return Turn(run)

    def _call(self, call: Callable[[StepRelay[Step]], Answer], on_step: StepListener | None) -> Answer:
        relay: StepRelay[Step] = StepRelay(on_step)
        try:
            return run_with_deadline(lambda: call(relay), self.timeout_s)
        except ConversationError:
            raise
        except Exception as e:
            log.exception("the engine raised instead of answering")
            raise EngineFailure("the engine failed on this request; it has been logged") from e
        finally:
            relay.close()

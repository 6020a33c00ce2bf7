"""The conversation service over the real engine and a real SQLite database, with the store on SQLite and PostgreSQL."""
from __future__ import annotations

import sqlite3
import threading
import time
from datetime import date

import pytest

from conversql.conversations.errors import (
    DeadlineExceeded,
    EngineFailure,
    InvalidChartType,
    NothingToBuildOn,
    SessionNotFound,
    UnknownSource,
)
from conversql.conversations.service import ConversationService
from conversql.conversations.store import Owner
from conversql.engine.pipeline import Engine
from conversql.settings import Settings


@pytest.fixture(scope="module")
def tiny_settings(tmp_path_factory) -> Settings:
    path = tmp_path_factory.mktemp("tiny") / "tiny.sqlite"
    con = sqlite3.connect(path)
    con.executescript("""
        CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, country TEXT NOT NULL);
        CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id),
                             amount REAL NOT NULL, order_date DATE NOT NULL);
        INSERT INTO customers VALUES (1, 'Ann', 'France'), (2, 'Bob', 'Spain'), (3, 'Cy', 'France');
        INSERT INTO orders VALUES (1, 1, 10, '2024-01-05'), (2, 2, 20, '2024-02-05'), (3, 3, 30, '2024-03-05'),
                                  (4, 1, 5, '2024-03-09');
    """)
    con.commit()
    con.close()
    return Settings(sources={"tiny": f"sqlite:///{path}"}, today=date(2024, 12, 31), _env_file=None)


@pytest.fixture(scope="module")
def engine(tiny_settings) -> Engine:
    return Engine(tiny_settings)


@pytest.fixture()
def service(store, engine) -> ConversationService:
    return ConversationService(store, engine, timeout_s=30)


class SlowEngine(Engine):
    """The real engine, starting late, reporting steps only after the caller's deadline passed."""

    def __init__(self, settings):
        super().__init__(settings)
        self.finished = threading.Event()

    def ask(self, question, **kw):
        time.sleep(0.5)
        try:
            return super().ask(question, **kw)
        finally:
            self.finished.set()


def test_send_answers_and_stores_the_exchange(service):
    sid = service.create_session().id
    answer = service.send(sid, "total amount by country")
    assert answer.rows == [["France", 45.0], ["Spain", 20.0]]
    messages, total = service.history(sid)
    assert total == 2 and messages[1].answer == answer


def test_send_reports_each_step_as_it_finishes(service):
    sid = service.create_session().id
    seen: list[tuple[str, str]] = []
    answer = service.send(sid, "total amount by country",
                          on_step=lambda s: seen.append((s.name, threading.current_thread().name)))
    assert [name for name, _ in seen] == [s.name for s in answer.steps]
    assert {thread for _, thread in seen} == {"conversql-engine-call"}     # from the worker thread


def test_a_follow_up_is_answered_in_the_context_of_the_last_answer(service):
    sid = service.create_session().id
    service.send(sid, "total amount by country")
    follow_up = service.send(sid, "only Spain")
    assert follow_up.rows == [["Spain", 20.0]] and "SUM(o.amount)" in follow_up.sql


def test_refine_needs_an_answer_to_refine(service):
    sid = service.create_session().id
    with pytest.raises(NothingToBuildOn):
        service.refine(sid, "only Spain")
    assert service.history(sid) == ([], 0)


def test_refine_edits_the_last_query(service):
    sid = service.create_session().id
    service.send(sid, "total amount by country")
    assert service.refine(sid, "only France").rows == [["France", 45.0]]


def test_visualize_stores_the_same_data_as_a_new_chart(service):
    sid = service.create_session().id
    first = service.send(sid, "total amount by country")
    pie = service.visualize(sid, "pie")
    assert pie.visualization.type == "pie" and pie.rows == first.rows and pie.sql == first.sql
    messages, total = service.history(sid)
    assert total == 3 and messages[-1].metadata["kind"] == "visualize"


def test_visualize_refuses_an_unknown_chart_type(service):
    sid = service.create_session().id
    service.send(sid, "total amount by country")
    with pytest.raises(InvalidChartType):
        service.visualize(sid, "donut")
    assert service.history(sid)[1] == 2


def test_visualize_needs_a_result(service):
    sid = service.create_session().id
    with pytest.raises(NothingToBuildOn):
        service.visualize(sid, "pie")


def test_sessions_default_to_the_first_source_and_refuse_unknown_ones(service):
    assert service.create_session().source == "tiny"
    with pytest.raises(UnknownSource):
        service.create_session("nope")


def test_another_owner_cannot_see_or_use_a_session(store, engine):
    mine = ConversationService(store, engine, owner=Owner("acme", "ann"))
    theirs = ConversationService(store, engine, owner=Owner("acme", "bob"))
    sid = mine.create_session().id
    for attempt in (lambda: theirs.get(sid), lambda: theirs.send(sid, "total amount by country"),
                    lambda: theirs.history(sid), lambda: theirs.delete(sid), lambda: theirs.rename(sid, "x")):
        with pytest.raises(SessionNotFound):
            attempt()
    assert mine.history(sid) == ([], 0)


def test_past_the_deadline_nothing_is_stored_and_no_step_leaks(store, tiny_settings):
    slow = SlowEngine(tiny_settings)
    service = ConversationService(store, slow, timeout_s=0.1)
    sid = service.create_session().id
    steps: list[str] = []
    with pytest.raises(DeadlineExceeded):
        service.send(sid, "total amount by country", on_step=lambda s: steps.append(s.name))
    assert slow.finished.wait(10)
    time.sleep(0.05)
    assert steps == [] and service.history(sid) == ([], 0)


def test_an_engine_exception_becomes_an_engine_failure_and_stores_nothing(store, tiny_settings):
    class Broken(Engine):
        def ask(self, question, **kw):
            raise ZeroDivisionError("bug")

    service = ConversationService(store, Broken(tiny_settings))
    sid = service.create_session().id
    with pytest.raises(EngineFailure):
        service.send(sid, "total amount by country")
    assert service.history(sid) == ([], 0)


def test_ask_once_answers_without_a_session(service, store):
    before = store.list_sessions()[1]
    assert service.ask_once("total amount by country").row_count == 2
    assert store.list_sessions()[1] == before

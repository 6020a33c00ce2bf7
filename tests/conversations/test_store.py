"""The chat store, on SQLite and on PostgreSQL: sessions, atomic exchanges, history paging, context lookup."""
from __future__ import annotations

import math
import threading
from datetime import date

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from conversql.conversations.errors import MessageNotFound, SessionNotFound
from conversql.conversations.store import ChatStore, Owner
from conversql.engine.answer import Answer, Step, Visualization
from conversql.query.structured import DimensionSpec, FilterSpec, MeasureSpec, StructuredQuery, TimeRange


def data_answer(question: str = "revenue by country", **extra) -> Answer:
    query = StructuredQuery(
        entity="orders",
        measures=[MeasureSpec(measure="orders.revenue", agg="sum", alias="revenue")],
        dimensions=[DimensionSpec(field="customers.country")],
        filters=[FilterSpec(field="customers.country", op="in", value=["US", "FR"])],
        time_range=TimeRange(start=date(2024, 1, 1), end=date(2024, 4, 1), label="Q1 2024"),
        limit=10,
    )
    fields = dict(question=question, intent="data_question", response="US leads with 1,200.", title="Revenue by country",
                  sql="SELECT country, SUM(amount) AS revenue FROM orders GROUP BY 1", columns=["country", "revenue"],
                  column_types={"country": "text", "revenue": "numeric"}, rows=[["US", 1200.5], ["FR", 800]],
                  row_count=2, query=query, source="shop",
                  steps=[Step(name="route", agent="router"), Step(name="execute", agent="sql_agent")])
    return Answer(**{**fields, **extra})


def not_understood(question: str = "blorp the zibble") -> Answer:
    return Answer(question=question, intent="clarify", error="I did not understand 'blorp the zibble'.",
                  error_kind="not_understood", not_understood=["blorp", "zibble"])


# --- sessions ---------------------------------------------------------------------------------------------------

def test_created_session_can_be_read_back(store):
    created = store.create_session("shop", title="Sales")
    got = store.get_session(created.id)
    assert (got.id, got.source, got.title, got.tenant_id, got.user_id) == (created.id, "shop", "Sales", "default", "local")
    assert got.message_count == 0
    assert got.created_at.tzinfo is not None


def test_unknown_session_is_not_found(store):
    with pytest.raises(SessionNotFound):
        store.get_session("no-such-session")


def test_session_of_another_owner_is_not_found(store):
    mine = store.create_session("shop", owner=Owner("acme", "ann"))
    assert store.get_session(mine.id, owner=Owner("acme", "ann")).id == mine.id
    with pytest.raises(SessionNotFound):
        store.get_session(mine.id, owner=Owner("acme", "bob"))


def test_sessions_list_most_recently_active_first_with_total(store):
    owner = Owner("t-list", "u1")
    ids = [store.create_session("shop", owner=owner).id for _ in range(5)]
    store.add_exchange(ids[1], "q", data_answer())          # becomes the most recently active
    page, total = store.list_sessions(owner=owner, limit=2, offset=0)
    assert total == 5
    assert [s.id for s in page] == [ids[1], ids[4]]
    rest, _ = store.list_sessions(owner=owner, limit=10, offset=2)
    assert [s.id for s in rest] == [ids[3], ids[2], ids[0]]
    assert page[0].message_count == 2


def test_sessions_list_only_the_owners(store):
    store.create_session("shop", owner=Owner("t-scope", "a"))
    store.create_session("shop", owner=Owner("t-scope", "b"))
    sessions, total = store.list_sessions(owner=Owner("t-scope", "a"))
    assert total == 1 and sessions[0].user_id == "a"


def test_rename_changes_the_title(store):
    s = store.create_session("shop")
    assert store.rename(s.id, "Quarterly review").title == "Quarterly review"
    assert store.get_session(s.id).title == "Quarterly review"


def test_rename_unknown_session_is_not_found(store):
    with pytest.raises(SessionNotFound):
        store.rename("nope", "x")


def test_delete_removes_the_session_and_its_messages(store):
    s = store.create_session("shop")
    store.add_exchange(s.id, "q", data_answer())
    store.delete(s.id)
    with pytest.raises(SessionNotFound):
        store.get_session(s.id)
    assert store.history(s.id) == ([], 0)


def test_delete_unknown_session_is_not_found(store):
    with pytest.raises(SessionNotFound):
        store.delete("nope")


# --- exchanges ----------------------------------------------------------------------------------------------------

def test_exchange_stores_question_then_answer(store):
    s = store.create_session("shop")
    user, bot = store.add_exchange(s.id, "revenue by country", data_answer())
    messages, total = store.history(s.id)
    assert total == 2
    assert [(m.seq, m.role) for m in messages] == [(1, "user"), (2, "assistant")]
    assert messages[0].content == "revenue by country" and messages[0].answer is None
    assert messages[1].content == "US leads with 1,200."
    assert messages[1].metadata["intent"] == "data_question"
    assert messages[1].metadata["agents_visited"] == ["router", "sql_agent"]
    assert [m.id for m in messages] == [user.id, bot.id]


def test_answer_round_trips_with_its_structured_query(store):
    s = store.create_session("shop")
    original = data_answer()
    store.add_exchange(s.id, original.question, original)
    stored = store.history(s.id)[0][1].answer
    assert stored == original
    assert stored.query.time_range.start == date(2024, 1, 1)
    assert stored.query.filters[0].value == ["US", "FR"]


def test_nan_in_a_result_is_stored_as_null(store):
    s = store.create_session("shop")
    store.add_exchange(s.id, "q", data_answer(rows=[["US", math.nan]]))
    assert store.history(s.id)[0][1].answer.rows == [["US", None]]


def test_first_exchange_titles_an_untitled_session(store):
    s = store.create_session("shop")
    store.add_exchange(s.id, "revenue by country", data_answer())
    store.add_exchange(s.id, "and by month", data_answer(title="Revenue by month"))
    assert store.get_session(s.id).title == "Revenue by country"


def test_exchange_keeps_a_title_given_at_creation(store):
    s = store.create_session("shop", title="Mine")
    store.add_exchange(s.id, "revenue by country", data_answer())
    assert store.get_session(s.id).title == "Mine"


def test_exchange_is_all_or_nothing_when_the_answer_insert_fails(store):
    s = store.create_session("shop")
    before = store.get_session(s.id)

    def fail_on_assistant_row(conn, cursor, statement, parameters, context, executemany):
        # By now the session row is updated and the user's message inserted, in the same transaction.
        values = parameters.values() if isinstance(parameters, dict) else parameters
        if statement.lstrip().upper().startswith("INSERT INTO MESSAGES") and "assistant" in values:
            raise RuntimeError("disk on fire")

    event.listen(store.engine, "before_cursor_execute", fail_on_assistant_row)
    try:
        with pytest.raises(RuntimeError, match="disk on fire"):
            store.add_exchange(s.id, "revenue by country", data_answer())
    finally:
        event.remove(store.engine, "before_cursor_execute", fail_on_assistant_row)
    assert store.history(s.id) == ([], 0)
    after = store.get_session(s.id)
    assert (after.title, after.updated_at) == (before.title, before.updated_at)


def test_exchange_on_unknown_session_stores_nothing(store):
    with pytest.raises(SessionNotFound):
        store.add_exchange("nope", "q", data_answer())
    with store.engine.connect() as c:
        assert c.execute(sa.text("select count(*) from messages where session_id = 'nope'")).scalar() == 0


def test_concurrent_exchanges_get_distinct_consecutive_seqs(store_url):
    writers = [ChatStore(store_url) for _ in range(4)]       # as if from four replicas
    s = writers[0].create_session("shop")
    errors: list[BaseException] = []

    def write(st: ChatStore, n: int):
        try:
            for i in range(5):
                st.add_exchange(s.id, f"q{n}-{i}", data_answer())
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=write, args=(st, n)) for n, st in enumerate(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    messages, total = writers[0].history(s.id, limit=100)
    assert total == 40
    assert [m.seq for m in messages] == list(range(1, 41))
    # Each question sits right before its own answer.
    assert all(messages[i].role == "user" and messages[i + 1].role == "assistant" for i in range(0, 40, 2))
    for st in writers:
        st.close()


# --- history ------------------------------------------------------------------------------------------------------

def test_history_pages_with_limit_and_offset(store):
    s = store.create_session("shop")
    for i in range(4):
        store.add_exchange(s.id, f"question {i}", data_answer(response=f"answer {i}"))
    page, total = store.history(s.id, limit=3, offset=2)
    assert total == 8
    assert [m.content for m in page] == ["question 1", "answer 1", "question 2"]
    tail, _ = store.history(s.id, limit=50, offset=7)
    assert [m.content for m in tail] == ["answer 3"]
    assert store.history(s.id, limit=5, offset=100) == ([], 8)


# --- context for follow-ups ---------------------------------------------------------------------------------------

def test_last_answer_is_none_for_a_new_session(store):
    s = store.create_session("shop")
    assert store.last_answer(s.id) is None


def test_last_answer_is_the_latest(store):
    s = store.create_session("shop")
    store.add_exchange(s.id, "first", data_answer("first"))
    store.add_exchange(s.id, "second", data_answer("second"))
    assert store.last_answer(s.id).question == "second"


def test_last_answer_skips_replies_a_follow_up_cannot_build_on(store):
    s = store.create_session("shop")
    store.add_exchange(s.id, "revenue by country", data_answer())
    store.add_exchange(s.id, "blorp the zibble", not_understood())
    assert store.last_answer(s.id).question == "revenue by country"
    assert store.last_answer(s.id, usable_only=False).error_kind == "not_understood"


def test_append_answer_adds_one_assistant_message(store):
    s = store.create_session("shop")
    store.add_exchange(s.id, "revenue by country", data_answer())
    pie = data_answer(visualization=Visualization(type="pie"))
    msg = store.append_answer(s.id, pie, metadata={"chart_type": "pie"})
    messages, total = store.history(s.id)
    assert total == 3 and messages[-1].id == msg.id and messages[-1].role == "assistant"
    assert messages[-1].metadata["kind"] == "visualize"
    assert store.last_answer(s.id).visualization.type == "pie"


def test_replace_answer_swaps_it_in_place(store):
    s = store.create_session("shop")
    _, bot = store.add_exchange(s.id, "revenue by country", data_answer())
    store.replace_answer(bot.id, data_answer(visualization=Visualization(type="bar")))
    messages, total = store.history(s.id)
    assert total == 2
    assert messages[1].id == bot.id and messages[1].answer.visualization.type == "bar"
    assert messages[1].metadata["chart_type"] == "bar"


def test_replace_answer_of_unknown_message_is_not_found(store):
    with pytest.raises(MessageNotFound):
        store.replace_answer("nope", data_answer())


def test_store_runs_only_on_sqlite_or_postgresql():
    with pytest.raises(ValueError, match="SQLite or PostgreSQL"):
        ChatStore("mysql://root@127.0.0.1/test")


def test_in_memory_store_works_across_threads():
    store = ChatStore("sqlite://")
    s = store.create_session("shop")
    t = threading.Thread(target=store.add_exchange, args=(s.id, "q", data_answer()))
    t.start()
    t.join()
    assert store.history(s.id)[1] == 2

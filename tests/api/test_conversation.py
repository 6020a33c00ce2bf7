"""A conversation over the real engine: questions, follow-ups that build on the previous answer, refine, re-chart,
history; and the one-shot /api/ask."""
from __future__ import annotations

import shutil
import sqlite3

from fastapi.testclient import TestClient

from conversql.api.app import create_app
from conversql.engine.pipeline import Engine

QUESTION = "total revenue by country"


def new_session(client) -> str:
    return client.post("/api/sessions", json={"source": "shop"}).json()["session_id"]


def ask(client, sid: str, question: str) -> dict:
    r = client.post(f"/api/sessions/{sid}/messages", json={"question": question})
    assert r.status_code == 200, r.text
    return r.json()


def test_a_question_gets_an_answer_with_sql_data_and_chart(client):
    answer = ask(client, new_session(client), QUESTION)
    assert answer["intent"] == "data_question" and answer["error"] is None
    assert "GROUP BY" in answer["sql"] and "country" in answer["sql"]
    assert answer["columns"] == ["country", "total_revenue"] and answer["row_count"] == 3
    assert answer["visualization"]["type"] and answer["source"] == "shop"
    assert [s["name"] for s in answer["steps"]] == ["route", "understand", "compile", "guard", "execute", "present"]
    assert answer["query"]["dimensions"][0]["field"] == "customers.country"


def test_the_exchange_is_stored_with_the_full_answer(client):
    sid = new_session(client)
    answer = ask(client, sid, QUESTION)
    history = client.get(f"/api/sessions/{sid}/history").json()
    assert history["session_id"] == sid and history["total_count"] == 2
    user, bot = history["messages"]
    assert (user["role"], user["content"], user["answer"]) == ("user", QUESTION, None)
    assert bot["role"] == "assistant" and bot["content"] == answer["response"]
    assert bot["answer"]["sql"] == answer["sql"] and bot["answer"]["query"] == answer["query"]
    assert bot["metadata"]["agents_visited"] == ["router", "sql_agent", "viz_agent"]
    assert user["timestamp"] <= bot["timestamp"]


def test_the_first_answer_titles_the_session(client):
    sid = new_session(client)
    answer = ask(client, sid, QUESTION)
    assert client.get(f"/api/sessions/{sid}").json()["title"] == answer["title"] != ""


def test_a_follow_up_builds_on_the_previous_answer(client):
    sid = new_session(client)
    first = ask(client, sid, QUESTION)
    second = ask(client, sid, "only France")
    assert second["intent"] == "refine"
    assert second["sql"] != first["sql"]
    assert "c.country = 'France'" in second["sql"] and "SUM(" in second["sql"]   # still revenue by country
    assert second["rows"] == [row for row in first["rows"] if row[0] == "France"]


def test_the_same_words_without_context_mean_something_else(client):
    alone = ask(client, new_session(client), "only France")
    assert "SUM(" not in (alone["sql"] or "")                    # no revenue to narrow down: a plain listing


def test_a_follow_up_skips_a_reply_that_was_not_understood(client):
    sid = new_session(client)
    ask(client, sid, QUESTION)
    ask(client, sid, "blorp the zibble")
    third = ask(client, sid, "only Spain")
    assert "c.country = 'Spain'" in third["sql"] and "SUM(" in third["sql"]


def test_a_question_not_understood_is_a_stored_reply_not_an_http_error(client):
    sid = new_session(client)
    answer = ask(client, sid, "blorp the zibble")
    assert answer["error_kind"] == "not_understood" and answer["error"]
    assert answer["example_questions"]
    assert client.get(f"/api/sessions/{sid}/history").json()["total_count"] == 2


def test_a_refused_request_is_a_stored_reply_not_an_http_error(client):
    sid = new_session(client)
    answer = ask(client, sid, "delete all customers")
    assert answer["intent"] == "refuse" and answer["error_kind"] == "refused" and answer["sql"] is None
    assert client.get(f"/api/sessions/{sid}/history").json()["total_count"] == 2


def test_refine_narrows_the_last_query(client):
    sid = new_session(client)
    first = ask(client, sid, QUESTION)
    r = client.post(f"/api/sessions/{sid}/refine", json={"refinement": "only customers in Germany"})
    assert r.status_code == 200
    refined = r.json()
    assert refined["intent"] == "refine" and "c.country = 'Germany'" in refined["sql"]
    assert refined["columns"] == first["columns"]
    messages = client.get(f"/api/sessions/{sid}/history").json()["messages"]
    assert [(m["role"], m["metadata"]["kind"]) for m in messages[2:]] == [("user", "refine"), ("assistant", "refine")]


def test_visualize_redraws_the_last_result(client):
    sid = new_session(client)
    first = ask(client, sid, QUESTION)
    r = client.post(f"/api/sessions/{sid}/visualize", json={"chart_type": "pie"})
    assert r.status_code == 200
    pie = r.json()
    assert pie["visualization"]["type"] == "pie" and pie["intent"] == "change_chart"
    assert (pie["sql"], pie["rows"]) == (first["sql"], first["rows"])
    assert pie["steps"] == []                                       # no pipeline ran, so no SQL either
    messages = client.get(f"/api/sessions/{sid}/history").json()["messages"]
    assert len(messages) == 3 and messages[2]["role"] == "assistant"
    assert messages[2]["metadata"]["kind"] == "visualize" and messages[2]["metadata"]["chart_type"] == "pie"


def test_visualize_does_not_touch_the_database(shop_settings, shop_db, tmp_path):
    """Proof by absence: the table the answer came from is gone, and the re-chart still works."""
    db = tmp_path / "shop_copy.sqlite"
    shutil.copy(shop_db, db)
    settings = shop_settings.model_copy(update={"sources": {"shop": f"sqlite:///{db}"},
                                                "store_url": f"sqlite:///{tmp_path / 'chat.db'}"})
    with TestClient(create_app(settings, Engine(settings))) as client:
        sid = new_session(client)
        first = ask(client, sid, QUESTION)
        con = sqlite3.connect(db)
        con.execute("ALTER TABLE order_items RENAME TO order_items_gone")
        con.commit()
        con.close()
        r = client.post(f"/api/sessions/{sid}/visualize", json={"chart_type": "bar"})
        assert r.status_code == 200
        assert r.json()["visualization"]["type"] == "bar" and r.json()["rows"] == first["rows"]
        # ...whereas running SQL now fails (as a stored reply with the error set).
        assert ask(client, sid, "only France")["error_kind"] == "execution"


def test_a_follow_up_after_a_re_chart_still_has_the_query(client):
    sid = new_session(client)
    ask(client, sid, QUESTION)
    client.post(f"/api/sessions/{sid}/visualize", json={"chart_type": "pie"})
    after = ask(client, sid, "only France")
    assert "c.country = 'France'" in after["sql"] and "SUM(" in after["sql"]


def test_history_pages_through_the_conversation(client):
    sid = new_session(client)
    for country in ("France", "Germany", "Spain"):
        ask(client, sid, f"total revenue in {country}")
    page = client.get(f"/api/sessions/{sid}/history?limit=2&offset=2").json()
    assert page["total_count"] == 6 and (page["limit"], page["offset"]) == (2, 2)
    assert [(m["seq"], m["role"]) for m in page["messages"]] == [(3, "user"), (4, "assistant")]
    assert page["messages"][0]["content"] == "total revenue in Germany"
    assert client.get(f"/api/sessions/{sid}/history?offset=6").json()["messages"] == []


def test_message_count_follows_the_conversation(client):
    sid = new_session(client)
    ask(client, sid, QUESTION)
    ask(client, sid, "only France")
    assert client.get(f"/api/sessions/{sid}").json()["message_count"] == 4


def test_one_shot_ask_answers_without_storing(client):
    r = client.post("/api/ask", json={"question": QUESTION})
    assert r.status_code == 200
    assert r.json()["columns"] == ["country", "total_revenue"] and r.json()["source"] == "shop"
    assert client.get("/api/sessions").json()["total_count"] == 0


def test_one_shot_ask_on_a_named_source(client):
    assert client.post("/api/ask", json={"question": QUESTION, "source": "shop"}).json()["row_count"] == 3

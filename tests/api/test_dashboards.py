"""Dashboards over the native API: create, list, read, delete; pin an answer's chart and take it off again."""
from __future__ import annotations

import pytest

from conversql.api.deps import get_principal
from conversql.auth.principal import Principal


@pytest.fixture()
def answered(client):
    """A session with one answer (revenue by country) and the assistant message's id."""
    sid = client.post("/api/sessions", json={"source": "shop"}).json()["session_id"]
    client.post(f"/api/sessions/{sid}/messages", json={"question": "total revenue by country"})
    history = client.get(f"/api/sessions/{sid}/history").json()["messages"]
    return sid, history[1]["message_id"], history[0]["message_id"]


def new_board(client, name="Sales") -> str:
    r = client.post("/api/dashboards", json={"name": name, "description": "weekly"})
    assert r.status_code == 201, r.text
    return r.json()["dashboard_id"]


def test_a_new_dashboard_is_empty_and_listed(client):
    board = client.post("/api/dashboards", json={"name": "Sales"}).json()
    assert board["name"] == "Sales" and board["pins"] == [] and board["pin_count"] == 0
    listed = client.get("/api/dashboards").json()
    assert listed["total_count"] == 1
    assert listed["dashboards"][0]["dashboard_id"] == board["dashboard_id"]
    assert "pins" not in listed["dashboards"][0]


def test_a_pinned_chart_is_the_stored_answer_drawn_as_asked(client, answered):
    sid, message_id, _ = answered
    board = new_board(client)
    r = client.post(f"/api/dashboards/{board}/pins", json={"session_id": sid, "message_id": message_id,
                                                           "chart_type": "pie"})
    assert r.status_code == 201, r.text
    pin = r.json()
    assert pin["chart_type"] == "pie" and pin["position"] == 1
    assert pin["answer"]["visualization"]["type"] == "pie"
    got = client.get(f"/api/dashboards/{board}").json()
    assert [p["pin_id"] for p in got["pins"]] == [pin["pin_id"]]
    shown = got["pins"][0]["answer"]
    assert shown["columns"] == ["country", "total_revenue"] and len(shown["rows"]) == 3
    assert shown["chartjs"]["type"] == "pie"


def test_pins_keep_their_order_and_can_be_removed(client, answered):
    sid, message_id, _ = answered
    board = new_board(client)
    pins = [client.post(f"/api/dashboards/{board}/pins", json={"session_id": sid, "message_id": message_id,
                                                               "chart_type": t}).json() for t in ("bar", "table")]
    assert [p["position"] for p in pins] == [1, 2]
    assert client.delete(f"/api/dashboards/{board}/pins/{pins[0]['pin_id']}").status_code == 204
    assert [p["chart_type"] for p in client.get(f"/api/dashboards/{board}").json()["pins"]] == ["table"]
    assert client.delete(f"/api/dashboards/{board}/pins/{pins[0]['pin_id']}").status_code == 404


def test_a_pin_outlives_the_session_it_came_from(client, answered):
    sid, message_id, _ = answered
    board = new_board(client)
    client.post(f"/api/dashboards/{board}/pins", json={"session_id": sid, "message_id": message_id})
    assert client.delete(f"/api/sessions/{sid}").status_code == 204
    pins = client.get(f"/api/dashboards/{board}").json()["pins"]
    assert pins[0]["chart_type"] == "bar" and pins[0]["answer"]["rows"]


def test_deleting_a_dashboard_removes_it(client):
    board = new_board(client)
    assert client.delete(f"/api/dashboards/{board}").status_code == 204
    assert client.get(f"/api/dashboards/{board}").status_code == 404
    assert client.delete(f"/api/dashboards/{board}").status_code == 404


@pytest.mark.parametrize("change, status, code", [
    ({"message_id": "nope"}, 404, "message_not_found"),
    ({"session_id": "nope"}, 404, "session_not_found"),
    ({"chart_type": "radar"}, 422, "invalid_request"),
    ({"extra": 1}, 422, "invalid_request"),
])
def test_bad_pins_are_refused_clearly(client, answered, change, status, code):
    sid, message_id, _ = answered
    board = new_board(client)
    r = client.post(f"/api/dashboards/{board}/pins", json={"session_id": sid, "message_id": message_id} | change)
    assert r.status_code == status and r.json()["error"]["code"] == code


def test_a_user_message_cannot_be_pinned(client, answered):
    sid, _, user_message_id = answered
    board = new_board(client)
    r = client.post(f"/api/dashboards/{board}/pins", json={"session_id": sid, "message_id": user_message_id})
    assert r.status_code == 422 and r.json()["error"]["code"] == "not_chartable"


def test_an_empty_name_is_refused(client):
    r = client.post("/api/dashboards", json={"name": "  "})
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_request"


def test_another_users_dashboards_are_invisible(client, answered):
    sid, message_id, _ = answered
    board = new_board(client)
    client.app.dependency_overrides[get_principal] = lambda: Principal(tenant_id="other", user_id="eve")
    try:
        assert client.get("/api/dashboards").json()["total_count"] == 0
        assert client.get(f"/api/dashboards/{board}").status_code == 404
        assert client.delete(f"/api/dashboards/{board}").status_code == 404
        mine = new_board(client, "Eve's")
        # someone else's session and message cannot be pinned to one's own board either
        r = client.post(f"/api/dashboards/{mine}/pins", json={"session_id": sid, "message_id": message_id})
        assert r.status_code == 404
    finally:
        client.app.dependency_overrides.clear()
    assert client.get(f"/api/dashboards/{board}").status_code == 200


@pytest.fixture()
def sales(tmp_path):
    """A SQLite sales table the test changes after pinning, served by its own app; yields (connection, client)."""
    import sqlite3

    from fastapi.testclient import TestClient

    from conversql.api.app import create_app
    from conversql.settings import Settings

    db = tmp_path / "sales.sqlite"
    con = sqlite3.connect(db)
    con.executescript("CREATE TABLE sales (id INTEGER PRIMARY KEY, country TEXT NOT NULL, amount REAL NOT NULL);"
                      "INSERT INTO sales VALUES (1, 'France', 10), (2, 'Spain', 20);")
    con.commit()
    settings = Settings(sources={"sales": f"sqlite:///{db}"}, store_url=f"sqlite:///{tmp_path / 'chat.db'}")
    with TestClient(create_app(settings)) as client:
        yield con, client
    con.close()


def pinned_board(client, chart_type: str | None = None) -> str:
    """A dashboard holding the answer to 'total amount by country' on the sales source."""
    sid = client.post("/api/sessions", json={"source": "sales"}).json()["session_id"]
    assert client.post(f"/api/sessions/{sid}/messages", json={"question": "total amount by country"}).json()["rows"]
    message = client.get(f"/api/sessions/{sid}/history").json()["messages"][1]["message_id"]
    board = new_board(client)
    pin = {"session_id": sid, "message_id": message} | ({"chart_type": chart_type} if chart_type else {})
    assert client.post(f"/api/dashboards/{board}/pins", json=pin).status_code == 201
    return board


def test_a_refreshed_dashboard_shows_todays_rows(sales):
    """Pinned while the table held two countries; after a third arrives, ?refresh=true shows it (the query runs
    again, drawn as pinned) and a plain read still shows the pinned answer."""
    con, client = sales
    board = pinned_board(client, "pie")
    con.execute("INSERT INTO sales VALUES (3, 'Italy', 30)")
    con.commit()
    fresh = client.get(f"/api/dashboards/{board}?refresh=true").json()["pins"][0]["answer"]
    stored = client.get(f"/api/dashboards/{board}").json()["pins"][0]["answer"]
    assert {r[0] for r in fresh["rows"]} == {"France", "Spain", "Italy"} and fresh["visualization"]["type"] == "pie"
    assert {r[0] for r in stored["rows"]} == {"France", "Spain"}


def test_a_pin_that_cannot_run_again_keeps_its_rows_and_says_why(sales):
    con, client = sales
    board = pinned_board(client)
    con.execute("ALTER TABLE sales RENAME COLUMN amount TO amount_eur")
    con.commit()
    r = client.get(f"/api/dashboards/{board}?refresh=true")
    pin = r.json()["pins"][0]["answer"]
    assert r.status_code == 200 and pin["error"] and sorted(pin["rows"]) == [["France", 10.0], ["Spain", 20.0]]

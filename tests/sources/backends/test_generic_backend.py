"""The best-effort backend for dialects without special support: row cap, and a watchdog that cancels."""
from __future__ import annotations

import sqlite3
import time

import pytest

from conversql.sources import QueryTimeout
from conversql.sources.backends import GenericBackend, backend_for


def test_unknown_dialects_get_the_generic_backend():
    assert type(backend_for("trino")) is GenericBackend


def test_fetches_at_most_one_row_past_the_cap():
    connection = sqlite3.connect(":memory:")
    fetched = GenericBackend().run(connection, "SELECT value FROM json_each('[1,2,3,4,5]')", 2, 5.0)
    assert (fetched.names, fetched.rows) == (["value"], [(1,), (2,), (3,)])


@pytest.mark.postgres
def test_watchdog_cancels_through_the_driver(postgres_admin_url):
    import psycopg
    # psycopg connections offer cancel(); the generic backend uses it when the server has no timeout of ours.
    with psycopg.connect(postgres_admin_url) as connection:
        started = time.monotonic()
        with pytest.raises(QueryTimeout):
            GenericBackend().run(connection, "SELECT pg_sleep(5)", 10, 0.3)
        assert time.monotonic() - started < 3

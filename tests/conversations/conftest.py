"""Chat-store fixtures: every store test runs on SQLite (a file under tmp_path) and on the real PostgreSQL."""
from __future__ import annotations

import uuid
from contextlib import contextmanager
from typing import Iterator

import pytest
import sqlalchemy as sa

from conversql.conversations.store import ChatStore


def _sa_url(url: str) -> sa.URL:
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return sa.make_url(url)


@contextmanager
def fresh_postgres_database(admin_url: str) -> Iterator[str]:
    """A new, empty PostgreSQL database for the duration of the block; its plain postgresql:// URL."""
    name = "t_chat_" + uuid.uuid4().hex[:10]
    admin = sa.create_engine(_sa_url(admin_url), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as c:
            c.exec_driver_sql(f'CREATE DATABASE "{name}"')
        url = _sa_url(admin_url).set(database=name).render_as_string(hide_password=False)
        yield url.replace("postgresql+psycopg://", "postgresql://", 1)
    finally:
        with admin.connect() as c:
            c.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture(scope="module")
def postgres_store_url(postgres_admin_url) -> Iterator[str]:
    """One database per test module; tests inside it keep apart by making their own sessions."""
    with fresh_postgres_database(postgres_admin_url) as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'chat.db'}"
    return request.getfixturevalue("postgres_store_url")


@pytest.fixture()
def store(store_url) -> Iterator[ChatStore]:
    s = ChatStore(store_url)
    yield s
    s.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_database_url(request, tmp_path) -> Iterator[str]:
    """A database with nothing in it, fresh for each test (migration tests)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    with fresh_postgres_database(request.getfixturevalue("postgres_admin_url")) as url:
        yield url

"""Shared fixtures: real databases only. Services missing locally skip; under CI=true they fail."""
from __future__ import annotations

import os
import uuid

import pytest

IN_CI = os.environ.get("CI", "").lower() == "true"
POSTGRES_URL = os.environ.get("CONVERSQL_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
MYSQL_URL = os.environ.get("CONVERSQL_TEST_MYSQL_URL", "mysql://root@127.0.0.1:3306/test")


def service_unavailable(what: str, err: Exception):
    """Skip locally, fail in CI: a test that needs a service must never pass silently without it."""
    msg = f"{what} is not reachable ({type(err).__name__}: {err})"
    if IN_CI:
        pytest.fail(msg + " - CI requires it")
    pytest.skip(msg)


def _sqlalchemy_url(url: str) -> str:
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url[len("postgresql://"):]
    if url.startswith("mysql://"):
        return "mysql+pymysql://" + url[len("mysql://"):]
    return url


@pytest.fixture(scope="session")
def postgres_admin_url() -> str:
    """URL of the real PostgreSQL server (a superuser that may create schemas and tables)."""
    import sqlalchemy as sa
    try:
        eng = sa.create_engine(_sqlalchemy_url(POSTGRES_URL))
        with eng.connect() as c:
            c.execute(sa.text("select 1"))
        eng.dispose()
    except Exception as e:  # noqa: BLE001 - any connection failure means the service is absent
        service_unavailable("PostgreSQL", e)
    return POSTGRES_URL


@pytest.fixture(scope="session")
def mysql_admin_url() -> str:
    """URL of the real MariaDB/MySQL server (root)."""
    import sqlalchemy as sa
    try:
        eng = sa.create_engine(_sqlalchemy_url(MYSQL_URL))
        with eng.connect() as c:
            c.execute(sa.text("select 1"))
        eng.dispose()
    except Exception as e:  # noqa: BLE001
        service_unavailable("MariaDB/MySQL", e)
    return MYSQL_URL


@pytest.fixture()
def unique_name() -> str:
    """A name no other test (or concurrent run) uses, for schemas/databases/tables made by a test."""
    return "t_" + uuid.uuid4().hex[:10]


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory):
    """The demo retail database, small (scale 0.05: 1,250 orders, 50 customers) and fixed in time: its last order
    day is 2025-12-31. Shared read-only by the parser, engine and CLI tests."""
    from datetime import date

    from conversql.demo import build_demo
    return build_demo(tmp_path_factory.mktemp("demo") / "demo.duckdb", scale=0.05, today=date(2025, 12, 31)).path


REDIS_URL = os.environ.get("CONVERSQL_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture()
def redis_url() -> str:
    """URL of the real Redis (shared rate limits)."""
    import redis
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as e:
        service_unavailable("Redis", e)
    return REDIS_URL


@pytest.fixture()
def redis_namespace(redis_url):
    """A key prefix of its own, deleted afterwards, so test runs never share rate-limit buckets."""
    import redis
    namespace = f"conversql-test:{uuid.uuid4().hex[:8]}:"
    yield namespace
    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter(namespace + "*"):
        client.delete(key)

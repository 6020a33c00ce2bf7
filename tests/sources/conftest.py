"""Shop databases on the real PostgreSQL and MariaDB servers: one fresh database per test module."""
from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy.engine import make_url

from .shop import create_shop


def _fresh_name() -> str:
    # Module-scoped, so the function-scoped `unique_name` fixture cannot be used here.
    return "t_" + uuid.uuid4().hex[:10]


def _with_database(url: str, database: str) -> str:
    return make_url(url).set(database=database).render_as_string(hide_password=False)


@pytest.fixture(scope="module")
def postgres_shop_url(postgres_admin_url) -> Iterator[str]:
    """URL of a new PostgreSQL database holding the shop in `public` and a `sales` schema; dropped after."""
    import psycopg

    name = _fresh_name()
    with psycopg.connect(postgres_admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = _with_database(postgres_admin_url, name)
    try:
        with psycopg.connect(url, autocommit=True) as db:
            create_shop(lambda sql, params=None: db.execute(sql, params), placeholder="%s")
            db.execute("CREATE SCHEMA sales")
            db.execute("CREATE TABLE sales.targets (id INTEGER PRIMARY KEY, month DATE, goal NUMERIC(12, 2))")
            db.execute("INSERT INTO sales.targets VALUES (1, '2024-01-01', 1000), (2, '2024-02-01', 1200)")
            db.execute("CREATE SEQUENCE tickets")
            db.execute("ANALYZE")
        yield url
    finally:
        with psycopg.connect(postgres_admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def mysql_shop_url(mysql_admin_url) -> Iterator[str]:
    """URL of a new MariaDB/MySQL database holding the shop; dropped after."""
    import pymysql

    name = _fresh_name()
    admin_url = make_url(mysql_admin_url)
    connect = dict(host=admin_url.host, port=admin_url.port or 3306, user=admin_url.username,
                   password=admin_url.password or "", autocommit=True)
    with pymysql.connect(**connect) as admin, admin.cursor() as cursor:
        cursor.execute(f"CREATE DATABASE `{name}`")
    try:
        with pymysql.connect(**connect, database=name) as db, db.cursor() as cursor:
            # MySQL has no real BOOLEAN (it is TINYINT(1)) and its TIMESTAMP auto-updates: use DATETIME.
            create_shop(cursor.execute, timestamp="DATETIME", placeholder="%s", executemany=cursor.executemany)
        yield _with_database(mysql_admin_url, name)
    finally:
        with pymysql.connect(**connect) as admin, admin.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS `{name}`")

"""Throw-away databases on the real PostgreSQL and MariaDB servers, for fixtures that need their own."""
from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.engine import make_url


def fresh_name() -> str:
    return "t_" + uuid.uuid4().hex[:10]


def with_database(url: str, database: str) -> str:
    """The same server URL pointing at another database."""
    return make_url(url).set(database=database).render_as_string(hide_password=False)


@contextmanager
def postgres_database(admin_url: str) -> Iterator[str]:
    """A new, empty PostgreSQL database; its URL; dropped (even with open connections) afterwards."""
    import psycopg
    name = fresh_name()
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield with_database(admin_url, name)
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def mysql_connect_args(url: str) -> dict:
    u = make_url(url)
    return dict(host=u.host, port=u.port or 3306, user=u.username, password=u.password or "", autocommit=True)


@contextmanager
def mysql_database(admin_url: str) -> Iterator[str]:
    """A new, empty MariaDB/MySQL database; its URL; dropped afterwards."""
    import pymysql
    name = fresh_name()
    connect = mysql_connect_args(admin_url)
    with pymysql.connect(**connect) as admin, admin.cursor() as cursor:
        cursor.execute(f"CREATE DATABASE `{name}`")
    try:
        yield with_database(admin_url, name)
    finally:
        with pymysql.connect(**connect) as admin, admin.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS `{name}`")

"""Shop databases on the real PostgreSQL and MariaDB servers: one fresh database per test module."""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.databases import mysql_connect_args, mysql_database, postgres_database
from sqlalchemy.engine import make_url

from .shop import create_shop




@pytest.fixture(scope="module")
def postgres_shop_url(postgres_admin_url) -> Iterator[str]:
    """URL of a new PostgreSQL database holding the shop in `public` and a `sales` schema; dropped after."""
    import psycopg

    with postgres_database(postgres_admin_url) as url:
        with psycopg.connect(url, autocommit=True) as db:
            create_shop(lambda sql, params=None: db.execute(sql, params), placeholder="%s")
            db.execute("CREATE SCHEMA sales")
            db.execute("CREATE TABLE sales.targets (id INTEGER PRIMARY KEY, month DATE, goal NUMERIC(12, 2))")
            db.execute("INSERT INTO sales.targets VALUES (1, '2024-01-01', 1000), (2, '2024-02-01', 1200)")
            db.execute("CREATE SEQUENCE tickets")
            db.execute("ANALYZE")
        yield url


@pytest.fixture(scope="module")
def mysql_shop_url(mysql_admin_url) -> Iterator[str]:
    """URL of a new MariaDB/MySQL database holding the shop; dropped after."""
    import pymysql

    with mysql_database(mysql_admin_url) as url:
        with pymysql.connect(**mysql_connect_args(url), database=make_url(url).database) as db, db.cursor() as cursor:
            # MySQL has no real BOOLEAN (it is TINYINT(1)) and its TIMESTAMP auto-updates: use DATETIME.
            create_shop(cursor.execute, timestamp="DATETIME", placeholder="%s", executemany=cursor.executemany)
        yield url

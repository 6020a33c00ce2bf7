"""A tiny shop loaded identically into DuckDB, SQLite, PostgreSQL and MariaDB, so compiled SQL can be run on each.

The numbers are small enough to check by hand (revenue of a line = quantity * unit_price * (1 - discount)):

    order  customer        country  order_date  status     lines (product x qty @ price, discount)   revenue
    1      Ana Silva       Brazil   2023-11-15  delivered  Tea 10 @ 4.00, Cheese 2 @ 7.50             40 + 15 = 55
    2      Ben Meyer       Germany  2024-01-10  delivered  Coffee 5 @ 10.00 less 10%                  45
    3      Ben Meyer       Germany  2024-02-20  shipped    Tea 3 @ 4.00                               12
    4      Cleo Dubois     France   2024-05-05  delivered  Cheese 4 @ 7.50, Coffee 1 @ 10.00          30 + 10 = 40
    5      Ana Silva       Brazil   2024-05-30  delivered  (no lines; soft-deleted on 2024-06-01)      -
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

from tests.databases import mysql_connect_args, mysql_database, postgres_database
from sqlalchemy.engine import make_url

from conversql.semantic.build import build_model
from conversql.semantic.model import SemanticModel
from conversql.sources import Source, open_source

DDL = """
CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, first_name VARCHAR(40) NOT NULL,
                        last_name VARCHAR(40) NOT NULL, country VARCHAR(40) NOT NULL, signup_date DATE NOT NULL);
CREATE TABLE products (product_id INTEGER PRIMARY KEY, product_name VARCHAR(40) NOT NULL,
                       category VARCHAR(40) NOT NULL, unit_price DECIMAL(10, 2) NOT NULL);
CREATE TABLE orders (order_id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL, order_date DATE NOT NULL,
                     status VARCHAR(20) NOT NULL, deleted_at {timestamp},
                     FOREIGN KEY (customer_id) REFERENCES customers (customer_id));
CREATE TABLE order_lines (line_id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL, product_id INTEGER NOT NULL,
                          quantity INTEGER NOT NULL, unit_price DECIMAL(10, 2) NOT NULL,
                          discount DECIMAL(4, 2) NOT NULL,
                          FOREIGN KEY (order_id) REFERENCES orders (order_id),
                          FOREIGN KEY (product_id) REFERENCES products (product_id))
"""

ROWS = {
    "customers": [(1, "Ana", "Silva", "Brazil", "2023-01-10"), (2, "Ben", "Meyer", "Germany", "2023-02-15"),
                  (3, "Cleo", "Dubois", "France", "2023-03-20")],
    "products": [(1, "Tea", "Beverages", "4.00"), (2, "Coffee", "Beverages", "10.00"), (3, "Cheese", "Dairy", "7.50")],
    "orders": [(1, 1, "2023-11-15", "delivered", None), (2, 2, "2024-01-10", "delivered", None),
               (3, 2, "2024-02-20", "shipped", None), (4, 3, "2024-05-05", "delivered", None),
               (5, 1, "2024-05-30", "delivered", "2024-06-01 10:00:00")],
    "order_lines": [(1, 1, 1, 10, "4.00", "0"), (2, 1, 3, 2, "7.50", "0"), (3, 2, 2, 5, "10.00", "0.10"),
                    (4, 3, 1, 3, "4.00", "0"), (5, 4, 3, 4, "7.50", "0"), (6, 4, 2, 1, "10.00", "0")],
}

DIALECTS = ["duckdb", "sqlite", "postgres", "mysql"]


@dataclass
class Shop:
    """The shop on one backend: its open read-only source and the automatic semantic model."""
    dialect: str
    source: Source
    model: SemanticModel


def fill(execute: Callable, *, timestamp: str = "TIMESTAMP", placeholder: str = "?") -> None:
    for statement in DDL.format(timestamp=timestamp).split(";"):
        if statement.strip():
            execute(statement)
    for table, rows in ROWS.items():
        marks = ", ".join([placeholder] * len(rows[0]))
        for row in rows:
            execute(f"INSERT INTO {table} VALUES ({marks})", row)




@pytest.fixture(scope="session")
def duckdb_shop_url(tmp_path_factory) -> str:
    import duckdb
    path = tmp_path_factory.mktemp("shop") / "shop.duckdb"
    con = duckdb.connect(str(path))
    fill(lambda sql, params=None: con.execute(sql, params))
    con.close()
    return f"duckdb:///{path}"


@pytest.fixture(scope="session")
def sqlite_shop_url(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("shop") / "shop.sqlite"
    con = sqlite3.connect(path)
    fill(lambda sql, params=(): con.execute(sql, params or ()))
    con.commit()
    con.close()
    return f"sqlite:///{path}"


@pytest.fixture(scope="session")
def postgres_compile_shop_url(postgres_admin_url) -> Iterator[str]:
    import psycopg
    with postgres_database(postgres_admin_url) as url:
        with psycopg.connect(url, autocommit=True) as db:
            fill(lambda sql, params=None: db.execute(sql, params), placeholder="%s")
            db.execute("ANALYZE")
        yield url


@pytest.fixture(scope="session")
def mysql_compile_shop_url(mysql_admin_url) -> Iterator[str]:
    import pymysql
    with mysql_database(mysql_admin_url) as url:
        with pymysql.connect(**mysql_connect_args(url), database=make_url(url).database) as db, db.cursor() as cursor:
            # MySQL's TIMESTAMP auto-updates on write: a soft-delete column is a DATETIME there.
            fill(cursor.execute, timestamp="DATETIME", placeholder="%s")
        yield url


_URL_FIXTURES = {"duckdb": "duckdb_shop_url", "sqlite": "sqlite_shop_url",
                 "postgres": "postgres_compile_shop_url", "mysql": "mysql_compile_shop_url"}


@pytest.fixture(scope="session", params=DIALECTS)
def shop(request) -> Iterator[Shop]:
    """The shop on every backend in turn (PostgreSQL and MariaDB skip locally when their servers are absent)."""
    url = request.getfixturevalue(_URL_FIXTURES[request.param])
    source = open_source(url)
    try:
        yield Shop(source.dialect, source, build_model(source.introspect()))
    finally:
        source.close()


@pytest.fixture(scope="session")
def duckdb_shop(duckdb_shop_url) -> Iterator[Shop]:
    """The shop on DuckDB only, for what does not depend on the dialect."""
    source = open_source(duckdb_shop_url)
    yield Shop(source.dialect, source, build_model(source.introspect()))
    source.close()

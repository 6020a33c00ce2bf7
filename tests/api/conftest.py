"""API fixtures: a real SQLite shop database, the real Engine on it, the app over a TestClient or a live uvicorn."""
from __future__ import annotations

import json
import random
import sqlite3
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Iterator

import pytest
from fastapi.testclient import TestClient

from conversql.api.app import create_app
from tests.servers import LiveServer
from conversql.settings import Settings

COUNTRIES = {"France": ["Paris", "Lyon"], "Germany": ["Berlin", "Munich"], "Spain": ["Madrid", "Seville"]}
CATEGORIES = {"Books": 12.0, "Games": 45.0, "Music": 9.5}
TODAY = date(2024, 12, 31)


def build_shop(path: Path, *, orders: int = 400, seed: int = 7) -> Path:
    """customers -> orders -> order_items -> products, a year of orders in 2024."""
    rng = random.Random(seed)
    con = sqlite3.connect(path)
    con.executescript("""
        CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, country TEXT NOT NULL, city TEXT NOT NULL);
        CREATE TABLE products (id INTEGER PRIMARY KEY, name TEXT NOT NULL, category TEXT NOT NULL, price REAL NOT NULL);
        CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id),
                             order_date DATE NOT NULL, status TEXT NOT NULL);
        CREATE TABLE order_items (id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL REFERENCES orders(id),
                                  product_id INTEGER NOT NULL REFERENCES products(id), quantity INTEGER NOT NULL,
                                  unit_price REAL NOT NULL);
    """)
    customers = []
    for i in range(1, 61):
        country = rng.choice(list(COUNTRIES))
        customers.append((i, f"Customer {i}", country, rng.choice(COUNTRIES[country])))
    con.executemany("INSERT INTO customers VALUES (?, ?, ?, ?)", customers)
    products = []
    for i, (category, price) in enumerate([(c, p) for c, p in CATEGORIES.items() for _ in range(4)], start=1):
        products.append((i, f"{category} item {i}", category, round(price * rng.uniform(0.7, 1.3), 2)))
    con.executemany("INSERT INTO products VALUES (?, ?, ?, ?)", products)
    item_id = 0
    for oid in range(1, orders + 1):
        day = date(2024, 1, 1) + timedelta(days=rng.randrange(366))
        con.execute("INSERT INTO orders VALUES (?, ?, ?, ?)",
                    (oid, rng.randrange(1, 61), day.isoformat(), rng.choice(["shipped", "shipped", "returned"])))
        for _ in range(rng.randint(1, 3)):
            item_id += 1
            pid, _name, _cat, price = rng.choice(products)
            con.execute("INSERT INTO order_items VALUES (?, ?, ?, ?, ?)", (item_id, oid, pid, rng.randint(1, 4), price))
    con.commit()
    con.close()
    return path


@pytest.fixture(scope="session")
def shop_db(tmp_path_factory) -> Path:
    return build_shop(tmp_path_factory.mktemp("shop") / "shop.sqlite")


@pytest.fixture(scope="session")
def big_shop_db(tmp_path_factory) -> Path:
    """The shop with 1.5 million more order lines: revenue by country takes the engine a noticeable while."""
    path = build_shop(tmp_path_factory.mktemp("big_shop") / "shop.sqlite")
    con = sqlite3.connect(path)
    con.executescript("""
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1500000)
        INSERT INTO order_items (order_id, product_id, quantity, unit_price)
        SELECT 1 + (i * 7919) % 400, 1 + (i * 31) % 12, 1 + i % 4, 10.0 + (i % 50) FROM n;
    """)
    con.commit()
    con.close()
    return path


@pytest.fixture(scope="session")
def shop_settings(shop_db, tmp_path_factory) -> Settings:
    return Settings(sources={"shop": f"sqlite:///{shop_db}"}, demo=False, today=TODAY,
                    store_url=f"sqlite:///{tmp_path_factory.mktemp('store') / 'chat.db'}", _env_file=None)


@pytest.fixture(scope="session")
def engine(shop_settings):
    """The real engine on the shop database; built once, it only reads."""
    from conversql.engine.pipeline import Engine
    return Engine(shop_settings)


@pytest.fixture()
def settings(shop_settings, tmp_path) -> Settings:
    """A fresh chat store per test."""
    return shop_settings.model_copy(update={"store_url": f"sqlite:///{tmp_path / 'chat.db'}"})


@pytest.fixture()
def client(settings, engine) -> Iterator[TestClient]:
    with TestClient(create_app(settings, engine), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture()
def serve() -> Iterator:
    """`serve(app) -> base URL`: the app on a real uvicorn server, stopped after the test."""
    servers: list[LiveServer] = []

    def start(app) -> str:
        server = LiveServer(app)
        url = server.start()
        servers.append(server)
        return url

    yield start
    for server in servers:
        server.stop()


@pytest.fixture()
def live_url(serve, settings, engine) -> str:
    return serve(create_app(settings, engine))


def read_events(response) -> list[tuple[float, str, dict]]:
    """Server-sent events as (arrival time, event name, JSON data), timed when each one's blank line arrives."""
    events: list[tuple[float, str, dict]] = []
    name, data = None, []
    for line in response.iter_lines():
        if line == "":
            if name or data:
                events.append((time.monotonic(), name or "message", json.loads("\n".join(data))))
            name, data = None, []
        elif line.startswith(":"):
            continue                                   # keep-alive comment
        elif line.startswith("event:"):
            name = line[len("event:"):].strip()
        elif line.startswith("data:"):
            data.append(line[len("data:"):].removeprefix(" "))
    return events


@pytest.fixture()
def sse():
    """The event reader, as a fixture (test modules cannot import conftest reliably)."""
    return read_events


@pytest.fixture()
def postgres_store_url(postgres_admin_url) -> Iterator[str]:
    """A fresh PostgreSQL database for the chat store, dropped afterwards."""
    import uuid

    import sqlalchemy as sa

    name = "t_api_" + uuid.uuid4().hex[:10]
    admin_url = sa.make_url(postgres_admin_url.replace("postgresql://", "postgresql+psycopg://", 1))
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False).replace(
            "postgresql+psycopg://", "postgresql://", 1)
    finally:
        with admin.connect() as c:
            c.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()

"""Build the demo database file: schema, fixed tables, then customers and orders, written atomically.

The file is built under a temporary name next to its destination and renamed into place only when complete, so
a crash or Ctrl-C never leaves a half-built demo where the server would open it.
"""
from __future__ import annotations

import os
import time
import uuid
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

import duckdb

from conversql.demo.customers import create_customers, customer_count
from conversql.demo.dimensions import load_dimensions
from conversql.demo.orders import create_orders, order_count
from conversql.demo.randomness import install_random_macros
from conversql.demo.timeline import create_day_weights, history_window
from conversql.demo.weights import create_weight_tables

TABLES = ("regions", "countries", "customers", "categories", "suppliers", "products", "employees", "shippers",
          "orders", "order_details")


@dataclass(frozen=True)
class DemoStats:
    """What a build produced."""
    path: Path
    rows: dict[str, int]           # table name -> row count, for every table in TABLES
    seconds: float
    scale: float
    seed: int
    today: date


def build_demo(path: str | Path, *, scale: float = 1.0, seed: int = 42, today: date | None = None,
               overwrite: bool = True) -> DemoStats:
    """Create the demo retail database at `path` (DuckDB) and report what is in it.

    Same `seed`, `scale` and `today` give identical table contents (with the same DuckDB version). Orders,
    customers and order lines grow linearly with `scale`: 1.0 is 25,000 orders (~71,000 lines) and 1,000
    customers, built in about a second; 150 is 3.75 million orders and ~10.6 million lines (under a minute on two
    cores, ~460 MB, ~5.5 GB of memory at peak). `today` (default: the real today) is the last day with orders;
    history starts three years earlier.

    >>> build_demo("data/demo.duckdb", scale=0.1, today=date(2025, 6, 30)).rows["orders"]   # doctest: +SKIP
    2500
    """
    started = time.perf_counter()
    path = Path(path)
    if scale <= 0:
        raise ValueError(f"scale must be positive, got {scale}")
    if path.exists() and not overwrite:
        raise FileExistsError(f"{path} exists; pass overwrite=True to replace it")
    today = today or date.today()
    path.parent.mkdir(parents=True, exist_ok=True)
    building = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.building")
    try:
        con = duckdb.connect(str(building))
        try:
            _populate(con, scale=scale, seed=seed, today=today)
            rows = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
            con.execute("CHECKPOINT")
        finally:
            con.close()
        # A write-ahead log left by an earlier database at `path` would be replayed onto the new file.
        _remove(_wal(path))
        os.replace(building, path)
    finally:
        _remove(building)
        _remove(_wal(building))
    return DemoStats(path=path, rows=rows, seconds=round(time.perf_counter() - started, 3), scale=scale,
                     seed=seed, today=today)


def ensure_demo(path: str | Path, **options) -> Path:
    """Build the demo at `path` unless a file is already there; return the path. Options go to `build_demo`.

    >>> ensure_demo("data/demo.duckdb")                       # doctest: +SKIP
    PosixPath('data/demo.duckdb')
    """
    path = Path(path)
    if not path.exists():
        build_demo(path, **options)
    return path


def _populate(con: duckdb.DuckDBPyConnection, *, scale: float, seed: int, today: date) -> None:
    con.execute(resources.files(__package__).joinpath("schema.sql").read_text(encoding="utf-8"))
    install_random_macros(con, seed)
    window = history_window(today)
    day_total = create_day_weights(con, window)
    load_dimensions(con, window)
    totals = create_weight_tables(con, window)
    create_customers(con, customer_count(scale), window, day_total, totals)
    create_orders(con, order_count(scale), window, day_total, totals)


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def _remove(path: Path) -> None:
    path.unlink(missing_ok=True)

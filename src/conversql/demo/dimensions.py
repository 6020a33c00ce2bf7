"""Fill the small, fixed tables (regions, countries, categories, suppliers, products, employees, shippers).

Their rows come from the reference data in geography, catalogue and people; only products' stock levels and
employees' hire dates depend on the build (the seed and `today`), so a demo built next year still has staff hired
before its history starts.
"""
from __future__ import annotations

from datetime import timedelta

import duckdb

from conversql.demo.catalogue import CATEGORIES, PRODUCTS, SHIPPERS, SUPPLIERS
from conversql.demo.geography import COUNTRIES, REGIONS
from conversql.demo.people import EMPLOYEES
from conversql.demo.timeline import Window


def load_dimensions(con: duckdb.DuckDBPyConnection, window: Window) -> None:
    """Insert every fixed table; needs the schema and the `randomness` macros.

    >>> load_dimensions(con, history_window(date(2025, 6, 30)))   # doctest: +SKIP
    """
    con.executemany("INSERT INTO regions VALUES (?, ?)", [(r.region_id, r.region_name) for r in REGIONS])
    con.executemany("INSERT INTO countries VALUES (?, ?, ?, ?)",
                    [(c.country_id, c.country_name, c.iso_code, c.region_id) for c in COUNTRIES])
    con.executemany("INSERT INTO categories VALUES (?, ?, ?)",
                    [(c.category_id, c.category_name, c.description) for c in CATEGORIES])
    con.executemany("INSERT INTO suppliers VALUES (?, ?, ?, ?)",
                    [(s.supplier_id, s.company_name, s.country, s.city) for s in SUPPLIERS])
    con.executemany("INSERT INTO shippers VALUES (?, ?, ?)",
                    [(s.shipper_id, s.company_name, s.phone) for s in SHIPPERS])
    _load_products(con)
    # One row per statement: DuckDB checks the self-referencing manager FK against rows already stored, and
    # EMPLOYEES lists every manager before their reports.
    for e in EMPLOYEES:
        con.execute("INSERT INTO employees VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (e.employee_id, e.first_name, e.last_name, e.title,
                     window.first_day + timedelta(days=e.hired_days), e.manager_id, e.city, e.country))


def _load_products(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE TEMP TABLE _product_ref (product_id INTEGER, product_name VARCHAR, category_id INTEGER,"
                " supplier_id INTEGER, unit_price DECIMAL(10, 2), discontinued BOOLEAN)")
    con.executemany("INSERT INTO _product_ref VALUES (?, ?, ?, ?, ?, ?)",
                    [(p.product_id, p.product_name, p.category_id, p.supplier_id, str(p.unit_price),
                      p.discontinued) for p in PRODUCTS])
    # Discontinued lines are sold out; about one current product in twenty is out of stock at the moment.
    con.execute("""
        INSERT INTO products
        SELECT product_id, product_name, category_id, supplier_id, unit_price,
               CASE WHEN discontinued OR draw('product.stockout', product_id) < 0.05 THEN 0
                    ELSE 5 + pick('product.stock', product_id, 140) END,
               discontinued
        FROM _product_ref ORDER BY product_id
    """)
    con.execute("DROP TABLE _product_ref")

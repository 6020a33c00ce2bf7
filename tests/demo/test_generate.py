"""The demo database: its shape, its integrity, its reproducibility and the realism analysts rely on."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

import conversql.demo.build as build_module
from conversql.demo import DemoStats, build_demo, ensure_demo

TODAY = date(2025, 6, 30)

COLUMNS = {
    "regions": ["region_id", "region_name"],
    "countries": ["country_id", "country_name", "iso_code", "region_id"],
    "customers": ["customer_id", "company_name", "contact_name", "email", "city", "country_id", "country",
                  "segment", "signup_date"],
    "categories": ["category_id", "category_name", "description"],
    "suppliers": ["supplier_id", "company_name", "country", "city"],
    "products": ["product_id", "product_name", "category_id", "supplier_id", "unit_price", "units_in_stock",
                 "discontinued"],
    "employees": ["employee_id", "first_name", "last_name", "title", "hire_date", "manager_id", "city", "country"],
    "shippers": ["shipper_id", "company_name", "phone"],
    "orders": ["order_id", "customer_id", "employee_id", "order_date", "required_date", "shipped_date",
               "shipper_id", "freight", "status", "ship_city", "ship_country", "deleted_at"],
    "order_details": ["order_detail_id", "order_id", "product_id", "quantity", "unit_price", "discount",
                      "deleted_at"],
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[DemoStats, duckdb.DuckDBPyConnection]:
    """One small demo (5,000 orders) shared by the read-only tests of this module."""
    stats = build_demo(tmp_path_factory.mktemp("demo") / "demo.duckdb", scale=0.2, today=TODAY)
    con = duckdb.connect(str(stats.path), read_only=True)
    yield stats, con
    con.close()


@pytest.fixture()
def con(demo) -> duckdb.DuckDBPyConnection:
    return demo[1]


def one(con: duckdb.DuckDBPyConnection, sql: str):
    return con.execute(sql).fetchone()[0]


def checksums(path: Path) -> dict[str, tuple[int, int]]:
    """Row count and an order-independent hash of every row, per table."""
    with duckdb.connect(str(path), read_only=True) as c:
        return {t: c.execute(f"SELECT count(*), sum(hash(t)) FROM {t} t").fetchone() for t in COLUMNS}


# --- shape -------------------------------------------------------------------------------------------------

def test_every_table_has_its_columns_in_order(con):
    for table, columns in COLUMNS.items():
        assert [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()] == columns, table


def test_money_columns_are_decimals_and_dates_are_dates(con):
    types = dict(con.execute("SELECT table_name || '.' || column_name, data_type FROM duckdb_columns()").fetchall())
    assert types["products.unit_price"] == types["order_details.unit_price"] == "DECIMAL(10,2)"
    assert types["orders.freight"] == "DECIMAL(10,2)"
    assert types["order_details.discount"] == "DECIMAL(4,2)"
    assert types["orders.order_date"] == types["customers.signup_date"] == types["employees.hire_date"] == "DATE"
    assert types["orders.deleted_at"] == types["order_details.deleted_at"] == "TIMESTAMP"
    assert types["products.discontinued"] == "BOOLEAN"


def test_every_table_declares_its_primary_key(con):
    keys = dict(con.execute("SELECT table_name, constraint_column_names FROM duckdb_constraints()"
                            " WHERE constraint_type = 'PRIMARY KEY'").fetchall())
    assert keys == {t: [cols[0]] for t, cols in COLUMNS.items()}


def test_foreign_keys_are_declared(con):
    fks = set(con.execute("""
        SELECT table_name || '.' || constraint_column_names[1] || ' -> ' || referenced_table
        FROM duckdb_constraints() WHERE constraint_type = 'FOREIGN KEY'
    """).fetchall())
    assert {r[0] for r in fks} == {
        "countries.region_id -> regions", "customers.country_id -> countries",
        "products.category_id -> categories", "products.supplier_id -> suppliers",
        "employees.manager_id -> employees", "orders.customer_id -> customers",
        "orders.employee_id -> employees", "orders.shipper_id -> shippers",
        "order_details.order_id -> orders", "order_details.product_id -> products",
    }


def test_no_row_points_at_a_missing_parent(con):
    fks = con.execute("""
        SELECT table_name, constraint_column_names[1], referenced_table, referenced_column_names[1]
        FROM duckdb_constraints() WHERE constraint_type = 'FOREIGN KEY'
    """).fetchall()
    for table, column, parent, key in fks:
        orphans = one(con, f"SELECT count(*) FROM {table} c WHERE c.{column} IS NOT NULL"
                           f" AND NOT EXISTS (SELECT 1 FROM {parent} p WHERE p.{key} = c.{column})")
        assert orphans == 0, f"{table}.{column}"


def test_temporary_helpers_are_not_left_in_the_file(con):
    assert one(con, "SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE '\\_%' ESCAPE '\\'") == 0
    assert one(con, "SELECT count(*) FROM duckdb_functions() WHERE function_type = 'macro' AND NOT internal") == 0


# --- reproducibility and size ------------------------------------------------------------------------------

def test_same_seed_scale_and_today_build_identical_tables(tmp_path):
    first = build_demo(tmp_path / "a.duckdb", scale=0.05, seed=7, today=TODAY)
    second = build_demo(tmp_path / "b.duckdb", scale=0.05, seed=7, today=TODAY)
    assert checksums(first.path) == checksums(second.path)


def test_another_seed_builds_other_orders(tmp_path):
    a = checksums(build_demo(tmp_path / "a.duckdb", scale=0.05, seed=1, today=TODAY).path)
    b = checksums(build_demo(tmp_path / "b.duckdb", scale=0.05, seed=2, today=TODAY).path)
    assert a["orders"][0] == b["orders"][0] and a["orders"][1] != b["orders"][1]
    assert a["categories"] == b["categories"]                  # the catalogue is fixed data


def test_orders_customers_and_lines_grow_linearly_with_scale(demo, tmp_path):
    small = build_demo(tmp_path / "small.duckdb", scale=0.1, today=TODAY).rows
    big = demo[0].rows                                          # scale 0.2
    assert (small["orders"], big["orders"]) == (2500, 5000)
    assert (small["customers"], big["customers"]) == (100, 200)
    assert 1.9 < big["order_details"] / small["order_details"] < 2.1
    assert small["products"] == big["products"] == 80


def test_scale_one_has_the_documented_size(tmp_path):
    rows = build_demo(tmp_path / "demo.duckdb", today=TODAY).rows
    assert rows["orders"] == 25_000 and rows["customers"] == 1_000 and rows["products"] == 80
    assert 60_000 <= rows["order_details"] <= 80_000


def test_stats_report_path_rows_and_time(demo):
    stats, con = demo
    assert stats.path.exists() and stats.seconds > 0 and stats.today == TODAY
    assert stats.rows == {t: one(con, f"SELECT count(*) FROM {t}") for t in COLUMNS}


# --- time ----------------------------------------------------------------------------------------------------

def test_orders_run_from_three_years_ago_to_today(con):
    assert con.execute("SELECT min(order_date), max(order_date) FROM orders").fetchone() == (
        date(2022, 6, 30), TODAY)


def test_recent_periods_all_have_orders(con):
    counts = con.execute("""
        SELECT count(*) FILTER (WHERE order_date > DATE '2025-06-30' - INTERVAL 3 MONTH),
               count(*) FILTER (WHERE order_date >= DATE '2025-05-01' AND order_date < DATE '2025-06-01'),
               count(*) FILTER (WHERE year(order_date) = 2025),
               count(*) FILTER (WHERE order_date = DATE '2025-06-30')
        FROM orders
    """).fetchone()
    assert all(n > 0 for n in counts), counts


def test_new_years_day_build_still_has_an_order_this_year(tmp_path):
    path = build_demo(tmp_path / "ny.duckdb", scale=0.02, today=date(2026, 1, 1)).path
    with duckdb.connect(str(path), read_only=True) as c:
        assert one(c, "SELECT count(*) FROM orders WHERE order_date = DATE '2026-01-01'") >= 1


def test_today_defaults_to_the_real_today(tmp_path):
    stats = build_demo(tmp_path / "now.duckdb", scale=0.02)
    with duckdb.connect(str(stats.path), read_only=True) as c:
        assert one(c, "SELECT max(order_date) FROM orders") == date.today() == stats.today


def test_business_grows_year_over_year(con):
    first_year, last_year = con.execute("""
        SELECT count(*) FILTER (WHERE order_date < DATE '2023-06-30'),
               count(*) FILTER (WHERE order_date > DATE '2024-06-30') FROM orders
    """).fetchone()
    assert last_year > 1.4 * first_year


def test_fourth_quarter_is_the_busiest(con):
    by_quarter = dict(con.execute("SELECT quarter(order_date), count(*) FROM orders"
                                  " WHERE year(order_date) = 2024 GROUP BY 1").fetchall())
    assert max(by_quarter, key=by_quarter.get) == 4


def test_no_order_before_its_customer_signed_up_or_its_rep_was_hired(con):
    assert one(con, """
        SELECT count(*) FROM orders o JOIN customers c USING (customer_id) JOIN employees e USING (employee_id)
        WHERE o.order_date < c.signup_date OR o.order_date < e.hire_date
    """) == 0


def test_shipping_dates_follow_the_status(con):
    bad = one(con, """
        SELECT count(*) FROM orders WHERE
            (status IN ('processing', 'cancelled') AND shipped_date IS NOT NULL)
            OR (status IN ('shipped', 'delivered', 'returned') AND (shipped_date IS NULL OR shipped_date <= order_date))
            OR shipped_date > DATE '2025-06-30' OR required_date <= order_date
    """)
    assert bad == 0
    statuses = {r[0] for r in con.execute("SELECT DISTINCT status FROM orders").fetchall()}
    assert statuses == {"processing", "shipped", "delivered", "returned", "cancelled"}


# --- shape of the business -----------------------------------------------------------------------------------

def test_every_order_has_one_to_five_distinct_products(con):
    lines = con.execute("""
        SELECT min(n), max(n), max(n - distinct_products)
        FROM (SELECT count(*) AS n, count(DISTINCT product_id) AS distinct_products
              FROM order_details GROUP BY order_id)
    """).fetchone()
    assert lines == (1, 5, 0)
    assert one(con, "SELECT count(*) FROM orders WHERE order_id NOT IN (SELECT order_id FROM order_details)") == 0


def test_discounts_are_the_standard_steps(con):
    discounts = {float(r[0]) for r in con.execute("SELECT DISTINCT discount FROM order_details").fetchall()}
    assert discounts == {0.0, 0.05, 0.1, 0.15, 0.2}


def test_revenue_is_concentrated_in_the_top_customers(con):
    top_tenth_share = one(con, """
        WITH revenue AS (
            SELECT o.customer_id, sum(d.quantity * d.unit_price * (1 - d.discount)) AS value
            FROM orders o JOIN order_details d USING (order_id) GROUP BY 1
        )
        SELECT sum(value) FILTER (WHERE rank <= (SELECT count(*) FROM revenue) / 10) / sum(value)
        FROM (SELECT value, row_number() OVER (ORDER BY value DESC) AS rank FROM revenue)
    """)
    assert top_tenth_share > 0.4


def test_customers_come_from_twenty_countries_led_by_the_usa(con):
    by_country = con.execute("SELECT country, count(*) FROM customers GROUP BY 1 ORDER BY 2 DESC").fetchall()
    assert by_country[0][0] == "USA"
    assert one(con, "SELECT count(*) FROM countries") == 20
    assert one(con, "SELECT count(*) FROM customers c JOIN countries k USING (country_id)"
                    " WHERE c.country <> k.country_name") == 0


def test_segments_are_the_three_known_ones(con):
    assert {r[0] for r in con.execute("SELECT DISTINCT segment FROM customers").fetchall()} == {
        "Consumer", "Corporate", "Small Business"}


def test_categories_are_northwinds_eight_and_prices_differ_by_category(con):
    names = {r[0] for r in con.execute("SELECT category_name FROM categories").fetchall()}
    assert names == {"Beverages", "Condiments", "Confections", "Dairy Products", "Grains/Cereals",
                     "Meat/Poultry", "Produce", "Seafood"}
    cheapest, dearest = con.execute("SELECT min(unit_price), max(unit_price) FROM products").fetchone()
    assert cheapest < 5 and dearest > 100


def test_discontinued_products_stop_selling(con):
    assert one(con, "SELECT count(*) FROM products WHERE discontinued") > 0
    last_sales = con.execute("""
        SELECT max(o.order_date) FROM order_details d JOIN orders o USING (order_id)
        JOIN products p USING (product_id) WHERE p.discontinued GROUP BY p.product_id
    """).fetchall()
    assert all(d < TODAY for (d,) in last_sales)


def test_some_orders_and_lines_are_soft_deleted(con):
    order_share = one(con, "SELECT avg((deleted_at IS NOT NULL)::INTEGER) FROM orders")
    assert 0.005 < order_share < 0.03
    assert one(con, "SELECT count(*) FROM order_details WHERE deleted_at IS NOT NULL") > 0
    # lines of a deleted order are deleted with it
    assert one(con, "SELECT count(*) FROM order_details d JOIN orders o USING (order_id)"
                    " WHERE o.deleted_at IS NOT NULL AND d.deleted_at IS NULL") == 0


def test_staff_form_a_hierarchy_under_one_ceo(con):
    assert con.execute("SELECT title FROM employees WHERE manager_id IS NULL").fetchall() == [
        ("Chief Executive Officer",)]
    managers = one(con, "SELECT count(DISTINCT manager_id) FROM employees")
    assert managers >= 4                                        # CEO, VP, and the sales managers
    titles = one(con, "SELECT count(DISTINCT title) FROM employees")
    assert titles >= 5


# --- the file -------------------------------------------------------------------------------------------------

def test_existing_file_is_kept_unless_overwrite(tmp_path):
    path = tmp_path / "demo.duckdb"
    path.write_bytes(b"not a database")
    with pytest.raises(FileExistsError):
        build_demo(path, scale=0.02, overwrite=False)
    assert path.read_bytes() == b"not a database"
    build_demo(path, scale=0.02, today=TODAY)
    assert checksums(path)["orders"][0] == 500


def test_ensure_demo_builds_only_when_missing(tmp_path):
    path = tmp_path / "sub" / "demo.duckdb"
    assert ensure_demo(path, scale=0.02, today=TODAY) == path
    built = path.stat().st_mtime_ns
    ensure_demo(path, scale=0.02, today=TODAY)
    assert path.stat().st_mtime_ns == built


def test_a_failed_build_leaves_nothing_behind(tmp_path, monkeypatch):
    def crash(*args, **kwargs):
        raise RuntimeError("disk full")
    monkeypatch.setattr(build_module, "create_orders", crash)
    with pytest.raises(RuntimeError, match="disk full"):
        build_demo(tmp_path / "demo.duckdb", scale=0.02, today=TODAY)
    assert list(tmp_path.iterdir()) == []

"""A small shop database, created for real on every backend, and the contract every source must satisfy.

Keys are declared on purpose in some places only: orders.customer_id is a declared foreign key, while
products.category_id and order_items.* are left for inference, and `events` declares no primary key.
"""
from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from conversql.sources import BOOLEAN, DATE, DATETIME, NUMBER, TEXT, QueryTimeout, Schema, Source, SourceError

DDL = """
CREATE TABLE categories (category_id INTEGER PRIMARY KEY, name VARCHAR(40) NOT NULL);
CREATE TABLE customers (id INTEGER PRIMARY KEY, name VARCHAR(40) NOT NULL, country VARCHAR(40),
                        signup_date {date}, vip {boolean});
CREATE TABLE products (id INTEGER PRIMARY KEY, name VARCHAR(40), category_id INTEGER, price DECIMAL(10,2));
CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER, ordered_at {timestamp},
                     status VARCHAR(20), amount DECIMAL(10,2),
                     FOREIGN KEY (customer_id) REFERENCES customers (id));
CREATE TABLE order_items (order_id INTEGER, product_id INTEGER, quantity INTEGER);
CREATE TABLE events (id INTEGER NOT NULL, label VARCHAR(40), code VARCHAR(40), bucket VARCHAR(40));
CREATE VIEW paid_orders AS SELECT id, amount FROM orders WHERE status = 'paid';
"""

CATEGORIES = [(1, "Books"), (2, "Games"), (3, "Music")]
CUSTOMERS = [
    (1, "Ana", "FR", "2023-01-15", True), (2, "Ben", "FR", "2023-02-01", False),
    (3, "Chloe", "DE", "2023-03-10", False), (4, "Dan", "DE", "2023-04-22", True),
    (5, "Eve", "US", "2023-05-05", False), (6, "Finn", None, "2023-06-30", False),
]
PRODUCTS = [(1, "Novel", 1, "12.50"), (2, "Chess", 2, "30.00"), (3, "Vinyl", 3, "25.99"), (4, "Atlas", 1, "40.00")]
ORDERS = [
    (1, 1, "2024-01-05 10:30:00", "paid", "12.50"), (2, 1, "2024-01-20 08:00:00", "paid", "55.99"),
    (3, 2, "2024-02-02 12:00:00", "shipped", "30.00"), (4, 3, "2024-02-14 18:45:00", "paid", "25.99"),
    (5, 4, "2024-03-01 09:15:00", "cancelled", "40.00"), (6, 5, "2024-03-03 11:00:00", "paid", "12.50"),
    (7, 5, "2024-03-09 16:20:00", "shipped", "65.99"), (8, 6, "2024-03-30 23:59:00", "paid", "30.00"),
]
ORDER_ITEMS = [(1, 1, 1), (2, 1, 1), (2, 4, 1), (3, 2, 1), (4, 3, 1), (5, 4, 1), (6, 1, 1), (7, 3, 1),
               (7, 4, 1), (8, 2, 1)]
# 250 events: `label` has 3 values, `code` is unique per row, `bucket` has 210 values (over the list limit).
EVENTS = [(i, f"e{i % 3}", f"c{i:04d}", f"b{i % 210:03d}") for i in range(1, 251)]

ROWS = {"categories": CATEGORIES, "customers": CUSTOMERS, "products": PRODUCTS, "orders": ORDERS,
        "order_items": ORDER_ITEMS, "events": EVENTS}
WRITES = [
    "INSERT INTO customers (id, name) VALUES (99, 'Mallory')",
    "UPDATE orders SET amount = 0",
    "DELETE FROM order_items",
    "CREATE TABLE stolen (x INTEGER)",
    "DROP TABLE customers",
]


def create_shop(execute, *, date="DATE", timestamp="TIMESTAMP", boolean="BOOLEAN", placeholder="?",
                executemany=None) -> None:
    """Create and fill the shop with a DBAPI-style `execute(sql, params=None)`."""
    for statement in DDL.format(date=date, timestamp=timestamp, boolean=boolean).split(";"):
        if statement.strip():
            execute(statement)
    for table, rows in ROWS.items():
        marks = ", ".join([placeholder] * len(rows[0]))
        sql = f"INSERT INTO {table} VALUES ({marks})"
        if executemany:
            executemany(sql, rows)
        else:
            for row in rows:
                execute(sql, row)


class SourceContract:
    """What every source must do on the shop. A backend's test module subclasses this and provides the
    module-scoped fixtures `shop` (an open Source) and `shop_schema` (its introspection), and sets:"""

    slow_sql: str = ""          # a statement that runs for seconds
    refusal: str = ""           # words of the database's read-only refusal, lower case
    schema_name: str | None = None

    # --- introspection -------------------------------------------------------------------------------

    def test_lists_tables_and_views(self, shop_schema: Schema):
        names = {t.name for t in shop_schema.tables if t.schema == self.schema_name}
        assert {"categories", "customers", "products", "orders", "order_items", "events", "paid_orders"} <= names

    def test_sets_table_schema(self, shop_schema: Schema):
        assert shop_schema.table("orders").schema == self.schema_name

    def test_columns_have_portable_kinds(self, shop_schema: Schema):
        customers, orders = shop_schema.table("customers"), shop_schema.table("orders")
        assert customers.column("id").kind == NUMBER
        assert customers.column("name").kind == TEXT
        assert customers.column("signup_date").kind == DATE
        assert customers.column("vip").kind == BOOLEAN
        assert orders.column("ordered_at").kind == DATETIME
        assert orders.column("amount").kind == NUMBER

    def test_columns_keep_the_database_type(self, shop_schema: Schema):
        assert "DEC" in shop_schema.table("orders").column("amount").type.upper() \
            or "NUM" in shop_schema.table("orders").column("amount").type.upper()

    def test_declared_primary_keys(self, shop_schema: Schema):
        assert shop_schema.table("categories").primary_key == ["category_id"]
        assert shop_schema.table("customers").column("id").primary_key

    def test_declared_foreign_key_is_not_inferred(self, shop_schema: Schema):
        [fk] = [fk for fk in shop_schema.table("orders").foreign_keys if fk.columns == ["customer_id"]]
        assert (fk.ref_table, fk.ref_columns, fk.inferred) == ("customers", ["id"], False)

    def test_infers_foreign_keys_from_id_names(self, shop_schema: Schema):
        inferred = {(tuple(fk.columns), fk.ref_table, tuple(fk.ref_columns))
                    for t in shop_schema.tables for fk in t.foreign_keys if fk.inferred and t.name != "paid_orders"}
        assert inferred == {(("category_id",), "categories", ("category_id",)),
                            (("order_id",), "orders", ("id",)), (("product_id",), "products", ("id",))}

    def test_infers_missing_primary_key(self, shop_schema: Schema):
        assert shop_schema.table("events").primary_key == ["id"]

    def test_row_counts(self, shop_schema: Schema):
        counts = {name: shop_schema.table(name).row_count for name in ROWS}
        assert counts == {name: len(rows) for name, rows in ROWS.items()}
        assert shop_schema.table("paid_orders").row_count == 5

    def test_lists_values_of_low_cardinality_text(self, shop_schema: Schema):
        assert shop_schema.table("orders").column("status").values == ["cancelled", "paid", "shipped"]
        assert shop_schema.table("customers").column("country").values == ["DE", "FR", "US"]
        assert shop_schema.table("customers").column("country").distinct_count == 3

    def test_does_not_list_unique_or_many_valued_text(self, shop_schema: Schema):
        events = shop_schema.table("events")
        assert events.column("label").values == ["e0", "e1", "e2"]
        assert (events.column("code").distinct_count, events.column("code").values) == (250, None)
        assert (events.column("bucket").distinct_count, events.column("bucket").values) == (210, None)

    # --- execution -----------------------------------------------------------------------------------

    def test_returns_json_friendly_values(self, shop: Source):
        result = shop.execute("SELECT id, name, signup_date, vip FROM customers WHERE id = 1")
        assert result.columns == ["id", "name", "signup_date", "vip"]
        assert result.rows[0][:3] == [1, "Ana", "2023-01-15"]
        assert result.rows[0][3] in (True, 1)
        assert result.kinds[:3] == [NUMBER, TEXT, DATE]

    def test_decimals_become_floats(self, shop: Source):
        result = shop.execute("SELECT amount FROM orders WHERE id = 2")
        assert result.rows == [[55.99]] and isinstance(result.rows[0][0], float)
        assert result.kinds == [NUMBER]

    def test_datetimes_become_iso_strings(self, shop: Source):
        result = shop.execute("SELECT ordered_at FROM orders WHERE id = 1")
        assert result.rows[0][0].replace("T", " ") == "2024-01-05 10:30:00"
        assert result.kinds == [DATETIME]

    def test_empty_result_keeps_its_columns(self, shop: Source):
        result = shop.execute("SELECT id, name FROM customers WHERE id < 0")
        assert (result.columns, result.rows, result.truncated) == (["id", "name"], [], False)

    def test_row_cap_sets_truncated(self, shop: Source):
        result = shop.execute("SELECT id FROM events ORDER BY id", max_rows=10)
        assert result.rows == [[i] for i in range(1, 11)]
        assert result.truncated

    def test_result_exactly_at_the_cap_is_not_truncated(self, shop: Source):
        assert not shop.execute("SELECT id FROM customers", max_rows=6).truncated

    def test_reports_elapsed_time(self, shop: Source):
        assert shop.execute("SELECT COUNT(*) FROM orders").elapsed_ms >= 0

    def test_timeout_cancels_a_slow_query(self, shop: Source):
        started = time.monotonic()
        with pytest.raises(QueryTimeout):
            shop.execute(self.slow_sql, timeout_s=0.5)
        assert time.monotonic() - started < 3.0
        assert shop.execute("SELECT COUNT(*) FROM customers").rows == [[6]]   # the source still works

    def test_database_error_is_a_source_error_with_its_message(self, shop: Source):
        with pytest.raises(SourceError) as info:
            shop.execute("SELECT no_such_column FROM customers")
        assert "no_such_column" in str(info.value)
        assert "Traceback" not in str(info.value)

    @pytest.mark.parametrize("statement", WRITES)
    def test_database_refuses_writes(self, shop: Source, statement: str):
        with pytest.raises(SourceError) as info:
            shop.execute(statement)
        assert self.refusal in str(info.value).lower()
        self.assert_shop_unchanged(shop)

    def assert_shop_unchanged(self, shop: Source):
        assert shop.execute("SELECT COUNT(*), SUM(amount) FROM orders").rows == [[8, pytest.approx(272.97)]]
        assert shop.execute("SELECT COUNT(*) FROM customers").rows == [[6]]
        assert shop.execute("SELECT COUNT(*) FROM order_items").rows == [[10]]
        with pytest.raises(SourceError):
            shop.execute("SELECT * FROM stolen")

    def test_serves_many_threads_at_once(self, shop: Source):
        barrier = threading.Barrier(8)

        def count(i: int):
            barrier.wait()
            return shop.execute(f"SELECT COUNT(*) FROM events WHERE id <= {i * 10}").rows[0][0]

        with ThreadPoolExecutor(8) as pool:
            assert list(pool.map(count, range(1, 9))) == [i * 10 for i in range(1, 9)]


"""A small real SQLite store whose table and column names exercise every naming rule of the model builder.

Keys are declared in some places only (orders.customer_id, employees.manager_id, the enrollment bridge) and left
for inference elsewhere (order_items.*, reviews.product_id, shipments.order_id).
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from conversql.semantic.build import build_model
from conversql.semantic.model import SemanticModel
from conversql.sources import open_source

STORE = """
CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT, email TEXT, country TEXT,
                        signup_date DATE, is_deleted BOOLEAN);
CREATE TABLE products (product_id INTEGER PRIMARY KEY, product_name TEXT, unit_price DECIMAL(10, 2),
                       units_in_stock INTEGER);
CREATE TABLE orders (order_id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers (customer_id),
                     required_date DATE, shipped_date DATE, order_date DATE, total_amount DECIMAL(10, 2),
                     deleted_at TIMESTAMP);
CREATE TABLE order_items (order_item_id INTEGER PRIMARY KEY, order_id INTEGER, product_id INTEGER,
                          quantity INTEGER, unit_price DECIMAL(10, 2), discount DECIMAL(4, 2));
CREATE TABLE employees (id INTEGER PRIMARY KEY, full_name TEXT, title TEXT,
                        manager_id INTEGER REFERENCES employees (id), birth_date DATE, hire_date DATE);
CREATE TABLE students (student_id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE courses (course_id INTEGER PRIMARY KEY, course_title TEXT, credits INTEGER);
CREATE TABLE enrollments (student_id INTEGER REFERENCES students (student_id),
                          course_id INTEGER REFERENCES courses (course_id), grade REAL);
CREATE TABLE shipments (shipment_id INTEGER PRIMARY KEY, order_id INTEGER, weight REAL, deleted_at TIMESTAMP);
CREATE TABLE reviews (review_id INTEGER PRIMARY KEY, product_id INTEGER, rating INTEGER, sku_code TEXT);
CREATE TABLE order_lines (line_id INTEGER PRIMARY KEY, qty INTEGER, price REAL);

INSERT INTO customers VALUES (1, 'Ana', 'Silva', 'ana@example.com', 'Brazil', '2023-01-01', 0),
                             (2, 'Ben', 'Meyer', 'ben@example.com', 'Germany', '2023-02-01', 1);
INSERT INTO products VALUES (1, 'Tea', 4.0, 10);
INSERT INTO orders VALUES (1, 1, '2024-01-05', '2024-01-03', '2024-01-01', 12.5, NULL);
INSERT INTO order_items VALUES (1, 1, 1, 3, 4.0, 0);
INSERT INTO employees VALUES (1, 'Jane Boss', 'CEO', NULL, '1970-01-01', '2010-01-01'),
                             (2, 'Joe Worker', 'Clerk', 1, '1990-01-01', '2020-01-01');
INSERT INTO students VALUES (1, 'Sam');
INSERT INTO courses VALUES (1, 'Math', 5);
INSERT INTO enrollments VALUES (1, 1, 3.5);
INSERT INTO shipments VALUES (1, 1, 2.5, NULL);
INSERT INTO reviews VALUES (1, 1, 5, 'SKU-1');
INSERT INTO order_lines VALUES (1, 2, 9.5);
"""


def create_store(path: Path) -> str:
    con = sqlite3.connect(path)
    con.executescript(STORE)
    con.commit()
    con.close()
    return f"sqlite:///{path}"


@pytest.fixture(scope="module")
def store_url(tmp_path_factory) -> str:
    return create_store(tmp_path_factory.mktemp("store") / "store.sqlite")


@pytest.fixture(scope="module")
def store(store_url) -> SemanticModel:
    """The automatic model of the store (shared by a module's tests: they only read it)."""
    source = open_source(store_url)
    try:
        return build_model(source.introspect())
    finally:
        source.close()


@pytest.fixture()
def fresh_store(store_url) -> SemanticModel:
    """A model of the store that a test may change."""
    source = open_source(store_url)
    try:
        return build_model(source.introspect())
    finally:
        source.close()

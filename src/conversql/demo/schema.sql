-- The demo retail database: Northwind-shaped, our own data. Tables are created in dependency order so every
-- REFERENCES points at a table that already exists. Comments are stored in the catalog for readers and tools.

CREATE TABLE regions (
    region_id    INTEGER PRIMARY KEY,
    region_name  VARCHAR NOT NULL
);

CREATE TABLE countries (
    country_id   INTEGER PRIMARY KEY,
    country_name VARCHAR NOT NULL,
    iso_code     VARCHAR NOT NULL,
    region_id    INTEGER NOT NULL REFERENCES regions (region_id)
);

CREATE TABLE customers (
    customer_id  INTEGER PRIMARY KEY,
    company_name VARCHAR NOT NULL,
    contact_name VARCHAR NOT NULL,
    email        VARCHAR NOT NULL,
    city         VARCHAR NOT NULL,
    country_id   INTEGER NOT NULL REFERENCES countries (country_id),
    country      VARCHAR NOT NULL,
    segment      VARCHAR NOT NULL CHECK (segment IN ('Consumer', 'Corporate', 'Small Business')),
    signup_date  DATE NOT NULL
);

CREATE TABLE categories (
    category_id   INTEGER PRIMARY KEY,
    category_name VARCHAR NOT NULL,
    description   VARCHAR NOT NULL
);

CREATE TABLE suppliers (
    supplier_id  INTEGER PRIMARY KEY,
    company_name VARCHAR NOT NULL,
    country      VARCHAR NOT NULL,
    city         VARCHAR NOT NULL
);

CREATE TABLE products (
    product_id     INTEGER PRIMARY KEY,
    product_name   VARCHAR NOT NULL,
    category_id    INTEGER NOT NULL REFERENCES categories (category_id),
    supplier_id    INTEGER NOT NULL REFERENCES suppliers (supplier_id),
    unit_price     DECIMAL(10, 2) NOT NULL,
    units_in_stock INTEGER NOT NULL,
    discontinued   BOOLEAN NOT NULL
);

CREATE TABLE employees (
    employee_id INTEGER PRIMARY KEY,
    first_name  VARCHAR NOT NULL,
    last_name   VARCHAR NOT NULL,
    title       VARCHAR NOT NULL,
    hire_date   DATE NOT NULL,
    manager_id  INTEGER REFERENCES employees (employee_id),
    city        VARCHAR NOT NULL,
    country     VARCHAR NOT NULL
);

CREATE TABLE shippers (
    shipper_id   INTEGER PRIMARY KEY,
    company_name VARCHAR NOT NULL,
    phone        VARCHAR NOT NULL
);

CREATE TABLE orders (
    order_id      INTEGER PRIMARY KEY,
    customer_id   INTEGER NOT NULL REFERENCES customers (customer_id),
    employee_id   INTEGER NOT NULL REFERENCES employees (employee_id),
    order_date    DATE NOT NULL,
    required_date DATE NOT NULL,
    shipped_date  DATE,
    shipper_id    INTEGER NOT NULL REFERENCES shippers (shipper_id),
    freight       DECIMAL(10, 2) NOT NULL,
    status        VARCHAR NOT NULL
        CHECK (status IN ('processing', 'shipped', 'delivered', 'returned', 'cancelled')),
    ship_city     VARCHAR NOT NULL,
    ship_country  VARCHAR NOT NULL,
    deleted_at    TIMESTAMP
);

CREATE TABLE order_details (
    order_detail_id INTEGER PRIMARY KEY,
    order_id        INTEGER NOT NULL REFERENCES orders (order_id),
    product_id      INTEGER NOT NULL REFERENCES products (product_id),
    quantity        INTEGER NOT NULL CHECK (quantity > 0),
    unit_price      DECIMAL(10, 2) NOT NULL,
    discount        DECIMAL(4, 2) NOT NULL CHECK (discount IN (0, 0.05, 0.10, 0.15, 0.20)),
    deleted_at      TIMESTAMP
);

COMMENT ON TABLE orders IS 'One row per customer order. Rows with deleted_at set are soft-deleted and not real orders.';
COMMENT ON COLUMN orders.shipped_date IS 'NULL while the order is processing and for cancelled orders.';
COMMENT ON COLUMN orders.status IS 'processing, shipped, delivered, returned or cancelled.';
COMMENT ON COLUMN orders.deleted_at IS 'Soft delete: when set, the order was deleted and should be ignored.';
COMMENT ON TABLE order_details IS 'Order lines. Revenue of a line = quantity * unit_price * (1 - discount).';
COMMENT ON COLUMN order_details.unit_price IS 'Price actually charged, which may differ from the current list price.';
COMMENT ON COLUMN order_details.deleted_at IS 'Soft delete: when set, the line was removed and should be ignored.';
COMMENT ON COLUMN customers.country IS 'Country name, repeated from countries for convenience.';
COMMENT ON COLUMN customers.signup_date IS 'When the customer account was created.';
COMMENT ON COLUMN products.unit_price IS 'Current list price.';
COMMENT ON COLUMN employees.manager_id IS 'The employee this employee reports to; NULL for the CEO.';

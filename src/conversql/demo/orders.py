"""Generate orders and order_details in SQL, millions of rows at a time.

Orders are laid along the busy-day curve (growth, Q4 peak, quiet weekends), so order ids rise with order dates.
Each order goes to a customer who had already signed up, chosen through the customer tiers (long tail), and to a
sales representative of the customer's territory who had already been hired. It has 1-5 distinct products drawn
from the catalogue on sale that day; line prices are the list price of the order's year (prices rise ~4 % each
January), quantities and discounts depend on the customer's segment. Freight follows the order's value.

Status follows from the dates: an order not yet shipped by `today` is 'processing' (no shipped_date), one shipped
but still in transit is 'shipped', older ones are 'delivered' (a few 'returned'); ~2.5 % are 'cancelled'. About
1.5 % of orders are soft-deleted (deleted_at set, and their lines with them), and a few single lines too.
"""
from __future__ import annotations

import duckdb

from conversql.demo.customers import TIERS
from conversql.demo.randomness import choose_by_share
from conversql.demo.timeline import Window, spread
from conversql.demo.weights import MixTotals

ORDERS_PER_SCALE = 25_000
MAX_LINES = 5
ANNUAL_PRICE_RISE = 1.04

# Share of orders with 1, 2, 3, 4 and 5 lines (before the rare duplicate product is dropped).
LINE_COUNT_SHARES = [(0.18, 1), (0.22, 2), (0.24, 3), (0.20, 4), (0.16, 5)]

# Per segment: the largest extra quantity on a line (quantities are skewed small) and the shares of discounts
# 0, 5, 10, 15 and 20 %. Businesses buy more and negotiate more.
QUANTITY_SPREAD = {"Consumer": 8, "Small Business": 30, "Corporate": 80}
DISCOUNT_SHARES = {
    "Consumer": [(0.75, "0.00"), (0.10, "0.05"), (0.08, "0.10"), (0.04, "0.15"), (0.03, "0.20")],
    "Small Business": [(0.60, "0.00"), (0.15, "0.05"), (0.12, "0.10"), (0.08, "0.15"), (0.05, "0.20")],
    "Corporate": [(0.40, "0.00"), (0.20, "0.05"), (0.20, "0.10"), (0.12, "0.15"), (0.08, "0.20")],
}


def order_count(scale: float) -> int:
    """How many orders a build at `scale` has.

    >>> order_count(1.0), order_count(0.1)
    (25000, 2500)
    """
    return max(10, round(ORDERS_PER_SCALE * scale))


def create_orders(con: duckdb.DuckDBPyConnection, count: int, window: Window, day_total: int,
                  totals: MixTotals) -> None:
    """Insert `count` orders and their lines into orders and order_details.

    Needs `_days`, the weight tables, `_customer_profile` and `_tier_growth`.

    >>> create_orders(con, 25_000, window, day_total, totals)   # doctest: +SKIP
    """
    _plan_orders(con, count, window, day_total, totals)
    _draw_lines(con, window)
    # Freight depends on the lines, and order_details' foreign key needs the orders first: hence the staging.
    con.execute("""
        INSERT INTO orders
        SELECT p.order_id, p.customer_id, p.employee_id, p.order_date, p.required_date, p.shipped_date,
               p.shipper_id,
               round(p.base_freight + coalesce(v.value, 0) * (0.01 + 0.03 * draw('order.freight', p.order_id)), 2),
               p.status, p.ship_city, p.ship_country, p.deleted_at
        FROM _order_plan p
        LEFT JOIN (SELECT order_id, sum(quantity * unit_price * (1 - discount)) AS value
                   FROM _lines GROUP BY order_id) v USING (order_id)
        ORDER BY p.order_id
    """)
    con.execute("""
        INSERT INTO order_details
        SELECT order_detail_id, order_id, product_id, quantity, unit_price, discount, deleted_at
        FROM _lines ORDER BY order_detail_id
    """)
    con.execute("DROP TABLE _lines; DROP TABLE _order_plan")


def _plan_orders(con: duckdb.DuckDBPyConnection, count: int, window: Window, day_total: int,
                 totals: MixTotals) -> None:
    """Temp table `_order_plan`: every column of orders except freight, plus what the lines need."""
    today = f"DATE '{window.today.isoformat()}'"
    tier_case = choose_by_share("draw('order.tier', order_id)", [(t.share_of_orders, t.tier) for t in TIERS])
    lines_case = choose_by_share("draw('order.lines', order_id)", LINE_COUNT_SHARES)
    con.execute(f"""
        CREATE TEMP TABLE _order_plan AS
        WITH numbered AS (
            SELECT i + 1 AS order_id, {spread('i', count, day_total)} AS position FROM range({count}) r(i)
        ), dated AS (
            SELECT n.order_id, d.day AS order_date, {tier_case} AS tier
            FROM numbered n ASOF JOIN _days d ON n.position >= d.cum_lo
        ), tier_sized AS (
            SELECT o.*, g.n_active AS tier_active
            FROM dated o ASOF JOIN _tier_growth g ON o.tier = g.tier AND o.order_date >= g.since
        ), with_customer AS (
            -- within a tier, long-standing customers order more often (the power skews towards low ranks)
            SELECT o.order_id, o.order_date, c.customer_id, c.segment, c.team, c.city, c.country,
                   pick('order.shipper', o.order_id, {totals.shippers}) AS shipper_position
            FROM tier_sized o
            JOIN _customer_profile c
              ON c.tier = o.tier
             AND c.tier_rank = floor(o.tier_active * pow(draw('order.customer', o.order_id), 1.25))::BIGINT
        ), team_sized AS (
            SELECT o.*, g.n_active AS reps_active
            FROM with_customer o ASOF JOIN _rep_growth g ON o.team = g.team AND o.order_date >= g.since
        ), assigned AS (
            SELECT o.*, r.employee_id, s.shipper_id, s.base_freight, e.epoch, e.total AS catalogue_total
            FROM team_sized o
            JOIN _reps r ON r.team = o.team AND r.team_rank = pick('order.rep', o.order_id, o.reps_active)
            ASOF JOIN _shipper_mix s ON o.shipper_position >= s.cum_lo
            ASOF JOIN _catalogue_epochs e ON o.order_date >= e.since
        ), timed AS (
            SELECT *,
                   -- most orders leave in a few days; a slow tail takes up to three weeks
                   order_date + (1 + floor(pow(draw('order.lag', order_id), 3) * 20))::INTEGER AS ship_day,
                   2 + pick('order.transit', order_id, 6) AS transit_days
            FROM assigned
        )
        SELECT order_id, customer_id, employee_id, order_date,
               order_date + CASE WHEN draw('order.terms', order_id) < 0.60 THEN 14
                                 WHEN draw('order.terms', order_id) < 0.85 THEN 21 ELSE 28 END AS required_date,
               CASE WHEN status IN ('shipped', 'delivered', 'returned') THEN ship_day END AS shipped_date,
               shipper_id, base_freight, status, city AS ship_city, country AS ship_country,
               CASE WHEN draw('order.deleted', order_id) < 0.015
                    THEN least(order_date + pick('order.deleted_after', order_id, 30)::INTEGER, {today})::TIMESTAMP
                         + to_seconds(pick('order.deleted_time', order_id, 86400))
               END AS deleted_at,
               segment, epoch, catalogue_total, {lines_case} AS n_lines
        FROM (
            SELECT *,
                   CASE WHEN draw('order.cancelled', order_id) < 0.025 THEN 'cancelled'
                        WHEN ship_day > {today} THEN 'processing'
                        WHEN ship_day + transit_days::INTEGER > {today} THEN 'shipped'
                        WHEN draw('order.returned', order_id) < 0.015 THEN 'returned'
                        ELSE 'delivered' END AS status
            FROM timed
        )
        ORDER BY order_id
    """)


def _draw_lines(con: duckdb.DuckDBPyConnection, window: Window) -> None:
    """Temp table `_lines`: the order_details rows, numbered in order."""
    quantity_case = " ".join(f"WHEN '{seg}' THEN {n}" for seg, n in QUANTITY_SPREAD.items())
    discount_case = " ".join(
        f"WHEN '{seg}' THEN {choose_by_share('discount_u', shares)}" for seg, shares in DISCOUNT_SHARES.items())
    con.execute(f"""
        CREATE TEMP TABLE _lines AS
        WITH slots AS (
            -- the key line_key identifies a line across builds, so each of its draws is reproducible
            SELECT p.order_id, p.order_date, p.segment, p.epoch, p.deleted_at AS order_deleted_at, j.line,
                   p.order_id * {MAX_LINES} + j.line AS line_key,
                   pick('line.product', p.order_id * {MAX_LINES} + j.line, p.catalogue_total) AS product_position
            FROM _order_plan p JOIN range({MAX_LINES}) j(line) ON j.line < p.n_lines
        ), chosen AS (
            SELECT s.*, m.product_id, m.list_price
            FROM slots s ASOF JOIN _product_mix m ON s.epoch = m.epoch AND s.product_position >= m.cum_lo
            -- an order lists each product once: a repeated draw is dropped (the first line always survives)
            QUALIFY row_number() OVER (PARTITION BY s.order_id, m.product_id ORDER BY s.line) = 1
        )
        SELECT row_number() OVER (ORDER BY order_id, line)::INTEGER AS order_detail_id, order_id, product_id,
               (1 + floor(pow(draw('line.quantity', line_key), 2.5) * CASE segment {quantity_case} END))::INTEGER
                   AS quantity,
               round(list_price::DOUBLE
                     / pow({ANNUAL_PRICE_RISE}, {window.today.year} - year(order_date)), 2)::DECIMAL(10, 2)
                   AS unit_price,
               (CASE segment {discount_case} END)::DECIMAL(4, 2) AS discount,
               coalesce(order_deleted_at,
                        CASE WHEN line > 0 AND draw('line.deleted', line_key) < 0.004
                             THEN least(order_date + pick('line.deleted_after', line_key, 3)::INTEGER,
                                        DATE '{window.today.isoformat()}')::TIMESTAMP
                                  + to_seconds(pick('line.deleted_time', line_key, 86400)) END) AS deleted_at
        FROM (SELECT *, draw('line.discount', line_key) AS discount_u FROM chosen)
        ORDER BY order_detail_id
    """)

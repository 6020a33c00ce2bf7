"""Generate the customers table in SQL, plus the temp tables orders need to choose a customer.

Customer ids are given in signup order, like a real sequence. About a third of customers signed up before the
history starts; the rest arrive along the same busy-day curve as orders, so sign-ups grow over time too.

Each customer also has a hidden purchasing tier that makes the customer base long-tailed: a few "key accounts"
place a large share of all orders (and, being mostly Corporate, buy bigger baskets), while most customers order
only now and then.
"""
from __future__ import annotations

from dataclasses import dataclass

import duckdb

from conversql.demo.people import (COMPANY_NOUNS, COMPANY_SUFFIXES, COMPANY_WORDS, CONSUMER_MAIL_DOMAINS,
                                   FIRST_NAMES, LAST_NAMES)
from conversql.demo.randomness import choose_by_share
from conversql.demo.timeline import Window, spread
from conversql.demo.weights import MixTotals

CUSTOMERS_PER_SCALE = 1000
SIGNED_UP_BEFORE_HISTORY = 0.35    # share of customers who were already customers on the window's first day


@dataclass(frozen=True)
class Tier:
    tier: int
    share_of_customers: float
    share_of_orders: float
    # Cumulative thresholds of a uniform draw for Corporate, then Small Business; the rest are Consumers.
    corporate_below: float
    small_business_below: float


TIERS: tuple[Tier, ...] = (
    Tier(0, 0.02, 0.22, 0.70, 0.95),   # key accounts: 2 % of customers, 22 % of orders
    Tier(1, 0.38, 0.53, 0.30, 0.65),   # regulars
    Tier(2, 0.60, 0.25, 0.10, 0.35),   # occasional buyers
)


def _sql_list(values: tuple[str, ...]) -> str:
    return "[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def customer_count(scale: float) -> int:
    """How many customers a build at `scale` has (never fewer than 10, so every tier has someone in it).

    >>> customer_count(1.0), customer_count(0.5)
    (1000, 500)
    """
    return max(10, round(CUSTOMERS_PER_SCALE * scale))


def create_customers(con: duckdb.DuckDBPyConnection, count: int, window: Window, day_total: int,
                     totals: MixTotals) -> None:
    """Insert `count` customers and create temp tables `_customer_profile` and `_tier_growth`.

    `_customer_profile` adds each customer's tier, rank within the tier (in signup order) and sales team;
    `_tier_growth(tier, since, n_active)` says how many customers of a tier exist from a day on, so an order on
    that day can pick one of them with ranks 0 .. n_active-1 and never predates the customer's signup.

    >>> create_customers(con, 1000, window, day_total, totals)   # doctest: +SKIP
    """
    before = max(len(TIERS), round(count * SIGNED_UP_BEFORE_HISTORY))
    during = count - before
    pre_days = 3 * 365
    people = len(FIRST_NAMES) * len(LAST_NAMES)
    companies = len(COMPANY_WORDS) * len(COMPANY_NOUNS) * len(COMPANY_SUFFIXES)
    first_day = f"DATE '{window.first_day.isoformat()}'"
    tier_case = choose_by_share("draw('customer.tier', customer_id)",
                                 [(t.share_of_customers, t.tier) for t in TIERS])
    segment_case = " ".join(
        f"WHEN {t.tier} THEN CASE WHEN seg_u < {t.corporate_below} THEN 'Corporate'"
        f" WHEN seg_u < {t.small_business_below} THEN 'Small Business' ELSE 'Consumer' END" for t in TIERS)
    con.execute(f"""
        CREATE TEMP TABLE _customer_profile AS
        WITH numbered AS (
            SELECT i + 1 AS customer_id,
                   -- early customers spread evenly over the {pre_days} days before the history window
                   CASE WHEN i < {before} THEN {first_day} - {pre_days} + (i * {pre_days} // {before})::INTEGER
                   END AS early_signup,
                   {spread(f'i - {before}', during, day_total)} AS position
            FROM range({count}) r(i)
        ), signed_up AS (
            SELECT n.customer_id, coalesce(n.early_signup, d.day) AS signup_date
            FROM numbered n ASOF LEFT JOIN _days d ON n.position >= d.cum_lo
        ), drawn AS (
            SELECT customer_id, signup_date,
                   -- the first customers are one of each tier, so every tier has someone from day one
                   CASE WHEN customer_id <= {len(TIERS)} THEN customer_id - 1 ELSE {tier_case} END AS tier,
                   draw('customer.segment', customer_id) AS seg_u,
                   pick('customer.country', customer_id, {totals.countries}) AS country_position,
                   draw('customer.city', customer_id) AS city_u,
                   -- multiplying by a prime coprime to the list sizes walks every name combination once
                   (customer_id * 7919 + pick('customer.person', 0, {people})) % {people} AS person,
                   (customer_id * 7919 + pick('customer.company', 0, {companies})) % {companies} AS company,
                   pick('customer.mail', customer_id, 1000) AS mail_u
            FROM signed_up
        ), named AS (
            SELECT d.*, m.country_id, m.country_name, m.team, m.n_cities,
                   CASE tier {segment_case} END AS segment,
                   {_sql_list(FIRST_NAMES)}[person % {len(FIRST_NAMES)} + 1] AS first_name,
                   {_sql_list(LAST_NAMES)}[person // {len(FIRST_NAMES)} + 1] AS last_name,
                   {_sql_list(COMPANY_WORDS)}[company % {len(COMPANY_WORDS)} + 1] AS company_word,
                   {_sql_list(COMPANY_NOUNS)}[company // {len(COMPANY_WORDS)} % {len(COMPANY_NOUNS)} + 1]
                       AS company_noun,
                   {_sql_list(COMPANY_SUFFIXES)}[company // {len(COMPANY_WORDS) * len(COMPANY_NOUNS)} + 1]
                       AS company_suffix
            FROM drawn d ASOF JOIN _country_mix m ON d.country_position >= m.cum_lo
        )
        SELECT n.customer_id,
               CASE WHEN n.segment = 'Consumer' THEN n.first_name || ' ' || n.last_name
                    ELSE n.company_word || ' ' || n.company_noun || n.company_suffix END AS company_name,
               n.first_name || ' ' || n.last_name AS contact_name,
               lower(regexp_replace(strip_accents(n.first_name || '.' || n.last_name), '[^A-Za-z.]', '', 'g'))
               || CASE WHEN n.segment = 'Consumer'
                       THEN (n.mail_u % 90 + 10)::VARCHAR || '@'
                            || {_sql_list(CONSUMER_MAIL_DOMAINS)}[n.mail_u % {len(CONSUMER_MAIL_DOMAINS)} + 1]
                       ELSE '@' || lower(regexp_replace(strip_accents(n.company_word || n.company_noun),
                                                        '[^A-Za-z]', '', 'g')) || '.example' END AS email,
               c.city, n.country_id, n.country_name AS country, n.segment, n.signup_date,
               n.tier, n.team,
               row_number() OVER (PARTITION BY n.tier ORDER BY n.customer_id) - 1 AS tier_rank
        FROM named n
        -- bigger cities get more customers: the draw is skewed towards the head of the city list
        JOIN _cities c ON c.country_id = n.country_id
                      AND c.city_rank = floor(n.n_cities * pow(n.city_u, 1.6))::INTEGER
        ORDER BY n.customer_id
    """)
    con.execute("""
        INSERT INTO customers
        SELECT customer_id, company_name, contact_name, email, city, country_id, country, segment, signup_date
        FROM _customer_profile ORDER BY customer_id
    """)
    con.execute("""
        CREATE TEMP TABLE _tier_growth AS
        SELECT tier, signup_date AS since, max(tier_rank) + 1 AS n_active
        FROM _customer_profile GROUP BY tier, signup_date
    """)

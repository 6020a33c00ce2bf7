"""The weighted-choice tables the customer and order generators sample from (all TEMP, never in the demo file).

A weighted choice is a cumulative table: row k owns the integer range [cum_lo, cum_lo + weight), and
`ASOF JOIN mix m ON draw_position >= m.cum_lo` finds the row a position in [0, total) falls into. That is one
vectorised join however many millions of rows are choosing, which is what lets the demo scale.
"""
from __future__ import annotations

from dataclasses import dataclass

import duckdb

from conversql.demo.catalogue import PRODUCTS, SHIPPERS
from conversql.demo.geography import COUNTRIES
from conversql.demo.people import EMPLOYEES, TERRITORY_MANAGER
from conversql.demo.timeline import Window


@dataclass(frozen=True)
class MixTotals:
    """Total weight of the mixes that are not split by a key (the SQL picks a position in [0, total))."""
    countries: int
    shippers: int


def create_weight_tables(con: duckdb.DuckDBPyConnection, window: Window) -> MixTotals:
    """Create every sampling table; needs the fixed tables loaded and the `randomness` macros.

    >>> create_weight_tables(con, window)                     # doctest: +SKIP
    MixTotals(countries=104, shippers=100)
    """
    totals = MixTotals(countries=_country_mix(con), shippers=_shipper_mix(con))
    _rep_roster(con)
    _product_mix(con, window)
    return totals


def _country_mix(con: duckdb.DuckDBPyConnection) -> int:
    """`_country_mix(country_id, country_name, region_id, team, n_cities, cum_lo)` and `_cities`."""
    con.execute("CREATE TEMP TABLE _country_ref (country_id INTEGER, country_name VARCHAR, region_id INTEGER,"
                " team INTEGER, weight BIGINT, n_cities INTEGER)")
    con.executemany("INSERT INTO _country_ref VALUES (?, ?, ?, ?, ?, ?)",
                    [(c.country_id, c.country_name, c.region_id, TERRITORY_MANAGER[c.region_id], c.weight,
                      len(c.cities)) for c in COUNTRIES])
    con.execute("""
        CREATE TEMP TABLE _country_mix AS
        SELECT *, sum(weight) OVER (ORDER BY country_id) - weight AS cum_lo FROM _country_ref
    """)
    con.execute("CREATE TEMP TABLE _cities (country_id INTEGER, city_rank INTEGER, city VARCHAR)")
    con.executemany("INSERT INTO _cities VALUES (?, ?, ?)",
                    [(c.country_id, rank, city) for c in COUNTRIES for rank, city in enumerate(c.cities)])
    return sum(c.weight for c in COUNTRIES)


def _shipper_mix(con: duckdb.DuckDBPyConnection) -> int:
    """`_shipper_mix(shipper_id, base_freight, cum_lo)`."""
    con.execute("CREATE TEMP TABLE _shipper_ref (shipper_id INTEGER, base_freight DECIMAL(10, 2), weight BIGINT)")
    con.executemany("INSERT INTO _shipper_ref VALUES (?, ?, ?)",
                    [(s.shipper_id, str(s.base_freight), s.share) for s in SHIPPERS])
    con.execute("""
        CREATE TEMP TABLE _shipper_mix AS
        SELECT *, sum(weight) OVER (ORDER BY shipper_id) - weight AS cum_lo FROM _shipper_ref
    """)
    return sum(s.share for s in SHIPPERS)


def _rep_roster(con: duckdb.DuckDBPyConnection) -> None:
    """`_reps(team, team_rank, employee_id)` and `_rep_growth(team, since, n_active)`.

    A team's representatives are ranked by hire date, so on any day the ones already hired are exactly ranks
    0 .. n_active-1 and an order can pick one with `pick(..., n_active)`.
    """
    con.execute("""
        CREATE TEMP TABLE _reps AS
        SELECT manager_id AS team, employee_id, hire_date,
               row_number() OVER (PARTITION BY manager_id ORDER BY hire_date, employee_id) - 1 AS team_rank
        FROM employees
        WHERE employee_id IN (SELECT unnest(?::INTEGER[]))
    """, [[e.employee_id for e in EMPLOYEES if e.takes_orders]])
    con.execute("""
        CREATE TEMP TABLE _rep_growth AS
        SELECT team, hire_date AS since, max(team_rank) + 1 AS n_active FROM _reps GROUP BY team, hire_date
    """)


def _product_mix(con: duckdb.DuckDBPyConnection, window: Window) -> None:
    """`_product_mix(epoch, since, product_id, list_price, weight, cum_lo)` and `_catalogue_epochs(epoch, since, total)`.

    The catalogue changes when a product launches or retires; between two such days (an epoch) the set of
    products on sale is fixed, so each epoch gets its own cumulative mix. Popularity is long-tailed (a few
    products sell far more than the rest) and cheaper products sell more often.
    """
    first_day = f"DATE '{window.first_day.isoformat()}'"
    con.execute("CREATE TEMP TABLE _product_life (product_id INTEGER, launched_on DATE, retired_on DATE)")
    con.executemany("INSERT INTO _product_life VALUES (?, ?, ?)",
                    [(p.product_id, window.at(p.launched),
                      window.at(p.retired) if p.retired is not None else None) for p in PRODUCTS])
    con.execute(f"""
        CREATE TEMP TABLE _product_mix AS
        WITH changes AS (
            SELECT {first_day} AS since
            UNION SELECT launched_on FROM _product_life
            UNION SELECT retired_on FROM _product_life WHERE retired_on IS NOT NULL
        ), epochs AS (
            SELECT since, row_number() OVER (ORDER BY since) AS epoch FROM changes WHERE since >= {first_day}
        ), on_sale AS (
            SELECT e.epoch, e.since, p.product_id, p.unit_price AS list_price,
                   round(1000000 * (0.03 + pow(draw('product.popularity', p.product_id), 3))
                         / sqrt(p.unit_price::DOUBLE))::BIGINT AS weight
            FROM epochs e
            JOIN _product_life l ON l.launched_on <= e.since AND (l.retired_on IS NULL OR e.since < l.retired_on)
            JOIN products p USING (product_id)
        )
        SELECT *, sum(weight) OVER (PARTITION BY epoch ORDER BY product_id) - weight AS cum_lo FROM on_sale
    """)
    con.execute("""
        CREATE TEMP TABLE _catalogue_epochs AS
        SELECT epoch, since, sum(weight) AS total FROM _product_mix GROUP BY epoch, since
    """)

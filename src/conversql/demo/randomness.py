"""Deterministic pseudo-randomness inside DuckDB: every random draw is a hash of (what it is for, which row, seed).

DuckDB's random() depends on thread scheduling, so two builds would differ. A hash does not: `draw('order.lines',
order_id)` is the same number in every build with the same seed, on any number of threads, and different streams
('order.lines' vs 'order.status') are independent of each other. Choices that feed a cumulative-weight lookup use
the integer form, so no floating-point rounding can move a row from one bucket to another. (DuckDB does not
promise hash() stays the same across its own versions, so reproducibility holds for one DuckDB version.)
"""
from __future__ import annotations

import duckdb

# 2**53: the top 53 bits of a 64-bit hash fill a double's mantissa exactly, giving a uniform value in [0, 1).
_MANTISSA = 9007199254740992


def install_random_macros(con: duckdb.DuckDBPyConnection, seed: int) -> None:
    """Define the temporary macros `draw(stream, key)` in [0, 1) and `pick(stream, key, n)` in [0, n).

    They are TEMP macros, so they vanish with the connection instead of ending up in the demo file.

    >>> con = duckdb.connect(); install_random_macros(con, seed=42)
    >>> con.execute("SELECT pick('dice', 7, 6) BETWEEN 0 AND 5").fetchone()
    (True,)
    """
    seed = int(seed)   # interpolated into SQL below, so it must be a plain integer
    con.execute(f"""
        CREATE OR REPLACE TEMP MACRO draw(stream, key) AS
            (hash(key, stream, {seed}::BIGINT) >> 11)::DOUBLE / {_MANTISSA};
        CREATE OR REPLACE TEMP MACRO pick(stream, key, n) AS
            (hash(key, stream, {seed}::BIGINT) % (n)::UBIGINT)::BIGINT;
    """)


def choose_by_share(draw_sql: str, shares: list[tuple[float, object]]) -> str:
    """SQL CASE turning a uniform draw into a value chosen with the given shares (which should sum to 1).

    >>> choose_by_share("u", [(0.6, 0), (0.3, 1), (0.1, 2)])
    'CASE WHEN u < 0.6 THEN 0 WHEN u < 0.9 THEN 1 ELSE 2 END'
    """
    whens, cumulative = [], 0.0
    for share, value in shares[:-1]:
        cumulative = round(cumulative + share, 10)   # 0.6 + 0.3 should read 0.9, not 0.8999999999999999
        whens.append(f"WHEN {draw_sql} < {cumulative!r} THEN {value}")
    return f"CASE {' '.join(whens)} ELSE {shares[-1][1]} END"

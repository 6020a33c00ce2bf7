"""What differs between SQL dialects for the compiler: time buckets and date literals, as tables of builders.

Time buckets are labels analysts read and sort: day 'YYYY-MM-DD', week 'YYYY-WW', month 'YYYY-MM',
quarter 'YYYY-Qn', year 'YYYY'; within a period: month of year '01'..'12', quarter of year 'Q1'..'Q4', day of month
'01'..'31', day of week '0'..'6'. Everything else is left to sqlglot's generators.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

import sqlglot
from sqlglot import exp

Builder = Callable[[exp.Expression], exp.Expression]


def _fmt(fmt: str) -> Builder:
    return lambda col: exp.TimeToStr(this=col, format=exp.Literal.string(fmt))


def _quarter_number(col: exp.Expression) -> exp.Expression:
    return exp.Extract(this=exp.var("QUARTER"), expression=col)


def _sqlite_quarter_number(col: exp.Expression) -> exp.Expression:
    # SQLite has no EXTRACT: (month + 2) / 3 in integer arithmetic.
    month = exp.cast(exp.TimeToStr(this=col, format=exp.Literal.string("%m")), "INTEGER")
    return exp.Div(this=exp.paren(exp.Add(this=month, expression=exp.Literal.number(2))),
                   expression=exp.Literal.number(3), typed=True)


def _quarter(number: Builder) -> Builder:
    def build(col: exp.Expression) -> exp.Expression:
        return exp.DPipe(this=exp.DPipe(this=_fmt("%Y")(col), expression=exp.Literal.string("-Q"), safe=True),
                         expression=exp.cast(number(col), "TEXT"), safe=True)
    return build


def _day(col: exp.Expression) -> exp.Expression:
    return exp.cast(col, "DATE")


def _template(sql: str, dialect: str) -> Builder:
    """A bucket written once as SQL over a placeholder column `d`, parsed by sqlglot; the column is put in its
    place in the tree (no text is concatenated)."""
    tree = sqlglot.parse_one(sql, read=dialect)

    def build(col: exp.Expression) -> exp.Expression:
        return tree.copy().transform(lambda n: col.copy() if isinstance(n, exp.Column) and n.name == "d" else n)
    return build


# Week of the year with Monday as the first day and week 1 starting on the first Monday (C's %W), the same
# label on every database: PostgreSQL and MySQL have no %W, so they compute it.
_POSTGRES_WEEK = _template("TO_CHAR(d, 'YYYY') || '-' || LPAD(CAST(CAST(FLOOR((EXTRACT(DOY FROM d) + 6 - "
                           "MOD(CAST(EXTRACT(DOW FROM d) AS INT) + 6, 7)) / 7) AS INT) AS TEXT), 2, '0')", "postgres")
_MYSQL_WEEK = _template("CONCAT(DATE_FORMAT(d, '%Y'), '-', LPAD(WEEK(d, 5), 2, '0'))", "mysql")


def _half(col: exp.Expression) -> exp.Expression:
    """'H1 2025' / 'H2 2025', the way the periods are written in answers."""
    month = exp.cast(_fmt("%m")(col), "INTEGER")
    half = exp.Case(ifs=[exp.If(this=exp.LTE(this=month, expression=exp.Literal.number(6)),
                                true=exp.Literal.string("H1 "))], default=exp.Literal.string("H2 "))
    return exp.DPipe(this=half, expression=_fmt("%Y")(col), safe=True)


_COMMON: dict[str, Builder] = {
    "day": _day,
    "week": _fmt("%Y-%W"),
    "month": _fmt("%Y-%m"),
    "quarter": _quarter(_quarter_number),
    "year": _fmt("%Y"),
    "half": _half,
    "month_of_year": _fmt("%m"),
    "day_of_week": _fmt("%w"),
    "day_of_month": _fmt("%d"),
    "quarter_of_year": lambda col: exp.DPipe(this=exp.Literal.string("Q"), expression=exp.cast(_quarter_number(col),
                                                                                               "TEXT"), safe=True),
}

GRAIN_BUILDERS: dict[str, dict[str, Builder]] = {
    "sqlite": {**_COMMON, "day": lambda col: exp.Date(this=col), "quarter": _quarter(_sqlite_quarter_number),
               "quarter_of_year": lambda col: exp.DPipe(this=exp.Literal.string("Q"), expression=exp.cast(
                   _sqlite_quarter_number(col), "TEXT"), safe=True)},
    "postgres": {**_COMMON, "week": _POSTGRES_WEEK,
                 "day_of_week": lambda col: exp.cast(exp.cast(exp.Extract(this=exp.var("DOW"), expression=col), "INT"),
                                                     "TEXT")},
    "mysql": {**_COMMON, "week": _MYSQL_WEEK},
}


def time_bucket(col: exp.Expression, grain: str, dialect: str) -> exp.Expression:
    """The bucket label of a time column at a grain, for a dialect.

    >>> time_bucket(exp.column("d"), "month", "duckdb").sql("duckdb")
    "STRFTIME(d, '%Y-%m')"
    """
    return GRAIN_BUILDERS.get(dialect, _COMMON)[grain](col)


def date_literal(value: date, dialect: str, column_kind: str) -> exp.Expression:
    """A date constant comparable with a column: a plain ISO string where dates are stored as text (SQLite)."""
    text = exp.Literal.string(value.isoformat())
    if dialect == "sqlite" or column_kind == "text":
        return text
    return exp.cast(text, "DATE")

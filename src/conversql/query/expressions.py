"""SQL expression builders the compiler assembles queries from: identifiers, output columns, literals,
aggregates and comparisons, each a sqlglot node (never SQL text)."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlglot import exp

from conversql.query.dialects import date_literal
from conversql.semantic.naming import split_name


def ident(name: str) -> exp.Identifier:
    """A table or column name, quoted unless it is a plain lower-case identifier."""
    return exp.to_identifier(name, quoted=not (name.isidentifier() and name == name.lower()))


def output_ref(alias: str) -> exp.Column:
    """A reference to an output column by its name, quoted like `output_column` quotes it."""
    return exp.column(exp.to_identifier(alias, quoted=alias.upper() in RESERVED or not alias.isidentifier()))


def output_column(expr: exp.Expression, alias: str) -> exp.Alias:
    """An output column; its name is quoted when it is an SQL keyword ("order", "group", "year"...)."""
    return exp.alias_(expr, exp.to_identifier(alias, quoted=alias.upper() in RESERVED or not alias.isidentifier()))


def snake(text: str) -> str:
    """An identifier for a label: 'unit price' -> 'unit_price'."""
    return "_".join(split_name(text)) or "value"


AGGREGATES = {
    "sum": lambda v: exp.Sum(this=v),
    "avg": lambda v: exp.Avg(this=v),
    "min": lambda v: exp.Min(this=v),
    "max": lambda v: exp.Max(this=v),
    "count": lambda v: exp.Count(this=v),
    "count_distinct": lambda v: exp.Count(this=exp.Distinct(expressions=[v])),
}

def comparison(target: exp.Expression, op: str, value, lit) -> exp.Expression:
    """`target <op> value`, the value made a literal by `lit`."""
    ops = {
        "=": lambda: exp.EQ(this=target, expression=lit(value)),
        "!=": lambda: exp.NEQ(this=target, expression=lit(value)),
        "<": lambda: exp.LT(this=target, expression=lit(value)),
        "<=": lambda: exp.LTE(this=target, expression=lit(value)),
        ">": lambda: exp.GT(this=target, expression=lit(value)),
        ">=": lambda: exp.GTE(this=target, expression=lit(value)),
        "in": lambda: exp.In(this=target, expressions=[lit(v) for v in value]),
        "not_in": lambda: exp.Not(this=exp.In(this=target, expressions=[lit(v) for v in value])),
        "between": lambda: exp.Between(this=target, low=lit(value[0]), high=lit(value[1])),
        "like": lambda: exp.Like(this=target, expression=lit(value)),
        "not_like": lambda: exp.Not(this=exp.Like(this=target, expression=lit(value))),
        "is_null": lambda: exp.Is(this=target, expression=exp.Null()),
        "is_not_null": lambda: exp.Not(this=exp.Is(this=target, expression=exp.Null())),
    }
    return ops[op]()


COMPARE = {
    "=": lambda a, b: exp.EQ(this=a, expression=b), "!=": lambda a, b: exp.NEQ(this=a, expression=b),
    "<": lambda a, b: exp.LT(this=a, expression=b), "<=": lambda a, b: exp.LTE(this=a, expression=b),
    ">": lambda a, b: exp.GT(this=a, expression=b), ">=": lambda a, b: exp.GTE(this=a, expression=b),
}

RESERVED = {"AS", "BY", "IN", "IS", "ON", "OR", "TO", "DO", "IF", "OF", "AT", "GO", "ALL", "AND", "ANY", "ASC",
             "END", "FOR", "NOT", "SET", "TOP", "USE", "KEY", "ADD", "DESC", "FROM", "FULL", "INTO", "JOIN", "LEFT",
             "LIKE", "NULL", "OVER", "SOME", "THEN", "WHEN", "WITH", "CASE", "CAST", "ELSE", "OUTER", "ORDER",
             "GROUP", "LIMIT", "UNION", "WHERE", "CROSS", "INNER", "RIGHT", "SELECT", "HAVING", "OFFSET"}


def convert(expr: exp.Expression, conv) -> exp.Expression:
    """ROUND(expr / divisor, decimals): a value shown in another unit."""
    divided = exp.Div(this=expr, expression=exp.Literal.number(float(conv.divide_by)))
    return exp.Round(this=divided, decimals=exp.Literal.number(conv.decimals))


def literal(value: Any, dialect: str, kind: str) -> exp.Expression:
    """A Python value as a literal of the dialect; a date as the dialect's date (or text) literal."""
    if value is None:
        return exp.Null()
    if isinstance(value, bool):
        return exp.Boolean(this=value)
    if isinstance(value, (int, float)):
        return exp.Literal.number(value)
    if isinstance(value, (date, datetime)) and not isinstance(value, datetime):
        return date_literal(value, dialect, kind)
    return exp.Literal.string(str(value))

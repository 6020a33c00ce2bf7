"""Portable column kinds: from a database's type name, or from the values themselves when there is no type.

Every backend spells its types differently (`int4`, `LONGLONG`, `NUMERIC(10,2)`, `TIMESTAMP WITH TIME ZONE`);
the layers above reason only in the six kinds of `base.py`.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from .base import BOOLEAN, DATE, DATETIME, NUMBER, OTHER, TEXT

# Exact base names (lower case, parameters and array suffixes removed). Checked before the affinity rules
# below, because substrings mislead: "interval" and "point" contain "int", "timestamptz" is not "time".
_EXACT: dict[str, str] = {
    **dict.fromkeys(["bool", "boolean", "bit", "logical"], BOOLEAN),
    **dict.fromkeys(["date", "newdate"], DATE),
    **dict.fromkeys(["datetime", "datetime2", "smalldatetime", "datetimeoffset", "timestamp", "timestamptz",
                     "timestamp with time zone", "timestamp without time zone", "timestamp_ns", "timestamp_ms",
                     "timestamp_s", "timestamp_tz", "timestamp_ltz", "timestamp_ntz", "datetime64"], DATETIME),
    **dict.fromkeys(["time", "timetz", "time with time zone", "time without time zone", "interval", "point",
                     "json", "jsonb", "xml", "bytea", "blob", "binary", "varbinary", "geometry", "geography",
                     "null", "set", "bit varying", "varbit", "uuid_array", "struct", "map", "list", "union",
                     "array", "variant", "object", "tsvector", "tsquery", "inet", "cidr", "macaddr"], OTHER),
    **dict.fromkeys(["tinyint", "smallint", "mediumint", "int", "integer", "bigint", "hugeint", "uhugeint",
                     "utinyint", "usmallint", "uinteger", "ubigint", "int2", "int4", "int8", "int16", "int32",
                     "int64", "int128", "uint8", "uint16", "uint32", "uint64", "serial", "bigserial",
                     "smallserial", "decimal", "numeric", "number", "real", "float", "float4", "float8",
                     "float32", "float64", "double", "double precision", "money", "smallmoney", "year",
                     "tiny", "short", "long", "longlong", "int24", "newdecimal", "oid", "bignumeric"], NUMBER),
    **dict.fromkeys(["char", "varchar", "nchar", "nvarchar", "text", "string", "clob", "nclob", "bpchar",
                     "character", "character varying", "name", "citext", "enum", "uuid", "var_string",
                     "tinytext", "mediumtext", "longtext", "ntext", "lowcardinality", "fixedstring"], TEXT),
}

_PARAMS = re.compile(r"\(.*\)|\[\]|\s+unsigned|\s+zerofill|\s+signed", re.IGNORECASE)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?$")


def kind_of_type(type_name: str | None) -> str | None:
    """The portable kind of a database type name, or None when the name does not tell (no type, SQLite
    without a declared type, MySQL's BLOB code shared by text and binary).

    >>> kind_of_type("NUMERIC(10,2)"), kind_of_type("timestamptz"), kind_of_type("character varying(40)")
    ('number', 'datetime', 'text')
    """
    if not type_name:
        return None
    raw = type_name.strip().lower()
    if raw.endswith("[]") or raw.startswith(("array", "list(", "struct", "map(")):
        return OTHER
    # MySQL's BOOLEAN is stored as TINYINT(1); treating it as a flag matches what the schema author meant.
    if re.fullmatch(r"tinyint\(1\)(\s+unsigned)?", raw):
        return BOOLEAN
    # ClickHouse wraps types: Nullable(String), LowCardinality(Nullable(String)).
    wrapped = re.fullmatch(r"(?:nullable|lowcardinality)\((.*)\)", raw)
    if wrapped:
        return kind_of_type(wrapped.group(1))
    base = " ".join(_PARAMS.sub("", raw).split())
    if base in _EXACT:
        return _EXACT[base]
    if base.endswith("blob"):     # MySQL's TINY_BLOB/MEDIUM_BLOB/LONG_BLOB codes carry TEXT columns too
        return None
    return _affinity(base)


def _affinity(base: str) -> str | None:
    """SQLite-style affinity rules for names not in the table (declared types in SQLite are free text)."""
    if "bool" in base:
        return BOOLEAN
    if "timestamp" in base or "datetime" in base:
        return DATETIME
    if "date" in base:
        return DATE
    if "int" in base:
        return NUMBER
    if any(word in base for word in ("char", "clob", "text", "string")):
        return TEXT
    if any(word in base for word in ("real", "floa", "doub", "dec", "num")):
        return NUMBER
    if "time" in base:
        return OTHER
    return None


def kind_of_values(values: Iterable[Any], *, iso_text: bool = False) -> str:
    """The kind that fits every non-null value; `iso_text` lets ISO-looking strings count as dates (SQLite
    stores dates as TEXT).

    >>> kind_of_values([1, 2.5, None]), kind_of_values(["2024-01-31"], iso_text=True)
    ('number', 'date')
    """
    kinds = {_kind_of_value(v, iso_text) for v in values if v is not None}
    if not kinds:
        return OTHER
    if len(kinds) == 1:
        return kinds.pop()
    if kinds == {DATE, DATETIME}:
        return DATETIME
    # A text column with some ISO-looking values is still text.
    if TEXT in kinds and kinds <= {TEXT, DATE, DATETIME}:
        return TEXT
    return OTHER


def _kind_of_value(value: Any, iso_text: bool) -> str:
    if isinstance(value, bool):   # before int: bool is an int subclass
        return BOOLEAN
    if isinstance(value, (int, float, Decimal)):
        return NUMBER
    if isinstance(value, datetime):   # before date: datetime is a date subclass
        return DATETIME
    if isinstance(value, date):
        return DATE
    if isinstance(value, str):
        if iso_text and _ISO_DATE.match(value):
            return DATE
        if iso_text and _ISO_DATETIME.match(value):
            return DATETIME
        return TEXT
    return OTHER

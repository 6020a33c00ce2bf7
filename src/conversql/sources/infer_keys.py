"""Keys the database does not declare, guessed from names: `customer_id` -> customers, `CustomerId` -> Customer.

Many analytic databases (SQLite exports, DuckDB files made from CSV, warehouses) declare no keys at all; the
join planner needs them anyway. Everything here is a pure function of a `Schema`.
"""
from __future__ import annotations

import copy
import re
from functools import lru_cache

from .base import ForeignKey, Schema, Table

# `customer_id`, `CustomerId`, `CustomerID`, `customerid`: the part before the id suffix names the table.
_ID_SUFFIX = re.compile(r"^(?P<prefix>.+?)_?(?:id|Id|ID)$")
_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


def infer_keys(schema: Schema) -> Schema:
    """A copy of `schema` where tables without a primary key get one guessed from names (and, when
    profiled, uniqueness), and id-named columns get foreign keys with `inferred=True`.

    >>> s = infer_keys(Schema("sqlite", [Table("customers", [Column("id", "INTEGER", NUMBER)]),
    ...     Table("orders", [Column("id", "INTEGER", NUMBER), Column("customer_id", "INTEGER", NUMBER)])]))
    >>> s.table("orders").foreign_keys
    [ForeignKey(columns=['customer_id'], ref_table='customers', ref_columns=['id'], inferred=True)]
    """
    schema = copy.deepcopy(schema)
    for table in schema.tables:
        if not table.primary_key:
            _infer_primary_key(table)
    for table in schema.tables:
        _infer_foreign_keys(table, schema)
    return schema


def primary_key_candidates(table: Table) -> list[str]:
    """Columns whose names say "the id of this table": `id`, `<table>_id`, `<Table>Id`, in that order.

    >>> primary_key_candidates(Table("categories", [Column("category_id", "INTEGER", NUMBER)]))
    ['category_id']
    """
    own = _name_forms(table.name)
    plain = [c.name for c in table.columns if c.name.lower() == "id"]
    named = [c.name for c in table.columns
             if (m := _ID_SUFFIX.match(c.name)) and _name_forms(m.group("prefix")) & own]
    return plain + [n for n in named if n not in plain]


def _infer_primary_key(table: Table) -> None:
    for name in primary_key_candidates(table):
        column = table.column(name)
        # When profiling counted its distinct values, a key must be unique; without counts, the name decides.
        if column.distinct_count is not None and table.row_count is not None \
                and column.distinct_count != table.row_count:
            continue
        column.primary_key = True
        table.primary_key = [column.name]
        return


def _infer_foreign_keys(table: Table, schema: Schema) -> None:
    covered = {c.lower() for fk in table.foreign_keys for c in fk.columns}
    own_key = [c.lower() for c in table.primary_key]
    for column in table.columns:
        low = column.name.lower()
        if low in covered or own_key == [low]:
            continue
        target = _referenced(column.name, table, schema)
        if target is None:
            continue
        ref_table, ref_column = target
        if ref_column.kind != column.kind:
            continue
        table.foreign_keys.append(ForeignKey([column.name], ref_table.name, [ref_column.name], inferred=True))


def _referenced(column_name: str, table: Table, schema: Schema):
    """The (table, column) an id-named column points at, or None."""
    match = _ID_SUFFIX.match(column_name)
    for other in schema.tables:
        if other is table:
            continue
        key = other.primary_key[0] if len(other.primary_key) == 1 else None
        # Spider-style schemas repeat the key's exact name: student.stuid <- has_pet.stuid.
        if key and key.lower() == column_name.lower() and key.lower() != "id":
            return other, other.column(key)
        if match and _prefix_names(match.group("prefix"), other.name):
            ref = other.column(key) if key else (other.column("id") or other.column(column_name))
            if ref is not None:
                return other, ref
    return None


def _prefix_names(prefix: str, table_name: str) -> bool:
    """Whether `prefix` (or its trailing words: billing_customer -> customer) names the table."""
    target = _name_forms(table_name)
    words = _words(prefix)
    return any(_forms_of_words(words[i:]) & target for i in range(len(words)))


def _name_forms(name: str) -> set[str]:
    """A name squashed to lower-case letters, with its last word singular and plural: OrderItems ->
    {"orderitem", "orderitems"}."""
    return _forms_of_words(_words(name))


def _words(name: str) -> tuple[str, ...]:
    parts = [w for chunk in re.split(r"[^A-Za-z0-9]+", name) for w in _WORD.findall(chunk)]
    return tuple(w.lower() for w in parts)


def _forms_of_words(words: tuple[str, ...]) -> set[str]:
    if not words:
        return set()
    head = "".join(words[:-1])
    return {head + form for form in _number_forms(words[-1])}


@lru_cache(maxsize=4096)
def _number_forms(word: str) -> frozenset[str]:
    """The word with its singular and plural forms (lemminflect, with English rules as a fallback)."""
    from lemminflect import getInflection, getLemma

    singulars = set(getLemma(word, upos="NOUN")) or {word}
    forms = {word, *singulars}
    for singular in singulars:
        forms.update(getInflection(singular, tag="NNS"))
    forms.update(_IRREGULAR.get(word, ()))
    return frozenset(f.lower() for f in forms)


_IRREGULAR = {"person": ("people",), "people": ("person",)}

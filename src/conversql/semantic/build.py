"""Build a `SemanticModel` from an introspected `Schema`: entities, fields, measures, joins, default filters.

Every rule here looks at names, types and keys only, so it works on databases it has never seen.
"""
from __future__ import annotations

from conversql.query.structured import FilterSpec
from conversql.semantic.model import (CATEGORY, FLAG, KEY, NAME, NUMERIC, TIME, Entity, Field, Join, Measure,
                                      SemanticModel)
from conversql.semantic.naming import column_label, expanded_label, label_of, split_name, spoken_words
from conversql.semantic.thesaurus import (AVERAGE_WORDS, MONEY_WORDS, PERSON_SYNONYMS, REVENUE_SYNONYMS,
                                          synonyms_for)
from conversql.sources.base import BOOLEAN, DATE, DATETIME, NUMBER, TEXT, Column, Schema, Table

_SOFT_DELETE = {"deleted_at", "deletedat", "deleted_on", "removed_at", "archived_at"}
_SOFT_DELETE_FLAGS = {"is_deleted", "deleted", "isdeleted", "is_archived"}
_NAME_WORDS = {"name", "title", "label", "fullname"}
_LABEL_NUMBERS = {"room", "classroom", "zip", "zipcode", "postcode", "floor", "building", "phone", "extension"}
# Words naming a column whose whole numbers label rows rather than measure them.
_LABEL_WORDS = _LABEL_NUMBERS | {"number", "no", "num", "code", "id", "section", "sec", "reign", "rank", "level",
                                 "grade", "class", "version", "seat", "gate", "platform", "unit", "lot", "batch"}
_QUANTITY_WORDS = {"quantity", "qty", "units", "count"}
_PRICE_WORDS = {"price", "unitprice"}
_INVENTORY_WORDS = {"stock", "reorder", "level", "order", "capacity", "available", "minimum", "max", "min"}


def build_model(schema: Schema) -> SemanticModel:
    """The automatic model of a schema.

    >>> build_model(schema).measures["order_details.revenue"].expr
    'quantity * unit_price * (1 - discount)'
    """
    model = SemanticModel(dialect=schema.dialect)
    key_columns = _key_columns(schema)
    for table in schema.tables:
        entity = _entity(table)
        model.entities[table.name] = entity
        for col in table.columns:
            f = _field(table, col, key_columns)
            model.fields[f.id] = f
        entity.name_fields = _name_fields(table, model)
        if len(entity.name_fields) < 2:      # not people (no first and last name): no "job title", "birthday"
            for f in model.fields_of(table.name):
                f.synonyms = [s for s in f.synonyms if s not in PERSON_SYNONYMS]
        entity.time_field = _time_field(table, entity)
        entity.default_filters = _default_filters(table)
        for m in _measures(table, model):
            model.measures[m.id] = m
    model.joins = _joins(schema)
    for j in [j for j in model.joins if j.source == j.target]:
        _role_entity(model, j)
    return model


def _role_entity(model: SemanticModel, join: Join) -> None:
    """A self-reference (employees.manager_id -> employees) gets a second entity for the other end, so
    "employees and their manager" or "who reports to Nancy" join the table to itself under a role name."""
    base = model.entities[join.source]
    role = join.role or "parent"
    label = "manager" if set(role.split()) & {"reports", "manager", "boss", "supervisor", "report"} else role
    rid = f"{base.name}__{'_'.join(role.split())}"
    if rid in model.entities:
        return
    model.entities[rid] = Entity(name=base.name, label=label, schema=base.schema, role_of=base.name,
                                 synonyms=sorted({role, *synonyms_for(label)} - {label}),
                                 primary_key=list(base.primary_key), name_fields=list(base.name_fields),
                                 time_field=base.time_field, row_count=base.row_count)
    for f in [f for f in model.fields.values() if f.entity == base.name and f.role in (NAME, KEY, CATEGORY, TIME)]:
        copy = Field(id=f"{rid}.{f.column}", entity=rid, column=f.column, kind=f.kind, role=f.role,
                     label=f"{label} {f.label}", values=None, hidden=f.role != NAME and f.role != KEY)
        model.fields[copy.id] = copy
    join.target = rid

def _entity(table: Table) -> Entity:
    label = label_of(table.name)
    spelled = expanded_label(label.replace(" ", "_"))       # "inst" is asked for as "institution"
    return Entity(name=table.name, label=label, schema=table.schema,
                  synonyms=synonyms_for(label) + ([spelled] if spelled else []),
                  primary_key=list(table.primary_key), row_count=table.row_count)


def _key_columns(schema: Schema) -> set[tuple[str, str]]:
    keys: set[tuple[str, str]] = set()
    for t in schema.tables:
        keys.update((t.name, c) for c in t.primary_key)
        for fk in t.foreign_keys:
            keys.update((t.name, c) for c in fk.columns)
    return keys


def _is_id_name(words: list[str]) -> bool:
    return bool(words) and (words[-1] in {"id", "key", "code", "uuid", "guid"} and len(words) > 1 or words == ["id"])


def _role(table: Table, col: Column, key_columns: set[tuple[str, str]]) -> str:
    words = spoken_words(col.name)           # "lname" is a last name
    if col.kind in (DATE, DATETIME):
        return TIME
    if col.kind == BOOLEAN:
        return FLAG
    if col.kind != TEXT and ((table.name, col.name) in key_columns or _is_id_name(words)):
        return KEY
    if col.kind == TEXT and _is_id_name(words) and words[-1] in ("id", "uuid", "guid"):
        return KEY
    # a text key is what people type: a name ("Zach", "Tennis Club") or a code ("PHL")
    if col.kind == TEXT:
        if words and (words[-1] in _NAME_WORDS or words == ["first", "name"] or words == ["last", "name"]):
            return NAME
        if numbers_as_text(col.name, col.values) and not (words and words[-1] in _LABEL_NUMBERS):
            return NUMERIC       # a speed or a year kept as text (a CSV import): compared and averaged as a number
        return CATEGORY
    if col.kind == NUMBER:
        # numbers that name a place or a code are labels, not amounts: nobody sums room numbers or zip codes
        return CATEGORY if words and words[-1] in _LABEL_NUMBERS else NUMERIC
    return CATEGORY


def numbers_as_text(name: str, known: list | None) -> bool:
    """A text column whose every known value is a number ('37.9', '51', '1961'), unless its name says the whole
    numbers label things ('room_number' '101', 'section' '1')."""
    values = [str(v).strip().replace(",", "") for v in known or [] if v is not None and str(v).strip()]
    if len(values) < 2:
        return False
    try:
        numbers = [float(v) for v in values]
    except ValueError:
        return False
    fractional = any("." in v for v in values)
    years = all(n.is_integer() and 1600 <= n <= 2100 for n in numbers)
    labelled = bool(set(spoken_words(name)) & _LABEL_WORDS)
    return fractional or years or not labelled


def _field(table: Table, col: Column, key_columns: set[tuple[str, str]]) -> Field:
    label = column_label(col.name)
    role = _role(table, col, key_columns)
    words = split_name(col.name)
    unit = "currency" if role == NUMERIC and _is_money(words) else None
    spelled = expanded_label(col.name)       # "fname" also answers to "first name"
    synonyms = synonyms_for(label) + ([spelled] if spelled else [])
    return Field(id=f"{table.name}.{col.name}", entity=table.name, column=col.name, kind=col.kind, role=role,
                 label=label, synonyms=synonyms, values=col.values, unit=unit)


def _is_money(words: list[str]) -> bool:
    """'total', 'unit_price', 'market_value', 'freight' are money; 'total_points' and 'value_score' are not."""
    strong = set(words) & (MONEY_WORDS - {"total", "value"})
    if strong or words in (["total"], ["amount"], ["value"]):
        return True
    return "value" in words and bool(set(words) & {"market", "sales", "order", "trade", "contract", "deal"})


def _name_fields(table: Table, model: SemanticModel) -> list[str]:
    """The columns that name a row: first+last name, a 'name'/'title' column, or '<entity> name'."""
    fields = [model.fields[f"{table.name}.{c.name}"] for c in table.columns]
    by_words = {tuple(spoken_words(f.column)): f.column for f in fields}
    first = next((c for w, c in by_words.items() if w[-2:] == ("first", "name")), None)
    last = next((c for w, c in by_words.items() if w[-2:] == ("last", "name")), None)
    if first and last:
        return [first, last]
    names = [f for f in fields if f.role == NAME]
    entity_words = split_name(label_of(table.name))

    def rank(f: Field) -> tuple[int, int]:
        w = split_name(f.column)
        return (0 if w[:-1] == entity_words or w == ["name"] else 1 if w[-1] == "name" else 2, len(w))
    if names:
        return [min(names, key=rank).column]
    texts = [f for f in fields if f.kind == TEXT and f.role == CATEGORY and not f.values]
    return [texts[0].column] if texts else []


def _time_field(table: Table, entity: Entity) -> str | None:
    # a soft-delete or audit stamp is never what "last month" is about
    times = [c for c in table.columns if c.kind in (DATE, DATETIME) and not
             set(split_name(c.name)) & {"deleted", "updated", "modified", "removed", "archived"}]
    if not times:
        return None
    entity_words = set(entity.label.split())

    def score(c: Column) -> int:
        w = set(split_name(c.name))
        s = 3 * bool(w & entity_words) + 2 * bool(w & {"date", "time", "at", "on"}) + bool(w & {"created"})
        s -= 5 * bool(w & {"deleted", "updated", "modified", "removed", "archived", "birth", "dob"})
        s -= 2 * bool(w & {"required", "due", "shipped", "end", "expires", "expiry"})
        return s
    return max(times, key=score).name


def _default_filters(table: Table) -> list[FilterSpec]:
    out = []
    for c in table.columns:
        low = c.name.lower()
        if low in _SOFT_DELETE and c.kind in (DATE, DATETIME, TEXT):
            out.append(FilterSpec(field=f"{table.name}.{c.name}", op="is_null"))
        elif low in _SOFT_DELETE_FLAGS and c.kind in (BOOLEAN, NUMBER):
            out.append(FilterSpec(field=f"{table.name}.{c.name}", op="=", value=False))
    return out


def _measures(table: Table, model: SemanticModel) -> list[Measure]:
    numeric = [model.fields[f"{table.name}.{c.name}"] for c in table.columns]
    numeric = [f for f in numeric if f.role == NUMERIC]
    out: list[Measure] = []
    for f in numeric:
        words = set(split_name(f.column))
        agg = "avg" if words & AVERAGE_WORDS else "sum"
        syn = list(f.synonyms)
        if words & {"total", "amount"} and f.unit == "currency":
            syn += REVENUE_SYNONYMS + ["amount", "value", "total"]
        out.append(Measure(id=f"{table.name}.{f.column}", entity=table.name, name=f.column, expr=_quote(f.column),
                           agg=agg, label=f.label, synonyms=syn, unit=f.unit))
    # units in stock or on order are inventory, not sales: only a transaction's quantity makes revenue
    qty = next((f for f in numeric if set(split_name(f.column)) & _QUANTITY_WORDS
                and not set(split_name(f.column)) & _INVENTORY_WORDS), None)
    price = next((f for f in numeric if "".join(split_name(f.column)) in _PRICE_WORDS
                  or split_name(f.column)[-1:] == ["price"]), None)
    if qty and price:
        disc = next((f for f in numeric if "discount" in split_name(f.column)), None)
        expr = f"{_quote(qty.column)} * {_quote(price.column)}"
        if disc:
            expr += f" * (1 - {_quote(disc.column)})"
        out.append(Measure(id=f"{table.name}.revenue", entity=table.name, name="revenue", expr=expr, agg="sum",
                           label="revenue", synonyms=REVENUE_SYNONYMS, unit="currency", derived=True,
                           description=f"revenue = {expr}"))
    return out


def _quote(column: str) -> str:
    """A column reference for a measure expression; quoted when it is not a plain lower-case name."""
    return column if column.isidentifier() and column == column.lower() else '"' + column.replace('"', '""') + '"'


def _joins(schema: Schema) -> list[Join]:
    joins = []
    for t in schema.tables:
        for fk in t.foreign_keys:
            if schema.table(fk.ref_table) is None:
                continue
            role_words = [w for w in split_name("_".join(fk.columns)) if w not in {"id", "key", "fk"}]
            joins.append(Join(source=t.name, source_columns=list(fk.columns), target=schema.table(fk.ref_table).name,
                              target_columns=list(fk.ref_columns), role=" ".join(role_words)))
    return joins

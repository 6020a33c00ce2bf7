"""Load the values of text columns that name things (artists, products, people), so a question can mention them.

Introspection keeps the values of low-cardinality columns only; names are often unique per row ("AC/DC",
"Nancy Edwards"), yet they are what people type. This reads them once per source, bounded.
"""
from __future__ import annotations

from sqlglot import exp

from conversql.semantic.build import numbers_as_text
from conversql.semantic.model import CATEGORY, NAME, NUMERIC, SemanticModel
from conversql.sources.base import Source, SourceError

MAX_ROWS_SCANNED = 200_000     # skip tables larger than this: their names are not worth a full scan at start-up
MAX_VALUES = 5_000


def load_name_values(model: SemanticModel, source: Source) -> None:
    """Fill `Field.values` of name and category text columns that introspection left empty.

    >>> load_name_values(model, source); "AC/DC" in model.fields["Artist.Name"].values
    True
    """
    for f in model.fields.values():
        if f.values or f.kind != "text" or f.role not in (NAME, CATEGORY) or f.hidden:
            continue
        if model.entities[f.entity].role_of:
            continue
        ent = model.entities[f.entity]
        if ent.row_count is None or ent.row_count > MAX_ROWS_SCANNED or ent.row_count == 0:
            continue
        col = exp.column(f.column, quoted=True)
        table = exp.Table(this=exp.to_identifier(ent.name, quoted=True),
                          db=exp.to_identifier(ent.schema, quoted=True) if ent.schema else None)
        query = (exp.select(col).distinct().from_(table).where(exp.Not(this=exp.Is(this=col, expression=exp.Null())))
                 .limit(MAX_VALUES + 1))
        try:
            result = source.execute(query.sql(dialect=model.dialect), max_rows=MAX_VALUES + 1, timeout_s=10)
        except SourceError:
            continue
        values = [r[0] for r in result.rows if isinstance(r[0], str) and 0 < len(r[0]) <= 80]
        if len(values) <= MAX_VALUES:
            f.values = sorted(set(values))
            if f.role == CATEGORY and numbers_as_text(f.column, f.values):
                f.role = NUMERIC      # speeds or years kept as text are numbers to compare and average
    for ent in model.entities.values():
        if ent.role_of and ent.role_of in model.entities:
            continue
        if len(ent.name_fields) < 2 or not ent.row_count or ent.row_count > MAX_ROWS_SCANNED:
            continue
        full = _display_expr(ent.name_fields)
        table = exp.Table(this=exp.to_identifier(ent.name, quoted=True),
                          db=exp.to_identifier(ent.schema, quoted=True) if ent.schema else None)
        query = exp.select(full).distinct().from_(table).limit(MAX_VALUES + 1)
        try:
            result = source.execute(query.sql(dialect=model.dialect), max_rows=MAX_VALUES + 1, timeout_s=10)
        except SourceError:
            continue
        ent.name_values = sorted({r[0] for r in result.rows if isinstance(r[0], str)})[:MAX_VALUES]


def _display_expr(columns: list[str]) -> exp.Expression:
    out: exp.Expression = exp.column(columns[0], quoted=True)
    for c in columns[1:]:
        out = exp.DPipe(this=exp.DPipe(this=out, expression=exp.Literal.string(" "), safe=True),
                        expression=exp.column(c, quoted=True), safe=True)
    return out


def share_role_values(model: SemanticModel) -> None:
    """A role entity (manager) answers to the same names as the table it views."""
    for rid, ent in model.entities.items():
        base = model.entities.get(ent.role_of or "")
        if base is None:
            continue
        ent.name_values = base.name_values
        for f in model.fields.values():
            if f.entity == rid:
                f.values = model.fields[f"{ent.role_of}.{f.column}"].values

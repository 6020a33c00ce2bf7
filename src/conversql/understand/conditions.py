"""Conditions: comparisons, "or", years, "both A and B" / "A but not B", and merging values."""
from __future__ import annotations

from conversql.query.joins import has_many, shortest_paths
from conversql.query.structured import (
    FilterSpec,
    MeasureSpec,
    TimeRange,
)
from conversql.semantic.model import CATEGORY, KEY, NAME, NUMERIC, SemanticModel
from conversql.semantic.naming import split_name

# Superlative adjectives: with another thing to show they pick a row ("the dorm with the largest capacity");
# alone they are an aggregate ("the largest capacity").
from conversql.understand.draft import Draft, spans_of
from conversql.understand.place import COMPARATIVES, adjective_field
from conversql.understand.spans import Span
from conversql.understand.timing import holds_years, time_field_for
from conversql.understand.tokens import Token


def and_pairs(tokens: list[Token], d: Draft) -> None:
    """Remember the fields given two values joined by "and" ("allergic to milk and cat"): for a list of things,
    a related table's two values are both required (see both_and_but_not)."""
    said = sorted((pos, f) for f in d.filters if f.op == "=" and (pos := d.filter_at.get(id(f))) is not None)
    for (p1, f1), (p2, f2) in zip(said, said[1:]):
        between = {t.low for t in tokens[p1 + 1:p2]}
        if f1.field == f2.field and "and" in between and "or" not in between:
            d.and_fields.add(f1.field)


def or_groups(tokens: list[Token], d: Draft) -> None:
    """'snatch over 140 or height over 200': two conditions joined by "or" hold either way (one OR group)."""
    said = sorted((pos, f) for f in d.filters if (pos := d.filter_at.get(id(f))) is not None)
    for (p1, f1), (p2, f2) in zip(said, said[1:]):
        if f1 not in d.filters or f2 not in d.filters:
            continue
        between = {t.low for t in tokens[p1:p2]}
        same_values = f1.field == f2.field and f1.op == f2.op == "="
        if "or" in between and not same_values and not f1.on_measure and not f2.on_measure:
            d.filters.remove(f1)
            d.filters.remove(f2)
            group = FilterSpec(field="", op="any", value=[f1.model_dump(), f2.model_dump()])
            d.filters.append(group)
            d.filter_at[id(group)] = p1


def year_columns(d: Draft, model: SemanticModel, entity: str, tr: TimeRange | None, named: str | None = None
                 ) -> TimeRange | None:
    """'wines produced in 2008' where the table has a year column and no date: compare the year column.
    A number column named right before the years ('season 2007', 'founded after 1850') is that column."""
    if tr is None or not (tr.start or tr.end):
        return tr
    if named in model.entities:    # "artists who had an exhibition in 2004": the exhibition's year
        entity, named = named, None
    if named is not None and holds_years(model.fields[named]):
        year = model.fields[named]
        own = model.fields.get(f"{entity}.{year.column}")
        if own is not None and own.kind == "number":
            year = own          # "fees in the year of 1996": the fees' own year, not their campus's
    elif time_field_for(model, entity):
        return tr
    else:
        year = next((f for f in model.fields_of(entity) if split_name(f.column)[-1:] == ["year"]), None) or \
            next((f for f in model.fields_of(entity) if {"year", "date"} & set(split_name(f.column))
                  and f.kind == "number"), None)      # "opened before 1850" on a number column open_date
    if year is None or any(x is not None and (x.month, x.day) != (1, 1) for x in (tr.start, tr.end)):
        return tr
    if any(f.field == year.id for f in d.filters):
        return None                 # "after season 2007": the column and its number said it already
    said = {x for x in (year.id, named) if x}
    d.fields = [f for f in d.fields if f not in said]
    d.measures = [m for m in d.measures if m.measure not in said]
    value = lambda y: y if year.kind == "number" or year.role == NUMERIC else str(y)  # noqa: E731
    if tr.start is None or tr.end is None:
        # "made before 2000", "since 2010": an open range of years
        d.filters.append(FilterSpec(field=year.id, op="<" if tr.start is None else ">=",
                                    value=value(tr.end.year if tr.start is None else tr.start.year)))
        return None
    first, last = tr.start.year, tr.end.year - 1
    if d.periods and all(p[2].isdigit() for p in d.periods):
        # "in 2008 or 2010": those years, not the years between
        d.filters.append(FilterSpec(field=year.id, op="in", value=[value(int(p[2])) for p in d.periods]))
        d.grain = None
        return None
    if first == last:
        d.filters.append(FilterSpec(field=year.id, op="=", value=value(first)))
    else:
        d.filters.append(FilterSpec(field=year.id, op="between", value=[value(first), value(last)]))
    return None


def column_comparisons(spans: list[Span], chosen, d: Draft, model: SemanticModel, used: set[int]) -> None:
    """'candidates whose support rate is lower than their oppose rate': two columns of a row compared."""
    for c in spans_of(spans, "comparator"):
        before = [t for sl, t in chosen if sl.span.end <= c.start and c.start - sl.span.end <= 2]
        after = [t for sl, t in chosen if sl.span.start >= c.end and sl.span.start - c.end <= 1]
        if not before or not after:
            continue
        a, b = before[-1], after[0]
        fa = a.ref if a.kind == "field" else None if a.kind != "measure" else _column_of(model, a.ref)
        fb = b.ref if b.kind == "field" else None if b.kind != "measure" else _column_of(model, b.ref)
        if not fa or not fb or fa not in model.fields or fb not in model.fields or \
                model.fields[fa].kind != model.fields[fb].kind:
            continue
        d.filters.append(FilterSpec(field=fa, op=c.payload, value_field=fb))
        d.fields = [f for f in d.fields if f not in (fa, fb)]
        d.measures = [m for m in d.measures if m.measure not in (a.ref, b.ref) or m.measure not in d.soft]
        used.update(range(c.start, c.end))


def _column_of(model: SemanticModel, measure: str) -> str | None:
    m = model.measures[measure]
    return f"{m.entity}.{m.name}" if f"{m.entity}.{m.name}" in model.fields else None


def comparisons(spans: list[Span], chosen, d: Draft, model: SemanticModel, root: str, used: set[int]) -> None:
    for c in spans_of(spans, "compare"):
        used.update(range(c.start, c.end))
        target = _compare_target(c, chosen, model, root, d)
        if target is None:
            continue
        op, value = c.payload
        if c.meta.get("to"):
            fld = target if target in model.fields else \
                f"{model.measures[target].entity}.{model.measures[target].name}" if target in model.measures else None
            if fld in model.fields:
                d.filters.append(FilterSpec(field=fld, op=op, compare_to=c.meta["to"]))
                d.fields = [x for x in d.fields if x != fld]
                d.measures = [m for m in d.measures if m.measure not in (fld, target) or m.measure not in d.soft]
            continue
        factor = c.meta.get("factor", 1)
        marker = {"ms": "milli", "bytes": "byte"}.get(c.meta.get("unit") or "")
        if marker and marker not in target.split(".")[-1].lower():
            factor = 1      # "1000 hours" on an hours column stays 1000
        value = [v * factor for v in value] if isinstance(value, list) else value * factor
        if target.startswith("__count__:"):
            counted = target.split(":", 1)[1]
            d.filters.append(FilterSpec(field=counted, op=op, value=value, on_measure=True))
            if not any(m.entity == counted and m.measure is None for m in d.measures):
                d.measures.append(MeasureSpec(agg="count", entity=counted))
            d.mentions = [e for e in d.mentions if e != counted]
            d.dimensions = [x for x in d.dimensions if x.field != counted]
            continue
        measured = [m for m in d.measures if m.measure == target]
        if measured and (d.dimensions or d.mentions) and target in model.measures and target not in d.soft:
            d.filters.append(FilterSpec(field=target, op=op, value=value, on_measure=True))
            continue
        fld = target if target in model.fields else f"{model.measures[target].entity}.{model.measures[target].name}"
        if fld not in model.fields:
            continue
        d.filters.append(FilterSpec(field=fld, op=op, value=value))
        d.filter_at[id(d.filters[-1])] = c.start
        d.fields = [x for x in d.fields if x != fld]
        d.measures = [m for m in d.measures if m.measure not in (fld, target) or m.measure not in d.soft]


def _counted_how_often(c: Span, chosen, model: SemanticModel, root: str, d: Draft) -> str:
    """'services used more than 2 times in first notifications': the rows of the table named after the count
    (else of the subject's own table) are counted for each subject."""
    after = next((t for sl, t in chosen if t.kind == "entity" and 0 <= sl.span.start - c.end <= 2), None)
    if after is not None:
        return "__count__:" + after.ref
    subject = next((t for sl, t in chosen if sl.span.end <= c.start and t.kind in ("entity", "field")), None)
    owner = subject.ref if subject is not None and subject.kind == "entity" else \
        model.fields[subject.ref].entity if subject is not None else root
    return "__count__:" + owner


def _compare_target(c: Span, chosen, model: SemanticModel, root: str, d: Draft) -> str | None:
    """The numeric field or measure a comparison applies to: the nearest one named before it; "more than 2
    members" after a grouping counts; else the entity's field in the comparison's unit, else its money field."""
    if c.meta.get("times"):
        return _counted_how_often(c, chosen, model, root, d)
    right_after = next((t for sl, t in chosen if sl.span.start == c.end and (
        t.kind == "measure" or t.kind == "field" and model.fields[t.ref].role == NUMERIC)), None)
    if right_after is not None:
        return right_after.ref       # "farms with more than 5000 total horses": the number's own noun
    before = [(sl, t) for sl, t in chosen if sl.span.end <= c.start and t.kind in ("measure", "field", "entity")]
    for sl, t in reversed(before):
        if t.kind == "entity":
            after_entity = [x for x in chosen if x[0].span.start >= c.end]
            if sl.span.start > c.start or after_entity:
                continue
            break
        if t.kind == "measure" or model.fields[t.ref].role == NUMERIC:
            return t.ref
        if model.fields[t.ref].role == KEY and model.fields[t.ref].kind == "number" and c.start - sl.span.end <= 1:
            return t.ref        # "customers with ids between 10 and 20"
    entity = d.mentions[0] if d.mentions else root
    adjective = COMPARATIVES.get(c.meta.get("word", "").split(" ")[0])
    # "members of the club younger than 18": the age of the member's student row, one many-to-one step away
    owners = [entity] + [j.target for j in model.joins if j.source == entity and j.target in model.entities]
    hit = next((h for h in (adjective_field(model, o, adjective) for o in owners) if h), None) if adjective \
        else None
    if hit is not None:          # "longer than 10 minutes" is about the length, "older than 20" the age
        return hit[0]
    after = [(sl, t) for sl, t in chosen if sl.span.start >= c.end and sl.span.start - c.end <= 1]
    if after and after[0][1].kind == "entity" and (d.dimensions or d.mentions or d.fields):
        return "__count__:" + after[0][1].ref        # "ships that have more than one captain"
    if after and after[0][1].kind in ("measure", "field") and (after[0][1].kind == "measure"
                                                               or model.fields[after[0][1].ref].role == NUMERIC):
        return after[0][1].ref
    numeric = [f for f in model.fields_of(entity) if f.role == NUMERIC]
    unit = c.meta.get("unit")
    if unit:
        hit = next((f for f in numeric if unit in f.column.lower() or (unit == "ms" and "milli" in f.column.lower())),
                   None)
        if hit:
            return hit.id
    money = next((f for f in numeric if f.unit == "currency"), None)
    return money.id if money else (numeric[0].id if len(numeric) == 1 else None)


def filter_paths(d: Draft, model: SemanticModel, entity: str) -> set[str]:
    """Every entity on the join path from the rows to something a filter is about."""
    paths = shortest_paths(model, entity)
    targets = {f.field.split(".")[0] if f.field not in model.entities else f.field for f in d.filters}
    for f in d.filters:
        targets |= {c["field"].split(".")[0] for c in (f.value if f.op in ("exists", "not_exists") and f.value
                                                         else [])}
    out = set(targets)
    for t in targets:
        out |= {s.entity for s in paths.get(t, [])}
    return out


_RANGE_OPS = {">", ">=", "<", "<="}


def values_having_both(d: Draft, model: SemanticModel) -> str | None:
    """'colleges that have both midfielders and defenders', 'countries with both mountains higher than 5600 and
    lower than 5200': the values of a listed column that have rows meeting each condition (one row cannot meet
    both). Returns the column's table when the question is of that shape, after rewriting the draft."""
    if not d.both or d.measures:
        return None
    for f in d.filters:
        field = model.fields.get(f.field)
        if field is None or f.on_measure:
            continue
        same = [o for o in d.filters if o.field == f.field and o.op in _RANGE_OPS]
        if f.op == "in" and isinstance(f.value, list) and len(f.value) > 1:
            conditions, used = [{"field": f.field, "op": "=", "value": v} for v in f.value], [f]
        elif f.op in _RANGE_OPS and len(same) > 1:
            conditions, used = [{"field": o.field, "op": o.op, "value": o.value} for o in same], same
        else:
            continue
        key = next((k for k in d.fields if k in model.fields and k != f.field and model.fields[k].entity ==
                    field.entity and model.fields[k].role in (CATEGORY, NAME, KEY)), None)
        if key is None:
            continue
        d.filters = [o for o in d.filters if o not in used] + [
            FilterSpec(field=field.entity, op="exists", value=[c], value_field=key) for c in conditions]
        d.fields, d.dimensions, d.distinct = [key], [], True
        d.mentions = [m for m in d.mentions if m != field.entity]
        return field.entity
    return None


def both_and_but_not(d: Draft, model: SemanticModel, subject: str) -> None:
    """'students in both Canoeing and Kayaking': one related row for each value (two EXISTS); 'rock but not
    metal': one with the first and none with the second. A single row cannot hold two values at once."""
    for f in list(d.filters):
        field = model.fields.get(f.field)
        if field is None or field.entity == subject or f.on_measure:
            continue
        both = d.both or (f.field in d.and_fields and not d.measures and has_many(model, subject, field.entity))
        if f.op == "in" and both:
            d.filters.remove(f)
            d.filters += [FilterSpec(field=field.entity, op="exists",
                                     value=[{"field": f.field, "op": "=", "value": v}]) for v in f.value]
        elif f.op == "!=" and any(o.field == f.field and o.op == "=" for o in d.filters):
            d.filters.remove(f)
            d.filters.append(FilterSpec(field=field.entity, op="not_exists",
                                        value=[{"field": f.field, "op": "=", "value": f.value}]))
            for o in [o for o in d.filters if o.field == f.field and o.op == "="]:
                d.filters.remove(o)
                d.filters.append(FilterSpec(field=field.entity, op="exists",
                                            value=[{"field": o.field, "op": "=", "value": o.value}]))


def never_related(spans: list[Span], d: Draft, model: SemanticModel, root: str, used: set[int]) -> None:
    """'services that have never been used', 'products never ordered': a "never" that names nothing after it
    means no row refers to the thing, when exactly one table refers to it."""
    if d.absent or d.measures:
        return
    subject = d.mentions[0] if d.mentions else root
    for neg in spans_of(spans, "negate"):
        if neg.payload != "never" or any(s.kind == "term" and 0 <= s.start - neg.end <= 3 for s in spans):
            continue
        referring = {j.source for j in model.joins if j.target == subject and j.source != subject
                     and not model.entities[j.source].role_of}
        if len(referring) == 1:
            d.filters.append(FilterSpec(field=referring.pop(), op="not_exists"))
            used.update(range(neg.start, neg.end))
            if subject not in d.mentions:
                d.mentions.insert(0, subject)
            return


def merge_values(filters: list[FilterSpec]) -> list[FilterSpec]:
    """Several values of one field are one IN (or NOT IN) filter."""
    out: list[FilterSpec] = []
    for f in filters:
        same = next((o for o in out if o.field == f.field and o.op in ("=", "in", "!=", "not_in")
                     and f.op in ("=", "!=") and (o.op in ("=", "in")) == (f.op == "=")), None)
        if same is None:
            out.append(f)
            continue
        values = same.value if isinstance(same.value, list) else [same.value]
        if f.value not in values:
            same.value = values + [f.value]
            same.op = "in" if f.op == "=" else "not_in"
    return out

"""Counting, superlatives, per-entity averages and picking the row with an extreme value."""
from __future__ import annotations

from conversql.query.joins import is_parent_or_self, shortest_paths
from conversql.query.structured import (
    DimensionSpec,
    MeasureSpec,
    OrderSpec,
)
from conversql.semantic.model import CATEGORY, KEY, NAME, NUMERIC, SemanticModel
from conversql.semantic.naming import split_name
from conversql.understand.draft import QUANTITY_WORDS, Draft, spans_of

# Superlative adjectives: with another thing to show they pick a row ("the dorm with the largest capacity");
# alone they are an aggregate ("the largest capacity").
from conversql.understand.place import adjective_field
from conversql.understand.shown import draft_detail_fields
from conversql.understand.spans import Span


# --- counting, superlatives, ranking --------------------------------------------------------------------------
def counting(count_cue: Span | None, d: Draft, model: SemanticModel, used: set[int]) -> None:
    """'how many X' counts X; 'how many tracks did we sell' sums the quantity sold instead."""
    quantity = next((m for m in d.measures if m.measure in model.measures
                     and set(split_name(model.measures[m.measure].name)) & QUANTITY_WORDS), None)
    if quantity is not None and any(m.measure is None and m.agg == "count" for m in d.measures):
        counted = {m.entity for m in d.measures if m.measure is None and m.agg == "count"}
        d.measures = [m for m in d.measures if not (m.measure is None and m.agg == "count")]
        d.mentions = [e for e in d.mentions if e not in counted]
        d.dimensions = [x for x in d.dimensions if x.field not in counted]
        quantity.agg = "sum"
    if count_cue and not d.measures and d.mentions:
        d.measures.append(MeasureSpec(agg="count", entity=d.mentions.pop(0)))
        used.update(range(count_cue.start, count_cue.end))
    elif count_cue and not d.measures and not d.argmax and \
            all(any(f.field == x for f in d.filters) for x in d.fields):      # "in building NEB" names a filter
        # "how many females are there": the rows that hold the value are counted
        held = next((model.fields[f.field].entity for f in d.filters if f.field in model.fields
                     and not f.on_measure and f.op in ("=", "in")), None)
        if held is not None:
            d.measures.append(MeasureSpec(agg="count", entity=held))
            used.update(range(count_cue.start, count_cue.end))


def superlatives(spans: list[Span], chosen, d: Draft, model: SemanticModel, used: set[int]) -> None:
    """'which genre has the most tracks' counts tracks per genre; 'the most revenue' orders by revenue."""
    for sup in spans_of(spans, "superlative"):
        after = next(((sl, t) for sl, t in chosen if 0 <= sl.span.start - sup.end <= 1), None)
        if after is None and sup.payload.split()[-1] in _OFTEN + ("common", "popular", "frequent"):
            # "the payment method that is used most frequently", "the class of races that is most common": the
            # value named before (or, failing that, after), counted
            named = [(sl, t) for sl, t in chosen if t.kind == "field" and model.fields[t.ref].role in
                     (CATEGORY, NAME, KEY)]
            after = next(((sl, t) for sl, t in reversed(named) if sl.span.end <= sup.start), None) or \
                next(((sl, t) for sl, t in named if sl.span.start >= sup.end), None)
        if after is None:
            d.superlative = not sup.meta.get("ascending")
            continue
        sl, t = after
        desc = not sup.meta.get("ascending")
        if sup.payload.split()[-1] in ("common", "popular", "frequent") + _OFTEN and t.kind == "field" and \
                model.fields[t.ref].role in (CATEGORY, NAME, KEY):
            # "the most common software platform": the value that occurs most often
            field = _where_it_occurs(model, t.ref)
            d.fields = [f for f in d.fields if f not in (field, t.ref)]
            d.dimensions = [DimensionSpec(field=field)]
            d.measures = [MeasureSpec(agg="count", entity=model.fields[field].entity)]
            d.order_measure, d.limit = d.measures[0], d.limit or 1
            d.order = [OrderSpec(key="__measure__", desc=desc)]
            used.update(range(sup.start, sup.end))
            continue
        if t.kind == "entity" and any(m.measure for m in d.measures):
            # "the most tracks sold": the entity names what the measure counts, it is not a group
            d.mentions = [e for e in d.mentions if e != t.ref]
            d.dimensions = [x for x in d.dimensions if x.field != t.ref]
            d.order_measure = next(m for m in d.measures if m.measure)
            d.limit = d.limit or 1
            d.order = [OrderSpec(key="__measure__", desc=desc)]
            used.update(range(sup.start, sup.end))
            continue
        if t.kind == "entity" and not any(m.measure for m in d.measures):
            d.measures = [m for m in d.measures if m.entity != t.ref]
            d.measures.append(MeasureSpec(agg="count", entity=t.ref))
            d.mentions = [e for e in d.mentions if e != t.ref]
            d.dimensions = [x for x in d.dimensions if x.field != t.ref]
        elif (scope := _row_scope(sup, t, chosen, model)) is not None:
            # "the station with the highest dock count", "the song with the lowest resolution": the column of
            # a row (or of its parent) picks that row; summing it over rows would mean nothing
            fid = t.ref if t.ref in model.fields else f"{model.measures[t.ref].entity}.{model.measures[t.ref].name}"
            d.measures = [m for m in d.measures if m.measure != t.ref]
            d.fields = [f for f in d.fields if f != t.ref and f != fid]
            d.argmax.append((fid, desc, sup.payload))
            d.extreme_of = scope
            used.update(range(sup.start, sup.end))
            continue
        elif t.kind == "measure" or t.kind == "field" and model.fields[t.ref].role == NUMERIC:
            if not any(m.measure == t.ref for m in d.measures):
                m = model.measures.get(t.ref)
                d.measures.append(MeasureSpec(measure=t.ref, agg=m.agg if m else "sum"))
            d.fields = [f for f in d.fields if f != t.ref]
        else:
            continue
        d.order_measure = d.measures[-1]
        d.limit = d.limit or 1
        d.order = [OrderSpec(key="__measure__", desc=desc)]
        used.update(range(sup.start, sup.end))


_OFTEN = ("frequently", "often", "times")


def _where_it_occurs(model: SemanticModel, field: str) -> str:
    """A lookup table's own key occurs once in it; how often a code is used is counted where it is referenced
    ('the transaction type code that occurs the fewest times' counts transactions, not type codes)."""
    f = model.fields[field]
    if model.entities[f.entity].primary_key != [f.column]:
        return field
    refs = [f"{j.source}.{j.source_columns[0]}" for j in model.joins
            if j.target == f.entity and j.target_columns == [f.column] and j.source != f.entity]
    refs = [r for r in refs if r in model.fields]
    return refs[0] if len(refs) == 1 else field


def _row_scope(sup: Span, t, chosen, model: SemanticModel) -> str | None:
    """The entity whose rows a superlative ranks when its column is an attribute of that entity (or of a
    parent): the entity named just before 'with the highest ...'. None when the column is a fact of child
    rows that must be totalled ('the customer who spent the most')."""
    if t.kind not in ("measure", "field"):
        return None
    fid = t.ref if t.ref in model.fields else None
    if fid is None and t.ref in model.measures:
        m = model.measures[t.ref]
        fid = f"{m.entity}.{m.name}" if f"{m.entity}.{m.name}" in model.fields else None
    if fid is None or model.fields[fid].role != NUMERIC:
        return None
    before = [x for sl, x in chosen if sl.span.end <= sup.start and x.kind == "entity"]
    if not before:
        return None
    scope = before[-1].ref
    return scope if is_parent_or_self(model, scope, model.fields[fid].entity) else None


_PER = {"per", "each", "a", "single", "every", "one", "an"}


def per_entity(spans: list[Span], d: Draft, model: SemanticModel) -> None:
    """'on average, how many tracks are on a single invoice', 'average orders per customer': the count (or
    total) per row of the second entity, averaged."""
    avg = any(a.payload == "avg" for a in spans_of(spans, "aggregate"))
    if not avg or len(d.measures) != 1:
        return
    m = d.measures[0]
    if m.measure is not None or m.agg != "count":
        return             # "average freight per customer" is an average per group, not of per-customer totals
    others = [x.field for x in d.dimensions if x.field in model.entities and x.field != m.entity] + \
        [e for e in d.mentions if e != m.entity]
    if not others:
        return
    per = others[0]
    m.per = per
    d.dimensions = [x for x in d.dimensions if x.field != per]
    d.mentions = [e for e in d.mentions if e != per]
    d.order, d.limit = [], None


def pick_extreme_rows(d: Draft, model: SemanticModel, root: str) -> str:
    """'the name of the dorm with the largest capacity': the row with the extreme value, not the value alone."""
    f, desc, _ = d.argmax[0]
    fid = f if f in model.fields else f"{model.measures[f].entity}.{model.measures[f].name}"
    entity = d.mentions[0] if d.mentions else model.fields[fid].entity if fid in model.fields else root
    fent = model.fields[fid].entity if fid in model.fields else None
    if d.extreme_of is None and fent is not None and model.fields[fid].role == NUMERIC:
        # "the trip from the station with the highest dock count": a named thing holds the column (or its
        # parent does), so the column ranks rows; only a fact of child rows is totalled per thing
        scoped = [m for m in d.mentions if is_parent_or_self(model, m, fent)]
        d.extreme_of = fent if fent in scoped else scoped[-1] if scoped else None
    if d.extreme_of is not None:
        # rows of the ranked entity, showing the thing asked about: "the artist of the song with the lowest
        # resolution" lists songs by resolution with their artist, one row
        shown = entity
        rows = shown if is_parent_or_self(model, shown, d.extreme_of) else d.extreme_of
        d.fields = draft_detail_fields(d, model, shown) + [fid]
        d.measures, d.dimensions = [], []
        d.order = [OrderSpec(key=fid, desc=desc)]
        d.limit = d.limit or 1
        return rows
    if fid in model.fields and model.fields[fid].entity != entity and f in model.measures:
        # the extreme of a fact about another entity: group by the entity, rank by the total
        d.dimensions = d.dimensions or [DimensionSpec(field=entity)]
        d.measures = [MeasureSpec(measure=f, agg=model.measures[f].agg)]
        d.order = [OrderSpec(key=f, desc=desc)]
        d.limit = d.limit or 1
        d.fields = []
        return model.measures[f].entity
    d.fields = draft_detail_fields(d, model, entity) + ([fid] if fid in model.fields else [])
    d.measures, d.dimensions = [], []
    d.order = [OrderSpec(key=fid, desc=desc)]
    d.limit = d.limit or 1
    return entity


def how_measure(spans: list[Span], d: Draft, model: SemanticModel, root: str) -> None:
    """'how long is the whole playlist', 'how big are those files on average': the adjective's column, summed
    (or averaged when asked), on the nearest entity that has such a column."""
    how = next(iter(spans_of(spans, "how")), None)
    if how is None or d.measures:
        return
    candidates = list(d.mentions) + [root]
    paths = shortest_paths(model, d.mentions[0] if d.mentions else root)
    candidates += sorted(paths, key=lambda e: len(paths[e]))
    for entity in candidates:
        hit = adjective_field(model, entity, how.payload)
        if hit is not None:
            average = any(a.payload == "avg" for a in spans_of(spans, "aggregate"))
            d.measures.append(MeasureSpec(measure=hit[0], agg="avg" if average else "sum"))
            d.fields = [f for f in d.fields if f != hit[0]]
            return

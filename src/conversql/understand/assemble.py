"""Assemble recognized spans into a `StructuredQuery`: pick measures, dimensions, filters, order and limit.

Ambiguous words (a "country" that several tables have, "revenue" that two tables can compute) are resolved
jointly: the reading whose parts sit closest together in the join graph, with the strongest words, wins.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from conversql.query.joins import path_cost
from conversql.query.structured import (DimensionSpec, FilterSpec, MeasureSpec, OrderSpec, StructuredQuery,
                                        TimeRange)
from conversql.semantic.model import CATEGORY, NAME, NUMERIC, TIME, SemanticModel
from conversql.understand.lexicon import Term
from conversql.understand.spans import Span
from conversql.understand.tokens import Token

JOIN_PENALTY = 0.3


@dataclass
class Slot:
    """One thing the question asks for, with the candidate terms that could fill it."""
    role: str                      # measure | count | dimension | filter | detail | subject | compare
    span: Span
    candidates: list[Term]
    agg: str | None = None
    negated: bool = False
    extra: dict = field(default_factory=dict)


@dataclass
class Assembly:
    query: StructuredQuery | None
    used: set[int] = field(default_factory=set)        # token indices that shaped the query
    reason: str = ""                                    # why no query could be built


def _prev(spans: list[Span], span: Span, tokens: list[Token], skip: set[str]) -> Span | None:
    """The span just before `span`, skipping filler words."""
    i = span.start - 1
    while i >= 0 and tokens[i].low in skip and not any(s.covers(i) for s in spans):
        i -= 1
    return next((s for s in spans if s.covers(i)), None) if i >= 0 else None


_FILLER = {"the", "a", "an", "of", "our", "my", "their", "its", "all", "each", "every", "do", "we", "have", "did",
           "does", "are", "is", "there", "been", "in"}


def assemble(tokens: list[Token], spans: list[Span], model: SemanticModel) -> Assembly:
    slots: list[Slot] = []
    used: set[int] = set()
    terms = [s for s in spans if s.kind == "term"]
    for s in terms:
        prev = _prev(spans, s, tokens, {"the", "a", "an", "our", "my", "their"})
        prev_far = _prev(spans, s, tokens, _FILLER)
        cand = s.payload
        role, agg, negated = "mention", None, False
        if prev and prev.kind == "negate" or prev_far and prev_far.kind == "negate":
            negated = True
        cue = prev if prev and prev.kind != "term" else prev_far if prev_far and prev_far.kind != "term" else None
        if cue is not None:
            if cue.kind == "group":
                role = "group"
            elif cue.kind == "aggregate":
                role, agg = "aggregate", cue.payload
            elif cue.kind in ("rank", "superlative"):
                role = "ranked"
            used.update(range(cue.start, cue.end))
        slots.append(Slot(role, s, cand, agg, negated))

    # An aggregate word reaches over an entity word to its measure: "average invoice amount".
    for cue in (s for s in spans if s.kind == "aggregate"):
        nxt = [sl for sl in slots if sl.span.start >= cue.end and sl.span.start - cue.end <= 3]
        if nxt and nxt[0].role == "aggregate" and any(t.kind == "entity" for t in nxt[0].candidates) \
                and cue.payload not in ("count", "count_distinct"):
            target = next((sl for sl in nxt[1:] if _is_numeric(sl, model)), None)
            if target is not None and target.role == "mention":
                target.role, target.agg = "aggregate", cue.payload
                nxt[0].role, nxt[0].agg = "mention", None

    compares = [s for s in spans if s.kind == "compare"]
    ranks = [s for s in spans if s.kind == "rank"]
    superlatives = [s for s in spans if s.kind == "superlative"]
    aggregates = [s for s in spans if s.kind == "aggregate"]
    time_spans = [s for s in spans if s.kind == "time"]
    grains = [s for s in spans if s.kind == "grain"]

    # Values become filters; numeric comparisons attach to the nearest numeric word before them.
    filters: list[FilterSpec] = []
    value_slots = [sl for sl in slots if all(t.kind == "value" for t in sl.candidates)]
    schema_slots = [sl for sl in slots if sl not in value_slots]

    reading = _resolve(schema_slots, value_slots, model, needs_time=bool(
        [s for s in spans if s.kind in ("time", "grain")]))
    if reading is None:
        return Assembly(None, used, "The question names nothing this database holds.")
    chosen, root = reading

    measures: list[MeasureSpec] = []
    dimensions: list[DimensionSpec] = []
    fields: list[str] = []
    order: list[OrderSpec] = []
    limit: int | None = None
    entity_mentions: list[str] = []
    order_measure: MeasureSpec | None = None

    for sl, term in chosen:
        used.update(range(sl.span.start, sl.span.end))
        if term.kind == "value":
            filters.append(FilterSpec(field=term.ref, op="!=" if sl.negated else "=", value=term.value))
            continue
        if term.kind == "measure" or term.kind == "field" and model.fields[term.ref].role == NUMERIC \
                and sl.role in ("aggregate", "group", "ranked"):
            ref = term.ref
            agg = sl.agg if sl.agg in ("sum", "avg", "min", "max", "count_distinct") else None
            m = model.measures.get(ref)
            spec = MeasureSpec(measure=ref, agg=agg or (m.agg if m else "sum"))
            if sl.role == "group":   # "top 5 customers by revenue": revenue orders, it does not group
                order_measure = spec
            measures.append(spec)
            continue
        if term.kind == "entity":
            if sl.role == "aggregate" and sl.agg in ("count", "count_distinct"):
                measures.append(MeasureSpec(agg=sl.agg if sl.agg == "count_distinct" else "count", entity=term.ref))
            elif sl.role == "group" or sl.role == "ranked":
                dimensions.append(DimensionSpec(field=term.ref))
            else:
                entity_mentions.append(term.ref)
            continue
        f = model.fields[term.ref]
        if sl.role == "group" or (sl.role == "ranked" and f.role in (CATEGORY, NAME)):
            dimensions.append(DimensionSpec(field=f.id, grain="day" if f.role == TIME else None))
        elif sl.role == "aggregate" and sl.agg in ("count", "count_distinct"):
            measures.append(MeasureSpec(measure=f.id, agg="count_distinct"))
        elif sl.role == "aggregate" and f.role == TIME and sl.agg in ("min", "max"):
            measures.append(MeasureSpec(measure=f.id, agg=sl.agg))
        else:
            fields.append(f.id)

    # Several values of one field are one IN filter.
    filters = _merge_values(filters)

    for c in compares:
        used.update(range(c.start, c.end))
        target = _compare_target(c, chosen, model, root, entity_mentions)
        if target is None:
            continue
        op, value = c.payload
        value = [v * c.meta.get("factor", 1) for v in value] if isinstance(value, list) else value * c.meta.get(
            "factor", 1)
        if target in model.measures and measures and target in [m.measure for m in measures] and dimensions:
            filters.append(FilterSpec(field=target, op=op, value=value, on_measure=True))
        else:
            fld = target if target in model.fields else model.measures[target].id.split(".", 1)[0] + "." + \
                model.measures[target].name
            filters.append(FilterSpec(field=fld, op=op, value=value))
            fields = [x for x in fields if x != fld]

    # Counting: "how many X" with X an entity mention not yet placed.
    count_cue = next((a for a in aggregates if a.payload in ("count",)), None)
    if count_cue and not measures and entity_mentions:
        measures.append(MeasureSpec(agg="count", entity=entity_mentions.pop(0)))
        used.update(range(count_cue.start, count_cue.end))

    # Superlatives over an entity: "which genre has the most tracks" counts the tracks per genre.
    for sup in superlatives:
        after = next((sl for sl, t in chosen if sl.span.start >= sup.end and t.kind == "entity"
                      and sl.span.start - sup.end <= 1), None)
        if after is not None and not measures:
            ent = next(t.ref for sl, t in chosen if sl is after)
            measures.append(MeasureSpec(agg="count", entity=ent))
            entity_mentions = [e for e in entity_mentions if e != ent]
            dimensions = [d for d in dimensions if d.field != ent]
            order_measure = measures[-1]
            limit = limit or 1
            order.append(OrderSpec(key="__measure__", desc=not sup.meta.get("ascending")))
            used.update(range(sup.start, sup.end))

    # Ranking: top/bottom N
    for r in ranks:
        limit = r.payload
        used.update(range(r.start, r.end))
        order = [OrderSpec(key="__measure__", desc=not r.meta.get("ascending"))]

    time_range: TimeRange | None = None
    compare_periods = None
    if time_spans:
        t = time_spans[0]
        time_range = t.payload
        compare_periods = t.meta.get("compare")
        used.update(range(t.start, t.end))

    grain = None
    for g in grains:
        used.update(range(g.start, g.end))
        grain = g.payload or "month"
    if grain is None and time_spans and time_spans[0].meta.get("rolling") and time_spans[0].meta.get("n", 1) > 1 \
            and not aggregates and not any(sl.role == "group" for sl in slots):
        # "sales from the last 3 months" with no "total": the trend over the window, at a readable grain
        grain = _auto_grain(time_range)
    if compare_periods and grain is None:
        grain = "year" if all(p[2].isdigit() for p in compare_periods) else None

    if not measures and not dimensions and not fields and not entity_mentions and not filters:
        return Assembly(None, used, "I could not tell what to measure or list.")

    if not measures and (dimensions or grain) and entity_mentions:
        # "customers by country": count the mentioned entity per group
        measures.append(MeasureSpec(agg="count", entity=entity_mentions.pop(0)))
    elif not measures and (dimensions or grain) and not entity_mentions and (count_cue or grain):
        measures.append(MeasureSpec(agg="count", entity=root))

    entity = root
    if measures:
        first = measures[0]
        entity = first.entity or (model.measures[first.measure].entity if first.measure in model.measures
                                  else model.fields[first.measure].entity)
    elif entity_mentions:
        entity = entity_mentions[0]

    if grain:
        tf = _time_field_for(model, entity)
        if tf:
            dimensions.insert(0, DimensionSpec(field=tf, grain=grain))
            if time_range is not None:
                time_range = time_range.model_copy(update={"field": tf})

    if measures and order and order[0].key == "__measure__":
        target = order_measure or measures[0]
        order = [OrderSpec(key=target.measure or target.entity or "", desc=order[0].desc)]
        if not dimensions and entity_mentions:
            dimensions.append(DimensionSpec(field=entity_mentions.pop(0)))
    elif order and order[0].key == "__measure__":
        order = []

    if not measures:
        # A list of rows: the entity's name plus the columns the question named.
        detail = [entity] if model.entities[entity].name_fields else []
        detail += [f for f in fields if f not in detail]
        if not detail:
            detail = [f.id for f in model.fields_of(entity)[:5]]
        fields = detail
        if ranks and fields:
            numeric = next((f for f in fields if f in model.fields and model.fields[f].role == NUMERIC), None)
            if numeric:
                order = [OrderSpec(key=numeric, desc=not ranks[0].meta.get("ascending"))]
        dimensions = []
    else:
        fields = []

    query = StructuredQuery(entity=entity, measures=_dedupe_measures(measures), dimensions=_dedupe_dims(dimensions),
                            fields=fields, filters=filters, time_range=time_range, order=order, limit=limit)
    return Assembly(query, used)


def _auto_grain(tr: TimeRange | None) -> str:
    days = (tr.end - tr.start).days if tr and tr.start and tr.end else 366
    return "day" if days <= 93 else "week" if days <= 186 else "month" if days <= 3 * 366 else "year"


def _is_numeric(sl: Slot, model: SemanticModel) -> bool:
    return any(t.kind == "measure" or t.kind == "field" and model.fields[t.ref].role == NUMERIC
               for t in sl.candidates)


def _time_distance(model: SemanticModel, root: str) -> float:
    """How far the nearest time dimension is from an entity, following many-to-one joins."""
    if model.time_field(root):
        return 0.0
    from conversql.query.joins import shortest_paths
    paths = shortest_paths(model, root)
    costs = [len(p) for e, p in paths.items() if model.time_field(e) and all(s.forward for s in p)]
    return float(min(costs)) if costs else 3.0


def _resolve(schema_slots: list[Slot], value_slots: list[Slot], model: SemanticModel, needs_time: bool = False):
    """Pick one term per slot: the reading with the best words and the shortest joins."""
    slots = schema_slots + value_slots
    if not slots:
        return None
    options = [sorted(sl.candidates, key=lambda t: -t.weight)[:4] for sl in slots]
    combos = itertools.islice(itertools.product(*options), 0, 400)
    best, best_score = None, float("-inf")
    for combo in combos:
        entities = {_entity_of(t, model) for t in combo}
        roots = [_entity_of(t, model) for t in combo if t.kind == "measure"] or \
                [_entity_of(t, model) for sl, t in zip(slots, combo) if t.kind == "entity" and sl.role == "aggregate"] or \
                [_entity_of(t, model) for t in combo if t.kind == "entity"] or sorted(entities)
        root = roots[0]
        cost = path_cost(model, root, entities)
        if cost == float("inf"):
            continue
        if needs_time:
            cost += _time_distance(model, root)
        score = sum(t.weight for t in combo) - JOIN_PENALTY * cost
        if score > best_score:
            best, best_score = (list(zip(slots, combo)), root), score
    return best


def _entity_of(term: Term, model: SemanticModel) -> str:
    if term.kind == "entity":
        return term.ref
    if term.kind == "measure":
        return model.measures[term.ref].entity
    return model.fields[term.ref].entity


def _merge_values(filters: list[FilterSpec]) -> list[FilterSpec]:
    out: list[FilterSpec] = []
    for f in filters:
        same = next((o for o in out if o.field == f.field and o.op in ("=", "in", "!=", "not_in")
                     and (o.op in ("=", "in")) == (f.op == "=")), None)
        if same is None:
            out.append(f)
            continue
        values = same.value if isinstance(same.value, list) else [same.value]
        same.value = values + [f.value]
        same.op = "in" if f.op == "=" else "not_in"
    return out


def _compare_target(c: Span, chosen, model: SemanticModel, root: str, mentions: list[str]) -> str | None:
    """The numeric field or measure a comparison applies to: the nearest one named before it, else the
    entity's field in the comparison's unit (ms, bytes), else its money field."""
    before = [(sl, t) for sl, t in chosen if sl.span.end <= c.start and t.kind in ("measure", "field")]
    for sl, t in reversed(before):
        if t.kind == "measure" or model.fields[t.ref].role == NUMERIC:
            return t.ref
    entity = mentions[0] if mentions else root
    numeric = [f for f in model.fields_of(entity) if f.role == NUMERIC]
    unit = c.meta.get("unit")
    if unit:
        hit = next((f for f in numeric if unit in f.column.lower() or (unit == "ms" and "milli" in f.column.lower())),
                   None)
        if hit:
            return hit.id
    money = next((f for f in numeric if f.unit == "currency"), None)
    return money.id if money else (numeric[0].id if numeric else None)


def _time_field_for(model: SemanticModel, entity: str) -> str | None:
    tf = model.time_field(entity)
    if tf:
        return tf.id
    from conversql.query.joins import shortest_paths
    paths = shortest_paths(model, entity)
    for ent in sorted(paths, key=lambda e: len(paths[e])):
        if model.time_field(ent) and all(s.forward for s in paths[ent]):
            return model.time_field(ent).id
    return None


def _dedupe_measures(ms: list[MeasureSpec]) -> list[MeasureSpec]:
    out: list[MeasureSpec] = []
    for m in ms:
        if all((m.measure, m.agg, m.entity) != (o.measure, o.agg, o.entity) for o in out):
            out.append(m)
    return out


def _dedupe_dims(ds: list[DimensionSpec]) -> list[DimensionSpec]:
    out: list[DimensionSpec] = []
    for d in ds:
        if all((d.field, d.grain) != (o.field, o.grain) for o in out):
            out.append(d)
    return out


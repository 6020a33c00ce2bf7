"""Assemble recognized spans into a `StructuredQuery`: measures, dimensions, filters, order and limit.

Ambiguous words (a "country" several tables have, "revenue" two tables can compute) are resolved jointly by
`resolve`; this module decides what each chosen word does in the query, in small ordered steps.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from conversql.query.joins import path_cost, shortest_paths
from conversql.query.structured import (Conversion, DimensionSpec, FilterSpec, MeasureSpec, OrderSpec,
                                        StructuredQuery, TimeRange)
from conversql.semantic.model import CATEGORY, NAME, NUMERIC, TIME, SemanticModel
from conversql.semantic.naming import split_name
from conversql.semantic.thesaurus import SUPERLATIVE_FIELDS
from conversql.understand.lexicon import Lexicon, Term
from conversql.understand.rehome import rehome_measures
from conversql.understand.resolve import resolve
from conversql.understand.slots import Slot, make_slots
from conversql.understand.spans import Span
from conversql.understand.tokens import Token

# Superlative adjectives: with another thing to show they pick a row ("the dorm with the largest capacity");
# alone they are an aggregate ("the largest capacity").
ARGMAX_WORDS = {"largest", "highest", "biggest", "greatest", "longest", "latest", "newest", "most recent",
                "lowest", "smallest", "cheapest", "shortest", "earliest", "oldest", "first", "most expensive",
                "least expensive", "youngest", "most", "least", "fewest", "best", "worst", "top", "bottom"}
QUANTITY_WORDS = {"quantity", "qty", "units", "unit"}


@dataclass
class Draft:
    """What the question said, before defaults fill the gaps: follow-ups merge this into the previous query."""
    measures: list[MeasureSpec] = field(default_factory=list)
    dimensions: list[DimensionSpec] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    filters: list[FilterSpec] = field(default_factory=list)
    order: list[OrderSpec] = field(default_factory=list)
    limit: int | None = None
    mentions: list[str] = field(default_factory=list)         # entities named without a role
    argmax: list[tuple[str, bool, str]] = field(default_factory=list)   # (field, desc, word) from superlatives
    order_measure: MeasureSpec | None = None
    soft: set[str] = field(default_factory=set)            # measures only mentioned, no aggregate word
    grain: str | None = None
    time_range: TimeRange | None = None
    conversions: dict[str, Conversion] = field(default_factory=dict)
    superlative: bool | None = None                        # a bare "the most"/"the least": desc or not
    ordered: bool = False                                  # an explicit "sort by"
    distinct: bool = False
    alphabetical: bool | None = None                       # "in (reverse) alphabetical order": desc or not
    both: bool = False                                     # "in both A and B"
    order_desc: bool = False                               # the direction an order cue asked for
    periods: list | None = None                            # "2024 vs 2025": the periods compared
    filter_at: dict[int, int] = field(default_factory=dict)   # id(filter) -> token where it was said
    absent: list[str] = field(default_factory=list)        # entities the rows must have none of
    negated_terms: list[str] = field(default_factory=list)


@dataclass
class Assembly:
    query: StructuredQuery | None
    used: set[int] = field(default_factory=set)        # token indices that shaped the query
    reason: str = ""                                    # why no query could be built
    draft: Draft | None = None


def _spans(spans: list[Span], kind: str) -> list[Span]:
    return [s for s in spans if s.kind == kind]


def assemble(tokens: list[Token], spans: list[Span], model: SemanticModel, lexicon: Lexicon | None = None
             ) -> Assembly:
    used: set[int] = set()
    slots = make_slots(tokens, spans, model, used)
    reading = resolve(slots, model, needs_time=bool(_spans(spans, "time") or _spans(spans, "grain")))
    # with no schema word the draft still carries time, grain and ranking ("by quarter instead", "top 2")
    chosen, root = reading if reading else ([], next(iter(model.entities), ""))
    d = Draft()
    for sl, term in chosen:
        used.update(range(sl.span.start, sl.span.end))
        _place(sl, term, d, model)
    _number_equalities(tokens, chosen, d, model, used)
    _literals(spans, chosen, d, model, root, lexicon, used)
    d.filters = _merge_values(d.filters)
    _comparisons(spans, chosen, d, model, root, used)
    _alternatives(tokens, d)
    count_cue = next((a for a in _spans(spans, "aggregate") if a.payload == "count"), None)
    _counting(count_cue, d, model, used)
    _superlatives(spans, chosen, d, model, used)
    for r in _spans(spans, "rank"):
        d.limit = r.payload
        used.update(range(r.start, r.end))
        if not (r.meta.get("implicit") and d.order):
            d.order = [OrderSpec(key="__measure__", desc=not r.meta.get("ascending"))]
    time_range, grain = _time(spans, slots, used)
    d.grain, d.time_range = grain, time_range
    d.periods = next((t.meta.get("compare") for t in _spans(spans, "time") if t.meta.get("compare")), None)
    d.ordered = bool(_spans(spans, "order"))
    d.both = any(t.low == "both" for t in tokens)
    d.order_desc = any(o.payload == "desc" for o in _spans(spans, "order"))
    alpha = next((o for o in _spans(spans, "order") if o.meta.get("alphabetical") or "alphabetic" in o.meta.get(
        "word", "")), None)
    if alpha is not None:
        d.alphabetical = alpha.payload == "desc"
    _units(spans, chosen, d, model, root, used)
    raw = _copy_draft(d)
    if reading is None and not d.filters:
        return Assembly(None, used, "The question names nothing this database holds.", raw)
    if not (d.measures or d.dimensions or d.fields or d.mentions or d.filters or d.argmax):
        return Assembly(None, used, "I could not tell what to measure or list.", raw)
    numeric_cue = next((a for a in _spans(spans, "aggregate") if a.payload in ("sum", "avg")
                        and a.meta.get("word", "").strip() in ("average", "the average", "avg", "mean", "sum",
                                                               "the sum", "sum of")), None)
    if numeric_cue is not None and not d.measures and not d.argmax and not d.dimensions:
        # "average order value" with no number to average: say so rather than list every row
        return Assembly(None, used, f"I could not tell which number to take the {numeric_cue.meta['word'].strip()}"
                                    " of.", raw)
    subject = (_measure_entity(d.measures[0], model) if d.measures else d.mentions[0] if d.mentions else root)
    time_range = _year_columns(d, model, subject, time_range)
    grain = d.grain
    _columns_not_totals(spans, d, model, grain)
    entity = _defaults(d, model, root, count_cue, grain, bool(_spans(spans, "rank")))
    _units(spans, chosen, d, model, entity, used)
    if grain:
        tf = time_field_for(model, entity)
        if tf:
            d.dimensions.insert(0, DimensionSpec(field=tf, grain=grain))
            if time_range is not None:
                time_range = time_range.model_copy(update={"field": tf})
    _finish_order(d, model, entity)
    _per_entity(spans, d, model)
    if _spans(spans, "share") and not d.measures and entity in model.entities:
        # "what percentage of our tracks were never sold": the share of the rows that qualify
        d.measures, d.fields, d.order, d.limit = [MeasureSpec(agg="count", entity=entity)], [], [], None
    if _spans(spans, "share") and d.measures and d.measures[0].agg in ("sum", "count"):
        d.measures[0].share = True
        used.update(i for sp in _spans(spans, "share") for i in range(sp.start, sp.end))
    query = StructuredQuery(entity=entity, measures=_dedupe(d.measures, lambda m: (m.measure, m.agg, m.entity)),
                            dimensions=_dedupe(d.dimensions, lambda x: (x.field, x.grain)),
                            fields=_dedupe(d.fields, lambda x: x), filters=d.filters, time_range=time_range,
                            order=d.order, limit=d.limit, conversions=d.conversions,
                            distinct=d.distinct and not d.measures)
    return Assembly(rehome_measures(query, model), used, draft=raw)


def _alternatives(tokens: list[Token], d: Draft) -> None:
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


def _year_columns(d: Draft, model: SemanticModel, entity: str, tr: TimeRange | None) -> TimeRange | None:
    """'wines produced in 2008' where the table has a year column and no date: compare the year column."""
    if tr is None or not tr.start or not tr.end or time_field_for(model, entity):
        return tr
    year = next((f for f in model.fields_of(entity) if split_name(f.column)[-1:] == ["year"]), None)
    if year is None or tr.start.month != 1 or tr.start.day != 1 or tr.end.month != 1 or tr.end.day != 1:
        return tr
    first, last = tr.start.year, tr.end.year - 1
    value = lambda y: y if year.kind == "number" else str(y)  # noqa: E731
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


def _copy_draft(d: Draft) -> Draft:
    import copy
    return copy.deepcopy(d)


def _units(spans: list[Span], chosen, d: Draft, model: SemanticModel, entity: str, used: set[int]) -> None:
    """'in minutes', 'in MB': show the field of that unit family converted."""
    for u in _spans(spans, "unit"):
        family, factor, name = u.payload
        if factor == 1:
            used.update(range(u.start, u.end))
            continue
        marker = "milli" if family == "ms" else "byte"
        refs = [m.measure for m in d.measures if m.measure] + list(d.fields) + [o.key for o in d.order] + \
            [a[0] for a in d.argmax] + [t.ref for sl, t in chosen if t.kind in ("field", "measure")]
        if entity in model.entities:
            refs += [f.id for f in model.fields_of(entity) if f.role == NUMERIC]
        hit = next((r for r in refs if r and marker in r.split(".")[-1].lower()), None)
        if hit:
            d.conversions[hit] = Conversion(divide_by=factor, unit=name)
            used.update(range(u.start, u.end))


# --- placing the chosen words ---------------------------------------------------------------------------------
def _place(sl: Slot, term: Term, d: Draft, model: SemanticModel) -> None:
    if term.kind == "value":
        d.filters.append(FilterSpec(field=term.ref, op="!=" if sl.negated else "=", value=term.value))
        d.filter_at[id(d.filters[-1])] = sl.span.start
        return
    if sl.negated and (term.kind in ("entity", "measure") or model.fields[term.ref].role in (NUMERIC, NAME)):
        # "customers who never ordered", "tracks never sold": rows with no related rows
        d.absent.append(term.ref if term.kind == "entity" else model.measures[term.ref].entity
                        if term.kind == "measure" else model.fields[term.ref].entity)
        d.negated_terms.append(term.ref)
        return
    if sl.agg == "count_distinct" and not sl.extra.get("counted"):
        # "the different names of the genres": a distinct list, not a count
        d.distinct = True
        if term.kind == "entity":
            d.mentions.append(term.ref)
        else:
            d.fields.append(term.ref if term.ref in model.fields else
                            f"{model.measures[term.ref].entity}.{model.measures[term.ref].name}")
        return
    if term.kind == "entity" and sl.cue_word in SUPERLATIVE_FIELDS and sl.role in ("aggregate", "ranked"):
        hit = adjective_field(model, term.ref, sl.cue_word)
        if hit is not None:      # "the oldest employee", "the 5 longest tracks"
            d.argmax.append((hit[0], hit[1], sl.cue_word))
            d.mentions.append(term.ref)
            return
    if term.kind == "entity" and sl.role == "aggregate" and "number" in sl.cue_word:
        # "the average number of orders": orders are counted (then averaged per something)
        d.measures.append(MeasureSpec(agg="count", entity=term.ref))
        return
    if term.kind == "entity" and sl.role == "aggregate" and sl.agg in ("sum", "avg"):
        money = [m for m in model.measures_of(term.ref) if m.unit == "currency" and m.agg == "sum"]
        if len(money) == 1:     # "the total of all invoices": their money total
            d.measures.append(MeasureSpec(measure=money[0].id, agg=sl.agg))
            return
    if term.kind == "entity":
        if sl.role == "aggregate" and sl.agg in ("count", "count_distinct"):
            d.measures.append(MeasureSpec(agg=sl.agg, entity=term.ref))
        elif sl.role in ("group", "ranked"):
            d.dimensions.append(DimensionSpec(field=term.ref))
        elif sl.role == "order":
            d.order.append(OrderSpec(key=term.ref, desc=sl.desc))
        else:
            d.mentions.append(term.ref)
        return
    numeric = term.kind == "measure" or model.fields[term.ref].role == NUMERIC
    if numeric:
        _place_numeric(sl, term, d, model)
        return
    f = model.fields[term.ref]
    if sl.role == "group" or (sl.role == "ranked" and f.role in (CATEGORY, NAME)):
        d.dimensions.append(DimensionSpec(field=f.id, grain="day" if f.role == TIME else None))
    elif sl.role == "order":
        d.order.append(OrderSpec(key=f.id, desc=sl.desc))
    elif sl.role == "aggregate" and sl.agg in ("count", "count_distinct"):
        d.measures.append(MeasureSpec(measure=f.id, agg="count_distinct"))
    elif sl.role == "aggregate" and f.role == TIME and sl.agg in ("min", "max"):
        if sl.cue_word in ARGMAX_WORDS:
            d.argmax.append((f.id, sl.agg == "max", sl.cue_word))
        else:
            d.measures.append(MeasureSpec(measure=f.id, agg=sl.agg))
    else:
        d.fields.append(f.id)


_COMPARATIVES = {"longer": "longest", "shorter": "shortest", "larger": "largest", "bigger": "biggest",
                 "taller": "tallest",
                 "smaller": "smallest", "older": "oldest", "younger": "youngest", "taller": "tallest",
                 "heavier": "heaviest"}


def adjective_field(model: SemanticModel, entity: str, word: str) -> tuple[str, bool] | None:
    """The column a superlative adjective is about: 'oldest' -> birth date ascending, 'longest' -> length."""
    for names, desc in SUPERLATIVE_FIELDS.get(word, []):
        if names == {"*time*"}:          # "the most recent": the entity's own date
            tf = model.default_time_field(entity) or next((f for f in model.fields_of(entity) if f.role == TIME), None)
            if tf is not None:
                return tf.id, desc
            continue
        for f in model.fields_of(entity):
            if f.role in (NUMERIC, TIME) and set(split_name(f.column)) & names:
                return f.id, desc
    return None


def _place_numeric(sl: Slot, term: Term, d: Draft, model: SemanticModel) -> None:
    m = model.measures.get(term.ref)
    if sl.role == "order":
        d.order.append(OrderSpec(key=term.ref if term.kind == "field" or m is None else
                                 f"{m.entity}.{m.name}" if f"{m.entity}.{m.name}" in model.fields else term.ref,
                                 desc=sl.desc))
        return
    if sl.role == "mention" and term.kind == "field" and not m:
        d.fields.append(term.ref)
        return
    if sl.role == "aggregate" and sl.agg in ("max", "min") and (sl.cue_word in ARGMAX_WORDS or sl.extra.get("argmax")):
        d.argmax.append((term.ref, sl.agg == "max", sl.cue_word))
        return
    if sl.role == "group" and (sl.cue_word not in ("by",) or term.kind == "field" and m is None):
        # "for each major": a number can be a group too
        d.dimensions.append(DimensionSpec(field=term.ref if term.kind == "field" else
                                          f"{m.entity}.{m.name}" if m and f"{m.entity}.{m.name}" in model.fields
                                          else term.ref))
        return
    aggs = [a for a in sl.extra.get("aggs", []) if a in ("sum", "avg", "min", "max")]
    for extra in aggs[:-1]:
        d.measures.append(MeasureSpec(measure=term.ref, agg=extra))
    agg = sl.agg if sl.agg in ("sum", "avg", "min", "max", "count_distinct") else None
    spec = MeasureSpec(measure=term.ref, agg=agg or (m.agg if m else "sum"))
    if sl.role == "group":   # "top 5 customers by revenue": revenue orders, it does not group
        d.order_measure = spec
    if sl.role == "mention" and not sl.agg:
        d.soft.add(term.ref)       # named, not asked to aggregate: a comparison may claim it as a column
    d.measures.append(spec)


def _number_equalities(tokens: list[Token], chosen, d: Draft, model: SemanticModel, used: set[int]) -> None:
    """'classroom 109', 'supplier id 2', 'course 301': a field or entity word right before a bare number."""
    for sl, term in chosen:
        nxt = sl.span.end
        if nxt >= len(tokens) or tokens[nxt].number is None or nxt in used:
            continue
        value = tokens[nxt].number
        value = int(value) if value == int(value) else value
        if term.kind == "entity":
            pk = model.entities[term.ref].primary_key
            if len(pk) == 1 and model.fields[f"{term.ref}.{pk[0]}"].kind == "number":
                d.filters.append(FilterSpec(field=f"{term.ref}.{pk[0]}", op="=", value=value))
                d.mentions = [m for m in d.mentions if m != term.ref] + [term.ref]
                used.add(nxt)
        elif term.kind == "field" and model.fields[term.ref].kind == "number":
            d.filters.append(FilterSpec(field=term.ref, op="=", value=value))
            d.fields = [f for f in d.fields if f != term.ref]
            d.measures = [m for m in d.measures if m.measure != term.ref]
            used.add(nxt)


def _literals(spans: list[Span], chosen, d: Draft, model: SemanticModel, root: str, lexicon: Lexicon | None,
              used: set[int]) -> None:
    """A quoted string compares with the column that holds it, else the text column named just before it."""
    for lit in _spans(spans, "literal"):
        text, mode = lit.payload, lit.meta.get("mode", "equals")
        target, value = _literal_target(text, lit, chosen, model, root, lexicon)
        if target is None:
            continue
        used.update(range(lit.start, lit.end))
        negated = any(s.kind == "negate" and 0 <= lit.start - s.end <= 5 for s in spans)   # 'not "Catholic"'
        if mode == "equals":
            d.filters.append(FilterSpec(field=target, op="!=" if negated else "=", value=value))
        else:
            pattern = {"prefix": f"{value}%", "suffix": f"%{value}", "contains": f"%{value}%"}[mode]
            d.filters.append(FilterSpec(field=target, op="not_like" if negated else "like", value=pattern))
        d.fields = [f for f in d.fields if f != target]


def _literal_target(text: str, lit: Span, chosen, model: SemanticModel, root: str, lexicon: Lexicon | None
                    ) -> tuple[str | None, str]:
    if lexicon is not None and lit.meta.get("mode") == "equals":
        hits = [t for t in lexicon.exact.get(tuple(w.lower() for w in text.split()), []) if t.kind == "value"]
        hits = [t for t in hits if t.ref in model.fields or t.ref in model.entities]
        if hits:
            best = max(hits, key=lambda t: t.weight)
            return best.ref, best.value or text
    before = [(sl, t) for sl, t in chosen if sl.span.end <= lit.start and t.kind == "field"
              and model.fields[t.ref].kind == "text"]
    if before:
        return before[-1][1].ref, text
    ents = [t.ref for sl, t in chosen if t.kind == "entity"] or [root]
    ent = model.entities.get(ents[-1])
    if ent and ent.name_fields:
        return (f"{ents[-1]}.{ent.name_fields[0]}" if len(ent.name_fields) == 1 else ents[-1]), text
    return None, text


def _comparisons(spans: list[Span], chosen, d: Draft, model: SemanticModel, root: str, used: set[int]) -> None:
    for c in _spans(spans, "compare"):
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


def _compare_target(c: Span, chosen, model: SemanticModel, root: str, d: Draft) -> str | None:
    """The numeric field or measure a comparison applies to: the nearest one named before it; "more than 2
    members" after a grouping counts; else the entity's field in the comparison's unit, else its money field."""
    before = [(sl, t) for sl, t in chosen if sl.span.end <= c.start and t.kind in ("measure", "field", "entity")]
    for sl, t in reversed(before):
        if t.kind == "entity":
            after_entity = [x for x in chosen if x[0].span.start >= c.end]
            if sl.span.start > c.start or after_entity:
                continue
            break
        if t.kind == "measure" or model.fields[t.ref].role == NUMERIC:
            return t.ref
    after = [(sl, t) for sl, t in chosen if sl.span.start >= c.end and sl.span.start - c.end <= 1]
    if after and after[0][1].kind == "entity" and (d.dimensions or d.mentions or d.fields):
        return "__count__:" + after[0][1].ref        # "ships that have more than one captain"
    if after and after[0][1].kind in ("measure", "field") and (after[0][1].kind == "measure"
                                                               or model.fields[after[0][1].ref].role == NUMERIC):
        return after[0][1].ref
    entity = d.mentions[0] if d.mentions else root
    numeric = [f for f in model.fields_of(entity) if f.role == NUMERIC]
    adjective = _COMPARATIVES.get(c.meta.get("word", "").split(" ")[0])
    hit = adjective_field(model, entity, adjective) if adjective else None
    if hit is not None:          # "longer than 10 minutes" is about the length, "bigger" about the size
        return hit[0]
    unit = c.meta.get("unit")
    if unit:
        hit = next((f for f in numeric if unit in f.column.lower() or (unit == "ms" and "milli" in f.column.lower())),
                   None)
        if hit:
            return hit.id
    money = next((f for f in numeric if f.unit == "currency"), None)
    return money.id if money else (numeric[0].id if len(numeric) == 1 else None)


# --- counting, superlatives, ranking --------------------------------------------------------------------------
def _counting(count_cue: Span | None, d: Draft, model: SemanticModel, used: set[int]) -> None:
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


def _superlatives(spans: list[Span], chosen, d: Draft, model: SemanticModel, used: set[int]) -> None:
    """'which genre has the most tracks' counts tracks per genre; 'the most revenue' orders by revenue."""
    for sup in _spans(spans, "superlative"):
        after = next(((sl, t) for sl, t in chosen if 0 <= sl.span.start - sup.end <= 1), None)
        if after is None:
            d.superlative = not sup.meta.get("ascending")
            continue
        sl, t = after
        desc = not sup.meta.get("ascending")
        if sup.payload.split()[-1] in ("common", "popular", "frequent") and t.kind == "field" and \
                model.fields[t.ref].role in (CATEGORY, NAME):
            # "the most common software platform": the value that occurs most often
            field = t.ref
            d.fields = [f for f in d.fields if f != field]
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


# --- time -----------------------------------------------------------------------------------------------------
def _time(spans: list[Span], slots: list[Slot], used: set[int]) -> tuple[TimeRange | None, str | None]:
    time_spans, grains = _spans(spans, "time"), _spans(spans, "grain")
    time_range = time_spans[0].payload if time_spans else None
    for t in time_spans:
        used.update(range(t.start, t.end))
    if len(time_spans) > 1 and all(t.payload.start and t.payload.end for t in time_spans):
        # "this quarter compared with last quarter": both periods, one row each
        ranges = [t.payload for t in time_spans]
        time_range = TimeRange(start=min(r.start for r in ranges), end=max(r.end for r in ranges),
                               label=" vs ".join(r.label for r in ranges))
        units = {t.meta.get("calendar") for t in time_spans}
        if len(units) == 1 and None not in units and not grains:
            return time_range, units.pop()
        if all(r.label.isdigit() for r in ranges) and not grains:
            return time_range, "year"
    grain = None
    for g in grains:
        used.update(range(g.start, g.end))
        grain = g.payload or "month"
    if grain is None and time_spans and time_spans[0].meta.get("rolling") and time_spans[0].meta.get("n", 1) > 1 \
            and not _spans(spans, "aggregate") and not any(sl.role == "group" for sl in slots):
        # "sales from the last 3 months" with no "total": the trend over the window, at a readable grain
        grain = _auto_grain(time_range)
    compare = time_spans[0].meta.get("compare") if time_spans else None
    if compare and grain is None and all(p[2].isdigit() for p in compare):
        grain = "year"
    return time_range, grain


def _auto_grain(tr: TimeRange | None) -> str:
    days = (tr.end - tr.start).days if tr and tr.start and tr.end else 366
    return "day" if days <= 93 else "week" if days <= 186 else "month" if days <= 3 * 366 else "year"


def time_field_for(model: SemanticModel, entity: str) -> str | None:
    tf = model.default_time_field(entity)
    return tf.id if tf else None


# --- defaults -------------------------------------------------------------------------------------------------
def _defaults(d: Draft, model: SemanticModel, root: str, count_cue: Span | None, grain: str | None,
              ranked: bool) -> str:
    """Fill what the question left implicit and return the query's entity."""
    _both_and_but_not(d, model, (d.measures[0].entity if d.measures and d.measures[0].entity else None) or
                      (d.mentions[0] if d.mentions else root))
    if d.absent:
        subject = (d.measures[0].entity if d.measures and d.measures[0].entity else None) or \
            (d.mentions[0] if d.mentions else root)
        for ent, ref in zip(d.absent, d.negated_terms):
            if ent != subject:
                d.filters.append(FilterSpec(field=ent, op="not_exists"))
            elif ref in model.fields:
                d.fields.append(ref)
        if subject not in d.mentions and not d.measures:
            d.mentions.insert(0, subject)
    if d.argmax and (d.dimensions or grain) and all(f in model.measures for f, _, _ in d.argmax):
        # "which month had the highest revenue": rank the groups by the measure's total
        f, desc, _ = d.argmax[0]
        d.measures.append(MeasureSpec(measure=f, agg=model.measures[f].agg))
        d.order, d.limit, d.argmax = [OrderSpec(key=f, desc=desc)], d.limit or 1, []
    if d.argmax and (d.mentions or d.fields or d.dimensions or not d.measures):
        return _argmax(d, model, root)
    for f, desc, word in d.argmax:
        d.measures.append(MeasureSpec(measure=f, agg="max" if desc else "min"))
    if not d.measures and (d.dimensions or grain) and d.mentions:
        d.measures.append(MeasureSpec(agg="count", entity=d.mentions.pop(0)))   # "customers by country"
    elif not d.measures and (d.dimensions or grain) and (count_cue or grain or any(f.on_measure for f in d.filters)):
        d.measures.append(MeasureSpec(agg="count", entity=root))
    if d.superlative is not None and d.measures and not d.order:
        # "which customer has spent the most": rank by the measure already named
        d.order = [OrderSpec(key="__measure__", desc=d.superlative)]
        d.limit = d.limit or 1
    ranked_things = d.mentions or [x.field for x in d.dimensions if x.field in model.entities]
    if not d.measures and ranked and ranked_things and d.order:
        m = default_measure(model, ranked_things[0])       # "top 3 customers": by what they bring in
        if m:
            d.measures.append(MeasureSpec(measure=m, agg=model.measures[m].agg))
    if d.measures and (d.order or d.limit):
        # "which 3 cities generated the most revenue": the named things become the groups
        for f in list(d.fields):
            if model.fields[f].role in (CATEGORY, NAME):
                d.dimensions.append(DimensionSpec(field=f))
                d.fields.remove(f)
        if not d.dimensions and d.mentions and d.mentions[0] != _measure_entity(d.measures[0], model):
            d.dimensions.append(DimensionSpec(field=d.mentions.pop(0)))
    if d.measures and not d.dimensions and any(f.on_measure for f in d.filters):
        # "nations that have more than two ships": the things named are the groups the count is about
        for f in list(d.fields):
            if model.fields[f].role in (CATEGORY, NAME):
                d.dimensions.append(DimensionSpec(field=f))
                d.fields.remove(f)
        if not d.dimensions and d.mentions:
            d.dimensions.append(DimensionSpec(field=d.mentions.pop(0)))
    if d.measures and not d.dimensions and not grain:
        listed = next((f for f in d.filters if f.op == "in" and not f.on_measure), None)
        if listed is not None:   # "Rock and Metal revenue", "USA versus Canada": one row per listed value
            d.dimensions.append(DimensionSpec(field=listed.field))
    if d.measures:
        d.fields = []
        return _fact_for_distinct(d, model, grain) or _measure_entity(d.measures[0], model)
    entity = d.mentions[0] if d.mentions else (model.fields[d.fields[0]].entity if d.fields else root)
    base = model.entities[entity].role_of
    if base and any(f.field == entity or f.field.startswith(entity + ".") for f in d.filters):
        # "who reports to Nancy": the manager is the filter; the rows are the employees
        d.mentions = [base] + [m for m in d.mentions if m != base]
        entity = base
    d.fields = _detail_fields(d, model, entity)
    # "customers and their support rep": other things named in a list are shown beside each row; things
    # that only lead to a filter ("customers who bought Rock tracks") are not
    on_the_way = _filter_paths(d, model, entity)
    d.fields += [e for e in d.mentions[1:] if e != entity and model.entities[e].name_fields and e not in d.fields
                 and e not in on_the_way]
    d.dimensions = []
    return entity


_PER = {"per", "each", "a", "single", "every", "one", "an"}


def _per_entity(spans: list[Span], d: Draft, model: SemanticModel) -> None:
    """'on average, how many tracks are on a single invoice', 'average orders per customer': the count (or
    total) per row of the second entity, averaged."""
    avg = any(a.payload == "avg" for a in _spans(spans, "aggregate"))
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


def _columns_not_totals(spans: list[Span], d: Draft, model: SemanticModel, grain: str | None) -> None:
    """'the weight of the body builders who...', 'names and headquarters of all companies': numbers named
    without any aggregate, grouping or ranking word are columns to show, not totals; money ("what was revenue
    from Germany") stays a total."""
    if _spans(spans, "aggregate") or _spans(spans, "rank") or _spans(spans, "superlative") or _spans(spans, "share"):
        return
    if d.dimensions or grain or d.argmax or not d.measures:
        return
    soft = [m for m in d.measures if m.measure in d.soft and m.measure in model.fields]
    if len(soft) != len(d.measures):
        return
    if any(model.fields[m.measure].unit == "currency" or model.measures.get(m.measure) and
           "revenue" in model.measures[m.measure].synonyms for m in soft):
        return   # "the revenue from Steve's customers" is a total however it is asked
    d.fields = d.fields + [m.measure for m in soft if m.measure not in d.fields]
    d.measures = []


def _filter_paths(d: Draft, model: SemanticModel, entity: str) -> set[str]:
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


def _both_and_but_not(d: Draft, model: SemanticModel, subject: str) -> None:
    """'students in both Canoeing and Kayaking': one related row for each value (two EXISTS); 'rock but not
    metal': one with the first and none with the second. A single row cannot hold two values at once."""
    for f in list(d.filters):
        field = model.fields.get(f.field)
        if field is None or field.entity == subject or f.on_measure:
            continue
        if f.op == "in" and d.both:
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


def _fact_for_distinct(d: Draft, model: SemanticModel, grain: str | None) -> str | None:
    """'how many different customers bought something in 2024': customers have no date of their own, so the
    distinct count runs over the rows that do (their invoices), one hop away."""
    m = d.measures[0]
    if m.agg != "count_distinct" or m.measure or not m.entity or model.default_time_field(m.entity):
        return None
    if d.time_range is None and grain is None and not d.mentions:
        return None
    facts = [j.source for j in model.joins if j.target == m.entity and model.default_time_field(j.source)]
    preferred = [f for f in facts if f in d.mentions] or facts
    return preferred[0] if preferred else None


def _argmax(d: Draft, model: SemanticModel, root: str) -> str:
    """'the name of the dorm with the largest capacity': the row with the extreme value, not the value alone."""
    f, desc, _ = d.argmax[0]
    fid = f if f in model.fields else f"{model.measures[f].entity}.{model.measures[f].name}"
    entity = d.mentions[0] if d.mentions else model.fields[fid].entity if fid in model.fields else root
    if fid in model.fields and model.fields[fid].entity != entity and f in model.measures:
        # the extreme of a fact about another entity: group by the entity, rank by the total
        d.dimensions = d.dimensions or [DimensionSpec(field=entity)]
        d.measures = [MeasureSpec(measure=f, agg=model.measures[f].agg)]
        d.order = [OrderSpec(key=f, desc=desc)]
        d.limit = d.limit or 1
        d.fields = []
        return model.measures[f].entity
    d.fields = _detail_fields(d, model, entity) + ([fid] if fid in model.fields else [])
    d.measures, d.dimensions = [], []
    d.order = [OrderSpec(key=fid, desc=desc)]
    d.limit = d.limit or 1
    return entity


def _detail_fields(d: Draft, model: SemanticModel, entity: str) -> list[str]:
    return detail_fields(model, entity, d.fields, d.filters, [m for m in d.mentions if m != entity])


def detail_fields(model: SemanticModel, entity: str, asked: list[str], filters: list[FilterSpec],
                  others: list[str] = ()) -> list[str]:
    """A list of rows shows what the question named, after the rows' names; rows without a name show their
    key, date, amount and the columns the question filtered on."""
    ent = model.entities[entity]
    named = [f for f in asked if f != entity]
    own_names = {f"{entity}.{c}" for c in ent.name_fields}
    if named and all(f in model.fields for f in named) and own_names & set(named):
        return named
    head = [entity] if ent.name_fields else []
    if head and not named and not others and len(ent.name_fields) > 1:
        # people are told apart by where they are: a city beside a name, unless the question filtered on it
        city = next((f.id for f in model.fields_of(entity) if f.label.split()[-1:] == ["city"]
                     and not any(x.field == f.id for x in filters)), None)
        named = [city] if city else []
    if head or named:
        return head + named
    keys = [f"{entity}.{c}" for c in ent.primary_key]
    tf = model.time_field(entity)
    money = [f.id for f in model.fields_of(entity) if f.unit == "currency"]
    filtered = [f.field for f in filters if f.field in model.fields and model.fields[f.field].entity == entity
                and model.fields[f.field].role == NUMERIC]
    extra = [f.id for f in model.fields_of(entity) if f.role in (CATEGORY, TIME, NUMERIC)]
    picked = _dedupe(keys + ([tf.id] if tf else []) + money + filtered + extra, lambda x: x)
    return picked[:max(5, len(keys) + 3)]


def default_measure(model: SemanticModel, entity: str) -> str | None:
    """The money measure nearest an entity: how much a customer spent, what a product sold for."""
    money = [m for m in model.measures.values() if m.unit == "currency" and m.agg == "sum"]
    scored = sorted((path_cost(model, m.entity, {entity}), not m.derived, m.id) for m in money)
    scored = [s for s in scored if s[0] != float("inf") and s[0] > 0]
    return scored[0][2] if scored else None


def _measure_entity(m: MeasureSpec, model: SemanticModel) -> str:
    if m.entity:
        return m.entity
    return model.measures[m.measure].entity if m.measure in model.measures else model.fields[m.measure].entity


def _finish_order(d: Draft, model: SemanticModel, entity: str) -> None:
    if d.ordered and not d.order and d.alphabetical is None and d.fields:
        # "list the total points of gymnasts in descending order": by what was asked for
        key = next((f for f in d.fields if f in model.fields and model.fields[f].role == NUMERIC), d.fields[0])
        d.order = [OrderSpec(key=key, desc=d.order_desc)]
    if d.alphabetical is not None and not d.order:
        # "in alphabetical order": by the first text column shown
        text = next((f for f in d.fields if f in model.entities or f in model.fields
                     and model.fields[f].kind == "text"), None)
        if text is None and d.dimensions:
            text = d.dimensions[0].field
        if text:
            d.order = [OrderSpec(key=text, desc=d.alphabetical)]
    if d.order and d.order[0].key == "__measure__":
        if d.measures:
            target = d.order_measure or d.measures[0]
            d.order = [OrderSpec(key=target.measure or target.entity or "", desc=d.order[0].desc)]
        else:
            numeric = next((f for f in d.fields if f in model.fields and model.fields[f].role == NUMERIC), None)
            d.order = [OrderSpec(key=numeric, desc=d.order[0].desc)] if numeric else []
    for f in d.filters:
        if f.on_measure and f.field in model.entities and not any(m.entity == f.field for m in d.measures):
            d.measures.append(MeasureSpec(agg="count", entity=f.field))


def _merge_values(filters: list[FilterSpec]) -> list[FilterSpec]:
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


def _dedupe(items: list, key) -> list:
    out, seen = [], set()
    for x in items:
        k = key(x)
        if k not in seen:
            seen.add(k)
            out.append(x)
    return out


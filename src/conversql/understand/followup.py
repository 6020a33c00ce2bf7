"""Follow-ups: edit the previous structured query with what a new message adds ("and in France?", "by month
instead", "only Rock and Metal", "what about the quarter before?", "show them", "which country contributed the
most?"). The new message's draft (what it said, before defaults) is merged into the previous query.
"""
from __future__ import annotations

import re

from conversql.query.joins import has_many, path_cost
from conversql.query.periods import within
from conversql.query.structured import (
    DimensionSpec,
    FilterSpec,
    MeasureSpec,
    OrderSpec,
    StructuredQuery,
    TimeRange,
)
from conversql.semantic.model import SemanticModel
from conversql.understand.assemble import Draft, detail_fields, time_field_for
from conversql.understand.calendar import shift
from conversql.understand.parser import Parse
from conversql.understand.rehome import equivalent, rehome_measures

# Openings that only continue a conversation ("and in France?", "only Rock", "what about 2024?") ...
_MARKERS = re.compile(r"^\s*(and|what about|how about|now|only|just|but|also|same|then|instead|break|split|"
                      r"exclude|excluding|without|except|remove|filter|limit|show (?:them|those|it|that)|"
                      r"list (?:them|those)|which of|who of)\b", re.I)
# ... and openings that continue it unless the message is a whole question ("top 5" vs "top 5 products by
# revenue this year", "by month" vs "by month, revenue of each category")
_WEAK_MARKERS = re.compile(r"^\s*(sort|order|for|in|by|per|top|bottom|as|compare)\b", re.I)
_PRONOUN = re.compile(r"\b(them|those|these|they|it|that|this|their|its|she|he|her|him|his|ones)\b", re.I)
# possessives that may point at a noun of the same message: "list employees with their hire date"
_POSSESSIVE = {"their", "its", "his", "her"}
_INSTEAD = re.compile(r"\binstead\b|\brather\b", re.I)
_TOTAL = re.compile(r"\b(in total|overall|altogether|all together|combined|the whole|the entire)\b", re.I)
_THE_WHOLE = re.compile(r"\bthe (?:whole|entire)\b", re.I)     # "how long is the whole playlist?": the one shown
_ALSO = re.compile(r"\b(also|too|as well|additionally)\b", re.I)
_LIST_THEM = re.compile(r"^\s*(?:show|list|display|give me|who are|which are|what are) (?:me )?(?:them|those|these|"
                        r"all of them)\b", re.I)
_COUNT_THEM = re.compile(r"how many of (?:them|those|these)", re.I)
SHORT = 8


def is_followup(question: str, parse: Parse, prev: StructuredQuery | None = None) -> bool:
    """A message continues the conversation when it starts like a follow-up, points back with a pronoun,
    needs a measure it does not name, or is short and sets no scope (time, filter) of its own."""
    q, d = parse.query, parse.draft
    if _MARKERS.match(question) or _points_back(parse) or _THE_WHOLE.search(question):
        return True
    if q is None or d is None:
        return True
    if _WEAK_MARKERS.match(question) and not _whole_question(d):
        return True
    if d.superlative is not None and not d.measures:
        return True
    own_scope = d.time_range is not None or bool(d.filters)
    if not q.measures and not q.fields:
        return True
    # short and with no scope of its own, about the same subject: "what was the total amount?"
    same_subject = prev is None or q.entity == prev.entity or q.entity == _subject(prev)
    return len(question.split()) <= SHORT and not own_scope and same_subject and not _whole_question(d)


def _points_back(parse: Parse) -> bool:
    """A pronoun with nothing before it in the message to point at: 'how many did they buy?', not 'employees
    with their hire date'."""
    named = [s.start for s in parse.spans if s.kind == "term"]
    for t in parse.tokens:
        if any(s.covers(t.i) and s.kind != "term" for s in parse.spans):
            continue                                   # "this year", "that is most common": not a pronoun
        if _PRONOUN.fullmatch(t.low) and not (t.low in _POSSESSIVE and any(i < t.i for i in named)):
            return True
    return False


def _whole_question(d: Draft) -> bool:
    """The message names both what to measure and what to measure it for: it stands on its own."""
    return bool(d.measures or d.argmax) and bool(d.dimensions or d.mentions or d.grain)


def merge(prev: StructuredQuery, question: str, parse: Parse, model: SemanticModel) -> StructuredQuery:
    """The previous query edited by the new message.

    >>> merge(prev, "and in France?", parse("and in France?"), model).filters[0].value
    'France'
    """
    out = prev.model_copy(deep=True)
    if _LIST_THEM.match(question):
        out = _as_list(out, model)
        if parse.draft is not None:      # "list them with the artist"
            _shown_beside(out, parse.draft, model)
        return out
    if _COUNT_THEM.search(question):
        ent = _subject(out)
        out = StructuredQuery(entity=ent, measures=[MeasureSpec(agg="count", entity=ent)], filters=out.filters,
                              time_range=out.time_range)
        _time(out, parse)                # "how many of them registered in the last week?"
        if parse.draft is not None:
            _filters(out, parse.draft, model)
        return out
    _time(out, parse, question)
    d = parse.draft
    if d is None:
        return out
    _filters(out, d, model)
    people = _who_of(out, d, model)
    if people is not None:
        return people
    if not out.measures and not d.measures and not d.dimensions and not d.grain:
        _shown_beside(out, d, model)      # "who is their support rep?" after a list of customers
        return out
    _groups(out, d, model, question)
    _measures(out, d, model)
    _ordering(out, d)
    out.conversions.update(d.conversions)
    if parse.query is not None:      # units the question asked for once its measure was known ("in minutes")
        out.conversions.update({k: v for k, v in parse.query.conversions.items()
                                if any(m.measure == k for m in out.measures) or k in out.fields})
    return rehome_measures(out, model)


def _who_of(out: StructuredQuery, d: Draft, model: SemanticModel) -> StructuredQuery | None:
    """'has anyone bought those songs? who?' after a list (or a total) of songs: the people who have some of those
    rows (the nearest table of people with many of them), each once, under the same conditions."""
    if not d.asks_who or out.dimensions or d.measures or not out.entity or \
            any(m != out.entity for m in d.mentions) or d.fields:
        return None
    people = [e for e, ent in model.entities.items() if len(ent.name_fields) > 1 and not ent.role_of
              and e != out.entity and has_many(model, e, out.entity)]
    if not people:
        return None
    nearest = min(people, key=lambda e: (path_cost(model, e, {out.entity}), e))
    return StructuredQuery(entity=nearest, fields=[nearest], filters=out.filters,
                           time_range=out.time_range, distinct=True)


def _shown_beside(out: StructuredQuery, d: Draft, model: SemanticModel) -> None:
    """Things named in a follow-up to a list are shown as more columns of the same rows."""
    for e in d.mentions:
        if e != out.entity and e in model.entities and model.entities[e].name_fields and e not in out.fields:
            out.fields.append(e)
    for f in d.fields:
        if f not in out.fields and f in model.fields:
            out.fields.append(f)


def _side_by_side(out: StructuredQuery, new: TimeRange) -> bool:
    """'compare that with 2024' after revenue by quarter in 2025: both years side by side, quarter by quarter."""
    old = out.time_range
    if old is None or not (old.start and old.end and new.start and new.end):
        return False
    grains = [d.grain for d in out.dimensions if d.grain]
    periods = (out.periods or [old]) + [new.model_copy(update={"field": old.field})]
    if not grains or not within(grains[0], periods):
        return False
    out.periods = sorted(periods, key=lambda r: r.start)
    out.time_range = old.model_copy(update={"start": min(r.start for r in periods),
                                            "end": max(r.end for r in periods),
                                            "label": " vs ".join(r.label for r in out.periods)})
    out.order, out.limit = [], None
    return True


def _subject(q: StructuredQuery) -> str | None:
    return q.measures[0].entity if q.measures and q.measures[0].entity else q.entity


_COMPARE_WORDS = re.compile(r"\b(compare[ds]?|comparing|vs\.?|versus|against)\b", re.I)


def _time(out: StructuredQuery, p: Parse, question: str = "") -> None:
    time = next((s for s in p.spans if s.kind == "time"), None)
    if time is not None and _COMPARE_WORDS.search(question) and _side_by_side(out, time.payload):
        return
    if time is not None:
        field = out.time_range.field if out.time_range else None
        out.time_range = time.payload.model_copy(update={"field": time.payload.field or field})
    shift_span = next((s for s in p.spans if s.kind == "time_shift"), None)
    if shift_span is not None and out.time_range and out.time_range.start:
        unit, tr = shift_span.payload, out.time_range
        out.time_range = tr.model_copy(update={"start": shift(tr.start, unit, -1), "end": tr.start,
                                               "label": f"the {unit} before"})


_COMPARISONS = {">", ">=", "<", "<=", "between"}


def _about_groups(out: StructuredQuery, f: FilterSpec, d: Draft, model: SemanticModel) -> bool:
    """'only the ones who spent more than $38' after spending per customer: a comparison on the measured column
    that names no row of its own ('only invoices over $10' does) is about the groups' totals."""
    if f.on_measure or f.op not in _COMPARISONS or not out.measures or not out.dimensions:
        return False
    current = out.measures[0]
    if current.agg not in ("sum", "avg", "count") or not current.measure:
        return False
    if not (f.field == current.measure or equivalent(model, f.field, current.measure)):
        return False
    rows = model.measures[current.measure].entity if current.measure in model.measures else \
        model.fields[current.measure].entity if current.measure in model.fields else None
    return rows not in d.mentions


def _filters(out: StructuredQuery, d: Draft, model: SemanticModel) -> None:
    for f in d.filters:
        if _about_groups(out, f, d, model):
            f = f.model_copy(update={"on_measure": True})
        if f.on_measure:
            f = _measure_filter(out, f, model)
            if f is None:
                continue
        else:
            f = _onto_previous_field(out, f, model)
        out.filters = [o for o in out.filters if o.field != f.field] + [f]


def _onto_previous_field(out: StructuredQuery, f: FilterSpec, model: SemanticModel) -> FilterSpec:
    """'and in France?' after 'in Germany': the new value goes on the field the old one was on, when that
    field holds it too (France is a ship country as well as a customer country)."""
    values = f.value if isinstance(f.value, list) else [f.value]
    for o in out.filters:
        field = model.fields.get(o.field)
        if o.field != f.field and field is not None and field.values and all(v in field.values for v in values):
            return f.model_copy(update={"field": o.field})
    return f


def _measure_filter(out: StructuredQuery, f: FilterSpec, model: SemanticModel) -> FilterSpec | None:
    """'only the ones who spent more than $38' compares the answer's own measure."""
    if not out.measures:
        return None
    current = out.measures[0]
    if f.field == (current.measure or current.entity) or equivalent(model, f.field, current.measure):
        return f.model_copy(update={"field": current.measure or current.entity})
    return f


def _groups(out: StructuredQuery, d: Draft, model: SemanticModel, question: str) -> None:
    if d.grain:
        time_dims = [x for x in out.dimensions if x.grain]
        field = time_dims[0].field if time_dims else (out.time_range.field if out.time_range and
                                                       out.time_range.field else time_field_for(model, out.entity))
        if field:
            # "by month instead" replaces every group; "by month" also replaces the old time grain only
            rest = [] if _INSTEAD.search(question) else [x for x in out.dimensions if not x.grain]
            out.dimensions = [DimensionSpec(field=field, grain=d.grain)] + rest
            out.limit, out.order = None, []
    new_dims = [x for x in d.dimensions if not x.grain]
    # "which genres are they in?": an entity or column named in a follow-up over a measure becomes a group
    if out.measures and not new_dims:
        qualified = {f.field.split(".")[0] for f in d.filters} | {f.field for f in d.filters}
        new_dims = [DimensionSpec(field=e) for e in d.mentions if e != _subject(out) and e not in qualified] + \
            [DimensionSpec(field=f) for f in d.fields if f in model.fields and model.fields[f].role in
             ("category", "name")]
    if not out.measures and d.measures:
        # "how much has each of them spent?": the listed rows become the groups; "how long is the whole
        # playlist?" totals them
        new_dims = [DimensionSpec(field=out.entity)] if out.entity and not _TOTAL.search(question) else new_dims
        out.fields = []
    if _TOTAL.search(question) and not new_dims and not d.grain:
        out.dimensions, out.order, out.limit = [], [], None     # "in total": one number for the whole set
    if new_dims:
        # "who are the artists on those?" adds a group beside the ones shown; "and by media type?" replaces them
        keep = out.dimensions if _ALSO.search(question) or _PRONOUN.search(question) else \
            [x for x in out.dimensions if x.grain]
        out.dimensions = keep + [x for x in new_dims if x.field not in {k.field for k in keep}]
        if not out.measures and not d.measures:
            out.measures = [MeasureSpec(agg="count", entity=out.entity)]
            out.fields = []


def _measures(out: StructuredQuery, d: Draft, model: SemanticModel) -> None:
    explicit = [m for m in d.measures if (m.measure or m.agg == "count" and m.entity) and not (
        m.measure in d.soft and d.filters
                                                            and any(f.field == m.measure for f in d.filters))]
    explicit = [m for m in explicit if not any(f.on_measure and equivalent(model, f.field, m.measure)
                                               for f in d.filters)]
    if explicit:
        seen: set = set()
        explicit = [m for m in explicit if (k := (m.measure, m.agg, m.entity)) not in seen and not seen.add(k)]
        out.measures = explicit
        out.fields = []
        out.order = [OrderSpec(key=explicit[0].measure or explicit[0].entity or "", desc=o.desc)
                     for o in out.order[:1]]
        if explicit[0].entity and not explicit[0].measure:
            out.entity = explicit[0].entity


def _ordering(out: StructuredQuery, d: Draft) -> None:
    if not out.measures:
        return
    key = out.measures[0].measure or out.measures[0].entity or ""
    if d.ordered:
        desc = d.superlative if d.superlative is not None else any(o.desc for o in d.order) if d.order else True
        out.order = [OrderSpec(key=key, desc=desc)]
        return
    if d.superlative is not None:
        out.order = [OrderSpec(key=key, desc=d.superlative)]
        out.limit = d.limit or 1
    elif d.limit:
        out.limit = d.limit
        desc = d.order[0].desc if d.order else True
        out.order = [OrderSpec(key=key, desc=desc)]


def _as_list(q: StructuredQuery, model: SemanticModel) -> StructuredQuery:
    """'show them': the rows behind a count, with the same filters."""
    ent = _subject(q)
    return StructuredQuery(entity=ent, fields=detail_fields(model, ent, [], q.filters),
                           filters=q.filters, time_range=q.time_range)

"""Follow-ups: edit the previous structured query with what a new message adds ("and in France?", "by month
instead", "only Rock and Metal", "what about the quarter before?", "show them").
"""
from __future__ import annotations

import re

from conversql.query.structured import MeasureSpec, OrderSpec, StructuredQuery
from conversql.semantic.model import SemanticModel
from conversql.understand.calendar import shift
from conversql.understand.parser import Parse

_MARKERS = re.compile(r"^\s*(and|what about|how about|now|only|just|but|also|same|then|instead|break|split|"
                      r"sort|order|exclude|excluding|without|except|remove|filter|limit|show (?:them|those|it|that)|"
                      r"list (?:them|those)|which of|who of|for|in|by|per|top|bottom|as)\b", re.I)
_PRONOUN = re.compile(r"\b(them|those|these|they|it|that|this|their|its)\b", re.I)
_INSTEAD = re.compile(r"\binstead\b|\brather\b", re.I)
_LIST_THEM = re.compile(r"^\s*(?:show|list|display|give me|who are|which are|what are) (?:me )?(?:them|those|these|"
                        r"all of them)\b", re.I)
_COUNT_THEM = re.compile(r"how many of (?:them|those|these)", re.I)


def is_followup(question: str, parse: Parse) -> bool:
    """A message continues the conversation when it starts like a follow-up, points back with a pronoun,
    or names no measure and no subject of its own."""
    if _MARKERS.match(question) or _PRONOUN.search(question):
        return True
    q = parse.query
    return q is None or (not q.measures and not q.fields)


def merge(prev: StructuredQuery, question: str, parse: Parse, model: SemanticModel) -> StructuredQuery:
    """The previous query edited by the new message.

    >>> merge(prev, "and in France?", parse("and in France?"), model).filters[0].value
    'France'
    """
    new = parse.query
    out = prev.model_copy(deep=True)
    spans = parse.spans
    if _LIST_THEM.match(question):
        return _as_list(out, model)
    if _COUNT_THEM.search(question):
        ent = out.measures[0].entity if out.measures and out.measures[0].entity else out.entity
        return StructuredQuery(entity=ent, measures=[MeasureSpec(agg="count", entity=ent)], filters=out.filters,
                               time_range=out.time_range)
    instead = bool(_INSTEAD.search(question))

    time = next((s for s in spans if s.kind == "time"), None)
    if time is not None:
        field = out.time_range.field if out.time_range else None
        out.time_range = time.payload.model_copy(update={"field": time.payload.field or field})
    shift_span = next((s for s in spans if s.kind == "time_shift"), None)
    if shift_span is not None and out.time_range and out.time_range.start:
        unit, tr = shift_span.payload, out.time_range
        start = shift(tr.start, unit, -1)
        out.time_range = tr.model_copy(update={"start": start, "end": tr.start, "label": f"the {unit} before"})

    if new is None:
        return out
    new_filters = [f for f in new.filters]
    for f in new_filters:
        out.filters = [o for o in out.filters if o.field != f.field] + [f]

    grain_dims = [d for d in new.dimensions if d.grain]
    other_dims = [d for d in new.dimensions if not d.grain]
    if grain_dims:
        # a new grain always replaces the old one: "by quarter" after "monthly" means instead
        out.dimensions = grain_dims + [d for d in out.dimensions if not d.grain]
        out.limit, out.order = None, []
    if other_dims:
        keep = [d for d in out.dimensions if d.grain] if instead else out.dimensions
        out.dimensions = keep + [d for d in other_dims if d.field not in {k.field for k in keep}]
        if not out.measures:
            out.measures = [MeasureSpec(agg="count", entity=out.entity)]
            out.fields = []

    explicit_measures = [m for m in new.measures if m.measure]
    if explicit_measures:
        out.measures = explicit_measures
        out.order = [OrderSpec(key=explicit_measures[0].measure, desc=o.desc) for o in out.order[:1]]
        out.fields = []
    if new.limit:
        out.limit = new.limit
        if new.order:
            out.order = new.order if any(o.key in {m.measure for m in out.measures} for o in new.order) else \
                [OrderSpec(key=(out.measures[0].measure or out.measures[0].entity or ""), desc=new.order[0].desc)] \
                if out.measures else new.order
    if re.search(r"\b(sort|order)\b", question, re.I) and out.measures:
        desc = not re.search(r"\b(ascending|least|lowest|smallest|fewest)\b", question, re.I)
        out.order = [OrderSpec(key=out.measures[0].measure or out.measures[0].entity or "", desc=desc)]
    return out


def _as_list(q: StructuredQuery, model: SemanticModel) -> StructuredQuery:
    """'show them': the rows behind a count, with the same filters."""
    ent = q.measures[0].entity if q.measures and q.measures[0].entity else q.entity
    fields = [ent] if ent in model.entities and model.entities[ent].name_fields else []
    return StructuredQuery(entity=ent, fields=fields or [f.id for f in model.fields_of(ent)[:5]],
                           filters=q.filters, time_range=q.time_range)


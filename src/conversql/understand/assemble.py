"""Assemble recognized spans into a `StructuredQuery`: measures, dimensions, filters, order and limit.

Ambiguous words (a "country" several tables have, "revenue" two tables can compute) are resolved jointly by
`resolve`; this module decides what each chosen word does in the query, in small ordered steps.
"""
from __future__ import annotations

from conversql.query.periods import within
from conversql.query.structured import (
    DimensionSpec,
    MeasureSpec,
    OrderSpec,
    StructuredQuery,
    TimeRange,
)
from conversql.semantic.model import SemanticModel
from conversql.understand.conditions import (
    and_pairs,
    column_comparisons,
    never_related,
    comparisons,
    merge_values,
    or_groups,
    year_columns,
)
from conversql.understand.defaults import (
    columns_not_totals,
    fill_defaults,
    finish_order,
)
from conversql.understand.draft import (
    Assembly,
    Draft,
    copy_draft,
    dedupe,
    measure_entity,
    spans_of,
)
from conversql.understand.lexicon import Lexicon
from conversql.understand.place import (
    adjective_field,  # noqa: F401 - imported from here by others
    literal_filters,
    trailing_time_superlative,
    number_equalities,
    place_word,
    unit_conversions,
)
from conversql.understand.ranking import counting, how_measure, per_entity, superlatives
from conversql.understand.rehome import rehome_measures
from conversql.understand.resolve import resolve
from conversql.understand.shown import default_measure, detail_fields  # noqa: F401 - imported from here
from conversql.understand.slots import make_slots
from conversql.understand.spans import Span
from conversql.understand.timing import read_time, time_field_for
from conversql.understand.tokens import Token


def assemble(tokens: list[Token], spans: list[Span], model: SemanticModel, lexicon: Lexicon | None = None
             ) -> Assembly:
    used: set[int] = set()
    slots = make_slots(tokens, spans, model, used)
    reading = resolve(slots, model, needs_time=bool(spans_of(spans, "time") or spans_of(spans, "grain")))
    # with no schema word the draft still carries time, grain and ranking ("by quarter instead", "top 2")
    chosen, root = reading if reading else ([], next(iter(model.entities), ""))
    d = Draft()
    for sl, term in chosen:
        used.update(range(sl.span.start, sl.span.end))
        place_word(sl, term, d, model)
        d.said_at.setdefault(term.ref, sl.span.start)
        if sl.extra.get("next_used"):
            used.add(sl.span.end)
        last = tokens[sl.span.end - 1]
        if last.low != last.lemma and last.low.endswith("s"):
            d.plural.add(term.ref)
    trailing_time_superlative(spans, chosen, d, model, used)
    number_equalities(tokens, chosen, d, model, used,
                      {i for c in spans_of(spans, "compare") for i in range(c.start, c.end)})
    literal_filters(spans, chosen, d, model, root, lexicon, used)
    and_pairs(tokens, d)
    d.filters = merge_values(d.filters)
    comparisons(spans, chosen, d, model, root, used)
    column_comparisons(spans, chosen, d, model, used)
    or_groups(tokens, d)
    never_related(spans, d, model, root, used)
    count_cue = next((a for a in spans_of(spans, "aggregate") if a.payload == "count"), None)
    # "different platforms and the number of devices": "different" before a noun lists it, it counts nothing
    d.aggregate_at = min((a.start for a in spans_of(spans, "aggregate") if a.meta.get("word") not in
                          ("different", "distinct", "unique")), default=None)
    counting(count_cue, d, model, used)
    superlatives(spans, chosen, d, model, used)
    for r in spans_of(spans, "rank"):
        d.limit = r.payload
        used.update(range(r.start, r.end))
        if not (r.meta.get("implicit") and d.order):
            d.order = [OrderSpec(key="__measure__", desc=not r.meta.get("ascending"))]
    time_range, grain = read_time(spans, slots, used)
    growth = spans_of(spans, "growth")
    if growth:
        # "year over year growth", "revenue growth" (by year unless a period says otherwise)
        d.growth = True
        grain = grain or growth[0].payload or ("month" if time_range is not None else "year")
        used.update(i for g in growth for i in range(g.start, g.end))
    d.grain, d.time_range = grain, time_range
    d.periods = next((t.meta.get("compare") for t in spans_of(spans, "time") if t.meta.get("compare")), None)
    named = [t.payload for t in spans_of(spans, "time") if t.payload.start and t.payload.end]
    if d.periods is None and len(named) > 1:        # "this year vs last year": two periods said apart
        d.periods = [(r.start, r.end, r.label) for r in named]
    d.ordered = bool(spans_of(spans, "order"))
    d.asks_who = any(t.low in ("who", "whom", "whose") for t in tokens)
    # "in both Canoeing and Kayaking" (not "give me both"): a "both" that opens a pair
    d.both = any(t.low == "both" and any(u.low == "and" for u in tokens[t.i + 1:t.i + 8]) for t in tokens)
    if d.both:
        used.update(t.i for t in tokens if t.low == "both")
    d.order_desc = any(o.payload == "desc" for o in spans_of(spans, "order"))
    alpha = next((o for o in spans_of(spans, "order") if o.meta.get("alphabetical") or "alphabetic" in o.meta.get(
        "word", "")), None)
    if alpha is not None:
        d.alphabetical = alpha.payload == "desc"
    unit_conversions(spans, chosen, d, model, root, used)
    how_measure(spans, d, model, root)
    raw = copy_draft(d)
    if reading is None and not d.filters:
        return Assembly(None, used, "The question names nothing this database holds.", raw)
    if not (d.measures or d.dimensions or d.fields or d.mentions or d.filters or d.argmax):
        return Assembly(None, used, "I could not tell what to measure or list.", raw)
    numeric_cue = next((a for a in spans_of(spans, "aggregate") if a.payload in ("sum", "avg")
                        and a.meta.get("word", "").strip() in ("average", "the average", "avg", "mean", "sum",
                                                               "the sum", "sum of")), None)
    if numeric_cue is not None and not d.measures and not d.argmax and not d.dimensions:
        # "average order value" with no number to average: say so rather than list every row
        return Assembly(None, used, f"I could not tell which number to take the {numeric_cue.meta['word'].strip()}"
                                    " of.", raw)
    subject = (measure_entity(d.measures[0], model) if d.measures else d.mentions[0] if d.mentions else root)
    time_range = year_columns(d, model, subject, time_range, _field_before_time(spans, chosen, model))
    grain = d.grain
    columns_not_totals(spans, d, model, grain)
    entity = fill_defaults(d, model, root, count_cue, grain, bool(spans_of(spans, "rank")))
    unit_conversions(spans, chosen, d, model, entity, used)
    if grain:
        tf = time_field_for(model, entity)
        if tf:
            d.dimensions.insert(0, DimensionSpec(field=tf, grain=grain))
            if time_range is not None:
                time_range = time_range.model_copy(update={"field": tf})
    everything = spans_of(spans, "everything")
    if everything and not d.measures and entity in model.entities:
        d.fields, d.dimensions = [f.id for f in model.fields_of(entity) if not f.hidden], []
        used.update(i for sp in everything for i in range(sp.start, sp.end))
    finish_order(d, model, entity, raw.fields)
    per_entity(spans, d, model)
    if spans_of(spans, "share") and not d.measures and entity in model.entities:
        # "what percentage of our tracks were never sold": the share of the rows that qualify
        d.measures, d.fields, d.order, d.limit = [MeasureSpec(agg="count", entity=entity)], [], [], None
    if spans_of(spans, "share") and d.measures and d.measures[0].agg in ("sum", "count"):
        d.measures[0].share = True
        used.update(i for sp in spans_of(spans, "share") for i in range(sp.start, sp.end))
    query = StructuredQuery(entity=entity, measures=dedupe(d.measures, lambda m: (m.measure, m.agg, m.entity)),
                            dimensions=dedupe(d.dimensions, lambda x: (x.field, x.grain)),
                            fields=dedupe(d.fields, lambda x: x), filters=d.filters, time_range=time_range,
                            order=d.order, limit=d.limit, conversions=d.conversions,
                            distinct=d.distinct and not d.measures,
                            periods=side_by_side(d.periods, grain, any(t.low in _COMPARING for t in tokens)))
    if d.growth and query.measures and any(x.grain for x in query.dimensions):
        query.measures[0].growth = True
    return Assembly(rehome_measures(query, model), used, draft=raw)


def _field_before_time(spans: list[Span], chosen, model: SemanticModel) -> str | None:
    """The column named just before a time expression ('season' in 'after season 2007', 'founded' in 'founded
    after 1850'), else the table ('an exhibition in 2004')."""
    time = next((s for s in spans_of(spans, "time")), None)
    if time is None:
        return None
    before = [t for sl, t in chosen if t.kind == "field" and 0 <= time.start - sl.span.end <= 1
              or t.kind == "field" and sl.span.start > time.start and sl.span.end == time.end]
    if before:
        return before[-1].ref
    # "an exhibition in 2004": the table named right before the years, when it has no date of its own
    things = [t.ref for sl, t in chosen if t.kind == "entity" and 0 <= time.start - sl.span.end <= 1
              and model.default_time_field(t.ref) is None]
    return things[-1] if things else None


_COMPARING = {"vs", "vs.", "versus", "compare", "compared", "comparing", "against"}


def side_by_side(periods: list | None, grain: str | None, compared: bool) -> list[TimeRange]:
    """'revenue by month, this year vs last year': compared periods become columns when the time groups can be
    read within each of them (the months of a year); otherwise they stay rows ('2024 vs 2025' by year, and
    'quarterly revenue for 2024 and 2025', one timeline)."""
    if not compared or not periods or len(periods) < 2 or grain is None:
        return []
    ranges = [TimeRange(start=start, end=end, label=label) for start, end, label in periods]
    return ranges if within(grain, ranges) else []

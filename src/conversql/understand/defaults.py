"""The defaults that fill what a question leaves implicit: measures, groups, shown columns, order."""
from __future__ import annotations

from conversql.query.structured import (
    DimensionSpec,
    FilterSpec,
    MeasureSpec,
    OrderSpec,
)
from conversql.query.joins import is_parent_or_self, shortest_paths
from conversql.semantic.model import CATEGORY, KEY, NAME, NUMERIC, SemanticModel

# Superlative adjectives: with another thing to show they pick a row ("the dorm with the largest capacity");
# alone they are an aggregate ("the largest capacity").
from conversql.understand.conditions import both_and_but_not, filter_paths, values_having_both
from conversql.understand.draft import Draft, measure_entity, spans_of
from conversql.understand.ranking import pick_extreme_rows
from conversql.understand.shown import default_measure, draft_detail_fields
from conversql.understand.spans import Span


# --- defaults -------------------------------------------------------------------------------------------------
def fill_defaults(d: Draft, model: SemanticModel, root: str, count_cue: Span | None, grain: str | None,
              ranked: bool) -> str:
    """Fill what the question left implicit and return the query's entity."""
    shared = values_having_both(d, model)
    if shared is not None:
        return shared
    both_and_but_not(d, model, (d.measures[0].entity if d.measures and d.measures[0].entity else None) or
                      (d.mentions[0] if d.mentions else root))
    if d.absent:
        subject = (d.measures[0].entity if d.measures and d.measures[0].entity else None) or \
            (d.mentions[0] if d.mentions else root)
        for ent, ref in zip(d.absent, d.negated_terms):
            if ent != subject:
                d.filters.append(_none_related(d, model, ent))
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
        return pick_extreme_rows(d, model, root)
    for f, desc, _ in d.argmax:
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
    if d.measures and (d.order or d.limit) and not d.dimensions and not grain:
        _rank_rows(d, model)
    if d.measures and (d.order or d.limit):
        # "which 3 cities generated the most revenue": the named things become the groups
        for f in list(d.fields):
            if model.fields[f].role in (CATEGORY, NAME):
                d.dimensions.append(DimensionSpec(field=f))
                d.fields.remove(f)
        if not d.dimensions and d.mentions and d.mentions[0] != measure_entity(d.measures[0], model):
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
        _listed_beside_aggregate(d, model)
    if d.measures and not d.dimensions and not grain:
        listed = next((f for f in d.filters if f.op == "in" and not f.on_measure), None)
        if listed is not None:   # "Rock and Metal revenue", "USA versus Canada": one row per listed value
            d.dimensions.append(DimensionSpec(field=listed.field))
    if d.measures:
        d.fields = []
        _count_the_members(d, model)
        return fact_for_distinct(d, model, grain) or measure_entity(d.measures[0], model)
    entity = d.mentions[0] if d.mentions else (model.fields[d.fields[0]].entity if d.fields else root)
    base = model.entities[entity].role_of
    if base and any(f.field == entity or f.field.startswith(entity + ".") for f in d.filters):
        # "who reports to Nancy": the manager is the filter; the rows are the employees
        d.mentions = [base] + [m for m in d.mentions if m != base]
        entity = base
    if d.fields and all(f in model.fields and model.fields[f].role == CATEGORY and f in d.plural
                        and model.fields[f].entity == entity for f in d.fields) and len(d.mentions) <= 1:
        # "what ranks do we have for faculty?", "the cities customers live in": the set of values, each once
        d.distinct, d.dimensions = True, []
        return entity
    d.fields = draft_detail_fields(d, model, entity)
    # "customers and their support rep": other things named in a list are shown beside each row; things
    # that only lead to a filter ("customers who bought Rock tracks") are not
    on_the_way = filter_paths(d, model, entity)
    d.fields += [e for e in d.mentions[1:] if e != entity and model.entities[e].name_fields and e not in d.fields
                 and e not in on_the_way]
    d.dimensions = []
    return entity


def _rank_rows(d: Draft, model: SemanticModel) -> None:
    """'the teams of the players with the top 5 largest ages', 'flights with the three lowest distances': a column
    of the rows listed, with no aggregate word on it, ranks those rows; it is not averaged per group. (A measure
    of other rows — 'top 5 customers by revenue' — still totals them per thing.)"""
    columns = [m.measure for m in d.measures if m.measure in model.fields and m.measure not in d.aggregated
               and m.agg != "count"]
    if len(columns) != len(d.measures):
        return
    rows = model.fields[columns[0]].entity
    listed = [x for x in d.fields + d.mentions if x != rows]
    owners = [x if x in model.entities else model.fields[x].entity for x in listed if x in model.entities
              or x in model.fields]
    if any(o != rows for o in owners):
        return          # "which customer has spent the most": the invoices' money per customer
    d.fields = [f for f in d.fields if f not in columns] + columns
    d.measures = []
    if rows not in d.mentions:
        d.mentions.insert(0, rows)


def _count_the_members(d: Draft, model: SemanticModel) -> None:
    """'How many direct reports does each manager have?': counting the managers per manager says 1 each; a role
    counted by itself counts the rows that point at it (the employees who report to each manager)."""
    grouped = {x.field for x in d.dimensions}
    for m in d.measures:
        ent = model.entities.get(m.entity or "")
        if m.measure is None and m.agg == "count" and m.entity in grouped and ent is not None and ent.role_of:
            m.entity = ent.role_of


def _listed_beside_aggregate(d: Draft, model: SemanticModel) -> None:
    """'software platforms and the number of devices', 'the name of all products along with the number of
    complaints': labels listed before an aggregate are what it is computed for, one row each. A number said in
    the plural with no aggregate word of its own ("all majors and the number of students") is such a label too.
    Words after the aggregate ("the number of trips that ended in a city") only qualify what it counts."""
    if d.aggregate_at is None:
        return
    aggregated = {measure_entity(m, model) for m in d.measures if m.measure not in d.soft}
    if not aggregated:
        return

    def before(ref: str) -> bool:
        return d.said_at.get(ref, d.aggregate_at) < d.aggregate_at

    filtered = {f.field for f in d.filters}
    labels = [f for f in d.fields if before(f) and f not in filtered and _is_label(f, model, aggregated)]
    # "the names of different tracks, and how many races has each had": a table named before the count
    labels += [e for e in d.mentions if before(e) and e not in aggregated and e not in filtered
               and model.entities[e].name_fields and e not in labels]
    soft = [m.measure for m in d.measures if m.measure in d.soft and m.measure in model.fields]
    if len(soft) < len(d.measures):
        labels += [f for f in soft if before(f) and f in d.plural and f not in filtered]
    if not labels:
        return
    d.dimensions += [DimensionSpec(field=f) for f in labels]
    d.fields = [f for f in d.fields if f not in labels]
    d.mentions = [m for m in d.mentions if m not in labels]
    d.measures = [m for m in d.measures if m.measure not in labels]


def _is_label(ref: str, model: SemanticModel, aggregated: set[str]) -> bool:
    """A category, another table's name or key, or a reference to another table: something rows are grouped by."""
    if ref in model.entities:
        return ref not in aggregated
    f = model.fields.get(ref)
    if f is None:
        return False
    if f.column in model.entities[f.entity].primary_key and f.entity in aggregated:
        return False            # "the number of different course codes": the counted rows' own key
    if f.role in (CATEGORY, KEY):
        return True
    return f.role == NAME and f.entity not in aggregated


def _none_related(d: Draft, model: SemanticModel, absent: str) -> FilterSpec:
    """'ships not steered by any captain with Midshipman rank', 'movies not reviewed by Brittany Harris': the
    conditions on the absent rows (or on what they lead to) go inside the NOT EXISTS, not beside it."""
    inside = [f for f in d.filters if not f.on_measure and f.op not in ("exists", "not_exists", "any")
              and f.field in model.fields and is_parent_or_self(model, absent, model.fields[f.field].entity)]
    target, paths = absent, shortest_paths(model, absent)
    for f in inside:
        d.filters.remove(f)
        d.fields = [x for x in d.fields if x != f.field]       # a column of rows that must not exist
        owner = model.fields[f.field].entity
        if owner != absent and len(paths.get(owner, [])) > len(paths.get(target, [])):
            target = owner                     # the EXISTS reaches the farthest table a condition is on
    return FilterSpec(field=target, op="not_exists",
                      value=[{"field": f.field, "op": f.op, "value": f.value} for f in inside] or None)


def columns_not_totals(spans: list[Span], d: Draft, model: SemanticModel, grain: str | None) -> None:
    """'the weight of the body builders who...', 'names and headquarters of all companies': numbers named
    without any aggregate, grouping or ranking word are columns to show, not totals; money ("what was revenue
    from Germany") stays a total."""
    if spans_of(spans, "aggregate") or spans_of(spans, "rank") or spans_of(spans, "superlative") or spans_of(spans, "share"):
        return
    if d.dimensions or grain or d.argmax or not d.measures:
        return
    soft = [m for m in d.measures if m.measure in d.soft and m.measure in model.fields]
    if len(soft) != len(d.measures):
        return
    # "Mark's salary", "the campus fee of San Francisco State": a column of rows named (or of their parent's)
    named_row = any(f.op == "=" and f.field in model.fields and _names_one_row(model, f.field) and
                    is_parent_or_self(model, model.fields[soft[0].measure].entity, model.fields[f.field].entity)
                    for f in d.filters)
    each_row = named_row or d.ordered or all(m.measure in d.plural for m in soft)   # "... ordered by sales": rows
    if not each_row and any(model.fields[m.measure].unit == "currency" or model.measures.get(m.measure) and
                            "revenue" in model.measures[m.measure].synonyms for m in soft):
        # "the revenue from Steve's customers" is a total however it is asked; "Mark's salary" is a value, and so
        # are "the salaries of employees in London", one per row
        return
    d.fields = d.fields + [m.measure for m in soft if m.measure not in d.fields]
    d.measures = []


def _names_one_row(model: SemanticModel, field_id: str) -> bool:
    """A name column, or a text column whose every row holds its own value ('Campus' of campuses)."""
    f = model.fields[field_id]
    rows = model.entities[f.entity].row_count
    return f.role == NAME or f.kind == "text" and bool(f.values) and bool(rows) and len(set(f.values)) >= rows


def fact_for_distinct(d: Draft, model: SemanticModel, grain: str | None) -> str | None:
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


def finish_order(d: Draft, model: SemanticModel, entity: str, asked: list[str] = ()) -> None:
    if d.ordered and not d.order and d.alphabetical is None and d.fields:
        # "list the total points of gymnasts in descending order": by what was asked for
        key = next((f for f in d.fields if f in model.fields and model.fields[f].role == NUMERIC), d.fields[0])
        d.order = [OrderSpec(key=key, desc=d.order_desc)]
    elif d.ordered and not d.order and d.alphabetical is None and d.measures and d.dimensions:
        # "the number of gas stations in each location ordered by the count": ascending unless it says otherwise
        d.order = [OrderSpec(key=d.measures[0].measure or d.measures[0].entity or "", desc=d.order_desc)]
    if d.alphabetical is not None and not d.order:
        # "in alphabetical order": by the first text column shown
        # by the first text column the question asked for ("program origins in alphabetical order"), else the
        # first shown (the rows' names)
        text = next((f for f in asked if f in d.fields and f in model.fields and model.fields[f].kind == "text"),
                    None) or next((f for f in d.fields if f in model.entities or f in model.fields
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

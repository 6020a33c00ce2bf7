"""Placing the chosen words: what each schema word, value, number or quoted string does in the query."""
from __future__ import annotations

from conversql.query.structured import (
    Conversion,
    DimensionSpec,
    FilterSpec,
    MeasureSpec,
    OrderSpec,
)
from conversql.semantic.model import CATEGORY, FLAG, NAME, NUMERIC, TIME, SemanticModel
from conversql.semantic.naming import split_name
from conversql.semantic.thesaurus import SUPERLATIVE_FIELDS

# Superlative adjectives: with another thing to show they pick a row ("the dorm with the largest capacity");
# alone they are an aggregate ("the largest capacity").
from conversql.understand.draft import ARGMAX_WORDS, Draft, spans_of
from conversql.understand.lexicon import Lexicon, Term
from conversql.understand.slots import Slot
from conversql.understand.spans import Span
from conversql.understand.shown import default_measure
from conversql.understand.timing import holds_years
from conversql.understand.tokens import Token


# --- placing the chosen words ---------------------------------------------------------------------------------
def place_word(sl: Slot, term: Term, d: Draft, model: SemanticModel) -> None:
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
        if sl.agg in ("min", "max") and sl.extra.get("argmax"):
            d.superlative = sl.agg == "max"    # "the status with the least number of customers": the fewest
        return
    if term.kind == "entity" and sl.role == "aggregate" and sl.agg in ("sum", "avg") and \
            sl.extra.get("next") in _VALUE_WORDS:
        worth = default_measure(model, term.ref)
        if worth is not None:
            # "average order value": what each order brings in (its lines' revenue), averaged over the orders
            d.measures.append(MeasureSpec(measure=worth, agg="sum", per=term.ref if sl.agg == "avg" else None))
            sl.extra["next_used"] = True
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
    if f.role == FLAG and sl.role == "mention":
        # "customers who are active", "products not discontinued": a yes/no column said alone is a condition
        d.filters.append(FilterSpec(field=f.id, op="=", value=not sl.negated))
        d.filter_at[id(d.filters[-1])] = sl.span.start
        return
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


COMPARATIVES = {"longer": "longest", "shorter": "shortest", "larger": "largest", "bigger": "biggest",
                "smaller": "smallest", "older": "oldest", "younger": "youngest", "taller": "tallest",
                "heavier": "heaviest", "lighter": "lightest", "higher": "highest", "lower": "lowest",
                "cheaper": "cheapest"}


def adjective_field(model: SemanticModel, entity: str, word: str) -> tuple[str, bool] | None:
    """The column a superlative adjective is about: 'oldest' -> birth date ascending, 'longest' -> length."""
    for names, desc in SUPERLATIVE_FIELDS.get(word, []):
        if names == {"*time*"}:          # "the most recent": the entity's own date, or its column of years
            tf = model.default_time_field(entity) or next((f for f in model.fields_of(entity) if f.role == TIME),
                                                          None) or next((f for f in model.fields_of(entity)
                                                                         if holds_years(f)), None)
            if tf is not None:
                return tf.id, desc
            continue
        for f in model.fields_of(entity):
            if f.role in (NUMERIC, TIME) and set(split_name(f.column)) & names:
                return f.id, desc
    return None


def _place_numeric(sl: Slot, term: Term, d: Draft, model: SemanticModel) -> None:
    m = model.measures.get(term.ref)
    if sl.agg in _SAID_AGGREGATES or _SAID_AGGREGATES & set(sl.extra.get("aggs", [])):
        d.aggregated.add(term.ref)   # an aggregate word said on it: "average age", "the highest total amount"
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
    if len(aggs) == 2 and aggs[0] in ("max", "min") and aggs[1] in ("sum", "avg") and sl.agg == aggs[1] \
            and sl.extra.get("stacked"):
        # "the type with the highest total amount": the groups ranked by their total, not a maximum beside it
        d.measures.append(MeasureSpec(measure=term.ref, agg=aggs[1]))
        d.superlative = aggs[0] == "max"
        return
    for extra in aggs[:-1]:
        d.measures.append(MeasureSpec(measure=term.ref, agg=extra))
    agg = sl.agg if sl.agg in ("sum", "avg", "min", "max", "count_distinct") else None
    spec = MeasureSpec(measure=term.ref, agg=agg or (m.agg if m else "sum"))
    if sl.role == "group":   # "top 5 customers by revenue": revenue orders, it does not group
        d.order_measure = spec
    if sl.role == "mention" and not sl.agg:
        d.soft.add(term.ref)       # named, not asked to aggregate: a comparison may claim it as a column
    d.measures.append(spec)


_ORDER_WORDS = {"after": ">", "since": ">=", "before": "<"}
_SAID_AGGREGATES = {"sum", "avg", "count_distinct"}
_VALUE_WORDS = {"value", "worth"}


def number_equalities(tokens: list[Token], chosen, d: Draft, model: SemanticModel, used: set[int],
                      compared: set[int] = frozenset()) -> None:
    """'classroom 109', 'supplier id 2', 'course 301': a field or entity word right before a bare number (not one a
    comparison holds: 'aged 23 or younger')."""
    for sl, term in chosen:
        nxt = sl.span.end
        if nxt >= len(tokens) or tokens[nxt].number is None or nxt in used or nxt in compared:
            continue
        # "department 70 or 90", "rooms 101, 102 and 103": every number listed after the word
        taken = [nxt]
        while taken[-1] + 2 < len(tokens) and tokens[taken[-1] + 1].low in ("or", "and", ",") and \
                tokens[taken[-1] + 2].number is not None and taken[-1] + 2 not in compared:
            taken.append(taken[-1] + 2)
        values = [int(tokens[i].number) if tokens[i].number == int(tokens[i].number) else tokens[i].number
                  for i in taken]
        value, op = (values[0], "=") if len(values) == 1 else (values, "in")
        if term.kind == "entity":
            pk = model.entities[term.ref].primary_key
            if len(pk) == 1 and model.fields[f"{term.ref}.{pk[0]}"].kind == "number":
                d.filters.append(FilterSpec(field=f"{term.ref}.{pk[0]}", op=op, value=value))
                d.mentions = [m for m in d.mentions if m != term.ref] + [term.ref]
                used.update(range(nxt, taken[-1] + 1))
        elif term.kind == "field" and model.fields[term.ref].kind == "number":
            # "after season 2007", "before year 1990": the word before the column says which way
            before = tokens[sl.span.start - 1].low if sl.span.start > 0 else ""
            d.filters.append(FilterSpec(field=term.ref, op=_ORDER_WORDS.get(before, op) if op == "=" else op,
                                        value=value))
            d.fields = [f for f in d.fields if f != term.ref]
            d.measures = [m for m in d.measures if m.measure != term.ref]
            used.update(range(nxt, taken[-1] + 1))


def literal_filters(spans: list[Span], chosen, d: Draft, model: SemanticModel, root: str, lexicon: Lexicon | None,
              used: set[int]) -> None:
    """A quoted string compares with the column that holds it, else the text column named just before it."""
    for lit in spans_of(spans, "literal"):
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


def unit_conversions(spans: list[Span], chosen, d: Draft, model: SemanticModel, entity: str, used: set[int]) -> None:
    """'in minutes', 'in MB': show the field of that unit family converted."""
    for u in spans_of(spans, "unit"):
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


_TIME_SUPERLATIVES = {"most recently", "most recent", "latest", "earliest", "first", "last"}


def trailing_time_superlative(spans: list[Span], chosen, d: Draft, model: SemanticModel, used: set[int]) -> None:
    """'which program was launched most recently?': a time superlative after the verb, attached to no word,
    picks the subject's row by its own date (or its column of years)."""
    if d.argmax or d.order:
        return
    for cue in spans_of(spans, "aggregate"):
        word = cue.meta.get("word", "").removeprefix("the ").strip()
        if word not in _TIME_SUPERLATIVES or any(i in used for i in range(cue.start, cue.end)):
            continue
        said = next((t.ref for sl, t in chosen if t.kind == "field" and 0 <= cue.start - sl.span.end <= 1
                     and model.fields[t.ref].role in (NUMERIC, TIME)), None)
        subject = next((t.ref for sl, t in chosen if t.kind == "entity" and sl.span.end <= cue.start), None)
        desc = next((dsc for names, dsc in SUPERLATIVE_FIELDS.get(word, []) if names == {"*time*"}), True)
        # "launched most recently": the column the verb names is the date; else the subject's own date
        hit = (said, desc) if said else adjective_field(model, subject, word) if subject else None
        if hit is not None:
            d.measures = [m for m in d.measures if m.measure != hit[0]]
            d.fields = [f for f in d.fields if f != hit[0]]
            d.argmax.append((hit[0], hit[1], word))
            used.update(range(cue.start, cue.end))
            return

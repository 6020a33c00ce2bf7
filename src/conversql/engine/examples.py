"""Example questions for a database, made from its semantic model (shown when a question is not understood,
and on the web page): each names this database's own measures, entities and values."""
from __future__ import annotations

from conversql.query.joins import path_cost
from conversql.semantic.model import CATEGORY, Measure, SemanticModel
from conversql.semantic.naming import plural

_PLACES = {"country", "city", "region", "state", "market", "province", "territory", "continent"}
_DULL = {"description", "notes", "note", "comment", "comments", "address", "email", "phone", "fax", "url", "image",
         "picture", "photo", "password"}


def _measure_word(m: Measure) -> str:
    """How a person says a measure: a money total is 'revenue', not 'total total'."""
    if "revenue" in m.synonyms and m.label.lower() in ("total", "amount", "value"):
        return "revenue"
    return m.label or m.name


def example_questions(model: SemanticModel, limit: int = 6) -> list[str]:
    """Questions this parser understands on this model.

    >>> example_questions(demo_model)[:2]
    ['Total revenue by month', 'Total revenue in the last 3 months']
    """
    out: list[str] = [vq.question for vq in model.verified_queries]
    measures = sorted(model.measures.values(), key=lambda m: (not m.derived, m.unit != "currency", m.id))
    timed = [m for m in measures if model.default_time_field(m.entity)]
    lead = timed[0] if timed else (measures[0] if measures else None)
    if lead is not None:
        word = _measure_word(lead)
        if timed:
            out += [f"Total {word} by month", f"Total {word} in the last 3 months"]
        named = [e for e, ent in model.entities.items() if ent.name_fields and not ent.role_of and e != lead.entity
                 and path_cost(model, lead.entity, {e}) < float("inf")]
        named.sort(key=lambda e: (path_cost(model, lead.entity, {e}), -(model.entities[e].row_count or 0)))
        if named:
            out.append(f"Top 5 {plural(model.entities[named[0]].label)} by {word}")
        cats = [f for f in model.fields.values() if f.role == CATEGORY and f.values and 2 <= len(f.values) <= 30
                and not set(f.label.split()) & _DULL and max(len(v) for v in f.values) <= 24
                and path_cost(model, lead.entity, {f.entity}) < float("inf")]
        cats.sort(key=lambda f: (path_cost(model, lead.entity, {f.entity}), len(f.values)))
        if cats:
            out.append(f"{word.capitalize()} by {cats[0].label}")
            places = [f for f in cats if set(f.label.split()) & _PLACES] or cats
            preposition = "in" if places[0] is not cats[0] or set(cats[0].label.split()) & _PLACES else "for"
            out.append(f"{word.capitalize()} {preposition} {places[0].values[0]} this year")
    big = sorted((e for e in model.entities.values() if not e.role_of and e.name_fields),
                 key=lambda e: -(e.row_count or 0))
    for ent in big[:1]:
        out.append(f"How many {plural(ent.label)} are there?")
    return out[:limit]

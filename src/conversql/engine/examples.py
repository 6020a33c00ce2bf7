"""Example questions for a database, made from its semantic model (shown when a question is not understood)."""
from __future__ import annotations

from conversql.semantic.model import CATEGORY, SemanticModel
from conversql.semantic.naming import plural


def _measure_word(m) -> str:
    """How a person says a measure: a money total is 'revenue', not 'total total'."""
    if "revenue" in m.synonyms and m.label.lower() in ("total", "amount", "value"):
        return "revenue"
    return m.label or m.name


def example_questions(model: SemanticModel, limit: int = 6) -> list[str]:
    """Questions this parser understands on this model.

    >>> example_questions(model)[0]
    'Total revenue by month'
    """
    out: list[str] = [vq.question for vq in model.verified_queries]
    measures = sorted(model.measures.values(), key=lambda m: (not m.derived, m.unit != "currency", m.id))
    timed = [m for m in measures if model.time_field(m.entity)]
    if timed:
        word = _measure_word(timed[0])
        out.append(f"Total {word} by month")
        out.append(f"Total {word} in the last 3 months")
    cats = [f for f in model.fields.values() if f.role == CATEGORY and f.values and not f.hidden]
    if measures and cats:
        out.append(f"Top 5 {cats[0].label} by {_measure_word(measures[0])}")
    big = sorted(model.entities.values(), key=lambda e: -(e.row_count or 0))
    for ent in big[:2]:
        out.append(f"How many {plural(ent.label)} are there?")
    if cats and cats[0].values:
        ent = model.entities[cats[0].entity]
        out.append(f"List {plural(ent.label)} in {cats[0].values[0]}")
    return out[:limit]

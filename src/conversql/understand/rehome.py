"""Keep sums at their own grain: move a measure to an equivalent one when the query's groups sit below it."""
from __future__ import annotations

from conversql.query.joins import shortest_paths
from conversql.query.structured import StructuredQuery
from conversql.semantic.model import SemanticModel


def equivalent(model: SemanticModel, a: str | None, b: str | None) -> bool:
    """Two measures that answer to the same word ('revenue' as Invoice.Total and as InvoiceLine qty x price)."""
    if not a or not b or a == b:
        return bool(a and a == b)
    ma, mb = model.measures.get(a), model.measures.get(b)
    if ma is None or mb is None or ma.unit != mb.unit:
        return False
    words = lambda m: {m.name.lower(), (m.label or "").lower(), *[s.lower() for s in m.synonyms]}  # noqa: E731
    return bool(words(ma) & words(mb) - {""})


def rehome_measures(q: StructuredQuery, model: SemanticModel) -> StructuredQuery:
    """A sum must not be joined out to a finer grain (invoice totals repeated per invoice line): when the
    groups or filters sit below the measure's table, use an equivalent measure that lives there."""
    targets = {x.field.split(".")[0] if x.field not in model.entities else x.field for x in q.dimensions}
    targets |= {f.field.split(".")[0] if f.field not in model.entities else f.field for f in q.filters
                if not f.on_measure}
    for i, m in enumerate(q.measures):
        if m.measure not in model.measures or m.agg not in ("sum", "avg"):
            continue
        if not _fans_out(model, model.measures[m.measure].entity, targets):
            continue
        for alt in model.measures.values():
            if alt.id != m.measure and equivalent(model, alt.id, m.measure) and \
                    not _fans_out(model, alt.entity, targets):
                q.measures[i] = m.model_copy(update={"measure": alt.id})
                q.order = [o.model_copy(update={"key": alt.id}) if o.key == m.measure else o for o in q.order]
                q.filters = [f.model_copy(update={"field": alt.id}) if f.on_measure and f.field == m.measure
                             else f for f in q.filters]
                break
    return q


def _fans_out(model: SemanticModel, root: str, targets: set[str]) -> bool:
    paths = shortest_paths(model, root)
    return any(t in paths and any(not s.forward for s in paths[t]) for t in targets if t != root)

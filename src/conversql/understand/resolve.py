"""Joint resolution: pick one term per slot so that the reading has the strongest words and the shortest joins."""
from __future__ import annotations

import itertools

from conversql.query.joins import path_cost, shortest_paths
from conversql.semantic.model import NAME, SemanticModel
from conversql.understand.lexicon import Term
from conversql.understand.slots import Slot

JOIN_PENALTY = 0.3
MAX_READINGS = 600


def entity_of(term: Term, model: SemanticModel) -> str:
    if term.kind == "entity" or term.kind == "value" and term.ref in model.entities:
        return term.ref
    if term.kind == "measure":
        return model.measures[term.ref].entity
    return model.fields[term.ref].entity


def time_distance(model: SemanticModel, root: str) -> float:
    """How far the nearest time dimension is from an entity, following many-to-one joins."""
    if model.time_field(root):
        return 0.0
    paths = shortest_paths(model, root)
    costs = [len(p) for e, p in paths.items() if model.time_field(e) and all(s.forward for s in p)]
    return float(min(costs)) if costs else 3.0


ADJACENT_BONUS = 0.5
_OF_THE = {("of",), ("of", "the"), ("of", "all"), ("of", "all", "the"), ("of", "each"), ("of", "every"),
           ("for", "the"), ("for",), ("for", "each")}
RELATING = {"by", "on", "from", "of", "for", "with", "about"}


def _adjacency(slots: list[Slot], combo, model: SemanticModel) -> float:
    """A value right after an entity word belongs to that entity: "reports to Nancy Edwards" is about the
    manager named Nancy, "in Germany" after "customers" about the customers' country."""
    bonus = 0.0
    for i in range(1, len(slots)):
        term, before = combo[i], combo[i - 1]
        near = 0 <= slots[i].span.start - slots[i - 1].span.end <= 1
        if term.kind == "value" and slots[i].extra.get("after") in RELATING and _own_name(term, model) and \
                any(t.kind == "entity" and t.ref == entity_of(term, model) for t in combo[:i]):
            # "albums by Iron Maiden", "tracks on Let There Be Rock": a thing is never related to itself by its
            # own name, so a name after such a preposition belongs to a related thing
            bonus -= ADJACENT_BONUS
        elif near and term.kind == "value" and before.kind == "entity" and entity_of(term, model) == before.ref:
            bonus += ADJACENT_BONUS
        if term.kind == "field" and before.kind == "entity" and near and not slots[i].extra.get("lead") and \
                model.fields[term.ref].entity == before.ref:
            bonus += ADJACENT_BONUS / 2     # "album names": the album's name
        if term.kind == "entity" and before.kind == "field" and slots[i].extra.get("lead") in _OF_THE and \
                model.fields[before.ref].entity == term.ref:
            bonus += ADJACENT_BONUS / 2     # "the name of the track": the track's name
        if term.kind == "entity" and before.kind == "entity" and before.ref != term.ref and \
                slots[i - 1].extra.get("words", ())[-1:] in (("name",), ("names",)) and \
                slots[i].extra.get("lead") in _OF_THE:
            bonus -= ADJACENT_BONUS / 2     # "the name of the institution" is not a person's name
        if term.kind == "field" and slots[i].extra.get("lead", ())[-1:] in (("their",), ("its",)) and \
                model.fields[term.ref].entity == next((t.ref for t in combo if t.kind == "entity"), None):
            bonus += ADJACENT_BONUS / 2     # "physicians in charge of patients? their names": the subject's
        # "Jane Peacock reports to ...": a value before a relation word is the subject, not the related one
        if near and before.kind == "value" and term.kind == "entity" and \
                model.entities[term.ref].role_of == entity_of(before, model):
            bonus += ADJACENT_BONUS
    return bonus


MERGE_PENALTY = 0.3


def _merged(slots: list[Slot], combo) -> float:
    """Two different words read as the same table through a synonym, when one of them names another table outright
    ("customers without an account" where accounts are a table): two words usually mean two things."""
    penalty = 0.0
    for i, (sl, term) in enumerate(zip(slots, combo)):
        best = max((t.weight for t in sl.candidates if t.kind == "entity"), default=0.0)
        if term.kind != "entity" or term.weight >= best:
            continue
        if any(j != i and other.kind == "entity" and other.ref == term.ref and
               slots[j].extra.get("words") != sl.extra.get("words") for j, other in enumerate(combo)):
            penalty += MERGE_PENALTY
    return penalty


def _own_name(term: Term, model: SemanticModel) -> bool:
    return term.ref in model.entities or term.ref in model.fields and model.fields[term.ref].role == NAME


def _options(sl: Slot, named: set[str], model: SemanticModel) -> list[Term]:
    """The candidates worth trying for a slot: the four strongest, and any weaker one on a table the question names
    ("album names" may be the album's title, though "name" columns elsewhere match the word better)."""
    ranked = sorted(sl.candidates, key=lambda t: (-t.weight, entity_of(t, model) not in named))
    on_named = [t for t in ranked[4:] if entity_of(t, model) in named]
    return ranked[:4] + on_named[:2]


def resolve(slots: list[Slot], model: SemanticModel, needs_time: bool = False
            ) -> tuple[list[tuple[Slot, Term]], str] | None:
    """The best reading and its root entity (where the measure lives, or what is counted or listed)."""
    if not slots:
        return None
    # among equally strong candidates, those on a table the question names elsewhere come first
    named = {t.ref for sl in slots for t in sl.candidates if t.kind == "entity"}
    options = [_options(sl, named, model) for sl in slots]
    best, best_score = None, float("-inf")
    for combo in itertools.islice(itertools.product(*options), MAX_READINGS):
        entities = {entity_of(t, model) for t in combo}
        roots = [entity_of(t, model) for t in combo if t.kind == "measure"] or \
            [entity_of(t, model) for sl, t in zip(slots, combo) if t.kind == "entity" and sl.role == "aggregate"] or \
            [entity_of(t, model) for t in combo if t.kind == "entity"] or \
            [entity_of(t, model) for t in combo if t.kind == "field"] or sorted(entities)
        root = roots[0]
        cost = path_cost(model, root, entities)
        if cost == float("inf"):
            continue
        if needs_time:
            cost += time_distance(model, root)
        score = sum(t.weight for t in combo) - JOIN_PENALTY * cost + _adjacency(slots, combo, model) - \
            _merged(slots, combo)
        if score > best_score:
            best, best_score = (list(zip(slots, combo)), root), score
    if best is None and 1 < len(slots) <= 8:
        # no reading joins every word: leave out the weakest word that cannot be joined ("churches opened before
        # 1850" where only another, unrelated table has an "opened" column), and say it was not understood
        for i in sorted(range(len(slots)), key=lambda k: ("entity" in slots[k].kinds(),
                                                           max(t.weight for t in slots[k].candidates))):
            found = resolve(slots[:i] + slots[i + 1:], model, needs_time)
            if found is not None:
                return found
    return best

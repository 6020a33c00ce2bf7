"""What a list of rows shows, and the measure a ranking of things uses when the question names none."""
from __future__ import annotations

from conversql.query.joins import path_cost
from conversql.query.structured import (
    FilterSpec,
)
from conversql.semantic.model import CATEGORY, NUMERIC, TIME, SemanticModel

# Superlative adjectives: with another thing to show they pick a row ("the dorm with the largest capacity");
# alone they are an aggregate ("the largest capacity").
from conversql.understand.draft import Draft, dedupe


def draft_detail_fields(d: Draft, model: SemanticModel, entity: str) -> list[str]:
    shown = detail_fields(model, entity, d.fields, d.filters, [m for m in d.mentions if m != entity])
    person = _person_of(model, entity) if d.asks_who else None
    return shown + [person] if person and person not in shown else shown


def _person_of(model: SemanticModel, entity: str) -> str | None:
    """'the largest invoice, and who was it for?': rows that are not people answer "who" with the one person
    they point at (a direct many-to-one reference to a table of people)."""
    if len(model.entities[entity].name_fields) > 1:
        return None
    people = [j.target for j in model.joins if j.source == entity and j.target in model.entities
              and len(model.entities[j.target].name_fields) > 1 and not model.entities[j.target].role_of]
    return people[0] if len(set(people)) == 1 else None


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
    others = [o for o in others if not any(f.field == o or f.field.startswith(o + ".") for f in filters)]
    if head and not named and not others and len(ent.name_fields) > 1:
        # people are told apart by what they do and where they are: a job title, city and country beside a
        # name, unless the question filtered on it
        named = [f for f in (_labelled(model, entity, last, filters) for last in PERSON_DESCRIPTORS) if f]
    if head or named:
        return head + named
    keys = [f"{entity}.{c}" for c in ent.primary_key]
    tf = model.time_field(entity)
    money = [f.id for f in model.fields_of(entity) if f.unit == "currency"]
    filtered = [f.field for f in filters if f.field in model.fields and model.fields[f.field].entity == entity
                and model.fields[f.field].role == NUMERIC]
    extra = [f.id for f in model.fields_of(entity) if f.role in (CATEGORY, TIME, NUMERIC)]
    picked = dedupe(keys + ([tf.id] if tf else []) + money + filtered + extra, lambda x: x)
    return picked[:max(5, len(keys) + 3)]


PERSON_DESCRIPTORS = ("title", "city", "country")


def _labelled(model: SemanticModel, entity: str, last_word: str, filters: list[FilterSpec]) -> str | None:
    """The entity's own column whose name ends in `last_word`, unless the question already filtered on it."""
    return next((f.id for f in model.fields_of(entity) if f.label.split()[-1:] == [last_word]
                 and f.kind == "text" and not any(x.field == f.id for x in filters)), None)


def default_measure(model: SemanticModel, entity: str) -> str | None:
    """The money measure nearest an entity: how much a customer spent, what a product sold for."""
    money = [m for m in model.measures.values() if m.unit == "currency" and m.agg == "sum"]
    scored = sorted((path_cost(model, m.entity, {entity}), not m.derived, m.id) for m in money)
    scored = [s for s in scored if s[0] != float("inf") and s[0] > 0]
    return scored[0][2] if scored else None

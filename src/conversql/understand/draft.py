"""The draft of a question: what it said, before defaults fill the gaps; shared by the assembly steps."""
from __future__ import annotations

from dataclasses import dataclass, field

from conversql.query.structured import (
    Conversion,
    DimensionSpec,
    FilterSpec,
    MeasureSpec,
    OrderSpec,
    StructuredQuery,
    TimeRange,
)
from conversql.semantic.model import SemanticModel
from conversql.understand.spans import Span

# Superlative adjectives: with another thing to show they pick a row ("the dorm with the largest capacity");
# alone they are an aggregate ("the largest capacity").
ARGMAX_WORDS = {"largest", "highest", "biggest", "greatest", "longest", "latest", "newest", "most recent",
                "most recently", "lowest", "smallest", "cheapest", "shortest", "earliest", "oldest", "first",
                "most expensive", "least expensive", "youngest", "tallest", "heaviest", "lightest", "most", "least",
                "fewest", "best", "worst", "top", "bottom"}


QUANTITY_WORDS = {"quantity", "qty", "units", "unit"}


@dataclass
class Draft:
    """What the question said, before defaults fill the gaps: follow-ups merge this into the previous query."""
    measures: list[MeasureSpec] = field(default_factory=list)
    dimensions: list[DimensionSpec] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    filters: list[FilterSpec] = field(default_factory=list)
    order: list[OrderSpec] = field(default_factory=list)
    limit: int | None = None
    mentions: list[str] = field(default_factory=list)         # entities named without a role
    argmax: list[tuple[str, bool, str]] = field(default_factory=list)   # (field, desc, word) from superlatives
    extreme_of: str | None = None      # the entity whose rows a superlative ranks ("the song with the lowest ...")
    order_measure: MeasureSpec | None = None
    soft: set[str] = field(default_factory=set)            # measures only mentioned, no aggregate word
    aggregated: set[str] = field(default_factory=set)      # measures an aggregate word was said on
    plural: set[str] = field(default_factory=set)          # schema words said in the plural ("salaries")
    asks_who: bool = False                                   # "... and who was it for?": name the person too
    grain: str | None = None
    time_range: TimeRange | None = None
    conversions: dict[str, Conversion] = field(default_factory=dict)
    superlative: bool | None = None                        # a bare "the most"/"the least": desc or not
    ordered: bool = False                                  # an explicit "sort by"
    distinct: bool = False
    alphabetical: bool | None = None                       # "in (reverse) alphabetical order": desc or not
    both: bool = False                                     # "in both A and B"
    order_desc: bool = False                               # the direction an order cue asked for
    periods: list | None = None                            # "2024 vs 2025": the periods compared
    growth: bool = False                                   # "revenue growth by month": change from the group before
    filter_at: dict[int, int] = field(default_factory=dict)   # id(filter) -> token where it was said
    absent: list[str] = field(default_factory=list)        # entities the rows must have none of
    and_fields: set[str] = field(default_factory=set)       # fields given two values joined by "and"
    negated_terms: list[str] = field(default_factory=list)
    said_at: dict[str, int] = field(default_factory=dict)    # field or entity id -> token where it was first said
    aggregate_at: int | None = None                          # token of the first aggregate word ("number of")


@dataclass
class Assembly:
    query: StructuredQuery | None
    used: set[int] = field(default_factory=set)        # token indices that shaped the query
    reason: str = ""                                    # why no query could be built
    draft: Draft | None = None


def spans_of(spans: list[Span], kind: str) -> list[Span]:
    return [s for s in spans if s.kind == kind]


def copy_draft(d: Draft) -> Draft:
    import copy
    return copy.deepcopy(d)


def measure_entity(m: MeasureSpec, model: SemanticModel) -> str:
    if m.entity:
        return m.entity
    return model.measures[m.measure].entity if m.measure in model.measures else model.fields[m.measure].entity


def dedupe(items: list, key) -> list:
    out, seen = [], set()
    for x in items:
        k = key(x)
        if k not in seen:
            seen.add(k)
            out.append(x)
    return out

"""The semantic model: what the data means, as data. Built from a source's schema, refined by YAML.

Fields are addressed as "entity.column"; measures as "entity.measure_name". The parser reads this model and never
hard-codes a table or a column of any particular database.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from conversql.query.structured import Aggregation, FilterSpec

# Field roles: how a column is used in questions.
TIME, CATEGORY, NUMERIC, KEY, NAME, FLAG = "time", "category", "numeric", "key", "name", "flag"


@dataclass
class Field:
    id: str                        # "customers.country"
    entity: str
    column: str                    # physical column name
    kind: str                      # portable kind of sources.base: number, text, date, datetime, boolean
    role: str                      # TIME, CATEGORY, NUMERIC, KEY, NAME, FLAG
    label: str                     # words a person uses: "country", "order date"
    synonyms: list[str] = field(default_factory=list)
    values: list[str] | None = None   # known distinct values (low-cardinality text)
    description: str = ""
    hidden: bool = False
    unit: str | None = None        # "currency", "milliseconds", "bytes"...


@dataclass
class Measure:
    id: str                        # "order_details.revenue"
    entity: str
    name: str                      # "revenue"
    expr: str                      # SQL over the entity's own columns: "quantity * unit_price * (1 - discount)"
    agg: Aggregation = "sum"       # the default aggregation
    label: str = ""
    synonyms: list[str] = field(default_factory=list)
    description: str = ""
    unit: str | None = None
    derived: bool = False          # True when inferred from several columns (revenue = qty x price)


@dataclass
class Entity:
    name: str                      # table name as the database spells it
    label: str                     # "order detail"
    schema: str | None = None
    synonyms: list[str] = field(default_factory=list)
    description: str = ""
    primary_key: list[str] = field(default_factory=list)
    name_fields: list[str] = field(default_factory=list)   # columns that name a row: ["first_name", "last_name"]
    time_field: str | None = None  # the default time dimension (a column name)
    default_filters: list[FilterSpec] = field(default_factory=list)
    row_count: int | None = None
    hidden: bool = False
    name_values: list[str] = field(default_factory=list)   # full display names ("Jane Peacock") when several
                                                            # columns name a row
    role_of: str | None = None     # a second view of a table reached through a self-reference ("manager")


@dataclass
class Join:
    """A many-to-one edge: each `source` row points at one `target` row."""
    source: str
    source_columns: list[str]
    target: str
    target_columns: list[str]
    role: str = ""                 # for several edges to one target: the FK's meaning ("manager", "support rep")


@dataclass
class VerifiedQuery:
    question: str
    sql: str


@dataclass
class SemanticModel:
    dialect: str
    entities: dict[str, Entity] = field(default_factory=dict)
    fields: dict[str, Field] = field(default_factory=dict)
    measures: dict[str, Measure] = field(default_factory=dict)
    joins: list[Join] = field(default_factory=list)
    verified_queries: list[VerifiedQuery] = field(default_factory=list)

    def entity(self, name: str) -> Entity:
        return self.entities[name]

    def field(self, field_id: str) -> Field:
        return self.fields[field_id]

    def fields_of(self, entity: str) -> list[Field]:
        return [f for f in self.fields.values() if f.entity == entity and not f.hidden]

    def measures_of(self, entity: str) -> list[Measure]:
        return [m for m in self.measures.values() if m.entity == entity]

    def time_field(self, entity: str) -> Field | None:
        ent = self.entities[entity]
        return self.fields.get(f"{entity}.{ent.time_field}") if ent.time_field else None

    def default_time_field(self, entity: str) -> Field | None:
        """What "last month" filters for an entity: its own time field, or for a nameless line table (order
        details) the nearest parent's along many-to-one joins. A customer's "last month" is never its
        support rep's hire date, so named entities do not borrow.

        >>> model.default_time_field("order_details").id
        'orders.order_date'
        """
        own = self.time_field(entity)
        if own or self.entities[entity].name_fields:
            return own
        frontier, seen = [entity], {entity}
        while frontier:
            nxt = []
            for ent in frontier:
                for j in self.joins:
                    if j.source == ent and j.target not in seen:
                        if self.time_field(j.target):
                            return self.time_field(j.target)
                        seen.add(j.target)
                        nxt.append(j.target)
            frontier = sorted(nxt)
        return None

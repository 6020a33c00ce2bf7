"""Grounding: from a question to the schema text of its prompt (retrieved tables, or the whole schema when that is
small), with the sample rows the engine fetched. Shared by the engine and bench/llm_retrieval.py.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from conversql.llm.prompt import render_schema
from conversql.llm.providers import estimate_tokens
from conversql.llm.retrieval import Retrieval, SchemaIndex
from conversql.semantic.model import SemanticModel
from conversql.semantic.value_index import ValueIndex
from conversql.sources.base import Schema

Samples = dict[str, tuple[list[str], list[list[Any]]]]


@dataclass
class Grounding:
    retrieval: Retrieval
    schema_text: str

    @property
    def tables(self) -> list[str]:
        return self.retrieval.entities


def whole_schema_tokens(index: SchemaIndex, schema: Schema) -> int:
    """The size of the whole schema as a prompt would show it (without samples), computed once per index."""
    if index.whole_tokens is None:
        everything = Retrieval(entities=list(index.entities), joins=index.joins_among(index.entities))
        index.whole_tokens = estimate_tokens(render_schema(index.model, schema, everything))
    return index.whole_tokens


def ground(question: str, model: SemanticModel, schema: Schema, index: SchemaIndex, *, max_tables: int = 8,
           whole_schema_below: int = 1500, samples: Callable[[list[str]], Samples] | None = None,
           parents: bool = True, values: ValueIndex | None = None) -> Grounding:
    """The tables a prompt shows for `question`, rendered. A schema whose whole text is under
    `whole_schema_below` tokens is shown whole, in the model's order and the same for every question (so that a
    provider's prompt cache serves it): retrieval only pays off on larger ones. `values` is the source's value
    index, where the values of large columns are found.

    >>> ground("revenue by supplier country", model, schema, SchemaIndex(model), whole_schema_below=0).tables[:2]
    ['suppliers', 'order_details']
    """
    r = index.retrieve(question, max_tables=max_tables, parents=parents, value_index=values)
    if whole_schema_tokens(index, schema) <= whole_schema_below:
        r.entities = list(index.entities)
        r.joins = index.joins_among(r.entities)
        r.whole_schema = True
    text = render_schema(model, schema, r, samples(r.entities) if samples else None)
    return Grounding(r, text)

"""The configured models, and what the LLM engine keeps between questions: chat clients, schema indexes, sample
rows and the per-tenant token budget. One per engine.
"""
from __future__ import annotations

import logging
import threading
from typing import Any

from sqlglot import exp

from conversql.llm.budget import TokenBudget
from conversql.llm.providers import ChatModel, make_model
from conversql.llm.retrieval import SchemaIndex
from conversql.query.guard import check_ast
from conversql.semantic.model import SemanticModel
from conversql.settings import Settings
from conversql.sources.base import Source, SourceError

log = logging.getLogger(__name__)


class LLMRegistry:
    """The models of `Settings.models` by name.

    >>> LLMRegistry(Settings(models={"local": {"provider": "openai", "model": "qwen2.5",
    ...                                        "base_url": "http://localhost:11434/v1"}})).default
    'local'
    """

    def __init__(self, settings: Settings):
        self.settings = settings
        self.budget = TokenBudget(settings.llm_token_budget, settings.llm_budget_window_s)
        self._chats: dict[str, ChatModel] = {}
        self._indexes: dict[int, tuple[SemanticModel, SchemaIndex]] = {}
        self._samples: dict[tuple[int, str], tuple[list[str], list[list[Any]]]] = {}
        self._lock = threading.Lock()

    def names(self) -> list[str]:
        return list(self.settings.models)

    @property
    def default(self) -> str | None:
        """The model `auto` and `llm` modes use: the configured default, else the first configured model."""
        return self.settings.default_model or next(iter(self.settings.models), None)

    def chat(self, name: str) -> ChatModel:
        with self._lock:
            if name not in self._chats:
                self._chats[name] = make_model(name, self.settings.models[name],
                                               timeout_s=self.settings.llm_timeout_s,
                                               max_retries=self.settings.llm_max_retries,
                                               secrets_file=self.settings.secrets_file)
            return self._chats[name]

    def index(self, model: SemanticModel) -> SchemaIndex:
        """The schema index of a semantic model, built on first use (the catalog keeps one model per source)."""
        with self._lock:
            cached = self._indexes.get(id(model))
            if cached is None or cached[0] is not model:
                cached = (model, SchemaIndex(model))
                self._indexes[id(model)] = cached
            return cached[1]

    def samples(self, source: Source, model: SemanticModel, entities: list[str], n: int,
                timeout_s: float) -> dict[str, tuple[list[str], list[list[Any]]]]:
        """At most `n` rows of each table, read through the guard like any query, and cached per table."""
        out: dict[str, tuple[list[str], list[list[Any]]]] = {}
        if n <= 0:
            return out
        for entity in entities:
            key = (id(model), entity)
            if key not in self._samples:
                ent = model.entities[entity]
                table = exp.Table(this=exp.to_identifier(ent.name, quoted=True),
                                  db=exp.to_identifier(ent.schema, quoted=True) if ent.schema else None)
                tree = check_ast(exp.select("*").from_(table).limit(n))
                try:
                    r = source.execute(tree.sql(dialect=model.dialect), max_rows=n, timeout_s=timeout_s)
                    self._samples[key] = (r.columns, r.rows[:n])
                except SourceError as e:          # a sample is a hint; the question goes on without it
                    log.info("no sample rows for %s: %s", entity, e)
                    self._samples[key] = ([], [])
            out[entity] = self._samples[key]
        return out

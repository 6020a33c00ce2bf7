"""The catalog: named data sources, each opened once, introspected once and given its semantic model."""
from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from conversql.semantic.build import build_model
from conversql.semantic.model import SemanticModel
from conversql.semantic.values import load_name_values, share_role_values
from conversql.sources.base import Schema, Source
from conversql.understand.lexicon import Lexicon, build_lexicon


@dataclass
class Loaded:
    source: Source
    schema: Schema
    model: SemanticModel
    lexicon: Lexicon


class Catalog:
    """Sources by name; opening and introspection happen on first use, under a lock, and are cached."""

    def __init__(self) -> None:
        self._urls: dict[str, str] = {}
        self._refinements: dict[str, Path] = {}
        self._loaded: dict[str, Loaded] = {}
        self._lock = threading.Lock()

    def register(self, name: str, url: str, refinement: Path | None = None) -> None:
        self._urls[name] = url
        if refinement:
            self._refinements[name] = Path(refinement)
        self._loaded.pop(name, None)

    def names(self) -> list[str]:
        return list(self._urls)

    def __contains__(self, name: str) -> bool:
        return name in self._urls

    def get(self, name: str) -> Loaded:
        if name not in self._urls:
            raise KeyError(name)
        loaded = self._loaded.get(name)
        if loaded is None:
            with self._lock:
                loaded = self._loaded.get(name) or self._load(name)
                self._loaded[name] = loaded
        return loaded

    def _load(self, name: str) -> Loaded:
        from conversql.sources import open_source
        source = open_source(self._urls[name])
        schema = source.introspect()
        model = build_model(schema)
        load_name_values(model, source)
        share_role_values(model)
        if name in self._refinements:
            from conversql.semantic.refine import apply_refinement_file
            apply_refinement_file(model, self._refinements[name])
        return Loaded(source, schema, model, build_lexicon(model))

    def close(self) -> None:
        for loaded in self._loaded.values():
            loaded.source.close()
        self._loaded.clear()

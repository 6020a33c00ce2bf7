"""The catalog: named data sources, each opened once, introspected once and given its semantic model.

`refresh` builds a source's schema, model, values, value index and lexicon again through the open connection and
swaps them in at once: a question already being answered finishes on what it started with, the next one sees
the new data. `refresh_every` does that periodically in a background thread.
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from conversql.semantic.build import build_model
from conversql.semantic.model import SemanticModel
from conversql.semantic.value_index import IndexLimits, ValueIndex, build_value_index
from conversql.semantic.values import load_name_values, share_role_values
from conversql.sources.base import Schema, Source
from conversql.understand.lexicon import Lexicon, build_lexicon
from conversql.understand.value_link import attach_value_index

log = logging.getLogger(__name__)


@dataclass
class Loaded:
    source: Source
    schema: Schema
    model: SemanticModel
    lexicon: Lexicon
    values: ValueIndex = field(default_factory=ValueIndex)
    loaded_at: float = field(default_factory=time.time)     # when this state of the source was read (epoch s)
    build_ms: float = 0.0                                     # how long reading and modelling it took


class Catalog:
    """Sources by name; opening and introspection happen on first use, under a lock, and are cached."""

    def __init__(self, index_limits: IndexLimits | None = None) -> None:
        self._urls: dict[str, str] = {}
        self._refinements: dict[str, Path] = {}
        self._loaded: dict[str, Loaded] = {}
        self._lock = threading.Lock()
        self._refreshing: dict[str, threading.Lock] = {}
        self.index_limits = index_limits or IndexLimits()
        self._stop = threading.Event()
        self._refresher: threading.Thread | None = None

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
        try:
            return self._build(name, source)
        except BaseException:
            source.close()
            raise

    def _build(self, name: str, source: Source) -> Loaded:
        started = time.perf_counter()
        schema = source.introspect()
        model = build_model(schema)
        load_name_values(model, source)
        share_role_values(model)
        if name in self._refinements:
            from conversql.semantic.refine import apply_refinement_file
            apply_refinement_file(model, self._refinements[name])
        index = build_value_index(model, source, self.index_limits)
        lexicon = attach_value_index(build_lexicon(model), index, model)
        return Loaded(source, schema, model, lexicon, index, build_ms=round((time.perf_counter() - started) * 1000, 1))

    def refresh(self, name: str) -> Loaded:
        """Read the source again (schema, values, value index) and swap the result in; a source not opened yet
        is simply opened. KeyError for an unknown name; a failure keeps the previous state and raises.

        >>> catalog.refresh("shop").values.exact("Portugal")       # doctest: +SKIP
        [('customers.country', 'Portugal')]
        """
        if name not in self._urls:
            raise KeyError(name)
        with self._lock:
            gate = self._refreshing.setdefault(name, threading.Lock())
        with gate:                                   # one refresh of a source at a time; questions never wait
            current = self._loaded.get(name)
            if current is None:
                return self.get(name)
            fresh = self._build(name, current.source)
            with self._lock:
                if self._loaded.get(name) is current:   # not re-registered meanwhile
                    self._loaded[name] = fresh
            return fresh

    def refresh_every(self, seconds: float) -> None:
        """Refresh every opened source every `seconds` in a daemon thread, until `close`."""
        if seconds <= 0 or self._refresher is not None:
            return

        def loop() -> None:
            while not self._stop.wait(seconds):
                for name in list(self._loaded):
                    try:
                        self.refresh(name)
                    except Exception:      # noqa: BLE001 - a source that fails to refresh keeps its last state
                        log.exception("refreshing source %r failed", name)

        self._refresher = threading.Thread(target=loop, name="conversql-refresh", daemon=True)
        self._refresher.start()

    def close(self) -> None:
        self._stop.set()
        if self._refresher is not None:
            self._refresher.join(timeout=5)
        for loaded in self._loaded.values():
            loaded.source.close()
        self._loaded.clear()

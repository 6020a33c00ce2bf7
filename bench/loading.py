"""Opening a source: introspection, the semantic model, its name values and the lexicon, each timed.

This follows the same steps as `conversql.engine.catalog.Catalog._load`, one at a time, so the report can say
which one costs what; the catalog's own total is measured separately (`catalog_get_ms`).
"""
from __future__ import annotations

import pickle
from typing import Any

from stats import current_rss_mb, timed


def measure_loading(url: str) -> dict[str, Any]:
    """Step times (ms) and sizes of what opening `url` builds; the source is closed afterwards."""
    from conversql.semantic.build import build_model
    from conversql.semantic.values import load_name_values
    from conversql.sources import open_source
    from conversql.understand.lexicon import build_lexicon

    rss_before = current_rss_mb()
    source, open_ms = timed(lambda: open_source(url))
    try:
        schema, introspect_ms = timed(source.introspect)
        model, model_ms = timed(lambda: build_model(schema))
        _, values_ms = timed(lambda: load_name_values(model, source))
        lexicon, lexicon_ms = timed(lambda: build_lexicon(model))
    finally:
        source.close()
    return {
        "open_ms": round(open_ms, 1), "introspect_ms": round(introspect_ms, 1), "build_model_ms": round(model_ms, 1),
        "load_values_ms": round(values_ms, 1), "build_lexicon_ms": round(lexicon_ms, 1),
        "total_ms": round(open_ms + introspect_ms + model_ms + values_ms + lexicon_ms, 1),
        "rss_growth_mb": _growth(rss_before, current_rss_mb()),
        "model": model_size(model), "lexicon": lexicon_size(lexicon),
    }


def model_size(model) -> dict[str, Any]:
    values = sum(len(f.values or []) for f in model.fields.values())
    return {"entities": len(model.entities), "fields": len(model.fields), "measures": len(model.measures),
            "joins": len(model.joins), "field_values": values, "pickled_kb": _pickled_kb(model)}


def lexicon_size(lexicon) -> dict[str, Any]:
    return {"phrases": _count(getattr(lexicon, "phrases", None)), "exact": _count(getattr(lexicon, "exact", None)),
            "pickled_kb": _pickled_kb(lexicon)}


def _count(collection) -> int | None:
    return len(collection) if collection is not None else None


def _pickled_kb(obj) -> float | None:
    try:
        return round(len(pickle.dumps(obj)) / 1024, 1)
    except Exception:              # a lambda or an open handle inside: the size is simply not reported
        return None


def _growth(before: float | None, after: float | None) -> float | None:
    return round(after - before, 1) if before is not None and after is not None else None

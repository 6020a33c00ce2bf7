"""Refine an automatic semantic model with a YAML file: names, synonyms, descriptions, metrics, hidden columns,
default filters, extra joins and verified question/SQL pairs. The format is documented in docs/semantic-model.md.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field as PField, ValidationError

from conversql.query.structured import FilterSpec
from conversql.semantic.model import Join, Measure, SemanticModel, VerifiedQuery


class RefinementError(ValueError):
    """The YAML file is malformed or names something the database does not have."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FieldSpec(_Strict):
    label: str | None = None
    synonyms: list[str] = PField(default_factory=list)
    description: str | None = None
    hidden: bool | None = None
    unit: str | None = None


class MetricSpec(_Strict):
    expr: str
    agg: str = "sum"
    label: str | None = None
    synonyms: list[str] = PField(default_factory=list)
    description: str = ""
    unit: str | None = None


class EntitySpec(_Strict):
    label: str | None = None
    synonyms: list[str] = PField(default_factory=list)
    description: str | None = None
    hidden: bool | None = None
    time_field: str | None = None
    name_fields: list[str] | None = None
    default_filters: list[FilterSpec] | None = None
    fields: dict[str, FieldSpec] = PField(default_factory=dict)
    metrics: dict[str, MetricSpec] = PField(default_factory=dict)


class JoinSpec(_Strict):
    source: str                    # "orders.customer_id"
    target: str                    # "customers.customer_id"
    role: str = ""


class RefinementFile(_Strict):
    entities: dict[str, EntitySpec] = PField(default_factory=dict)
    joins: list[JoinSpec] = PField(default_factory=list)
    verified_queries: list[dict[str, str]] = PField(default_factory=list)


def apply_refinement_file(model: SemanticModel, path: Path) -> SemanticModel:
    try:
        data = yaml.safe_load(Path(path).read_text()) or {}
    except (OSError, yaml.YAMLError) as e:
        raise RefinementError(f"cannot read semantic model file {path}: {e}") from e
    return apply_refinement(model, data)


def apply_refinement(model: SemanticModel, data: dict[str, Any]) -> SemanticModel:
    """Apply a parsed YAML document to a model, in place.

    >>> apply_refinement(model, {"entities": {"orders": {"synonyms": ["purchases"]}}}).entities["orders"].synonyms
    ['purchase', 'purchases']
    """
    try:
        spec = RefinementFile.model_validate(data)
    except ValidationError as e:
        raise RefinementError(f"invalid semantic model file: {e}") from e
    for name, es in spec.entities.items():
        ent = model.entities.get(name)
        if ent is None:
            raise RefinementError(f"entity {name!r} is not a table of this database")
        for col in ([es.time_field] if es.time_field else []) + (es.name_fields or []):
            _column(model, name, col)
        for attr in ("label", "description", "hidden", "time_field", "name_fields", "default_filters"):
            value = getattr(es, attr)
            if value is not None:
                setattr(ent, attr, value)
        ent.synonyms += es.synonyms
        for col, fs in es.fields.items():
            f = model.fields.get(f"{name}.{col}")
            if f is None:
                raise RefinementError(f"column {name}.{col} does not exist")
            for attr in ("label", "description", "hidden", "unit"):
                value = getattr(fs, attr)
                if value is not None:
                    setattr(f, attr, value)
            f.synonyms += fs.synonyms
        for mname, ms in es.metrics.items():
            model.measures[f"{name}.{mname}"] = Measure(
                id=f"{name}.{mname}", entity=name, name=mname, expr=ms.expr, agg=ms.agg,  # type: ignore[arg-type]
                label=ms.label or mname.replace("_", " "), synonyms=ms.synonyms, description=ms.description,
                unit=ms.unit, derived=True)
    for js in spec.joins:
        (s_ent, s_col), (t_ent, t_col) = _qualified(model, js.source), _qualified(model, js.target)
        model.joins.append(Join(s_ent, [s_col], t_ent, [t_col], js.role))
    for q in spec.verified_queries:
        if not q.get("question") or not q.get("sql"):
            raise RefinementError(f"a verified query needs both 'question' and 'sql': {q}")
        model.verified_queries.append(VerifiedQuery(q["question"], q["sql"]))
    return model


def _column(model: SemanticModel, entity: str, column: str) -> str:
    if f"{entity}.{column}" not in model.fields:
        raise RefinementError(f"column {entity}.{column} does not exist")
    return column


def _qualified(model: SemanticModel, ref: str) -> tuple[str, str]:
    """'orders.customer_id' -> ('orders', 'customer_id'), checked against the model."""
    entity, dot, column = ref.partition(".")
    if not dot or not column:
        raise RefinementError(f"a join end must be written table.column, got {ref!r}")
    if entity not in model.entities:
        raise RefinementError(f"join end {ref!r} names an unknown table")
    return entity, _column(model, entity, column)

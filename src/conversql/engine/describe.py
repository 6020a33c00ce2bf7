"""Say in words what a structured query asks: the interpretation every answer states, and its title."""
from __future__ import annotations

from conversql.query.structured import FilterSpec, MeasureSpec, StructuredQuery
from conversql.semantic.model import SemanticModel
from conversql.semantic.naming import plural

_AGG_WORDS = {"sum": "Total", "avg": "Average", "min": "Minimum", "max": "Maximum", "count": "Number of",
              "count_distinct": "Number of distinct"}
_OP_WORDS = {"=": "is", "!=": "is not", "<": "below", "<=": "at most", ">": "over", ">=": "at least",
             "in": "is one of", "not_in": "is none of", "between": "between", "like": "matches",
             "not_like": "does not match", "is_null": "is empty", "is_not_null": "is set",
             "exists": "exist", "not_exists": "do not exist", "any": "any of"}


def _label(model: SemanticModel, ref: str) -> str:
    if ref in model.measures:
        return model.measures[ref].label or model.measures[ref].name
    if ref in model.fields:
        return model.fields[ref].label
    if ref in model.entities:
        return model.entities[ref].label
    return ref


def measure_phrase(model: SemanticModel, m: MeasureSpec) -> str:
    if m.measure is None:
        ent = model.entities.get(m.entity or "")
        return f"{_AGG_WORDS[m.agg]} {plural(ent.label) if ent else 'rows'}"
    word, label = _AGG_WORDS[m.agg], _label(model, m.measure)
    if m.per and m.per in model.entities:     # "average order value": the revenue per order, averaged
        return f"Average {label} per {model.entities[m.per].label}"
    # a metric named for its aggregate ("average basket") is not said twice
    said = label.lower() == word.lower() or label.lower().startswith(word.lower() + " ")   # "total", "total amount"
    return label[0].upper() + label[1:] if said else f"{word} {label}"


def filter_phrase(model: SemanticModel, f: FilterSpec) -> str:
    if f.op == "any":
        return "(" + " or ".join(filter_phrase(model, FilterSpec.model_validate(x)) for x in f.value) + ")"
    if f.op in ("exists", "not_exists"):
        inner = [filter_phrase(model, FilterSpec.model_validate(c)) for c in (f.value or [])]
        what = f"{'some' if f.op == 'exists' else 'no'} related {plural(_label(model, f.field))}"
        return what + (f" with {' and '.join(inner)}" if inner else "")   # "some related genres with name Rock"
    if f.compare_to:
        return f"{_label(model, f.field)} {_OP_WORDS[f.op]} the {f.compare_to}"
    if f.value_field:
        return f"{_label(model, f.field)} {_OP_WORDS[f.op]} {_label(model, f.value_field)}"
    value = ", ".join(map(str, f.value)) if isinstance(f.value, list) and f.op != "between" else \
        " and ".join(map(str, f.value)) if isinstance(f.value, list) else f.value
    tail = "" if f.op in ("is_null", "is_not_null") else f" {value}"
    return f"{_label(model, f.field)} {_OP_WORDS[f.op]}{tail}"


_GRAIN_WORDS = {"half": "half year", "day_of_week": "day of week", "month_of_year": "month of year",
                "quarter_of_year": "quarter", "day_of_month": "day of month"}


def title(model: SemanticModel, q: StructuredQuery) -> str:
    """A short title: 'Total revenue by genre, last 3 months'."""
    head = ", ".join(measure_phrase(model, m) for m in q.measures) if q.measures else \
        "List of " + plural(model.entities[q.entity].label) if q.entity in model.entities else "Result"
    dims = [_GRAIN_WORDS.get(d.grain, d.grain) if d.grain and d.grain != "day" else
            ("day" if d.grain else _label(model, d.field)) for d in q.dimensions]
    if dims:
        head += " by " + " and ".join(dims)
    if q.limit and q.measures and q.dimensions:
        head = f"Top {q.limit}: " + head[0].lower() + head[1:] if any(o.desc for o in q.order) else \
            f"Bottom {q.limit}: " + head[0].lower() + head[1:]
    if q.time_range and q.time_range.label:
        head += f", {q.time_range.label}"
    return head


def interpretation(model: SemanticModel, q: StructuredQuery) -> str:
    """The whole reading, e.g. 'Total revenue per day for orders from 2024-10-08 to 2025-01-08, excluding
    deleted orders'."""
    parts = [title(model, q).split(", ")[0]]
    if q.fields and not q.measures:
        cols = [_label(model, f) for f in q.fields]
        parts = [f"{plural(model.entities[q.entity].label).capitalize()}: " + ", ".join(cols)]
    if q.time_range and (q.time_range.start or q.time_range.end):
        tr = q.time_range
        field = _label(model, tr.field) if tr.field else "date"
        if tr.start and tr.end:
            from datetime import timedelta
            span = f"from {tr.start.isoformat()} to {(tr.end - timedelta(days=1)).isoformat()}"
        elif tr.start:
            span = f"from {tr.start.isoformat()} on"
        else:
            span = f"before {tr.end.isoformat()}"
        parts.append(f"with {field} {span} ({tr.label})" if tr.label else f"with {field} {span}")
    if len(q.periods) > 1:
        periods = " and ".join(p.label or p.start.isoformat() for p in sorted(q.periods, key=lambda p: p.start))
        parts.append(f"{periods} side by side" + (", with the change in %" if len(q.periods) == 2 else ""))
    if any(m.growth for m in q.measures):
        parts.append("with the change from the period before, in %")
    if q.filters:
        parts.append("where " + " and ".join(filter_phrase(model, f) for f in q.filters))
    if q.order:
        o = q.order[0]
        parts.append(f"sorted by {_label(model, o.key)} {'descending' if o.desc else 'ascending'}")
    if q.limit:
        parts.append(f"first {q.limit} rows")
    excluded = []
    if q.apply_default_filters and q.entity in model.entities:
        for f in model.entities[q.entity].default_filters:
            excluded.append(f"deleted {plural(model.entities[q.entity].label)}"
                            if "delet" in f.field.lower() else filter_phrase(model, f))
    if excluded:
        parts.append("excluding " + ", ".join(excluded))
    return ", ".join(parts)

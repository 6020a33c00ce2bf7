"""Time in an assembled question: its range, its grain, and which date column it is about."""
from __future__ import annotations

from conversql.query.structured import (
    TimeRange,
)
from conversql.semantic.model import Field, SemanticModel
from conversql.semantic.naming import split_name

# Superlative adjectives: with another thing to show they pick a row ("the dorm with the largest capacity");
# alone they are an aggregate ("the largest capacity").
from conversql.understand.draft import spans_of
from conversql.understand.slots import Slot
from conversql.understand.spans import Span


# --- time -----------------------------------------------------------------------------------------------------
def read_time(spans: list[Span], slots: list[Slot], used: set[int]) -> tuple[TimeRange | None, str | None]:
    time_spans, grains = spans_of(spans, "time"), spans_of(spans, "grain")
    time_range = time_spans[0].payload if time_spans else None
    for t in time_spans:
        used.update(range(t.start, t.end))
    if len(time_spans) > 1 and all(t.payload.start and t.payload.end for t in time_spans):
        # "this quarter compared with last quarter": both periods, one row each
        ranges = [t.payload for t in time_spans]
        time_range = TimeRange(start=min(r.start for r in ranges), end=max(r.end for r in ranges),
                               label=" vs ".join(r.label for r in ranges))
        units = {t.meta.get("calendar") for t in time_spans}
        if len(units) == 1 and None not in units and not grains:
            return time_range, units.pop()
        if all(r.label.isdigit() for r in ranges) and not grains:
            return time_range, "year"
    grain = None
    for g in grains:
        used.update(range(g.start, g.end))
        grain = g.payload or "month"
    if grain is None and time_spans and time_spans[0].meta.get("rolling") and time_spans[0].meta.get("n", 1) > 1 \
            and not spans_of(spans, "aggregate") and not any(sl.role == "group" for sl in slots):
        # "sales from the last 3 months" with no "total": the trend over the window, at a readable grain
        grain = _auto_grain(time_range)
    compare = time_spans[0].meta.get("compare") if time_spans else None
    if compare and grain is None and all(p[2].isdigit() for p in compare):
        grain = "year"
    return time_range, grain


def _auto_grain(tr: TimeRange | None) -> str:
    days = (tr.end - tr.start).days if tr and tr.start and tr.end else 366
    return "day" if days <= 93 else "week" if days <= 186 else "month" if days <= 3 * 366 else "year"


def time_field_for(model: SemanticModel, entity: str) -> str | None:
    tf = model.default_time_field(entity)
    return tf.id if tf else None


_YEAR_WORDS = {"year", "season", "founded", "opened", "established", "built", "date", "born", "since"}


def holds_years(f: Field) -> bool:
    """A number column of years: named so ('season', 'founded'), or every value it is known to hold is a year."""
    if f.kind != "number" and f.role != "numeric":
        return False
    if _YEAR_WORDS & set(split_name(f.column)):
        return True
    values = [_number(v) for v in f.values or [] if v is not None]
    return bool(values) and all(v is not None and v.is_integer() and 1600 <= v <= 2100 for v in values)


def _number(value) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None

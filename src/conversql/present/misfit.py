"""Why a chart the user asked for suits the result badly, in a sentence the user can act on.

A requested chart is drawn whenever the result can carry it; these reasons travel with it as a warning, so a pie
of 200 dates is still a pie, but the user learns why a line would read better.
"""
from __future__ import annotations

from typing import Any, Callable, Sequence

from conversql.present.models import Visualization
from conversql.present.charts import MAX_BARS, MAX_PIE_SLICES
from conversql.present.roles import ColumnRole
from conversql.present.shape import ResultShape
from conversql.present.wording import readable

_NAMES = {"line": "a line chart", "bar": "a bar chart", "pie": "a pie chart", "scatter": "a scatter plot",
          "area": "an area chart", "number": "a single-number card", "table": "a table"}


def _pie(s: ResultShape, viz: Visualization) -> str | None:
    y = viz.y_axis or ""
    if len(s.compared) > 1 and y in s.compared:
        others = [readable(c) for c in s.compared if c != y]
        return f"a pie shows one measure, so it leaves out {' and '.join(others)}"
    if y in s.roles and any(v < 0 for v in s.numbers(y) if v is not None):
        return f"{readable(y)} has negative values, which a pie cannot show"
    if viz.x_axis and viz.x_axis in s.time:
        return f"{readable(viz.x_axis)} is a time axis, which a line shows better than slices"
    slices = s.distinct(viz.x_axis) if viz.x_axis in s.roles else 0
    if slices > MAX_PIE_SLICES:
        return f"{slices:,} slices are too many to compare; a pie reads best with {MAX_PIE_SLICES} or fewer"
    if y in s.roles and not s.role(y).is_additive():
        return f"{readable(y)} does not add up to a whole, so slices of it mean little"
    return None


def _scatter(s: ResultShape, viz: Visualization) -> str | None:
    if len(s.measures) < 2:
        return "a scatter plot compares two numeric columns and this result has fewer"
    return None


def _line(s: ResultShape, viz: Visualization) -> str | None:
    if viz.x_axis in s.roles and viz.x_axis not in s.time and not s.ordered(viz.x_axis):
        return f"{readable(viz.x_axis)} is not a time axis, so the line suggests an order that is not there"
    return None


def _bar(s: ResultShape, viz: Visualization) -> str | None:
    if viz.x_axis in s.roles and s.distinct(viz.x_axis) > MAX_BARS:
        return f"{s.distinct(viz.x_axis):,} bars are too many to read"
    return None


def _number(s: ResultShape, viz: Visualization) -> str | None:
    if s.n_rows > 1:
        return f"a single-number card needs a one-row result and this one has {s.n_rows:,} rows"
    return None


_CHECKS: dict[str, Callable[[ResultShape, Visualization], str | None]] = {
    "pie": _pie, "scatter": _scatter, "line": _line, "area": _line, "bar": _bar, "number": _number}


def chart_misfit(chart_type: str, viz: Visualization, columns: Sequence[str], column_types: dict[str, str],
                 rows: Sequence[Sequence[Any]], roles: Sequence[ColumnRole] | None) -> str | None:
    """Why `chart_type` suits this result badly, or None when it suits it.

    >>> chart_misfit("pie", Visualization(type="pie", x_axis="c", y_axis="v"), ["c", "v"],
    ...              {"c": "text", "v": "numeric"}, [["a", 5], ["b", -2]], None)
    'v has negative values, which a pie cannot show'
    """
    shape = ResultShape.of(columns, column_types, rows, roles)
    if chart_type != "table" and shape.n_rows == 0:
        return "the result has no rows"
    if chart_type not in ("number", "table") and not shape.measures:
        return "the result has no numeric column to plot"
    check = _CHECKS.get(chart_type)
    return check(shape, viz) if check else None


def chart_warning(chart_type: str | None, viz: Visualization, columns: Sequence[str],
                  column_types: dict[str, str], rows: Sequence[Sequence[Any]],
                  roles: Sequence[ColumnRole] | None) -> str | None:
    """The warning that goes with a requested chart: why it was not drawn, or why it was drawn but reads badly.

    >>> chart_warning("pie", Visualization(type="pie", x_axis="c", y_axis="v"), ["c", "v"],
    ...               {"c": "text", "v": "numeric"}, [["a", 5], ["b", -2]], None)
    'A pie chart may mislead here: v has negative values, which a pie cannot show.'
    """
    if chart_type is None:
        return None
    reason = chart_misfit(chart_type, viz, columns, column_types, rows, roles)
    if viz.type != chart_type:
        because = f": {reason}" if reason else ""
        return f"Showing {_NAMES[viz.type]} instead of {_NAMES.get(chart_type, chart_type)}{because}."
    if reason:
        return f"{_NAMES[chart_type][0].upper()}{_NAMES[chart_type][1:]} may mislead here: {reason}."
    return None

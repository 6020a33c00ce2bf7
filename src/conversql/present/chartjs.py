"""A Chart.js v4 config for the chosen chart: labels, one dataset per series, and readable options."""
from __future__ import annotations

from typing import Any, Callable, Sequence

from conversql.present.models import Visualization
from conversql.present.periods import cycle_label, cycle_position, period_key, period_label
from conversql.present.roles import ColumnRole
from conversql.present.shape import ResultShape, check_axes, as_number, hashable, json_value
from conversql.present.wording import compared_names, compared_title, readable, sentence

# Tableau 10, the palette Vega-Lite uses too, so both renderings of one answer agree on colours.
PALETTE = ["#4c78a8", "#f58518", "#e45756", "#72b7b2", "#54a24b", "#eeca3b", "#b279a2", "#ff9da6", "#9d755d",
           "#bab0ac"]
HORIZONTAL_AFTER = 10           # more bars than this read better lying down
MAX_POINTS = 60                 # above this, point markers on a line crowd it


def _colour(i: int, alpha: str = "") -> str:
    return PALETTE[i % len(PALETTE)] + alpha


def _label(s: ResultShape, name: str, value: Any) -> str:
    role = s.role(name)
    if value is None:
        return "(none)"
    if role.role == "time":
        return period_label(value, role.grain, in_sentence=False)
    position = cycle_position(name, value)
    return cycle_label(position) if position else str(json_value(value))


def _categories(s: ResultShape, viz: Visualization) -> list[Any]:
    """The x values in the order they are drawn: periods chronologically, categories largest first."""
    x = viz.x_axis or ""
    seen: dict[Any, Any] = {}
    totals: dict[Any, float] = {}
    for y in viz.y_axes or [viz.y_axis or ""]:     # measures side by side rank by their sum, as Vega-Lite's do
        for value, number in zip(s.values(x), s.numbers(y)):
            key = hashable(value)
            seen.setdefault(key, value)
            totals[key] = totals.get(key, 0.0) + (number or 0.0)
    if s.role(x).role == "time":
        return sorted(seen.values(), key=lambda v: (v is None, period_key(v)))
    if s.role(x).role == "category" and s.ordered(x):   # months of a year, ratings: their own order
        return sorted(seen.values(), key=lambda v: (v is None, cycle_position(x, v) or ("", as_number(v) or 0)))
    if viz.type in ("bar", "pie"):
        return sorted(seen.values(), key=lambda v: -totals[hashable(v)])
    return list(seen.values())


def _series_data(s: ResultShape, viz: Visualization, xs: list[Any]) -> list[tuple[str, list[float | None]]]:
    """(name, values aligned with xs) per series; a missing combination is None, which Chart.js leaves out."""
    x, y = viz.x_axis or "", viz.y_axis or ""
    additive = s.role(y).is_additive()
    position = {hashable(v): i for i, v in enumerate(xs)}
    groups: dict[Any, list[float | None]] = {}
    names: dict[Any, str] = {}
    series_values = s.values(viz.series) if viz.series else [None] * s.n_rows
    for xv, sv, number in zip(s.values(x), series_values, s.numbers(y)):
        key = hashable(sv)
        if key not in groups:
            groups[key] = [None] * len(xs)
            names[key] = _label(s, viz.series, sv) if viz.series else sentence(readable(y))
        slot = position[hashable(xv)]
        previous = groups[key][slot]
        # Rows that land on one point (a column the chart does not show split them) add up when the measure
        # is additive; otherwise the last one stands, as it would in any chart that plots them on top.
        if additive and previous is not None and number is not None:
            number = previous + number
        groups[key][slot] = number if number is not None else previous
    return [(names[k], v) for k, v in groups.items()]


def _title(name: str | None) -> dict[str, Any]:
    return {"display": bool(name), "text": sentence(readable(name)) if name else ""}


def _side_by_side(s: ResultShape, viz: Visualization, xs: list[Any]) -> list[tuple[str, list[float | None]]]:
    """One dataset per measure drawn side by side, named by what sets its column apart ("Last year")."""
    _, names = compared_names(viz.y_axes)
    return [(sentence(name), _series_data(s, viz.model_copy(update={"y_axis": y, "series": None}), xs)[0][1])
            for name, y in zip(names, viz.y_axes)]


def _cartesian(s: ResultShape, viz: Visualization, chart: str) -> dict[str, Any]:
    xs = _categories(s, viz)
    several = len(viz.y_axes) > 1
    series = _side_by_side(s, viz, xs) if several else _series_data(s, viz, xs)
    area = viz.type == "area"
    datasets = []
    for i, (name, values) in enumerate(series):
        dataset: dict[str, Any] = {"label": name, "data": values, "borderColor": _colour(i),
                                   "backgroundColor": _colour(i, "cc" if chart == "bar" else "66")}
        if chart == "line":
            # Stacked areas fill down to the series below; a lone area, or amounts side by side, to the axis.
            fill = ("origin" if i == 0 or several else "-1") if area else False
            dataset.update(fill=fill, tension=0, pointRadius=3 if len(xs) <= MAX_POINTS else 0)
        datasets.append(dataset)
    horizontal = chart == "bar" and not s.ordered(viz.x_axis or "") and len(xs) > HORIZONTAL_AFTER
    label_axis, value_axis = ("y", "x") if horizontal else ("x", "y")
    stacked = viz.series is not None and (area or chart == "bar")
    # Measures side by side: the axis says what they share ("Total revenue"), the legend what sets them apart.
    value_title = {"display": True, "text": compared_title(viz.y_axes)} if several else _title(viz.y_axis)
    options: dict[str, Any] = {
        "scales": {label_axis: {"title": _title(viz.x_axis), "stacked": stacked},
                   value_axis: {"title": value_title, "beginAtZero": chart == "bar" or area, "stacked": stacked}},
        "plugins": {"legend": {"display": viz.series is not None or several}}}
    if horizontal:
        options["indexAxis"] = "y"
    if chart == "line":
        # Tooltips for the period nearest the pointer, every series at once, as the Vega-Lite spec's hover does.
        options["interaction"] = {"mode": "index", "intersect": False}
    return {"type": chart, "data": {"labels": [_label(s, viz.x_axis or "", v) for v in xs],
                                    "datasets": datasets}, "options": options}


def _line(s: ResultShape, viz: Visualization) -> dict[str, Any]:
    return _cartesian(s, viz, "line")


def _bar(s: ResultShape, viz: Visualization) -> dict[str, Any]:
    return _cartesian(s, viz, "bar")


def _pie(s: ResultShape, viz: Visualization) -> dict[str, Any]:
    xs = _categories(s, viz)
    series = _series_data(s, viz.model_copy(update={"series": None}), xs)
    values = series[0][1] if series else []
    return {"type": "pie",
            "data": {"labels": [_label(s, viz.x_axis or "", v) for v in xs],
                     "datasets": [{"label": sentence(readable(viz.y_axis or "")), "data": values,
                                   "backgroundColor": [_colour(i) for i in range(len(xs))]}]},
            "options": {"plugins": {"legend": {"display": True, "position": "right"}}}}


def _scatter(s: ResultShape, viz: Visualization) -> dict[str, Any]:
    x, y = viz.x_axis or "", viz.y_axis or ""
    numeric_x = s.role(x).role == "measure"
    groups: dict[Any, list[dict[str, Any]]] = {}
    names: dict[Any, str] = {}
    series_values = s.values(viz.series) if viz.series else [None] * s.n_rows
    for xv, yv, sv in zip(s.values(x), s.numbers(y), series_values):
        xp = as_number(xv) if numeric_x else _label(s, x, xv)
        if xp is None or yv is None:
            continue   # a point needs both coordinates
        key = hashable(sv)
        names.setdefault(key, _label(s, viz.series, sv) if viz.series else sentence(readable(y)))
        groups.setdefault(key, []).append({"x": xp, "y": yv})
    datasets = [{"label": names[k], "data": points, "backgroundColor": _colour(i), "borderColor": _colour(i)}
                for i, (k, points) in enumerate(groups.items())]
    # A non-numeric x (dates, names) sits on a category scale, which needs the labels in order.
    x_scale: dict[str, Any] = {"type": "linear", "title": _title(x)}
    data: dict[str, Any] = {"datasets": datasets}
    if not numeric_x:
        x_scale["type"] = "category"
        data["labels"] = [_label(s, x, v) for v in _categories(s, viz)]
    return {"type": "scatter", "data": data,
            "options": {"scales": {"x": x_scale, "y": {"type": "linear", "title": _title(y)}},
                        "plugins": {"legend": {"display": viz.series is not None}}}}


_BUILDERS: dict[str, Callable[[ResultShape, Visualization], dict[str, Any]]] = {
    "line": _line, "area": _line, "bar": _bar, "pie": _pie, "scatter": _scatter}


def chartjs_config(viz: Visualization, columns: Sequence[str], column_types: dict[str, str],
                   rows: Sequence[Sequence[Any]], title: str = "",
                   roles: Sequence[ColumnRole] | None = None) -> dict[str, Any] | None:
    """The Chart.js v4 config that draws `viz`; None for a number card or a table, which Chart.js does not draw.

    >>> config = chartjs_config(Visualization(type="bar", x_axis="c", y_axis="v"), ["c", "v"],
    ...                         {"c": "text", "v": "numeric"}, [["a", 2], ["b", 5]], "V by c")
    >>> config["data"]["labels"], config["data"]["datasets"][0]["data"]
    (['b', 'a'], [5.0, 2.0])
    """
    build = _BUILDERS.get(viz.type)
    if build is None:
        return None
    shape = ResultShape.of(columns, column_types, rows, roles)
    check_axes(viz, shape)
    if not viz.x_axis or not viz.y_axis:
        raise ValueError(f"a {viz.type} chart needs both an x and a y column")
    config = build(shape, viz)
    config["options"] = {"responsive": True, "maintainAspectRatio": False, **config["options"]}
    config["options"]["plugins"]["title"] = {"display": bool(title or viz.title), "text": title or viz.title}
    return config

"""A Vega-Lite v5 spec for the chosen chart, with the rows inline so the spec renders on its own."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from conversql.present.models import Visualization
from conversql.present.periods import as_datetime, cycle_label, cycle_position
from conversql.present.roles import ColumnRole
from conversql.present.shape import ResultShape, check_axes, json_value
from conversql.present.wording import compared_names, compared_title, measure_words, readable, sentence

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
NUMBER_FORMAT = ",.2~f"         # thousands separators, at most two decimals, no trailing zeros
PERCENT_FORMAT = ",.1~f"        # percentages come as 37.44 (not 0.3744), so d3's "%" would multiply them
MAX_POINTS = 60                 # above this, point markers on a line crowd it
HORIZONTAL_AFTER = 10           # more bars than this read better lying down, labels horizontal
MAX_TOOLTIP_FIELDS = 8
HOVER = "hover"                 # the selection of the point nearest the pointer on a line or area chart
# Dates are sent as ISO dates, which Vega reads as UTC midnight; UTC time units keep them on the right day.
_TIME_UNITS = {"day": "utcyearmonthdate", "week": "utcyearmonthdate", "month": "utcyearmonth",
               "quarter": "utcyearquarter", "year": "utcyear"}
# Text that JavaScript's Date parses as ISO: a year, a month, a day, optionally with a time.
_ISO_TEXT = re.compile(r"^\d{4}(-\d{2}(-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?)?)?$")
# The months of a year as the axis names them, for a month column holding '01'..'12'.
_MONTH_LABELS = json.dumps([cycle_label(("month", n)) for n in range(1, 13)])


def field_ref(name: str) -> str:
    """A column name as a Vega field reference: dots and brackets would otherwise mean nested access.

    >>> field_ref("o.order_date")
    'o\\\\.order_date'
    """
    return re.sub(r"([.\[\]\\])", r"\\\1", name)


def _is_temporal(s: ResultShape, name: str) -> bool:
    """Whether Vega can read the column as dates; quarters ("2024-Q1") and numeric years it cannot."""
    if s.role(name).role != "time":
        return False
    present = [v for v in s.values(name) if v is not None]
    return bool(present) and all(as_datetime(v) is not None if not isinstance(v, str)
                                 else bool(_ISO_TEXT.match(v.strip())) for v in present)


def _field(s: ResultShape, name: str, *, banded: bool = False) -> dict[str, Any]:
    """The encoding of one column: its Vega type from its role, a readable title, a number format."""
    role = s.role(name)
    encoding: dict[str, Any] = {"field": field_ref(name), "title": sentence(readable(name))}
    if role.is_percent():
        encoding.update(type="quantitative", format=PERCENT_FORMAT, title=sentence(f"{measure_words(name)} (%)"))
    elif role.role == "measure":
        encoding.update(type="quantitative", format=NUMBER_FORMAT)
    elif role.role == "time" and _is_temporal(s, name):
        # Bars need a band per period; a temporal scale would draw them as slivers.
        encoding["type"] = "ordinal" if banded else "temporal"
        if role.grain:
            encoding["timeUnit"] = _TIME_UNITS[role.grain]
    elif role.role == "time" or (role.role == "category" and s.ordered(name)):
        encoding["type"] = "ordinal"   # quarters, numeric years, months of a year: ordered, not amounts
    else:
        encoding["type"] = "nominal"
    return encoding


def _label_axis(s: ResultShape, name: str, *, banded: bool = False) -> dict[str, Any]:
    """The axis of the labels; months and quarters of a year are short labels that stay upright, months
    written '01'..'12' named as months ("Jan")."""
    encoding = _axis(_field(s, name, banded=banded))
    units = {(cycle_position(name, v) or ("", 0))[0] for v in s.values(name) if v is not None}
    if units in ({"month"}, {"quarter"}):
        axis = encoding.setdefault("axis", {})
        axis["labelAngle"] = 0
        if units == {"month"}:
            axis["labelExpr"] = f"{_MONTH_LABELS}[toNumber(datum.value) - 1] || datum.label"
    return encoding


def _axis(field: dict[str, Any]) -> dict[str, Any]:
    """A positional encoding: number formats belong on the axis, not on the field itself."""
    out = {k: v for k, v in field.items() if k != "format"}
    if "format" in field:
        out["axis"] = {"format": field["format"]}
    return out


def _tooltip(s: ResultShape, first: Sequence[str | None]) -> list[dict[str, Any]]:
    shown = [c for c in first if c] + [c for c in s.columns if c not in first]
    return [_field(s, c) for c in shown[:MAX_TOOLTIP_FIELDS]]


def _color(s: ResultShape, name: str | None) -> dict[str, Any]:
    if not name:
        return {}
    return {"color": {"field": field_ref(name), "type": "nominal", "title": sentence(readable(name))}}


def _line(s: ResultShape, viz: Visualization, mark: str = "line") -> dict[str, Any]:
    """A line (or area) with a hover layer: the point nearest the pointer is shown with its tooltip, so a tooltip
    answers anywhere over the plot, not only on a 2px line or its small markers."""
    x, y = viz.x_axis or "", viz.y_axis or ""
    spec_mark: dict[str, Any] = {"type": mark}
    if s.distinct(x) <= MAX_POINTS:
        spec_mark["point"] = True
    if mark == "area":
        spec_mark.update(line=True, opacity=0.6)
    x_field = _label_axis(s, x)
    if x_field["type"] == "nominal":
        x_field["sort"] = None     # a line over categories follows the rows' order, not the alphabet
    folded = _folded(s, viz)
    y_field = folded.value if folded else _axis(_field(s, y))
    color = {"color": folded.series} if folded else _color(s, viz.series)
    if folded and mark == "area":
        y_field["stack"] = None     # amounts side by side overlap; stacked they would add up to nothing real
    hover: dict[str, Any] = {
        "params": [{"name": HOVER, "select": {"type": "point", "encodings": ["x"], "nearest": True,
                                              "on": "pointerover", "clear": "pointerout"}}],
        "mark": {"type": "point", "filled": True, "size": 60},
        "encoding": {"opacity": {"condition": {"param": HOVER, "empty": False, "value": 1}, "value": 0},
                     "tooltip": _tooltip(s, [x, viz.series, *(viz.y_axes or [y])])}}
    if mark == "area" and viz.series:
        hover["encoding"]["y"] = {**y_field, "stack": "zero"}   # on the stacked outline, where the eye is
    spec = {"encoding": {"x": x_field, "y": y_field, **color}, "layer": [{"mark": spec_mark}, hover]}
    return {"transform": folded.transform, **spec} if folded else spec


@dataclass(frozen=True)
class _Folded:
    """Measures drawn side by side, one series each, as Vega-Lite reads them: the rows folded so each measure's
    value is a row of its own, with the encodings of that value and of its series."""
    transform: list[dict[str, Any]]
    value: dict[str, Any]      # the quantitative axis, titled by what the columns share ("Total revenue")
    series: dict[str, Any]     # the colour, one per measure, named by what sets its column apart ("Last year")

    def offset(self) -> dict[str, Any]:
        """Bars of one label side by side within its band, in the columns' order."""
        return {"field": self.series["field"], "sort": self.series["sort"]}


def _folded(s: ResultShape, viz: Visualization) -> _Folded | None:
    """The fold for a chart of several measures; None for one. Tooltips still show the columns as they are,
    since every folded row keeps them.

    >>> shape = ResultShape.of(["q", "total_2024", "total_2025"], {"q": "text", "total_2024": "numeric",
    ...                        "total_2025": "numeric"}, [["Q1", 1, 2], ["Q2", 3, 4]])
    >>> _folded(shape, Visualization(type="bar", x_axis="q", y_axis="total_2024",
    ...                              y_axes=["total_2024", "total_2025"])).series["sort"]
    ['2024', '2025']
    """
    if len(viz.y_axes) < 2:
        return None
    names = [sentence(n) for n in compared_names(viz.y_axes)[1]]
    key, value, series = _unused_names(s, "measure", "value", "series")
    pick = f"{json.dumps(names)}[indexof({json.dumps(viz.y_axes)}, datum[{json.dumps(key)}])]"
    return _Folded(
        transform=[{"fold": [field_ref(c) for c in viz.y_axes], "as": [key, value]},
                   {"calculate": pick, "as": series}],
        value={"field": value, "type": "quantitative", "title": compared_title(viz.y_axes),
               "axis": {"format": NUMBER_FORMAT}},
        series={"field": series, "type": "nominal", "title": None, "sort": names})


def _unused_names(s: ResultShape, *wanted: str) -> list[str]:
    """Names for fields a transform adds, clear of the result's own columns."""
    names = []
    for name in wanted:
        while name in s.columns or name in names:
            name = f"_{name}"
        names.append(name)
    return names


def _area(s: ResultShape, viz: Visualization) -> dict[str, Any]:
    return _line(s, viz, mark="area")


def _bar(s: ResultShape, viz: Visualization) -> dict[str, Any]:
    x, y = viz.x_axis or "", viz.y_axis or ""
    label = _label_axis(s, x, banded=True)
    folded = _folded(s, viz)
    value = folded.value if folded else _axis(_field(s, y))
    color = {"color": folded.series} if folded else _color(s, viz.series)
    horizontal = label["type"] == "nominal" and s.distinct(x) > HORIZONTAL_AFTER
    if label["type"] == "nominal":
        # Categories read best ranked: the largest first (at the top when the bars lie down).
        label["sort"] = "-x" if horizontal else "-y"
    encoding = {"y": label, "x": value} if horizontal else {"x": label, "y": value}
    if folded:      # grouped bars
        encoding["yOffset" if horizontal else "xOffset"] = folded.offset()
    spec = {"mark": {"type": "bar"},
            "encoding": {**encoding, **color, "tooltip": _tooltip(s, [x, viz.series, *(viz.y_axes or [y])])}}
    return {"transform": folded.transform, **spec} if folded else spec


def _pie(s: ResultShape, viz: Visualization) -> dict[str, Any]:
    x, y = viz.x_axis or "", viz.y_axis or ""
    by_size = {"field": field_ref(y), "op": "sum", "order": "descending"}
    return {"mark": {"type": "arc"},
            "encoding": {"theta": {"field": field_ref(y), "type": "quantitative", "stack": True},
                         "color": {"field": field_ref(x), "type": "nominal", "title": sentence(readable(x)),
                                   "sort": by_size},
                         "order": {"field": field_ref(y), "type": "quantitative", "sort": "descending"},
                         "tooltip": _tooltip(s, [x, y])},
            "view": {"stroke": None}}


def _scatter(s: ResultShape, viz: Visualization) -> dict[str, Any]:
    x, y = viz.x_axis or "", viz.y_axis or ""
    x_field, y_field = _axis(_field(s, x)), _axis(_field(s, y))
    for f in (x_field, y_field):
        if f["type"] == "quantitative":
            f["scale"] = {"zero": False}   # the cloud, not the origin, is what the reader looks at
    return {"mark": {"type": "point", "filled": True},
            "encoding": {"x": x_field, "y": y_field, **_color(s, viz.series),
                         "tooltip": _tooltip(s, [*s.labels[:1], x, y])}}


def _number(s: ResultShape, viz: Visualization) -> dict[str, Any]:
    y = viz.y_axis or ""
    return {"width": 300, "height": 120,
            "mark": {"type": "text", "fontSize": 48, "fontWeight": "bold", "x": 150, "y": 60,
                     "align": "center", "baseline": "middle"},
            "encoding": {"text": {"field": field_ref(y), "type": "quantitative", "format": NUMBER_FORMAT},
                         "tooltip": _tooltip(s, [viz.x_axis, y])}}


_BUILDERS: dict[str, Callable[[ResultShape, Visualization], dict[str, Any]]] = {
    "line": _line, "area": _area, "bar": _bar, "pie": _pie, "scatter": _scatter, "number": _number}


def _values(s: ResultShape, rows: Sequence[Sequence[Any]]) -> list[dict[str, Any]]:
    # A datetime on a day grain is sent as a date, so Vega reads it as UTC like every other date.
    on_grain = {c for c in s.columns if s.role(c).role == "time" and s.role(c).grain}
    return [{c: _on_grain(v) if c in on_grain else json_value(v) for c, v in zip(s.columns, row)}
            for row in rows]


def _on_grain(value: Any) -> Any:
    moment = as_datetime(value) if not isinstance(value, str) else None
    return moment.strftime("%Y-%m-%d") if moment is not None else json_value(value)


def vega_lite_spec(viz: Visualization, columns: Sequence[str], column_types: dict[str, str],
                   rows: Sequence[Sequence[Any]], title: str = "",
                   roles: Sequence[ColumnRole] | None = None) -> dict[str, Any] | None:
    """The Vega-Lite v5 spec that draws `viz` over the rows; None for a table, which is not a chart.

    >>> spec = vega_lite_spec(Visualization(type="bar", x_axis="c", y_axis="v"), ["c", "v"],
    ...                       {"c": "text", "v": "numeric"}, [["a", 5], ["b", 2]], "V by c")
    >>> spec["mark"], spec["encoding"]["x"]["sort"]
    ({'type': 'bar'}, '-y')
    """
    build = _BUILDERS.get(viz.type)
    if build is None:
        return None
    shape = ResultShape.of(columns, column_types, rows, roles)
    check_axes(viz, shape)
    if not viz.y_axis or (viz.type != "number" and not viz.x_axis):
        raise ValueError(f"a {viz.type} chart needs {'a y column' if viz.type == 'number' else 'x and y columns'}")
    rows_shown = rows[:1] if viz.type == "number" else rows
    spec: dict[str, Any] = {"$schema": SCHEMA}
    heading = title or viz.title
    if viz.type == "number":
        # A bare number means nothing; the card says what it counts and, when the row has one, for what.
        heading = heading or sentence(readable(viz.y_axis or ""))
        if viz.x_axis and rows:
            heading = {"text": heading, "subtitle": str(json_value(rows[0][shape.columns.index(viz.x_axis)]))}
    if heading:
        spec["title"] = heading
    spec.update(width="container", height=300, data={"values": _values(shape, rows_shown)})
    spec.update(build(shape, viz))
    return spec

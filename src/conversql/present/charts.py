"""Which charts suit a result, scored, and the one to draw.

Each rule looks at the shape of the result and proposes the charts it knows about with a score; the rules are
independent, so a new kind of chart is a new rule. Scores are rescaled so the best proposal scores 1.
"""
from __future__ import annotations

from typing import Any, Callable, Sequence

from conversql.present.models import ChartRecommendation, Visualization
from conversql.present.roles import ColumnRole
from conversql.present.shape import ResultShape

LINE, BAR, PIE, SCATTER, AREA, NUMBER, TABLE = (
    "LINE_CHART", "BAR_CHART", "PIE_CHART", "SCATTER_CHART", "AREA_CHART", "NUMBER_CARD", "TABLE")

# The short chart names of the API (Visualization.type) and Buster's chart types, both ways.
CHART_TYPES = {"line": LINE, "bar": BAR, "pie": PIE, "scatter": SCATTER, "area": AREA, "number": NUMBER,
               "table": TABLE}
SHORT_NAMES = {v: k for k, v in CHART_TYPES.items()}

MAX_PIE_SLICES = 7          # beyond this, slices get too thin to compare
READABLE_BARS = 30          # bars stay legible up to about this many...
MAX_BARS = 100              # ...and beyond this a table reads better
MAX_SERIES = 12             # lines with more series than this are a tangle
FEW_POINTS = 4              # up to this many groups (quarters of a year), grouped bars read at a glance

Rule = Callable[[ResultShape], list[ChartRecommendation]]


def _rec(chart_type: str, score: float, **encode: str | list[str] | None) -> ChartRecommendation:
    return ChartRecommendation(score=score, chart_type=chart_type,
                               encode={k: v for k, v in encode.items() if v is not None})


def number_card(s: ResultShape) -> list[ChartRecommendation]:
    """One row of measures is a number to read, not a chart to look at."""
    if s.n_rows != 1 or not s.measures:
        return []
    label = s.labels[0] if s.labels else None
    only_measures = len(s.measures) == len(s.columns)
    return [_rec(NUMBER, 1.0 if only_measures else 0.9, x=label, y=s.measures[0])]


def time_series(s: ResultShape) -> list[ChartRecommendation]:
    """A measure over a time axis: a line first, an area or bars as alternatives; a category splits series."""
    if not s.time or not s.measures or s.distinct(s.time[0]) < 2:
        return []
    x, y = s.time[0], s.measures[0]
    categories = [c for c in s.labels if s.role(c).role == "category"]
    # A series has one value per period (per category): records that share a date are a list, not a line.
    if s.is_listing or s.repeats([x, *categories]):
        return []
    if s.compared:      # one line per measure; amounts side by side do not stack into a whole
        bars = 0.8 if s.distinct(x) <= READABLE_BARS else 0.5
        return [_rec(LINE, 1.0, x=x, y=s.compared), _rec(BAR, bars, x=x, y=s.compared)]
    series = categories[0] if categories else None
    additive = s.role(y).is_additive() and s.non_negative(y)
    tangled = series is not None and s.distinct(series) > MAX_SERIES
    periods = s.distinct(x)
    recs = [
        _rec(LINE, 1.0, x=x, y=y, color=series),
        # Stacked areas only mean something when the series add up to a total.
        _rec(AREA, 0.7 if series is None or additive else 0.4, x=x, y=y, color=series),
        _rec(BAR, (0.8 if periods <= READABLE_BARS else 0.5) - (0.2 if series else 0.0), x=x, y=y, color=series),
    ]
    if tangled:   # a tangle of series reads better as a table, which then leads
        recs = [r.model_copy(update={"score": r.score / 4}) for r in recs]
    return recs


def categories(s: ResultShape) -> list[ChartRecommendation]:
    """A measure per category: bars, split by a second category when there is one."""
    if s.time or not s.measures or not s.labels or s.n_rows < 2:
        return []
    if s.compared:
        return _compared_categories(s)
    x, y = s.labels[0], s.measures[0]
    color = s.labels[1] if len(s.labels) > 1 and s.role(s.labels[1]).role == "category" else None
    if color is not None and s.distinct(color) > s.distinct(x):
        x, color = color, x   # the longer list goes on the axis, the shorter in the legend
    bars = s.distinct(x)
    score = 1.0 if bars <= READABLE_BARS else 0.7 if bars <= MAX_BARS else 0.25
    if s.role(x).role != "category" and len(s.measures) > 1:
        score *= 0.8   # items named by ids with two measures compare better as a scatter plot
    return [_rec(BAR, score, x=x, y=y, color=color)]


def _compared_categories(s: ResultShape) -> list[ChartRecommendation]:
    """Amounts side by side per category: grouped bars; over months or quarters of a year, which have an order,
    also one line per amount, leading when there are more points than a glance takes in as bars."""
    x, n = s.labels[0], s.distinct(s.labels[0])
    bars = 1.0 if n <= READABLE_BARS else 0.7 if n <= MAX_BARS else 0.25
    if not s.ordered(x):
        return [_rec(BAR, bars, x=x, y=s.compared)]
    line_leads = n > FEW_POINTS
    return [_rec(LINE, 1.0 if line_leads else 0.9, x=x, y=s.compared),
            _rec(BAR, min(bars, 0.9) if line_leads else bars, x=x, y=s.compared)]


def parts_of_whole(s: ResultShape) -> list[ChartRecommendation]:
    """A pie only for a few parts of a whole: one category, one additive measure that is never negative."""
    if s.time or len(s.labels) != 1 or len(s.amounts) != 1 or not 2 <= s.n_rows <= MAX_PIE_SLICES:
        return []
    x, y = s.labels[0], s.amounts[0]
    values = s.numbers(y)
    if not s.role(y).is_additive() or any(v is None or v < 0 for v in values) or sum(values) <= 0:
        return []
    return [_rec(PIE, 0.8, x=x, y=y)]


def two_measures(s: ResultShape) -> list[ChartRecommendation]:
    """Two amounts per row: a scatter plot, strongest when the rows are items rather than a few categories; a
    percentage derived from an amount (its share, its growth) would only redraw the amount."""
    if s.time or len(s.amounts) < 2:
        return []
    x, y = s.amounts[0], s.amounts[1]
    pairs = sum(1 for a, b in zip(s.numbers(x), s.numbers(y)) if a is not None and b is not None)
    # Amounts of one kind compare on one axis; plotted against each other they tell little, until the
    # categories are too many for bars.
    if pairs < 3 or (s.compared and pairs <= READABLE_BARS):
        return []
    categorical = any(s.role(c).role == "category" for c in s.labels)
    return [_rec(SCATTER, 0.9 if pairs > READABLE_BARS or not categorical else 0.7, x=x, y=y)]


def table(s: ResultShape) -> list[ChartRecommendation]:
    """A table always fits; it leads when no chart does, when the charts would be a tangle of lines or bars, and
    for a listing of records."""
    return [_rec(TABLE, 0.3)]


RULES: tuple[Rule, ...] = (number_card, time_series, categories, parts_of_whole, two_measures, table)


def recommend_charts(columns: Sequence[str], column_types: dict[str, str], rows: Sequence[Sequence[Any]],
                     roles: Sequence[ColumnRole] | None) -> list[ChartRecommendation]:
    """Every chart that suits the result, best first, the best scoring 1; TABLE is always among them.

    >>> [r.chart_type for r in recommend_charts(["country", "revenue"], {"country": "text", "revenue": "numeric"},
    ...                                        [["FR", 3], ["DE", 5], ["IT", 1]], None)]
    ['BAR_CHART', 'PIE_CHART', 'TABLE']
    """
    shape = ResultShape.of(columns, column_types, rows, roles)
    best: dict[str, ChartRecommendation] = {}
    for rule in RULES:
        for rec in rule(shape):
            if rec.chart_type not in best or rec.score > best[rec.chart_type].score:
                best[rec.chart_type] = rec
    if shape.is_listing:   # records listed one by one read as a table; a chart of them stays on offer below it
        best = {k: r if k == TABLE else r.model_copy(update={"score": r.score / 4}) for k, r in best.items()}
    top = max(r.score for r in best.values())
    ranked = [r.model_copy(update={"score": round(r.score / top, 2)}) for r in best.values()]
    # Ties keep rule order, which lists the more specific chart first.
    return sorted(ranked, key=lambda r: -r.score)


def choose_visualization(recs: Sequence[ChartRecommendation], chart_type: str | None = None,
                         title: str = "") -> Visualization:
    """The chart to draw: the best recommendation, or the requested type when the result can carry it.

    A requested type that was not recommended borrows the axes of the best recommendation that has them (a pie
    over a time series keeps the time as slices); one that needs what no recommendation offers (a number card
    for many rows) falls back to the best recommendation. `chart_misfit` says why in either case.

    >>> choose_visualization([ChartRecommendation(score=1, chart_type="LINE_CHART", encode={"x": "d", "y": "v"})],
    ...                      "bar").type
    'bar'
    """
    ranked = sorted(recs, key=lambda r: -r.score) or [_rec(TABLE, 1.0)]
    wanted = CHART_TYPES.get(chart_type or "", None)
    chosen = ranked[0]
    if wanted is not None:
        exact = next((r for r in ranked if r.chart_type == wanted), None)
        borrowed = next((r for r in ranked if "x" in r.encode and "y" in r.encode), None)
        if exact is not None:
            chosen = exact
        elif wanted not in (NUMBER, TABLE) and borrowed is not None:
            # lines, bars and areas keep the series; a pie or a scatter plot takes one measure
            several = wanted in (LINE, BAR, AREA)
            y = borrowed.encode["y"]
            chosen = _rec(wanted, borrowed.score, x=borrowed.encode["x"],
                          y=y if several or isinstance(y, str) else y[0],
                          color=borrowed.encode.get("color") if several else None)
        elif wanted == TABLE:
            chosen = _rec(TABLE, 1.0)
    ys = chosen.encode.get("y")
    y_axes = list(ys) if isinstance(ys, list) else []
    return Visualization(type=SHORT_NAMES[chosen.chart_type], x_axis=chosen.encode.get("x"),
                         y_axis=y_axes[0] if y_axes else ys, y_axes=y_axes, series=chosen.encode.get("color"),
                         title=title)

"""The chart parts of an answer, owned by presentation: what a chart recommendation and a chosen chart are."""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

ChartType = Literal["line", "bar", "pie", "scatter", "area", "number", "table"]


class ChartRecommendation(BaseModel):
    """Buster's shape: a score in [0, 1], the chart type (LINE_CHART...), and the x/y encoding.

    `encode` is {"x": col, "y": col, "color"?: col}; a chart of several measures side by side, one series each
    (a year beside the year before), lists them: {"x": "month", "y": ["revenue_2024", "revenue_2025"]}.
    """
    score: float
    chart_type: str                    # LINE_CHART, BAR_CHART, PIE_CHART, SCATTER_CHART, AREA_CHART, NUMBER_CARD, TABLE
    encode: dict[str, str | list[str]] = Field(default_factory=dict)


class Visualization(BaseModel):
    """The chart to draw. `y_axes` lists the measures drawn side by side, one series each, when there are several;
    `y_axis` is then the first of them, so a reader of one y column still finds one."""
    type: ChartType
    x_axis: str | None = None
    y_axis: str | None = None
    series: str | None = None
    y_axes: list[str] = Field(default_factory=list)
    title: str = ""

"""The chart parts of an answer, owned by presentation: what a chart recommendation and a chosen chart are."""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

ChartType = Literal["line", "bar", "pie", "scatter", "area", "number", "table"]


class ChartRecommendation(BaseModel):
    """Buster's shape: a score in [0, 1], the chart type (LINE_CHART...), and the x/y encoding."""
    score: float
    chart_type: str                    # LINE_CHART, BAR_CHART, PIE_CHART, SCATTER_CHART, AREA_CHART, NUMBER_CARD, TABLE
    encode: dict[str, str] = Field(default_factory=dict)   # {"x": col, "y": col, "color"?: col}


class Visualization(BaseModel):
    type: ChartType
    x_axis: str | None = None
    y_axis: str | None = None
    series: str | None = None
    title: str = ""

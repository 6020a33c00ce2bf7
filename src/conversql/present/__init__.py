"""Presentation: from a result's columns and rows to charts, insights and the words that answer the question.

`present` runs the whole of it; each step is its own module and can be used alone (re-charting an answer needs
only `choose_visualization` and the renderers).
"""
from __future__ import annotations

from typing import Any, Sequence

from pydantic import BaseModel, Field

from conversql.present.models import ChartRecommendation, Visualization
from conversql.present.chartjs import chartjs_config
from conversql.present.charts import choose_visualization, recommend_charts
from conversql.present.insights import compute_insights
from conversql.present.misfit import chart_warning
from conversql.present.narrative import summarize
from conversql.present.periods import Coverage
from conversql.present.roles import ColumnRole, complete_roles, infer_roles
from conversql.present.vega import vega_lite_spec


class Presentation(BaseModel):
    """Everything presentation adds to an answer; the field names match `Answer`'s so they copy across."""
    chart_recommendations: list[ChartRecommendation] = Field(default_factory=list)
    visualization: Visualization
    vega_lite: dict[str, Any] | None = None
    chartjs: dict[str, Any] | None = None
    insights: list[str] = Field(default_factory=list)
    column_units: dict[str, str] = Field(default_factory=dict)   # measure column -> currency | count
    response: str = ""
    warning: str | None = None     # why a requested chart was not drawn, or reads badly


def present(columns: Sequence[str], column_types: dict[str, str], rows: Sequence[Sequence[Any]], *,
            roles: Sequence[ColumnRole] | None = None, chart_type: str | None = None, title: str = "",
            interpretation: str = "", currency: str | None = None, coverage: Coverage | None = None) -> Presentation:
    """Charts, insights and a response for one result; roles the caller does not give are inferred.

    `currency` (an ISO 4217 code) writes money in the words as the table shows it; `coverage` says which days the
    rows hold in full (the time filter, up to today), so a period still in progress is never compared as complete.

    >>> p = present(["country", "revenue"], {"country": "text", "revenue": "numeric"},
    ...             [["FR", 30], ["DE", 50], ["IT", 20]], title="Revenue by country")
    >>> p.visualization.type, p.insights[0]
    ('bar', 'DE has the highest revenue: 50 (50% of the total).')
    """
    full_roles = complete_roles(columns, column_types, rows, roles)
    recs = recommend_charts(columns, column_types, rows, full_roles)
    viz = choose_visualization(recs, chart_type, title=title)
    return Presentation(
        chart_recommendations=recs,
        visualization=viz,
        vega_lite=vega_lite_spec(viz, columns, column_types, rows, title, roles=full_roles),
        chartjs=chartjs_config(viz, columns, column_types, rows, title, roles=full_roles),
        insights=compute_insights(columns, column_types, rows, full_roles, currency=currency, coverage=coverage),
        column_units={r.name: r.unit for r in full_roles if r.unit},
        response=summarize(columns, column_types, rows, full_roles, interpretation, currency=currency),
        warning=chart_warning(chart_type, viz, columns, column_types, rows, full_roles),
    )


__all__ = ["ColumnRole", "Coverage", "Presentation", "chart_warning", "chartjs_config", "choose_visualization",
           "compute_insights", "infer_roles", "present", "recommend_charts", "summarize", "vega_lite_spec"]

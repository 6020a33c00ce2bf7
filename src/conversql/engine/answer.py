"""The `Answer`: everything one question produces, in the shape every API surface serializes from."""
from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from conversql.present.models import ChartRecommendation, ChartType, Visualization  # noqa: F401 - part of the Answer
from conversql.query.structured import StructuredQuery

Intent = Literal["data_question", "refine", "change_chart", "explain", "schema_help", "raw_sql", "refuse",
                 "clarify"]


class Step(BaseModel):
    """One stage of the pipeline as it ran: streamed as a progress event, kept in the answer.

    A model's text arrives through the same callback as steps of kind "token" (the text in `detail`); those are
    streamed only, never kept in `Answer.steps`.
    """
    name: str                          # route, understand, retrieve, plan, compile, guard, execute, present
    agent: str                         # the surface-facing name (router, sql_agent, viz_agent, ...)
    status: Literal["ok", "error", "skipped"] = "ok"
    duration_ms: float = 0.0
    detail: str = ""
    kind: Literal["step", "token"] = "step"


class Usage(BaseModel):
    """Tokens a model spent on an answer, all attempts included; zero when the deterministic parser answered."""
    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0
    cached_prompt_tokens: int = 0      # of prompt_tokens, read from the provider's prompt cache

    def __add__(self, other: Usage) -> Usage:
        return Usage(prompt_tokens=self.prompt_tokens + other.prompt_tokens,
                     completion_tokens=self.completion_tokens + other.completion_tokens,
                     total_tokens=self.total_tokens + other.total_tokens,
                     cached_prompt_tokens=self.cached_prompt_tokens + other.cached_prompt_tokens)


class Answer(BaseModel):
    question: str
    intent: Intent
    response: str = ""                 # the narrative: what was found, in words
    title: str = ""
    description: str = ""
    interpretation: str = ""           # what the engine understood, stated plainly
    sql: str | None = None
    columns: list[str] = Field(default_factory=list)
    column_types: dict[str, str] = Field(default_factory=dict)   # column -> numeric | text | date | datetime | boolean
    column_units: dict[str, str] = Field(default_factory=dict)   # measure column -> currency | count
    rows: list[list[Any]] = Field(default_factory=list)
    row_count: int = 0
    truncated: bool = False
    chart_recommendations: list[ChartRecommendation] = Field(default_factory=list)
    visualization: Visualization | None = None
    vega_lite: dict[str, Any] | None = None
    chartjs: dict[str, Any] | None = None
    insights: list[str] = Field(default_factory=list)
    time_frame: str | None = None      # "3 months"
    steps: list[Step] = Field(default_factory=list)
    execution_time_ms: float = 0.0
    understood: list[str] = Field(default_factory=list)
    not_understood: list[str] = Field(default_factory=list)
    tables_used: list[str] = Field(default_factory=list)
    columns_used: list[str] = Field(default_factory=list)
    example_questions: list[str] = Field(default_factory=list)
    query: StructuredQuery | None = None   # kept for follow-ups, refine and re-chart
    source: str | None = None
    error: str | None = None
    error_kind: Literal["not_understood", "refused", "unsafe_sql", "execution", "timeout", "internal",
                        "model_unavailable", "budget_exhausted"] | None = None
    engine: str = "conversql-deterministic"   # the model id that planned this answer
    engine_reason: str = ""            # why that engine answered ("the parser did not understand 'churned'")
    usage: Usage = Field(default_factory=Usage)

    @property
    def agents_visited(self) -> list[str]:
        seen: list[str] = []
        for s in self.steps:
            if s.agent not in seen:
                seen.append(s.agent)
        return seen

    def records(self) -> list[dict[str, Any]]:
        """Rows as objects keyed by column name (the shape most chat APIs return)."""
        return [dict(zip(self.columns, r)) for r in self.rows]

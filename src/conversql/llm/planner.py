"""The LLM planner: ask the model for a plan, validate it, let the engine try it, feed problems back.

A plan is the structured query (when the question fits it) or one SQL SELECT. Invalid JSON, references to tables
or columns that do not exist, a guard refusal or a database error go back to the model as a correction, at most
`max_corrections` times; then the last problem is reported honestly. The planner never runs anything itself: the
engine's `attempt` compiles, guards and executes exactly as for the deterministic parser.
"""
from __future__ import annotations

import difflib
import json
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

import sqlglot
from pydantic import BaseModel, Field, TypeAdapter, ValidationError
from sqlglot import exp

from conversql.engine.answer import Usage
from conversql.llm.budget import BudgetExhausted, TokenBudget
from conversql.llm.prompt import SYSTEM, correction_message
from conversql.llm.providers import ChatModel, ModelUnavailable, Part
from conversql.query.guard import UnsafeSQL, check_sql
from conversql.query.structured import StructuredQuery
from conversql.semantic.model import SemanticModel
from conversql.sources.base import Schema

log = logging.getLogger(__name__)


class QueryPlan(BaseModel):
    kind: Literal["query"]
    query: StructuredQuery
    explanation: str = ""


class SqlPlan(BaseModel):
    kind: Literal["sql"]
    sql: str
    explanation: str = ""


Plan = Annotated[QueryPlan | SqlPlan, Field(discriminator="kind")]
_PLAN = TypeAdapter(Plan)
_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.S)


class PlanProblem(ValueError):
    """Why a plan cannot be used, in words the model can act on."""


def parse_plan(text: str) -> QueryPlan | SqlPlan:
    """The model's reply as a validated plan; PlanProblem says what is wrong with it.

    >>> parse_plan('{"kind": "sql", "sql": "SELECT 1"}').sql
    'SELECT 1'
    """
    body = text.strip()
    fenced = _FENCE.search(body)
    if fenced:                                   # models often wrap JSON in a code fence despite instructions
        body = fenced.group(1).strip()
    start, end = body.find("{"), body.rfind("}")
    if start < 0 or end <= start:
        raise PlanProblem("the reply is not a JSON object")
    try:
        data = json.loads(body[start:end + 1])
    except json.JSONDecodeError as e:
        raise PlanProblem(f"the reply is not valid JSON ({e.msg} at character {e.pos})") from None
    try:
        return _PLAN.validate_python(data)
    except ValidationError as e:
        problems = "; ".join(f"{'.'.join(str(p) for p in err['loc']) or 'reply'}: {err['msg']}"
                             for err in e.errors()[:5])
        raise PlanProblem(f"the JSON does not match the format ({problems})") from None


def query_references(q: StructuredQuery) -> list[str]:
    """Every table.column or measure id a structured query names."""
    refs = [m.measure for m in q.measures if m.measure] + [m.entity for m in q.measures if m.entity]
    refs += [d.field for d in q.dimensions] + list(q.fields)
    for f in q.filters:
        if f.op == "any" and isinstance(f.value, list):
            refs += [x.get("field") for x in f.value if isinstance(x, dict) and x.get("field")]
        elif f.op not in ("exists", "not_exists"):
            refs.append(f.field)
        if f.value_field:
            refs.append(f.value_field)
    if q.time_range and q.time_range.field:
        refs.append(q.time_range.field)
    refs += [o.key for o in q.order if "." in o.key]     # other keys are output aliases
    if q.entity:
        refs.append(q.entity)
    return refs


def unknown_references(q: StructuredQuery, model: SemanticModel) -> str | None:
    """A correction naming each reference the semantic model does not have, with the nearest known names."""
    known = set(model.fields) | set(model.measures) | set(model.entities)
    bad = [r for r in dict.fromkeys(query_references(q)) if r not in known]
    if not bad:
        return None
    parts = []
    for ref in bad:
        near = difflib.get_close_matches(ref, sorted(known), n=3, cutoff=0.5)
        parts.append(f"{ref!r} does not exist" + (f" (did you mean {', '.join(near)}?)" if near else ""))
    return "; ".join(parts)


def unknown_tables(sql: str, schema: Schema) -> str | None:
    """Tables the SQL reads that this source does not have (other databases, other tenants' tables)."""
    try:
        tree = sqlglot.parse_one(sql, read=schema.dialect)
    except sqlglot.errors.ParseError:
        return None                      # the guard reports syntax errors with its own wording
    ctes = {c.alias_or_name.lower() for c in tree.find_all(exp.CTE)}
    bad = []
    for t in tree.find_all(exp.Table):
        if not t.name:
            continue
        if t.catalog or (t.db and all((tb.schema or "").lower() != t.db.lower() for tb in schema.tables)):
            bad.append(f"{t.sql(dialect=schema.dialect)} is outside this database")
        elif t.name.lower() not in ctes and schema.table(t.name) is None:
            bad.append(f"table {t.name!r} does not exist")
    if not bad:
        return None
    return "; ".join(dict.fromkeys(bad)) + f". Tables here: {', '.join(t.name for t in schema.tables[:40])}"


@dataclass
class Outcome:
    """What the engine made of a plan: an answer, and the problem to feed back when it failed."""
    answer: Any
    problem: str | None = None


@dataclass
class PlanResult:
    answer: Any = None                   # the engine's answer to the accepted plan, or to the last failed one
    plan: QueryPlan | SqlPlan | None = None
    usage: Usage = field(default_factory=Usage)
    calls: int = 0
    problem: str | None = None           # set when no plan succeeded
    problem_kind: str = "not_understood"  # or "unsafe_sql" when the last plan was refused by the guard
    unavailable: ModelUnavailable | BudgetExhausted | None = None
    declined: str | None = None          # the model said the question cannot be answered from these tables


class LLMPlanner:
    """One planning conversation with one model.

    >>> LLMPlanner(chat, budget, max_corrections=2).run(question_message, tenant="acme", model=sem,
    ...     schema=schema, attempt=engine_attempt, steps=steps).plan.kind
    'query'
    """

    def __init__(self, chat: ChatModel, budget: TokenBudget, *, max_corrections: int = 2):
        self.chat, self.budget, self.max_corrections = chat, budget, max_corrections

    def run(self, first_message: str | list[Part], *, tenant: str, model: SemanticModel, schema: Schema,
            attempt: Callable[[QueryPlan | SqlPlan], Outcome], steps,
            on_token: Callable[[str], None] | None = None, deadline: float | None = None) -> PlanResult:
        """`deadline` (a time.perf_counter() value): no model request starts after it, and none runs past it."""
        messages = [{"role": "user", "content": first_message}]
        result = PlanResult()
        for n in range(self.max_corrections + 1):
            try:
                if n and deadline is not None and time.perf_counter() >= deadline:
                    raise ModelUnavailable(f"the answer's time limit (CONVERSQL_REQUEST_TIMEOUT_S) was reached "
                                           f"after {n} attempt{'s' if n > 1 else ''}; the last problem: "
                                           f"{(result.problem or '')[:300]}", "timeout")
                self.budget.check(tenant)
                completion = steps.run("plan", "sql_agent",
                                       lambda: self.chat.complete(SYSTEM, messages, on_token, deadline),
                                       lambda c: f"{self.chat.name}: {c.usage.total_tokens} tokens"
                                       + (f" (correction {n})" if n else ""))
            except (ModelUnavailable, BudgetExhausted) as e:
                result.unavailable = e
                return result
            result.calls += 1
            result.usage = result.usage + completion.usage
            self.budget.charge(tenant, completion.usage.total_tokens)
            problem, result.problem_kind, result.answer = None, "not_understood", None
            try:
                plan = parse_plan(completion.text)
                problem = self._check(plan, model, schema)
            except UnsafeSQL as e:
                problem, result.problem_kind = f"the SQL was refused: {e.reason}. Only one read-only SELECT is " \
                    "allowed.", "unsafe_sql"
            except PlanProblem as e:
                plan, problem = None, str(e)
            if plan is not None and problem is None:
                if isinstance(plan, SqlPlan) and not plan.sql.strip():
                    result.plan, result.declined = plan, plan.explanation or "the model found no way to answer"
                    return result
                outcome = attempt(plan)
                result.answer, result.plan = outcome.answer, plan
                if outcome.problem is None:
                    result.problem = None
                    return result
                problem = outcome.problem
            log.info("plan from %s rejected (attempt %d): %s", self.chat.name, n + 1, problem[:200])
            result.problem = problem
            messages += [{"role": "assistant", "content": completion.text},
                         {"role": "user", "content": correction_message(problem)}]
        return result

    @staticmethod
    def _check(plan: QueryPlan | SqlPlan, model: SemanticModel, schema: Schema) -> str | None:
        if isinstance(plan, QueryPlan):
            return unknown_references(plan.query, model)
        if not plan.sql.strip():
            return None
        check_sql(plan.sql, schema.dialect)      # UnsafeSQL: the caller reports it as a refusal
        return unknown_tables(plan.sql, schema)

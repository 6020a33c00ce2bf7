"""An answer planned by a model: ground the prompt, let the planner talk to the model, and run each plan through
the engine's own compile -> guard -> execute -> present path. Problems go back to the model for correction.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from conversql.engine.answer import Answer
from conversql.engine.examples import example_questions
from conversql.llm.budget import BudgetExhausted
from conversql.llm.grounding import ground
from conversql.llm.planner import LLMPlanner, Outcome, QueryPlan, SqlPlan
from conversql.llm.prompt import PreviousTurn, user_parts
from conversql.query.compile import CompileError
from conversql.query.joins import NoJoinPath

if TYPE_CHECKING:
    from conversql.engine.catalog import Loaded
    from conversql.engine.pipeline import Engine


def answer_with_model(engine: Engine, question: str, loaded: Loaded, steps, context: Answer | None, intent: str,
                      model_id: str | None, reason: str, tenant: str) -> Answer:
    """Plan with `model_id`, verify and run the plan like any other; the answer names the model and the reason.

    >>> answer_with_model(engine, "how many loyal shoppers per segment", loaded, steps, None, "data_question",
    ...                   "gpt", "the request chose the model gpt", "acme").engine
    'gpt'
    """
    kind = "refine" if intent == "refine" and context is not None else "data_question"
    if model_id is None:
        why = "no LLM is configured (CONVERSQL_MODELS); the LLM engine cannot answer"
        return Answer(question=question, intent="clarify", error=why, error_kind="model_unavailable",
                      response=why[0].upper() + why[1:] + ".", engine_reason=reason)
    s, llm = engine.settings, engine.llm
    g = steps.run("retrieve", "sql_agent",
                  lambda: ground(question, loaded.model, loaded.schema, llm.index(loaded.model),
                                 max_tables=s.llm_max_tables, whole_schema_below=s.llm_whole_schema_tokens,
                                 values=loaded.values,
                                 samples=lambda ents: llm.samples(loaded.source, loaded.model, ents,
                                                                  s.llm_sample_rows, s.statement_timeout_s)),
                  lambda g: ("whole schema: " if g.retrieval.whole_schema else "") + ", ".join(g.tables))
    previous = None
    if context is not None and context.intent != "clarify":
        previous = PreviousTurn(context.question, context.sql, context.query, context.columns, context.rows)
    message = user_parts(question, dialect=loaded.schema.dialect, today=engine.today(), schema_text=g.schema_text,
                         retrieval=g.retrieval, previous=previous, max_rows=s.llm_sample_rows)
    planner = LLMPlanner(llm.chat(model_id), llm.budget, max_corrections=s.llm_max_corrections)
    base = dict(question=question, intent=kind)

    def attempt(plan: QueryPlan | SqlPlan) -> Outcome:
        if isinstance(plan, QueryPlan):
            try:
                answer = engine._run_query(base, plan.query, loaded, steps)
            except (CompileError, NoJoinPath) as e:
                return Outcome(None, f"the structured query cannot be built: {e}")
        else:
            answer = engine._raw_sql(plan.sql, loaded, steps)
            answer.question, answer.intent = question, kind
            answer.interpretation = answer.description = plan.explanation[:500]
            answer.title = "Answer"
        problem = f"the database refused it: {answer.error}" if answer.error_kind == "execution" else None
        return Outcome(answer, problem)

    # No model request starts, or runs, past the answer's own time limit: a caller that gave up (a 504 at
    # CONVERSQL_REQUEST_TIMEOUT_S) must not leave corrections running and spending the tenant's tokens.
    r = planner.run(message, tenant=tenant, model=loaded.model, schema=loaded.schema, attempt=attempt,
                    steps=steps, on_token=steps.token, deadline=steps.t0 + s.request_timeout_s)
    if r.unavailable is not None:
        budget = isinstance(r.unavailable, BudgetExhausted)
        answer = Answer(question=question, intent="clarify", error=str(r.unavailable),
                        error_kind="budget_exhausted" if budget else "model_unavailable",
                        response=f"The LLM engine could not answer: {r.unavailable}.")
    elif r.declined is not None:
        answer = Answer(question=question, intent="clarify", error=r.declined, error_kind="not_understood",
                        response=f"The model found no way to answer this from the data: {r.declined}",
                        example_questions=example_questions(loaded.model))
    elif r.problem is not None:
        tries = f"{r.calls} attempt{'s' if r.calls != 1 else ''}"
        answer = r.answer or Answer(question=question, intent="clarify", error=r.problem,
                                    error_kind=r.problem_kind)  # type: ignore[arg-type]
        answer.response = f"The model did not produce a query that works ({tries}); the last problem: {r.problem}"
        answer.error = answer.error or r.problem
    else:
        answer = r.answer
    answer.engine, answer.engine_reason, answer.usage = model_id, reason, r.usage
    return answer

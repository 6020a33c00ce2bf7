"""The one answer pipeline: route -> understand -> compile -> guard -> execute -> present.

Every surface (native API, vendor APIs, CLI, web page) calls `Engine.ask` and serializes the `Answer` it returns.
"""
from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from datetime import date, datetime, timezone

from conversql.engine.answer import Answer, Step, Usage
from conversql.engine.catalog import Catalog, Loaded
from conversql.engine.describe import interpretation, title
from conversql.engine.examples import example_questions
from conversql.engine.intent import CHART_WORDS, route
from conversql.engine.llm_answer import answer_with_model
from conversql.engine.routing import DETERMINISTIC_MODEL, Choice, choose, doubt
from conversql.llm.registry import LLMRegistry
from conversql.query.structured import StructuredQuery
from conversql.present import ColumnRole, Coverage, present
from conversql.query.compile import CompileError, CompiledQuery, compile_query
from conversql.query.guard import UnsafeSQL, check_ast, check_sql
from conversql.query.joins import NoJoinPath
from conversql.semantic.value_index import IndexLimits
from conversql.settings import Settings
from conversql.sources.base import QueryResult, QueryTimeout, SourceError
from conversql.understand.coref import name_pronouns
from conversql.understand.followup import is_followup, merge
from conversql.understand.parser import parse
from conversql.understand.unknown import closest_values, unknown_names

log = logging.getLogger(__name__)
StepCallback = Callable[[Step], None]
COLUMN_TYPES = {"number": "numeric", "text": "text", "date": "date", "datetime": "datetime", "boolean": "boolean",
                "other": "text"}
CHART_TYPES = set(CHART_WORDS.values())

__all__ = ["DETERMINISTIC_MODEL", "Engine", "StepCallback"]


class _Steps:
    """Times each stage, records it on the answer and reports it the moment it finishes."""

    def __init__(self, on_step: StepCallback | None):
        self.steps: list[Step] = []
        self.on_step = on_step
        self.t0 = time.perf_counter()

    def run(self, name: str, agent: str, fn: Callable, detail: Callable[[object], str] | None = None):
        start = time.perf_counter()
        try:
            value = fn()
        except Exception as e:
            self._record(Step(name=name, agent=agent, status="error", detail=str(e)[:300],
                              duration_ms=round((time.perf_counter() - start) * 1000, 2)))
            raise
        self._record(Step(name=name, agent=agent, duration_ms=round((time.perf_counter() - start) * 1000, 2),
                          detail=detail(value) if detail else ""))
        return value

    def token(self, text: str) -> None:
        """A piece of a model's reply, streamed as it arrives and not kept in the answer."""
        if self.on_step:
            self.on_step(Step(name="token", agent="sql_agent", kind="token", detail=text))

    def _record(self, step: Step) -> None:
        self.steps.append(step)
        if self.on_step:
            self.on_step(step)

    @property
    def elapsed_ms(self) -> float:
        return round((time.perf_counter() - self.t0) * 1000, 2)


class Engine:
    def __init__(self, settings: Settings | None = None, catalog: Catalog | None = None):
        self.settings = settings or Settings()
        self.catalog = catalog or Catalog(IndexLimits(max_values=self.settings.value_index_max_values,
                                                      max_bytes=self.settings.value_index_max_bytes))
        self.catalog.refresh_every(self.settings.refresh_interval_s)
        self.llm = LLMRegistry(self.settings)
        if catalog is None:
            for name, url in self.settings.sources.items():
                self.catalog.register(name, url, self.settings.semantic_models.get(name))
            if self.settings.demo and "demo" not in self.catalog:
                from conversql.demo import ensure_demo
                path = ensure_demo(self.settings.demo_path, today=self.settings.today)
                self.catalog.register("demo", f"duckdb:///{path}", self.settings.semantic_models.get("demo"))

    # --- sources ------------------------------------------------------------------------------------------
    def source_names(self) -> list[str]:
        return self.catalog.names()

    def describe_source(self, name: str) -> dict:
        loaded = self.catalog.get(name)
        return {
            "name": name, "dialect": loaded.schema.dialect,
            "tables": [{"name": t.name, "row_count": t.row_count,
                        "columns": [{"name": c.name, "type": c.type, "kind": c.kind} for c in t.columns]}
                       for t in loaded.schema.tables],
            "example_questions": example_questions(loaded.model),
        }

    def refresh_source(self, name: str) -> dict:
        """Read a source again (schema, values, value index) without a restart; KeyError for an unknown name.

        >>> engine.refresh_source("demo")["values_indexed"]          # doctest: +SKIP
        0
        """
        loaded = self.catalog.refresh(name)
        return {"name": name, "tables": len(loaded.schema.tables), "build_ms": loaded.build_ms,
                "refreshed_at": datetime.fromtimestamp(loaded.loaded_at, timezone.utc),
                "values_indexed": len(loaded.values), "value_index_bytes": loaded.values.nbytes,
                "columns_truncated": [c.ref for c in loaded.values.columns if c.truncated]}

    def today(self) -> date:
        return self.settings.today or date.today()

    # --- the pipeline -------------------------------------------------------------------------------------
    def model_ids(self) -> list[str]:
        """The models a caller may choose (`model=`): the deterministic parser, always available offline, then
        the configured LLMs."""
        return [DETERMINISTIC_MODEL, *self.llm.names()]

    def ask(self, question: str, *, source: str, context: Answer | None = None,
            on_step: StepCallback | None = None, intent: str | None = None, model: str | None = None,
            mode: str | None = None, tenant: str | None = None) -> Answer:
        """Answer one message of a conversation; a failure inside becomes an answer with error_kind "internal".

        `model` names a model of `model_ids()` (UnknownModel otherwise); `mode` (auto, deterministic, llm)
        overrides the setting when no model is named; `tenant` is whose token budget a model's answer spends.

        >>> Engine(Settings(demo=True)).ask("total revenue last month", source="demo").intent
        'data_question'
        """
        self.catalog.get(source)       # an unknown source raises KeyError: the caller's to report (404)
        choice = choose(model=model, mode=mode, default_mode=self.settings.engine_mode,
                        llm_models=self.llm.names(), default_llm=self.llm.default)
        try:
            return self._ask(question, source=source, context=context, on_step=on_step, intent=intent,
                             choice=choice, tenant=tenant or "default")
        except Exception as e:  # noqa: BLE001 - never a stack trace to the user; the log keeps the detail
            log.exception("internal error answering %r", question)
            return Answer(question=question, intent="clarify", error=f"internal error: {type(e).__name__}",
                          error_kind="internal", response="Something went wrong while answering; nothing was "
                          "changed. Please rephrase or try again.")

    def _ask(self, question: str, *, source: str, context: Answer | None,
             on_step: StepCallback | None, intent: str | None, choice: Choice, tenant: str) -> Answer:
        steps = _Steps(on_step)
        loaded = self.catalog.get(source)
        r = steps.run("route", "router", lambda: route(question, context is not None and context.query is not None),
                      lambda r: r.intent)
        answer: Answer
        if intent == "refine" and context is not None and r.intent == "data_question":
            r.intent = "refine"
        if r.intent == "refuse":
            answer = Answer(question=question, intent="refuse", response=r.reason, error=r.reason,
                            error_kind="refused")
        elif r.intent == "change_chart" and context is not None:
            answer = self.rechart(context, r.chart_type or "table", question=question)
        elif r.intent == "explain" and context is not None:
            answer = self._explain(question, context)
        elif r.intent == "schema_help":
            answer = self._help(question, loaded)
        elif r.intent == "raw_sql":
            answer = self._raw_sql(question, loaded, steps)
        elif (verified := _verified_sql(loaded, question)) is not None:
            answer = self._raw_sql(verified, loaded, steps)
            answer.question, answer.intent = question, "data_question"
            answer.interpretation = "A verified question of the semantic model, answered with its checked SQL."
        else:
            answer = self._data_question(question, loaded, steps, context, r.intent, choice, tenant)
        if not answer.engine_reason:
            answer.engine_reason = f"{answer.intent.replace('_', ' ')} messages are handled without a model"
        answer.source = source
        answer.steps = steps.steps
        answer.execution_time_ms = steps.elapsed_ms
        return answer

    def _data_question(self, question: str, loaded: Loaded, steps: _Steps, context: Answer | None,
                       intent: str, choice: Choice, tenant: str) -> Answer:
        if choice.mode == "llm":
            return self._llm_answer(question, loaded, steps, context, intent, choice.llm, choice.reason, tenant)
        model = loaded.model
        asked = question
        if context is not None and (named := name_pronouns(question, context.columns, context.rows)):
            # "and who does she report to?": she is the person just named; a question of its own
            asked, context = named, None
        p = steps.run("understand", "sql_agent", lambda: parse(asked, model, loaded.lexicon, self.today()),
                      lambda p: "understood: " + " ".join(p.understood))
        query = p.query
        followup = context is not None and context.query is not None and \
            (intent == "refine" or is_followup(question, p, context.query))
        if followup:
            query = merge(context.query, question, p, model)
        base = dict(question=question, intent="refine" if followup else "data_question",
                    understood=p.understood, not_understood=p.not_understood)
        off_topic = not followup and _off_topic(p)
        reason = choice.reason or "the deterministic parser understood the question"
        unsure = doubt(p, query, off_topic) if choice.mode == "auto" else None
        if unsure and choice.llm:
            escalated = self._llm_answer(question, loaded, steps, context, intent, choice.llm,
                                         f"the deterministic parser was unsure: {unsure}", tenant)
            if escalated.error_kind not in ("model_unavailable", "budget_exhausted"):
                return escalated
            # auto mode keeps working when the model cannot be used: the parser's own answer, with the reason
            reason = f"the deterministic parser was unsure ({unsure}) but {escalated.error}"
            spent = escalated.usage
        else:
            if unsure:
                reason = f"the deterministic parser was unsure ({unsure}); no LLM is configured"
            spent = Usage()
        missing = unknown_names(p) if query is not None and not off_topic else []
        if missing:
            # "revenue in Antarctica": answering without the filter would answer another question
            return Answer(**base | {"intent": "clarify"}, response=_not_found(missing, loaded),
                          error=f"no value {', '.join(repr(w) for w in missing)} in this database",
                          error_kind="not_understood", example_questions=example_questions(model),
                          engine_reason=reason, usage=spent)
        if query is None or off_topic:
            why = p.reason or "I could not find anything in this database that the question refers to."
            return Answer(**base | {"intent": "clarify"}, response=why + " Try one of the example questions.",
                          error=why, error_kind="not_understood", example_questions=example_questions(model),
                          engine_reason=reason, usage=spent)
        try:
            answer = self._run_query(base, query, loaded, steps)
        except (CompileError, NoJoinPath) as e:
            if choice.mode == "auto" and choice.llm and not unsure:
                # understood every word, yet no query could be built: the model may find one
                return self._llm_answer(question, loaded, steps, context, intent, choice.llm,
                                        f"the deterministic query could not be built: {e}", tenant)
            return Answer(**base, query=query, response=f"I understood the question but could not build a query: {e}",
                          error=str(e), error_kind="not_understood", example_questions=example_questions(model),
                          engine_reason=reason, usage=spent)
        answer.engine_reason, answer.usage = reason, spent
        return answer

    def _run_query(self, base: dict, query: StructuredQuery, loaded: Loaded, steps: _Steps) -> Answer:
        """Compile, guard, execute and present a structured query, whichever planner made it."""
        model = loaded.model
        compiled: CompiledQuery = steps.run("compile", "sql_agent", lambda: compile_query(query, model),
                                            lambda c: c.sql)
        sql = compiled.sql
        steps.run("guard", "sql_agent", lambda: check_ast(compiled.tree), lambda _: "read-only query approved")
        answer = Answer(**base, query=query, sql=sql, interpretation=interpretation(model, query),
                        title=title(model, query), time_frame=_time_frame(query),
                        tables_used=compiled.tables, columns_used=compiled.columns)
        answer.description = answer.interpretation
        return self._execute_and_present(answer, loaded, steps, sql, _roles(compiled))

    # --- the LLM planner ----------------------------------------------------------------------------------
    def _llm_answer(self, question: str, loaded: Loaded, steps: _Steps, context: Answer | None, intent: str,
                    model_id: str | None, reason: str, tenant: str) -> Answer:
        return answer_with_model(self, question, loaded, steps, context, intent, model_id, reason, tenant)

    def _execute_and_present(self, answer: Answer, loaded: Loaded, steps: _Steps, sql: str,
                             roles: list[dict] | None) -> Answer:
        try:
            result: QueryResult = steps.run(
                "execute", "sql_agent",
                lambda: loaded.source.execute(sql, max_rows=self.settings.max_rows,
                                              timeout_s=self.settings.statement_timeout_s),
                lambda r: f"{len(r.rows)} rows in {r.elapsed_ms:.1f} ms" + (" (truncated)" if r.truncated else ""))
        except QueryTimeout as e:
            answer.error, answer.error_kind = str(e), "timeout"
            answer.response = f"The query took too long and was cancelled: {e}"
            return answer
        except SourceError as e:
            answer.error, answer.error_kind = str(e), "execution"
            answer.response = f"The database could not run the query: {e}"
            return answer
        answer.columns = result.columns
        answer.column_types = {c: COLUMN_TYPES.get(k, "text") for c, k in zip(result.columns, result.kinds)}
        answer.rows = result.rows
        answer.row_count = len(result.rows)
        answer.truncated = result.truncated
        self._present(answer, steps, roles, None)
        if answer.truncated:
            answer.response += f" Only the first {self.settings.max_rows:,} rows are shown."
        return answer

    def _present(self, answer: Answer, steps: _Steps | None, roles: list[dict] | None, chart_type: str | None):
        role_objs = [ColumnRole(**r) for r in roles] if roles else None
        if role_objs is not None and [r.name for r in role_objs] != answer.columns:
            role_objs = None
        run = (lambda fn: steps.run("present", "viz_agent", fn, lambda p: p.visualization.type)) if steps else \
            (lambda fn: fn())
        span = answer.query.time_range if answer.query else None
        coverage = Coverage(start=span.start if span else None, end=span.end if span else None, today=self.today())
        p = run(lambda: present(answer.columns, answer.column_types, answer.rows, roles=role_objs,
                                chart_type=chart_type, title=answer.title, interpretation=answer.interpretation,
                                currency=self.settings.currency, coverage=coverage))
        answer.chart_recommendations = p.chart_recommendations
        answer.visualization = p.visualization
        answer.vega_lite = p.vega_lite
        answer.chartjs = p.chartjs
        answer.insights = p.insights
        answer.column_units = p.column_units
        answer.response = p.response
        if p.warning:
            answer.response += " " + p.warning

    def _raw_sql(self, sql: str, loaded: Loaded, steps: _Steps) -> Answer:
        answer = Answer(question=sql, intent="raw_sql", sql=sql.strip().rstrip(";"), title="SQL query",
                        interpretation="the rows of your SQL query")
        try:
            # run what was checked: the approved tree, regenerated, not the text as typed
            tree = steps.run("guard", "sql_agent", lambda: check_sql(sql, loaded.schema.dialect),
                             lambda _: "read-only query approved")
            answer.sql = tree.sql(dialect=loaded.schema.dialect)
        except UnsafeSQL as e:
            answer.intent, answer.error, answer.error_kind = "refuse", e.reason, "unsafe_sql"
            answer.response = f"This SQL was not run: {e.reason}"
            answer.sql = None
            return answer
        return self._execute_and_present(answer, loaded, steps, answer.sql, None)

    def rerun(self, answer: Answer, chart_type: str | None = None) -> Answer:
        """The same query run again now, drawn the same way: a pinned chart shows today's rows. The structured
        query is compiled afresh (the source's schema may have moved on); a raw SQL answer is guarded again.

        >>> engine.rerun(pinned.answer, "bar").rows == engine.ask(pinned.answer.question, source="demo").rows
        True
        """
        if answer.source is None or (answer.query is None and not answer.sql):
            raise ValueError("this answer has no query to run again")
        loaded = self.catalog.get(answer.source)
        out = answer.model_copy(deep=True)
        out.steps, out.error, out.error_kind = [], None, None
        steps = _Steps(None)
        roles = None
        try:
            if out.query is not None:
                compiled = compile_query(out.query, loaded.model)
                sql, roles = compiled.sql, _roles(compiled)
                check_sql(sql, loaded.schema.dialect)
            else:
                sql = check_sql(out.sql or "", loaded.schema.dialect).sql(dialect=loaded.schema.dialect)
        except (CompileError, NoJoinPath, UnsafeSQL) as e:
            out.error, out.error_kind = str(e), "not_understood"
            out.response = f"This chart's query could not be run again: {e}"
            return out
        out.sql = sql
        out = self._execute_and_present(out, loaded, steps, sql, roles)
        if chart_type and not out.error:
            self._present(out, None, roles, chart_type)
        out.execution_time_ms = steps.elapsed_ms
        return out

    def rechart(self, answer: Answer, chart_type: str, question: str | None = None) -> Answer:
        """The same rows drawn as another chart; no SQL runs.

        >>> engine.rechart(previous, "pie").visualization.type
        'pie'
        """
        if chart_type not in CHART_TYPES:
            raise ValueError(f"unknown chart type {chart_type!r}; use one of {', '.join(sorted(CHART_TYPES))}")
        out = answer.model_copy(deep=True)
        out.question = question or f"show as {chart_type}"
        out.intent = "change_chart"
        out.steps = []
        if question:       # "as a pie chart": the words of this message, not of the answer it redraws
            out.understood = [w for w in re.findall(r"[\w']+", question) if w.lower() in CHART_WORDS or
                              w.lower() in ("chart", "graph", "plot")]
            out.not_understood = []
        self._present(out, None, self._roles_of(answer), chart_type)
        out.execution_time_ms = 0.0
        return out

    def _roles_of(self, answer: Answer) -> list[dict] | None:
        """The column roles of an answer's structured query (compiled, never run), so a redrawn listing stays a
        listing; None for raw SQL or a source that is gone."""
        if answer.query is None or answer.source is None:
            return None
        try:
            return _roles(compile_query(answer.query, self.catalog.get(answer.source).model))
        except (CompileError, NoJoinPath, KeyError, SourceError):
            return None

    def _explain(self, question: str, context: Answer) -> Answer:
        text = (f"I read the question \"{context.question}\" as: {context.interpretation or 'a raw SQL query'}."
                + (f" The SQL I ran was:\n{context.sql}" if context.sql else ""))
        if context.not_understood:
            text += f"\nWords I did not use: {', '.join(context.not_understood)}."
        return Answer(question=question, intent="explain", response=text, sql=context.sql, query=context.query,
                      interpretation=context.interpretation)

    def _help(self, question: str, loaded: Loaded) -> Answer:
        tables = [t for t in loaded.model.entities.values() if not t.hidden]
        text = "This database has " + ", ".join(f"{t.label} ({t.row_count:,} rows)" if t.row_count is not None
                                                 else t.label for t in tables) + "."
        return Answer(question=question, intent="schema_help", response=text,
                      example_questions=example_questions(loaded.model), tables_used=[t.name for t in tables])


def _verified_sql(loaded: Loaded, question: str) -> str | None:
    """The checked SQL of a verified question of the semantic model, when the question is that one."""
    key = " ".join(re.findall(r"\w+", question.lower()))
    for vq in loaded.model.verified_queries:
        if " ".join(re.findall(r"\w+", vq.question.lower())) == key:
            return vq.sql
    return None


def _time_frame(query) -> str | None:
    tr = query.time_range
    if not tr or not tr.label:
        return None
    label = tr.label
    for prefix in ("last ", "past ", "previous "):
        if label.startswith(prefix) and label[len(prefix):][:1].isdigit():
            return label[len(prefix):]
    return label


def _roles(compiled: CompiledQuery) -> list[dict]:
    """What each output column is for, as the presentation layer reads it."""
    return [{"name": o.alias, "role": o.role, "grain": o.grain if o.grain in ("day", "week", "month", "quarter", "year")
             else None, "unit": o.unit if o.unit in ("currency", "count") else None} for o in compiled.outputs]


def _not_found(missing: list[str], loaded: Loaded) -> str:
    """'I found no "Antarctica" in this database. Did you mean "Argentina"?'"""
    parts = []
    for word in missing:
        near = closest_values(word, loaded.model, loaded.values)
        hint = f" Did you mean {' or '.join(repr(v) for v in near)}?" if near else ""
        parts.append(f"I found no {word!r} in this database, so I did not answer without it.{hint}")
    return " ".join(parts)


def _off_topic(p) -> bool:
    """Nothing of the schema but a stray value, and words we do not know: not a question about this data."""
    schema_terms = [s for s in p.spans if s.kind == "term" and any(t.kind != "value" for t in s.payload)]
    values = [s for s in p.spans if s.kind == "term"]
    asks = [s for s in p.spans if s.kind in ("aggregate", "compare", "rank", "group", "superlative")]
    # "how many engineers are older than 30": a value with a question about it is about the data
    return not schema_terms and bool(p.not_understood) and not (values and asks)

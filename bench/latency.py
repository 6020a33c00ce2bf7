"""In-process latency: understanding + compiling alone, and the engine's whole answer."""
from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from stats import median, summarize, timed


def understand_and_compile(loaded, questions: list[str], today: date, repeat: int) -> dict[str, Any]:
    """Parse then compile every question `repeat` times; the time of the two together, and of each alone."""
    from conversql.query.compile import CompileError, compile_query
    from conversql.query.joins import NoJoinPath
    from conversql.understand.parser import parse

    both: list[float] = []
    parse_ms: list[float] = []
    compile_ms: list[float] = []
    per_question: dict[str, list[float]] = defaultdict(list)
    compiled: dict[str, bool] = {}
    errors: dict[str, str] = {}
    for _ in range(repeat):
        for q in questions:
            try:
                p, t_parse = timed(lambda: parse(q, loaded.model, loaded.lexicon, today))
            except Exception as e:        # a crash in the parser is a finding to report, not the end of the run
                errors[q] = f"{type(e).__name__}: {e}"[:200]
                continue
            t_compile = 0.0
            ok = False
            if p.query is not None:
                try:
                    _, t_compile = timed(lambda: compile_query(p.query, loaded.model))
                    ok = True
                except (CompileError, NoJoinPath):
                    pass
                except Exception as e:
                    errors[q] = f"{type(e).__name__}: {e}"[:200]
            compiled[q] = ok
            parse_ms.append(t_parse)
            if ok:
                compile_ms.append(t_compile)
            both.append(t_parse + t_compile)
            per_question[q].append(t_parse + t_compile)
    slowest = sorted(((median(v), q) for q, v in per_question.items()), reverse=True)[:5]
    return {"understand_plus_compile": summarize(both), "understand": summarize(parse_ms),
            "compile": summarize(compile_ms), "questions": len(questions), "repeat": repeat,
            "compiled": sum(compiled.values()),
            "not_compiled": [q for q, ok in compiled.items() if not ok], "errors": errors,
            "slowest": [{"question": q, "median_ms": round(ms, 3)} for ms, q in slowest]}


def whole_answer(engine, source: str, questions: list[str], repeat: int) -> dict[str, Any]:
    """`engine.ask` on every question (no conversation context), with the time of each pipeline step.

    A first, separately reported pass (`cold`) pays for the lazy imports and caches that only some questions
    reach (charts, insights); the timed passes that follow measure the steady state.
    """
    errors: dict[str, str] = {}
    cold = [ms for q in questions if (ms := _ask(engine, source, q, errors)[1]) is not None]
    total: list[float] = []
    outside: list[float] = []          # time no step accounts for (lazy imports, building the Answer)
    steps: dict[str, list[float]] = defaultdict(list)
    per_question: dict[str, list[float]] = defaultdict(list)
    intents: dict[str, str] = {}
    for _ in range(repeat):
        for q in questions:
            answer, ms = _ask(engine, source, q, errors)
            if answer is None:
                continue
            total.append(ms)
            outside.append(ms - sum(s.duration_ms for s in answer.steps))
            per_question[q].append(ms)
            intents[q] = answer.intent + (f"/{answer.error_kind}" if answer.error_kind else "")
            for s in answer.steps:
                steps[s.name].append(s.duration_ms)
    slowest = sorted(((median(v), q) for q, v in per_question.items()), reverse=True)[:5]
    answered = sum(1 for i in intents.values() if i in ("data_question", "refine"))
    return {"ask": summarize(total), "cold": summarize(cold), "outside_steps": summarize(outside),
            "questions": len(questions), "repeat": repeat, "answered_with_query": answered,
            "not_answered": {q: i for q, i in intents.items() if i not in ("data_question", "refine")},
            "errors": errors,
            "steps": {name: summarize(ms) for name, ms in steps.items()},
            "slowest": [{"question": q, "median_ms": round(ms, 2)} for ms, q in slowest]}


def first_answer(engine, source: str, question: str) -> dict[str, Any]:
    """The very first question in a fresh process: lazy imports and cold caches included."""
    errors: dict[str, str] = {}
    answer, ms = _ask(engine, source, question, errors)
    if answer is None:
        return {"question": question, "ms": None, "steps": {}, "outside_steps_ms": None, "errors": errors}
    return {"question": question, "ms": round(ms, 1), "steps": {s.name: s.duration_ms for s in answer.steps},
            "outside_steps_ms": round(ms - sum(s.duration_ms for s in answer.steps), 1)}


def _ask(engine, source: str, question: str, errors: dict[str, str]):
    """engine.ask timed; an exception (a bug: the engine answers errors in the Answer) is noted and skipped."""
    try:
        return timed(lambda: engine.ask(question, source=source))
    except Exception as e:
        errors[question] = f"{type(e).__name__}: {e}"[:200]
        return None, None

"""What the engine adds on top of the database: its whole answer vs. the same SQL run bare on DuckDB.

Both sides run in this process on the same file. The bare side opens a fresh read-only connection per question
and fetches every row; each side is run `runs` times, alternating, and its median is kept.

On two shared cores a 500 ms join varies by +-20 % from run to run, more than the engine adds, so each row also
gives the engine's time outside its own `execute` step: the pipeline around the query, free of that noise.
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import duckdb

from stats import median, timed

# The engine opens DuckDB files with this configuration; a second connection to the same file in the same
# process must use the same one, or DuckDB refuses it.
ENGINE_CONFIG = {"enable_external_access": False, "autoinstall_known_extensions": False,
                  "autoload_known_extensions": False, "lock_configuration": True}


def engine_overhead(engine, source: str, path: Path, questions: list[str], runs: int) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    for q in questions:
        rows.append(_one(engine, source, path, q, runs))
    measured = [r for r in rows if r.get("overhead_ms") is not None]
    return {"runs": runs, "questions": rows,
            "median_outside_execute_ms": round(median([r["outside_execute_ms"] for r in measured]), 1)
            if measured else None,
            "median_overhead_ms": round(median([r["overhead_ms"] for r in measured]), 1) if measured else None,
            "median_overhead_pct": round(median([r["overhead_pct"] for r in measured]), 1) if measured else None}


def _one(engine, source: str, path: Path, question: str, runs: int) -> dict[str, Any]:
    try:
        first = engine.ask(question, source=source)
    except Exception as e:           # a bug in the engine: reported in the row, the other questions still run
        return {"question": question, "error": f"{type(e).__name__}: {e}"[:200]}
    if not first.sql or first.error:
        return {"question": question, "error": first.error or "no SQL", "intent": first.intent}
    engine_ms: list[float] = []
    outside_ms: list[float] = []     # engine time minus its own execute step: what it adds around the database
    bare_ms: list[float] = []
    steps: dict[str, list[float]] = defaultdict(list)
    con = duckdb.connect(str(path), read_only=True, config=dict(ENGINE_CONFIG))
    try:
        for _ in range(runs):
            answer, ms = timed(lambda: engine.ask(question, source=source))
            engine_ms.append(ms)
            for s in answer.steps:
                steps[s.name].append(s.duration_ms)
            outside_ms.append(ms - sum(s.duration_ms for s in answer.steps if s.name == "execute"))
            _, ms = timed(lambda: con.execute(first.sql).fetchall())
            bare_ms.append(ms)
    finally:
        con.close()
    e, b = median(engine_ms), median(bare_ms)
    return {"question": question, "rows": first.row_count, "engine_ms": round(e, 1), "bare_ms": round(b, 1),
            "overhead_ms": round(e - b, 1), "overhead_pct": round(100 * (e - b) / b, 1) if b else None,
            "outside_execute_ms": round(median(outside_ms), 1),
            "steps_ms": {name: round(median(ms), 1) for name, ms in steps.items()}, "sql": first.sql}

"""Understanding + planning + compiling on a 100-table schema: the budget is p50 < 10 ms, p95 < 50 ms.

    .venv/bin/python bench/wide.py                       # 200 questions x 5 passes
    .venv/bin/python bench/wide.py --profile 30          # and the 30 slowest calls' cProfile, cumulative

Builds bench/.cache/wide-100.duckdb (bench/wide_schema.py, ~4 s) when absent, opens it the way the catalog does
(introspection, model, name values, value index, lexicon; each step timed), then parses and compiles every
question without executing anything. Prints a table and writes JSON to bench/results/wide.json.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from questions import TODAY                      # noqa: E402
from report import DIST, _dist, table            # noqa: E402
from stats import current_rss_mb, median, peak_rss_mb, summarize, timed   # noqa: E402
from wide_schema import SPEC, build_wide, wide_questions   # noqa: E402

WIDE = BENCH / ".cache" / "wide-100.duckdb"
BUDGET_P50_MS, BUDGET_P95_MS = 10.0, 50.0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--questions", type=int, default=200, help="how many generated questions (1-2000)")
    p.add_argument("--repeat", type=int, default=5, help="timed passes over the questions (1-100)")
    p.add_argument("--seed", type=int, default=1, help="seed of the question generator")
    p.add_argument("--rebuild", action="store_true", help="rebuild the database even if cached")
    p.add_argument("--profile", type=int, default=0, metavar="N", help="print cProfile's top N functions")
    p.add_argument("--out", type=Path, default=BENCH / "results" / "wide.json")
    args = p.parse_args(argv)
    if not 1 <= args.questions <= 2000 or not 1 <= args.repeat <= 100:
        p.error("--questions must be 1-2000 and --repeat 1-100")
    return args


def open_wide(url: str) -> tuple[Any, dict[str, float]]:
    """The catalog's steps, one at a time (engine/catalog.py), and the `Loaded` they make."""
    from conversql.engine.catalog import Catalog
    from conversql.semantic.build import build_model
    from conversql.semantic.values import load_name_values, share_role_values
    from conversql.sources import open_source
    from conversql.understand.lexicon import build_lexicon

    source = open_source(url)
    schema, t_introspect = timed(source.introspect)
    model, t_model = timed(lambda: build_model(schema))
    _, t_values = timed(lambda: (load_name_values(model, source), share_role_values(model)))
    lexicon, t_lexicon = timed(lambda: build_lexicon(model))
    source.close()
    catalog = Catalog()
    catalog.register("wide", url)
    loaded, t_get = timed(lambda: catalog.get("wide"))
    return (catalog, loaded), {"introspect_ms": round(t_introspect, 1), "build_model_ms": round(t_model, 1),
                               "load_values_ms": round(t_values, 1), "build_lexicon_ms": round(t_lexicon, 1),
                               "catalog_get_ms": round(t_get, 1)}


def run_questions(loaded, questions: list[str], repeat: int) -> dict[str, Any]:
    from conversql.query.compile import CompileError, compile_query
    from conversql.query.joins import NoJoinPath
    from conversql.understand.parser import parse

    both, parse_ms, compile_ms = [], [], []
    per_question: dict[str, list[float]] = defaultdict(list)
    compiled: dict[str, bool] = {}
    errors: dict[str, str] = {}
    for _ in range(repeat):
        for q in questions:
            t0 = time.perf_counter()
            try:
                p = parse(q, loaded.model, loaded.lexicon, TODAY)
            except Exception as e:          # a crash is a finding to report, not the end of the run
                errors[q] = f"{type(e).__name__}: {e}"[:200]
                continue
            t1 = time.perf_counter()
            ok = False
            if p.query is not None:
                try:
                    compile_query(p.query, loaded.model)
                    ok = True
                except (CompileError, NoJoinPath):
                    pass
                except Exception as e:
                    errors[q] = f"{type(e).__name__}: {e}"[:200]
            t2 = time.perf_counter()
            compiled[q] = ok
            parse_ms.append((t1 - t0) * 1000)
            if ok:
                compile_ms.append((t2 - t1) * 1000)
            both.append((t2 - t0) * 1000)
            per_question[q].append((t2 - t0) * 1000)
    slowest = sorted(((median(v), q) for q, v in per_question.items()), reverse=True)[:5]
    return {"understand_plus_compile": summarize(both), "understand": summarize(parse_ms),
            "compile": summarize(compile_ms), "distinct_questions": len(set(questions)),
            "compiled": sum(compiled.values()), "errors": errors,
            "slowest": [{"question": q, "median_ms": round(ms, 2)} for ms, q in slowest]}


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    import gc
    import os

    if args.rebuild or not WIDE.is_file():
        _, ms = timed(lambda: build_wide(WIDE))
        print(f"built {WIDE} ({len(SPEC)} tables) in {ms / 1000:.1f} s", file=sys.stderr)
    (catalog, loaded), loading = open_wide(f"duckdb:///{WIDE}")
    questions = wide_questions(args.seed, args.questions)
    # The first pass pays for lazy imports and fills the per-model caches (shortest paths per root): reported apart.
    cold = run_questions(loaded, questions, 1)
    gc.collect()
    profiler = cProfile.Profile() if args.profile else None
    if profiler:
        profiler.enable()
    result = run_questions(loaded, questions, args.repeat)
    if profiler:
        profiler.disable()
    catalog.close()
    model = loaded.model
    lex_values = sum(len(f.values or []) for f in model.fields.values())
    results = {"tables": len(model.entities), "fields": len(model.fields), "measures": len(model.measures),
               "joins": len(model.joins), "field_values": lex_values, "loading": loading,
               "questions": len(questions), "repeat": args.repeat, "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
               "peak_rss_mb": peak_rss_mb(), "rss_mb": current_rss_mb(), "cold": cold} | result
    uc = result["understand_plus_compile"]
    print(table(f"Understanding + planning + compiling, 100-table schema ({results['tables']} entities, "
                f"{results['fields']} fields, {results['joins']} joins; {len(questions)} questions "
                f"({result['distinct_questions']} distinct) x {args.repeat}; {result['compiled']} compiled to SQL)",
                DIST, [_dist("understand + compile", uc), _dist("  understand (parse)", result["understand"]),
                       _dist("  compile", result["compile"]),
                       _dist("(first pass, cold)", cold["understand_plus_compile"])]))
    verdict = "met" if uc["p50"] < BUDGET_P50_MS and uc["p95"] < BUDGET_P95_MS else "MISSED"
    print(f"budget p50 < {BUDGET_P50_MS:g} ms, p95 < {BUDGET_P95_MS:g} ms: {verdict}")
    print("opening (ms): " + ", ".join(f"{k[:-3]} {v}" for k, v in loading.items()))
    print("slowest: " + "; ".join(f"{s['question']!r} {s['median_ms']:.2f} ms" for s in result["slowest"][:3]))
    for q, e in list(result["errors"].items())[:5]:
        print(f"EXCEPTION {q!r}: {e}")
    print(f"load average {results['load']}; peak RSS {results['peak_rss_mb']} MB")
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(args.profile)
        print(out.getvalue())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""ConverSQL benchmarks: speed and memory, measured here rather than asserted in unit tests.

    .venv/bin/python bench/run.py                   # everything (builds bench/.cache/ demos on first run)
    .venv/bin/python bench/run.py --skip-large      # the scale-1 benchmarks only (seconds)
    .venv/bin/python bench/run.py --questions 10 --skip-api

Prints one table per benchmark and writes every figure as JSON (see bench/README.md for what each means).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))          # the sibling modules, whatever the working directory

from demo_files import ensure_demo_file   # noqa: E402
from loading import measure_loading      # noqa: E402
from questions import AGGREGATES, QUESTIONS, TODAY   # noqa: E402
from report import render                # noqa: E402
from stats import current_rss_mb, peak_rss_mb, timed   # noqa: E402


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--scale-large", type=float, default=150, help="scale of the large demo (150: ~10.6M order lines)")
    p.add_argument("--skip-large", action="store_true", help="skip the large demo (engine overhead, its introspection)")
    p.add_argument("--skip-api", action="store_true", help="skip the HTTP round trip (no server is started)")
    p.add_argument("--questions", type=int, default=None, help="ask only the first N questions")
    p.add_argument("--repeat", type=int, default=3, help="passes over the questions for engine and API timings")
    p.add_argument("--repeat-parse", type=int, default=10, help="passes for understanding + compiling alone")
    p.add_argument("--runs", type=int, default=3, help="runs per question on the large demo (median kept)")
    p.add_argument("--out", type=Path, default=BENCH / "results" / "latest.json", help="where to write the JSON")
    args = p.parse_args(argv)
    for name in ("questions", "repeat", "repeat_parse", "runs"):
        value = getattr(args, name)
        if value is not None and not 1 <= value <= 1000:
            p.error(f"--{name.replace('_', '-')} must be between 1 and 1000")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from conversql.engine.catalog import Catalog
    from conversql.engine.pipeline import Engine
    from conversql.settings import Settings

    from latency import first_answer, understand_and_compile, whole_answer
    from overhead import engine_overhead
    from roundtrip import api_round_trip

    started = time.perf_counter()
    questions = QUESTIONS[:args.questions] if args.questions else QUESTIONS
    aggregates = AGGREGATES[:args.questions] if args.questions else AGGREGATES
    results: dict[str, Any] = {"machine": machine(), "args": {k: str(v) for k, v in vars(args).items()},
                               "today": TODAY.isoformat(), "memory": []}

    def phase_done(name: str) -> None:
        results["memory"].append({"phase": name, "peak_rss_mb": peak_rss_mb(), "rss_mb": current_rss_mb()})
        print(f"[{time.perf_counter() - started:6.1f} s] {name} done", file=sys.stderr, flush=True)

    phase_done("start (imports)")
    small = ensure_demo_file(1, TODAY)
    small_url = f"duckdb:///{small.path}"
    # The first opening in a process also loads lemminflect's dictionaries (once per process): measured apart.
    results["small"] = _demo_info(small) | {"loading_cold": measure_loading(small_url),
                                            "loading": measure_loading(small_url)}
    # No .env and no configured sources: the benchmark measures the demo, whatever this checkout is set up for.
    settings = Settings(_env_file=None, sources={}, demo=False, today=TODAY)
    catalog = Catalog()
    catalog.register("demo", small_url)
    engine = Engine(settings, catalog)
    loaded, ms = timed(lambda: catalog.get("demo"))
    results["small"]["catalog_get_ms"] = round(ms, 1)
    phase_done("open demo scale 1")

    results["understand_compile"] = understand_and_compile(loaded, questions, TODAY, args.repeat_parse)
    phase_done("1. understand + compile")

    results["first_answer"] = first_answer(engine, "demo", questions[0])
    results["whole_answer"] = whole_answer(engine, "demo", questions, args.repeat)
    phase_done("2. engine.ask")

    if not args.skip_api:
        results["api"] = api_round_trip(small.path, TODAY, questions, args.repeat)
        phase_done("3. API round trip")

    if not args.skip_large:
        large = ensure_demo_file(args.scale_large, TODAY)
        large_url = f"duckdb:///{large.path}"
        results["large"] = _demo_info(large) | {"order_details": _order_lines(large.path)}
        phase_done(f"build/reuse demo scale {args.scale_large:g}")
        results["large"]["loading"] = measure_loading(large_url)
        phase_done("5. introspect the large demo")
        catalog.register("large", large_url)
        _, ms = timed(lambda: catalog.get("large"))
        results["large"]["catalog_get_ms"] = round(ms, 1)
        phase_done("open the large demo in the engine")
        results["overhead"] = engine_overhead(engine, "large", large.path, aggregates, args.runs)
        phase_done("4. engine overhead on the large demo")

    catalog.close()
    results["total_s"] = round(time.perf_counter() - started, 1)
    results["machine"]["load_end"] = _load()
    print(render(results))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, default=str))
    print(f"\nwritten: {args.out}")
    return 0


def _demo_info(demo) -> dict[str, Any]:
    return {"path": str(demo.path), "scale": demo.scale, "size_mb": demo.size_mb, "built": demo.built,
            "build_s": demo.build_s, "build_peak_rss_mb": demo.build_peak_rss_mb}


def _order_lines(path: Path) -> int:
    import duckdb
    from overhead import ENGINE_CONFIG
    con = duckdb.connect(str(path), read_only=True, config=dict(ENGINE_CONFIG))
    try:
        return con.execute("SELECT count(*) FROM order_details").fetchone()[0]
    finally:
        con.close()


def machine() -> dict[str, Any]:
    import duckdb

    import conversql
    return {"date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "cpus": os.cpu_count(),
            "platform": platform.platform(terse=True), "python": platform.python_version(),
            "duckdb": duckdb.__version__, "conversql": conversql.__version__, "commit": _commit(),
            "load_start": _load()}


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def _commit() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=BENCH, capture_output=True, text=True,
                              timeout=10).stdout.strip()
        return head or "?"
    except (OSError, subprocess.SubprocessError):
        return "?"


if __name__ == "__main__":
    sys.exit(main())

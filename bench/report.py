"""The printed report: one small table per benchmark, from the results dictionary that is also written as JSON."""
from __future__ import annotations

from typing import Any


def table(title: str, header: list[str], rows: list[list[Any]]) -> str:
    cells = [header] + [[_cell(v) for v in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    line = lambda r: "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))
    rule = "  ".join("-" * w for w in widths)
    return "\n".join([f"\n## {title}", line(cells[0]), rule] + [line(r) for r in cells[1:]])


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.1f}" if abs(value) >= 100 else f"{value:.2f}"
    return str(value)


def _dist(name: str, s: dict[str, float] | None) -> list[Any]:
    s = s or {}
    return [name, s.get("n"), s.get("p50"), s.get("p95"), s.get("max")]


DIST = ["what (ms)", "n", "p50", "p95", "max"]


def render(results: dict[str, Any]) -> str:
    out: list[str] = []
    m = results["machine"]
    out.append(f"ConverSQL benchmarks, {m['date']} on {m['cpus']} CPUs ({m['platform']}), Python {m['python']}, "
               f"DuckDB {m['duckdb']}, commit {m['commit']}; load average at start {m['load_start']}")

    uc = results.get("understand_compile")
    if uc:
        out.append(table(f"1. Understanding + compiling alone (demo scale 1; {uc['questions']} questions x "
                         f"{uc['repeat']}; {uc['compiled']} compiled to SQL)", DIST,
                         [_dist("understand + compile", uc["understand_plus_compile"]),
                          _dist("  understand (parse)", uc["understand"]),
                          _dist("  compile", uc["compile"])]))
        out.append("slowest: " + "; ".join(f"{s['question']!r} {s['median_ms']:.2f} ms" for s in uc["slowest"][:3]))
        out += _errors(uc)

    wa = results.get("whole_answer")
    if wa:
        rows = [_dist("engine.ask", wa["ask"]), _dist("  (first pass, cold)", wa["cold"])]
        rows += [_dist(f"  step {k}", v) for k, v in wa["steps"].items()]
        rows += [_dist("  outside the steps", wa["outside_steps"])]
        out.append(table(f"2. Whole engine answer (demo scale 1; {wa['questions']} questions x {wa['repeat']}; "
                         f"{wa['answered_with_query']} answered with a query)", DIST, rows))
        fa = results.get("first_answer")
        if fa and fa["ms"] is not None:
            out.append(f"first answer in a fresh process: {fa['ms']:.1f} ms (steps: "
                       + ", ".join(f"{k} {v:.1f}" for k, v in fa["steps"].items())
                       + f"; outside the steps {fa['outside_steps_ms']:.1f})")
        out.append("slowest: " + "; ".join(f"{s['question']!r} {s['median_ms']:.1f} ms" for s in wa["slowest"][:3]))
        out += _errors(wa)

    api = results.get("api")
    if api:
        out.append(table(f"3. API round trip (conversql serve on 127.0.0.1; {api['questions']} questions x "
                         f"{api['repeat']}; status codes {api['status_codes']})", DIST,
                         [_dist("POST /api/sessions", api["create_session"]),
                          _dist("POST .../messages", api["message"]),
                          _dist("  (first pass, cold)", api["cold"]),
                          _dist("  engine time inside", api["engine_inside_message"]),
                          _dist("response body (KB)", api["response_kb"])]))
        out.append(f"first message after start (opens the source): {api['first_message_ms']:.0f} ms; "
                   f"server start until /health answers: {api['startup_ms']:.0f} ms; server peak RSS "
                   f"{api['server_peak_rss_mb']} MB")

    ov = results.get("overhead")
    if ov:
        rows = [[r["question"], r.get("rows"), r.get("engine_ms"), r.get("bare_ms"), r.get("overhead_ms"),
                 r.get("overhead_pct"), r.get("outside_execute_ms"), _slowest_step(r)] if "error" not in r else
                [r["question"], "-", "-", "-", "-", "-", "-", f"not answered: {r['error'][:40]}"]
                for r in ov["questions"]]
        out.append(table(f"4. Engine overhead over the bare query (demo scale {results['large']['scale']:g}, "
                         f"{results['large']['order_details']:,} order lines; median of {ov['runs']})",
                         ["question", "rows", "engine ms", "bare ms", "overhead ms", "%", "outside execute",
                          "largest step"], rows))
        out.append(f"median overhead: {ov['median_overhead_ms']} ms ({ov['median_overhead_pct']} %); "
                   f"median engine time outside its execute step: {ov['median_outside_execute_ms']} ms")

    rows = []
    for key, label, loading in (("small", "demo scale 1, first in process", "loading_cold"),
                                ("small", "demo scale 1", "loading"), ("large", "demo large", "loading")):
        info = results.get(key)
        if info and loading in info:
            ld = info[loading]
            rows.append([label, info.get("size_mb"), info.get("build_s"), ld["introspect_ms"], ld["build_model_ms"],
                         ld["load_values_ms"], ld["build_lexicon_ms"],
                         info.get("catalog_get_ms") if loading == "loading" else None,
                         ld["model"]["fields"], ld["model"]["field_values"], ld["lexicon"]["exact"],
                         ld["model"]["pickled_kb"], ld["lexicon"]["pickled_kb"]])
    if rows:
        out.append(table("5a. Opening a source (introspection, model, values, lexicon; ms)",
                         ["database", "file MiB", "build s", "introspect", "model", "values", "lexicon",
                          "catalog.get", "fields", "values", "lex words", "model KB", "lexicon KB"], rows))
    out.append(table("5b. Memory: peak RSS of the benchmark process after each phase (MB)",
                     ["after", "peak RSS", "RSS now"],
                     [[p["phase"], p["peak_rss_mb"], p["rss_mb"]] for p in results["memory"]]))
    large = results.get("large")
    if large and large.get("build_peak_rss_mb"):
        out.append(f"building the large demo (child process): {large['build_s']} s, peak RSS "
                   f"{large['build_peak_rss_mb']} MB")
    out.append(f"\ntotal benchmark time {results['total_s']:.0f} s; load average at end {m['load_end']}")
    return "\n".join(out)


def _slowest_step(row: dict[str, Any]) -> str:
    steps = row.get("steps_ms") or {}
    if not steps:
        return "-"
    name = max(steps, key=steps.get)
    return f"{name} {steps[name]:.1f}"


def _errors(section: dict[str, Any]) -> list[str]:
    errors = section.get("errors") or {}
    return [f"EXCEPTION (left out of the timings) on {q!r}: {e}" for q, e in errors.items()]

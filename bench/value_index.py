"""The value index on a million distinct values: build time, memory, lookup times, and a refresh.

    .venv/bin/python bench/value_index.py                 # 1,000,000 distinct company names
    .venv/bin/python bench/value_index.py --values 200000

Builds bench/.cache/values-<N>.duckdb (companies with N distinct names, orders pointing at them) when absent,
then: the catalog's opening of it (the index included), the index's own build split into reading the source and
sorting the store, the same build again under tracemalloc for its peak Python memory, the index's size, exact
and typo lookups, parsing a question that names one of the values, and `Catalog.refresh`. JSON goes to
bench/results/value_index.json.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import random
import sys
import tracemalloc
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from questions import TODAY                  # noqa: E402
from report import _dist, table, DIST        # noqa: E402
from stats import current_rss_mb, peak_rss_mb, summarize, timed   # noqa: E402

WORDS = ["Northern", "Silver", "Golden", "Eastern", "Royal", "Quiet", "Bright", "Coastal", "Green", "Ancient",
         "Swift", "Noble", "Crystal", "Iron", "Summit", "Harbor", "Maple", "Cedar", "Lunar", "Solar"]
KINDS = ["Works", "Partners", "Labs", "Trading", "Systems", "Foods", "Studio", "Logistics", "Holdings", "Supply"]


def build_values_db(path: Path, n: int) -> None:
    """companies(id, company_name, country) with n distinct names like 'Lunar Trading 0004217', and orders."""
    import duckdb
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    con = duckdb.connect(str(path))
    words, kinds = str(WORDS), str(KINDS)
    con.execute(f"""
        CREATE TABLE companies (id INTEGER PRIMARY KEY, company_name VARCHAR NOT NULL, country VARCHAR NOT NULL);
        INSERT INTO companies SELECT i,
            {words}[1 + i % 20] || ' ' || {kinds}[1 + (i // 20) % 10] || ' ' || lpad(CAST(i AS VARCHAR), 7, '0'),
            ['France', 'Spain', 'Italy', 'Germany'][1 + i % 4]
        FROM range(1, {n + 1}) r(i);
        CREATE TABLE orders (id INTEGER PRIMARY KEY, company_id INTEGER REFERENCES companies(id),
                             order_date DATE, amount DECIMAL(10, 2));
        INSERT INTO orders SELECT i, 1 + (i * 7919) % {n}, DATE '2024-01-01' + CAST(i % 365 AS INTEGER),
            CAST(10 + i % 990 AS DECIMAL(10, 2)) FROM range(1, 100001) r(i);
    """)
    con.close()


def name_of(i: int) -> str:
    return f"{WORDS[i % 20]} {KINDS[(i // 20) % 10]} {i:07d}"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--values", type=int, default=1_000_000, help="distinct names (1,000 - 5,000,000)")
    p.add_argument("--lookups", type=int, default=2000, help="timed lookups of each kind")
    p.add_argument("--out", type=Path, default=BENCH / "results" / "value_index.json")
    args = p.parse_args(argv)
    if not 1000 <= args.values <= 5_000_000 or not 1 <= args.lookups <= 100_000:
        p.error("--values must be 1,000-5,000,000 and --lookups 1-100,000")

    from conversql.engine.catalog import Catalog
    from conversql.semantic.build import build_model
    from conversql.semantic.value_index import IndexLimits, build_value_index
    from conversql.semantic.values import load_name_values
    from conversql.sources import open_source
    from conversql.understand.parser import parse

    path = BENCH / ".cache" / f"values-{args.values}.duckdb"
    if not path.is_file():
        _, ms = timed(lambda: build_values_db(path, args.values))
        print(f"built {path} in {ms / 1000:.1f} s", file=sys.stderr)
    url = f"duckdb:///{path}"
    rss_start = current_rss_mb()

    # the index alone, on a model built the catalog's way
    source = open_source(url)
    model = build_model(source.introspect())
    load_name_values(model, source)
    limits = IndexLimits(max_values=max(1_000_000, args.values), max_bytes=256 * 2**20)
    gc.collect()
    rss_before = current_rss_mb()
    index, build_ms = timed(lambda: build_value_index(model, source, limits))
    read_ms = sum(c.ms for c in index.columns)
    rss_after = current_rss_mb()
    del index
    gc.collect()
    tracemalloc.start()
    index, traced_ms = timed(lambda: build_value_index(model, source, limits))
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    source.close()

    rng = random.Random(7)
    picks = [name_of(rng.randrange(1, args.values + 1)) for _ in range(args.lookups)]
    exact_ms = [timed(lambda v=v: index.exact(v))[1] for v in picks]
    assert all(index.exact(v) for v in picks[:50])
    # one letter dropped, after the first word (a typo in the first characters is not looked for)
    typos = [(v[:7] + v[8:], v) for v in picks[:max(1, args.lookups // 10)]]     # 'Lunar Tading 0004217'
    similar_ms, found = [], 0
    for typo, v in typos:
        hits, ms = timed(lambda t=typo: index.similar(t, limit=3, cutoff=85))
        similar_ms.append(ms)
        found += any(h[1] == v for h in hits)

    catalog = Catalog(limits)
    catalog.register("values", url)
    loaded, get_ms = timed(lambda: catalog.get("values"))
    questions = [f"orders of {v}" for v in picks[:200]]
    parse_ms, linked = [], 0
    for q, v in zip(questions, picks):
        result, ms = timed(lambda q=q: parse(q, loaded.model, loaded.lexicon, TODAY))
        parse_ms.append(ms)
        linked += any(f.value == v or v in str(f.value) for f in (result.query.filters if result.query else []))
    fresh, refresh_ms = timed(lambda: catalog.refresh("values"))
    catalog.close()

    results = {"values": args.values, "indexed": len(index), "columns": [vars(c) for c in index.columns],
               "build_ms": round(build_ms, 1), "read_ms": round(read_ms, 1),
               "store_ms": round(build_ms - read_ms, 1), "index_mb": round(index.nbytes / 2**20, 1),
               "rss_growth_mb": round(rss_after - rss_before, 1) if rss_before and rss_after else None,
               "tracemalloc_peak_mb": round(traced_peak / 2**20, 1), "traced_build_ms": round(traced_ms, 1),
               "exact": summarize(exact_ms), "similar": summarize(similar_ms), "similar_found": found,
               "similar_asked": len(typos), "catalog_get_ms": round(get_ms, 1), "refresh_ms": round(refresh_ms, 1),
               "refreshed_values": len(fresh.values), "parse": summarize(parse_ms), "parse_linked": linked,
               "parse_asked": len(questions), "rss_start_mb": rss_start, "peak_rss_mb": peak_rss_mb(),
               "load": " ".join(f"{x:.2f}" for x in os.getloadavg())}
    print(table(f"Value index, {args.values:,} distinct values ({len(index):,} indexed)",
                ["what", "value"],
                [["build (read + store), s", round(build_ms / 1000, 2)], ["  read from DuckDB, s", round(read_ms / 1000, 2)],
                 ["  normalize + sort + pack, s", round((build_ms - read_ms) / 1000, 2)],
                 ["index size, MB", results["index_mb"]], ["RSS growth kept, MB", results["rss_growth_mb"]],
                 ["peak Python memory while building (tracemalloc), MB", results["tracemalloc_peak_mb"]],
                 ["catalog.get (introspect + model + index + lexicon), s", round(get_ms / 1000, 2)],
                 ["Catalog.refresh, s", round(refresh_ms / 1000, 2)],
                 ["typos found among the best 3 (one letter dropped)", f"{found}/{len(typos)}"],
                 ["questions linked to the named value", f"{linked}/{len(questions)}"],
                 ["peak RSS of the process, MB", results["peak_rss_mb"]]]))
    print(table("Lookups (ms)", DIST, [_dist("exact", results["exact"]), _dist("similar (typo)", results["similar"]),
                                      _dist("parse 'orders of <name>'", results["parse"])]))
    print(f"load average {results['load']}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())

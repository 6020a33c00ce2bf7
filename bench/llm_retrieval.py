"""Schema-retrieval recall of the LLM engine's prompts on the Spider training set, and the prompts' size.

For each question: are all the tables of the gold SQL (parsed with sqlglot) among the tables the prompt shows?
Prompts are built exactly as the engine builds them (llm/grounding.py, llm/prompt.py, with sample rows and the
source's value index), but not sent anywhere: no network, no model. Sizes are in estimated tokens, characters / 4
(llm.providers.estimate_tokens), because no offline tokenizer with its vocabulary installs from PyPI here; for
English and SQL that is within about 10-15% of the GPT-4o and Claude tokenizers. "Cacheable" is the prefix every
question of a database shares (the instructions, and a schema sent whole): what provider prompt caches serve.

    .venv/bin/python bench/llm_retrieval.py                      # all 6,904 questions, about 2-3 minutes
    .venv/bin/python bench/llm_retrieval.py --limit 500 --out /tmp/r.json
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

import sqlglot
from sqlglot import exp

from conversql.engine.catalog import Catalog
from conversql.llm.grounding import ground, whole_schema_tokens
from conversql.llm.prompt import SYSTEM, user_parts
from conversql.llm.providers import estimate_tokens
from conversql.llm.registry import LLMRegistry
from conversql.settings import Settings

SPIDER = Path(__file__).resolve().parents[2] / "shared" / "data" / "spider-train"
TODAY = date(2025, 6, 30)

# name -> (max tables retrieved, whole schema sent below this many tokens, referenced tables added)
CONFIGS = {
    "default (8 tables; whole schema under 1,500 tokens)": (8, 1500, True),
    "retrieval only, 8 tables": (8, 0, True),
    "retrieval only, 4 tables": (4, 0, True),
    "retrieval only, 8 tables, no referenced tables": (8, 0, False),
}


def gold_tables(sql: str) -> set[str] | None:
    """The tables a gold query reads (CTE names and subquery aliases are not tables); None when it does not parse."""
    try:
        tree = sqlglot.parse_one(sql, read="sqlite")
    except sqlglot.errors.ParseError:
        return None
    ctes = {c.alias_or_name.lower() for c in tree.find_all(exp.CTE)}
    return {t.name.lower() for t in tree.find_all(exp.Table) if t.name and t.name.lower() not in ctes}


def percentile(values: list[int], p: float) -> int:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--spider", type=Path, default=SPIDER)
    ap.add_argument("--limit", type=int, default=0, help="only the first N questions (0: all)")
    ap.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "llm_retrieval.json")
    args = ap.parse_args(argv)

    items = json.loads((args.spider / "train.json").read_text())
    if args.limit:
        items = items[:args.limit]
    settings = Settings()
    registry = LLMRegistry(settings)
    catalog = Catalog()
    stats: dict[str, dict] = {name: {"hits": 0, "n": 0, "tokens": [], "cacheable": [], "tables": [],
                                     "misses": defaultdict(int)} for name in CONFIGS}
    skipped = 0
    schema_tables: list[int] = []
    whole_sizes: dict[str, int] = {}
    t0 = time.perf_counter()
    for i, item in enumerate(items):
        db = item["db_id"]
        gold = gold_tables(item["query"])
        if gold is None:
            skipped += 1
            continue
        if db not in catalog:
            catalog.register(db, f"sqlite:///{args.spider / 'database' / db / (db + '.sqlite')}")
        loaded = catalog.get(db)
        index = registry.index(loaded.model)
        whole_sizes[db] = whole_schema_tokens(index, loaded.schema)
        schema_tables.append(len(index.entities))
        for name, (max_tables, whole_below, parents) in CONFIGS.items():
            g = ground(item["question"], loaded.model, loaded.schema, index, max_tables=max_tables,
                       whole_schema_below=whole_below, parents=parents, values=loaded.values,
                       samples=lambda ents: registry.samples(loaded.source, loaded.model, ents,
                                                             settings.llm_sample_rows, 10.0))
            shown = {loaded.model.entities[e].name.lower() for e in g.tables}
            parts = user_parts(item["question"], dialect=loaded.schema.dialect, today=TODAY,
                               schema_text=g.schema_text, retrieval=g.retrieval)
            prompt = SYSTEM + "\n" + "".join(p.text for p in parts)
            s = stats[name]
            s["n"] += 1
            s["hits"] += gold <= shown
            for missing in gold - shown:
                s["misses"][missing] += 1
            s["tokens"].append(estimate_tokens(prompt))
            s["cacheable"].append(estimate_tokens(SYSTEM + "\n" + (parts[0].text if parts[0].cache else "")))
            s["tables"].append(len(g.tables))
        if (i + 1) % 1000 == 0:
            print(f"  {i + 1:,} questions, {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    catalog.close()

    elapsed = time.perf_counter() - t0
    report = {"questions": len(items) - skipped, "skipped_unparsable_gold": skipped, "databases": len(whole_sizes),
              "tokens": "estimated: characters / 4", "elapsed_s": round(elapsed, 1),
              "mean_schema_tables": round(statistics.mean(schema_tables), 2),
              "whole_schema_tokens": {"mean": round(statistics.mean(whole_sizes.values())),
                                      "max": max(whole_sizes.values())},
              "configs": {}}
    print(f"\n{report['questions']:,} questions on {len(whole_sizes)} databases ({skipped} gold queries did not "
          f"parse), {elapsed:.0f} s; tokens = characters / 4\n")
    print(f"{'configuration':<52} {'recall':>7} {'tables':>7} {'mean tok':>9} {'p95 tok':>8} {'max tok':>8} "
          f"{'cacheable':>9}")
    for name, s in stats.items():
        recall = s["hits"] / s["n"]
        row = {"recall": round(recall, 4), "mean_tables": round(statistics.mean(s["tables"]), 2),
               "mean_tokens": round(statistics.mean(s["tokens"])), "p95_tokens": percentile(s["tokens"], 95),
               "max_tokens": max(s["tokens"]), "mean_cacheable_tokens": round(statistics.mean(s["cacheable"])),
               "most_missed": sorted(s["misses"].items(), key=lambda kv: -kv[1])[:10]}
        report["configs"][name] = row
        print(f"{name:<52} {recall:>7.1%} {row['mean_tables']:>7.2f} {row['mean_tokens']:>9,} "
              f"{row['p95_tokens']:>8,} {row['max_tokens']:>8,} {row['mean_cacheable_tokens']:>9,}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1))
    print(f"\nwritten to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

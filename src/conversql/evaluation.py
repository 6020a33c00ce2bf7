"""Execution accuracy on Spider-format question files: run each question, run the gold SQL, compare rows."""
from __future__ import annotations

import collections
import json
import sqlite3
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from conversql.engine.answer import Answer


@dataclass
class Report:
    right: int = 0
    total: int = 0
    by_category: dict[str, list[int]] = field(default_factory=lambda: collections.defaultdict(lambda: [0, 0]))
    failure_kinds: collections.Counter = field(default_factory=collections.Counter)
    verdicts: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[dict[str, Any]] = field(default_factory=list)   # gold queries that do not run

    @property
    def accuracy(self) -> float:
        return 100.0 * self.right / max(self.total, 1)

    def add(self, category: str, ok: bool, kind: str, verdict: dict[str, Any]) -> None:
        self.total += 1
        self.right += ok
        self.by_category[category][0] += ok
        self.by_category[category][1] += 1
        if not ok:
            self.failure_kinds[kind] += 1
        self.verdicts.append(verdict | {"ok": ok, "kind": kind})


def _norm(v: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, bool):
        return float(v)
    if isinstance(v, (int, float)):
        return round(float(v), 4)
    s = str(v).strip()
    try:
        return round(float(s), 4)
    except ValueError:
        return s[:10] if len(s) >= 19 and s[4] == "-" and s[10] in " T" and s[11:19] == "00:00:00" else s


def _key(v: Any) -> tuple:
    return (0, 0.0, "") if v is None else (1, v, "") if isinstance(v, float) else (2, 0.0, str(v))


def rows_match(gold: list[tuple], columns: list[list[Any]], ordered: bool) -> bool:
    """Every gold column matches a distinct predicted column (extra predicted columns are allowed)."""
    if len(gold) != len(columns[0] if columns else []):
        return not gold and not (columns and columns[0])
    if not gold:
        return True
    g_cols = [[_norm(r[i]) for r in gold] for i in range(len(gold[0]))]
    p_cols = [[_norm(v) for v in c] for c in columns]

    def same(a: list, b: list) -> bool:
        if not ordered:
            a, b = sorted(a, key=_key), sorted(b, key=_key)
        return all(x == y or isinstance(x, float) and isinstance(y, float)
                   and abs(x - y) <= 1e-4 * max(1.0, abs(x), abs(y)) for x, y in zip(a, b))

    def assign(j: int, used: set[int]) -> bool:
        if j == len(g_cols):
            return True
        return any(k not in used and same(g_cols[j], p_cols[k]) and assign(j + 1, used | {k})
                   for k in range(len(p_cols)))
    return assign(0, set())


def _judge(answer: Answer, gold: list[tuple], gold_sql: str) -> tuple[bool, str]:
    if answer.error or answer.sql is None:
        return False, answer.error_kind or "no_sql"
    cols = [[r[i] for r in answer.rows] for i in range(len(answer.columns))]
    if len(answer.rows) != len(gold):
        return False, "row_count"
    ok = rows_match(gold, cols, "order by" in gold_sql.lower())
    return ok, "ok" if ok else "values"


def evaluate_spider(questions: Path, databases: Path, *, limit: int = 0, today: date | None = None) -> Report:
    """Score a Spider-format file; the category is the question's `category` field, else its database."""
    from conversql.engine.catalog import Catalog
    from conversql.engine.pipeline import Engine
    from conversql.settings import Settings
    items = json.loads(Path(questions).read_text())
    if limit:
        items = items[:limit]
    report = Report()
    engines: dict[str, Engine] = {}
    for item in items:
        db_id = item["db_id"]
        path = Path(databases) / db_id / f"{db_id}.sqlite"
        if db_id not in engines:
            catalog = Catalog()
            catalog.register(db_id, f"sqlite:///{path}")
            engines[db_id] = Engine(Settings(today=today), catalog)
        try:
            answer = engines[db_id].ask(item["question"], source=db_id)
        except Exception as e:  # noqa: BLE001 - scored as a failure, never a crash of the whole run
            answer = Answer(question=item["question"], intent="clarify", error=str(e), error_kind="internal")
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        con.text_factory = lambda b: b.decode(errors="replace")
        try:
            gold = con.execute(item["query"]).fetchall()
        except sqlite3.Error as e:
            # a few Spider gold queries name tables their database lacks; they cannot be scored
            report.skipped.append({"question": item["question"], "gold": item["query"], "error": str(e)})
            continue
        finally:
            con.close()
        ok, kind = _judge(answer, gold, item["query"])
        report.add(item.get("category") or db_id, ok, kind,
                   {"db_id": db_id, "question": item["question"], "gold": item["query"], "pred": answer.sql,
                    "not_understood": answer.not_understood})
    return report

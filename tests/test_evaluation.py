"""Execution accuracy: rows_match semantics, and evaluate_spider on a tiny Spider-format file over Chinook."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from conversql.evaluation import Report, evaluate_spider, rows_match

CHINOOK = Path(__file__).parents[1] / ".." / "shared" / "eval" / "chinook.sqlite"

# --- rows_match: gold rows against predicted columns ----------------------------------------------------------


def test_same_rows_match():
    assert rows_match([(1, "a"), (2, "b")], [[1, 2], ["a", "b"]], ordered=False)


def test_extra_predicted_columns_are_allowed():
    assert rows_match([(1,), (2,)], [["x", "y"], [1, 2]], ordered=False)


def test_column_order_does_not_matter():
    assert rows_match([(1, "a")], [["a"], [1]], ordered=False)


def test_a_missing_column_does_not_match():
    assert not rows_match([(1, "a")], [[1]], ordered=False)


def test_each_gold_column_needs_its_own_predicted_column():
    assert not rows_match([(1, 1)], [[1]], ordered=False)


def test_row_order_is_ignored_unless_asked():
    assert rows_match([(1,), (2,)], [[2, 1]], ordered=False)


def test_row_order_counts_when_asked():
    assert not rows_match([(1,), (2,)], [[2, 1]], ordered=True)


def test_ordered_rows_in_the_same_order_match():
    assert rows_match([(1,), (2,)], [[1, 2]], ordered=True)


def test_a_different_row_count_does_not_match():
    assert not rows_match([(1,), (2,)], [[1]], ordered=False)


def test_different_values_do_not_match():
    assert not rows_match([(1,)], [[2]], ordered=False)


def test_close_numbers_match():
    assert rows_match([(1.0,)], [[1.00005]], ordered=False)


def test_numbers_beyond_the_tolerance_do_not_match():
    assert not rows_match([(1.0,)], [[1.01]], ordered=False)


def test_tolerance_is_relative_for_big_numbers():
    assert rows_match([(1_000_000.0,)], [[1_000_050.0]], ordered=False)


def test_integers_match_floats():
    assert rows_match([(3,)], [[3.0]], ordered=False)


def test_numeric_text_matches_numbers():
    assert rows_match([("3.50",)], [[3.5]], ordered=False)


def test_booleans_match_ones_and_zeros():
    assert rows_match([(True,), (False,)], [[1, 0]], ordered=True)


def test_a_midnight_timestamp_matches_its_date():
    assert rows_match([("2024-01-05 00:00:00",)], [["2024-01-05"]], ordered=False)


def test_a_timestamp_with_a_time_does_not_match_its_date():
    assert not rows_match([("2024-01-05 10:30:00",)], [["2024-01-05"]], ordered=False)


def test_text_is_compared_trimmed():
    assert rows_match([("Rock ",)], [["Rock"]], ordered=False)


def test_nulls_match_nulls_only():
    assert rows_match([(None,)], [[None]], ordered=False)
    assert not rows_match([(None,)], [[0]], ordered=False)


def test_nulls_sort_with_numbers_when_unordered():
    assert rows_match([(None,), (2,), (1,)], [[1, None, 2]], ordered=False)


def test_no_rows_match_no_rows():
    assert rows_match([], [[]], ordered=False)


def test_no_gold_rows_do_not_match_some_rows():
    assert not rows_match([], [[1]], ordered=False)


# --- Report ------------------------------------------------------------------------------------------------------

def test_report_accuracy_is_a_percentage():
    report = Report()
    report.add("count", True, "ok", {})
    report.add("count", False, "values", {})
    report.add("sum", True, "ok", {})
    assert (report.right, report.total, round(report.accuracy, 1)) == (2, 3, 66.7)


def test_report_counts_by_category_and_failure_kind():
    report = Report()
    report.add("count", False, "values", {"question": "q"})
    assert (dict(report.by_category), report.failure_kinds["values"], report.verdicts) == (
        {"count": [0, 1]}, 1, [{"question": "q", "ok": False, "kind": "values"}])


def test_an_empty_report_has_zero_accuracy():
    assert Report().accuracy == 0.0


# --- evaluate_spider on Chinook --------------------------------------------------------------------------------------

QUESTIONS = [
    {"db_id": "chinook", "question": "How many tracks are there?", "query": "SELECT count(*) FROM Track",
     "category": "count"},
    {"db_id": "chinook", "question": "How many customers are in Brazil?",
     "query": "SELECT count(*) FROM Customer WHERE Country = 'Brazil'", "category": "filter"},
    {"db_id": "chinook", "question": "Tell me a joke", "query": "SELECT 1", "category": "nonsense"},
    {"db_id": "chinook", "question": "How many albums are there?", "query": "SELECT 42", "category": "count"},
    {"db_id": "chinook", "question": "How many artists are there?", "query": "SELECT ArtistId FROM Artist LIMIT 2",
     "category": "count"},
    {"db_id": "chinook", "question": "How many genres are there?", "query": "SELECT count(*) FROM Genres",
     "category": "broken"},
]


@pytest.fixture(scope="module")
def spider(tmp_path_factory) -> tuple[Path, Path]:
    """A Spider-format question file and a databases folder holding chinook/chinook.sqlite (a link)."""
    if not CHINOOK.exists():
        pytest.skip(f"the Chinook database is not at {CHINOOK}")
    root = tmp_path_factory.mktemp("spider")
    (root / "databases" / "chinook").mkdir(parents=True)
    (root / "databases" / "chinook" / "chinook.sqlite").symlink_to(CHINOOK.resolve())
    (root / "questions.json").write_text(json.dumps(QUESTIONS))
    return root / "questions.json", root / "databases"


@pytest.fixture(scope="module")
def report(spider) -> Report:
    return evaluate_spider(*spider, today=date(2025, 12, 31))


def test_scores_every_runnable_question(report):
    assert (report.right, report.total) == (2, 5)


def test_accuracy(report):
    assert report.accuracy == pytest.approx(40.0)


def test_scores_by_category(report):
    assert dict(report.by_category) == {"count": [1, 3], "filter": [1, 1], "nonsense": [0, 1]}


def test_names_each_kind_of_failure(report):
    assert dict(report.failure_kinds) == {"not_understood": 1, "values": 1, "row_count": 1}


def test_a_gold_query_that_does_not_run_is_skipped(report):
    assert [(s["question"], s["error"]) for s in report.skipped] == [("How many genres are there?",
                                                                      "no such table: Genres")]


def test_verdicts_keep_the_predicted_sql(report):
    first = report.verdicts[0]
    assert (first["question"], first["ok"], first["kind"]) == ("How many tracks are there?", True, "ok")
    assert "COUNT(*)" in first["pred"]


def test_a_question_not_understood_has_no_predicted_sql(report):
    joke = next(v for v in report.verdicts if v["question"] == "Tell me a joke")
    assert (joke["pred"], joke["kind"]) == (None, "not_understood")


def test_limit_scores_the_first_questions_only(spider):
    assert evaluate_spider(*spider, limit=2).total == 2


def test_the_category_defaults_to_the_database(spider, tmp_path):
    path = tmp_path / "q.json"
    path.write_text(json.dumps([{k: v for k, v in QUESTIONS[0].items() if k != "category"}]))
    assert dict(evaluate_spider(path, spider[1]).by_category) == {"chinook": [1, 1]}


def test_the_eval_command_prints_the_accuracy_and_writes_verdicts(spider, tmp_path):
    out = tmp_path / "verdicts.json"
    done = subprocess.run([sys.executable, "-m", "conversql", "eval", *map(str, spider), "--today", "2025-12-31",
                           "--out", str(out)], capture_output=True, text=True, timeout=60, cwd=tmp_path,
                          env={k: v for k, v in os.environ.items() if not k.startswith("CONVERSQL_")})
    assert done.returncode == 0, done.stderr
    assert "execution accuracy 2/5 = 40.0%" in done.stdout
    assert len(json.loads(out.read_text())) == 5

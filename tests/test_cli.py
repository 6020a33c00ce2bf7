"""The `conversql` command, run as a real subprocess (the evaluation contract), plus a check that every option
of every command is explained."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main

from conversql.cli import app

DOCS = Path(__file__).parents[1] / "docs" / "cli.md"


WORKDIR: dict[str, Path] = {}


@pytest.fixture(scope="module", autouse=True)
def workdir(tmp_path_factory):
    """Run the command in an empty folder, so no .env file or data/ folder of the checkout is used."""
    WORKDIR["path"] = tmp_path_factory.mktemp("cwd")


def conversql(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONVERSQL_")} | {"COLUMNS": "200", "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "conversql", *args], capture_output=True, text=True,
                          cwd=WORKDIR["path"], timeout=timeout, env=env)


@pytest.fixture(scope="module")
def shop(tmp_path_factory) -> str:
    """A small SQLite shop: 5 customers in 3 countries and their orders."""
    path = tmp_path_factory.mktemp("cli") / "shop.sqlite"
    con = sqlite3.connect(path)
    con.executescript("""
        CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, country TEXT NOT NULL);
        CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers (id),
                             order_date DATE NOT NULL, amount REAL NOT NULL);
        INSERT INTO customers VALUES (1, 'Ana', 'Germany'), (2, 'Ben', 'Germany'), (3, 'Cleo', 'France'),
                                     (4, 'Dan', 'Spain'), (5, 'Eve', 'Germany');
        INSERT INTO orders VALUES (1, 1, '2025-11-02', 10.0), (2, 3, '2025-12-01', 20.0), (3, 4, '2025-12-20', 5.5);
    """)
    con.commit()
    con.close()
    return f"sqlite:///{path}"


@pytest.fixture(scope="module")
def batch(shop, tmp_path_factory) -> list[dict]:
    """One batch run: two standalone questions, a two-turn conversation, a blank line and three malformed lines."""
    path = tmp_path_factory.mktemp("batch") / "questions.jsonl"
    path.write_text("\n".join([
        json.dumps({"id": "q1", "question": "how many customers"}),
        "this is not json",
        json.dumps({"id": "c1-1", "question": "how many customers in Germany", "conversation": "c1"}),
        "",
        json.dumps({"id": "c1-2", "question": "and in France?", "conversation": "c1"}),
        json.dumps({"id": "no-question"}),
        json.dumps(["a", "list"]),
        json.dumps({"id": "q2", "question": "total amount"}),
    ]) + "\n")
    done = conversql("ask", "--db", shop, "--today", "2025-12-31", "--format", "jsonl", "--batch", str(path))
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


# --- the batch contract -------------------------------------------------------------------------------------------

def test_batch_writes_one_line_per_non_blank_input_line(batch):
    assert len(batch) == 7


def test_batch_lines_have_the_contract_keys(batch):
    assert all(set(line) == {"id", "sql", "columns", "rows", "error"} for line in batch)


def test_batch_answers_carry_their_ids_in_order(batch):
    assert [line["id"] for line in batch] == ["q1", None, "c1-1", "c1-2", None, None, "q2"]


def test_batch_answer_rows(batch):
    assert (batch[0]["columns"], batch[0]["rows"], batch[0]["error"]) == (["customer_count"], [[5]], None)


def test_batch_answer_sql_is_sqlite(batch):
    assert batch[0]["sql"].startswith("SELECT") and "COUNT(*)" in batch[0]["sql"]


def test_batch_conversation_first_turn(batch):
    assert batch[2]["rows"] == [[3]] and "'Germany'" in batch[2]["sql"]


def test_batch_conversation_second_turn_follows_the_first(batch):
    assert batch[3]["rows"] == [[1]]
    assert "'France'" in batch[3]["sql"] and "'Germany'" not in batch[3]["sql"] and "COUNT(*)" in batch[3]["sql"]


def test_batch_money_total(batch):
    assert batch[6]["rows"] == [[35.5]]


@pytest.mark.parametrize("index, line_number", [(1, 2), (4, 6), (5, 7)])   # not JSON, no question, not an object
def test_batch_malformed_line_is_an_error_line(batch, index, line_number):
    line = batch[index]
    assert (line["sql"], line["rows"], line["columns"]) == (None, [], [])
    assert line["error"].startswith(f"line {line_number}: not a {{id, question}} object")


def test_batch_file_that_cannot_be_read_exits_2(shop, tmp_path):
    done = conversql("ask", "--db", shop, "--format", "jsonl", "--batch", str(tmp_path / "absent.jsonl"))
    assert (done.returncode, "Cannot read" in done.stderr, done.stdout) == (2, True, "")


# --- one question ------------------------------------------------------------------------------------------------

def test_ask_prints_the_sql_and_a_table(shop):
    done = conversql("ask", "--db", shop, "--today", "2025-12-31", "how many customers in Germany")
    assert done.returncode == 0, done.stderr
    assert "SELECT" in done.stdout and "WHERE" in done.stdout
    assert "customer_count" in done.stdout and "│ 3" in done.stdout


def test_ask_json_prints_the_answer(shop):
    done = conversql("ask", "--db", shop, "--format", "json", "how many customers")
    answer = json.loads(done.stdout)
    assert (answer["rows"], answer["intent"], "vega_lite" in answer) == ([[5]], "data_question", False)


def test_ask_without_a_question_is_a_usage_error(shop):
    done = conversql("ask", "--db", shop)
    assert done.returncode == 2 and "give a question, or --batch FILE" in done.stderr


@pytest.mark.parametrize("url, message", [
    ("sqlite:////nonexistent/dir/shop.sqlite", "no SQLite file at /nonexistent/dir/shop.sqlite"),
    ("bogus://somewhere", "no SQLAlchemy dialect installed for bogus"),
])
def test_a_bad_database_url_exits_2_with_a_clear_message(url, message):
    done = conversql("ask", "--db", url, "how many customers")
    assert done.returncode == 2
    assert "Cannot open the database" in done.stderr and message in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


def test_a_bad_today_is_a_usage_error(shop):
    done = conversql("ask", "--db", shop, "--today", "31/12/2025", "how many customers")
    assert done.returncode == 2 and "--today must be YYYY-MM-DD" in done.stderr and "Traceback" not in done.stderr


# --- other commands ---------------------------------------------------------------------------------------------

def test_help_lists_the_commands():
    done = conversql("--help")
    assert done.returncode == 0
    for command in ("serve", "demo", "ask", "sources", "eval"):
        assert f" {command} " in done.stdout


def test_demo_builds_a_file(tmp_path):
    out = tmp_path / "small.duckdb"
    done = conversql("demo", "--out", str(out), "--scale", "0.02", "--today", "2025-12-31")
    assert done.returncode == 0, done.stderr
    assert out.stat().st_size > 0 and f"Built {out}" in done.stdout.replace("\n", "")
    assert "orders" in done.stdout


def test_sources_lists_tables_and_row_counts(shop):
    done = conversql("sources", "--db", shop)
    assert done.returncode == 0, done.stderr
    assert "db (sqlite)" in done.stdout and "customers" in done.stdout and "5 rows" in done.stdout


# --- every option is explained (the Datasette docs check) ----------------------------------------------------------

COMMANDS = typer.main.get_command(app).commands
PARAMS = [(name, p) for name, command in COMMANDS.items() for p in command.params]


@pytest.mark.parametrize("command, param", PARAMS, ids=[f"{n}-{p.name}" for n, p in PARAMS])
def test_every_option_has_help_text(command, param):
    assert (getattr(param, "help", None) or "").strip(), f"conversql {command}: {param.name} has no help"


def test_every_command_has_a_docstring():
    assert all(command.help for command in COMMANDS.values())


def documented(command: str) -> str:
    """The rows of the command table in docs/cli.md that show `conversql <command> ...`."""
    return "\n".join(line for line in DOCS.read_text().splitlines() if line.startswith(f"| `conversql {command} "))


@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_option_is_in_the_cli_docs(command):
    if not DOCS.exists():
        pytest.skip("docs/cli.md is absent")
    options = [opt for p in COMMANDS[command].params if p.param_type_name == "option" for opt in p.opts]
    assert [opt for opt in options if opt not in documented(command)] == []

"""Print an Answer in a terminal: the response, the SQL, a table and the insights."""
from __future__ import annotations

from rich.console import Console
from rich.syntax import Syntax
from rich.table import Table

from conversql.engine.answer import Answer


def print_answer(console: Console, answer: Answer, max_rows: int = 30) -> None:
    if answer.error and not answer.rows:
        console.print(f"[yellow]{answer.response or answer.error}[/yellow]")
        for q in answer.example_questions:
            console.print(f"  [dim]try:[/dim] {q}")
        return
    if answer.interpretation:
        console.print(f"[dim]Understood:[/dim] {answer.interpretation}")
    if answer.not_understood:
        console.print(f"[dim]Not understood:[/dim] {', '.join(answer.not_understood)}")
    if answer.sql:
        console.print(Syntax(answer.sql, "sql", word_wrap=True))
    if answer.columns:
        table = Table(*answer.columns)
        for row in answer.rows[:max_rows]:
            table.add_row(*[_fmt(v) for v in row])
        console.print(table)
        if answer.row_count > max_rows:
            console.print(f"[dim]... {answer.row_count - max_rows:,} more rows[/dim]")
    console.print(answer.response)
    for line in answer.insights:
        console.print(f"  • {line}")
    if answer.visualization:
        console.print(f"[dim]Chart:[/dim] {answer.visualization.type}")


def _fmt(v) -> str:
    if isinstance(v, float):
        return f"{v:,.2f}"
    if isinstance(v, int):
        return f"{v:,}"
    return "" if v is None else str(v)

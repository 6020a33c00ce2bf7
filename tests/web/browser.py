"""Steps the browser tests share: open the page, ask a question and wait for its answer, wait for a chart."""
from __future__ import annotations

SEED_QUESTION = "What were my sales from the last 3 months?"
MARKS = ", ".join(f".chart svg .mark-{m} path" for m in ("line", "rect", "arc", "area", "symbol"))


def open_page(page, url: str, hash_: str = "") -> None:
    """Load the page and wait until it has read its sources and conversations."""
    page.goto(url + "/" + hash_)
    page.wait_for_selector("body[data-ready=true]")


def ask(page, question: str, *, answers: int | None = None) -> None:
    """Type `question`, press Enter, and wait for the answer card it adds to finish."""
    before = page.locator("article.answer").count()
    page.fill("#question", question)
    page.press("#question", "Enter")
    want = answers if answers is not None else before + 1
    page.wait_for_function(
        "n => document.querySelectorAll('article.answer[aria-busy=false]').length >= n", arg=want)


def wait_chart(page, index: int = -1) -> None:
    """Wait until answer `index` has drawn its chart."""
    card = page.locator("article.answer").nth(index if index >= 0 else page.locator("article.answer").count() - 1)
    card.locator(MARKS).first.wait_for()

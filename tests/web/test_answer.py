"""One answer on the page: progress, narrative, chart, table, SQL, words, chart switching and downloads."""
from __future__ import annotations

import csv
import io
import re

from .browser import SEED_QUESTION, ask, open_page, wait_chart


def test_seed_question_draws_a_line_chart_with_marks(page, base_url):
    open_page(page, base_url)
    ask(page, SEED_QUESTION)
    wait_chart(page)
    card = page.locator("article.answer").last
    assert card.locator(".answer-title").inner_text() == "Total revenue by day, last 3 months"
    assert card.locator(".chart svg .mark-line path").count() == 1
    assert card.locator(".chart-types button[aria-pressed=true]").inner_text() == "Line"
    assert "in total" in card.locator(".narrative").inner_text()
    assert card.locator(".insights li").count() >= 2


def test_progress_is_streamed_step_by_step_before_the_answer(page, base_url):
    requests = []
    page.on("request", lambda r: requests.append((r.url, r.headers.get("accept", ""))))
    open_page(page, base_url)
    # Note, for every step row the page adds, whether the answer was still being built at that moment.
    page.evaluate("""() => {
        window.stepsSeen = [];
        new MutationObserver((records) => {
            for (const r of records) for (const n of r.addedNodes) {
                if (n.nodeType === 1 && n.matches('li.step')) {
                    window.stepsSeen.push([n.dataset.step, n.closest('article').getAttribute('aria-busy')]);
                }
            }
        }).observe(document.getElementById('thread'), {childList: true, subtree: true});
    }""")
    ask(page, SEED_QUESTION)
    seen = page.evaluate("window.stepsSeen")
    assert [name for name, _ in seen] == ["route", "understand", "compile", "guard", "execute", "present"]
    assert all(busy == "true" for _, busy in seen)
    assert any("/messages?stream=true" in url and "text/event-stream" in accept for url, accept in requests)
    assert page.locator("article.answer .steps-summary summary").inner_text().startswith("6 steps")


def test_table_columns_are_formatted_by_type_and_unit(page, base_url):
    open_page(page, base_url)
    ask(page, SEED_QUESTION)
    table = page.locator("article.answer table.data")
    assert table.locator("th").all_inner_texts() == ["order_date", "total_revenue"]
    assert table.locator("tbody tr").count() == 93
    first = table.locator("tbody tr").first.locator("td").all_inner_texts()
    assert first[0] == "Sep 30, 2025"                                   # a date, in words
    assert re.fullmatch(r"\$1,748\.69", first[1])                       # money: currency and thousands separator
    assert "num" in (table.locator("tbody tr td").nth(1).get_attribute("class") or "")
    assert table.locator("caption").inner_text() == "93 rows"


def test_sql_is_highlighted_and_copyable(page, base_url, context):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    open_page(page, base_url)
    ask(page, SEED_QUESTION)
    card = page.locator("article.answer").last
    card.locator(".sql-details summary").click()
    code = card.locator("pre.sql code")
    assert code.locator(".sql-keyword").first.inner_text() == "SELECT"
    assert "'2025-09-30'" in code.locator(".sql-string").all_inner_texts()
    card.locator("button.copy-sql").click()
    page.wait_for_function("document.querySelector('.copy-status').textContent === 'Copied'")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == code.inner_text()
    assert copied.startswith("SELECT") and "GROUP BY" in copied


def test_understood_words_are_marked_and_unknown_words_flagged(page, base_url):
    open_page(page, base_url)
    ask(page, SEED_QUESTION)
    bubble = page.locator(".bubble.user").last
    assert bubble.locator("mark.understood").all_inner_texts() == ["sales", "the", "last", "3", "months"]
    assert bubble.locator(".unknown").count() == 0
    ask(page, "by month instead, pronto")
    bubble = page.locator(".bubble.user").last
    assert "month" in bubble.locator("mark.understood").all_inner_texts()
    assert bubble.locator(".unknown").all_inner_texts() == ["pronto"]
    assert bubble.locator(".word-legend").inner_text() == "Not understood: pronto"


def test_a_question_not_understood_says_so_and_offers_examples_that_can_be_asked(page, base_url):
    open_page(page, base_url)
    ask(page, "What were my flurbs from the last 3 months?")
    bubble = page.locator(".bubble.user").last
    assert bubble.locator(".unknown").all_inner_texts() == ["flurbs"]
    card = page.locator("article.answer").last
    assert "names nothing this database holds" in card.locator(".narrative.answer-error").inner_text()
    suggestion = card.locator(".suggestions button").first
    question = suggestion.inner_text()
    suggestion.click()
    page.wait_for_function("document.querySelectorAll('article.answer[aria-busy=false]').length == 2")
    assert page.locator(".bubble.user .question-text").last.inner_text() == question
    assert page.locator("article.answer").last.locator("table.data tbody tr").count() > 0


def test_chart_switcher_offers_the_recommended_types_and_recharts_without_running_sql(page, base_url):
    posted = []
    page.on("request", lambda r: r.method == "POST" and posted.append(r.url.split("/api/", 1)[1]))
    open_page(page, base_url)
    ask(page, SEED_QUESTION)
    wait_chart(page)
    card = page.locator("article.answer").last
    assert card.locator(".chart-types button").all_inner_texts() == ["Line", "Area", "Bar", "Table"]
    posted.clear()
    card.locator("button[data-chart-type=bar]").click()
    page.wait_for_selector("article.answer button[data-chart-type=bar][aria-pressed=true]")
    card.locator(".chart svg .mark-rect path").first.wait_for()
    assert card.locator(".chart svg .mark-rect path").count() == 93          # one bar a day
    assert card.locator(".chart svg .mark-line").count() == 0
    assert [p.split("/", 2)[-1] for p in posted] == ["visualize"]           # no message, so no SQL run
    card.locator("button[data-chart-type=table]").click()
    page.wait_for_selector("article.answer button[data-chart-type=table][aria-pressed=true]")
    assert card.locator(".chart").count() == 0
    assert card.locator("table.data tbody tr").count() == 93


def test_tooltips_show_the_values_under_the_pointer(page, base_url):
    open_page(page, base_url)
    ask(page, "Revenue by status")
    wait_chart(page)
    bar = page.locator("article.answer .chart svg .mark-rect path").first
    bar.hover()
    tooltip = page.locator("#vg-tooltip-element")
    tooltip.wait_for(state="visible")
    assert "Total revenue" in tooltip.inner_text()


def test_only_the_latest_answer_can_be_recharted(page, base_url):
    open_page(page, base_url)
    ask(page, SEED_QUESTION)
    ask(page, "by month instead, pronto")
    first, second = page.locator("article.answer").nth(0), page.locator("article.answer").nth(1)
    assert first.locator(".chart-types button").first.is_disabled()
    assert not second.locator(".chart-types button").first.is_disabled()


def test_downloads_csv_of_the_data_and_png_and_svg_of_the_chart(page, base_url, tmp_path):
    open_page(page, base_url)
    ask(page, SEED_QUESTION)
    wait_chart(page)
    card = page.locator("article.answer").last
    page.wait_for_function("document.querySelector('article.answer').dataset.chart === 'drawn'")
    with page.expect_download() as got:
        card.locator("button[data-download=csv]").click()
    download = got.value
    assert download.suggested_filename == "total-revenue-by-day-last-3-months.csv"
    rows = list(csv.reader(io.StringIO(open(download.path(), encoding="utf-8").read())))
    assert rows[0] == ["order_date", "total_revenue"]
    assert len(rows) == 94 and rows[1] == ["2025-09-30", "1748.69"]
    with page.expect_download() as got:
        card.locator("button[data-download=png]").click()
    assert got.value.suggested_filename.endswith(".png")
    assert open(got.value.path(), "rb").read(8) == b"\x89PNG\r\n\x1a\n"
    with page.expect_download() as got:
        card.locator("button[data-download=svg]").click()
    svg = open(got.value.path(), encoding="utf-8").read()
    assert svg.lstrip().startswith("<svg") and "mark-line" in svg


def test_a_refined_conversation_narrows_the_rows_and_a_typed_chart_change_redraws_them(page, base_url):
    open_page(page, base_url)
    ask(page, "revenue by country last quarter")
    wait_chart(page)
    first = page.locator("article.answer").last
    assert first.locator(".answer-title").inner_text() == "Total revenue by country, last quarter"
    assert first.locator("table.data tbody tr").count() > 2
    ask(page, "only Germany and France")
    wait_chart(page)
    refined = page.locator("article.answer").last
    assert sorted(refined.locator("table.data tbody tr td:first-child").all_inner_texts()) == ["France", "Germany"]
    assert page.locator(".bubble.user").last.locator("mark.understood").all_inner_texts() == ["Germany", "France"]
    ask(page, "as a pie chart")
    card = page.locator("article.answer").last
    card.locator(".chart svg .mark-arc path").first.wait_for()
    assert card.locator(".chart svg .mark-arc path").count() == 2               # one slice per country
    assert card.locator(".chart-types button[aria-pressed=true]").inner_text() == "Pie"
    assert card.locator(".steps-summary summary").inner_text().startswith("1 step,")   # a re-chart: no SQL ran
    assert card.locator("table.data tbody tr").count() == 2


def test_a_single_figure_keeps_no_empty_room_for_axes(page, base_url):
    open_page(page, base_url)
    ask(page, "How many customers are there?")
    card = page.locator("article.answer").last
    figure = card.locator(".chart svg text[aria-roledescription='text mark']")
    figure.wait_for()
    assert figure.text_content() == "50"
    assert card.locator(".chart").bounding_box()["height"] < 200

"""Conversations on the page: the list, reopening after a reload or a server restart, rename and delete."""
from __future__ import annotations

from .browser import SEED_QUESTION, ask, open_page, wait_chart


def test_a_conversation_survives_a_reload(page, base_url):
    open_page(page, base_url)
    ask(page, SEED_QUESTION)
    ask(page, "by month instead, pronto")
    url = page.url
    assert "#/s/" in url
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    page.wait_for_function("document.querySelectorAll('article.answer').length == 2")
    assert page.locator(".bubble.user .question-text").all_inner_texts() == [SEED_QUESTION,
                                                                         "by month instead, pronto"]
    wait_chart(page, 1)
    assert page.locator("article.answer").last.locator(".answer-title").inner_text() == \
        "Total revenue by month, last 3 months"
    assert page.locator(".bubble.user").last.locator(".unknown").all_inner_texts() == ["pronto"]


def test_a_conversation_and_its_chosen_chart_survive_a_server_restart(page, start_server):
    url = start_server()
    open_page(page, url)
    ask(page, SEED_QUESTION)
    page.locator("article.answer button[data-chart-type=bar]").click()
    page.wait_for_selector("article.answer button[data-chart-type=bar][aria-pressed=true]")
    session_hash = page.url.split("/", 3)[3]
    start_server.stop()

    url = start_server()                       # a new server (another port) on the same chat store
    open_page(page, url)
    link = page.locator(".session-link", has_text="What were my sales")
    assert link.count() == 1
    link.click()
    page.wait_for_selector("article.answer[aria-busy=false]")
    assert page.url.endswith(session_hash)
    assert page.locator("article.answer button[data-chart-type=bar]").get_attribute("aria-pressed") == "true"
    page.locator("article.answer .chart svg .mark-rect path").first.wait_for()
    assert page.locator("article.answer").count() == 1


def test_new_conversations_are_listed_most_recent_first_and_new_conversation_starts_empty(page, base_url):
    open_page(page, base_url)
    assert page.locator("#sessions-empty").is_visible()
    ask(page, SEED_QUESTION)
    page.click("#new-chat")
    assert page.locator("article.answer").count() == 0
    assert page.locator("#welcome").is_visible()
    ask(page, "Revenue by status")
    page.wait_for_function("document.querySelectorAll('.session-link').length === 2")
    titles = page.locator(".session-link").all_inner_texts()
    assert titles == ["Revenue by status", SEED_QUESTION]
    assert page.locator(".session-link[aria-current=page]").inner_text() == "Revenue by status"


def test_conversation_titles_get_two_lines_beside_small_rename_and_delete_buttons(page, base_url):
    open_page(page, base_url)
    ask(page, SEED_QUESTION)
    link = page.locator(".session-link[aria-current=page]")          # the open one is the one marked
    link.wait_for()
    assert page.evaluate("e => e.scrollHeight <= e.clientHeight", link.element_handle())    # nothing cut off
    assert link.get_attribute("title") == SEED_QUESTION
    rename = page.locator(".session button.rename")
    assert rename.get_attribute("aria-label") == f"Rename “{SEED_QUESTION}”"
    assert rename.bounding_box()["width"] < 40


def test_rename_a_conversation(page, base_url):
    open_page(page, base_url)
    ask(page, SEED_QUESTION)
    item = page.locator(".session").first
    item.locator("button.rename").click()
    field = item.locator(".rename-form input")
    assert field.input_value() == SEED_QUESTION
    field.fill("Quarterly sales")
    field.press("Enter")
    page.wait_for_selector(".session-link:text-is('Quarterly sales')")
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    assert page.locator(".session-link").all_inner_texts() == ["Quarterly sales"]


def test_renaming_to_an_empty_title_is_refused_and_escape_cancels(page, base_url):
    open_page(page, base_url)
    ask(page, SEED_QUESTION)
    item = page.locator(".session").first
    item.locator("button.rename").click()
    field = item.locator(".rename-form input")
    field.fill("   ")
    field.press("Enter")
    assert page.evaluate("document.querySelector('.rename-form input').validationMessage") == \
        "A title cannot be empty"
    field.press("Escape")
    assert page.locator(".session-link").all_inner_texts() == [SEED_QUESTION]


def test_delete_a_conversation_after_confirming(page, base_url):
    open_page(page, base_url)
    ask(page, SEED_QUESTION)
    item = page.locator(".session").first
    item.locator("button.delete").click()
    item.locator("button.keep").click()                 # changed my mind: nothing happens
    assert page.locator(".session").count() == 1
    page.locator(".session button.delete").click()
    page.locator(".session button.confirm-delete").click()
    page.wait_for_function("document.querySelectorAll('.session').length === 0")
    assert page.locator("article.answer").count() == 0     # the open conversation is closed
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    assert page.locator(".session").count() == 0
    assert page.locator("#sessions-empty").is_visible()


def test_an_unknown_conversation_in_the_url_says_it_no_longer_exists(page, base_url):
    open_page(page, base_url, "#/s/no-such-session")
    assert page.locator("#form-error").inner_text() == "That conversation no longer exists."

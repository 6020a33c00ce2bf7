"""Pinning answers' charts to dashboards, and the dashboards page that draws them."""
from __future__ import annotations

from .browser import SEED_QUESTION, ask, open_page, wait_chart


def pin_to(page, dashboard: str, *, card=None, new: bool = False) -> None:
    card = card or page.locator("article.answer").last
    card.locator("button.pin").click()
    panel = card.locator(".pin-panel")
    if new:
        panel.locator("select").select_option(label="New dashboard…")
        panel.locator("input").fill(dashboard)
    else:
        panel.locator("select").select_option(label=dashboard)
    panel.locator("button[type=submit]").click()
    panel.locator(".pin-status a").wait_for()
    assert panel.locator(".pin-status").inner_text().startswith(f"Pinned to {dashboard}.")


def test_pin_a_chart_as_it_is_drawn_to_a_new_dashboard_and_see_it_there(page, base_url, console):
    open_page(page, base_url)
    ask(page, "Revenue by status")
    wait_chart(page)
    page.locator("article.answer button[data-chart-type=pie]").click()
    page.wait_for_selector("article.answer button[data-chart-type=pie][aria-pressed=true]")
    pin_to(page, "Sales", new=True)
    page.locator(".pin-status a").click()                       # "Open the dashboard"
    tile = page.locator("#dashboards-view .tile")
    tile.locator(".chart svg .mark-arc path").first.wait_for()
    assert tile.count() == 1
    assert tile.locator("h3").inner_text() == "Total revenue by status"
    assert tile.locator(".chart svg .mark-arc path").count() == 5      # one slice per status, pinned as a pie
    assert page.locator(".dashboard-name").inner_text() == "Sales"
    assert not page.locator("#chat-view").is_visible()
    assert console.errors == []


def test_the_dashboard_page_reads_the_pins_again_each_time_it_opens(page, base_url, context):
    open_page(page, base_url)
    ask(page, SEED_QUESTION)
    wait_chart(page)
    pin_to(page, "Weekly", new=True)
    page.click("#nav-dashboards")
    page.locator(".tile").first.wait_for()
    assert page.locator(".tile").count() == 1

    other = context.new_page()                                   # meanwhile, another tab pins one more
    open_page(other, base_url)
    ask(other, "Revenue by status")
    pin_to(other, "Weekly")
    other.close()

    page.click("#nav-chat")
    page.click("#nav-dashboards")
    page.wait_for_function("document.querySelectorAll('#dashboards-view .tile').length === 2")
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    page.wait_for_function("document.querySelectorAll('#dashboards-view .tile[data-chart=drawn]').length === 2")
    assert page.locator(".dashboard-list a").all_inner_texts() == ["Weekly (2)"]


def test_pin_an_answer_of_a_reopened_conversation_and_remove_pins_and_dashboards(page, base_url):
    open_page(page, base_url)
    ask(page, SEED_QUESTION)
    ask(page, "by month instead")
    page.reload()                                                 # the cards now come from the history
    page.wait_for_function("document.querySelectorAll('article.answer').length === 2")
    pin_to(page, "Trends", card=page.locator("article.answer").first, new=True)
    pin_to(page, "Trends", card=page.locator("article.answer").last)
    page.click("#nav-dashboards")
    page.wait_for_function("document.querySelectorAll('#dashboards-view .tile').length === 2")
    assert page.locator(".tile h3").all_inner_texts() == ["Total revenue by day, last 3 months",
                                                          "Total revenue by month, last 3 months"]
    page.locator(".tile").first.locator("button.unpin").click()
    page.wait_for_function("document.querySelectorAll('#dashboards-view .tile').length === 1")
    assert page.locator(".tile h3").inner_text() == "Total revenue by month, last 3 months"
    assert page.locator(".dashboard-list a").all_inner_texts() == ["Trends (1)"]        # the count follows
    assert page.evaluate("document.activeElement.className") == "unpin"             # focus on the next pin
    page.click("button.delete-dashboard")
    assert page.locator(".dashboard-actions .confirm-text").inner_text() == "Delete “Trends” and its pin?"
    page.click("button.keep-dashboard")                          # changed my mind: nothing happens
    assert page.locator(".dashboard-list a").all_inner_texts() == ["Trends (1)"]
    page.click("button.delete-dashboard")
    page.click("button.confirm-delete-dashboard")
    page.locator("#dashboards-view", has_text="No dashboards yet").wait_for()
    assert page.locator("#dashboards-view .dashboard-list li").count() == 0


def test_a_table_pin_is_drawn_as_a_formatted_table(page, base_url):
    open_page(page, base_url)
    ask(page, "Revenue by status")
    page.locator("article.answer button[data-chart-type=table]").click()
    page.wait_for_selector("article.answer button[data-chart-type=table][aria-pressed=true]")
    pin_to(page, "Tables", new=True)
    page.click("#nav-dashboards")
    table = page.locator(".tile table.data")
    table.wait_for()
    assert table.locator("tbody tr").count() == 5
    assert table.locator("tbody td.num").first.inner_text().startswith("$")


def test_the_pin_panel_works_from_the_keyboard_and_asks_for_a_name(page, base_url):
    open_page(page, base_url)
    ask(page, "Revenue by status")
    card = page.locator("article.answer").last
    card.locator("button.pin").focus()
    page.keyboard.press("Enter")
    panel = card.locator(".pin-panel")
    panel.wait_for()                                             # no dashboard yet: straight to naming one
    page.wait_for_function("document.activeElement.getAttribute('aria-label') === 'New dashboard name'")
    page.keyboard.press("Enter")                                 # no name yet
    assert panel.locator(".pin-status").inner_text() == "Name the new dashboard."
    page.keyboard.press("Escape")
    assert card.locator(".pin-panel").count() == 0
    assert page.evaluate("document.activeElement.className") == "pin"


def test_deleting_a_dashboard_from_the_keyboard_asks_first_and_escape_keeps_it(page, base_url):
    open_page(page, base_url)
    ask(page, "Revenue by status")
    pin_to(page, "Keep me", new=True)
    page.click("#nav-dashboards")
    page.locator(".tile").first.wait_for()
    page.locator("button.delete-dashboard").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.className") == "confirm-delete-dashboard danger"
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.className") == "delete-dashboard"
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    assert page.locator(".dashboard-list a").all_inner_texts() == ["Keep me (1)"]


def test_the_dashboards_page_opens_at_its_top_after_a_long_conversation(page, base_url):
    open_page(page, base_url)
    ask(page, SEED_QUESTION)
    ask(page, "Revenue by status")
    wait_chart(page)
    pin_to(page, "Top", new=True)
    assert page.evaluate("window.scrollY") > 300                 # deep in the thread
    page.locator(".pin-status a").click()
    page.locator(".tile").first.wait_for()
    assert page.evaluate("window.scrollY") == 0
    assert page.locator(".dashboard-name").is_visible()

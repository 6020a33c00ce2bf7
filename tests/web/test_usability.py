"""The page is usable without a mouse, on a phone-width screen, without console errors, and says what went wrong."""
from __future__ import annotations

from .browser import SEED_QUESTION, ask, open_page, wait_chart


def focused(page) -> str:
    return page.evaluate("""() => { const a = document.activeElement;
        return a.id || a.dataset.chartType || a.dataset.download || a.className || a.tagName; }""")


def tab_to(page, want: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused(page) == want:
            return
    raise AssertionError(f"Tab never reached {want!r}")


def test_keyboard_only_ask_an_example_switch_the_chart_and_rename(page, base_url):
    open_page(page, base_url)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to the question box"
    page.keyboard.press("Enter")                                     # the skip link lands in the question box
    assert focused(page) == "question"
    page.keyboard.type(SEED_QUESTION)
    page.keyboard.press("Enter")
    page.wait_for_selector("article.answer[aria-busy=false]")
    wait_chart(page)
    assert focused(page) == "question"                               # ready for the follow-up
    page.keyboard.press("Shift+Tab")                                 # back from the box into the answer
    tab_to(page, "bar")
    page.keyboard.press("Enter")
    page.wait_for_selector("article.answer button[data-chart-type=bar][aria-pressed=true]")
    assert focused(page) == "bar"                                    # focus stays on the switcher
    page.locator("#new-chat").focus()
    tab_to(page, "example")                                          # the first example question
    example = page.evaluate("document.activeElement.textContent")
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelectorAll('article.answer[aria-busy=false]').length === 2")
    assert page.locator(".question-text").last.inner_text() == example     # asked in the open conversation
    page.locator("#new-chat").focus()
    tab_to(page, "rename")
    page.keyboard.press("Enter")
    page.keyboard.press("Control+A")
    page.keyboard.type("Keyboard only")
    page.keyboard.press("Enter")
    page.wait_for_selector(".session-link:text-is('Keyboard only')")


def test_a_new_answer_is_scrolled_into_view_below_its_question(page, base_url):
    open_page(page, base_url)
    ask(page, SEED_QUESTION)
    ask(page, "by month instead")
    ask(page, "Revenue by status")
    wait_chart(page)
    viewport = page.viewport_size["height"]
    question = page.locator(".bubble.user").last.bounding_box()
    header = page.locator(".topbar").bounding_box()
    assert header["height"] <= question["y"] < viewport / 3, question     # just below the top bar
    title = page.locator("article.answer").last.locator(".answer-title").bounding_box()
    assert title["y"] + title["height"] < viewport


def test_a_reopened_conversation_shows_its_latest_exchange(page, base_url):
    open_page(page, base_url)
    ask(page, SEED_QUESTION)
    ask(page, "by month instead")
    ask(page, "Revenue by status")
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    question = page.locator(".bubble.user").last
    assert question.locator(".question-text").inner_text() == "Revenue by status"
    box = question.bounding_box()
    assert 0 < box["y"] < page.viewport_size["height"] / 3, box
    assert page.evaluate("window.scrollY") > 0


def test_phone_width_has_no_horizontal_overflow_and_a_menu(page, base_url):
    page.set_viewport_size({"width": 375, "height": 740})
    open_page(page, base_url)
    assert not page.locator("#sidebar").is_visible()
    ask(page, SEED_QUESTION)
    wait_chart(page)
    page.locator("article.answer .sql-details summary").click()       # long SQL lines scroll inside their box
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page is {width}px wide on a 375px screen"
    chart = page.locator("article.answer .chart svg").bounding_box()
    assert chart["x"] >= 0 and chart["x"] + chart["width"] <= 375
    page.click("#menu-toggle")
    assert page.locator("#sidebar").is_visible()
    assert page.locator("#menu-toggle").get_attribute("aria-expanded") == "true"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.locator(".example").first.click()                             # asking from the menu closes it
    page.wait_for_function("document.querySelectorAll('article.answer[aria-busy=false]').length === 2")
    assert not page.locator("#sidebar").is_visible()


def test_on_a_phone_the_example_questions_are_offered_without_opening_the_menu(page, base_url):
    page.set_viewport_size({"width": 390, "height": 844})
    open_page(page, base_url)
    examples = page.locator("#welcome .welcome-example")
    assert examples.count() > 0 and examples.first.is_visible()
    question = examples.first.inner_text()
    examples.first.click()
    page.wait_for_selector("article.answer[aria-busy=false]")
    assert page.locator(".question-text").last.inner_text() == question
    assert not page.locator("#welcome").is_visible()
    page.click("#menu-toggle")
    page.click("#new-chat")                                              # a new conversation offers them again
    assert examples.first.is_visible()


def test_no_console_errors_through_a_whole_conversation(page, base_url, console):
    open_page(page, base_url)
    ask(page, SEED_QUESTION)
    wait_chart(page)
    page.locator("article.answer button[data-chart-type=area]").click()
    page.wait_for_selector("article.answer button[data-chart-type=area][aria-pressed=true]")
    ask(page, "by month instead")
    wait_chart(page, 1)
    ask(page, "What were my flurbs from the last 3 months?")
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    page.wait_for_function("document.querySelectorAll('article.answer').length === 3")
    wait_chart(page, 1)
    assert console.errors == []
    assert console.warnings == []           # not even Vega's note on the version its specs name


def test_an_empty_question_shows_an_error_and_sends_nothing(page, base_url):
    posted = []
    page.on("request", lambda r: r.method == "POST" and posted.append(r.url))
    open_page(page, base_url)
    page.fill("#question", "   ")
    page.click("#ask-button")
    error = page.locator("#form-error")
    assert error.is_visible() and error.inner_text() == "Type a question first."
    assert error.get_attribute("role") == "alert"
    assert posted == []
    page.fill("#question", "w")                                        # typing clears the message
    assert not error.is_visible()


def test_an_api_error_is_shown_in_words(page, base_url):
    open_page(page, base_url)
    page.fill("#question", "revenue " * 300)                           # over the API's 2,000 characters
    page.click("#ask-button")
    error = page.locator("#form-error")
    error.wait_for(state="visible")
    assert "question" in error.inner_text() and "2000" in error.inner_text()
    assert "Traceback" not in page.content()
    assert page.locator("#question").input_value().startswith("revenue")   # kept, to be shortened


def test_the_page_loads_nothing_from_outside_the_server(page, base_url):
    urls = []
    page.on("request", lambda r: urls.append(r.url))
    open_page(page, base_url)
    ask(page, SEED_QUESTION)
    wait_chart(page)
    outside = [u for u in urls if not u.startswith((base_url + "/", "data:", "blob:"))]
    assert outside == []
    assert base_url + "/vendor/vega-embed.js" in urls


def test_the_dashboards_page_fits_a_phone(page, base_url):
    page.set_viewport_size({"width": 375, "height": 740})
    open_page(page, base_url)
    ask(page, "Revenue by status")
    wait_chart(page)
    card = page.locator("article.answer").last
    card.locator("button.pin").click()
    card.locator(".pin-panel input").fill("Phone board")
    card.locator(".pin-panel button[type=submit]").click()
    card.locator(".pin-status a").click()
    page.locator("#dashboards-view .tile .chart svg .mark-rect path").first.wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    tile = page.locator(".tile").bounding_box()
    assert tile["x"] >= 0 and tile["x"] + tile["width"] <= 375

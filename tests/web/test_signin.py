"""Signing in with an API key once the server has keys; no sign-in in the single-user demo mode."""
from __future__ import annotations

import pytest

from conversql.auth.keys import KeyStore
from conversql.conversations.store import ChatStore

from .browser import SEED_QUESTION, ask, wait_chart


@pytest.fixture()
def api_key(store_url) -> str:
    """A real key of user alice in the default tenant, created in the chat store the server will use."""
    store = ChatStore(store_url)
    try:
        return KeyStore(store.engine).create("default", "alice", name="web test").secret
    finally:
        store.close()


def test_demo_mode_needs_no_sign_in(page, base_url):
    page.goto(base_url + "/")
    page.wait_for_selector("body[data-ready=true]")
    assert not page.locator("#signin").is_visible()
    assert page.locator("#source-select option").all_inner_texts() == ["demo"]
    assert not page.locator("#sign-out").is_visible()


def test_a_server_with_keys_asks_for_one_refuses_a_wrong_one_and_then_works(page, api_key, start_server):
    url = start_server()
    authorizations = []
    page.on("request", lambda r: "/api/" in r.url and authorizations.append(r.headers.get("authorization")))
    page.goto(url + "/")
    dialog = page.locator("#signin")
    dialog.wait_for(state="visible")
    assert page.evaluate("document.activeElement.id") == "api-key"
    assert not page.locator("#signin-error").is_visible()           # nothing was refused yet: just asked

    page.fill("#api-key", "sk_not_a_real_key_at_all_0000000000000000")
    page.press("#api-key", "Enter")
    error = page.locator("#signin-error")
    error.wait_for(state="visible")
    assert error.inner_text().startswith("That key was not accepted")
    assert dialog.is_visible()
    assert not page.locator("#sign-out").is_visible()             # nobody is signed in

    page.fill("#api-key", api_key)
    page.press("#api-key", "Enter")
    page.wait_for_selector("#source-select option[value=demo]", state="attached")
    assert not dialog.is_visible()
    assert page.evaluate("sessionStorage.getItem('conversql.apiKey')") == api_key
    page.wait_for_function("document.activeElement.id === 'question'")   # ready to ask
    assert page.locator("#sign-out").is_visible()
    ask(page, SEED_QUESTION)
    wait_chart(page)
    signed = [a for a in authorizations if a == f"Bearer {api_key}"]
    assert len(signed) >= 4                                          # sources, sessions, the question, the list

    page.reload()                                                     # the key lasts as long as the tab
    page.wait_for_selector("body[data-ready=true]")
    assert not dialog.is_visible()
    assert page.locator(".session-link").all_inner_texts() == [SEED_QUESTION]

    page.click("#sign-out")
    dialog.wait_for(state="visible")
    assert page.evaluate("sessionStorage.getItem('conversql.apiKey')") is None


def test_a_new_tab_session_starts_signed_out(browser, api_key, start_server):
    url = start_server()
    ctx = browser.new_context()
    try:
        tab = ctx.new_page()
        tab.goto(url + "/")
        tab.locator("#signin").wait_for(state="visible")
        assert tab.locator(".session").count() == 0
    finally:
        ctx.close()

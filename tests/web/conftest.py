"""Web page fixtures: a real uvicorn server on the demo database and Debian's chromium driven by Playwright.

Chromium is installed by `make test`; without it the browser tests skip locally and fail under CI=true. Every
browser test leaves a screenshot of its last state in artifacts/screenshots/.
"""
from __future__ import annotations

import os
import re
import shutil
from datetime import date
from pathlib import Path
from typing import Iterator

import pytest

from conversql.api.app import create_app
from tests.servers import LiveServer
from conversql.settings import Settings

IN_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM = os.environ.get("CONVERSQL_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
TODAY = date(2025, 12, 31)          # the demo database's last order day


@pytest.fixture(scope="session")
def demo_settings(demo_db, tmp_path_factory) -> Settings:
    return Settings(sources={"demo": f"duckdb:///{demo_db}"}, today=TODAY, _env_file=None,
                    store_url=f"sqlite:///{tmp_path_factory.mktemp('web-store') / 'unused.db'}")


@pytest.fixture(scope="session")
def web_engine(demo_settings):
    """The real engine on the demo database, built once (it only reads)."""
    from conversql.engine.pipeline import Engine
    return Engine(demo_settings)


@pytest.fixture()
def store_url(tmp_path) -> str:
    """A fresh SQLite chat store per test; it outlives a server restart within the test."""
    return f"sqlite:///{tmp_path / 'chat.db'}"


@pytest.fixture()
def start_server(demo_settings, web_engine, store_url) -> Iterator:
    """`start_server() -> base URL`: the whole app (API and page) on the demo data; `stop` ends the last one."""
    servers: list[LiveServer] = []

    def start(**overrides) -> str:
        settings = demo_settings.model_copy(update={"store_url": store_url, **overrides})
        server = LiveServer(create_app(settings, web_engine))
        servers.append(server)
        return server.start()

    def stop() -> None:
        servers.pop().stop()

    start.stop = stop
    yield start
    for server in servers:
        server.stop()


@pytest.fixture()
def base_url(start_server) -> str:
    return start_server()


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium (never a downloaded build), headless."""
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        msg = f"chromium is not installed at {CHROMIUM} (make test installs it with apt-get)"
        if IN_CI:
            pytest.fail(msg + " - CI requires it")
        pytest.skip(msg)
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Console:
    """What the page said on its console: errors and uncaught exceptions, and warnings apart."""

    def __init__(self):
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def on_message(self, message) -> None:
        if message.type == "error":
            self.errors.append(message.text)
        elif message.type == "warning":
            self.warnings.append(message.text)

    def on_page_error(self, error) -> None:
        self.errors.append(f"uncaught: {error}")


@pytest.fixture()
def console() -> Console:
    return Console()


@pytest.fixture()
def context(browser, request):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US", timezone_id="UTC",
                              accept_downloads=True)
    ctx.set_default_timeout(20_000)
    yield ctx
    ctx.close()


@pytest.fixture()
def page(context, console, request):
    """A fresh tab; its console errors are collected in `console`, a screenshot is saved when the test ends."""
    tab = context.new_page()
    tab.on("console", console.on_message)
    tab.on("pageerror", console.on_page_error)
    yield tab
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
    try:
        tab.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    except Exception:  # noqa: BLE001 - a page that already closed leaves no screenshot; the test result stands
        pass

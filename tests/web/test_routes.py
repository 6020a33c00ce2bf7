"""What the server serves for the page: the page, its files, and the Vega scripts from the installed package."""
from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from conversql.api.app import create_app
from conversql.web.routes import STATIC, VEGA_PATH, vega_lite_version


@pytest.fixture()
def client(demo_settings, web_engine, store_url):
    settings = demo_settings.model_copy(update={"store_url": store_url, "currency": "EUR"})
    with TestClient(create_app(settings, web_engine)) as c:
        yield c


def test_the_page_is_served_at_the_root_with_the_configured_currency(client):
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert '<html lang="en" data-currency="EUR">' in r.text
    assert "{{" not in r.text


def test_every_file_the_page_names_is_served(client):
    page = client.get("/").text
    names = re.findall(r'(?:src|href)="(/[^"]+)"', page)
    assert "/static/app.js" in names and VEGA_PATH in names
    scripts = [client.get(n) for n in names]
    assert [r.status_code for r in scripts] == [200] * len(names)
    for module in re.findall(r'from "\./([a-z]+\.js)"', client.get("/static/app.js").text):
        assert client.get(f"/static/{module}").status_code == 200, module


def test_the_vega_scripts_come_from_the_installed_package_and_are_cached(client):
    r = client.get(VEGA_PATH)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/javascript")
    assert "window.vegaEmbed" in r.text and "https://cdn" not in r.text[:2000]
    assert r.headers["cache-control"] == "public, max-age=86400"
    again = client.get(VEGA_PATH, headers={"If-None-Match": r.headers["etag"]})
    assert again.status_code == 304 and again.content == b""


def test_the_vega_lite_version_matches_the_major_version_of_our_specs():
    assert vega_lite_version(["5.8", "5.21", "5.20", "6.4"]) == "5.21"


def test_the_page_is_not_part_of_the_api_description(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert "/" not in paths and VEGA_PATH not in paths


def test_an_unknown_static_file_is_a_404(client):
    assert client.get("/static/nope.js").status_code == 404


def test_static_files_ship_with_the_package():
    assert {"index.html", "app.js", "app.css", "api.js", "answer.js", "format.js", "text.js"} <= \
        {p.name for p in STATIC.iterdir()}

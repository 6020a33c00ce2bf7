"""Routes of the web page: the page itself at `/`, its static files under `/static/`, and the Vega scripts."""
from __future__ import annotations

import hashlib
import html
import re
from functools import cache
from importlib import resources
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

from conversql.api.deps import SettingsDep
from conversql.present.vega import SCHEMA

STATIC = Path(str(resources.files("conversql.web") / "static"))
VEGA_PATH = "/vendor/vega-embed.js"

router = APIRouter(include_in_schema=False)


@cache
def vega_bundle() -> tuple[str, str]:
    """Vega, Vega-Lite and vega-embed as one classic script that sets `window.vegaEmbed`, and its ETag.

    Bundling takes a couple of seconds, so it is done once per process, on first request.

    >>> script, etag = vega_bundle()
    >>> "window.vegaEmbed" in script
    True
    """
    import vl_convert

    script = vl_convert.javascript_bundle(vl_version=vega_lite_version(vl_convert.get_vegalite_versions()))
    return script, '"' + hashlib.sha256(script.encode()).hexdigest()[:32] + '"'


def vega_lite_version(available: list[str]) -> str:
    """The newest Vega-Lite release of the major version our specs are written for (their `$schema`).

    >>> vega_lite_version(["5.20", "5.21", "6.4"])
    '5.21'
    """
    major = re.search(r"/v(\d+)\.json$", SCHEMA).group(1)
    same = [v for v in available if v.split(".")[0] == major]
    return max(same, key=lambda v: tuple(int(p) for p in v.split(".")))


def _page(name: str, settings) -> HTMLResponse:
    text = (STATIC / name).read_text(encoding="utf-8")
    text = text.replace("{{currency}}", html.escape(settings.currency, quote=True))
    return HTMLResponse(text, headers={"Cache-Control": "no-cache"})


@router.get("/")
def index(settings: SettingsDep) -> HTMLResponse:
    """The chat page; which conversation or dashboard it shows lives in the URL fragment."""
    return _page("index.html", settings)


@router.get(VEGA_PATH)
def vega_script(request: Request) -> Response:
    script, etag = vega_bundle()
    headers = {"ETag": etag, "Cache-Control": "public, max-age=86400"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(script, media_type="text/javascript", headers=headers)


def install(app: FastAPI) -> None:
    """Serve the page, its static files and the Vega scripts from `app`."""
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

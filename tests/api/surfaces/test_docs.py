"""docs/surfaces.md names every route the vendor surfaces serve, and every surface path has its error shape."""
from __future__ import annotations

from pathlib import Path

import pytest

from conversql.api.surfaces import ROUTERS, renderer_for

DOCS = Path(__file__).resolve().parents[3] / "docs" / "surfaces.md"


def routes() -> list[str]:
    found = []
    for router in ROUTERS:
        for route in router.routes:
            methods = sorted(getattr(route, "methods", None) or {"WS"})
            found += [f"{method} {route.path}" for method in methods]
    return found


@pytest.mark.parametrize("route", routes())
def test_every_route_is_documented(route):
    assert f"`{route}`" in DOCS.read_text()


@pytest.mark.parametrize("route", [r for r in routes() if not r.startswith("WS ")])
def test_every_http_route_refuses_in_its_surfaces_shape(route):
    """A refusal made before the route runs (the body limit, a wrong method) finds the surface by the path."""
    path = route.split(" ", 1)[1].replace("{", "").replace("}", "")
    assert renderer_for(path) is not None


@pytest.mark.parametrize("path", ["/api/sessions", "/api/v1/chatsx", "/faas/apis", "/v1/analyticsx/chat", "/"])
def test_other_paths_keep_the_native_shape(path):
    assert renderer_for(path) is None

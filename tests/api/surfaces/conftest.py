"""The vendor surfaces served by a real uvicorn on the demo retail data, with authentication required.

Two tenants own a copy of the demo data each (`demo` is acme-corp's, `globex_demo` globex's). Every server gets
fresh API keys and JWTs, known to the tests by name (`ANN`, `BOB`, ...): `auth(name)` is the header carrying the
real secret, and a name that is not a credential (`"sk_forged"`) is sent as it is.
"""
from __future__ import annotations

import time
from typing import Iterator

import httpx
import jwt
import pytest

from conversql.api.app import create_app
from conversql.auth.keys import KeyStore
from conversql.auth.tenants import TenantStore
from conversql.conversations.store import ChatStore
from conversql.settings import Settings

from tests.api.surfaces.credentials import (ANN, ANN_JWT, BOB, EXPIRED_JWT, JWT_SECRET, NODATA, RATE_BURST,
                                            RATE_LIMITED, REVOKED, SECRETS, TODAY, _SERVER, auth)


def issue_credentials(store_url: str) -> dict[str, str]:
    store = ChatStore(store_url)
    try:
        tenants, keys = TenantStore(store.engine), KeyStore(store.engine)
        tenants.create("acme-corp")
        tenants.create("globex")
        made = {ANN: keys.create("acme-corp", "user-456").secret, BOB: keys.create("globex", "bob").secret,
                NODATA: keys.create("acme-corp", "carl", sources=[]).secret,
                REVOKED: keys.create("acme-corp", "user-456", sources=[]).secret,
                RATE_LIMITED: keys.create("acme-corp", "dan").secret}
    finally:
        store.close()
    now = int(time.time())
    claims = {"tenant_id": "acme-corp", "sub": "user-456"}
    made[ANN_JWT] = jwt.encode({**claims, "exp": now + 3600}, JWT_SECRET, algorithm="HS256")
    made[EXPIRED_JWT] = jwt.encode({**claims, "exp": now - 3600}, JWT_SECRET, algorithm="HS256")
    return made


@pytest.fixture(scope="session")
def demo_settings(demo_db, tmp_path_factory) -> Settings:
    url = f"duckdb:///{demo_db}"
    return Settings(sources={"demo": url, "globex_demo": url}, source_tenants={"demo": "acme-corp",
                    "globex_demo": "globex"}, demo=False, today=TODAY, _env_file=None, auth_mode="required",
                    jwt_secret=JWT_SECRET, rate_limit_per_minute=6, rate_limit_burst=RATE_BURST,
                    store_url=f"sqlite:///{tmp_path_factory.mktemp('surfaces') / 'chat.db'}")


@pytest.fixture(scope="session")
def demo_engine(demo_settings):
    from conversql.engine.pipeline import Engine
    return Engine(demo_settings)


@pytest.fixture()
def start_surfaces(serve, demo_settings, demo_engine, tmp_path):
    """`start_surfaces(engine=None, **settings) -> base URL`: a server with a fresh chat store and credentials."""
    def start(engine=None, **changes) -> str:
        settings = demo_settings.model_copy(update={"store_url": f"sqlite:///{tmp_path / 'chat.db'}", **changes})
        SECRETS.clear()
        SECRETS.update(issue_credentials(settings.store_url))
        url = serve(create_app(settings, engine or demo_engine))
        _SERVER["url"] = url
        return url
    return start


@pytest.fixture()
def surface_url(start_surfaces) -> str:
    return start_surfaces()


@pytest.fixture()
def http(surface_url) -> Iterator[httpx.Client]:
    """A client for the server, as tenant acme-corp's user-456 (an API key) unless a request says otherwise."""
    with httpx.Client(base_url=surface_url, timeout=60, headers=auth(ANN)) as client:
        yield client

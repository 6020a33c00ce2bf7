"""The vendor surfaces served by a real uvicorn on the demo retail data, with a stand-in identity.

Until API keys and JWTs are configurable, `get_principal` is overridden by `TokenIdentity`: a bearer token from a
fixed table names the tenant and user (or is refused as the real identity will refuse it: 401, 403, 429), so that
each surface's rendering of those refusals and its tenant isolation are tested against a real server.
"""
from __future__ import annotations

from datetime import date
from typing import Iterator

import httpx
import pytest
from fastapi import Request

from conversql.api.app import create_app
from conversql.api.deps import get_principal
from conversql.api.surfaces.bi_stream import socket_identity
from conversql.auth.principal import AuthError, Principal
from conversql.settings import Settings

TODAY = date(2025, 12, 31)
PRINCIPALS = {
    "sk_acme_ann": Principal(tenant_id="acme-corp", user_id="user-456", credential_id="k1", kind="api_key"),
    "sk_globex_bob": Principal(tenant_id="globex", user_id="bob", credential_id="k2", kind="api_key"),
    "sk_acme_nodata": Principal(tenant_id="acme-corp", user_id="carl", credential_id="k3", kind="api_key",
                                sources=frozenset()),
    # user-456 again, with every grant taken away: their sessions exist, their source is off limits
    "sk_acme_ann_revoked": Principal(tenant_id="acme-corp", user_id="user-456", credential_id="k4", kind="api_key",
                                     sources=frozenset()),
}
RATE_LIMITED = "sk_acme_busy"
REVOKED = "sk_acme_ann_revoked"
ANN, BOB, NODATA = "sk_acme_ann", "sk_globex_bob", "sk_acme_nodata"


def principal_for(token: str | None) -> Principal:
    if token is None:
        raise AuthError(401, "unauthorized", "a bearer credential is required")
    if token == RATE_LIMITED:
        raise AuthError(429, "rate_limited", "too many requests", retry_after_s=7)
    if token not in PRINCIPALS:
        raise AuthError(401, "unauthorized", "the credential is not valid")
    return PRINCIPALS[token]


def token_principal(request: Request) -> Principal:
    header = request.headers.get("authorization", "")
    return principal_for(header[len("Bearer "):] if header.startswith("Bearer ") else None)


def token_socket_identity(token: str | None = None) -> Principal | AuthError:
    try:
        return principal_for(token)
    except AuthError as e:
        return e


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="session")
def demo_settings(demo_db, tmp_path_factory) -> Settings:
    return Settings(sources={"demo": f"duckdb:///{demo_db}"}, demo=False, today=TODAY, _env_file=None,
                    store_url=f"sqlite:///{tmp_path_factory.mktemp('surfaces') / 'chat.db'}")


@pytest.fixture(scope="session")
def demo_engine(demo_settings):
    from conversql.engine.pipeline import Engine
    return Engine(demo_settings)


def secured_app(settings, engine):
    app = create_app(settings, engine)
    app.dependency_overrides[get_principal] = token_principal
    app.dependency_overrides[socket_identity] = token_socket_identity
    return app


@pytest.fixture()
def surface_url(serve, demo_settings, demo_engine, tmp_path) -> str:
    """A real server on the demo data with a fresh chat store, credentials required."""
    settings = demo_settings.model_copy(update={"store_url": f"sqlite:///{tmp_path / 'chat.db'}"})
    return serve(secured_app(settings, demo_engine))


@pytest.fixture()
def http(surface_url) -> Iterator[httpx.Client]:
    """A client for the server, as tenant acme-corp's user-456 unless a request says otherwise."""
    with httpx.Client(base_url=surface_url, timeout=60, headers=auth(ANN)) as client:
        yield client

"""The native HTTP API: `create_app()` builds it; `uvicorn --factory conversql.api.app:create_app` serves it.

Start-up opens the chat store (running its migrations) and, unless one is handed in, builds the engine.
"""
from __future__ import annotations

from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, AsyncIterator

from fastapi import FastAPI

from conversql import __version__
from conversql.api import surfaces
from conversql.api.audit import AuditMiddleware
from conversql.api.errors import install_error_handlers
from conversql.api.limits import DEFAULT_MAX_BODY_BYTES, BodySizeLimit
from conversql.api.routes import admin, ask, dashboards, health, messages, sessions, sources
from conversql.auth.authenticator import authenticator_for
from conversql.conversations.store import ChatStore
from conversql.settings import Settings

if TYPE_CHECKING:
    from conversql.engine.pipeline import Engine

DESCRIPTION = """Ask questions of your database in plain English.

Create a session on a data source, post questions to it (follow-ups build on the previous answer), refine the last
query or re-chart its result, and read the history back. Answers stream as server-sent events on request.

Send `Authorization: Bearer <API key or JWT>` once the server has API keys or JWT configured (docs/auth.md).
"""


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> FastAPI:
    """The application, configured by `settings` (from the environment when None).

    >>> app = create_app(Settings(demo=True, store_url="sqlite:///data/chat.db"))
    """
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if app.state.engine is None:
            from conversql.engine.pipeline import Engine   # heavy: sources, introspection, the demo database
            app.state.engine = Engine(settings)
        app.state.store = ChatStore(settings.store_url)
        authenticator_for(settings, app.state.store)    # a bad JWT key or Redis URL fails the start, not a request
        try:
            yield
        finally:
            app.state.store.close()

    app = FastAPI(title="ConverSQL", version=__version__, description=DESCRIPTION, lifespan=lifespan)
    app.state.settings = settings
    app.state.engine = engine
    install_error_handlers(app)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_request_bytes or DEFAULT_MAX_BODY_BYTES,
                       refusal=surfaces.refusal)        # each vendor surface refuses in its own error shape
    app.add_middleware(AuditMiddleware)         # added last: outermost, so every refusal is logged too
    for module in (health, sources, sessions, messages, ask, admin, dashboards):
        app.include_router(module.router)
    surfaces.install(app)               # the vendor-compatible APIs
    from conversql import web           # the page is a surface over the API above, not part of it
    web.install(app)
    return app

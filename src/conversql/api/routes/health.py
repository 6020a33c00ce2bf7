from __future__ import annotations

from fastapi import APIRouter

from conversql import __version__
from conversql.api.deps import EngineDep, StoreDep
from conversql.api.schemas import Health

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health)
def health(engine: EngineDep, store: StoreDep) -> Health:
    """Up, with its store reachable (a broken store is a 500, which is what a load balancer should see)."""
    store.ping()
    return Health(status="ok", version=__version__, sources=len(engine.source_names()))

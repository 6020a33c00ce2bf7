from __future__ import annotations

from fastapi import APIRouter

from conversql.api.deps import EngineDep
from conversql.api.errors import ERROR_RESPONSES
from conversql.api.schemas import SourceDescription, SourceList, SourceSummary
from conversql.conversations.errors import UnknownSource

router = APIRouter(prefix="/api/sources", tags=["sources"], responses=ERROR_RESPONSES)


@router.get("", response_model=SourceList)
def list_sources(engine: EngineDep) -> SourceList:
    return SourceList(sources=[SourceSummary(name=n) for n in engine.source_names()])


@router.get("/{name}", response_model=SourceDescription)
def describe_source(name: str, engine: EngineDep) -> SourceDescription:
    """Tables, columns, row counts and example questions of one source."""
    known = engine.source_names()
    if name not in known:
        raise UnknownSource(name, known)
    return SourceDescription.model_validate(engine.describe_source(name))

from __future__ import annotations

from fastapi import APIRouter

from conversql.api.deps import AccessDep, EngineDep
from conversql.api.errors import ERROR_RESPONSES
from conversql.api.schemas import SourceDescription, SourceList, SourceSummary

router = APIRouter(prefix="/api/sources", tags=["sources"], responses=ERROR_RESPONSES)


@router.get("", response_model=SourceList)
def list_sources(engine: EngineDep, access: AccessDep) -> SourceList:
    """The sources you may use: your tenant's, as far as they are granted to you."""
    return SourceList(sources=[SourceSummary(name=n) for n in access.visible(engine.source_names())])


@router.get("/{name}", response_model=SourceDescription)
def describe_source(name: str, engine: EngineDep, access: AccessDep) -> SourceDescription:
    """Tables, columns, row counts and example questions of one source."""
    access.check(name, engine.source_names())
    return SourceDescription.model_validate(engine.describe_source(name))

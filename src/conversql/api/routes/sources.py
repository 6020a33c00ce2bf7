from __future__ import annotations

from fastapi import APIRouter, HTTPException
from fastapi.concurrency import run_in_threadpool

from conversql.api.deps import AccessDep, EngineDep, PrincipalDep
from conversql.api.errors import ERROR_RESPONSES
from conversql.api.schemas import SourceDescription, SourceList, SourceRefresh, SourceSummary
from conversql.auth.principal import AuthError
from conversql.sources.base import SourceError

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


@router.post("/{name}/refresh", response_model=SourceRefresh)
async def refresh_source(name: str, engine: EngineDep, access: AccessDep, principal: PrincipalDep) -> SourceRefresh:
    """Read the source again (schema, values, value index) and swap it in; questions keep being answered
    meanwhile. Administrators (or the local user while auth is off) only."""
    access.check(name, engine.source_names())      # first: another tenant's source is 404, as everywhere
    if not principal.admin:
        raise AuthError(403, "forbidden", "refreshing a source needs an administrator's credential")
    try:
        refreshed = await run_in_threadpool(engine.refresh_source, name)
    except SourceError as e:       # the previous state stays in use
        raise HTTPException(502, f"the source could not be read again: {e}") from None
    return SourceRefresh.model_validate(refreshed)

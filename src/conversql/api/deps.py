"""Dependencies the routes declare: settings, the engine, the chat store, who is asking, the conversation service."""
from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, Request

from conversql.auth.principal import LOCAL_PRINCIPAL, Principal
from conversql.conversations.dashboards import DashboardService
from conversql.conversations.service import ConversationService
from conversql.conversations.store import ChatStore, Owner
from conversql.settings import Settings

if TYPE_CHECKING:
    from conversql.engine.pipeline import Engine


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_engine(request: Request) -> Engine:
    return request.app.state.engine


def get_store(request: Request) -> ChatStore:
    return request.app.state.store


def get_principal() -> Principal:
    """Who is asking. With no authentication configured (the single-user demo mode) that is the local user."""
    return LOCAL_PRINCIPAL


PrincipalDep = Annotated[Principal, Depends(get_principal)]


def get_owner(principal: PrincipalDep) -> Owner:
    return principal.owner


SettingsDep = Annotated[Settings, Depends(get_settings)]
EngineDep = Annotated["Engine", Depends(get_engine)]
StoreDep = Annotated[ChatStore, Depends(get_store)]
OwnerDep = Annotated[Owner, Depends(get_owner)]


def get_service(store: StoreDep, engine: EngineDep, settings: SettingsDep, owner: OwnerDep) -> ConversationService:
    return ConversationService(store, engine, timeout_s=settings.request_timeout_s, owner=owner)


ServiceDep = Annotated[ConversationService, Depends(get_service)]


def get_dashboards(store: StoreDep, engine: EngineDep, owner: OwnerDep) -> DashboardService:
    return DashboardService(store, engine, owner=owner)


DashboardsDep = Annotated[DashboardService, Depends(get_dashboards)]

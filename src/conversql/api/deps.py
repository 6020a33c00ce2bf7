"""Dependencies the routes declare: settings, the engine, the chat store, who is asking, the conversation service."""
from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, Request

from conversql.conversations.service import ConversationService
from conversql.conversations.store import LOCAL_OWNER, ChatStore, Owner
from conversql.settings import Settings

if TYPE_CHECKING:
    from conversql.engine.pipeline import Engine


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_engine(request: Request) -> Engine:
    return request.app.state.engine


def get_store(request: Request) -> ChatStore:
    return request.app.state.store


def get_owner() -> Owner:
    """Who is asking. Everyone is the one local user until authentication lands; it will plug in here."""
    return LOCAL_OWNER


SettingsDep = Annotated[Settings, Depends(get_settings)]
EngineDep = Annotated["Engine", Depends(get_engine)]
StoreDep = Annotated[ChatStore, Depends(get_store)]
OwnerDep = Annotated[Owner, Depends(get_owner)]


def get_service(store: StoreDep, engine: EngineDep, settings: SettingsDep, owner: OwnerDep) -> ConversationService:
    return ConversationService(store, engine, timeout_s=settings.request_timeout_s, owner=owner)


ServiceDep = Annotated[ConversationService, Depends(get_service)]

"""The admin API: tenants, API keys, source grants and the audit log. Administrators only (403 for anyone else).

An administrator manages the whole server, every tenant; what they may *query* stays their own tenant's sources.
"""
from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from conversql.api.deps import AdminDep, AuthenticatorDep, EngineDep, SettingsDep
from conversql.api.errors import ERROR_RESPONSES
from conversql.api.schemas import Limit, Offset
from conversql.auth.errors import GrantNotFound, InvalidName
from conversql.auth.keys import ApiKey
from conversql.auth.tenants import Grant, Tenant, check_owned, owned_sources
from conversql.conversations.store import DEFAULT_TENANT

router = APIRouter(prefix="/api/admin", tags=["admin"], responses=ERROR_RESPONSES)


# --- the contract -------------------------------------------------------------------------------------------

class TenantIn(BaseModel):
    id: str = Field(min_length=1, max_length=64, examples=["acme"])
    name: str = Field("", max_length=200, examples=["Acme Corp"])


class TenantOut(BaseModel):
    id: str
    name: str
    created_at: datetime
    sources: list[str] = Field(description="The configured sources this tenant owns")


class TenantList(BaseModel):
    tenants: list[TenantOut]


class KeyIn(BaseModel):
    tenant_id: str = Field(min_length=1, max_length=64, examples=["acme"])
    user_id: str = Field(min_length=1, max_length=128, examples=["alice"])
    name: str = Field("", max_length=200, description="A label for people", examples=["reporting job"])
    sources: list[str] | None = Field(None, description="Limit the key to these sources (default: all the user's)")
    admin: bool = Field(False, description="May use this admin API")


class KeyOut(BaseModel):
    id: str
    tenant_id: str
    user_id: str
    name: str
    prefix: str = Field(description="The key's first characters, to tell keys apart")
    sources: list[str] | None
    admin: bool
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None

    @classmethod
    def of(cls, key: ApiKey) -> KeyOut:
        return cls(id=key.id, tenant_id=key.tenant_id, user_id=key.user_id, name=key.name, prefix=key.prefix,
                   sources=None if key.sources is None else sorted(key.sources), admin=key.admin,
                   created_at=key.created_at, last_used_at=key.last_used_at, revoked_at=key.revoked_at)


class NewKeyOut(KeyOut):
    key: str = Field(description="The API key itself. Shown this once: only its hash is stored")


class KeyList(BaseModel):
    keys: list[KeyOut]


class GrantIn(BaseModel):
    sources: list[str] = Field(description="The only sources of the tenant this user may use")


class GrantOut(BaseModel):
    tenant_id: str
    user_id: str
    sources: list[str]
    updated_at: datetime

    @classmethod
    def of(cls, grant: Grant) -> GrantOut:
        return cls(tenant_id=grant.tenant_id, user_id=grant.user_id, sources=sorted(grant.sources),
                   updated_at=grant.updated_at)


class GrantList(BaseModel):
    grants: list[GrantOut]


class AuditEntryOut(BaseModel):
    at: datetime
    credential_id: str | None
    kind: str | None
    tenant_id: str | None
    user_id: str | None
    method: str
    path: str
    status: int
    error_code: str | None
    duration_ms: float
    client: str | None


class AuditList(BaseModel):
    entries: list[AuditEntryOut]
    limit: int
    offset: int


def _owned(tenant_id: str, engine, settings) -> list[str]:
    return owned_sources(tenant_id, engine.source_names(), settings.source_tenants, DEFAULT_TENANT)


def _check_sources(sources: list[str] | None, tenant_id: str, engine, settings) -> None:
    check_owned(sources, tenant_id, _owned(tenant_id, engine, settings))


def _tenant_out(t: Tenant, engine, settings) -> TenantOut:
    return TenantOut(id=t.id, name=t.name, created_at=t.created_at, sources=_owned(t.id, engine, settings))


# --- tenants ------------------------------------------------------------------------------------------------

@router.post("/tenants", response_model=TenantOut, status_code=201)
def create_tenant(body: TenantIn, _admin: AdminDep, auth: AuthenticatorDep, engine: EngineDep,
                  settings: SettingsDep) -> TenantOut:
    """A new tenant. Its sources are those `CONVERSQL_SOURCE_TENANTS` assigns to it."""
    return _tenant_out(auth.tenants.create(body.id, name=body.name), engine, settings)


@router.get("/tenants", response_model=TenantList)
def list_tenants(_admin: AdminDep, auth: AuthenticatorDep, engine: EngineDep, settings: SettingsDep) -> TenantList:
    return TenantList(tenants=[_tenant_out(t, engine, settings) for t in auth.tenants.list()])


@router.get("/tenants/{tenant_id}", response_model=TenantOut)
def get_tenant(tenant_id: str, _admin: AdminDep, auth: AuthenticatorDep, engine: EngineDep,
               settings: SettingsDep) -> TenantOut:
    return _tenant_out(auth.tenants.get(tenant_id), engine, settings)


# --- API keys -----------------------------------------------------------------------------------------------

@router.post("/keys", response_model=NewKeyOut, status_code=201)
def create_key(body: KeyIn, _admin: AdminDep, auth: AuthenticatorDep, engine: EngineDep,
               settings: SettingsDep) -> NewKeyOut:
    """A new API key for a user of a tenant. The response is the only time the key itself is shown."""
    auth.tenants.get(body.tenant_id)
    _check_sources(body.sources, body.tenant_id, engine, settings)
    made = auth.keys.create(body.tenant_id, body.user_id, name=body.name, sources=body.sources, admin=body.admin)
    return NewKeyOut(**KeyOut.of(made.key).model_dump(), key=made.secret)


@router.get("/keys", response_model=KeyList)
def list_keys(_admin: AdminDep, auth: AuthenticatorDep,
              tenant_id: str | None = Query(None, description="Only this tenant's keys")) -> KeyList:
    """Every key (revoked ones too), without secrets."""
    return KeyList(keys=[KeyOut.of(k) for k in auth.keys.list(tenant_id)])


@router.get("/keys/{key_id}", response_model=KeyOut)
def get_key(key_id: str, _admin: AdminDep, auth: AuthenticatorDep) -> KeyOut:
    return KeyOut.of(auth.keys.get(key_id))


@router.delete("/keys/{key_id}", response_model=KeyOut)
def revoke_key(key_id: str, _admin: AdminDep, auth: AuthenticatorDep) -> KeyOut:
    """Revoke a key: it stops working at once. The record stays, with `revoked_at`."""
    return KeyOut.of(auth.keys.revoke(key_id))


# --- source grants ------------------------------------------------------------------------------------------

@router.get("/grants", response_model=GrantList)
def list_grants(_admin: AdminDep, auth: AuthenticatorDep,
                tenant_id: str | None = Query(None, description="Only this tenant's grants")) -> GrantList:
    return GrantList(grants=[GrantOut.of(g) for g in auth.tenants.grants(tenant_id)])


@router.put("/grants/{tenant_id}/{user_id}", response_model=GrantOut)
def set_grant(tenant_id: str, user_id: str, body: GrantIn, _admin: AdminDep, auth: AuthenticatorDep,
              engine: EngineDep, settings: SettingsDep) -> GrantOut:
    """From now on the user may use only these sources of their tenant (replaces any earlier grant)."""
    auth.tenants.get(tenant_id)
    _check_sources(body.sources, tenant_id, engine, settings)
    return GrantOut.of(auth.tenants.grant(tenant_id, user_id, body.sources))


@router.delete("/grants/{tenant_id}/{user_id}", status_code=204, response_class=Response)
def delete_grant(tenant_id: str, user_id: str, _admin: AdminDep, auth: AuthenticatorDep) -> Response:
    """Drop the user's grant: they may use every source of their tenant again."""
    if not auth.tenants.ungrant(tenant_id, user_id):
        raise GrantNotFound(tenant_id, user_id)
    return Response(status_code=204)


# --- the audit log ------------------------------------------------------------------------------------------

@router.get("/audit", response_model=AuditList)
def audit_log(_admin: AdminDep, auth: AuthenticatorDep, limit: Limit = 100, offset: Offset = 0,
              tenant_id: str | None = Query(None, description="Only this tenant's requests")) -> AuditList:
    """Requests, newest first."""
    entries = auth.audit.entries(tenant_id=tenant_id, limit=limit, offset=offset)
    return AuditList(entries=[AuditEntryOut(**e.__dict__) for e in entries], limit=limit, offset=offset)

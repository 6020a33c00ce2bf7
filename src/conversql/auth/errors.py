"""What can go wrong managing tenants, keys and grants: the admin API maps each to a status, the CLI to a message."""
from __future__ import annotations


class IdentityError(Exception):
    """Base: `code` is stable and machine-readable, the message is for people."""
    code = "identity_error"
    status = 400


class InvalidName(IdentityError, ValueError):
    code = "invalid_request"
    status = 422


class TenantNotFound(IdentityError, LookupError):
    code = "tenant_not_found"
    status = 404

    def __init__(self, tenant_id: str):
        super().__init__(f"tenant {tenant_id!r} does not exist; create it first (conversql tenants create)")
        self.tenant_id = tenant_id


class TenantExists(IdentityError):
    code = "tenant_exists"
    status = 409

    def __init__(self, tenant_id: str):
        super().__init__(f"tenant {tenant_id!r} already exists")
        self.tenant_id = tenant_id


class KeyNotFound(IdentityError, LookupError):
    code = "key_not_found"
    status = 404

    def __init__(self, key_id: str):
        super().__init__(f"API key {key_id!r} does not exist")
        self.key_id = key_id


class GrantNotFound(IdentityError, LookupError):
    code = "grant_not_found"
    status = 404

    def __init__(self, tenant_id: str, user_id: str):
        super().__init__(f"user {user_id!r} of tenant {tenant_id!r} has no grant (they may use every source of "
                         "their tenant)")

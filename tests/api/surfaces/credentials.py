"""The test credentials by name, and the registry of their secrets on the server under test.

A module of its own (not conftest, which pytest imports under another name): tests and fixtures must share one
`SECRETS`.
"""
from __future__ import annotations

from datetime import date

import httpx

TODAY = date(2025, 12, 31)
JWT_SECRET = "surfaces-test-secret-0123456789abcdef"

ANN = "ann"                  # acme-corp's user-456, an API key
ANN_JWT = "ann_jwt"          # the same user, a JWT (HS256)
EXPIRED_JWT = "expired_jwt"  # the same user, a JWT past its exp
BOB = "bob"                  # globex's bob, an API key
NODATA = "nodata"            # acme-corp's carl, a key granted no source
REVOKED = "revoked"          # acme-corp's user-456, a key granted no source (their sessions exist, their data not)
RATE_LIMITED = "busy"        # acme-corp's dan, a key whose rate limit is used up before it is sent
RATE_BURST = 60             # requests a key may make at once; then one every 10 s (a spent key stays spent)

SECRETS: dict[str, str] = {}
_SERVER: dict[str, str] = {}


def secret(name: str) -> str:
    """The credential a test names; the rate-limited one is first spent on the current server."""
    if name == RATE_LIMITED and _SERVER.get("busy_spent") != _SERVER.get("url"):
        with httpx.Client(base_url=_SERVER["url"], headers={"Authorization": f"Bearer {SECRETS[name]}"}) as c:
            while c.get("/api/sources").status_code != 429:
                pass
        _SERVER["busy_spent"] = _SERVER["url"]
    return SECRETS.get(name, name)


def auth(name: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret(name)}"}

"""All configuration in one place: environment variables prefixed CONVERSQL_, or a .env file."""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CONVERSQL_", env_file=".env", extra="ignore")

    # Data sources: name -> URL. CONVERSQL_SOURCES='{"shop": "postgresql://..."}'
    sources: dict[str, str] = Field(default_factory=dict)
    demo: bool = False                              # register the embedded demo database as source "demo"
    demo_path: Path = Path("data/demo.duckdb")
    semantic_models: dict[str, Path] = Field(default_factory=dict)   # source name -> YAML refinement file

    # The value index (docs/semantic-model.md): values of name and category columns too many for the lexicon.
    value_index_max_values: int = Field(1_000_000, ge=0)      # entries per source; 0 turns the index off
    value_index_max_bytes: int = Field(64 * 2**20, ge=0)      # UTF-8 bytes of keys and values per source
    refresh_interval_s: float = Field(0.0, ge=0)              # re-read opened sources this often; 0: never

    # The chat store: SQLite by default, PostgreSQL for stateless replicas.
    store_url: str = "sqlite:///data/conversql.db"

    # Execution bounds.
    max_rows: int = 5000
    statement_timeout_s: float = 30.0
    request_timeout_s: float = 60.0

    # Reference date for relative time ("last month"); None means the real today.
    today: date | None = None

    max_request_bytes: int = 65536                  # request bodies larger than this get 413

    host: str = "127.0.0.1"
    port: int = 8000

    # Identity (docs/auth.md). `auto`: no sign-in while no API key was ever created and no JWT is configured (the
    # single-user demo), every request needs a credential from then on; `required`: always; `none`: never.
    auth_mode: Literal["auto", "required", "none"] = "auto"
    jwt_secret: str | None = None                   # HS256
    jwt_public_keys: list[str] = Field(default_factory=list)   # PEM text or PEM file paths (RS256/ES256)
    jwt_jwks_file: Path | None = None               # a JSON Web Key Set file (RS256/ES256), re-read when it changes
    jwt_audience: str | None = None                 # required `aud` when set
    jwt_issuer: str | None = None                   # required `iss` when set
    jwt_tenant_claim: str = "tenant_id"
    jwt_user_claim: str = "sub"
    jwt_sources_claim: str = "sources"              # optional claim: the sources granted (absent: all the tenant's)
    jwt_admin_claim: str | None = None              # a claim that, when true, makes the bearer an administrator
    jwt_default_tenant: str | None = None           # tenant of tokens without the tenant claim (None: refused)
    jwt_leeway_s: float = 30.0                      # clock skew allowed on exp/nbf/iat

    # Which tenant owns each source: source name -> tenant id. Sources not listed belong to tenant "default".
    source_tenants: dict[str, str] = Field(default_factory=dict)

    # Per-credential rate limit (token bucket): requests per minute, burst; 0 turns it off.
    rate_limit_per_minute: int = 120
    rate_limit_burst: int | None = None             # None: the per-minute figure
    redis_url: str | None = None                    # share limits between replicas (redis://127.0.0.1:6379/0)

    audit_log: bool = True                          # one audit_log row per request (never a secret)
    audit_exclude_paths: list[str] = Field(default_factory=lambda: ["/health"])

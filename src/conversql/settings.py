"""All configuration in one place: environment variables prefixed CONVERSQL_, or a .env file."""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from conversql.llm.config import EngineMode, ModelConfig


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

    currency: str = "USD"                           # ISO 4217 code the web page formats money columns in

    # The optional LLM engine (docs/llm.md). Nothing here is needed offline: with no model configured the
    # deterministic parser answers everything. CONVERSQL_MODELS='{"gpt": {"provider": "openai", "model": ...}}'
    models: dict[str, ModelConfig] = Field(default_factory=dict)
    default_model: str | None = None                # the model `auto` and `llm` modes use; None: the first one
    engine_mode: EngineMode = "auto"                # auto | deterministic | llm
    secrets_file: Path | None = None                # API keys as NAME=value lines or a JSON object
    llm_timeout_s: float = Field(30.0, gt=0)        # per model request
    llm_max_retries: int = Field(2, ge=0, le=10)    # on 429 (honouring Retry-After), 5xx and timeouts
    llm_max_corrections: int = Field(2, ge=0, le=5)  # invalid JSON, unknown columns, database errors fed back
    llm_token_budget: int | None = Field(None, ge=1)  # tokens per tenant per window; None: unlimited
    llm_budget_window_s: float = Field(86400.0, gt=0)
    llm_sample_rows: int = Field(3, ge=0, le=20)    # rows per table the model may see
    llm_max_tables: int = Field(8, ge=1, le=50)     # tables retrieved into a prompt (before join paths)
    llm_whole_schema_tokens: int = Field(1500, ge=0)  # a schema smaller than this is sent whole

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
    # Paths not written to the audit log: exact paths, or prefixes ending in "/" (the web page's static files).
    audit_exclude_paths: list[str] = Field(default_factory=lambda: ["/health", "/", "/static/", "/vendor/"])

    @model_validator(mode="after")
    def _default_model_is_configured(self) -> Settings:
        if self.default_model is not None and self.default_model not in self.models:
            known = ", ".join(self.models) or "none"
            raise ValueError(f"default_model {self.default_model!r} is not one of the configured models ({known})")
        return self

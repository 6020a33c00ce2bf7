"""All configuration in one place: environment variables prefixed CONVERSQL_, or a .env file."""
from __future__ import annotations

from datetime import date
from pathlib import Path

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

    # The chat store: SQLite by default, PostgreSQL for stateless replicas.
    store_url: str = "sqlite:///data/conversql.db"

    # Execution bounds.
    max_rows: int = 5000
    statement_timeout_s: float = 30.0
    request_timeout_s: float = 60.0

    # Reference date for relative time ("last month"); None means the real today.
    today: date | None = None

    max_request_bytes: int = 65536                  # request bodies larger than this get 413

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

    @model_validator(mode="after")
    def _default_model_is_configured(self) -> Settings:
        if self.default_model is not None and self.default_model not in self.models:
            known = ", ".join(self.models) or "none"
            raise ValueError(f"default_model {self.default_model!r} is not one of the configured models ({known})")
        return self

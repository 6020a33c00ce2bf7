"""All configuration in one place: environment variables prefixed CONVERSQL_, or a .env file."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


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

    currency: str = "USD"                           # ISO 4217 code the web page formats money columns in

    host: str = "127.0.0.1"
    port: int = 8000

"""Named model configurations, and where their API keys come from (the environment or a secrets file).

Keys are looked up when a model is called, never stored in settings, the chat store, an answer or a log line:
the configuration holds only the *name* of the variable that carries the key.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, model_validator

Provider = Literal["openai", "anthropic"]
EngineMode = Literal["auto", "deterministic", "llm"]
ENGINE_MODES: tuple[str, ...] = ("auto", "deterministic", "llm")

# The variable a provider's own SDK reads, used when a model on the provider's own API names none.
DEFAULT_KEY_ENV = {"openai": "OPENAI_API_KEY", "anthropic": "ANTHROPIC_API_KEY"}
PROVIDER_HOSTS = {"openai": "api.openai.com", "anthropic": "api.anthropic.com"}


class ModelConfig(BaseModel):
    """One named model. `base_url` points the OpenAI SDK at any compatible server (vLLM, Ollama, LiteLLM).

    >>> ModelConfig(provider="openai", model="llama3.1", base_url="http://localhost:11434/v1").needs_key
    False
    """
    model_config = ConfigDict(extra="forbid")

    provider: Provider
    model: str = Field(min_length=1)
    base_url: str | None = None
    api_key_env: str | None = None     # the NAME of the variable holding the key, never the key itself
    timeout_s: float | None = Field(None, gt=0)      # per HTTP request; None: CONVERSQL_LLM_TIMEOUT_S
    max_retries: int | None = Field(None, ge=0, le=10)  # on 429/5xx/timeouts; None: CONVERSQL_LLM_MAX_RETRIES
    max_tokens: int = Field(1024, ge=16, le=32768)    # the answer's length cap (the plan is short JSON)
    # None: the provider's default. Some newer models refuse sampling parameters, so none is sent unless set.
    temperature: float | None = Field(None, ge=0.0, le=2.0)
    stream: bool = True                # stream tokens as they arrive (needed for token events)
    json_mode: bool = False            # OpenAI-compatible only: response_format json_object (OpenAI, vLLM, Ollama)

    @model_validator(mode="before")
    @classmethod
    def _no_inline_keys(cls, data):
        # A key written into CONVERSQL_MODELS would travel with the settings object; refuse it by name.
        if isinstance(data, dict) and "api_key" in data:
            raise ValueError("put the API key in an environment variable or the secrets file and name it with "
                             "`api_key_env`; `api_key` is not accepted in the model settings")
        return data

    @property
    def key_env(self) -> str | None:
        """The variable holding this model's key: the one named, else the provider's own variable when the model
        is on the provider's own API. Another server (Ollama, vLLM, a gateway) gets no key unless one is named:
        an OPENAI_API_KEY set for OpenAI must not travel to every OpenAI-compatible box in the configuration."""
        if self.api_key_env:
            return self.api_key_env
        host = urlsplit(self.base_url).hostname if self.base_url else PROVIDER_HOSTS[self.provider]
        return DEFAULT_KEY_ENV[self.provider] if host == PROVIDER_HOSTS[self.provider] else None

    @property
    def needs_key(self) -> bool:
        """The provider's own API, or a server whose key variable is named, needs a key; others need none."""
        return self.key_env is not None


class MissingKey(LookupError):
    """A model needs an API key that is neither in the environment nor in the secrets file."""


def read_secrets(path: Path | None) -> dict[str, str]:
    """Secrets from a file: a JSON object, or `NAME=value` lines (# comments allowed).

    >>> read_secrets(Path("secrets.env"))     # OPENAI_API_KEY=sk-...
    {'OPENAI_API_KEY': 'sk-...'}
    """
    if path is None:
        return {}
    text = Path(path).read_text(encoding="utf-8")
    if text.lstrip().startswith("{"):
        data = json.loads(text)
        return {str(k): str(v) for k, v in data.items()}
    out: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        name, _, value = line.partition("=")
        out[name.strip().removeprefix("export ").strip()] = value.strip().strip("'\"")
    return out


def api_key(name: str, cfg: ModelConfig, secrets_file: Path | None) -> str:
    """The key for model `name`: its environment variable first, then the secrets file.

    Servers that need no key get a placeholder, because the SDKs refuse an empty one.
    """
    env = cfg.key_env
    if env is None:
        return "no-key-needed"
    value = os.environ.get(env)
    if not value and secrets_file is not None and Path(secrets_file).exists():
        value = read_secrets(secrets_file).get(env)
    if value:
        return value
    raise MissingKey(f"model {name!r} needs an API key: set the environment variable {env} or add {env} to the "
                     "secrets file (CONVERSQL_SECRETS_FILE)")

"""Chat models behind one call: `complete(system, messages, on_token, deadline) -> Completion`.

OpenAI-compatible servers (OpenAI, vLLM, Ollama, llama.cpp, LiteLLM) go through the official `openai` SDK with a
`base_url`; Anthropic through the `anthropic` SDK. Both SDKs retry 429, 5xx and timeouts with exponential backoff
and honour Retry-After; we set how many times and the per-request timeout, and turn their exceptions into
`ModelUnavailable` with a message that is safe to show (never a key, never a raw response body).

A streamed reply must also finish within the timeout: the SDKs' timeout bounds the wait for each chunk, so a model
trickling tokens could otherwise run for minutes.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conversql.engine.answer import Usage
from conversql.llm.config import ModelConfig, api_key

log = logging.getLogger(__name__)
TokenCallback = Callable[[str], None]


@dataclass(frozen=True)
class Part:
    """A piece of a user message. `cache`: the prompt up to here is the same for many requests, worth a provider's
    cache (Anthropic: a cache_control breakpoint; OpenAI caches long identical prefixes by itself)."""
    text: str
    cache: bool = False


# A message is {"role": "user" | "assistant", "content": str | list[Part]}.
Message = dict[str, Any]


def text_of(content: str | list[Part]) -> str:
    """A message's text, whatever its parts.

    >>> text_of([Part("Tables: ...\n", cache=True), Part("Question: ...")])
    'Tables: ...\nQuestion: ...'
    """
    return content if isinstance(content, str) else "".join(p.text for p in content)


@dataclass
class Completion:
    text: str
    usage: Usage
    estimated_usage: bool = False      # the server reported no usage; counted as characters / 4


class ModelUnavailable(Exception):
    """The model could not be reached or refused the request. `kind`: timeout, rate_limited, server, auth,
    request, connection, config."""

    def __init__(self, message: str, kind: str):
        super().__init__(message)
        self.kind = kind


def estimate_tokens(text: str) -> int:
    """A tokenizer-free estimate (about four characters per token for English and SQL).

    >>> estimate_tokens("SELECT 1")
    2
    """
    return max(1, len(text) // 4) if text else 0


class ChatModel:
    """One configured model. `system` is the static instruction text (cacheable); `messages` alternate user and
    assistant turns, starting with the user."""

    def __init__(self, name: str, cfg: ModelConfig, *, timeout_s: float, max_retries: int,
                 secrets_file: Path | None = None):
        self.name, self.cfg = name, cfg
        self.timeout_s = cfg.timeout_s or timeout_s
        self.max_retries = cfg.max_retries if cfg.max_retries is not None else max_retries
        self.secrets_file = secrets_file
        self._client = None

    def complete(self, system: str, messages: list[Message], on_token: TokenCallback | None = None,
                 deadline: float | None = None) -> Completion:
        """The model's reply. `deadline` (a time.perf_counter() value) is when the whole answer must be done: the
        request's timeout is cut to what is left of it."""
        raise NotImplementedError

    def _time_limit(self, deadline: float | None) -> tuple[float, str]:
        """This request's timeout, and why it is shorter than the model's when the answer's deadline cut it."""
        if deadline is None or deadline - time.perf_counter() >= self.timeout_s:
            return self.timeout_s, ""
        left = round(deadline - time.perf_counter(), 2)
        if left <= 0:
            raise ModelUnavailable(f"no time was left to ask the model {self.name!r} within the answer's time "
                                   "limit (CONVERSQL_REQUEST_TIMEOUT_S)", "timeout")
        return left, " (what was left of the answer's time limit, CONVERSQL_REQUEST_TIMEOUT_S)"

    def _stream(self, pieces, limit: tuple[float, str], on_token: TokenCallback | None) -> str:
        """The text of a streamed reply, told to `on_token` piece by piece as it arrives, within the limit."""
        parts: list[str] = []
        ends = time.perf_counter() + limit[0]
        for piece in pieces:
            if piece:
                parts.append(piece)
                if on_token:
                    on_token(piece)
            if time.perf_counter() > ends:
                raise ModelUnavailable(self._late(limit), "timeout")
        return "".join(parts)

    def _late(self, limit: tuple[float, str]) -> str:
        return f"the model {self.name!r} did not answer within {limit[0]:g} s{limit[1]}"

    def _key(self) -> str:
        from conversql.llm.config import MissingKey
        try:
            return api_key(self.name, self.cfg, self.secrets_file)
        except MissingKey as e:
            raise ModelUnavailable(str(e), "config") from None

    def _unavailable(self, e: Exception, sdk, limit: tuple[float, str]) -> ModelUnavailable:
        """An SDK exception as a message a user may read; the exception type goes to the log, not the text."""
        log.warning("model %s failed: %s", self.name, type(e).__name__)
        tries = self.max_retries + 1
        if isinstance(e, sdk.APITimeoutError):
            return ModelUnavailable(f"{self._late(limit)}; {tries} attempt{'s' if tries > 1 else ''}", "timeout")
        if isinstance(e, sdk.RateLimitError):
            return ModelUnavailable(f"the model {self.name!r} is rate-limited by its provider; retried {tries - 1} "
                                    "time(s) with backoff", "rate_limited")
        if isinstance(e, sdk.AuthenticationError | sdk.PermissionDeniedError):
            return ModelUnavailable(f"the provider refused the API key of model {self.name!r}", "auth")
        if isinstance(e, sdk.APIStatusError):
            if e.status_code >= 500:
                return ModelUnavailable(f"the model {self.name!r} failed on the provider's side "
                                        f"(HTTP {e.status_code}, {tries} attempt(s))", "server")
            return ModelUnavailable(f"the provider rejected the request to model {self.name!r} "
                                    f"(HTTP {e.status_code})", "request")
        if isinstance(e, sdk.APIConnectionError):
            return ModelUnavailable(f"the model {self.name!r} could not be reached", "connection")
        return ModelUnavailable(f"the model {self.name!r} failed ({type(e).__name__})", "server")


class OpenAIChat(ChatModel):
    """Chat completions through the `openai` SDK; streaming asks for usage in the final chunk."""

    def client(self):
        if self._client is None:
            import openai
            self._client = openai.OpenAI(api_key=self._key(), base_url=self.cfg.base_url, timeout=self.timeout_s,
                                         max_retries=self.max_retries)
        return self._client

    def complete(self, system: str, messages: list[Message], on_token: TokenCallback | None = None,
                 deadline: float | None = None) -> Completion:
        import openai
        limit = self._time_limit(deadline)
        # One string per message: every OpenAI-compatible server takes that; the identical prefix is what OpenAI
        # caches by itself.
        sent = [{"role": m["role"], "content": text_of(m["content"])} for m in messages]
        body = dict(model=self.cfg.model, messages=[{"role": "system", "content": system}, *sent],
                    max_tokens=self.cfg.max_tokens, timeout=limit[0])
        if self.cfg.temperature is not None:
            body["temperature"] = self.cfg.temperature
        if self.cfg.json_mode:                     # the server then guarantees a JSON object
            body["response_format"] = {"type": "json_object"}
        try:
            if not self.cfg.stream:
                r = self.client().chat.completions.create(**body)
                text = (r.choices[0].message.content or "") if r.choices else ""
                return self._done(text, r.usage, system, sent)
            usage = None
            stream = self.client().chat.completions.create(**body, stream=True,
                                                          stream_options={"include_usage": True})

            def pieces():
                nonlocal usage
                for chunk in stream:
                    if chunk.usage is not None:
                        usage = chunk.usage
                    for choice in chunk.choices or []:
                        yield choice.delta.content if choice.delta else None
            try:
                text = self._stream(pieces(), limit, on_token)
            finally:
                stream.close()
            return self._done(text, usage, system, sent)
        except openai.OpenAIError as e:
            raise self._unavailable(e, openai, limit) from None

    def _done(self, text: str, u, system: str, messages: list[Message]) -> Completion:
        if u is None:
            return _estimated(text, system, messages)
        details = getattr(u, "prompt_tokens_details", None)
        cached = (getattr(details, "cached_tokens", None) or 0) if details else 0
        return Completion(text, Usage(prompt_tokens=u.prompt_tokens or 0, completion_tokens=u.completion_tokens or 0,
                                      total_tokens=u.total_tokens or (u.prompt_tokens or 0) + (u.completion_tokens
                                                                                               or 0),
                                      cached_prompt_tokens=cached))


class AnthropicChat(ChatModel):
    """Messages through the `anthropic` SDK; the instructions are marked for prompt caching."""

    def client(self):
        if self._client is None:
            import anthropic
            self._client = anthropic.Anthropic(api_key=self._key(), base_url=self.cfg.base_url,
                                               timeout=self.timeout_s, max_retries=self.max_retries)
        return self._client

    def complete(self, system: str, messages: list[Message], on_token: TokenCallback | None = None,
                 deadline: float | None = None) -> Completion:
        import anthropic
        limit = self._time_limit(deadline)
        # The instructions are the same for every question, and a part marked `cache` (the whole schema) the same
        # for every question of a source: each ends a cache breakpoint. Anthropic caches only prefixes of 1,024
        # tokens or more (2,048-4,096 on some models), which the instructions alone are not.
        body = dict(model=self.cfg.model, max_tokens=self.cfg.max_tokens, timeout=limit[0],
                    system=[{"type": "text", "text": system, "cache_control": EPHEMERAL}],
                    messages=[{"role": m["role"], "content": _blocks(m["content"])} for m in messages])
        if self.cfg.temperature is not None:        # sent as a body field: SDK versions differ in accepting it
            body["extra_body"] = {"temperature": self.cfg.temperature}
        try:
            if not self.cfg.stream:
                r = self.client().messages.create(**body)
                text = "".join(b.text for b in r.content if getattr(b, "type", "") == "text")
                return self._done(text, r.usage)
            with self.client().messages.stream(**body) as stream:
                text = self._stream(stream.text_stream, limit, on_token)
                final = stream.get_final_message()
            return self._done(text, final.usage)
        except anthropic.AnthropicError as e:
            raise self._unavailable(e, anthropic, limit) from None

    @staticmethod
    def _done(text: str, u) -> Completion:
        # Anthropic counts cache reads and writes apart from input_tokens; the prompt is all three.
        cache_read = getattr(u, "cache_read_input_tokens", None) or 0
        cache_write = getattr(u, "cache_creation_input_tokens", None) or 0
        prompt = (u.input_tokens or 0) + cache_read + cache_write
        out = u.output_tokens or 0
        return Completion(text, Usage(prompt_tokens=prompt, completion_tokens=out, total_tokens=prompt + out,
                                      cached_prompt_tokens=cache_read))


EPHEMERAL = {"type": "ephemeral"}


def _blocks(content: str | list[Part]) -> str | list[dict]:
    if isinstance(content, str):
        return content
    return [{"type": "text", "text": p.text} | ({"cache_control": EPHEMERAL} if p.cache else {})
            for p in content if p.text]


def _estimated(text: str, system: str, messages: list[Message]) -> Completion:
    prompt = estimate_tokens(system) + sum(estimate_tokens(text_of(m["content"])) for m in messages)
    out = estimate_tokens(text)
    return Completion(text, Usage(prompt_tokens=prompt, completion_tokens=out, total_tokens=prompt + out),
                      estimated_usage=True)


PROVIDERS: dict[str, type[ChatModel]] = {"openai": OpenAIChat, "anthropic": AnthropicChat}


def make_model(name: str, cfg: ModelConfig, *, timeout_s: float, max_retries: int,
               secrets_file: Path | None = None) -> ChatModel:
    """The chat model for a configuration.

    >>> make_model("local", ModelConfig(provider="openai", model="qwen2.5", base_url="http://localhost:8001/v1"),
    ...            timeout_s=30, max_retries=2).name
    'local'
    """
    return PROVIDERS[cfg.provider](name, cfg, timeout_s=timeout_s, max_retries=max_retries,
                                   secrets_file=secrets_file)

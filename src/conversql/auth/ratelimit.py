"""Per-credential rate limits: a token bucket per credential, refilled continuously.

A bucket holds up to `burst` requests and refills at `per_minute` a minute; a request takes one token, and when
none is left the answer is 429 with how long until one is. In memory by default (each replica counts alone);
with a Redis URL the buckets live in Redis, updated by one Lua script so replicas share them exactly, with Redis's
own clock so replicas' clocks need not agree. If Redis cannot be reached the replica falls back to its own
in-memory buckets (logged), so an outage of the limiter does not become an outage of the service.
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import Protocol

from conversql.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    retry_after_s: float = 0.0          # when refused: seconds until a request would be allowed


class RateLimiter(Protocol):
    def hit(self, credential_id: str) -> Decision: ...


class MemoryRateLimiter:
    """Token buckets in this process.

    >>> limiter = MemoryRateLimiter(per_minute=60, burst=2)
    >>> [limiter.hit("key_1").allowed for _ in range(3)]
    [True, True, False]
    """

    MAX_BUCKETS = 100_000

    def __init__(self, per_minute: float, burst: int, clock=time.monotonic):
        self.rate = per_minute / 60.0
        self.burst = burst
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}     # credential -> (tokens, at)
        self._lock = threading.Lock()

    def hit(self, credential_id: str) -> Decision:
        now = self.clock()
        with self._lock:
            tokens, at = self._buckets.get(credential_id, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - at) * self.rate)
            if tokens >= 1.0:
                self._store(credential_id, tokens - 1.0, now)
                return Decision(True)
            self._store(credential_id, tokens, now)
            return Decision(False, (1.0 - tokens) / self.rate)

    def _store(self, credential_id: str, tokens: float, now: float) -> None:
        if len(self._buckets) >= self.MAX_BUCKETS and credential_id not in self._buckets:
            # Full buckets carry no information: forgetting them changes nothing.
            full = [c for c, (t, at) in self._buckets.items() if t + (now - at) * self.rate >= self.burst]
            for c in full:
                del self._buckets[c]
        self._buckets[credential_id] = (tokens, now)


# KEYS[1] the bucket; ARGV: burst, refill per second. Returns {allowed, seconds to wait as a string}.
_BUCKET_SCRIPT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local burst = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
local allowed = 0
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  wait = (1 - tokens) / rate
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return {allowed, tostring(wait)}
"""


class RedisRateLimiter:
    """Token buckets in Redis, shared by every replica pointing at it.

    >>> limiter = RedisRateLimiter("redis://127.0.0.1:6379/0", per_minute=60, burst=5)
    >>> limiter.hit("key_1").allowed
    True
    """

    def __init__(self, url: str, per_minute: float, burst: int, *, namespace: str = "conversql:ratelimit:"):
        import redis    # only needed when configured

        self.client = redis.Redis.from_url(url, socket_timeout=2.0, socket_connect_timeout=2.0)
        self.script = self.client.register_script(_BUCKET_SCRIPT)
        self.rate = per_minute / 60.0
        self.burst = burst
        self.namespace = namespace
        self.fallback = MemoryRateLimiter(per_minute, burst)
        self._errors = redis.RedisError

    def hit(self, credential_id: str) -> Decision:
        try:
            allowed, wait = self.script(keys=[self.namespace + credential_id], args=[self.burst, repr(self.rate)])
        except self._errors as e:
            log.warning("rate limiting in memory: Redis is unreachable (%s)", e)
            return self.fallback.hit(credential_id)
        return Decision(bool(int(allowed)), float(wait))


def make_rate_limiter(settings: Settings) -> RateLimiter | None:
    """The limiter the settings ask for, or None when limits are off (`rate_limit_per_minute` = 0)."""
    if settings.rate_limit_per_minute <= 0:
        return None
    burst = settings.rate_limit_burst or settings.rate_limit_per_minute
    if settings.redis_url:
        return RedisRateLimiter(settings.redis_url, settings.rate_limit_per_minute, burst)
    return MemoryRateLimiter(settings.rate_limit_per_minute, burst)

"""Token buckets per credential, in memory and in the real Redis (shared by replicas)."""
from __future__ import annotations

import pytest

from conversql.auth.ratelimit import MemoryRateLimiter, RedisRateLimiter, make_rate_limiter
from conversql.settings import Settings


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_is_allowed_then_refused_with_the_wait():
    clock = Clock()
    limiter = MemoryRateLimiter(per_minute=60, burst=3, clock=clock)
    assert [limiter.hit("key_a").allowed for _ in range(3)] == [True, True, True]
    refused = limiter.hit("key_a")
    assert not refused.allowed and refused.retry_after_s == pytest.approx(1.0)


def test_the_bucket_refills_at_the_configured_rate():
    clock = Clock()
    limiter = MemoryRateLimiter(per_minute=30, burst=1, clock=clock)     # one every 2 s
    assert limiter.hit("key_a").allowed
    clock.now += 1.0
    assert limiter.hit("key_a").retry_after_s == pytest.approx(1.0)
    clock.now += 1.0
    assert limiter.hit("key_a").allowed


def test_credentials_have_independent_buckets():
    limiter = MemoryRateLimiter(per_minute=60, burst=1, clock=Clock())
    assert limiter.hit("key_a").allowed and not limiter.hit("key_a").allowed
    assert limiter.hit("key_b").allowed


def test_limits_off_when_the_rate_is_zero():
    assert make_rate_limiter(Settings(_env_file=None, rate_limit_per_minute=0)) is None
    assert isinstance(make_rate_limiter(Settings(_env_file=None)), MemoryRateLimiter)


def test_redis_buckets_refuse_past_the_burst_with_the_wait(redis_url, redis_namespace):
    limiter = RedisRateLimiter(redis_url, per_minute=60, burst=2, namespace=redis_namespace)
    assert [limiter.hit("key_a").allowed for _ in range(2)] == [True, True]
    refused = limiter.hit("key_a")
    assert not refused.allowed and 0 < refused.retry_after_s <= 1.0


def test_redis_buckets_are_shared_by_replicas_and_independent_per_credential(redis_url, redis_namespace):
    replica_1 = RedisRateLimiter(redis_url, per_minute=60, burst=3, namespace=redis_namespace)
    replica_2 = RedisRateLimiter(redis_url, per_minute=60, burst=3, namespace=redis_namespace)
    outcomes = [r.hit("key_a").allowed for r in (replica_1, replica_2, replica_1, replica_2)]
    assert outcomes == [True, True, True, False]        # one bucket of 3 across both replicas
    assert replica_2.hit("key_b").allowed


def test_redis_bucket_expires_once_it_would_be_full_again(redis_url, redis_namespace):
    import redis
    limiter = RedisRateLimiter(redis_url, per_minute=60, burst=2, namespace=redis_namespace)
    limiter.hit("key_a")
    ttl_ms = redis.Redis.from_url(redis_url).pttl(redis_namespace + "key_a")
    assert 0 < ttl_ms <= 3000


def test_settings_with_a_redis_url_make_a_redis_limiter(redis_url):
    limiter = make_rate_limiter(Settings(_env_file=None, redis_url=redis_url, rate_limit_per_minute=10))
    assert isinstance(limiter, RedisRateLimiter) and limiter.burst == 10


def test_an_unreachable_redis_falls_back_to_memory():
    import socket
    with socket.socket() as s:              # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    limiter = RedisRateLimiter(f"redis://127.0.0.1:{port}/0", per_minute=60, burst=1)
    assert limiter.hit("key_a").allowed
    assert not limiter.hit("key_a").allowed          # still limited, by this replica alone

"""Per-tenant token budgets: a sliding window of the tokens each tenant's answers spent.

The window lives in the process: with several replicas each enforces the budget on what it served (a tenant may
reach up to replicas x budget). That is the honest bound without a shared counter; see docs/llm.md.
"""
from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable


class BudgetExhausted(Exception):
    """A tenant has spent its token budget for the current window; the message says when it frees up."""

    def __init__(self, tenant: str, used: int, limit: int, retry_after_s: float):
        hours = retry_after_s / 3600
        when = f"{hours:.1f} h" if hours >= 1 else f"{max(1, round(retry_after_s / 60))} min"
        super().__init__(f"the LLM token budget of this workspace is used up ({used:,} of {limit:,} tokens); "
                         f"it frees up in about {when}. Questions the deterministic engine understands still work.")
        self.tenant, self.used, self.limit, self.retry_after_s = tenant, used, limit, retry_after_s


class TokenBudget:
    """At most `limit` tokens per tenant within any `window_s` seconds (None: no limit).

    >>> b = TokenBudget(limit=1000, window_s=3600)
    >>> b.charge("acme", 600); b.remaining("acme")
    400
    """

    def __init__(self, limit: int | None, window_s: float = 86400.0, clock: Callable[[], float] = time.monotonic):
        self.limit = limit
        self.window_s = window_s
        self._clock = clock
        self._spent: dict[str, deque[tuple[float, int]]] = {}
        self._lock = threading.Lock()

    def _used(self, tenant: str, now: float) -> int:
        spent = self._spent.get(tenant)
        if not spent:
            return 0
        while spent and spent[0][0] <= now - self.window_s:
            spent.popleft()
        return sum(n for _, n in spent)

    def remaining(self, tenant: str) -> int | None:
        if self.limit is None:
            return None
        with self._lock:
            return max(0, self.limit - self._used(tenant, self._clock()))

    def check(self, tenant: str) -> None:
        """Raise BudgetExhausted when nothing is left; called before every model request."""
        if self.limit is None:
            return
        with self._lock:
            now = self._clock()
            used = self._used(tenant, now)
            if used >= self.limit:
                oldest = self._spent[tenant][0][0]
                raise BudgetExhausted(tenant, used, self.limit, max(1.0, oldest + self.window_s - now))

    def charge(self, tenant: str, tokens: int) -> None:
        """Record what a request spent; a request that overshoots is charged fully (it already ran)."""
        if self.limit is None or tokens <= 0:
            return
        with self._lock:
            self._spent.setdefault(tenant, deque()).append((self._clock(), tokens))

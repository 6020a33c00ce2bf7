"""Cancel a statement from another thread when it outlives its deadline (for drivers with no server timeout)."""
from __future__ import annotations

import threading
from collections.abc import Callable


class Watchdog:
    """Calls `cancel` once if the `with` block is still running after `timeout_s`; `fired` tells afterwards.

    >>> with Watchdog(30.0, lambda: None) as dog:
    ...     pass
    >>> dog.fired
    False
    """

    def __init__(self, timeout_s: float, cancel: Callable[[], object]):
        self.fired = False
        self._cancel = cancel
        self._timer = threading.Timer(max(timeout_s, 0.0), self._fire)
        self._timer.daemon = True   # a pending timer must never keep the server process alive

    def _fire(self) -> None:
        self.fired = True
        try:
            self._cancel()
        except Exception:  # noqa: BLE001 - the statement may have just finished; nothing left to cancel
            pass

    def __enter__(self) -> Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()

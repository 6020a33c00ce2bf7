"""Run an engine call in a worker thread and stop waiting for it when the request's deadline passes.

A Python thread cannot be killed, so a call that overruns keeps running to its end (the sources' statement
timeouts bound that); its result is simply dropped. Callers store results only after `run_with_deadline` returns,
which is what keeps an abandoned answer from being half-stored.
"""
from __future__ import annotations

import logging
import threading
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Callable, Generic, TypeVar

from conversql.conversations.errors import DeadlineExceeded

log = logging.getLogger(__name__)
T = TypeVar("T")
S = TypeVar("S")


def run_with_deadline(fn: Callable[[], T], timeout_s: float) -> T:
    """`fn()` from a fresh daemon thread; DeadlineExceeded if it has not finished within `timeout_s`.

    >>> run_with_deadline(lambda: 6 * 7, timeout_s=1.0)
    42
    """
    future: Future[T] = Future()

    def work() -> None:
        if not future.set_running_or_notify_cancel():
            return
        try:
            future.set_result(fn())
        except BaseException as e:  # noqa: BLE001 - handed to the waiting thread, which re-raises it
            future.set_exception(e)

    # Daemon and unpooled: an overrunning call can neither hold up the process's exit nor starve later requests.
    threading.Thread(target=work, name="conversql-engine-call", daemon=True).start()
    try:
        return future.result(timeout=timeout_s)
    except FutureTimeout:
        raise DeadlineExceeded(timeout_s) from None


class StepRelay(Generic[S]):
    """Passes progress callbacks on until closed; after that (the request gave up) they are dropped.

    A failing listener (say, a client that went away) is logged and never breaks the engine's run.
    """

    def __init__(self, listener: Callable[[S], None] | None):
        self._listener = listener
        self._open = True
        self._lock = threading.Lock()

    def __call__(self, item: S) -> None:
        with self._lock:
            if not self._open or self._listener is None:
                return
            try:
                self._listener(item)
            except Exception:  # noqa: BLE001
                log.warning("a progress listener failed; dropping it", exc_info=True)
                self._open = False

    def close(self) -> None:
        with self._lock:
            self._open = False

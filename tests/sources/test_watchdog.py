"""The watchdog cancels a block that outlives its deadline, and only then."""
from __future__ import annotations

import threading

from conversql.sources.watchdog import Watchdog


def test_fires_after_the_deadline():
    cancelled = threading.Event()
    with Watchdog(0.05, cancelled.set) as dog:
        assert cancelled.wait(2)
    assert dog.fired


def test_does_not_fire_when_the_block_ends_in_time():
    cancelled = threading.Event()
    with Watchdog(5, cancelled.set) as dog:
        pass
    assert not dog.fired and not cancelled.wait(0.05)


def test_a_failing_cancel_is_swallowed():
    def cancel():
        raise RuntimeError("already finished")

    with Watchdog(0.01, cancel) as dog:
        threading.Event().wait(0.1)
    assert dog.fired

"""Engine calls under a deadline, and the relay that stops passing progress on once a request gave up."""
from __future__ import annotations

import threading
import time

import pytest

from conversql.conversations.deadline import StepRelay, run_with_deadline
from conversql.conversations.errors import DeadlineExceeded


def test_result_of_a_call_within_the_deadline():
    assert run_with_deadline(lambda: 6 * 7, timeout_s=1.0) == 42


def test_call_runs_in_another_thread():
    assert run_with_deadline(lambda: threading.current_thread().name, 1.0) != threading.current_thread().name


def test_exception_of_the_call_reaches_the_caller():
    def boom():
        raise KeyError("x")

    with pytest.raises(KeyError):
        run_with_deadline(boom, 1.0)


def test_overrunning_call_raises_deadline_exceeded_on_time():
    started = time.monotonic()
    with pytest.raises(DeadlineExceeded, match="longer than 0.2 s"):
        run_with_deadline(lambda: time.sleep(2), timeout_s=0.2)
    assert time.monotonic() - started < 1.0


def test_relay_passes_items_until_closed():
    got: list[int] = []
    relay = StepRelay(got.append)
    relay(1)
    relay.close()
    relay(2)
    assert got == [1]


def test_relay_swallows_a_failing_listener_and_stops_calling_it():
    calls: list[int] = []

    def listener(item: int) -> None:
        calls.append(item)
        raise RuntimeError("client went away")

    relay = StepRelay(listener)
    relay(1)
    relay(2)
    assert calls == [1]


def test_relay_without_listener_does_nothing():
    StepRelay(None)("anything")

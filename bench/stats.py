"""Summaries of timings and of the process's memory, shared by every benchmark."""
from __future__ import annotations

import resource
import statistics
import time
from collections.abc import Callable
from typing import Any


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile, so a p95 is always a time that was actually measured.

    >>> percentile([1.0, 2.0, 3.0, 4.0], 50)
    2.0
    """
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))          # ceil(n * q / 100), at least 1
    return ordered[int(rank) - 1]


def summarize(ms: list[float]) -> dict[str, float]:
    """p50, p95, max and count of a list of milliseconds.

    >>> summarize([1.0, 2.0, 10.0])["max"]
    10.0
    """
    return {"n": len(ms), "p50": round(percentile(ms, 50), 3), "p95": round(percentile(ms, 95), 3),
            "max": round(max(ms), 3) if ms else float("nan")}


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    """Call `fn` once; its value and the wall time in milliseconds."""
    start = time.perf_counter()
    value = fn()
    return value, (time.perf_counter() - start) * 1000


def peak_rss_mb() -> float:
    """The most resident memory this process has held so far (Linux reports ru_maxrss in KiB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def current_rss_mb(pid: int | str = "self") -> float | None:
    """Resident memory right now, from /proc (None where there is no /proc)."""
    return _proc_status_mb(pid, "VmRSS")


def process_peak_rss_mb(pid: int) -> float | None:
    """Peak resident memory of another, still running process (its VmHWM)."""
    return _proc_status_mb(pid, "VmHWM")


def _proc_status_mb(pid: int | str, key: str) -> float | None:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None

"""The demo databases the benchmarks read: built once into bench/.cache/ and reused while present.

The large one takes about a minute and several GB of memory to build, so it is built in a child process: the
benchmark's own peak RSS then measures ConverSQL, not the generator.
"""
from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

CACHE = Path(__file__).resolve().parent / ".cache"
BUILD_TIMEOUT_S = 1800

_BUILD = """
import sys
from datetime import date
from conversql.demo import build_demo
stats = build_demo(sys.argv[1], scale=float(sys.argv[2]), today=date.fromisoformat(sys.argv[3]))
print(stats.rows["order_details"])
"""


@dataclass
class DemoFile:
    path: Path
    scale: float
    built: bool                      # False when an existing file was reused (build_* then come from its record)
    build_s: float | None = None
    build_peak_rss_mb: float | None = None

    @property
    def size_mb(self) -> float:
        return round(self.path.stat().st_size / 2**20, 1)


def demo_path(scale: float, today: date) -> Path:
    """bench/.cache/demo-s150-2025-06-30.duckdb: the name says what is inside, so a reuse is always the same data."""
    return CACHE / f"demo-s{scale:g}-{today.isoformat()}.duckdb"


def ensure_demo_file(scale: float, today: date) -> DemoFile:
    """The demo at `scale`, built (in a child process) only if bench/.cache/ does not have it yet."""
    path = demo_path(scale, today)
    record = path.with_name(path.name + ".build.json")      # how the cached file was built, for the report
    if path.is_file():
        earlier = json.loads(record.read_text()) if record.is_file() else {}
        return DemoFile(path, scale, built=False, build_s=earlier.get("build_s"),
                        build_peak_rss_mb=earlier.get("build_peak_rss_mb"))
    CACHE.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _BUILD, str(path), str(scale), today.isoformat()],
                          capture_output=True, text=True, timeout=BUILD_TIMEOUT_S)
    if done.returncode != 0:
        raise RuntimeError(f"building the demo at scale {scale:g} failed:\n{done.stderr[-2000:]}")
    # RUSAGE_CHILDREN is the largest of the waited-for children: the build, as nothing else has been waited for
    # (the API server is started later).
    peak = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)
    demo = DemoFile(path, scale, built=True, build_s=round(time.perf_counter() - started, 2), build_peak_rss_mb=peak)
    record.write_text(json.dumps({"build_s": demo.build_s, "build_peak_rss_mb": demo.build_peak_rss_mb}))
    return demo

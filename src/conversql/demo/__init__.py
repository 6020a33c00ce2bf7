"""The demo retail database: a realistic, reproducible DuckDB file to try ConverSQL on.

`build_demo` writes it (deterministically from a seed, at any scale); `ensure_demo` builds it only if missing.
"""
from conversql.demo.build import DemoStats, build_demo, ensure_demo

__all__ = ["DemoStats", "build_demo", "ensure_demo"]

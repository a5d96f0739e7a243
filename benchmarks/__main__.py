"""Run every benchmark module in this folder and exit non-zero if any result disagrees.

A benchmark is a module ``benchmarks/<name>.py`` with a ``main() -> int`` function
(0 = results agree). Modules whose name starts with ``_`` and the pandas reference
implementation are helpers, not benchmarks. Slowness never fails the run; a wrong
result does.
"""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path

HELPERS = {"__init__", "__main__", "pandas_reference"}


def discover() -> list[str]:
    """Names of the benchmark modules, sorted."""
    here = Path(__file__).parent
    names = [
        p.stem for p in here.glob("*.py") if p.stem not in HELPERS and not p.stem.startswith("_")
    ]
    found = []
    for name in sorted(names):
        module = importlib.import_module(f"benchmarks.{name}")
        if callable(getattr(module, "main", None)):
            found.append(name)
    return found


def run() -> int:
    """Run all benchmarks; the exit status is 1 if any of them reported a disagreement."""
    status = 0
    names = discover()
    print(f"Benchmarks: {', '.join(names) or '(none found)'}")
    for name in names:
        module = importlib.import_module(f"benchmarks.{name}")
        print(f"\n=== {name} ===")
        started = time.perf_counter()
        try:
            code = int(module.main() or 0)
        except AssertionError as exc:
            print(f"RESULT DISAGREES: {exc}")
            code = 1
        print(
            f"--- {name}: {'ok' if code == 0 else 'FAILED'} ({time.perf_counter() - started:.1f} s)"
        )
        status = max(status, code)
    return status


if __name__ == "__main__":
    sys.exit(run())

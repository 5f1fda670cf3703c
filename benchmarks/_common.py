"""Timing helpers shared by the benchmark scripts (medians, never assertions)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_seconds(fn: Callable[[], object], *, repeat: int, number: int = 1) -> float:
    """Median over ``repeat`` runs of the time one call of ``fn`` takes (``number`` calls a run)."""
    fn()  # warm caches that a long-running process would have warm too
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        runs.append((time.perf_counter() - start) / number)
    return statistics.median(runs)


def row(label: str, value: str, target: str = "") -> None:
    """Print one result line."""
    print(f"{label:58} {value:>16}  {target}")

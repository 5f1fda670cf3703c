"""Timing helpers shared by the benchmark scripts (medians, never assertions)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Mapping


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


def interleaved(
    fns: Mapping[str, Callable[[], object]], *, rounds: int, number: int
) -> dict[str, tuple[float, float]]:
    """Per function: median seconds per call, and median ratio to the first function.

    Each round times ``number`` calls of each function in turn, so a change in the
    machine's load hits all alike, and each ratio is taken within a round.
    """
    for fn in fns.values():
        fn()
    runs: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(rounds):
        for name, fn in fns.items():
            start = time.perf_counter()
            for _ in range(number):
                fn()
            runs[name].append((time.perf_counter() - start) / number)
    base = runs[next(iter(fns))]
    return {
        name: (
            statistics.median(times),
            statistics.median(t / b for t, b in zip(times, base, strict=True)),
        )
        for name, times in runs.items()
    }


def row(label: str, value: str, target: str = "") -> None:
    """Print one result line."""
    print(f"{label:58} {value:>16}  {target}")

"""Cold load + validation of the bundled rubric.

Run: ``python benchmarks/bench_rubric_load.py``. Target (issue #2): median cold
load+validate of the bundled rubric at most 15 ms. "Cold" means nothing about
the rubric is cached: every run reads, parses, validates, checks and compiles
all files again (the engine and its plugin registries already exist, as in an
application that loads a rubric on demand). A second figure includes starting
a fresh Python process and importing zi_engine.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from _common import median_seconds, row

from zi_engine import Engine
from zi_engine.rubric._loading import load_rubric_with, resolve_rubric

NAME = "permenpan-rb-90-2021"


def main() -> None:
    engine = Engine()
    directory = resolve_rubric(engine, NAME)
    size = sum(p.stat().st_size for p in Path(directory).rglob("*.yaml"))
    files = len(list(directory.rglob("*.yaml")))
    print(f"bundled rubric: {size / 1024:.0f} KiB of YAML in {files} files")
    cold = median_seconds(lambda: load_rubric_with(engine, NAME), repeat=50)
    row("load + validate + compile (median)", f"{cold * 1000:.1f} ms", "target <= 15 ms")
    rubric = load_rubric_with(engine, NAME)
    print(f"  ({len(rubric.questions)} entries)")

    def fresh_process() -> None:
        subprocess.run(
            [sys.executable, "-c", f"import zi_engine; zi_engine.load_rubric({NAME!r})"],
            check=True,
        )

    process = median_seconds(fresh_process, repeat=5)
    row("new process: import + load (median)", f"{process * 1000:.0f} ms")
    empty = median_seconds(
        lambda: subprocess.run([sys.executable, "-c", "pass"], check=True), repeat=5
    )
    row("  of which Python start-up alone", f"{empty * 1000:.0f} ms")


if __name__ == "__main__":
    main()

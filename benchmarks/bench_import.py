"""Start-up cost: ``import zi_engine`` against ``import pydantic``, and the command line's start.

Run: ``python benchmarks/bench_import.py``. Target: ``import zi_engine`` takes at most 2x
``import pydantic``, both measured here in fresh processes, in the same run, taking turns
(so a busy machine slows both alike). The ``zi-engine`` rows are whole commands, interpreter
start included; ``python -c pass`` is the floor every process pays. Prints medians of the
time each import (or command) adds to an empty interpreter; asserts nothing.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _common import row

ROUNDS = 21
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "dinkes-banjarbaru-wbk.yaml"
CLI = str(Path(sys.executable).with_name("zi-engine"))  # the installed console script

COMMANDS: dict[str, list[str]] = {
    "empty": [sys.executable, "-c", "pass"],
    "pydantic": [sys.executable, "-c", "import pydantic"],
    "zi_engine": [sys.executable, "-c", "import zi_engine"],
    "--help": [CLI, "--help"],
    "rubric validate": [CLI, "rubric", "validate", "permenpan-rb-90-2021"],
    "score": [CLI, "score", str(EXAMPLE)],
}


def _once(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=_ENV)
    return time.perf_counter() - start


# bytecode cached as pip leaves it for an install (the warm-up writes it if it is missing)
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def main() -> None:
    for argv in COMMANDS.values():  # compile and cache every module once, as an install has
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=_ENV)
    runs: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(ROUNDS):  # taking turns: a busy moment slows every command alike
        for name, argv in COMMANDS.items():
            runs[name].append(_once(argv))
    median = {name: statistics.median(times) for name, times in runs.items()}
    floor = median["empty"]
    print(f"medians of {ROUNDS} fresh processes each; interpreter start {floor * 1000:.0f} ms")
    pydantic = median["pydantic"] - floor
    ours = median["zi_engine"] - floor
    row("import pydantic (over an empty interpreter)", f"{pydantic * 1000:.0f} ms")
    row("import zi_engine (over an empty interpreter)", f"{ours * 1000:.0f} ms")
    row("  ratio zi_engine / pydantic", f"{ours / pydantic:.2f}x", "target <= 2x")
    for name in ("--help", "rubric validate", "score"):
        row(f"zi-engine {name} (whole process)", f"{median[name] * 1000:.0f} ms")


if __name__ == "__main__":
    main()

"""Benchmark refusing a submission of 300,000 bad answers (4.9 MB) against refusing 10.

Run: ``python benchmarks/bench_many_answers.py`` (``--quick``: fewer rounds). Prints
medians in seconds and the ratio to the baseline measured in the same run – a
submission of 10 bad answers – and asserts nothing. The YAML loader refuses a list
or mapping past ``MAX_ENTRIES`` (50,000) entries as it reads, so the large file is
refused after a sixth of it is parsed (target: under 2 s). A million-value rubric
list (the hostile corpus's ``huge/rubric-million-values``) is timed too.
"""

from __future__ import annotations

import contextlib
import sys
import tempfile
from pathlib import Path

from _common import interleaved, row

import zi_engine

QUICK = "--quick" in sys.argv
HEAD = "unit: {id: U-1, name: Unit, agency: {id: A}}\nyear: 2026\nanswers:\n"
MANIFEST = """id: besar
version: "1"
title: Besar
regulation: {name: PermenPAN-RB 90/2021}
effective: {from: 2021-12-31}
total: 10
components: [{id: hasil, label: Hasil, weight: 10}]
areas: [hasil.yaml]
"""
AREA = """component: hasil
areas:
  - id: integrasi
    label: Integrasi
    weight: 10
    questions:
      - {id: q1, text: Terintegrasi?, answer: ya_tidak}
extra: [
"""


def _bad(path: Path, n: int) -> Path:
    path.write_text(HEAD + "".join(f'  q{i}: "bad"\n' for i in range(n)), encoding="utf-8")
    return path


def main() -> None:
    rubric = zi_engine.load_rubric("permenpan-rb-90-2021")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        small, large = _bad(root / "small.yaml", 10), _bad(root / "large.yaml", 300_000)
        big_rubric = root / "rubric"
        big_rubric.mkdir()
        (big_rubric / "rubric.yaml").write_text(MANIFEST, encoding="utf-8")
        (big_rubric / "hasil.yaml").write_text(AREA + "0," * 1_100_000 + "0]\n", "utf-8")

        def refuse(load: object, *args: object, **kwargs: object) -> object:
            with contextlib.suppress(zi_engine.ZiError):
                return load(*args, **kwargs)  # type: ignore[operator]
            return None

        results = interleaved(
            {
                "refuse 10 bad answers (baseline)": lambda: refuse(
                    zi_engine.load_submission, small, rubric=rubric
                ),
                f"refuse 300,000 bad answers ({large.stat().st_size / 1e6:.1f} MB)": lambda: refuse(
                    zi_engine.load_submission, large, rubric=rubric
                ),
                "refuse a rubric list of 1,100,000 values": lambda: refuse(
                    zi_engine.load_rubric, big_rubric
                ),
            },
            rounds=3 if QUICK else 7,
            number=1,
        )
    for label, (seconds, ratio) in results.items():
        row(label, f"{seconds:.3f} s  x{ratio:,.0f}", "target < 2 s")


if __name__ == "__main__":
    main()

"""LKE workbook speed: reading a filled workbook and writing one (127 questions).

Run: ``python benchmarks/bench_lke.py``. Targets (issue #14): read under 250 ms,
write under 500 ms. The baseline, measured in the same run, is loading the same
submission from its YAML file (and writing it as YAML), so the ratios say what
the workbook costs beside the format the library already reads. Prints medians;
asserts nothing.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from _common import median_seconds, row

import zi_engine

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def main() -> None:
    rubric = zi_engine.load_rubric("permenpan-rb-90-2021")
    path = EXAMPLES / "dinkes-banjarbaru-wbk.yaml"
    sub = zi_engine.load_submission(path, rubric=rubric)
    with tempfile.TemporaryDirectory() as folder:
        book = Path(folder) / "lke.xlsx"
        copy = Path(folder) / "copy.yaml"
        zi_engine.save_lke(sub, book, rubric=rubric)
        who = {"unit": sub.unit, "year": sub.year}
        size = book.stat().st_size
        print(f"submission: {path.name}, {len(sub.answers)} answers; workbook {size:,} bytes")

        yaml_read = median_seconds(lambda: zi_engine.load_submission(path, rubric=rubric), repeat=9)
        row("baseline: load + check the submission's YAML file", f"{yaml_read * 1000:.1f} ms")
        read = median_seconds(lambda: zi_engine.load_lke(book, rubric=rubric, **who), repeat=9)  # type: ignore[arg-type]
        row(
            "read the LKE workbook (127 questions, checked)",
            f"{read * 1000:.1f} ms",
            f"target < 250 ms; {read / yaml_read:.1f}x the YAML file",
        )
        yaml_write = median_seconds(lambda: zi_engine.save_submission(sub, copy), repeat=9)
        row("baseline: write the submission as YAML", f"{yaml_write * 1000:.1f} ms")
        write = median_seconds(lambda: zi_engine.save_lke(sub, book, rubric=rubric), repeat=9)
        row(
            "write the LKE workbook (texts, drop-downs, formulas)",
            f"{write * 1000:.1f} ms",
            f"target < 500 ms; {write / yaml_write:.1f}x the YAML file",
        )
        blank = median_seconds(lambda: zi_engine.save_lke_template(book, rubric=rubric), repeat=9)
        row("write the blank template", f"{blank * 1000:.1f} ms")


if __name__ == "__main__":
    main()

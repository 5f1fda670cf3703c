# ruff: noqa: B023  (each lambda is timed at once, inside its own loop round)
"""Benchmark the hostile-input paths: error reporting, ``plan`` on huge rubrics, 5 MB refusals.

Run: ``python benchmarks/bench_hostile.py``. Prints medians in seconds and ratios
against a baseline measured in the same run; asserts nothing (speed is measured
here, never in the tests). Everything is generated in a temporary directory.

- Error reporting: a submission with N bad answers and a portal file with N
  unknown ``soal_id`` s, refused with every problem located. The baseline is the
  old way of locating them, one parse of the file per problem (``locate`` N times).
- ``plan``: a rubric of N questions, every answer at its worst. The baseline is
  evaluating that submission once (``plan`` re-evaluates once, so a linear plan
  stays a small multiple of it).
- 5 MB inputs: the time to refuse each (target: under 2 s), against reading a
  valid 5 MB document with the safe YAML loader.
"""

from __future__ import annotations

import contextlib
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from _common import median_seconds, row

import zi_engine
from zi_engine import safeio
from zi_engine.planning._plan import plan

BUNDLED = zi_engine.load_rubric("permenpan-rb-90-2021")
QUICK = "--quick" in sys.argv


def _once(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    with contextlib.suppress(zi_engine.ZiError):
        fn()
    return time.perf_counter() - start


def _refusal(fn: Callable[[], object]) -> Callable[[], object]:
    def run() -> object:
        try:
            fn()
        except zi_engine.ZiError as exc:
            return exc
        raise AssertionError("the input was accepted")

    return run


def _bad_submission(n: int, directory: Path) -> Path:
    """N answers that are lists (not answers): N located problems."""
    lines = ["unit: {id: U-1, name: Unit, agency: {id: A}}", "year: 2026", "answers:"]
    lines += [f"  q{i:05d}: [1]" for i in range(n)]
    path = directory / f"bad-{n}.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _unknown_portal(n: int, directory: Path) -> Path:
    answers = [{"soal_id": 100_000 + i, "jawaban_unit": "A"} for i in range(n)]
    doc = {"unit_id": "U-1", "nama_unit": "Unit", "tahun": 2026, "answers": answers}
    path = directory / f"portal-{n}.json"
    path.write_text(json.dumps(doc, indent=1), encoding="utf-8")
    return path


def _old_locate(path: Path, paths: list[tuple[str | int, ...]]) -> None:
    raw = path.read_bytes()
    for p in paths:
        safeio.locate(raw, p)


def error_reporting(directory: Path) -> None:
    print("Error reporting (N problems, each located at file:line:col)")
    for n in (100, 400, 1000):  # (the one-parse-per-problem baseline is quadratic)
        sub = _bad_submission(n, directory)
        new = median_seconds(_refusal(lambda: zi_engine.load_submission(sub)), repeat=3)
        paths = [("answers", f"q{i:05d}") for i in range(n)]
        old = median_seconds(lambda: _old_locate(sub, paths), repeat=1)
        row(f"submission, {n} bad answers ({sub.stat().st_size // 1024} KB)", f"{new:.3f} s",
            f"one parse per problem: {old:.2f} s ({old / new:.0f}x)")  # fmt: skip
        portal = _unknown_portal(n, directory)
        load = _refusal(lambda: zi_engine.from_portalrb(portal, rubric=BUNDLED))
        new = median_seconds(load, repeat=3)
        paths = [("answers", i, "soal_id") for i in range(n)]
        old = median_seconds(lambda: _old_locate(portal, paths), repeat=1)
        row(f"portal, {n} unknown soal_ids ({portal.stat().st_size // 1024} KB)", f"{new:.3f} s",
            f"one parse per problem: {old:.2f} s ({old / new:.0f}x)")  # fmt: skip


MANIFEST = """id: besar
version: "1"
title: Besar
regulation: {{name: PermenPAN-RB 90/2021}}
effective: {{from: 2021-12-31}}
total: 100
components: [{{id: hasil, label: Hasil, weight: 100}}]
areas: [hasil.yaml]
predicates:
  - id: WBK
    label: WBK
    criteria:
      - {{id: total, label: Total, kind: score_min, node: total, min: 75}}
"""


def _big_rubric(n: int, directory: Path) -> zi_engine.Rubric:
    folder = directory / f"rubric-{n}"
    folder.mkdir()
    (folder / "rubric.yaml").write_text(MANIFEST.format(), encoding="utf-8")
    per = 50  # questions per sub-area
    subs = []
    for s in range(0, n, per):
        qs = "\n".join(
            f"          - {{id: q{i:05d}, text: Soal {i}, answer: abc}}"
            for i in range(s, min(n, s + per))
        )
        subs.append(
            f"      - id: s{s // per:04d}\n        label: Bagian {s // per}\n"
            f"        weight: 1\n        questions:\n{qs}"
        )
    weight = len(subs)
    area = (
        "component: hasil\nareas:\n  - id: semua\n    label: Semua\n"
        "    weight: 100\n    sub_areas:\n" + "\n".join(subs) + "\n"
    )
    area = area.replace("        weight: 1\n", f"        weight: {100 / weight}\n")
    (folder / "hasil.yaml").write_text(area, encoding="utf-8")
    return zi_engine.load_rubric(folder)


def planning(directory: Path) -> None:
    print("plan on a rubric of N questions, every answer at its worst (C)")
    for n in (1000, 2000, 3000, 10_000) if not QUICK else (1000, 3000):
        rubric = _big_rubric(n, directory)
        sub = zi_engine.Submission.from_dict(
            {
                "unit": {"id": "U-1", "name": "Unit", "agency": {"id": "A"}},
                "year": 2026,
                "answers": {f"q{i:05d}": "C" for i in range(n)},
            }
        )
        ev = zi_engine.evaluate(rubric, sub)
        base = median_seconds(
            lambda: zi_engine.evaluate(rubric, sub).eligibility["WBK"].outcome,
            repeat=3,
        )
        t = median_seconds(lambda: plan(ev, "WBK"), repeat=1)
        steps = len(plan(ev, "WBK").steps)
        row(f"plan, {n} questions ({steps} steps)", f"{t:.3f} s",
            f"evaluate once: {base:.3f} s ({t / base:.1f}x)")  # fmt: skip


def five_megabytes(directory: Path) -> None:
    print("Refusing 5 MB inputs (target: under 2 s each)")
    big = 5 * 1024 * 1024 - 4096
    unit = "unit: {id: U-1, name: Unit, agency: {id: A}}\nyear: 2026\n"
    cases: dict[str, tuple[str, str]] = {}
    lines = [f"  q{i:06d}: [1]" for i in range(big // 16)]
    cases["submission, ~300,000 bad answers"] = ("s.yaml", unit + "answers:\n" + "\n".join(lines))
    qids = list(BUNDLED.layout.parsers)
    bad = [
        f"  {qids[i % len(qids)]}{'' if i < len(qids) else f'_{i}'}: Z" for i in range(big // 30)
    ]
    cases["submission, answers 'Z' (bad and unknown)"] = (
        "z.yaml",
        unit + "answers:\n" + "\n".join(bad),
    )
    answers = ",".join(
        f'{{"soal_id": {100_000 + i}, "jawaban_unit": "A"}}' for i in range(big // 40)
    )
    cases["portal, ~130,000 unknown soal_ids"] = (
        "p.json",
        '{"unit_id": "U-1", "nama_unit": "U", "tahun": 2026, "answers": [' + answers + "]}",
    )
    cases["submission, one 5 MB count"] = (
        "c.yaml",
        unit + "answers:\n  pw.r.lhkpn.a_kepala_satker: " + "9" * (big - 200) + "\n",
    )
    valid = directory / "valid.yaml"
    # 40,000 items of about 130 bytes: 5 MB, under safeio's 50,000 entries in one list
    count = 40_000
    pad = "y" * (big // count - 16)
    valid.write_text("items:\n" + "\n".join(f"  - x{i:06d}{pad}" for i in range(count)), "utf-8")
    base = median_seconds(lambda: safeio.load_yaml_file(valid), repeat=1)
    row("baseline: reading a valid 5 MB YAML list", f"{base:.3f} s")
    for label, (name, text) in cases.items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        if name.startswith("p"):
            fn = _refusal(lambda: zi_engine.from_portalrb(path, rubric=BUNDLED))
        else:
            fn = _refusal(lambda: zi_engine.load_submission(path, rubric=BUNDLED))
        t = _once(fn)
        row(f"{label} ({path.stat().st_size / 2**20:.1f} MB)", f"{t:.3f} s",
            f"{t / base:.1f}x the baseline")  # fmt: skip


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        error_reporting(directory)
        planning(directory)
        five_megabytes(directory)


if __name__ == "__main__":
    main()

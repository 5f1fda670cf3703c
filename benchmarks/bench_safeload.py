"""Benchmark zi_engine.safeio: the success path and the cost of refusing hostile input.

Run: ``python benchmarks/bench_safeload.py``. Prints medians in milliseconds; asserts
nothing (speed is measured here, never in the tests). Everything is generated in
memory, except the files for the file-loading rows, which go to a temp directory.
"""

from __future__ import annotations

import contextlib
import json
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from zi_engine import safeio as _safeload
from zi_engine._errors import ZiError
from zi_engine.safeio import load_json, load_yaml, load_yaml_file

WORDS = [
    "unit",
    "kerja",
    "telah",
    "menetapkan",
    "tim",
    "pembangunan",
    "zona",
    "integritas",
    "melalui",
    "surat",
    "keputusan",
    "pimpinan",
    "yang",
    "memuat",
    "uraian",
    "tugas",
    "dan",
    "tanggung",
    "jawab",
    "anggota",
    "secara",
    "jelas",
    "serta",
    "melaksanakan",
    "monitoring",
    "evaluasi",
    "berkala",
    "terhadap",
    "rencana",
    "aksi",
    "pencegahan",
    "korupsi",
    "peningkatan",
    "kualitas",
    "pelayanan",
    "publik",
    "penguatan",
    "akuntabilitas",
    "kinerja",
    "pengawasan",
]


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def rubric_text(target_bytes: int = 45_000, seed: int = 1) -> str:
    """A rubric-like YAML document: areas > indicators > questions with long texts."""
    rng = random.Random(seed)
    out = [
        "schema_version: 1",
        "id: lke-zi-2021",
        "title: Lembar Kerja Evaluasi Zona Integritas",
        "regulation: PermenPAN-RB 90/2021",
        "effective_from: 2022-01-01",
        "areas:",
    ]
    area = 0
    while sum(len(line) + 1 for line in out) < target_bytes:
        area += 1
        out += [
            f"  - id: area-{area}",
            f"    name: '{_sentence(rng, 5)}'",
            f"    weight: {rng.randint(5, 20)}.5",
            "    indicators:",
        ]
        for i in range(3):
            out += [
                f"      - id: a{area}.i{i}",
                f"        name: {_sentence(rng, 6)}",
                "        questions:",
            ]
            for q in range(3):
                out += [
                    f"          - id: a{area}.i{i}.q{q}",
                    "            text: >-",
                    f"              {_sentence(rng, 25)}",
                    f"              {_sentence(rng, 20)}",
                    "            answer: choice",
                    "            required: true",
                    "            options:",
                ]
                out += [
                    f"              - {{label: {label}, value: {value}, "
                    f'text: "{_sentence(rng, 8)}"}}'
                    for label, value in zip("abc", (1, 0.5, 0), strict=True)
                ]
                out += [
                    "            evidence:",
                    f"              - {_sentence(rng, 6)}",
                    f"              - {_sentence(rng, 4)}",
                    "            note: null",
                ]
    return "\n".join(out) + "\n"


def median_ms(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        with contextlib.suppress(ZiError):  # timing a refusal is the point
            action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def refused(action: Callable[[], object]) -> str:
    try:
        action()
    except ZiError as exc:
        return str(exc)[:90]
    return "NOT REFUSED"


def report(label: str, action: Callable[[], object], runs: int, show: bool = False) -> None:
    note = f"  <- {refused(action)}" if show else ""
    print(f"{label:<52} {median_ms(action, runs):9.3f} ms{note}")


def main() -> None:
    text = rubric_text()
    data = text.encode()
    json_text = json.dumps(load_yaml(data, filename="r.yaml"), ensure_ascii=False, indent=2)
    c_loader = getattr(yaml, "CSafeLoader", None)
    print(
        f"libyaml: {yaml.__with_libyaml__}; rubric {len(data):,} bytes; "
        f"JSON {len(json_text):,} bytes"
    )

    print("\n-- success path (median)")
    if c_loader is not None:
        _safeload._yaml._LOADER = c_loader
        report("load_yaml, libyaml events (C)", lambda: load_yaml(data, filename="r"), 200)
        report(
            "  reference: yaml.load(CSafeLoader), unchecked",
            lambda: yaml.load(data, Loader=c_loader),
            200,
        )
    _safeload._yaml._LOADER = yaml.SafeLoader
    report("load_yaml, pure-Python parser", lambda: load_yaml(data, filename="r"), 200)
    if c_loader is not None:
        _safeload._yaml._LOADER = c_loader
    report("load_json (45 KB-ish)", lambda: load_json(json_text, filename="s"), 200)
    report("  reference: json.loads, unchecked", lambda: json.loads(json_text), 200)

    laughs = "lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"lol{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" for i in range(1, 10)
    )
    deep_flow = "[" * 10_000 + "]" * 10_000
    deep_map = "{a: " * 10_000 + "1" + "}" * 10_000
    deep_block = "- " * 10_000 + "x\n"
    four_mb_deep = "[" * (4 * 1024 * 1024)
    big = rubric_text(4 * 1024 * 1024 - 1000)
    dup_at_end = big + "title: again\n"  # a full 4 MB parse before the refusal
    big_json = json.dumps([json.loads(json_text)] * 60)
    dup_json = big_json[:-1] + ', {"a": 1, "a": 2}]'

    hostile: list[tuple[str, Callable[[], object], int]] = [
        ("alias bomb (billion laughs, 9 x 9)", lambda: load_yaml(laughs, filename="b"), 200),
        ("10,000-deep flow sequence", lambda: load_yaml(deep_flow, filename="b"), 200),
        ("10,000-deep flow mapping", lambda: load_yaml(deep_map, filename="b"), 200),
        (
            "10,000-deep block sequence ('- - - ...')",
            lambda: load_yaml(deep_block, filename="b"),
            200,
        ),
        ("4 MB of '[' (YAML)", lambda: load_yaml(four_mb_deep, filename="b"), 20),
        (
            f"{len(dup_at_end) / 2**20:.1f} MB rubric, duplicate key at the end",
            lambda: load_yaml(dup_at_end, filename="b"),
            5,
        ),
        ("10,000-deep JSON array", lambda: load_json(deep_flow, filename="b"), 200),
        ("4 MB of '[' (JSON)", lambda: load_json(four_mb_deep, filename="b"), 20),
        (
            f"{len(dup_json) / 2**20:.1f} MB JSON, duplicate key at the end",
            lambda: load_json(dup_json, filename="b"),
            5,
        ),
    ]
    for name in ([c_loader] if c_loader else []) + [yaml.SafeLoader]:
        _safeload._yaml._LOADER = name
        print(f"\n-- refusing hostile input, {name.__name__} (median)")
        for label, action, runs in hostile:
            report(label, action, runs if name is c_loader else max(3, runs // 20), show=True)

    with tempfile.TemporaryDirectory() as tmp:
        sparse = Path(tmp) / "sixty.yaml"
        with open(sparse, "wb") as handle:
            handle.truncate(60 * 1024 * 1024)
        four = Path(tmp) / "four.yaml"
        four.write_text(big, encoding="utf-8")
        print("\n-- files (median)")
        report("60 MB sparse file (refused by stat)", lambda: load_yaml_file(sparse), 200, True)
        report(
            "4 MB file, 1 MB limit (refused by stat)",
            lambda: load_yaml_file(four, max_bytes=2**20),
            200,
            True,
        )
        if c_loader is not None:
            _safeload._yaml._LOADER = c_loader
        report("4 MB valid rubric file, loaded (C)", lambda: load_yaml_file(four), 5)


if __name__ == "__main__":
    main()

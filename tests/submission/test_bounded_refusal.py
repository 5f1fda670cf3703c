"""A huge submission is refused in bounded time: validation stops after a cap.

A 4.7 MB file of 300,000 bad answers took half a minute to refuse, each
answer validated and each problem located. Now more answers than any rubric
has questions are refused at once, a large answers mapping is validated a
slice at a time until ``MAX_PROBLEMS`` problems are found, and locating stops
reading the file once every problem is placed. (Speed itself is measured in
``benchmarks/bench_hostile.py``.)
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import zi_engine
from zi_engine import SubmissionError
from zi_engine.safeio import _locate
from zi_engine.safeio._common import _OPEN, _SCALAR
from zi_engine.submission._bounded import MAX_ANSWERS, MAX_PROBLEMS, SLICE

UNIT = "unit: {id: U-1, name: Unit, agency: {id: A}}\nyear: 2026\nanswers:\n"


def _file(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "s.yaml"
    path.write_text(UNIT + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def _problems(path: Path) -> list[Any]:
    with pytest.raises(SubmissionError) as raised:
        zi_engine.load_submission(path)
    return list(raised.value.problems)


def test_more_answers_than_any_rubric_has_questions_are_refused_at_once(tmp_path: Path) -> None:
    path = _file(tmp_path, [f"  q{i:06d}: Ya" for i in range(MAX_ANSWERS + 1)])
    (only,) = _problems(path)
    assert f"has {MAX_ANSWERS + 1:,} answers; a submission holds at most" in only.message
    assert (only.file, only.path, only.line) == (str(path), "answers", 4)


def test_validation_stops_after_the_cap_and_says_so(tmp_path: Path) -> None:
    n = MAX_PROBLEMS + SLICE + 1
    problems = _problems(_file(tmp_path, [f"  q{i:06d}: [1]" for i in range(n)]))
    assert len(problems) == MAX_PROBLEMS + 1
    assert (problems[0].line, problems[0].path) == (4, "answers.q000000")
    assert problems[-1].message == (
        f"validation stopped after {MAX_PROBLEMS:,} problems in the first {MAX_PROBLEMS:,} "
        f"of {n:,} answers; fix these and load the file again"
    )


def test_a_few_bad_answers_among_many_are_each_located_as_before(tmp_path: Path) -> None:
    bad = {7, SLICE + 3, 2 * SLICE + 1}
    lines = [f"  q{i:06d}: {'[1]' if i in bad else 'Ya'}" for i in range(2 * SLICE + 5)]
    problems = _problems(_file(tmp_path, lines))
    assert [(p.path, p.line) for p in problems] == [
        (f"answers.q{i:06d}", i + 4) for i in sorted(bad)
    ]


def test_a_bad_field_beside_many_answers_is_reported_once(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    lines = [f"  q{i:06d}: [1]" for i in range(3 * SLICE)]
    path.write_text(UNIT.replace("year: 2026", "year: dua ribu") + "\n".join(lines), "utf-8")
    problems = _problems(path)
    assert sum(p.path == "year" for p in problems) == 1


def test_locating_stops_reading_once_every_path_is_found() -> None:
    def nodes() -> Iterator[tuple[int, Any, Any, str]]:
        yield _OPEN, None, (1, 1), ""
        yield _SCALAR, "answers", (2, 1), ""
        raise AssertionError("read past the last path")

    assert _locate._find_all(nodes(), [("answers",)]) == [(2, 1)]

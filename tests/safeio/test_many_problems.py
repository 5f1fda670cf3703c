"""A file with many problems is read once to locate them all, and the message is capped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import zi_engine
from zi_engine import Rubric
from zi_engine._errors import MAX_SHOWN, Problem, SubmissionError
from zi_engine.cli import main
from zi_engine.safeio import _locate, locate, locate_all


def _count_walks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    walks = [0]
    for name in ("_yaml_nodes", "_json_nodes"):
        real = getattr(_locate, name)

        def counted(text: str, real=real):  # type: ignore[no-untyped-def]
            walks[0] += 1
            return real(text)

        monkeypatch.setattr(_locate, name, counted)
    return walks


def _bad_submission(tmp_path: Path, n: int) -> Path:
    lines = ["unit: {id: U-1, name: Unit, agency: {id: A}}", "year: 2026", "answers:"]
    lines += [f"  q{i:04d}: [1]" for i in range(n)]
    path = tmp_path / "bad.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_locate_all_agrees_with_locate_path_by_path() -> None:
    text = "a:\n  b: [1, {c: 2}]\n  d: x\ne: {f: 3}\n"
    paths = [("a", "b", 1, "c"), ("a", "d"), ("e", "f"), ("a", "zz"), ("e", "f", "g"), ()]
    assert locate_all(text, paths) == [locate(text, p) for p in paths]
    assert locate_all(text, paths) == [(2, 14), (3, 6), (4, 8), (2, 3), (4, 8), (1, 1)]
    as_json = json.dumps({"a": {"b": [1, {"c": 2}], "d": "x"}, "e": {"f": 3}}, indent=1)
    assert locate_all(as_json, paths) == [locate(as_json, p) for p in paths]
    assert locate_all(as_json, paths)[1] == (9, 8)  # "d": "x"


def test_a_thousand_bad_answers_are_located_in_one_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _bad_submission(tmp_path, 1000)
    walks = _count_walks(monkeypatch)
    with pytest.raises(SubmissionError) as caught:
        zi_engine.load_submission(path)
    problems = caught.value.problems
    assert len(problems) == 1000
    assert problems[999].line == 1003  # every one still has its own line
    assert walks[0] == 1  # (it was one parse of the file per problem)


def test_a_thousand_unknown_soal_ids_are_located_in_one_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rubric: Rubric
) -> None:
    answers = [{"soal_id": 90_000 + i, "jawaban_unit": "A"} for i in range(1000)]
    doc = {"unit_id": "U-1", "nama_unit": "U", "tahun": 2026, "answers": answers}
    path = tmp_path / "p.json"
    path.write_text(json.dumps(doc, indent=1), encoding="utf-8")
    walks = _count_walks(monkeypatch)
    with pytest.raises(SubmissionError) as caught:
        zi_engine.from_portalrb(path, rubric=rubric)
    assert len(caught.value.problems) == 1000
    assert caught.value.problems[1].line is not None
    assert walks[0] == 1


def test_bad_answer_values_are_located_in_one_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rubric: Rubric
) -> None:
    qids = [q.id for q in rubric.questions.values() if q.answer == "abc"]
    lines = ["unit: {id: U-1, name: Unit, agency: {id: A}}", "year: 2026", "answers:"]
    lines += [f"  {qid}: {{unit: Z, tpi: Z, tpn: Z}}" for qid in qids]
    path = tmp_path / "z.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    walks = _count_walks(monkeypatch)
    with pytest.raises(SubmissionError) as caught:
        zi_engine.load_submission(path, rubric=rubric)
    assert len(caught.value.problems) == 3 * len(qids)
    assert walks[0] == 1


def test_the_message_shows_the_first_hundred_then_a_count() -> None:
    error = SubmissionError([Problem(f"problem {i}", file="f") for i in range(250)])
    lines = str(error).splitlines()
    assert len(lines) == MAX_SHOWN + 1
    assert lines[-1] == "... and 150 more problems (250 in all)"
    assert len(error.problems) == 250  # a caller still gets every one


def test_the_cli_prints_the_first_hundred_then_a_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _bad_submission(tmp_path, 300)
    assert main(["score", str(path)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == MAX_SHOWN + 2
    assert err[-2] == "... and 200 more problems (300 in all)"
    assert err[-1] == "zi-engine: 300 problems"

"""Submission files: reading (answer problems located in the file), building in code,
saving, and the sources a file can come from."""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import zi_engine
from tests.support import EXAMPLES_DIR
from zi_engine import (
    AgencyInfo,
    AnswerEntry,
    Facts,
    LayeredAnswer,
    Rubric,
    Submission,
    SubmissionError,
    UnitInfo,
)
from zi_engine import testing as zt
from zi_engine.scoring import answer_problems
from zi_engine.scoring._check import MAX_UNKNOWN_LISTED

EXAMPLES = sorted(EXAMPLES_DIR.glob("*.yaml"))
HEAD = "unit: {id: U-1, name: Unit, agency: {id: A-1}}\nyear: 2026\n"


def _write(tmp_path: Path, text: str, name: str = "s.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _refused(path: Path | str, **kw: Any) -> list[str]:
    with pytest.raises(SubmissionError) as info:
        zi_engine.load_submission(path, **kw)
    return [str(p) for p in info.value.problems]


# ------------------------------------------------------------------ answers located


def test_answer_problems_are_located_in_the_file_when_the_rubric_is_given(
    tmp_path: Path, rubric: Rubric
) -> None:
    path = _write(
        tmp_path,
        HEAD
        + "answers:\n"
        + "  mp.p.tim_kerja.a: Mungkin\n"  # line 4
        + "  mp.p.rencana.a:\n"
        + "    unit: {value: Z}\n"  # line 6: under a TPI answer
        + "    tpi: Ya\n"
        + "  pw.r.lhkpn.a_kepala_satker: -3\n"  # line 8
        + "  pw.r.tidak_ada: Ya\n",  # line 9
    )
    lines = _refused(path, rubric=rubric)
    assert lines == [
        f"{path}:4:21: answers.mp.p.tim_kerja.a.unit: question mp.p.tim_kerja.a (soal_id 1), "
        "unit answer: 'Mungkin' is not an option; expected one of Ya, Tidak",
        f"{path}:6:19: answers.mp.p.rencana.a.unit: question mp.p.rencana.a (soal_id 3), "
        "unit answer: 'Z' is not an option; expected one of Ya, Tidak",
        f"{path}:8:31: answers.pw.r.lhkpn.a_kepala_satker.unit: question "
        "pw.r.lhkpn.a_kepala_satker (soal_id 113), unit answer: a count cannot be negative, "
        "got -3",
        f"{path}:9:19: answers.pw.r.tidak_ada: no question 'pw.r.tidak_ada' in rubric "
        "permenpan-rb-90-2021",
    ]
    # without a rubric the file is only read: the same problems surface at evaluate()
    sub = zi_engine.load_submission(path)
    with pytest.raises(SubmissionError) as info:
        zi_engine.evaluate(rubric, sub)
    assert [p.message for p in info.value.problems] == [line.split(": ", 2)[2] for line in lines]


def test_a_json_file_is_located_too(tmp_path: Path, rubric: Rubric) -> None:
    data = {
        "unit": {"id": "U", "name": "U", "agency": {"id": "A"}},
        "year": 2026,
        "answers": {"mp.p.tim_kerja.b": {"unit": "Z", "tpi": "A"}},
    }
    path = _write(tmp_path, json.dumps(data, indent=2), "s.json")
    (line,) = _refused(path, rubric=rubric)
    assert line.startswith(f"{path}:12:15: answers.mp.p.tim_kerja.b.unit: ")


def test_answers_for_another_rubric_are_one_line_then_a_capped_list(
    tmp_path: Path, rubric: Rubric
) -> None:
    mini = zi_engine.load_rubric(Path(__file__).parents[1] / "rubric" / "mini")
    path = EXAMPLES_DIR / "dinkes-banjarbaru-wbk.yaml"
    lines = _refused(path, rubric=mini)
    assert len(lines) == 1 + MAX_UNKNOWN_LISTED
    assert re.match(
        rf"{re.escape(str(path))}:\d+:\d+: answers: none of the 127 answers is to a question "
        r"of rubric mini 1\.0 \(e\.g\. 'mp\.p\.tim_kerja\.a'\): these answers do not belong "
        r"to this rubric; the first 10 are listed$",
        lines[0],
    ), lines[0]
    assert all("no question" in line and line.startswith(f"{path}:") for line in lines[1:])


def test_a_few_unknown_questions_among_many_are_counted(rubric: Rubric) -> None:
    sub = zi_engine.load_submission(EXAMPLES_DIR / "dinkes-banjarbaru-wbk.yaml")
    extra = {f"x.q{i}": "Ya" for i in range(MAX_UNKNOWN_LISTED + 2)}
    odd = sub.with_answers(extra)
    problems = answer_problems(rubric, odd)
    assert problems[0].message.startswith(
        "12 of the 139 answers are to questions rubric permenpan-rb-90-2021 2021.1 does not "
        "have (e.g. 'x.q0'); the first 10 are listed"
    )
    assert len(problems) == 1 + MAX_UNKNOWN_LISTED
    # a handful is listed one by one, as before
    few = sub.with_answers({"x.q0": "Ya", "x.q1": "Ya"})
    assert [p.path for p in answer_problems(rubric, few)] == ["answers.x.q0", "answers.x.q1"]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_the_examples_have_no_answer_problems(path: Path, rubric: Rubric) -> None:
    assert zi_engine.load_submission(path, rubric=rubric) == zi_engine.load_submission(path)


# ------------------------------------------------------------------ sources


def test_a_folder_a_device_and_a_fifo_are_named_for_what_they_are(tmp_path: Path) -> None:
    assert _refused(tmp_path) == [f"{tmp_path}: this is a folder, not a file"]
    assert _refused(tmp_path / "nope.yaml") == [f"{tmp_path / 'nope.yaml'}: no such file"]
    if Path("/dev/null").exists():
        assert _refused("/dev/null") == [
            "/dev/null: this is a device (such as /dev/null), not a file"
        ]
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.yaml")  # refused by stat(), never opened: no hang
        assert _refused(tmp_path / "pipe.yaml") == [
            f"{tmp_path / 'pipe.yaml'}: this is a named pipe (FIFO), not a file"
        ]


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))


@pytest.mark.parametrize("name", ["dinkes-banjarbaru-wbk.yaml", "kpp-banjarbaru-wbbm.yaml"])
def test_dash_reads_standard_input_as_yaml_or_json(
    monkeypatch: pytest.MonkeyPatch, name: str, rubric: Rubric
) -> None:
    sub = zi_engine.load_submission(EXAMPLES_DIR / name)
    _stdin(monkeypatch, (EXAMPLES_DIR / name).read_bytes())
    assert zi_engine.load_submission("-", rubric=rubric) == sub
    _stdin(monkeypatch, json.dumps(sub.to_dict()).encode())
    assert zi_engine.load_submission("-") == sub


def test_problems_on_standard_input_name_it(
    monkeypatch: pytest.MonkeyPatch, rubric: Rubric
) -> None:
    _stdin(monkeypatch, (HEAD + "answers: {mp.p.tim_kerja.a: Z}\n").encode())
    (line,) = _refused("-", rubric=rubric)
    assert line.startswith("<stdin>:3:29: answers.mp.p.tim_kerja.a.unit: ")


# ------------------------------------------------------------------ building in code


@pytest.mark.parametrize(
    "build",
    [
        lambda: UnitInfo(id="U", name="U", agency={"id": 7}),  # type: ignore[arg-type]
        lambda: AgencyInfo(id="A", type="provincial"),  # type: ignore[arg-type]
        lambda: AnswerEntry(value=True),
        lambda: LayeredAnswer(unit={"value": "A", "note": "x"}),  # type: ignore[arg-type]
        lambda: Facts(unit={"tlhp_percent": 120}),  # type: ignore[arg-type]
        lambda: Submission(unit={"id": "U"}, year=1999),  # type: ignore[arg-type]
        lambda: Submission.model_validate({"unit": None, "year": "2026x"}),
        lambda: Submission.model_validate_json('{"unit": {"id": "U"}, "year": 3000}'),
    ],
)
def test_building_a_submission_in_code_raises_submission_error(build: Any) -> None:
    with pytest.raises(SubmissionError) as info:
        build()
    text = str(info.value)
    assert "pydantic" not in text
    assert "errors.pydantic.dev" not in text
    assert all(p.file and p.file.startswith("<") for p in info.value.problems)


def test_every_field_of_a_submission_built_in_code_is_named() -> None:
    with pytest.raises(SubmissionError) as info:
        Submission(
            unit=UnitInfo(id="U", name="U", agency=AgencyInfo(id="A")),
            year=1999,
            target="wbk",
            answers={"q": {"unit": {"value": [1]}}},  # type: ignore[dict-item]
        )
    assert [p.path for p in info.value.problems] == ["year", "target", "answers.q.unit.value"]
    assert str(info.value.problems[0]).startswith("<Submission>: year: input should be greater")


def test_an_error_inside_a_nested_model_is_its_parents_problem() -> None:
    with pytest.raises(SubmissionError) as info:
        Submission.model_validate(
            {"unit": {"id": "U", "name": "U", "agency": {}}, "year": 2026, "facts": {"x": 1}}
        )
    assert [p.path for p in info.value.problems] == ["unit.agency.id", "facts.x"]


def test_a_number_where_text_belongs_is_quoted_as_given() -> None:
    with pytest.raises(SubmissionError, match=r'got the number 1\.5; write it in quotes: "1\.5"'):
        AgencyInfo(id=1.5)  # type: ignore[arg-type]


# ------------------------------------------------------------------ saving


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
@pytest.mark.parametrize("suffix", [".yaml", ".yml", ".json"])
def test_saving_round_trips_exactly(path: Path, suffix: str, tmp_path: Path) -> None:
    sub = zi_engine.load_submission(path)
    saved = zi_engine.save_submission(sub, tmp_path / f"again{suffix}")
    assert saved == tmp_path / f"again{suffix}"
    assert zi_engine.load_submission(saved) == sub
    assert Submission.from_dict(sub.to_dict()) == sub
    if suffix == ".json":
        assert json.loads(saved.read_text(encoding="utf-8")) == sub.to_dict()


def test_to_dict_is_the_file_form() -> None:
    sub = Submission(
        unit=UnitInfo(id="U", name="Unit", agency=AgencyInfo(id="A")),
        year=2026,
        answers={
            "a": LayeredAnswer(unit=AnswerEntry(value="Ya")),
            "b": LayeredAnswer(unit=AnswerEntry(value="C"), tpi=AnswerEntry(value="B")),
            "c": LayeredAnswer(unit=AnswerEntry(notes="belum")),
            "d": LayeredAnswer(),
            "e": LayeredAnswer(unit=AnswerEntry()),
        },
    )
    assert sub.to_dict() == {
        "unit": {"id": "U", "name": "Unit", "agency": {"id": "A"}},
        "year": 2026,
        "target": "WBK",
        "answers": {
            "a": "Ya",
            "b": {"unit": {"value": "C"}, "tpi": {"value": "B"}},
            "c": {"unit": {"notes": "belum"}},
            "d": {},
            "e": {"unit": {}},
        },
    }
    assert Submission.from_dict(sub.to_dict()) == sub


def test_saving_needs_a_known_suffix_and_writable_text(tmp_path: Path) -> None:
    sub = zi_engine.load_submission(EXAMPLES[0])
    with pytest.raises(SubmissionError, match=r"end it in \.yaml, \.yml or \.json"):
        zi_engine.save_submission(sub, tmp_path / "s.txt")
    odd = sub.model_copy(update={"category": "\ud800"})  # a lone surrogate, set unvalidated
    with pytest.raises(SubmissionError, match="cannot be written as UTF-8"):
        zi_engine.save_submission(odd, tmp_path / "s.yaml")
    with pytest.raises(SubmissionError, match="cannot write the file"):
        zi_engine.save_submission(sub, tmp_path / "no" / "dir" / "s.yaml")


@given(
    sub=st.sampled_from(["unit", "tpi", "tpn"]).flatmap(
        lambda top: zt.submissions(
            zi_engine.load_rubric("permenpan-rb-90-2021"),
            layers=("unit", "tpi", "tpn")[: ("unit", "tpi", "tpn").index(top) + 1],
            facts=None,
        )
    ),
    suffix=st.sampled_from([".yaml", ".json"]),
)
def test_any_submission_saved_loads_back_equal(
    sub: Submission, suffix: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path_factory.mktemp("saved") / f"s{suffix}"
    zi_engine.save_submission(sub, path)
    assert zi_engine.load_submission(path) == sub

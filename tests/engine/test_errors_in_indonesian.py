"""Errors of the engine, the plan, submission files and the portal in Bahasa Indonesia.

Each is the error an existing test provokes in English; here it is read in Indonesian,
and its code is what a caller matches on.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from pathlib import Path

import pytest

import zi_engine
from zi_engine import Engine, PluginError, Rubric, Submission, SubmissionError, UsageError, hookimpl
from zi_engine.render import render_plan

MakeSubmission = Callable[..., Submission]


def test_a_plugin_whose_hook_raises_is_named_in_indonesian() -> None:
    module = types.ModuleType("rusak")

    def zi_answer_types() -> list[object]:
        raise RuntimeError("boom")

    module.zi_answer_types = hookimpl(zi_answer_types)  # type: ignore[attr-defined]
    with zi_engine.use_language("id"), pytest.raises(PluginError) as caught:
        _ = Engine(plugins=[module]).answer_types
    assert caught.value.code == "errors.plugin_failed"
    assert str(caught.value) == "plugin 'rusak': zi_answer_types memunculkan RuntimeError: boom"
    with zi_engine.use_language("en"):
        english = caught.value.args[0].in_language("en")
    assert english == "plugin 'rusak': zi_answer_types raised RuntimeError: boom"


def test_usage_errors_say_what_is_accepted_in_indonesian(
    rubric: Rubric, make_submission: MakeSubmission
) -> None:
    submission = make_submission()
    with zi_engine.use_language("id"):
        with pytest.raises(UsageError) as swapped:
            zi_engine.evaluate(submission, rubric)  # type: ignore[arg-type]
        with pytest.raises(UsageError) as layer:
            zi_engine.evaluate(rubric, submission, up_to="kepala")  # type: ignore[arg-type]
        ev = zi_engine.evaluate(rubric, submission)
        with pytest.raises(UsageError) as target:
            zi_engine.plan(ev, "WBX")
    assert swapped.value.code == "engine.arguments_swapped"
    assert "urutan argumennya terbalik" in str(swapped.value)
    assert str(layer.value) == (
        "up_to='kepala' bukan lapisan jawaban; yang dikenal adalah tpn, tpi, induk, unit"
    )
    assert str(target.value) == (
        f"rubrik {rubric.id} tidak memiliki predikat 'WBX'; yang dikenal adalah WBK, WBBM"
    )


def test_a_plan_reads_in_indonesian_with_decimal_commas(
    rubric: Rubric, make_submission: MakeSubmission
) -> None:
    # golden: the best answers score 100 (every question at its best option)
    with zi_engine.use_language("id"):
        ev = zi_engine.evaluate(rubric, make_submission())
        text = render_plan(zi_engine.plan(ev, "WBK"))
    assert text.startswith(
        "Target WBK: sekarang memenuhi (total 100,00); setelah langkah-langkah ini memenuhi"
        " (total 100,00)."
    )
    assert "Tidak ada jawaban yang perlu diubah untuk kriteria nilai." in text


def test_a_submission_file_error_is_indonesian(tmp_path: Path) -> None:
    path = tmp_path / "isian.yaml"
    path.write_text("unit: {id: U-1, name: Unit, agency: {id: A}}\nyear: dua ribu\n")
    with zi_engine.use_language("id"), pytest.raises(SubmissionError) as caught:
        zi_engine.load_submission(path)
    [problem] = caught.value.problems
    assert problem.code == "pydantic.int_type"
    assert str(problem) == (
        f"{path}:2:7: year: harus berupa bilangan bulat (mis. 2025), bukan 'dua ribu'"
    )
    with zi_engine.use_language("id"), pytest.raises(SubmissionError) as unwritable:
        zi_engine.save_submission(Submission.model_validate(
            {"unit": {"id": "U-1", "name": "Unit", "agency": {"id": "A"}}, "year": 2026}
        ), tmp_path / "isian.txt")  # fmt: skip
    assert unwritable.value.code == "submission.unknown_suffix"
    assert "akhiri nama berkas dengan .yaml, .yml, atau .json" in str(unwritable.value)


def test_portal_json_problems_are_indonesian(rubric: Rubric) -> None:
    data = {
        "unit_id": "U-1",
        "nama_unit": "Unit",
        "tahun": 2026,
        "answers": [{"soal_id": 999999}, {"soal_id": 1}, {"soal_id": 1}],
    }
    with zi_engine.use_language("id"), pytest.raises(SubmissionError) as caught:
        zi_engine.from_portalrb(data, rubric=rubric)
    codes = [p.code for p in caught.value.problems]
    assert codes == ["submission.soal_id_unknown", "submission.soal_id_twice"]
    assert caught.value.problems[0].message == (
        f"soal_id 999999 tidak ada dalam rubrik {rubric.id}"
    )
    assert "dijawab dua kali (juga di answers[1])" in caught.value.problems[1].message

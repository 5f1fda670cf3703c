"""The parent unit's layer (induk, penilaian pendahuluan hlm. 40-41): unit < induk < tpi < tpn."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

import zi_engine
from tests.support.reviews import unit_only_submission
from zi_engine import AnswerEntry, LayeredAnswer, Rubric, SubmissionError
from zi_engine.cli import _main as _cli
from zi_engine.scoring import score

QUESTION = "mp.p.tim_kerja.a"  # Ya/Tidak; Ya -> Tidak is 0.50 / 2 = -0.25 of the total (by hand)


def test_the_layers_are_ordered_unit_induk_tpi_tpn() -> None:
    assert zi_engine.submission.LAYERS == ("unit", "induk", "tpi", "tpn")
    answer = LayeredAnswer(unit=AnswerEntry(value="Ya"), induk=AnswerEntry(value="Tidak"))
    assert answer.pick("unit") == ("Ya", "unit")
    assert answer.pick("induk") == ("Tidak", "induk")
    assert answer.pick("tpi") == ("Tidak", "induk")  # no TPI answer: the parent's counts
    with_tpi = answer.model_copy(update={"tpi": AnswerEntry(value="Ya")})
    assert with_tpi.pick("tpi") == ("Ya", "tpi")
    assert with_tpi.pick("induk") == ("Tidak", "induk")


def test_a_file_s_induk_answer_is_read() -> None:
    answer = LayeredAnswer.model_validate({"induk": "Tidak"})
    assert answer.induk == AnswerEntry(value="Tidak")
    assert answer.unit is None


def test_scoring_up_to_induk_counts_the_parent_unit_s_answer(rubric: Rubric) -> None:
    sub = unit_only_submission()
    own = score(rubric, sub, "unit").low[0]
    lowered = sub.with_answers({QUESTION: "Tidak"}, "induk")
    assert score(rubric, lowered, "unit").low[0] == pytest.approx(own)
    assert score(rubric, lowered, "induk").low[0] == pytest.approx(own - 0.25)
    assert score(rubric, lowered, "tpi").low[0] == pytest.approx(own - 0.25)
    restored = lowered.with_answers({QUESTION: "Ya"}, "tpi")
    assert score(rubric, restored, "tpi").low[0] == pytest.approx(own)
    assert score(rubric, restored, "induk").low[0] == pytest.approx(own - 0.25)
    assert zi_engine.evaluate(rubric, lowered, up_to="induk").layer == "induk"


def test_a_bad_induk_answer_is_refused_naming_its_layer(rubric: Rubric) -> None:
    bad = unit_only_submission().with_answers({QUESTION: "Mungkin"}, "induk")
    with pytest.raises(SubmissionError) as info:
        score(rubric, bad, "unit")
    assert [p.path for p in info.value.problems] == [f"answers.{QUESTION}.induk"]


def test_the_portal_document_cannot_carry_the_induk_layer(rubric: Rubric) -> None:
    sub = unit_only_submission().with_answers({QUESTION: "Tidak"}, "induk")
    with pytest.raises(SubmissionError) as info:
        zi_engine.to_portalrb(sub, rubric=rubric)
    assert [p.path for p in info.value.problems] == [f"answers.{QUESTION}.induk"]
    document = zi_engine.to_portalrb(sub, rubric=rubric, drop_induk=True)
    back = zi_engine.from_portalrb(document, rubric=rubric)
    assert back.answers[QUESTION].induk is None


def _run(*argv: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = _cli.main(["--no-plugins", "--lang", "en", *argv], out=out, err=err)
    return code, out.getvalue() + err.getvalue()


def test_the_command_line_scores_and_diffs_the_induk_layer(tmp_path: Path) -> None:
    sub = unit_only_submission()
    path = zi_engine.save_submission(
        sub.with_answers({QUESTION: "Tidak"}, "induk"), tmp_path / "u.yaml"
    )
    code, text = _run("diff", str(path), "--format", "json")
    assert code == 0, text
    data = json.loads(text)
    assert list(data["totals"]) == ["unit", "induk", "tpi", "tpn"]
    assert data["totals"]["induk"] == pytest.approx(data["totals"]["unit"] - 0.25)
    (difference,) = data["differences"]
    assert (difference["layer"], difference["below"]) == ("induk", "unit")
    assert difference["effect"] == pytest.approx(-0.25)
    code, text = _run("score", str(path), "--layer", "induk", "--format", "json")
    assert code == 0, text
    assert json.loads(text)["layer"] == "induk"

"""A plugin answer type's value is checked: outside [0, 1], or not a number, is its error.

A type returning 2.0 scored 10 of 5 points, NaN gave a NaN total (and bare NaN in
``--format json``), -5 a negative total, and text a raw TypeError. Each is now a
PluginError naming the type's class and the question.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from zi_engine import AnswerType, Engine, PluginError, QuestionSpec, Submission, hookimpl

MANIFEST = """id: uji
version: "1"
title: Uji
regulation: {name: PermenPAN-RB 90/2021}
effective: {from: 2021-12-31}
total: 10
components: [{id: hasil, label: Hasil, weight: 10}]
areas: [hasil.yaml]
predicates:
  - id: WBK
    label: WBK
    criteria:
      - {id: total, label: Total, kind: score_min, node: total, min: 5}
"""
AREA = """component: hasil
areas:
  - id: integrasi
    label: Integrasi
    weight: 10
    questions:
      - {id: q1, text: Seberapa?, answer: %s}
      - {id: q2, text: Terintegrasi?, answer: ya_tidak}
"""


class Returning(AnswerType):
    """A number-input type that reads every answer as the value it was made with."""

    input = "number"
    description = "gives a fixed value"

    def __init__(self, name: str, value: object) -> None:
        self.name = name
        self.value = value

    def parse(self, raw: object, question: QuestionSpec) -> float:
        return self.value  # type: ignore[return-value]  # (the fault under test)


class Plugin:
    def __init__(self, types: list[AnswerType]) -> None:
        self.types = types

    @hookimpl
    def zi_answer_types(self) -> list[AnswerType]:
        return self.types


BAD = {"double": 2.0, "nan": float("nan"), "negative": -5.0, "text": "banyak", "flag": True}


@pytest.fixture(scope="module")
def engine() -> Engine:
    types: list[AnswerType] = [Returning(f"r_{k}", v) for k, v in BAD.items()]
    return Engine(plugins=[Plugin([*types, Returning("r_ok", 0.5)])])


def _submission() -> Submission:
    return Submission.from_dict(
        {
            "unit": {"id": "U-1", "name": "Unit", "agency": {"id": "A"}},
            "year": 2026,
            "answers": {"q1": "x", "q2": "Ya"},
        }
    )


def _rubric(engine: Engine, tmp_path: Path, answer: str) -> object:
    folder = tmp_path / answer
    folder.mkdir()
    (folder / "rubric.yaml").write_text(MANIFEST, encoding="utf-8")
    (folder / "hasil.yaml").write_text(AREA % answer, encoding="utf-8")
    return engine.load_rubric(folder)


@pytest.mark.parametrize("kind", sorted(BAD))
def test_a_value_outside_zero_to_one_is_the_plugins_error(
    engine: Engine, tmp_path: Path, kind: str
) -> None:
    rubric = _rubric(engine, tmp_path, f"r_{kind}")
    with pytest.raises(PluginError) as caught:
        _ = engine.evaluate(rubric, _submission()).total  # type: ignore[arg-type]
    message = str(caught.value)
    assert f"answer type 'r_{kind}'" in message
    assert "Returning" in message  # the class, and so the plugin's module
    assert "question q1" in message
    assert "must be a number from 0 to 1" in message


def test_a_value_in_range_scores_as_before(engine: Engine, tmp_path: Path) -> None:
    rubric = _rubric(engine, tmp_path, "r_ok")
    evaluation = engine.evaluate(rubric, _submission())  # type: ignore[arg-type]
    assert evaluation.total == pytest.approx(7.5)  # (0.5 + 1) / 2 x 10

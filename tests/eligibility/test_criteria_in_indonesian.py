"""Criterion reasons, outcome words and warnings in Bahasa Indonesia, with stable codes.

The example unit's figures are the golden values of tests/eligibility (total 85.46,
pelayanan prima 14.92 against WBBM's 15.75, Tabel 6 hlm. 58); here only the words change.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import zi_engine
from zi_engine import CriterionResult, Rubric
from zi_engine.render import render_evaluation

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "dinkes-banjarbaru-wbk.yaml"


@pytest.fixture(scope="module")
def evaluations(rubric: Rubric) -> dict[str, zi_engine.Evaluation]:
    out = {}
    for lang in ("id", "en"):
        with zi_engine.use_language(lang):
            ev = zi_engine.evaluate(rubric, zi_engine.load_submission(EXAMPLE))
            _ = [p.criteria for p in ev.eligibility.values()]  # the texts are made here
            out[lang] = ev
    return out


def _criterion(ev: zi_engine.Evaluation, predicate: str, cid: str) -> CriterionResult:
    return next(c for c in ev.eligibility[predicate].criteria if c.id == cid)


@pytest.mark.parametrize(
    ("predicate", "cid", "code", "indonesian", "english"),
    [
        ("WBK", "total", "eligibility.meets_minimum",
         "85,46 memenuhi nilai minimum 75,00", "85.46 meets the minimum 75.00"),
        ("WBBM", "pelayanan_prima", "eligibility.below_minimum",
         "14,92 di bawah nilai minimum 15,75", "14.92 is below the minimum 15.75"),
        ("WBBM", "sakip_unit", "eligibility.grade_below",
         "unit.sakip_grade adalah B; paling rendah BB diperlukan",
         "unit.sakip_grade is B; at least BB is required"),
        ("WBBM", "lama_pembangunan", "eligibility.fact_missing",
         "isian tidak memuat unit.wbbm_building_since",
         "the submission does not give unit.wbbm_building_since"),
        ("WBBM", "predikat_wbk", "eligibility.fact_is_not",
         "unit.predicate_held adalah none; yang disyaratkan WBK atau WBBM",
         "unit.predicate_held is none; required WBK or WBBM"),
        ("WBK", "area_minimum.manajemen_perubahan", "eligibility.area_percent",
         "Manajemen Perubahan: 80,22% dari 8 (6,42 memenuhi nilai minimum 4,80)",
         "Manajemen Perubahan: 80.22% of 8 (6.42 meets the minimum 4.80)"),
    ],
)  # fmt: skip
def test_a_reason_is_written_in_the_language_chosen_with_its_code(
    evaluations: dict[str, zi_engine.Evaluation],
    predicate: str,
    cid: str,
    code: str,
    indonesian: str,
    english: str,
) -> None:
    said = _criterion(evaluations["id"], predicate, cid)
    assert said.reason == indonesian
    assert said.reason_code == code
    assert _criterion(evaluations["en"], predicate, cid).reason == english


def test_the_json_keeps_numbers_outcomes_and_codes_whatever_the_language(
    evaluations: dict[str, zi_engine.Evaluation],
) -> None:
    def machine(ev: zi_engine.Evaluation) -> object:
        data = json.loads(json.dumps(ev.to_dict()))
        for result in data["eligibility"].values():
            for c in result["criteria"]:
                c.pop("reason")
        return data

    assert machine(evaluations["id"]) == machine(evaluations["en"])
    first = evaluations["id"].to_dict()["eligibility"]["WBK"]["criteria"][0]
    assert first["reason_code"] == "eligibility.meets_minimum"
    assert first["actual"] == pytest.approx(85.46, abs=0.005)  # a number, not "85,46"
    assert type(first["reason"]) is str


def test_the_report_says_the_outcome_in_indonesian_with_decimal_commas(
    evaluations: dict[str, zi_engine.Evaluation],
) -> None:
    with zi_engine.use_language("id"):
        text = render_evaluation(evaluations["id"])
    assert "WBK): MEMENUHI" in text or ": MEMENUHI" in text
    assert "TIDAK MEMENUHI" in text  # WBBM
    assert "85,46" in text
    assert "ELIGIBLE" not in text
    with zi_engine.use_language("en"):
        english = render_evaluation(evaluations["en"])
    assert ": NOT ELIGIBLE" in english
    assert "85.46" in english


def test_a_rubric_check_problem_is_indonesian(rubric: Rubric) -> None:
    from zi_engine.eligibility._kinds import FactMin
    from zi_engine.rubric._model import CriterionSpec

    spec = CriterionSpec.model_validate({"id": "x", "label": "x", "kind": "fact_min"})
    with zi_engine.use_language("id"):
        problems = FactMin().check(spec, rubric.tree, rubric.manifest)
    assert [getattr(p, "code", None) for p in problems] == ["eligibility.needs_field"] * 2
    assert problems[0] == "jenis 'fact_min' memerlukan isian 'fact'"

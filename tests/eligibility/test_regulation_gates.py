"""Table 5 and Table 6 gates read as the regulation has them (issue 12, "wrong results").

Golden values by hand from PermenPAN-RB 90/2021: Tabel 5 (hlm. 46), Tabel 6
(hlm. 58), pemantauan (hlm. 61–62), the LKE's LHKPN/LHKASN rows (hlm. 85–86).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import zi_engine
from zi_engine import CriterionResult, Rubric, Submission

MakeSubmission = Callable[..., Submission]


def _criterion(ev: zi_engine.Evaluation, predicate: str, cid: str) -> CriterionResult:
    return next(c for c in ev.eligibility[predicate].criteria if c.id == cid)


# -- holds Menuju WBK (Tabel 6 hlm. 58; re-evaluation every two years, hlm. 61-62) ----------


@pytest.mark.parametrize(("held", "outcome"), [("WBK", "pass"), ("WBBM", "pass"), ("none", "fail")])
def test_a_unit_holding_wbbm_has_held_menuju_wbk(
    rubric: Rubric, make_submission: MakeSubmission, held: str, outcome: str
) -> None:
    ev = zi_engine.evaluate(
        rubric, make_submission(fact_changes={"unit.predicate_held": held}, target="WBBM")
    )
    assert _criterion(ev, "WBBM", "predikat_wbk").outcome == outcome
    # the biennial re-evaluation of a WBBM unit can pass
    expected = "eligible" if outcome == "pass" else "not_eligible"
    assert ev.eligibility["WBBM"].outcome == expected


# -- Tabel 5's two unit rows are two gates ---------------------------------------------------


@pytest.mark.parametrize("predicate", ["WBK", "WBBM"])
def test_core_service_and_public_perception_are_two_gates(
    rubric: Rubric, make_submission: MakeSubmission, predicate: str
) -> None:
    # a core service without significant impact on public perception does not qualify
    ev = zi_engine.evaluate(
        rubric, make_submission(fact_changes={"unit.public_perception_impact": False})
    )
    assert ev.eligibility[predicate].failed == ("dampak_persepsi",)
    assert _criterion(ev, predicate, "layanan_utama").outcome == "pass"
    # ... nor does the reverse
    ev = zi_engine.evaluate(rubric, make_submission(fact_changes={"unit.core_service": False}))
    assert ev.eligibility[predicate].failed == ("layanan_utama",)
    assert _criterion(ev, predicate, "dampak_persepsi").outcome == "pass"
    # not stated: inconclusive, never a pass
    ev = zi_engine.evaluate(
        rubric, make_submission(fact_changes={"unit.public_perception_impact": None})
    )
    assert ev.eligibility[predicate].inconclusive == ("dampak_persepsi",)


# -- a year building toward WBBM (Tabel 5 hlm. 46) -------------------------------------------


@pytest.mark.parametrize(
    ("wbbm_since", "as_of", "outcome"),
    [
        ("2025-01-15", "2026-01-14", "fail"),  # one day short of a year
        ("2025-01-15", "2026-01-15", "pass"),  # exactly one calendar year
        ("2025-06-01", "2026-05-20", "fail"),
    ],
)
def test_the_wbbm_year_counts_from_building_toward_wbbm(
    rubric: Rubric, make_submission: MakeSubmission, wbbm_since: str, as_of: str, outcome: str
) -> None:
    # building toward WBK began long ago; it is not what the WBBM gate measures
    facts = {"unit.building_since": "2022-01-03", "unit.wbbm_building_since": wbbm_since}
    ev = zi_engine.evaluate(rubric, make_submission(fact_changes=facts, as_of=as_of))
    result = _criterion(ev, "WBBM", "lama_pembangunan")
    assert result.outcome == outcome
    assert "unit.wbbm_building_since" in result.reason
    assert _criterion(ev, "WBK", "lama_pembangunan").outcome == "pass"


def test_without_a_wbbm_building_date_the_wbbm_year_is_inconclusive(
    rubric: Rubric, make_submission: MakeSubmission
) -> None:
    facts = {"unit.building_since": "2022-01-03", "unit.wbbm_building_since": None}
    ev = zi_engine.evaluate(rubric, make_submission(fact_changes=facts))
    assert ev.eligibility["WBBM"].inconclusive == ("lama_pembangunan",)
    assert ev.eligibility["WBK"].outcome == "eligible"


def test_building_toward_wbbm_before_the_wbk_designation_is_reported(
    rubric: Rubric, make_submission: MakeSubmission
) -> None:
    # designated Menuju WBK 2024-12-10; "building toward WBBM since 2024-06-01" cannot be
    facts = {"unit.predicate_since": "2024-12-10", "unit.wbbm_building_since": "2024-06-01"}
    ev = zi_engine.evaluate(rubric, make_submission(fact_changes=facts))
    result = _criterion(ev, "WBBM", "lama_pembangunan")
    assert result.outcome == "inconclusive"
    assert "2024-06-01" in result.reason
    assert "2024-12-10" in result.reason
    assert ev.eligibility["WBBM"].outcome == "inconclusive"
    # the same day as the designation is possible
    facts["unit.wbbm_building_since"] = "2024-12-10"
    ev = zi_engine.evaluate(rubric, make_submission(fact_changes=facts))
    assert _criterion(ev, "WBBM", "lama_pembangunan").outcome == "pass"


def test_not_before_must_name_a_fact(rubric: Rubric, tmp_path: Any) -> None:
    from zi_engine.eligibility._kinds import YearsSinceMin
    from zi_engine.rubric._model import CriterionSpec

    spec = CriterionSpec(
        id="x",
        label="x",
        kind="years_since_min",
        fact="unit.wbbm_building_since",
        min_years=1,
        params={"not_before": "unit.designated"},
    )
    (problem,) = YearsSinceMin().check(spec, rubric.tree, rubric.manifest)
    assert "params.not_before 'unit.designated'" in problem


# -- LHKPN/LHKASN 100% is the LKE's measure (Tabel 5 hlm. 46; Lampiran III hlm. 85-86) -----

LHKPN_1_OF_3 = {
    "pw.r.lhkpn.a_kepala_satker": 1,
    "pw.r.lhkpn.a_pejabat_wajib": 1,
    "pw.r.lhkpn.a_lainnya": 1,
    "pw.r.lhkpn.a_sudah_melapor": 1,
}


@pytest.mark.parametrize("predicate", ["WBK", "WBBM"])
def test_lhkpn_gate_reads_the_lke_counts(
    rubric: Rubric, make_submission: MakeSubmission, predicate: str
) -> None:
    # 1 of 3 reported is 33.33%, whatever the stated fact says
    ev = zi_engine.evaluate(rubric, make_submission(LHKPN_1_OF_3))
    result = _criterion(ev, predicate, "lhkpn")
    assert result.outcome == "fail"
    assert result.actual == pytest.approx(100 / 3)
    assert result.gap == pytest.approx(200 / 3)
    assert "lhkpn" in ev.eligibility[predicate].failed


def test_a_stated_figure_the_counts_contradict_is_a_warning(
    rubric: Rubric, make_submission: MakeSubmission
) -> None:
    ev = zi_engine.evaluate(rubric, make_submission(LHKPN_1_OF_3))
    (warning,) = [w for w in ev.warnings if "lhkpn" in w]
    assert "unit.lhkpn_percent states 100%" in warning
    assert "33.33%" in warning
    assert "warnings" in _criterion(ev, "WBK", "lhkpn").to_dict()
    # counts at 100% decide over a stated 97%: a pass, and the contradiction reported
    ev = zi_engine.evaluate(rubric, make_submission(fact_changes={"unit.lhkasn_percent": 97}))
    assert _criterion(ev, "WBK", "lhkasn").outcome == "pass"
    assert any("unit.lhkasn_percent states 97%" in w for w in ev.warnings)
    # agreeing figures (the LKE's 2 decimals) are no contradiction
    counts = {**LHKPN_1_OF_3, "pw.r.lhkpn.a_sudah_melapor": 3}
    ev = zi_engine.evaluate(rubric, make_submission(counts))
    assert ev.warnings == ()
    assert "warnings" not in _criterion(ev, "WBK", "lhkpn").to_dict()


def test_unanswered_counts_fall_back_to_the_stated_fact(
    rubric: Rubric, make_submission: MakeSubmission
) -> None:
    unanswered: dict[str, Any] = dict.fromkeys(LHKPN_1_OF_3)
    ev = zi_engine.evaluate(rubric, make_submission(unanswered))
    assert _criterion(ev, "WBK", "lhkpn").outcome == "pass"  # stated 100
    ev = zi_engine.evaluate(
        rubric, make_submission(unanswered, fact_changes={"unit.lhkpn_percent": 97})
    )
    result = _criterion(ev, "WBK", "lhkpn")
    assert (result.outcome, result.actual) == ("fail", 97.0)
    # neither counts nor a stated figure: the best answers could still reach 100%
    ev = zi_engine.evaluate(
        rubric, make_submission(unanswered, fact_changes={"unit.lhkpn_percent": None})
    )
    assert _criterion(ev, "WBK", "lhkpn").outcome == "inconclusive"


def test_lke_percent_min_checks_its_spec(rubric: Rubric) -> None:
    from zi_engine.eligibility._counted import LkePercentMin
    from zi_engine.rubric._model import CriterionSpec

    def problems(**fields: Any) -> list[str]:
        spec = CriterionSpec(id="x", label="x", kind="lke_percent_min", **fields)
        return LkePercentMin().check(spec, rubric.tree, rubric.manifest)

    assert problems(node="item:pw.r.lhkpn.a", fact="unit.lhkpn_percent", min=100) == []
    assert problems(node="item:pw.r.lhkpn.a", min=100) == []
    assert "needs 'min'" in problems(node="item:pw.r.lhkpn.a")[0]
    assert "item:<question id>" in problems(node="pengungkit", min=100)[0]
    assert "scores nothing" in problems(node="item:pw.r.lhkpn.a_lainnya", min=100)[0]
    assert "does not exist" in problems(node="item:pw.r.lhkpn.a", fact="unit.lhkpn", min=1)[0]
    assert "above 100" in problems(node="item:pw.r.lhkpn.a", min=101)[0]


def test_a_plan_answers_the_lhkpn_counts(rubric: Rubric, make_submission: MakeSubmission) -> None:
    # 1 of 3 reported: the plan's step is that all 3 have reported, verified by re-evaluation
    ev = zi_engine.evaluate(rubric, make_submission(LHKPN_1_OF_3))
    assert ev.eligibility["WBK"].failed == ("lhkpn",)
    result = zi_engine.plan(ev, "WBK")
    assert result.achievable
    assert result.outcome_after == "eligible"
    changes = {k: v for step in result.steps for k, v in step.changes.items()}
    assert changes == {"pw.r.lhkpn.a_sudah_melapor": 3}

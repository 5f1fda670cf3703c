"""The improvement plan: the steps it claims really make the unit pass."""

from __future__ import annotations

from pathlib import Path

import pytest

import zi_engine
from zi_engine import Rubric, Submission
from zi_engine._plan import plan

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_unit_failing_one_area_minimum_gets_a_verified_plan(rubric: Rubric) -> None:
    sub = Submission.load(EXAMPLES / "rsud-idaman-area-minimum.yaml")
    ev = zi_engine.evaluate(rubric, sub)
    assert ev.eligibility["WBK"].failed == ("area_minimum.penguatan_pengawasan",)
    result = plan(ev, "WBK")
    assert result.achievable
    assert result.outcome_before == "not_eligible"
    assert result.outcome_after == "eligible"
    assert result.steps
    # every step helps the failing criterion, and they are ordered by points per step
    assert all("area_minimum.penguatan_pengawasan" in s.helps for s in result.steps)
    gains = [s.points / s.steps for s in result.steps]
    assert gains == sorted(gains, reverse=True)
    # re-apply the steps ourselves: the claim holds
    changes: dict[str, object] = {}
    for s in result.steps:
        changes.update(s.changes)
    after = zi_engine.evaluate(rubric, sub.with_answers(changes, layer="tpn"))
    assert after.eligibility["WBK"].outcome == "eligible"


def test_plan_is_minimal_no_step_can_be_dropped(rubric: Rubric) -> None:
    sub = Submission.load(EXAMPLES / "rsud-idaman-area-minimum.yaml")
    ev = zi_engine.evaluate(rubric, sub)
    result = plan(ev, "WBK")
    for skip in result.steps:
        changes: dict[str, object] = {}
        for s in result.steps:
            if s is not skip:
                changes.update(s.changes)
        after = zi_engine.evaluate(rubric, sub.with_answers(changes, layer="tpn"))
        assert after.eligibility["WBK"].outcome != "eligible"


def test_what_answers_cannot_fix_is_a_requirement(rubric: Rubric) -> None:
    sub = Submission.load(EXAMPLES / "dinkes-banjarbaru-wbk.yaml")
    result = plan(zi_engine.evaluate(rubric, sub), "WBBM")
    assert not result.achievable
    reqs = {r.criterion_id: r for r in result.requirements}
    assert set(reqs) == {"predikat_wbk", "sakip_unit", "pelayanan_prima"}
    # pelayanan prima 17.5 x index / 4 >= 15.75 needs IPKP 3.60
    assert reqs["pelayanan_prima"].required == pytest.approx(3.6)
    assert result.unreachable == ("pelayanan_prima",)


def test_an_eligible_unit_needs_no_steps(rubric: Rubric) -> None:
    sub = Submission.load(EXAMPLES / "kpp-banjarbaru-wbbm.yaml")
    result = plan(zi_engine.evaluate(rubric, sub), "WBBM")
    assert result.steps == ()
    assert result.achievable
    assert result.outcome_after == "eligible"


def test_unknown_target_is_an_error(rubric: Rubric) -> None:
    sub = Submission.load(EXAMPLES / "kpp-banjarbaru-wbbm.yaml")
    with pytest.raises(KeyError, match="WBX"):
        plan(zi_engine.evaluate(rubric, sub), "WBX")

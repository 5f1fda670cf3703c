"""Tabel 7 and Tabel 8 (PermenPAN-RB 90/2021, hlm. 59-60), row by row.

Each row is a condition of the member units and of the integration, and the
designation it gives. "Seluruh unit Menuju WBK" is every member eligible for
Menuju WBK on its own LKE; "Tidak seluruh" one member that is not. "Ada
integrasi (Nilai Integrasi Kawasan 6,5)" is an integration score of exactly
6,5 (the minimum, hlm. 58); "Tidak ada integrasi" every aspect answered at
its lowest (score 0). Tabel 8 is the same for Menuju WBBM and 7,5, for a
Kawasan that holds Kawasan Menuju WBK (hlm. 59, syarat a).
"""

from __future__ import annotations

import pytest

import zi_engine
from tests.support.kawasan import (
    INTEGRATION,
    NEITHER,
    UNDECIDED,
    WBK_AND_WBBM,
    WBK_ONLY,
    evaluations,
    kawasan,
)

ALL_WBK = (WBK_AND_WBBM, WBK_ONLY, WBK_AND_WBBM, WBK_ONLY, WBK_ONLY)
NOT_ALL_WBK = (WBK_AND_WBBM, WBK_ONLY, WBK_AND_WBBM, WBK_ONLY, NEITHER)
ALL_WBBM = (WBK_AND_WBBM,) * 5
NOT_ALL_WBBM = (WBK_AND_WBBM, WBK_AND_WBBM, WBK_AND_WBBM, WBK_AND_WBBM, WBK_ONLY)


@pytest.mark.parametrize(
    ("row", "members", "integration", "outcome"),
    [
        (1, NOT_ALL_WBK, "none", "not_eligible"),  # Tidak seluruh unit, tidak ada integrasi
        (2, NOT_ALL_WBK, "6.5", "not_eligible"),  # Tidak seluruh unit, ada integrasi 6,5
        (3, ALL_WBK, "none", "not_eligible"),  # Seluruh unit, tidak ada integrasi
        (4, ALL_WBK, "6.5", "eligible"),  # Seluruh unit, ada integrasi 6,5: memenuhi
    ],
)
def test_tabel_7_kawasan_menuju_wbk(
    row: int, members: tuple[str, ...], integration: str, outcome: str
) -> None:
    ev = zi_engine.evaluate_kawasan(kawasan(integration=integration), evaluations(members))
    result = ev.eligibility["WBK"]
    assert result.outcome == outcome, f"Tabel 7 row {row}"
    member_ok = members == ALL_WBK
    integration_ok = integration == "6.5"
    assert ("member.KEMENKES.KKP" in result.failed) == (not member_ok)
    assert ("integration.integrasi" in result.failed) == (not integration_ok)


@pytest.mark.parametrize(
    ("row", "members", "integration", "outcome"),
    [
        (1, NOT_ALL_WBBM, "none", "not_eligible"),
        (2, NOT_ALL_WBBM, "7.5", "not_eligible"),
        (3, ALL_WBBM, "none", "not_eligible"),
        (4, ALL_WBBM, "7.5", "eligible"),
    ],
)
def test_tabel_8_kawasan_menuju_wbbm(
    row: int, members: tuple[str, ...], integration: str, outcome: str
) -> None:
    k = kawasan(integration=integration, predicate_held="WBK", target="WBBM")
    result = zi_engine.evaluate_kawasan(k, evaluations(members)).eligibility["WBBM"]
    assert result.outcome == outcome, f"Tabel 8 row {row}"
    assert ("member.KEMENKES.KKP" in result.failed) == (members != ALL_WBBM)
    assert ("integration.integrasi" in result.failed) == (integration != "7.5")


def test_tabel_8_needs_kawasan_menuju_wbk_held_first() -> None:
    """hlm. 59 syarat a: all members WBBM and integration 7,5 are not enough without it."""
    for held, outcome in (("none", "not_eligible"), ("WBK", "eligible"), ("WBBM", "eligible")):
        k = kawasan(integration="7.5", predicate_held=held)
        result = zi_engine.evaluate_kawasan(k, evaluations(ALL_WBBM)).eligibility["WBBM"]
        assert result.outcome == outcome, held
    unknown = kawasan(integration="7.5", predicate_held=None)
    result = zi_engine.evaluate_kawasan(unknown, evaluations(ALL_WBBM)).eligibility["WBBM"]
    assert result.outcome == "inconclusive"
    assert result.inconclusive == ("predikat_kawasan_wbk",)


@pytest.mark.parametrize(
    ("integration", "wbk", "wbbm"),
    [
        ("6.17", "not_eligible", "not_eligible"),  # 6,17: short of 6,5
        ("6.5", "eligible", "not_eligible"),  # exactly the minimum of WBK
        ("7.17", "eligible", "not_eligible"),  # between the two thresholds
        ("7.5", "eligible", "eligible"),  # exactly the minimum of WBBM
        ("10", "eligible", "eligible"),
    ],
)
def test_the_integration_thresholds_are_minimums(integration: str, wbk: str, wbbm: str) -> None:
    k = kawasan(integration=integration, predicate_held="WBK")
    ev = zi_engine.evaluate_kawasan(k, evaluations(ALL_WBBM))
    assert ev.total == pytest.approx(float(integration), abs=0.005)
    assert ev.eligibility["WBK"].outcome == wbk
    assert ev.eligibility["WBBM"].outcome == wbbm


def test_a_member_s_inconclusive_makes_the_kawasan_inconclusive_never_eligible() -> None:
    members = (WBK_AND_WBBM, WBK_ONLY, WBK_AND_WBBM, WBK_ONLY, UNDECIDED)
    result = zi_engine.evaluate_kawasan(
        kawasan(integration="10"), evaluations(members)
    ).eligibility["WBK"]
    assert result.outcome == "inconclusive"
    assert result.inconclusive == ("member.KEMENKES.KKP",)
    kkp = next(c for c in result.criteria if c.id == "member.KEMENKES.KKP")
    assert kkp.actual == "inconclusive"
    assert [d.id for d in kkp.details] == ["tlhp"]  # the link to its own criterion


def test_an_unevaluated_member_is_inconclusive_and_so_is_the_kawasan() -> None:
    ev = zi_engine.evaluate_kawasan(
        kawasan(integration="10"), evaluations(ALL_WBK)[:4]
    )  # KKP has neither an evaluation nor a submission file
    result = ev.eligibility["WBK"]
    assert result.outcome == "inconclusive"
    kkp = next(c for c in result.criteria if c.id == "member.KEMENKES.KKP")
    assert "has no evaluation" in kkp.reason
    plan = ev.what_it_would_take("WBK")
    assert any("KKP" in r and "must be evaluated" in r for r in plan.requirements)


def test_a_failing_member_beats_an_inconclusive_one() -> None:
    members = (WBK_AND_WBBM, WBK_ONLY, WBK_AND_WBBM, NEITHER, UNDECIDED)
    result = zi_engine.evaluate_kawasan(
        kawasan(integration="10"), evaluations(members)
    ).eligibility["WBK"]
    assert result.outcome == "not_eligible"
    assert result.failed == ("member.KEMENKUMHAM.KANIM",)
    assert result.inconclusive == ("member.KEMENKES.KKP",)


def test_the_result_explains_members_integration_and_the_gap() -> None:
    ev = zi_engine.evaluate_kawasan(kawasan(integration="6.17"), evaluations(NOT_ALL_WBK))
    result = ev.eligibility["WBK"]
    kkp = next(c for c in result.criteria if c.id == "member.KEMENKES.KKP")
    assert kkp.outcome == "fail"
    assert kkp.member == ("KEMENKES", "KKP")
    assert [d.id for d in kkp.details] == ["area_minimum.penguatan_pengawasan"]
    assert "Penguatan Pengawasan" in kkp.reason
    integration = next(c for c in result.criteria if c.group == "integration")
    assert integration.actual == pytest.approx(6.1667, abs=1e-4)
    assert integration.required == 6.5
    assert integration.gap == pytest.approx(0.3333, abs=1e-4)
    data = ev.to_dict()
    assert data["eligibility"]["WBK"]["outcome"] == "not_eligible"
    assert data["integration"]["maximum"] == 10
    assert [a["score"] for a in data["integration"]["aspects"]] == pytest.approx(
        [5 / 3, 2, 2, 0.5, 0]
    )


def test_what_it_would_take_names_the_members_and_the_integration() -> None:
    ev = zi_engine.evaluate_kawasan(kawasan(integration="6.17"), evaluations(NOT_ALL_WBK))
    plan = ev.what_it_would_take("WBK")
    assert [(m.agency_id, m.unit_id) for m in plan.members] == [("KEMENKES", "KKP")]
    kkp = plan.members[0]
    assert kkp.plan is not None
    assert kkp.plan.achievable
    assert {s.question_id.split(".")[0] for s in kkp.plan.steps} == {"pw"}  # pengawasan
    assert plan.integration is not None
    assert plan.integration.achievable
    assert plan.integration_gap == pytest.approx(1 / 3)
    assert plan.integration.total_after >= 6.5
    assert plan.to_dict()["members"][0]["unit_id"] == "KKP"
    done = zi_engine.evaluate_kawasan(kawasan(integration="6.5"), evaluations(ALL_WBK))
    assert done.what_it_would_take("WBK").nothing_to_do
    with pytest.raises(zi_engine.UsageError, match="judged for WBK, WBBM, not 'WBBM2'"):
        done.what_it_would_take("WBBM2")


def test_evaluations_of_non_members_or_twice_are_usage_errors() -> None:
    k = kawasan()
    stranger = evaluations((WBK_ONLY,), [("DINKES", "PEMKOT")])
    with pytest.raises(zi_engine.UsageError, match="not a member"):
        zi_engine.evaluate_kawasan(k, stranger)
    twice = evaluations((WBK_ONLY, WBK_ONLY), [("OP", "KEMENHUB"), ("OP", "KEMENHUB")])
    with pytest.raises(zi_engine.UsageError, match="two evaluations"):
        zi_engine.evaluate_kawasan(k, twice)
    with pytest.raises(zi_engine.UsageError, match="Evaluation objects"):
        zi_engine.evaluate_kawasan(k, ["not an evaluation"])  # type: ignore[list-item]


def test_the_integration_layer_counts_as_a_unit_s_does() -> None:
    """The joint TPI's answers replace the Kawasan's own; up_to="unit" reads only those."""
    lowest = INTEGRATION["none"]
    answers = {
        q: {"unit": {"value": lowest[q]}, "tpi": {"value": v}}
        for q, v in INTEGRATION["6.5"].items()
    }
    k = zi_engine.Kawasan.model_validate(
        kawasan().model_dump(by_alias=True) | {"integration": {"answers": answers}}
    )
    assert zi_engine.evaluate_kawasan(k, evaluations(ALL_WBK)).total == pytest.approx(6.5)
    assert zi_engine.evaluate_kawasan(k, evaluations(ALL_WBK), up_to="unit").total == 0

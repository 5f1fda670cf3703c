"""The Kawasan lifecycle: declared by the member agencies, assessed by the joint TPI,
proposed on a Kawasan evaluation, designated by the Minister – its joint roles act on
the Kawasan and its member agencies only."""

from __future__ import annotations

import pytest

import zi_engine
from tests.support.kawasan import WBK_ONLY, evaluations, kawasan
from tests.support.lifecycle import at
from zi_engine import Actor, Lifecycle, TransitionRefused

TPN = Actor("tpn-1", "tpn")
MINISTER = Actor("menpan", "minister")


def test_the_definition_loads_and_draws() -> None:
    d = zi_engine.load_lifecycle_definition("kawasan-permenpan-rb-90-2021")
    assert {name for name, role in d.roles.items() if role.joint} == {
        "pimpinan_instansi",
        "tim_khusus",
        "tpi_gabungan",
    }
    assert d.national_roles == {"tpn", "tim_stranas_pk", "minister"}
    diagram = zi_engine.mermaid_diagram(d)
    assert "joint_assessment --> proposed: propose" in diagram
    assert "designated --> designated: report_monitoring" in diagram  # monitoring keeps it


def test_a_kawasan_goes_from_declaration_to_designation() -> None:
    k = kawasan(integration="6.5")
    heads = zi_engine.joint_actor(k, "forum-pimpinan", "pimpinan_instansi")
    team = zi_engine.joint_actor(k, "tim-khusus", "tim_khusus")
    joint_tpi = zi_engine.joint_actor(k, "tpi-gabungan")
    lc = zi_engine.kawasan_lifecycle(k)
    assert (lc.unit_id, lc.agency_id, lc.state) == ("KAWASAN-UJI", "KAWASAN-UJI", "candidate")
    lc.fire("declare", actor=heads, at=at(2025, 1, 6), pakta_integritas_signed=True)
    lc.fire("start_building", actor=team, at=at(2025, 1, 7))
    lc.fire("request_assessment", actor=team, at=at(2026, 3, 2))
    failing = zi_engine.evaluate_kawasan(
        k, evaluations((WBK_ONLY,) * 4 + ("rsud-idaman-area-minimum",))
    )
    with pytest.raises(TransitionRefused, match="does not meet Menuju WBK") as refused:
        lc.fire("propose", actor=heads, at=at(2026, 5, 4), evaluation=failing)
    assert "KKP" in str(refused.value)
    lc.fire("assessment_failed", actor=joint_tpi, at=at(2026, 3, 9), reason="KKP: pengawasan")
    lc.fire("request_assessment", actor=team, at=at(2026, 4, 1))
    passing = zi_engine.evaluate_kawasan(k, evaluations((WBK_ONLY,) * 5))
    record = lc.fire("propose", actor=heads, at=at(2026, 5, 4), evaluation=passing)
    assert record.evaluation is not None
    assert record.evaluation.rubric_id == "kawasan-integrasi-permenpan-rb-90-2021"
    assert record.evaluation.total == pytest.approx(6.5)
    lc.fire("evaluate", actor=TPN, at=at(2026, 6, 1))
    lc.fire("recommend", actor=TPN, at=at(2026, 9, 1), evaluation=_as_tpn(passing))
    lc.fire("designate", actor=MINISTER, at=at(2026, 12, 10))
    assert (lc.state, lc.predicate) == ("designated", "WBK")
    lc.fire("report_monitoring", actor=joint_tpi, at=at(2027, 12, 1), reason="pemantauan")
    lc.fire("pursue_wbbm", actor=team, at=at(2028, 1, 5))
    assert (lc.state, lc.target) == ("building", "WBBM")
    back = Lifecycle.from_dict(lc.to_dict())
    assert back.head_hash == lc.head_hash
    assert back.history[0].actor.agency_ids == heads.agency_ids


def _as_tpn(ev: zi_engine.KawasanEvaluation) -> zi_engine.KawasanEvaluation:
    """The same Kawasan with the integration answers moved to the TPN layer."""
    k = ev.kawasan
    answers = {
        q: a.model_copy(update={"tpn": a.tpi, "tpi": None})
        for q, a in k.integration.answers.items()
    }
    moved = k.model_copy(
        update={"integration": k.integration.model_copy(update={"answers": answers})}
    )
    return zi_engine.evaluate_kawasan(moved, [m.evaluation for m in ev.members if m.evaluation])


def test_the_joint_tpi_acts_on_its_own_kawasan_only() -> None:
    k = kawasan()
    other = kawasan().model_copy(
        update={"kawasan": k.kawasan.model_copy(update={"id": "KAWASAN-LAIN"})}
    )
    lc = zi_engine.kawasan_lifecycle(k)
    heads_elsewhere = zi_engine.joint_actor(other, "forum-lain", "pimpinan_instansi")
    with pytest.raises(TransitionRefused, match="not for a unit of agency 'KAWASAN-UJI'"):
        lc.fire("declare", actor=heads_elsewhere, at=at(2025, 1, 6), pakta_integritas_signed=True)
    one_agency = Actor("kepala-op", "pimpinan_instansi", "KEMENHUB")
    with pytest.raises(TransitionRefused, match="without agency_ids"):
        lc.fire("declare", actor=one_agency, at=at(2025, 1, 6), pakta_integritas_signed=True)
    assert lc.history == ()


def test_the_joint_scope_covers_the_member_agencies_and_no_other() -> None:
    k = kawasan()
    joint_tpi = zi_engine.joint_actor(k, "tpi-gabungan")
    assert joint_tpi.agencies == {"KAWASAN-UJI", "KEMENHUB", "KEMENKEU", "KEMENKUMHAM", "KEMENKES"}
    assert "KEMENTAN" not in joint_tpi.agencies

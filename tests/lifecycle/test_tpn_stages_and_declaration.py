"""Issue 12's last stages: Tahap I–II (hlm. 12–13), the TPN's clearance and panel (hlm. 56),
and issue 17's reviews of the very answers the evaluation was scored on."""

from __future__ import annotations

import dataclasses

import pytest

from tests.support.lifecycle import (
    AGENCY_HEAD,
    CLEARANCES,
    TPN,
    TPN_SURVEY,
    UNIT_HEAD,
    S,
    at_panel,
    evaluation,
    field_evaluation,
    new,
    review,
)
from zi_engine.lifecycle import TransitionRefused
from zi_engine.lifecycle._declaration import pakta_integritas


def test_the_panel_follows_all_four_clearances_and_designate_follows_the_panel() -> None:
    lc = field_evaluation()
    (reason,) = lc.check("recommend", actor=TPN, at=S.recommend, evaluation=evaluation("tpn"),
                         **TPN_SURVEY)  # fmt: skip
    assert reason.startswith("'recommend' fires only from panel")
    lc.fire("to_clearance", actor=TPN, at=S.clearance)
    for trigger in CLEARANCES[:3]:
        lc.fire(trigger, actor=TPN, at=S.clearance)
    (reason,) = lc.check("to_panel", actor=TPN, at=S.panel)
    assert reason.endswith("not yet recorded: Clearance Aparat Pengawas Internal Pemerintah (APIP)")
    (again,) = lc.check("clearance_kpk", actor=TPN, at=S.panel)
    assert again.startswith("Clearance Komisi Pemberantasan Korupsi is already recorded")
    lc.fire("clearance_apip", actor=TPN, at=S.clearance, letter_number="B/7/2023")
    lc.fire("to_panel", actor=TPN, at=S.panel)
    assert lc.state == "panel"
    lc.fire("recommend", actor=TPN, at=S.recommend, evaluation=evaluation("tpn"), **TPN_SURVEY)
    assert lc.state == "recommended"


def test_a_clearance_or_the_panel_stops_a_proposal_with_a_reason() -> None:
    lc = field_evaluation()
    lc.fire("to_clearance", actor=TPN, at=S.clearance)
    reasons = lc.check("stop_proposal", actor=TPN, at=S.clearance, stopped_by="panel")
    assert any(r.startswith("reason= is required") for r in reasons)
    assert any("one of clearance_ombudsman, clearance_kpk" in r for r in reasons)
    record = lc.fire("stop_proposal", actor=TPN, at=S.clearance, stopped_by="clearance_kpk",
                     reason="laporan dugaan gratifikasi")  # fmt: skip
    assert (lc.state, record.reason) == ("building", "laporan dugaan gratifikasi")
    assert record.details == {"stopped_by": "clearance_kpk"}
    panel = at_panel(field_evaluation())
    (reason,) = panel.check("stop_proposal", actor=TPN, at=S.panel, stopped_by="clearance_kpk",
                            reason="x")  # fmt: skip
    assert reason.startswith("at the panel only the panel stops a proposal")
    panel.fire("stop_proposal", actor=TPN, at=S.panel, stopped_by="panel", reason="nilai turun")
    assert panel.state == "building"


def test_the_declaration_needs_most_staff_and_later_signatures_are_recorded() -> None:
    lc = new()
    (reason,) = lc.check("declare", actor=UNIT_HEAD, at=S.declare, pakta_integritas_signed=True,
                         staff_signed=21, staff_total=42)  # fmt: skip
    assert reason.startswith("only 21 of 42 staff have signed the Pakta Integritas")
    (reason,) = lc.check("declare", actor=UNIT_HEAD, at=S.declare, pakta_integritas_signed=True,
                         staff_signed=43, staff_total=42)  # fmt: skip
    assert "but the unit has only 42" in reason
    lc.fire("declare", actor=UNIT_HEAD, at=S.declare, pakta_integritas_signed=True,
            staff_signed=22, staff_total=42)  # fmt: skip
    assert pakta_integritas(lc) is not None
    assert (lc.state, pakta_integritas(lc).staff_signed) == ("declared", 22)  # type: ignore[union-attr]
    (reason,) = lc.check("start_building", actor=UNIT_HEAD, at=S.declare)
    assert reason.startswith("'start_building' fires only from selected")
    lc.fire("update_pakta_integritas", actor=UNIT_HEAD, at=S.declare, staff_signed=42,
            staff_total=42)  # fmt: skip
    status = pakta_integritas(lc)
    assert status is not None
    assert (status.complete, status.share, lc.state) == (True, 1.0, "declared")
    assert lc.check("select_unit", actor=UNIT_HEAD, at=S.declare)[0].startswith(
        "role 'unit_head' (not allowed) may not 'select_unit'; allowed: agency_head"
    )
    lc.fire("select_unit", actor=AGENCY_HEAD, at=S.declare, letter_number="KEP/ZI/2022")
    lc.fire("start_building", actor=UNIT_HEAD, at=S.declare)
    assert lc.state == "building"


def test_recommend_needs_the_tpn_review_of_the_answers_scored() -> None:
    lc = at_panel(field_evaluation())
    ev = evaluation("tpn")
    survey = {k: v for k, v in TPN_SURVEY.items() if k != "review"}
    reasons = lc.check("recommend", actor=TPN, at=S.recommend, evaluation=ev, **survey)
    assert reasons == ("review= is required for 'recommend': the TPN review signed off by its "
                       "last tier",)  # fmt: skip
    other = review(kind="tpn", submission_hash="sha256:" + "9" * 64)
    (reason,) = lc.check("recommend", actor=TPN, at=S.recommend, evaluation=ev, **survey,
                         review=other)  # fmt: skip
    assert reason.startswith("the TPN review is of other answers than the evaluation")
    (reason,) = lc.check("recommend", actor=TPN, at=S.recommend, evaluation=ev, **survey,
                         review=review(kind="tpi"))  # fmt: skip
    assert reason == "the review given is the tpi review; 'recommend' needs the TPN review"
    last_year = dataclasses.replace(review(kind="tpn"), year=2022)
    (reason,) = lc.check("recommend", actor=TPN, at=S.recommend, evaluation=ev, **survey,
                         review=last_year)  # fmt: skip
    assert reason == "the TPN review is of the LKE of 2022, but the proposal is for 2023"


def test_propose_refuses_a_tpi_review_of_other_answers() -> None:
    from tests.support.lifecycle import internal_review

    lc = internal_review()
    with pytest.raises(TransitionRefused) as info:
        lc.fire("propose", actor=AGENCY_HEAD, at=S.propose, evaluation=evaluation(),
                sptjm_signed=True, review=review(submission_hash="sha256:" + "0" * 64))  # fmt: skip
    assert info.value.reasons[0].startswith("the TPI review is of other answers")

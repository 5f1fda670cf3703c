"""Every trigger of the bundled lifecycle, fired and refused, with hand-made scenarios."""

from __future__ import annotations

import pytest

from tests.support.lifecycle import (
    AGENCY_HEAD,
    MINISTER,
    PRELIM,
    PRELIMINARY_REVIEW,
    TPI,
    TPN,
    TPN_SURVEY,
    UNIT_HEAD,
    S,
    at,
    at_panel,
    building,
    designated,
    evaluation,
    field_evaluation,
    internal_review,
    new,
    proposed,
    review,
    snapshot,
)
from zi_engine.lifecycle import Lifecycle, TransitionRefused


def refused(lc: Lifecycle, trigger: str, **kwargs: object) -> tuple[str, ...]:
    """Fire, expect a refusal, check nothing changed, and return the reasons."""
    before = snapshot(lc)
    with pytest.raises(TransitionRefused) as info:
        lc.fire(trigger, **kwargs)  # type: ignore[arg-type]
    assert snapshot(lc) == before
    assert info.value.trigger == trigger
    return info.value.reasons


def test_a_new_unit_is_a_candidate_working_toward_wbk() -> None:
    lc = new()
    assert (lc.state, lc.target, lc.predicate, lc.revision) == ("candidate", "WBK", None, 0)
    assert lc.state_label == "Belum mencanangkan"
    assert lc.history == ()


STAFF = {"staff_signed": 40, "staff_total": 42}


def test_declare_needs_the_signed_pakta_integritas() -> None:
    lc = new()
    reasons = refused(
        lc, "declare", actor=UNIT_HEAD, at=S.declare, pakta_integritas_signed=False, **STAFF
    )
    assert reasons == ("the Pakta Integritas has not been signed by the head of the unit",)
    reasons = refused(lc, "declare", actor=UNIT_HEAD, at=S.declare, **STAFF)
    assert len(reasons) == 1
    assert reasons[0].startswith("pakta_integritas_signed= is required")
    record = lc.fire(
        "declare",
        actor=AGENCY_HEAD,
        at=S.declare,
        pakta_integritas_signed=True,
        staff_signed=40,
        staff_total=42,
    )
    assert (lc.state, record.source, record.dest) == ("declared", "candidate", "declared")
    assert record.details == {"pakta_integritas_signed": True, **STAFF}


def test_start_building_starts_the_building_clock() -> None:
    lc = building()
    assert lc.state == "building"
    assert lc.building_since == S.declare


def test_units_without_a_preliminary_review_go_straight_to_the_tpi() -> None:
    lc = building()
    reasons = refused(lc, "request_preliminary_review", actor=UNIT_HEAD, at=S.review)
    assert reasons == ("this unit needs no preliminary review; request the TPI review directly",)
    lc.fire("request_internal_review", actor=UNIT_HEAD, at=S.review)
    assert lc.state == "internal_review"


def test_units_that_need_a_preliminary_review_cannot_skip_it() -> None:
    lc = building(level="jpt_pratama", agency_type="central")
    reasons = refused(lc, "request_internal_review", actor=UNIT_HEAD, at=S.review)
    assert "needs a preliminary review" in reasons[0]
    lc.fire("request_preliminary_review", actor=UNIT_HEAD, at=S.review)
    assert lc.state == "preliminary_review"


def test_preliminary_passed_needs_the_score_criteria_met() -> None:
    lc = building(level="jpt_pratama", agency_type="central")
    lc.fire("request_preliminary_review", actor=UNIT_HEAD, at=S.review)
    # a failing gate does not matter here: only the score thresholds do
    gate_fails = evaluation("induk", wbk={"total": "score:pass", "sakip": "gate:fail"})
    score_fails = evaluation("induk", wbk={"total": "score:fail", "sakip": "gate:pass"})
    reasons = refused(
        lc, "preliminary_passed", actor=PRELIM, at=S.review, evaluation=score_fails,
        review=PRELIMINARY_REVIEW,
    )  # fmt: skip
    assert reasons == ("the preliminary evaluation does not meet Menuju WBK: Total: fail",)
    record = lc.fire(
        "preliminary_passed", actor=PRELIM, at=S.review, evaluation=gate_fails,
        review=PRELIMINARY_REVIEW,
    )  # fmt: skip
    assert lc.state == "internal_review"
    assert record.evaluation is not None
    assert record.evaluation.total == 82.5


def test_preliminary_failed_returns_to_building_with_a_reason() -> None:
    lc = building(level="jpt_pratama", agency_type="central")
    lc.fire("request_preliminary_review", actor=UNIT_HEAD, at=S.review)
    reasons = refused(lc, "preliminary_failed", actor=PRELIM, at=S.review, reason="   ")
    assert reasons == ("reason= must be a non-empty text, got blank text",)
    record = lc.fire("preliminary_failed", actor=PRELIM, at=S.review, reason="evidence missing")
    assert (lc.state, record.reason, record.evaluation) == ("building", "evidence missing", None)


def test_tpi_reject_is_pembinaan_back_to_building() -> None:
    lc = internal_review()
    assert refused(lc, "tpi_reject", actor=TPI, at=S.review, review=review()) == (
        "reason= is required for 'tpi_reject': the pembinaan (remedial guidance) notes",
    )
    ev = evaluation("tpi", wbk={"total": "score:fail"}, total=61.0)
    record = lc.fire(
        "tpi_reject", actor=TPI, at=S.review, reason="TLHP 80%", evaluation=ev, review=review()
    )
    assert lc.state == "building"
    assert record.evaluation is not None
    assert record.evaluation.total == 61.0


def test_propose_records_the_tpi_evaluation_and_the_proposal_date() -> None:
    lc = proposed()
    record = lc.history[-1]
    assert (lc.state, lc.proposed_at) == ("proposed", S.propose)
    assert record.evaluation is not None
    assert record.evaluation.rubric_id == "permenpan-rb-90-2021"
    assert record.evaluation.layer == "tpi"
    assert record.details == {"sptjm_signed": True}


def test_propose_refusal_lists_every_failed_guard_and_permission() -> None:
    lc = building()
    lc.fire("request_internal_review", actor=UNIT_HEAD, at=at(2022, 3, 1))
    stranger = type(AGENCY_HEAD)("bupati-lain", "unit_head", "pemkab-lain")
    ev = evaluation("unit", wbk={"total": "score:fail", "area": "score:inconclusive"})
    reasons = refused(
        lc,
        "propose",
        actor=stranger,
        at=at(2022, 6, 15),
        evaluation=ev,
        sptjm_signed=False,
        review=review(),
    )
    text = "\n".join(reasons)
    assert len(reasons) == 6, text
    assert "the evaluation is for 2023, but 'propose' on 2022-06-15 is for 2022" in text
    assert "role 'unit_head' (not allowed) may not 'propose'; allowed: agency_head" in text
    assert "cannot act on a unit of agency 'pemprov-kalsel'" in text
    assert "scored on unit answers; 'propose' needs the TPI answers" in text
    assert "Total: fail" in text
    assert "Area is inconclusive, which is not a pass" in text
    assert "a proposal needs 1 year(s) of building" in text
    assert "outside the 2022 proposal window 2022-01-01 to 2022-05-31" in text
    assert "SPTJM" in text


def test_propose_needs_every_criterion_and_gate_of_the_target() -> None:
    lc = internal_review()
    ev = evaluation(wbk={"total": "score:pass", "tlhp": "gate:fail", "extra": "extra:pass"})
    reasons = refused(
        lc,
        "propose",
        actor=AGENCY_HEAD,
        at=S.propose,
        evaluation=ev,
        sptjm_signed=True,
        review=review(),
    )
    assert reasons == ("the TPI evaluation does not meet Menuju WBK: Tlhp: fail",)
    not_applicable = evaluation(wbk={"total": "score:pass", "kawasan": "gate:not_applicable"})
    lc.fire(
        "propose",
        actor=AGENCY_HEAD,
        at=S.propose,
        evaluation=not_applicable,
        sptjm_signed=True,
        review=review(),
    )
    assert lc.state == "proposed"


def test_admit_checks_gates_and_tpi_thresholds() -> None:
    lc = proposed()
    failing = evaluation("tpi", wbk={"total": "score:pass", "opini_bpk": "gate:inconclusive"})
    reasons = refused(lc, "admit", actor=TPN, at=S.admit, evaluation=failing)
    assert reasons == (
        "the pre-evaluation does not meet Menuju WBK: Opini bpk is inconclusive, "
        "which is not a pass",
    )
    # a failing plugin ("extra") criterion is judged later, not in pre-evaluation
    ok = evaluation("tpi", wbk={"total": "score:pass", "gate": "gate:pass", "x": "extra:fail"})
    lc.fire("admit", actor=TPN, at=S.admit, evaluation=ok)
    assert lc.state == "desk_evaluation"


def test_to_field_and_recommend_need_the_tpn_evaluation() -> None:
    lc = at_panel(field_evaluation())
    assert lc.state == "panel"
    reasons = refused(
        lc, "recommend", actor=TPN, at=S.recommend, evaluation=evaluation("tpi"), **TPN_SURVEY
    )
    assert reasons == (
        "the TPN evaluation does not meet Menuju WBK: it is scored on TPI answers; "
        "'recommend' needs the TPN answers",
        "the TPN's own value for survey hasil.bersih_akuntabel.ipak is missing (it has the TPI "
        "answer); the surveys are the TPN's (hlm. 55); the TPN's own value for survey "
        "hasil.pelayanan_prima.ipkp is missing (it has the TPI answer); the surveys are the "
        "TPN's (hlm. 55)",
    )
    lc.fire("recommend", actor=TPN, at=S.recommend, evaluation=evaluation("tpn"), **TPN_SURVEY)
    assert lc.state == "recommended"


@pytest.mark.parametrize("stage", ["proposed", "desk_evaluation", "field_evaluation"])
def test_tpn_can_reject_from_each_evaluation_stage(stage: str) -> None:
    lc = proposed()
    if stage != "proposed":
        lc.fire("admit", actor=TPN, at=S.admit, evaluation=evaluation())
    if stage == "field_evaluation":
        lc.fire("to_field", actor=TPN, at=S.field_)
    assert lc.state == stage
    refused(lc, "reject", actor=TPN, at=S.recommend)
    lc.fire("reject", actor=TPN, at=S.recommend, reason="survey below 3.20")
    assert (lc.state, lc.predicate) == ("building", None)


def test_reject_is_not_possible_after_a_recommendation() -> None:
    lc = at_panel(field_evaluation())
    lc.fire("recommend", actor=TPN, at=S.recommend, evaluation=evaluation("tpn"), **TPN_SURVEY)
    reasons = refused(lc, "reject", actor=TPN, at=S.recommend, reason="late")
    assert reasons == (
        "'reject' fires only from proposed, desk_evaluation, field_evaluation; the unit is "
        "'recommended' (Rekomendasi TPN)",
    )


def test_drop_needs_a_kkn_case_in_the_proposal_year() -> None:
    lc = at_panel(field_evaluation())
    lc.fire("recommend", actor=TPN, at=S.recommend, evaluation=evaluation("tpn"), **TPN_SURVEY)
    reasons = refused(
        lc, "drop", actor=AGENCY_HEAD, at=S.designate, reason="KKN", kkn_case_on="2022-12-01"
    )
    assert reasons == ("the KKN case (2022-12-01) is not in the proposal year 2023",)
    reasons = refused(lc, "drop", actor=TPN, at=S.designate, reason="KKN", kkn_case_on="31-12")
    assert reasons == ("kkn_case_on= must be a date (YYYY-MM-DD), got the text '31-12'",)
    record = lc.fire(
        "drop", actor=TPN, at=S.designate, reason="head named suspect", kkn_case_on="2023-11-20"
    )
    assert (lc.state, record.details) == ("building", {"kkn_case_on": "2023-11-20"})


def test_designate_grants_the_target_and_the_unit_rests_there() -> None:
    lc = designated()
    assert (lc.state, lc.target, lc.predicate) == ("designated", "WBK", "WBK")
    assert lc.state_label == "Penetapan"


def test_unknown_trigger_and_unknown_payload_are_refusals() -> None:
    lc = new()
    assert refused(lc, "fly", actor=UNIT_HEAD, at=S.declare)[0].startswith(
        "'fly' is not a trigger of permenpan-rb-90-2021"
    )
    reasons = refused(
        lc,
        "declare",
        actor=UNIT_HEAD,
        at=S.declare,
        pakta_integritas_signed=True,
        staff_signed=40,
        staff_total=42,
        reasn="typo",
    )
    assert reasons == (
        "'declare' does not take 'reasn' (it takes: pakta_integritas_signed, staff_signed, "
        "staff_total, letter_number)",
    )


def test_time_cannot_run_backwards() -> None:
    lc = building()
    reasons = refused(lc, "request_internal_review", actor=UNIT_HEAD, at=at(2021, 1, 1))
    assert reasons == (
        "2021-01-01T09:00:00+07:00 is before the last change (2022-01-10T09:00:00+07:00)",
    )


def test_naive_datetimes_are_refused_loudly() -> None:
    from datetime import datetime, tzinfo

    lc = new()
    with pytest.raises(ValueError, match="timezone-aware"):
        lc.fire(
            "declare",
            actor=UNIT_HEAD,
            at=datetime(2022, 1, 1),
            pakta_integritas_signed=True,
            staff_signed=40,
            staff_total=42,
        )
    with pytest.raises(TypeError, match="datetime with a timezone"):
        lc.allowed(UNIT_HEAD, at="2022-01-01")  # type: ignore[arg-type]

    class NoOffset(tzinfo):  # a tzinfo that does not know its offset: still naive
        def utcoffset(self, dt: datetime | None) -> None:
            return None

    with pytest.raises(ValueError, match="timezone-aware"):
        lc.check("declare", actor=UNIT_HEAD, at=datetime(2022, 1, 1, tzinfo=NoOffset()))
    assert lc.revision == 0


def test_check_is_a_dry_run() -> None:
    lc = internal_review()
    assert lc.check(
        "propose", actor=AGENCY_HEAD, at=S.propose, sptjm_signed=True, review=review()
    ) == ("evaluation= is required for 'propose': the TPI evaluation (LHE)",)
    ok = lc.check(
        "propose",
        actor=AGENCY_HEAD,
        at=S.propose,
        evaluation=evaluation(),
        sptjm_signed=True,
        review=review(),
    )
    assert ok == ()
    assert lc.state == "internal_review"


def test_allowed_lists_what_each_actor_may_do_now() -> None:
    lc = internal_review()
    assert lc.allowed(AGENCY_HEAD, at=S.propose) == ("propose",)
    assert lc.allowed(AGENCY_HEAD, at=at(2023, 6, 1)) == ()  # after the 31 May deadline
    assert lc.allowed(TPI, at=S.propose) == ("tpi_reject",)
    assert lc.allowed(UNIT_HEAD, at=S.propose) == ("update_pakta_integritas",)
    assert lc.allowed(MINISTER, at=S.propose) == ()  # nothing to revoke


def test_allowed_shows_revoke_from_any_state_only_while_a_predicate_is_held() -> None:
    """…and only on the TPN's written recommendation (hlm. 63), which needs grounds: a TPI
    monitoring report "tidak memenuhi"."""
    lc = designated()
    assert lc.allowed(MINISTER, at=S.designate) == ()  # no TPN recommendation yet
    lc.fire("pursue_wbbm", actor=UNIT_HEAD, at=S.designate)
    assert lc.state == "building"
    assert "recommend_revocation" not in lc.allowed(TPN, at=S.designate)  # no grounds
    lc.fire("report_monitoring", actor=TPI, at=S.designate, criteria_met=False)
    assert "recommend_revocation" in lc.allowed(TPN, at=S.designate)
    lc.fire("recommend_revocation", actor=TPN, at=S.designate, reason="TPI: tidak memenuhi",
            letter_number="B/7/2023")  # fmt: skip
    assert lc.state == "building"
    assert lc.allowed(MINISTER, at=S.designate) == ("revoke",)
    assert new().allowed(MINISTER, at=S.declare) == ()

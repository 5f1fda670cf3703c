"""Whose evaluation a trigger relies on, and what a TPN recommendation records.

Issue 12, wrong results 1 and 5 (PermenPAN-RB 90/2021, Lampiran II): a proposal
is the agency head's for one unit and one year (hlm. 50), the TPN judges that
proposal (hlm. 52–57), its surveys are its own with at least 30 respondents per
unit (hlm. 55), and it tests the unit by mystery shopping (hlm. 56).
"""

from __future__ import annotations

import pytest

from tests.support.lifecycle import (
    AGENCY,
    AGENCY_HEAD,
    PRELIM,
    PRELIMINARY_REVIEW,
    TPN,
    TPN_REVIEW,
    TPN_SURVEY,
    UNIT_HEAD,
    S,
    at,
    at_panel,
    building,
    evaluation,
    field_evaluation,
    internal_review,
    new,
    proposed,
    review,
    revoke,
    snapshot,
)
from zi_engine import TransitionRefused

IPAK, IPKP = "hasil.bersih_akuntabel.ipak", "hasil.pelayanan_prima.ipkp"


def _propose(lc, ev):  # type: ignore[no-untyped-def]
    return lc.fire(
        "propose",
        actor=AGENCY_HEAD,
        at=S.propose,
        evaluation=ev,
        sptjm_signed=True,
        review=review(),
    )


# -- wrong result 1: another unit's, agency's or year's evaluation -----------------------------


def test_propose_refuses_an_evaluation_of_another_unit_of_another_agency() -> None:
    """The issue's example: an evaluation of LAIN-UNIT of another agency proposes DINKES."""
    lc = internal_review()
    before = snapshot(lc)
    with pytest.raises(TransitionRefused) as info:
        _propose(lc, evaluation(unit="LAIN-UNIT", agency="pemkab-lain"))
    assert info.value.reasons == (
        "the evaluation is of unit 'LAIN-UNIT', not of this unit 'dinkes'; the evaluation is of "
        f"agency 'pemkab-lain', not of this unit's agency {AGENCY!r}",
    )
    assert snapshot(lc) == before


def test_propose_refuses_an_evaluation_of_another_year() -> None:
    """A proposal in 2023 (hlm. 50: proposed each year by 31 May) needs the 2023 LKE, not 2021's."""
    lc = internal_review()
    with pytest.raises(TransitionRefused) as info:
        _propose(lc, evaluation(year=2021))
    assert info.value.reasons == (
        "the evaluation is for 2021, but 'propose' on 2023-05-02 is for 2023",
    )


def test_the_proposal_year_is_read_on_the_wib_calendar() -> None:
    """31 December 2023 20:00 UTC is already 1 January 2024 in Jakarta (WIB, UTC+07:00)."""
    from datetime import datetime, timezone

    from zi_engine.lifecycle import GuardContext
    from zi_engine.lifecycle._evidence import evaluation_is_of_this_unit

    lc = internal_review()
    moment = datetime(2023, 12, 31, 20, tzinfo=timezone.utc)
    ctx = GuardContext(
        lc, AGENCY_HEAD, "propose", moment, {"evaluation": evaluation(year=2023)},
        lc.definition.parameters,
    )  # fmt: skip
    assert evaluation_is_of_this_unit(ctx) == (
        "the evaluation is for 2023, but 'propose' on 2024-01-01 is for 2024"
    )


def test_admit_and_recommend_judge_the_proposal_year_and_the_unit() -> None:
    """Pre-evaluation (hlm. 52) and the field evaluation (hlm. 54) judge the 2023 proposal,
    even when the TPN acts in the next year."""
    lc = proposed()
    with pytest.raises(TransitionRefused) as info:
        lc.fire("admit", actor=TPN, at=at(2024, 1, 15), evaluation=evaluation(year=2024))
    assert info.value.reasons == ("the evaluation is for 2024, but the proposal is for 2023",)
    lc.fire("admit", actor=TPN, at=at(2024, 1, 15), evaluation=evaluation(year=2023))
    lc.fire("to_field", actor=TPN, at=at(2024, 2, 1))
    at_panel(lc)
    with pytest.raises(TransitionRefused) as info:
        lc.fire(
            "recommend", actor=TPN, at=at(2024, 3, 1), evaluation=evaluation("tpn", unit="rsud"),
            **TPN_SURVEY,
        )  # fmt: skip
    assert info.value.reasons == ("the evaluation is of unit 'rsud', not of this unit 'dinkes'",)


def test_the_preliminary_review_is_of_this_unit_too() -> None:
    lc = building(level="jpt_pratama", agency_type="central")
    lc.fire("request_preliminary_review", actor=UNIT_HEAD, at=S.review)
    (reason,) = lc.check(
        "preliminary_passed",
        actor=PRELIM,
        at=S.review,
        evaluation=evaluation("induk", unit="x"),
        review=PRELIMINARY_REVIEW,
    )
    assert reason == "the evaluation is of unit 'x', not of this unit 'dinkes'"


def test_an_evaluation_that_does_not_say_whose_it_is_is_refused() -> None:
    class Anonymous:
        rubric_id, rubric_version, rubric_hash = "r", "1", "sha256:0"
        total, layer = 90.0, "tpi"
        eligibility = evaluation().eligibility

    lc = internal_review()
    with pytest.raises(TransitionRefused) as info:
        _propose(lc, Anonymous())
    assert info.value.reasons == (
        "the evaluation does not say whose it is (it has no unit_id, agency_id, year); "
        "'propose' needs the evaluation of this unit",
    )


def test_the_record_keeps_unit_agency_year_and_submission_hash(rubric, make_submission) -> None:  # type: ignore[no-untyped-def]
    """With a real evaluation: the record names the exact answers, and a changed answer
    changes the hash."""
    import zi_engine
    from zi_engine import AgencyInfo, UnitInfo

    unit = UnitInfo(id="dinkes", name="Dinas Kesehatan", agency=AgencyInfo(id=AGENCY))
    sub = make_submission().model_copy(update={"unit": unit, "year": 2023})
    ev = zi_engine.evaluate(rubric, sub)
    assert ev.survey_layers == {IPAK: "unit", IPKP: "unit"}  # the unit's own answers
    lc = internal_review()
    from zi_engine.lifecycle import GuardContext
    from zi_engine.lifecycle._evidence import evaluation_is_of_this_unit

    ctx = GuardContext(
        lc, AGENCY_HEAD, "propose", S.propose, {"evaluation": ev}, lc.definition.parameters
    )
    assert evaluation_is_of_this_unit(ctx) is None
    from zi_engine.lifecycle import EvaluationSummary

    summary = EvaluationSummary.of(ev).to_dict()
    assert (summary["unit_id"], summary["agency_id"], summary["year"]) == ("dinkes", AGENCY, 2023)
    assert summary["submission_hash"] == ev.submission_hash
    assert summary["submission_hash"].startswith("sha256:")
    qid = next(iter(sub.answers))
    changed = sub.with_answers({qid: None})
    assert zi_engine.evaluate(rubric, changed).submission_hash != ev.submission_hash
    assert zi_engine.evaluate(rubric, sub).submission_hash == ev.submission_hash


def test_old_records_without_identity_keep_their_hashes() -> None:
    """A record written before the identity was kept has none in its text: it loads as it was."""
    from zi_engine.lifecycle import EvaluationSummary

    old = EvaluationSummary("r", "1", "sha256:0", 80.0, "tpi")
    assert set(old.to_dict()) == {"rubric_id", "rubric_version", "rubric_hash", "total", "layer"}


# -- wrong result 5: recommend needs the TPN's surveys -------------------------------------


def test_recommend_needs_the_tpn_values_of_both_surveys() -> None:
    """TPN runs both surveys itself (hlm. 55): a TPN evaluation whose IPKP value is still the
    TPI's is refused, though its layer (the highest used) is ``tpn``."""
    lc = at_panel(field_evaluation())
    ev = evaluation("tpn", surveys={IPAK: "tpn", IPKP: "tpi"})
    with pytest.raises(TransitionRefused) as info:
        lc.fire("recommend", actor=TPN, at=S.recommend, evaluation=ev, **TPN_SURVEY)
    assert info.value.reasons == (
        f"the TPN's own value for survey {IPKP} is missing (it has the TPI answer); the surveys "
        "are the TPN's (hlm. 55)",
    )
    ev = evaluation("tpn", surveys={IPAK: None, IPKP: "tpn"})
    (reason,) = lc.check("recommend", actor=TPN, at=S.recommend, evaluation=ev, **TPN_SURVEY)
    assert reason.startswith(f"the TPN's own value for survey {IPAK} is missing (it has no value)")


def test_recommend_records_respondents_and_mystery_shopping() -> None:
    """At least 30 respondents per unit (hlm. 55 huruf d); mystery shopping (hlm. 56)."""
    lc = at_panel(field_evaluation())
    ev = evaluation("tpn")
    reasons = lc.check("recommend", actor=TPN, at=S.recommend, evaluation=ev, review=TPN_REVIEW)
    assert any("survey_respondents= is required" in r for r in reasons)
    assert any("mystery_shopping_done= is required" in r for r in reasons)
    (reason,) = lc.check(
        "recommend", actor=TPN, at=S.recommend, evaluation=ev, review=TPN_REVIEW,
        survey_respondents=29, mystery_shopping_done=False,
    )  # fmt: skip
    assert reason == (
        "the survey had 29 respondents; at least 30 per unit are needed (hlm. 55), fewer only "
        "with survey_sample_basis= saying on what statistical basis; the mystery-shopping test "
        "has not been done (hlm. 56)"
    )
    record = lc.fire(
        "recommend", actor=TPN, at=S.recommend, evaluation=ev, review=TPN_REVIEW,
        survey_respondents=30, mystery_shopping_done=True,
    )  # fmt: skip
    assert dict(record.details) == {"survey_respondents": 30, "mystery_shopping_done": True}


def test_fewer_respondents_with_the_statistical_basis_stated() -> None:
    """hlm. 55 huruf d: a unit serving fewer than 30 people is surveyed on a number the survey
    team sets by statistical rules; the record keeps why."""
    lc = at_panel(field_evaluation())
    basis = "penerima layanan 18 orang; sensus seluruh penerima"
    record = lc.fire(
        "recommend", actor=TPN, at=S.recommend, evaluation=evaluation("tpn"), review=TPN_REVIEW,
        survey_respondents=18, survey_sample_basis=basis, mystery_shopping_done=True,
    )  # fmt: skip
    assert record.details["survey_sample_basis"] == basis
    assert record.details["survey_respondents"] == 18


def test_a_respondent_count_is_a_whole_number() -> None:
    lc = at_panel(field_evaluation())
    ev = evaluation("tpn")
    for bad, shown in ((-1, "-1"), (True, "bool"), (30.0, "float"), ("30", "the text '30'")):
        reasons = lc.check(
            "recommend", actor=TPN, at=S.recommend, evaluation=ev, review=TPN_REVIEW,
            survey_respondents=bad, mystery_shopping_done=True,
        )  # fmt: skip
        assert reasons == (f"survey_respondents= must be a whole number, 0 or more, got {shown}",)


# -- wrong result 6: the lock after a revocation bars only the proposal -----------------------


def _revoked_on(day):  # type: ignore[no-untyped-def]
    from tests.support.lifecycle import designated

    lc = designated()
    revoke(lc, day, "maladministrasi")
    return lc


def test_a_revoked_unit_resumes_building_at_once() -> None:
    """hlm. 63–64: "tidak dapat diajukan lagi ... selang 2 tahun setelah penetapan pencabutan
    diterbitkan" – only the proposal is barred, not building."""
    revoked = at(2024, 3, 1)
    lc = _revoked_on(revoked)
    lc.fire("resume", actor=UNIT_HEAD, at=revoked)
    assert (lc.state, lc.building_since) == ("building", revoked)


def test_a_revoked_unit_can_be_proposed_exactly_two_years_after_the_revocation() -> None:
    """Revoked 1 March 2024, building again the same day: a proposal on 1 March 2026 (in the
    window, before 31 May, hlm. 50) is allowed – two years, not three (lock + a year of
    building); a second earlier it is not."""
    revoked = at(2024, 3, 1)
    lc = _revoked_on(revoked)
    lc.fire("resume", actor=UNIT_HEAD, at=revoked)
    lc.fire("request_internal_review", actor=UNIT_HEAD, at=at(2026, 2, 1))
    ev = evaluation(year=2026)
    from datetime import timedelta

    early = lc.check(
        "propose", actor=AGENCY_HEAD, at=revoked.replace(year=2026) - timedelta(seconds=1),
        evaluation=ev, sptjm_signed=True, review=review(),
    )  # fmt: skip
    assert early == (
        "the predicate was revoked on 2024-03-01T09:00:00+07:00; no proposal for 2 years, "
        "until 2026-03-01T09:00:00+07:00",
    )
    lc.fire(
        "propose", actor=AGENCY_HEAD, at=revoked.replace(year=2026), evaluation=ev,
        sptjm_signed=True, review=review(),
    )  # fmt: skip
    assert lc.state == "proposed"


def test_building_after_revocation_counts_from_resume() -> None:
    """Resumed a year after the revocation: the year of building (Tabel 5, hlm. 46) ends a
    year after resume, which is after the lock."""
    revoked = at(2024, 3, 1)
    lc = _revoked_on(revoked)
    lc.fire("resume", actor=UNIT_HEAD, at=at(2025, 4, 1))
    lc.fire("request_internal_review", actor=UNIT_HEAD, at=at(2026, 3, 2))
    (reason,) = lc.check(
        "propose", actor=AGENCY_HEAD, at=at(2026, 3, 2), evaluation=evaluation(year=2026),
        sptjm_signed=True, review=review(),
    )  # fmt: skip
    assert reason.startswith("the unit has been building toward Menuju WBK since 2025-04-01")


def test_a_new_unit_needs_no_lock() -> None:
    assert new().revoked_at is None

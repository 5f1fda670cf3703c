"""Pemantauan and the path to a revocation (PermenPAN-RB 90/2021, Lampiran II Bab IV).

Golden values by hand from hlm. 61–64: a TPI report at least every two years
(a unit holding Menuju WBK: unless proposed for Menuju WBBM in that period);
the TPN verifies; a report of maladministration is clarified with the TPI and
verified in the field by the TPN; a revocation rests on a TPI report
"tidak memenuhi" or on maladministration so found, is recommended in writing by
the TPN and decided by the Minister.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.lifecycle import (
    AGENCY,
    MINISTER,
    TPI,
    TPN,
    UNIT_HEAD,
    S,
    at,
    building,
    designated,
    review,
    revoke,
)
from zi_engine import Lifecycle, Portfolio, TransitionRefused
from zi_engine._calendar import add_years
from zi_engine.lifecycle._monitoring import monitoring_status

SECOND = timedelta(seconds=1)


def test_the_first_report_is_due_two_years_after_the_designation() -> None:
    """hlm. 61: "setidaknya setiap dua tahunan" – designated 1 December 2023 09:00 WIB, the
    first report is due by 1 December 2025 09:00 WIB; a second later it is overdue."""
    lc = designated()
    assert S.designate == at(2023, 12, 1)
    status = monitoring_status(lc, at(2025, 12, 1))
    assert status is not None
    assert (status.period_start, status.due, status.overdue) == (
        at(2023, 12, 1), at(2025, 12, 1), False,
    )  # fmt: skip
    late = monitoring_status(lc, at(2025, 12, 1) + SECOND)
    assert late is not None
    assert late.overdue


def test_a_report_starts_the_next_period_and_the_unit_stays_where_it_is() -> None:
    lc = designated()
    record = lc.fire("report_monitoring", actor=TPI, at=at(2025, 6, 2), criteria_met=True,
                     reason="IKU tercapai", letter_number="700/15/ITDA/2025")  # fmt: skip
    assert (record.source, record.dest, lc.state, lc.predicate) == (
        "designated", "designated", "designated", "WBK",
    )  # fmt: skip
    status = monitoring_status(lc, at(2026, 1, 1))
    assert status is not None
    assert (status.due, status.last_report, status.last_report_met) == (
        at(2027, 6, 2), at(2025, 6, 2), True,
    )  # fmt: skip


def test_a_wbk_unit_proposed_for_wbbm_in_the_period_owes_no_report_for_it() -> None:
    """hlm. 61 angka 3: "apabila pada kurun waktu tersebut ... tidak diajukan untuk
    mendapatkan predikat Menuju WBBM" – the WBBM proposal of 2 May 2025 starts the period."""
    from tests.support.lifecycle import AGENCY_HEAD, evaluation

    lc = designated()
    lc.fire("pursue_wbbm", actor=UNIT_HEAD, at=at(2024, 1, 5))
    lc.fire("request_internal_review", actor=UNIT_HEAD, at=at(2025, 3, 1))
    lc.fire("propose", actor=AGENCY_HEAD, at=at(2025, 5, 2), evaluation=evaluation(year=2025),
            sptjm_signed=True, review=review())  # fmt: skip
    status = monitoring_status(lc, at(2026, 1, 1))
    assert status is not None
    assert (status.period_start, status.due) == (at(2025, 5, 2), at(2027, 5, 2))
    assert not status.overdue


def test_nothing_is_due_without_a_predicate() -> None:
    assert monitoring_status(building(), at(2030, 1, 1)) is None
    lc = designated()
    revoke(lc, at(2024, 6, 1))
    assert monitoring_status(lc, at(2030, 1, 1)) is None


def test_only_a_held_predicate_is_monitored() -> None:
    with pytest.raises(TransitionRefused) as info:
        building().fire("report_monitoring", actor=TPI, at=S.review, criteria_met=True)
    assert info.value.reasons == ("the unit holds no predicate (Menuju WBK/WBBM) to monitor",)


def test_the_tpn_verifies_a_report_it_has_not_verified_yet() -> None:
    """hlm. 63 angka 1: the TPN verifies the TPI's monitoring reports."""
    lc = designated()
    (reason,) = lc.check("verify_monitoring", actor=TPN, at=at(2025, 1, 1), confirmed=True)
    assert reason == "there is no TPI monitoring report to verify since the last verification"
    lc.fire("report_monitoring", actor=TPI, at=at(2025, 1, 1), criteria_met=True)
    lc.fire("verify_monitoring", actor=TPN, at=at(2025, 2, 1), confirmed=True)
    assert lc.check("verify_monitoring", actor=TPN, at=at(2025, 2, 1), confirmed=True) != ()


def test_a_complaint_is_clarified_by_the_tpi_then_verified_in_the_field() -> None:
    """hlm. 62 angka 5 and hlm. 63 angka 3: complaint → TPI clarification → TPN field
    verification; only a finding after clarification grounds a revocation."""
    lc = designated()
    when = at(2024, 8, 1)
    (reason,) = lc.check("clarify", actor=TPI, at=when, reason="x")
    assert reason == "there is no open report of maladministration to clarify or verify"
    lc.fire("report_maladministration", actor=TPN, at=when, reason="pungli di loket",
            received_on=when.date())  # fmt: skip
    (reason,) = lc.check("verify_in_field", actor=TPN, at=when, maladministration_found=True,
                         reason="terbukti")  # fmt: skip
    assert reason.startswith("the TPI has not yet clarified the report of maladministration")
    (reason,) = lc.check("recommend_revocation", actor=TPN, at=when, reason="r",
                         letter_number="B/1")  # fmt: skip
    assert reason.startswith("a revocation needs a TPI monitoring report")
    lc.fire("clarify", actor=TPI, at=when, reason="petugas mengakui")
    lc.fire("verify_in_field", actor=TPN, at=when, maladministration_found=True, reason="terbukti")
    lc.fire("recommend_revocation", actor=TPN, at=when, reason="maladministrasi terbukti",
            letter_number="B/120/D.RB/2024")  # fmt: skip
    record = lc.fire("revoke", actor=MINISTER, at=at(2024, 9, 1), reason="maladministrasi",
                     decree_number="KEP-MENPANRB/9/2024")  # fmt: skip
    assert (lc.state, lc.predicate, record.details["decree_number"]) == (
        "revoked", None, "KEP-MENPANRB/9/2024",
    )  # fmt: skip


def test_a_field_verification_that_finds_nothing_grounds_no_revocation() -> None:
    lc = designated()
    when = at(2024, 8, 1)
    lc.fire("report_maladministration", actor=TPI, at=when, reason="aduan")
    lc.fire("clarify", actor=TPI, at=when, reason="klarifikasi")
    lc.fire("verify_in_field", actor=TPN, at=when, maladministration_found=False, reason="tidak")
    assert "recommend_revocation" not in lc.allowed(TPN, at=when)
    assert "revoke" not in lc.allowed(MINISTER, at=when)


def test_the_minister_revokes_only_on_a_written_recommendation() -> None:
    lc = designated()
    when = at(2024, 8, 1)
    (reason,) = lc.check("revoke", actor=MINISTER, at=when, reason="x")
    assert reason == (
        "the Minister revokes on the TPN's written recommendation (recommend_revocation), and "
        "there is none (hlm. 63)"
    )
    lc.fire("report_monitoring", actor=TPI, at=when, criteria_met=False)
    reasons = lc.check("recommend_revocation", actor=TPN, at=when, reason="tidak memenuhi")
    assert reasons == (
        "letter_number= is required for 'recommend_revocation': the TPN's recommendation letter",
    )


def test_a_restored_lifecycle_knows_its_monitoring() -> None:
    lc = designated()
    lc.fire("report_monitoring", actor=TPI, at=at(2025, 6, 2), criteria_met=False)
    again = Lifecycle.from_dict(lc.to_dict())
    assert monitoring_status(again, at(2026, 1, 1)) == monitoring_status(lc, at(2026, 1, 1))


def test_the_portfolio_lists_overdue_reports_as_of_a_date() -> None:
    late = designated("dinkes")
    on_time = designated("rsud")
    on_time.fire("report_monitoring", actor=TPI, at=at(2025, 11, 1), criteria_met=True)
    portfolio = Portfolio([late, on_time, building("disdik")])
    found = portfolio.overdue_monitoring(at=at(2026, 1, 5))
    assert [(s.unit_id, s.agency_id, s.due) for s in found] == [("dinkes", AGENCY, at(2025, 12, 1))]
    assert portfolio.overdue_monitoring(at=at(2025, 12, 1)) == []


# -- properties over generated histories -----------------------------------------------------

_STEPS = st.lists(
    st.tuples(st.integers(1, 1200), st.sampled_from(["report", "report", "wait", "complaint"])),
    max_size=8,
)


@settings(max_examples=60, deadline=None)
@given(steps=_STEPS, probe=st.integers(0, 1500))
def test_the_due_date_is_two_years_after_the_latest_designation_or_report(
    steps: list[tuple[int, str]], probe: int
) -> None:
    """Over generated histories of reports (either outcome), complaints and waits: the due
    date is exactly two years (WIB calendar) after the designation or the latest report,
    whichever is later; a report on the day is never overdue; other events move nothing."""
    lc = designated()
    when = S.designate
    latest: datetime = S.designate
    for days, kind in steps:
        when = when + timedelta(days=days)
        if kind == "report":
            lc.fire("report_monitoring", actor=TPI, at=when, criteria_met=days % 2 == 0)
            latest = when
            status = monitoring_status(lc, when)
            assert status is not None
            assert not status.overdue
        elif kind == "complaint":
            lc.fire("report_maladministration", actor=TPN, at=when, reason="aduan")
    moment = when + timedelta(days=probe)
    status = monitoring_status(lc, moment)
    assert status is not None
    assert status.period_start == latest
    assert status.due == add_years(latest, 2)
    assert status.overdue == (moment > add_years(latest, 2))


@settings(max_examples=40, deadline=None)
@given(resume_after=st.integers(0, 900), propose_after=st.integers(0, 1200))
def test_the_lock_bars_proposals_only_for_two_years(resume_after: int, propose_after: int) -> None:
    """Over generated revocation histories: building resumes whenever asked; the lock guard
    refuses a proposal exactly when it is less than two years after the revocation."""
    from tests.support.lifecycle import AGENCY_HEAD
    from zi_engine.lifecycle import GuardContext
    from zi_engine.lifecycle._builtin import revocation_lock_passed

    lc = designated()
    revoked = at(2024, 3, 1)
    revoke(lc, revoked)
    resumed = revoked + timedelta(days=resume_after)
    lc.fire("resume", actor=UNIT_HEAD, at=resumed)  # never refused for the lock
    moment = resumed + timedelta(days=propose_after)
    ctx = GuardContext(lc, AGENCY_HEAD, "propose", moment, {}, lc.definition.parameters)
    assert (revocation_lock_passed(ctx) is None) == (moment >= add_years(revoked, 2))


# -- the designation decree (hlm. 59–60) -----------------------------------------------------


def test_designate_records_the_decree_number_date_and_validity() -> None:
    from tests.support.lifecycle import field_evaluation, recommended_now

    lc = recommended_now(field_evaluation())
    reasons = lc.check("designate", actor=MINISTER, at=S.designate)
    assert "decree_number= is required for 'designate': the number of the Minister's decree" in (
        reasons
    )
    record = lc.fire(
        "designate", actor=MINISTER, at=S.designate, decree_number="KEP-MENPANRB/512/2023",
        decree_date=S.designate.date(), valid_until=S.designate.date().replace(year=2026),
    )  # fmt: skip
    assert dict(record.details) == {
        "decree_number": "KEP-MENPANRB/512/2023",
        "decree_date": "2023-12-01",
        "valid_until": "2026-12-01",
    }


def test_a_decree_dated_in_the_future_or_ending_before_it_starts_is_refused() -> None:
    from tests.support.lifecycle import field_evaluation, recommended_now

    lc = recommended_now(field_evaluation())
    (reason,) = lc.check(
        "designate", actor=MINISTER, at=S.designate, decree_number="KEP/1",
        decree_date=S.designate.date() + timedelta(days=1), valid_until=S.designate.date(),
    )  # fmt: skip
    assert reason == (
        "the decree is dated 2023-12-02, after the designation is recorded (2023-12-01); the "
        "decree's validity ends on 2023-12-01, not after its date 2023-12-02"
    )
    (reason,) = lc.check(
        "designate", actor=MINISTER, at=S.designate, decree_number="KEP/1",
        decree_date=S.recommend.date() - timedelta(days=1),
    )  # fmt: skip
    assert reason == (
        "the decree is dated 2023-07-31, before the TPN's recommendation (2023-08-01)"
    )

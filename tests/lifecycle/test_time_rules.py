"""The rules that depend on time: windows, the building year, the revocation lock, WBBM."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from tests.support.lifecycle import (
    AGENCY_HEAD,
    MINISTER,
    TPI,
    TPN,
    TPN_SURVEY,
    UNIT_HEAD,
    WIB,
    S,
    at,
    at_panel,
    building,
    designated,
    evaluation,
    new,
    review,
    revoke,
)
from zi_engine._calendar import add_years
from zi_engine.lifecycle import GuardContext, Lifecycle, TransitionRefused

SECOND = timedelta(seconds=1)


def ready_to_propose(declared: datetime, reviewed: datetime) -> Lifecycle:
    lc = new()
    lc.fire(
        "declare",
        actor=UNIT_HEAD,
        at=declared,
        pakta_integritas_signed=True,
        staff_signed=40,
        staff_total=42,
    )
    lc.fire("select_unit", actor=AGENCY_HEAD, at=declared)
    lc.fire("start_building", actor=UNIT_HEAD, at=declared)
    lc.fire("request_internal_review", actor=UNIT_HEAD, at=reviewed)
    return lc


def propose_reasons(lc: Lifecycle, when: datetime) -> tuple[str, ...]:
    year = when.astimezone(WIB).year  # the evaluation of the proposal's own year
    return lc.check(
        "propose",
        actor=AGENCY_HEAD,
        at=when,
        evaluation=evaluation(year=year),
        sptjm_signed=True,
        review=review(),
    )


# -- proposal window ---------------------------------------------------------------------------


def test_default_deadline_is_31_may_in_jakarta_time() -> None:
    lc = ready_to_propose(at(2022, 1, 10), at(2023, 5, 1))
    assert propose_reasons(lc, at(2023, 5, 31, 23, 59)) == ()
    late = propose_reasons(lc, at(2023, 6, 1, 0, 0))
    assert late == (
        "2023-06-01 (UTC+07:00) is outside the 2023 proposal window 2023-01-01 to 2023-05-31 "
        "(the default deadline (05-31))",
    )
    # 31 May 17:30 UTC is already 1 June in Jakarta: the caller's time zone does not matter
    utc_evening = datetime(2023, 5, 31, 17, 30, tzinfo=timezone.utc)
    assert len(propose_reasons(lc, utc_evening)) == 1
    assert propose_reasons(lc, datetime(2023, 5, 31, 16, 59, tzinfo=timezone.utc)) == ()


def test_a_window_moved_by_letter_replaces_the_deadline_for_that_year() -> None:
    lc = ready_to_propose(at(2022, 1, 10), at(2024, 5, 1))
    assert "2024-07-18 to 2024-07-31" in propose_reasons(lc, at(2024, 5, 30))[0]
    assert len(propose_reasons(lc, at(2024, 7, 17, 23, 59))) == 1
    assert propose_reasons(lc, at(2024, 7, 18, 0, 0)) == ()
    assert propose_reasons(lc, at(2024, 7, 31, 23, 59)) == ()
    assert len(propose_reasons(lc, at(2024, 8, 1, 0, 0))) == 1


# -- one year of building ----------------------------------------------------------------------


def test_a_proposal_needs_a_full_year_of_building() -> None:
    start = at(2022, 3, 15, 10)
    lc = ready_to_propose(start, at(2023, 3, 1))
    early = propose_reasons(lc, at(2023, 3, 15, 10) - SECOND)
    assert len(early) == 1
    assert "possible from 2023-03-15T10:00:00+07:00" in early[0]
    assert propose_reasons(lc, at(2023, 3, 15, 10)) == ()


def test_a_year_from_29_february_ends_on_28_february() -> None:
    """One rule with the eligibility gate (zi_engine._calendar): building since 29 February
    2024 has its year on 28 February 2025 – it used to be refused until 1 March."""
    start = at(2024, 2, 29, 10)
    lc = ready_to_propose(start, at(2025, 2, 1))
    early = propose_reasons(lc, at(2025, 2, 28, 10) - SECOND)
    assert len(early) == 1
    assert "since 2024-02-29; a proposal needs 1 year(s)" in early[0]
    assert "possible from 2025-02-28T10:00:00+07:00" in early[0]
    assert propose_reasons(lc, at(2025, 2, 28, 10)) == ()
    assert add_years(datetime(2024, 2, 29, 12, tzinfo=timezone.utc), 4) == datetime(
        2028, 2, 29, 12, tzinfo=timezone.utc
    )


def test_the_year_is_counted_on_the_definitions_calendar_whatever_zone_the_caller_used() -> None:
    """Building since 2024-02-29 03:00 WIB, given in UTC (2024-02-28 20:00Z): the year is
    over on 28 February 2025 03:00 WIB. Counted in UTC it would end on 2025-02-28 20:00Z,
    seventeen hours later."""
    start = datetime(2024, 2, 28, 20, tzinfo=timezone.utc)
    lc = ready_to_propose(start, at(2025, 2, 1))
    assert propose_reasons(lc, at(2025, 2, 28, 3)) == ()
    (reason,) = propose_reasons(lc, at(2025, 2, 28, 3) - SECOND)
    assert "since 2024-02-29;" in reason
    assert "possible from 2025-02-28T03:00:00+07:00" in reason


# -- WBBM --------------------------------------------------------------------------------------


def test_the_wbbm_path_keeps_wbk_held_and_restarts_the_building_clock() -> None:
    lc = designated()
    pursue = at(2024, 1, 5)
    lc.fire("pursue_wbbm", actor=UNIT_HEAD, at=pursue)
    assert (lc.state, lc.target, lc.predicate) == ("building", "WBBM", "WBK")
    assert lc.building_since == pursue
    lc.fire("request_internal_review", actor=UNIT_HEAD, at=at(2024, 5, 1))
    # less than a year toward WBBM, and the WBBM thresholds are what counts
    ev = evaluation(wbk={"total": "score:pass"}, wbbm={"total": "score:fail"}, year=2025)
    reasons = propose_reasons(lc, at(2024, 7, 20))
    assert len(reasons) == 1
    assert "building toward Menuju WBBM since 2024-01-05" in reasons[0]
    reasons = lc.check(
        "propose",
        actor=AGENCY_HEAD,
        at=at(2025, 5, 2),
        evaluation=ev,
        sptjm_signed=True,
        review=review(),
    )
    assert reasons == ("the TPI evaluation does not meet Menuju WBBM: Total: fail",)


def test_a_failed_wbbm_attempt_returns_to_building_with_wbk_held() -> None:
    lc = designated()
    lc.fire("pursue_wbbm", actor=UNIT_HEAD, at=at(2024, 1, 5))
    lc.fire("request_internal_review", actor=UNIT_HEAD, at=at(2025, 3, 1))
    lc.fire("propose", actor=AGENCY_HEAD, at=at(2025, 5, 2), evaluation=evaluation(year=2025),
            sptjm_signed=True, review=review())  # fmt: skip
    lc.fire("reject", actor=TPN, at=at(2025, 8, 1), reason="IPKP 3.40 < 3.60")
    assert (lc.state, lc.target, lc.predicate) == ("building", "WBBM", "WBK")


def test_designating_wbbm_replaces_wbk_and_ends_the_ladder() -> None:
    lc = designated()
    lc.fire("pursue_wbbm", actor=UNIT_HEAD, at=at(2024, 1, 5))
    lc.fire("request_internal_review", actor=UNIT_HEAD, at=at(2025, 3, 1))
    lc.fire("propose", actor=AGENCY_HEAD, at=at(2025, 5, 2), evaluation=evaluation(year=2025),
            sptjm_signed=True, review=review())  # fmt: skip
    lc.fire("admit", actor=TPN, at=at(2025, 6, 1), evaluation=evaluation(year=2025))
    lc.fire("to_field", actor=TPN, at=at(2025, 7, 1))
    at_panel(lc)
    lc.fire(
        "recommend",
        actor=TPN,
        at=at(2025, 8, 1),
        evaluation=evaluation("tpn", year=2025),
        **{**TPN_SURVEY, "review": review(kind="tpn", year=2025)},
    )
    lc.fire("designate", actor=MINISTER, at=at(2025, 12, 1), decree_number="KEP/9/2025",
            decree_date=at(2025, 12, 1).date())  # fmt: skip
    assert (lc.state, lc.target, lc.predicate) == ("designated", "WBBM", "WBBM")
    with pytest.raises(TransitionRefused) as info:
        lc.fire("pursue_wbbm", actor=UNIT_HEAD, at=at(2026, 1, 1))
    assert info.value.reasons == ("the unit already holds Menuju WBBM",)


def test_wbbm_cannot_be_proposed_without_wbk() -> None:
    from zi_engine.lifecycle import GuardContext
    from zi_engine.lifecycle._builtin import wbbm_requires_wbk

    lc = designated()
    lc.fire("pursue_wbbm", actor=UNIT_HEAD, at=at(2024, 1, 5))
    revoke(lc, at(2024, 2, 1), "maladministrasi")
    # after a revocation the target falls back to WBK, so only a hand-built context
    # can ask for WBBM without WBK; the guard must still refuse it
    ctx = GuardContext(lc, AGENCY_HEAD, "propose", at(2026, 3, 1), {}, lc.definition.parameters)
    assert wbbm_requires_wbk(ctx) is None
    object.__setattr__(lc, "_target", "WBBM")
    assert wbbm_requires_wbk(ctx) == (
        "Menuju WBBM can only be proposed for a unit holding Menuju WBK (holds none)"
    )


# -- revocation and the two-year lock ----------------------------------------------------------


def test_revocation_clears_the_predicate_and_locks_proposals_for_exactly_two_years() -> None:
    """hlm. 63–64: no proposal for 2 years after the revocation decree; building resumes at
    once (issue 12, wrong result 6: the lock used to guard ``resume`` too)."""
    lc = designated()
    revoked = at(2024, 3, 10, 14)
    revoke(lc, revoked, "staff named suspects (bribery)")
    assert (lc.state, lc.target, lc.predicate, lc.revoked_at) == ("revoked", "WBK", None, revoked)
    lc.fire("resume", actor=UNIT_HEAD, at=revoked)
    assert (lc.state, lc.building_since) == ("building", revoked)
    lc.fire("request_internal_review", actor=UNIT_HEAD, at=at(2026, 1, 5))
    params = lc.definition.parameters
    inside = GuardContext(lc, AGENCY_HEAD, "propose", at(2026, 3, 10, 14) - SECOND, {}, params)
    from zi_engine.lifecycle._builtin import revocation_lock_passed

    assert revocation_lock_passed(inside) == (
        "the predicate was revoked on 2024-03-10T14:00:00+07:00; no proposal for 2 years, "
        "until 2026-03-10T14:00:00+07:00"
    )
    after = GuardContext(lc, AGENCY_HEAD, "propose", at(2026, 3, 10, 14), {}, params)
    assert revocation_lock_passed(after) is None


def test_revoke_needs_a_reason() -> None:
    lc = designated()
    with pytest.raises(TransitionRefused) as info:
        lc.fire("revoke", actor=MINISTER, at=at(2024, 3, 10))
    assert any(r.startswith("reason= is required for 'revoke'") for r in info.value.reasons)


def test_revoke_from_a_later_attempt_and_the_lock_also_guards_propose() -> None:
    from zi_engine.lifecycle import GuardContext
    from zi_engine.lifecycle._builtin import revocation_lock_passed

    lc = designated()
    lc.fire("pursue_wbbm", actor=UNIT_HEAD, at=at(2024, 1, 5))
    lc.fire("request_internal_review", actor=UNIT_HEAD, at=at(2024, 2, 1))
    revoke(lc, at(2024, 2, 2), "TPI: criteria no longer met")
    assert (lc.state, lc.predicate) == ("revoked", None)
    params = lc.definition.parameters
    inside = GuardContext(lc, AGENCY_HEAD, "propose", at(2026, 2, 1), {}, params)
    after = GuardContext(lc, AGENCY_HEAD, "propose", at(2026, 2, 2), {}, params)
    assert revocation_lock_passed(inside) is not None
    assert revocation_lock_passed(after) is None


def test_a_lock_from_29_february_ends_on_28_february_two_years_later() -> None:
    from zi_engine.lifecycle._builtin import revocation_lock_passed

    lc = designated()
    lc.fire("pursue_wbbm", actor=UNIT_HEAD, at=at(2024, 1, 5))
    revoke(lc, at(2024, 2, 29, 14), "maladministrasi")
    params = lc.definition.parameters
    early = GuardContext(lc, AGENCY_HEAD, "propose", at(2026, 2, 28, 14) - SECOND, {}, params)
    reason = revocation_lock_passed(early)
    assert reason is not None
    assert reason.endswith("until 2026-02-28T14:00:00+07:00")
    on_time = GuardContext(lc, AGENCY_HEAD, "propose", at(2026, 2, 28, 14), {}, params)
    assert revocation_lock_passed(on_time) is None


def test_nothing_to_revoke_before_a_designation() -> None:
    lc = building()
    with pytest.raises(TransitionRefused) as info:
        lc.fire("revoke", actor=MINISTER, at=S.review, reason="x")
    assert info.value.reasons[0] == "the unit holds no predicate (Menuju WBK/WBBM) to revoke"


def test_no_waiting_period_after_a_tpi_rejection() -> None:
    lc = building()
    lc.fire("request_internal_review", actor=UNIT_HEAD, at=S.review)
    lc.fire("tpi_reject", actor=TPI, at=S.review, reason="pembinaan", review=review())
    lc.fire("request_internal_review", actor=UNIT_HEAD, at=S.review)
    assert lc.state == "internal_review"

"""Rules of Lampiran II that act on an agency: the TPN's override of a failed agency gate
(hlm. 52), a KKN case dropping the agency's proposals (hlm. 65), and the 30% share of
designated units (hlm. 47)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timezone
from typing import Any

import pytest

from tests.support.lifecycle import (
    AGENCY,
    AGENCY_HEAD,
    TPI,
    TPN,
    UNIT_HEAD,
    S,
    at,
    building,
    designated,
    evaluation,
    field_evaluation,
    proposed,
    review,
    revoke,
    snapshot,
)
from zi_engine import (
    AgencyFacts,
    AgencyRecord,
    Engine,
    Lifecycle,
    Portfolio,
    Rubric,
    Submission,
    TransitionRefused,
    UnitInfo,
    UsageError,
    use_language,
)
from zi_engine.lifecycle import Actor
from zi_engine.lifecycle._agency import pre_evaluation_passes_or_tpn_override
from zi_engine.lifecycle._machine import GuardContext

MakeSubmission = Callable[..., Submission]

# -- the TPN's override of a failed agency gate (pra-evaluasi angka 1, hlm. 52) -------------------


def _tpi_evaluation(
    rubric: Rubric, make_submission: MakeSubmission, agency: AgencyFacts, **unit: Any
) -> Any:
    """The TPI's evaluation of the scenario's unit (dinkes, 2023), with ``agency``'s facts
    for the year held in its record."""
    changes = {"unit.building_since": "2022-01-10"} | {f"unit.{k}": v for k, v in unit.items()}
    sub = make_submission(fact_changes=changes)
    who = UnitInfo(id="dinkes", name="Dinas Kesehatan", agency={"id": AGENCY, "type": "regional"})
    sub = sub.model_copy(update={"unit": who, "year": 2023, "as_of": date(2023, 5, 20)})
    tpi = {qid: a.unit.value for qid, a in sub.answers.items() if a.unit is not None}
    sub = sub.with_answers(tpi, layer="tpi")
    record = AgencyRecord(agency_id=AGENCY, year=2023, facts=agency)
    return Engine().evaluate(rubric, sub, agency=record, up_to="tpi")


GOOD = AgencyFacts(bpk_opinion="WTP", sakip_grade="BB", indeks_rb_grade="B", spip_level=3)
# SAKIP CC (below B) and SPIP level 2 (below 3): two of Tabel 5's agency rows fail
WEAK = GOOD.model_copy(update={"sakip_grade": "CC", "spip_level": 2.0})
OVERRIDE = {
    "agency_gates_overridden": "sakip_instansi, maturitas_spip",
    "technical_consideration": "Instansi baru dimekarkan; evaluasi SAKIP berikutnya Juni 2023",
}


def _gates(ev: Any) -> dict[str, str]:
    return {c.id: c.outcome for c in ev.eligibility["WBK"].criteria if c.group == "gate"}


def test_the_evaluation_passes_except_for_the_agency_gates(
    rubric: Rubric, make_submission: MakeSubmission
) -> None:
    good = _tpi_evaluation(rubric, make_submission, GOOD)
    assert good.layer == "tpi"
    assert good.eligibility["WBK"].outcome == "eligible"
    weak = _tpi_evaluation(rubric, make_submission, WEAK)
    failing = {k for k, v in _gates(weak).items() if v != "pass"}
    assert failing == {"sakip_instansi", "maturitas_spip"}


def test_admit_without_an_override_is_refused_on_a_failed_agency_gate(
    rubric: Rubric, make_submission: MakeSubmission
) -> None:
    lc = proposed()
    before = snapshot(lc)
    ev = _tpi_evaluation(rubric, make_submission, WEAK)
    with pytest.raises(TransitionRefused) as refused:
        lc.fire("admit", actor=TPN, at=S.admit, evaluation=ev)
    (reason,) = refused.value.reasons
    assert reason.startswith("the pre-evaluation does not meet Menuju WBK")
    assert "SAKIP instansi minimal B: fail" in reason
    assert "SPIP instansi minimal 3: fail" in reason
    assert snapshot(lc) == before


def test_the_tpn_admits_despite_failed_agency_gates_with_its_reason_on_record(
    rubric: Rubric, make_submission: MakeSubmission
) -> None:
    lc = proposed()
    ev = _tpi_evaluation(rubric, make_submission, WEAK)
    record = lc.fire("admit", actor=TPN, at=S.admit, evaluation=ev, **OVERRIDE)
    assert lc.state == "desk_evaluation"
    # never silent: the evaluation still shows the gates failed, the record keeps the override
    assert _gates(ev)["sakip_instansi"] == "fail"
    assert _gates(ev)["maturitas_spip"] == "fail"
    assert record.actor == TPN
    assert dict(record.details) == OVERRIDE
    restored = Lifecycle.from_dict(lc.to_dict())
    assert dict(restored.history[-1].details) == OVERRIDE


def test_the_override_must_name_exactly_the_failed_agency_gates(
    rubric: Rubric, make_submission: MakeSubmission
) -> None:
    ev = _tpi_evaluation(rubric, make_submission, WEAK)
    for named in ("sakip_instansi", "sakip_instansi, maturitas_spip, opini_bpk"):
        lc = proposed()
        with pytest.raises(TransitionRefused) as refused:
            lc.fire(
                "admit",
                actor=TPN,
                at=S.admit,
                evaluation=ev,
                **(OVERRIDE | {"agency_gates_overridden": named}),
            )
        assert "name exactly the failed agency gates" in refused.value.reasons[0]
        assert "maturitas_spip, sakip_instansi" in refused.value.reasons[0]


def test_the_override_needs_both_the_gates_and_the_consideration(
    rubric: Rubric, make_submission: MakeSubmission
) -> None:
    ev = _tpi_evaluation(rubric, make_submission, WEAK)
    for half in ("agency_gates_overridden", "technical_consideration"):
        with pytest.raises(TransitionRefused) as refused:
            proposed().fire("admit", actor=TPN, at=S.admit, evaluation=ev, **{half: OVERRIDE[half]})
        assert "give both" in refused.value.reasons[0]
    with pytest.raises(TransitionRefused) as blank:
        proposed().fire(
            "admit",
            actor=TPN,
            at=S.admit,
            evaluation=ev,
            **(OVERRIDE | {"technical_consideration": "  "}),
        )
    assert any(
        "technical_consideration= must be a non-empty text" in r for r in blank.value.reasons
    )


def test_unit_gates_and_scores_are_not_overridden(
    rubric: Rubric, make_submission: MakeSubmission
) -> None:
    # TLHP 90% fails a unit gate (Tabel 5, tingkat unit): the agency override does not cover it
    ev = _tpi_evaluation(rubric, make_submission, WEAK, tlhp_percent=90)
    assert _gates(ev)["tlhp"] == "fail"
    with pytest.raises(TransitionRefused) as refused:
        proposed().fire("admit", actor=TPN, at=S.admit, evaluation=ev, **OVERRIDE)
    (reason,) = refused.value.reasons
    assert "tindak lanjut hasil pengawasan" in reason
    assert "sakip_instansi" not in reason


def test_nothing_to_override_when_the_agency_gates_pass(
    rubric: Rubric, make_submission: MakeSubmission
) -> None:
    ev = _tpi_evaluation(rubric, make_submission, GOOD)
    with pytest.raises(TransitionRefused, match="nothing to admit despite"):
        proposed().fire("admit", actor=TPN, at=S.admit, evaluation=ev, **OVERRIDE)
    proposed().fire("admit", actor=TPN, at=S.admit, evaluation=ev)  # and without it, admitted


def test_only_a_tpn_role_may_override(rubric: Rubric, make_submission: MakeSubmission) -> None:
    ev = _tpi_evaluation(rubric, make_submission, WEAK)
    lc = proposed()

    def judged(actor: Actor) -> str | None:
        payload = {"evaluation": ev, **OVERRIDE}
        ctx = GuardContext(lc, actor, "admit", S.admit, payload, lc.definition.parameters)
        return pre_evaluation_passes_or_tpn_override(ctx)

    assert judged(TPN) is None
    assert judged(Actor("ketua", "tpn_ketua_tim")) is None
    refusal = judged(AGENCY_HEAD)
    assert refusal is not None
    assert "only the TPN may admit" in refusal
    with use_language("id"):
        assert "hanya TPN yang dapat meloloskan" in str(judged(TPI))


# -- a KKN case at the agency drops its proposals (hlm. 65) ---------------------------------------

OTHER = "pemkot-banjarbaru"


def _proposed_elsewhere(unit: str) -> Lifecycle:
    """A unit of another agency, proposed on the scenario's date."""
    lc = Lifecycle.new(unit, OTHER)
    head, chief = Actor("kepala", "unit_head", OTHER), Actor("walikota", "agency_head", OTHER)
    lc.fire("declare", actor=head, at=S.declare, pakta_integritas_signed=True,
            staff_signed=40, staff_total=45)  # fmt: skip
    lc.fire("select_unit", actor=chief, at=S.declare)  # penetapan unit kerja (Tahap II)
    lc.fire("start_building", actor=head, at=S.declare)
    lc.fire("request_internal_review", actor=head, at=S.review)
    lc.fire(
        "propose",
        actor=chief,
        at=S.propose,
        evaluation=evaluation(unit=unit, agency=OTHER),
        sptjm_signed=True,
        review=review(unit, agency_id=OTHER),
    )
    return lc


def _proposed_in_2025(unit: str) -> Lifecycle:
    lc = building(unit)
    lc.fire("request_internal_review", actor=UNIT_HEAD, at=at(2025, 3, 1))
    lc.fire(
        "propose",
        actor=AGENCY_HEAD,
        at=at(2025, 5, 2),
        evaluation=evaluation(unit=unit, year=2025),
        sptjm_signed=True,
        review=review(unit),
    )
    return lc


CASE = {
    "reason": "Kepala daerah ditetapkan tersangka suap perizinan",
    "case_reference": "Sprindik-12/DIK.00/01/08/2023",
}


def _kalsel() -> Portfolio:
    return Portfolio(
        [
            proposed("dinkes"),
            proposed("disduk"),
            field_evaluation("rsud"),
            designated("bappeda"),  # designated already: no proposal under way
            building("dishub"),  # never proposed
            _proposed_in_2025("samsat"),  # proposed in another year
            _proposed_elsewhere("dinkes-bjb"),  # another agency
        ]
    )


def test_a_kkn_case_drops_every_proposal_of_the_agency_in_that_year() -> None:
    portfolio = _kalsel()
    untouched = {
        u: snapshot(portfolio.get(u, a))  # type: ignore[arg-type]
        for u, a in (("bappeda", AGENCY), ("dishub", AGENCY), ("samsat", AGENCY))
    } | {"dinkes-bjb": snapshot(portfolio.get("dinkes-bjb", OTHER))}  # type: ignore[arg-type]
    when = at(2023, 9, 10)
    done = portfolio.drop_agency_proposals(
        AGENCY, 2023, actor=TPN, at=when, kkn_case_on=date(2023, 9, 1), **CASE
    )
    assert (done.agency_id, done.year) == (AGENCY, 2023)
    assert done.dropped == ("dinkes", "disduk", "rsud")
    assert done.refused == ()
    assert done.complete
    for unit in done.dropped:
        lc = portfolio.get(unit, AGENCY)
        assert lc is not None
        assert lc.state == "building"
        record = lc.history[-1]
        assert (record.trigger, record.actor, record.at) == ("drop", TPN, when)
        assert record.reason == CASE["reason"]
        assert dict(record.details) == {
            "kkn_case_on": "2023-09-01",
            "case_reference": CASE["case_reference"],
        }
    assert {
        u: snapshot(portfolio.get(u, OTHER if u == "dinkes-bjb" else AGENCY))  # type: ignore[arg-type]
        for u in untouched
    } == untouched


def test_each_unit_is_dropped_on_its_own_and_a_refusal_is_reported() -> None:
    portfolio = _kalsel()
    rsud = portfolio.get("rsud", AGENCY)
    assert rsud is not None
    before = snapshot(rsud)
    # 15 June 2023: after dinkes' and disduk's proposals, before rsud's field visit (1 July)
    done = portfolio.drop_agency_proposals(
        AGENCY, 2023, actor=TPN, at=at(2023, 6, 15), kkn_case_on=date(2023, 6, 10), **CASE
    )
    assert done.dropped == ("dinkes", "disduk")
    ((unit, reasons),) = done.refused
    assert unit == "rsud"
    assert reasons
    assert not done.complete
    assert snapshot(rsud) == before


def test_a_case_outside_the_proposal_year_drops_nothing() -> None:
    portfolio = _kalsel()
    done = portfolio.drop_agency_proposals(
        AGENCY, 2023, actor=TPN, at=at(2024, 1, 10), kkn_case_on=date(2024, 1, 5), **CASE
    )
    assert done.dropped == ()
    assert [u for u, _ in done.refused] == ["dinkes", "disduk", "rsud"]
    assert all("not in the proposal year 2023" in r[0] for _, r in done.refused)


def test_the_proposal_year_is_the_jakarta_year() -> None:
    # proposed on 1 January 2025 at 02:00 WIB, which is still 31 December 2024 in UTC
    lc = building("dinkes")
    lc.fire("request_internal_review", actor=UNIT_HEAD, at=at(2024, 12, 1))
    lc.fire(
        "propose",
        actor=AGENCY_HEAD,
        at=at(2025, 1, 1, 2),
        evaluation=evaluation(year=2025),
        sptjm_signed=True,
        review=review(),
    )
    assert lc.proposed_at is not None
    assert lc.proposed_at.astimezone(timezone.utc).year == 2024
    portfolio = Portfolio([lc])
    kwargs: dict[str, Any] = {"actor": TPN, "at": at(2025, 2, 1), **CASE}
    none = portfolio.drop_agency_proposals(AGENCY, 2024, kkn_case_on=date(2024, 12, 20), **kwargs)
    assert none.dropped == ()
    assert none.refused == ()
    done = portfolio.drop_agency_proposals(AGENCY, 2025, kkn_case_on=date(2025, 1, 20), **kwargs)
    assert done.dropped == ("dinkes",)
    with pytest.raises(UsageError, match="whole number"):
        portfolio.drop_agency_proposals(AGENCY, "2025", kkn_case_on=date(2025, 1, 20), **kwargs)  # type: ignore[arg-type]


# -- more than 30% of the agency's units designated (hlm. 47) ------------------------------------


def _share_portfolio(designated_units: int, building_units: int) -> Portfolio:
    units = [designated(f"d{i}") for i in range(designated_units)]
    units += [building(f"b{i}") for i in range(building_units)]
    return Portfolio(units)


def test_exactly_30_percent_is_not_more_than_30() -> None:
    portfolio = _share_portfolio(3, 7)
    share = portfolio.designation_shares()[AGENCY]
    assert (share.designated, share.units, share.percent) == (3, 10, 30.0)
    assert not share.over_limit
    assert portfolio.agencies_over_designation_limit() == []


def test_more_than_30_percent_is_reported() -> None:
    portfolio = _share_portfolio(1, 2)  # 1 of 3: 33.3%
    (over,) = portfolio.agencies_over_designation_limit()
    assert over.agency_id == AGENCY
    assert over.designated == 1
    assert over.units == 3
    assert over.percent == pytest.approx(100 / 3)
    # the agency has 10 units, the portfolio knows 3 of them: 10%
    (share,) = portfolio.designation_shares(unit_counts={AGENCY: 10}).values()
    assert share.percent == 10.0
    assert not share.over_limit
    with pytest.raises(UsageError, match="cannot be 2"):
        portfolio.designation_shares(unit_counts={AGENCY: 2})


def test_a_unit_holding_wbk_while_building_toward_wbbm_counts_a_revoked_one_does_not() -> None:
    wbbm = designated("wbbm")
    wbbm.fire("pursue_wbbm", actor=UNIT_HEAD, at=at(2024, 1, 10))
    gone = designated("gone")
    revoke(gone, at(2024, 6, 1))
    portfolio = Portfolio([wbbm, gone, building("b0")])
    share = portfolio.designation_shares()[AGENCY]
    assert (share.designated, share.units) == (1, 3)
    assert share.over_limit


def test_the_portfolio_report_names_agencies_over_the_limit() -> None:
    from zi_engine.render import render_portfolio

    text = render_portfolio(_share_portfolio(1, 2), stuck_days=None, at=None)
    assert "More than 30% of units designated" in text
    assert AGENCY in text.split("More than 30% of units designated")[1]
    assert "33.3%" in text
    with use_language("id"):
        indonesian = render_portfolio(_share_portfolio(1, 2), stuck_days=None, at=None)
    assert "tidak perlu mengusulkan lagi" in indonesian
    assert "33,3%" in indonesian
    quiet = render_portfolio(_share_portfolio(3, 7), stuck_days=None, at=None)
    assert "More than 30%" not in quiet

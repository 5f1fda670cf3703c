"""A whole TPI review through the API: three tiers, two revision rounds, and the lifecycle
moving on only once the last tier has signed off."""

from __future__ import annotations

from datetime import datetime

import pytest

import zi_engine
from tests.support.reviews import (
    ANGGOTA,
    KETUA,
    PENGENDALI,
    UNIT_HEAD,
    WIB,
    definition,
    unit_only_submission,
)
from zi_engine import Actor, Lifecycle, Review, Rubric, TransitionRefused

AGENCY, UNIT = "PEMKOT-BJB", "DINKES-BJB"
TPI = Actor("tpi.anggota", "tpi", AGENCY)


def at(month: int, day: int, hour: int = 9) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=WIB)


def in_internal_review() -> Lifecycle:
    lc = Lifecycle.new(UNIT, AGENCY)
    head = Actor("kadinkes", "unit_head", AGENCY)
    lc.fire(
        "declare",
        actor=head,
        at=datetime(2025, 1, 6, tzinfo=WIB),
        pakta_integritas_signed=True,
        staff_signed=40,
        staff_total=42,
    )
    lc.fire(
        "select_unit",
        actor=Actor("walikota", "agency_head", AGENCY),
        at=datetime(2025, 1, 6, tzinfo=WIB),
    )
    lc.fire("start_building", actor=head, at=datetime(2025, 1, 6, tzinfo=WIB))
    lc.fire("request_internal_review", actor=head, at=at(2, 2))
    return lc


def test_a_whole_review_gates_the_lifecycle(rubric: Rubric) -> None:
    lc = in_internal_review()
    review = Review.start(
        definition(), "tpi", rubric=rubric, submission=unit_only_submission(), at=at(3, 2)
    )
    returned = ("mp.p.rencana.b", "mp.p.monev.a")
    for q in review.questions:
        if q in returned:
            review.give_verdict(q, "perlu_revisi", actor=ANGGOTA, at=at(3, 3), note="bukti?")
        else:
            review.give_verdict(q, "sesuai", actor=ANGGOTA, at=at(3, 3))
    # round 1: the unit answers both; round 2: one is returned again, and answered
    review.revise("mp.p.rencana.b", "B", actor=UNIT_HEAD, at=at(3, 10))
    review.revise("mp.p.monev.a", "C", actor=UNIT_HEAD, at=at(3, 10))
    review.give_verdict("mp.p.rencana.b", "sesuai", actor=ANGGOTA, at=at(3, 12))
    review.give_verdict("mp.p.monev.a", "perlu_revisi", actor=ANGGOTA, at=at(3, 12), note="foto?")
    review.revise("mp.p.monev.a", "D", actor=UNIT_HEAD, at=at(3, 17), evidence=["laporan.pdf"])
    review.give_verdict("mp.p.monev.a", "sesuai", actor=ANGGOTA, at=at(3, 18))
    assert review.rounds_closed == 2

    def reject() -> object:
        return lc.fire("tpi_reject", actor=TPI, at=at(3, 20), reason="pembinaan", review=review)

    review.sign_off(actor=ANGGOTA, at=at(3, 19))
    review.sign_off(actor=KETUA, at=at(3, 19, 10))
    with pytest.raises(TransitionRefused) as info:
        reject()
    assert info.value.reasons == (
        "the TPI review is not signed off: awaiting the sign-off of Pengendali teknis TPI",
    )
    assert lc.state == "internal_review"
    # proposing reads the same sign-off, beside its own guards
    evaluation = zi_engine.evaluate(rubric, review.submission, up_to="tpi")
    assert evaluation.layer == "tpi"  # every answer agreed or replaced: the TPI layer is whole
    reasons = lc.check(
        "propose", actor=Actor("walikota", "agency_head", AGENCY), at=at(5, 4),
        evaluation=evaluation, sptjm_signed=True, review=review,
    )  # fmt: skip
    assert "the TPI review is not signed off: awaiting the sign-off of Pengendali teknis TPI" in (
        reasons
    )

    review.sign_off(actor=PENGENDALI, at=at(3, 19, 11))
    record = reject()
    assert lc.state == "building"
    assert record.details == {}  # the review keeps its own history; the record names none


def test_another_units_or_an_unfinished_review_does_not_open_the_gate(rubric: Rubric) -> None:
    lc = in_internal_review()
    review = Review.start(
        definition(), "tpi", rubric=rubric, submission=unit_only_submission(), at=at(3, 2),
        questions=["mp.p.rencana.b"],
    )  # fmt: skip
    reasons = lc.check("tpi_reject", actor=TPI, at=at(3, 20), reason="x", review=review)
    assert reasons == (
        "the TPI review is not signed off: 1 question(s) open; awaiting the sign-off of "
        "Anggota tim TPI",
    )
    start = unit_only_submission()
    elsewhere = start.model_copy(update={"unit": start.unit.model_copy(update={"id": "PKM-X"})})
    theirs = Review.start(
        definition(), "tpi", rubric=rubric, submission=elsewhere, at=at(3, 2),
        questions=["mp.p.rencana.b"],
    )  # fmt: skip
    assert lc.check("tpi_reject", actor=TPI, at=at(3, 20), reason="x", review=theirs) == (
        "the TPI review given is of unit PKM-X of agency PEMKOT-BJB, not of DINKES-BJB of "
        "PEMKOT-BJB; the TPI review is not signed off: 1 question(s) open; awaiting the "
        "sign-off of Anggota tim TPI",
    )  # every failure is listed
    lc2 = in_internal_review()
    tpn = Review.start(
        definition(), "tpn", rubric=rubric, submission=unit_only_submission(), at=at(3, 2),
        questions=["mp.p.rencana.b"],
    )  # fmt: skip
    assert lc2.check("tpi_reject", actor=TPI, at=at(3, 20), reason="x", review=tpn) == (
        "the review given is the tpn review; 'tpi_reject' needs the TPI review",
    )
    assert lc2.check("tpi_reject", actor=TPI, at=at(3, 20), reason="x", review="signed") == (
        "review= is not a review (it has no kind, unit_id, agency_id, signed_off, outstanding, "
        "head_hash)",
    )

"""Who may act in a review, on which question, in what order; a refusal changes nothing."""

from __future__ import annotations

from datetime import datetime

import pytest

import zi_engine
from tests.support.reviews import (
    ANGGOTA,
    KETUA,
    OTHER_AGENCY_TPI,
    OWN_UNIT_TPI,
    PENGENDALI,
    TPN,
    UNIT_HEAD,
    definition,
    minutes,
    unit_only_submission,
)
from zi_engine import Review, ReviewActor, ReviewRefused, Rubric

QUESTIONS = ("mp.p.tim_kerja.a", "mp.p.rencana.b", "mp.r.komitmen_perubahan.a_agen")


def small(rubric: Rubric, kind: str = "tpi") -> Review:
    return Review.start(
        definition(), kind, rubric=rubric, submission=unit_only_submission(), at=minutes(0),
        questions=QUESTIONS,
    )  # fmt: skip


def refused(review: Review, action: str, *args: object, **kwargs: object) -> tuple[str, ...]:
    before = review.to_dict()
    with pytest.raises(ReviewRefused) as info:
        getattr(review, action)(*args, **kwargs)
    assert review.to_dict() == before, "a refused action changed the review"
    return info.value.reasons


def test_only_the_units_own_agency_reviews_and_never_its_own_unit(rubric: Rubric) -> None:
    review = small(rubric)
    q = QUESTIONS[0]
    assert refused(review, "give_verdict", q, "sesuai", actor=OTHER_AGENCY_TPI, at=minutes(1)) == (
        "'tpi.lain' of agency 'PEMKAB-LAIN' cannot review a unit of agency 'PEMKOT-BJB'",
    )
    assert refused(review, "give_verdict", q, "sesuai", actor=OWN_UNIT_TPI, at=minutes(1)) == (
        "'tpi.dinkes' belongs to unit 'DINKES-BJB' and cannot review its own unit's answers",
    )
    no_agency = ReviewActor("tpi.x", "tpi")
    assert (
        "has no agency"
        in refused(review, "give_verdict", q, "sesuai", actor=no_agency, at=minutes(1))[0]
    )
    # a unit head gives no verdicts; a ketua tim signs off but does not check answers
    for actor in (UNIT_HEAD, KETUA):
        reasons = refused(review, "give_verdict", q, "sesuai", actor=actor, at=minutes(1))
        assert f"role {actor.role!r} does not check answers in the tpi review" in reasons[0]


def test_the_tpn_reviews_at_the_national_layer(rubric: Rubric) -> None:
    review = small(rubric, "tpn")
    assert review.spec.layer == "tpn"
    record = review.give_verdict(
        QUESTIONS[1], "tidak_sesuai", actor=TPN, at=minutes(1), answer="C", note="tidak relevan"
    )
    assert record.tier is None
    assert review.submission.answers[QUESTIONS[1]].tpn.value == "C"  # type: ignore[union-attr]
    # the agency's TPI is not the national team
    assert (
        "does not check answers in the tpn review"
        in refused(review, "give_verdict", QUESTIONS[0], "sesuai", actor=ANGGOTA, at=minutes(2))[0]
    )


def test_verdicts_need_notes_and_answers_the_question_accepts(rubric: Rubric) -> None:
    review = small(rubric)
    q = QUESTIONS[1]  # A/B/C; the unit answered A
    assert refused(review, "give_verdict", q, "perlu_revisi", actor=ANGGOTA, at=minutes(1)) == (
        "a verdict 'perlu_revisi' needs a note telling the unit why",
    )
    assert refused(
        review, "give_verdict", q, "tidak_sesuai", actor=ANGGOTA, at=minutes(1), note="x"
    ) == ("a verdict 'tidak_sesuai' needs the reviewer's answer",)
    reasons = refused(
        review, "give_verdict", q, "tidak_sesuai", actor=ANGGOTA, at=minutes(1), answer="Z",
        note="x",
    )  # fmt: skip
    assert reasons[0].startswith("'Z' is not an answer to 'mp.p.rencana.b': ")
    assert refused(
        review, "give_verdict", q, "tidak_sesuai", actor=ANGGOTA, at=minutes(1), answer="A",
        note="x",
    ) == ("the answer 'A' is the unit's own answer; that is 'sesuai'",)  # fmt: skip
    assert refused(
        review, "give_verdict", q, "sesuai", actor=ANGGOTA, at=minutes(1), answer="B"
    ) == ("a verdict 'sesuai' takes no answer of its own; it agrees with 'A'",)
    assert refused(review, "give_verdict", "mp.p.x", "sesuai", actor=ANGGOTA, at=minutes(1)) == (
        "'mp.p.x' is not a question of this review",
    )
    assert refused(review, "give_verdict", q, "setuju", actor=ANGGOTA, at=minutes(1)) == (
        "'setuju' is not a verdict; known: sesuai, perlu_revisi, tidak_sesuai",
    )


def test_only_the_unit_answers_returned_questions_once_per_round(rubric: Rubric) -> None:
    review = small(rubric)
    q = QUESTIONS[1]
    assert (
        "was not returned to the unit in round 1 (it is unchecked)"
        in refused(review, "revise", q, "B", actor=UNIT_HEAD, at=minutes(1))[0]
    )
    review.give_verdict(q, "perlu_revisi", actor=ANGGOTA, at=minutes(1), note="lengkapi")
    review.give_verdict(QUESTIONS[0], "perlu_revisi", actor=ANGGOTA, at=minutes(2), note="SK?")
    assert refused(review, "revise", q, "B", actor=ANGGOTA, at=minutes(3)) == (
        "role 'tpi' does not revise answers in the tpi review (revises: unit_head)",
        "'tpi.anggota' is not of unit 'DINKES-BJB'; only the unit revises its answers",
    )
    review.revise(q, "B", actor=UNIT_HEAD, at=minutes(3))
    assert refused(review, "revise", q, "C", actor=UNIT_HEAD, at=minutes(4)) == (
        "'mp.p.rencana.b' is already answered in round 1; it awaits the re-check",
    )
    assert review.round == 1
    review.revise(QUESTIONS[0], "Ya", actor=UNIT_HEAD, at=minutes(4), note="terlampir")
    assert (review.round, review.status[q], review.status[QUESTIONS[0]]) == (
        2,
        "revised",
        "revised",
    )


def test_tiers_sign_off_in_order_each_by_another_person_and_only_when_nothing_is_open(
    rubric: Rubric,
) -> None:
    review = small(rubric)
    assert refused(review, "sign_off", actor=ANGGOTA, at=minutes(1)) == (
        "3 question(s) are still open: mp.p.tim_kerja.a, mp.p.rencana.b, "
        "mp.r.komitmen_perubahan.a_agen",
    )
    for n, q in enumerate(QUESTIONS):
        review.give_verdict(q, "sesuai", actor=ANGGOTA, at=minutes(1 + n))
    assert refused(review, "sign_off", actor=PENGENDALI, at=minutes(5)) == (
        "the next tier to sign off is Anggota tim TPI (role 'tpi'); 'tpi.pengendali' is "
        "'tpi_pengendali_teknis'",
    )
    review.sign_off(actor=ANGGOTA, at=minutes(5))
    both_tiers = ReviewActor("tpi.anggota", "tpi_ketua_tim", "PEMKOT-BJB", "INSPEKTORAT-BJB")
    assert refused(review, "sign_off", actor=both_tiers, at=minutes(6)) == (
        "'tpi.anggota' already signed off as anggota; each tier is signed by another person",
    )
    assert "reopen the review before changing a verdict" in refused(
        review, "give_verdict", QUESTIONS[0], "perlu_revisi", actor=ANGGOTA, at=minutes(6),
        note="x",
    )[0]  # fmt: skip
    review.sign_off(actor=KETUA, at=minutes(6))
    assert review.outstanding == ("awaiting the sign-off of Pengendali teknis TPI",)
    assert not review.signed_off
    review.sign_off(actor=PENGENDALI, at=minutes(7))
    assert review.signed_off
    assert review.outstanding == ()
    assert refused(review, "reopen", actor=PENGENDALI, at=minutes(8), note="ulang") == (
        "the review is signed off by every tier; nothing can change",
    )


def test_a_higher_tier_reopens_the_review_to_change_a_verdict(rubric: Rubric) -> None:
    review = small(rubric)
    for n, q in enumerate(QUESTIONS):
        review.give_verdict(q, "sesuai", actor=ANGGOTA, at=minutes(1 + n))
    review.sign_off(actor=ANGGOTA, at=minutes(5))
    assert refused(review, "reopen", actor=KETUA, at=minutes(6), note="  ") == (
        "reopening needs a note saying why",
    )
    review.reopen(actor=KETUA, at=minutes(6), note="cek ulang rencana")
    assert review.sign_offs == ()
    review.give_verdict(QUESTIONS[1], "perlu_revisi", actor=ANGGOTA, at=minutes(7), note="cek")
    assert review.open_questions == (QUESTIONS[1],)


def test_time_is_passed_in_aware_and_never_runs_backwards(rubric: Rubric) -> None:
    review = small(rubric)
    review.give_verdict(QUESTIONS[0], "sesuai", actor=ANGGOTA, at=minutes(10))
    assert refused(
        review, "give_verdict", QUESTIONS[1], "sesuai", actor=ANGGOTA, at=minutes(9)
    ) == (
        "2026-03-02T08:09:00+07:00 is before the review's last action (2026-03-02T08:10:00+07:00)",
    )
    with pytest.raises(ValueError, match="timezone-aware"):
        review.give_verdict(QUESTIONS[1], "sesuai", actor=ANGGOTA, at=datetime(2026, 3, 3))
    with pytest.raises(ValueError, match="timezone-aware"):
        Review.start(
            definition(), "tpi", rubric=rubric, submission=unit_only_submission(),
            at=datetime(2026, 3, 3),
        )  # fmt: skip


def test_starting_an_unknown_review_or_questions_is_refused(rubric: Rubric) -> None:
    with pytest.raises(ReviewRefused, match="has no 'audit' review; known: preliminary, tpi, tpn"):
        Review.start(
            definition(), "audit", rubric=rubric, submission=unit_only_submission(), at=minutes(0)
        )
    with pytest.raises(ReviewRefused, match="not questions of permenpan-rb-90-2021"):
        Review.start(
            definition(), "tpi", rubric=rubric, submission=unit_only_submission(), at=minutes(0),
            questions=["mp.p.nope"],
        )  # fmt: skip


def test_a_submission_with_answers_the_rubric_refuses_cannot_be_reviewed(rubric: Rubric) -> None:
    bad = unit_only_submission().with_answers({"mp.p.rencana.b": "Z"})
    with pytest.raises(zi_engine.SubmissionError, match=r"mp\.p\.rencana\.b"):
        Review.start(definition(), "tpi", rubric=rubric, submission=bad, at=minutes(0))


def test_the_parent_unit_s_preliminary_review_writes_the_induk_layer(rubric: Rubric) -> None:
    review = small(rubric, "preliminary")
    induk = ReviewActor("induk", "preliminary_reviewer", "PEMKOT-BJB", "SETDA-BJB")
    review.give_verdict(
        QUESTIONS[1], "tidak_sesuai", actor=induk, at=minutes(1), answer="B", note="sebagian"
    )
    review.give_verdict(QUESTIONS[0], "sesuai", actor=induk, at=minutes(2))
    replaced = review.submission.answers[QUESTIONS[1]]
    agreed = review.submission.answers[QUESTIONS[0]]
    assert replaced.induk is not None
    assert (replaced.induk.value, replaced.induk.notes) == ("B", "sebagian")
    assert replaced.unit == review.initial.answers[QUESTIONS[1]].unit  # the unit's stays
    assert agreed.induk is not None
    assert agreed.induk.value == agreed.unit.value  # type: ignore[union-attr]
    assert (replaced.tpi, replaced.tpn) == (None, None)
    assert review.question(QUESTIONS[1]).history[0].answer == "B"

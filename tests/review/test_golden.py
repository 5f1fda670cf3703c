"""A TPI review computed by hand: three answers lowered, two revised, agreed, signed off."""

from __future__ import annotations

import json

import pytest

import zi_engine
from tests.support.reviews import (
    ANGGOTA,
    KETUA,
    PENGENDALI,
    UNIT_HEAD,
    definition,
    minutes,
    unit_only_submission,
)
from zi_engine import Review, Rubric, layer_differences

# the three answers the TPI lowers, with the unit's answers in the example submission
LOWERED = {
    "mp.p.tim_kerja.a": ("Ya", "Tidak"),
    "mp.p.rencana.b": ("A", "B"),
    "mp.p.rencana.c": ("A", "C"),
}


def test_the_golden_review(rubric: Rubric) -> None:
    """The hand arithmetic (PermenPAN-RB 90/2021 Lampiran III; option values as domain.md):

    A sub-area scores the mean of its questions' values times its weight, so a
    question is worth weight / questions at full value. Ya/Tidak is 1/0;
    A/B/C is 1/0.5/0.

    * Manajemen Perubahan, pemenuhan i. Penyusunan Tim Kerja: weight 0.50,
      2 questions -> 0.25 each. ``mp.p.tim_kerja.a`` Ya -> Tidak: (0 - 1) x 0.25
      = -0.25.
    * ii. Rencana Pembangunan ZI: weight 1.00, 3 questions -> 1/3 each.
      ``mp.p.rencana.b`` A -> B: (0.5 - 1) / 3 = -1/6 (-0.1667);
      ``mp.p.rencana.c`` A -> C: (0 - 1) / 3 = -1/3 (-0.3333).

    Round 1: the TPI returns the three with its lower answers; its total is the
    unit's U0 - (1/4 + 1/6 + 1/3) = U0 - 3/4. The unit revises two (b to B,
    c to B: its own total is U0 - 1/6 - 1/6 = U0 - 1/3) and keeps Ya for
    ``tim_kerja.a`` with a note; every returned question is answered, so round
    1 closes. Round 2: the TPI agrees with b and c (sesuai: its layer takes B)
    and keeps Tidak for ``tim_kerja.a`` (tidak sesuai). The TPI total is
    U0 - 1/3 - 1/4 = U0 - 7/12 (-0.5833); one difference remains:
    ``tim_kerja.a``, -0.25. History: 127 first verdicts + 3 revisions + 3
    re-checks + 3 sign-offs = 136 records.
    """
    start = unit_only_submission()
    u0 = zi_engine.evaluate(rubric, start, up_to="unit").total
    review = Review.start(definition(), "tpi", rubric=rubric, submission=start, at=minutes(0))
    assert len(review.questions) == 127
    assert {q: start.answers[q].unit.value for q in LOWERED} == {  # type: ignore[union-attr]
        q: unit for q, (unit, _) in LOWERED.items()
    }
    clock = iter(range(1, 1000))
    for q in review.questions:
        if q in LOWERED:
            review.give_verdict(
                q, "perlu_revisi", actor=ANGGOTA, at=minutes(next(clock)),
                answer=LOWERED[q][1], note="bukti dukung belum memadai",
                evidence_checked=["dokumen unggahan"],
            )  # fmt: skip
        else:
            review.give_verdict(q, "sesuai", actor=ANGGOTA, at=minutes(next(clock)))

    # round 1: the differences an evaluator looks at first
    first = {d.question: round(d.effect, 4) for d in layer_differences(rubric, review.submission)}
    assert first == {
        "mp.p.tim_kerja.a": -0.25,
        "mp.p.rencana.b": -0.1667,
        "mp.p.rencana.c": -0.3333,
    }
    tpi_total = zi_engine.evaluate(rubric, review.submission, up_to="tpi").total
    assert tpi_total == pytest.approx(u0 - 3 / 4)
    assert review.returned == tuple(LOWERED)

    review.revise("mp.p.rencana.b", "B", actor=UNIT_HEAD, at=minutes(200))
    review.revise("mp.p.rencana.c", "B", actor=UNIT_HEAD, at=minutes(201), evidence=["sosmed.pdf"])
    assert review.rounds_closed == 0  # tim_kerja.a is still unanswered
    review.revise(
        "mp.p.tim_kerja.a", "Ya", actor=UNIT_HEAD, at=minutes(202), note="SK tim terlampir"
    )
    assert (review.round, review.rounds_closed, review.returned) == (2, 1, ())
    assert zi_engine.evaluate(rubric, review.submission, up_to="unit").total == pytest.approx(
        u0 - 1 / 3
    )

    review.give_verdict("mp.p.rencana.b", "sesuai", actor=ANGGOTA, at=minutes(300))
    review.give_verdict("mp.p.rencana.c", "sesuai", actor=ANGGOTA, at=minutes(301))
    review.give_verdict(
        "mp.p.tim_kerja.a", "tidak_sesuai", actor=ANGGOTA, at=minutes(302), answer="Tidak",
        note="SK tim belum ditandatangani kepala unit",
    )  # fmt: skip
    for n, who in enumerate((ANGGOTA, KETUA, PENGENDALI)):
        review.sign_off(actor=who, at=minutes(400 + n))

    assert review.signed_off
    assert zi_engine.evaluate(rubric, review.submission, up_to="tpi").total == pytest.approx(
        u0 - 7 / 12
    )
    [left] = layer_differences(rubric, review.submission)
    assert (left.question, left.answer, left.replaced, left.effect) == (
        "mp.p.tim_kerja.a", "Tidak", "Ya", pytest.approx(-0.25),
    )  # fmt: skip
    assert len(review.history) == 136
    assert [t for t, _, _ in review.sign_offs] == ["anggota", "ketua_tim", "pengendali_teknis"]

    rencana_c = review.question("mp.p.rencana.c")
    assert [(r.action, r.verdict, r.answer, r.round) for r in rencana_c.history] == [
        ("verdict", "perlu_revisi", "C", 1),
        ("revision", None, "B", 1),
        ("verdict", "sesuai", None, 2),
    ]
    assert review.initial.answers["mp.p.rencana.c"].unit.value == "A"  # type: ignore[union-attr]
    assert rencana_c.unit_answers == ("B",)
    assert (rencana_c.status, rencana_c.unit_answer, rencana_c.reviewer_answer) == (
        "sesuai", "B", "B",
    )  # fmt: skip
    tim = review.question("mp.p.tim_kerja.a")
    assert (tim.status, tim.unit_answer, tim.reviewer_answer, tim.note) == (
        "tidak_sesuai", "Ya", "Tidak", "SK tim belum ditandatangani kepala unit",
    )  # fmt: skip

    # the history survives storage (through JSON text) and replays to the same review
    stored = json.loads(json.dumps(review.to_dict()))
    back = Review.from_dict(stored, rubric=rubric, definition=definition())
    assert back.to_dict() == review.to_dict()
    assert back.head_hash == review.head_hash

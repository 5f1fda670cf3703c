"""Any sequence of verdicts, revisions, sign-offs and reopenings keeps a review's invariants.

A model kept beside the review says what each layer's answers must be; the
invariants: a signed-off review has no open question; a refused action
changes nothing; the saved history replays to the same review; the score
of the review's final layers equals scoring a submission built from the
model's answers.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

import zi_engine
from tests.support.properties import examples
from tests.support.reviews import (
    ANGGOTA,
    KETUA,
    OTHER_AGENCY_TPI,
    OWN_UNIT_TPI,
    PENGENDALI,
    START,
    UNIT_HEAD,
    definition,
    unit_only_submission,
)
from zi_engine import Review, ReviewRefused

QUESTIONS = ("mp.p.tim_kerja.a", "mp.p.rencana.b", "mp.p.monev.a", "mp.r.komitmen_perubahan.a_agen")
ANSWERS: dict[str, list[Any]] = {
    "mp.p.tim_kerja.a": ["Ya", "Tidak", "Mungkin", None],
    "mp.p.rencana.b": ["A", "B", "C", "F", None],
    "mp.p.monev.a": ["A", "B", "C", "D", None],
    "mp.r.komitmen_perubahan.a_agen": [0, 3, 8, -1, None],
}
ACTORS = (ANGGOTA, KETUA, PENGENDALI, UNIT_HEAD, OTHER_AGENCY_TPI, OWN_UNIT_TPI)
_RUBRIC = zi_engine.load_rubric("permenpan-rb-90-2021")
_DEFINITION = definition()
_START = unit_only_submission()


class ReviewMachine(RuleBasedStateMachine):
    review: Review

    @initialize()
    def start(self) -> None:
        self.review = Review.start(
            _DEFINITION, "tpi", rubric=_RUBRIC, submission=_START, at=START, questions=QUESTIONS
        )
        self.at = START
        self.unit: dict[str, Any] = {q: _START.answers[q].unit.value for q in QUESTIONS}  # type: ignore[union-attr]
        self.tpi: dict[str, Any] = dict.fromkeys(QUESTIONS)

    def _when(self, data: st.DataObject) -> Any:
        step = data.draw(st.sampled_from([1, 1, 1, 60, 0, -5]), label="minutes later")
        return self.at + timedelta(minutes=step)

    def _attempt(self, action: str, *args: Any, **kwargs: Any) -> bool:
        before = self.review.to_dict()
        try:
            record = getattr(self.review, action)(*args, **kwargs)
        except ReviewRefused as refused:
            reasons = refused.reasons
        else:
            self.at = record.at
            return True
        assert reasons, "a refusal names its reasons"
        assert self.review.to_dict() == before, f"a refused {action} changed the review"
        return False

    @rule(data=st.data())
    def give_verdict(self, data: st.DataObject) -> None:
        q = data.draw(st.sampled_from(QUESTIONS))
        verdict = data.draw(st.sampled_from(["sesuai", "perlu_revisi", "tidak_sesuai", "oke"]))
        answer = data.draw(st.sampled_from(ANSWERS[q]))
        note = data.draw(st.sampled_from(["perbaiki bukti"] * 3 + [None, " "]))
        actor = data.draw(st.sampled_from((ANGGOTA, ANGGOTA, *ACTORS)))
        at = self._when(data)
        if self._attempt("give_verdict", q, verdict, actor=actor, at=at, answer=answer, note=note):
            self.tpi[q] = self.unit[q] if verdict == "sesuai" else answer

    @rule(data=st.data())
    def revise(self, data: st.DataObject) -> None:
        returned = [q for q in self.review.returned if self.review.status[q] == "perlu_revisi"]
        q = data.draw(st.sampled_from(returned * 4 + list(QUESTIONS)))  # mostly a returned one
        answer = data.draw(st.sampled_from(ANSWERS[q]))
        actor = data.draw(st.sampled_from((UNIT_HEAD,) * 4 + ACTORS))
        if self._attempt("revise", q, answer, actor=actor, at=self._when(data)):
            self.unit[q] = answer

    @rule(data=st.data())
    def agree_with_the_rest(self, data: st.DataObject) -> None:
        """The anggota agrees with every open answer not awaiting the unit (so sign-offs happen)."""
        for q in self.review.open_questions:
            if self.review.status[q] != "perlu_revisi" and self._attempt(
                "give_verdict", q, "sesuai", actor=ANGGOTA, at=self._when(data)
            ):
                self.tpi[q] = self.unit[q]

    @rule(data=st.data())
    def sign_off(self, data: st.DataObject) -> None:
        tiers = (ANGGOTA, KETUA, PENGENDALI)
        done = len(self.review.sign_offs)
        usual = [tiers[done]] * 4 if done < len(tiers) else []  # mostly the next tier's
        actor = data.draw(st.sampled_from(usual + list(ACTORS)))
        self._attempt("sign_off", actor=actor, at=self._when(data))

    @rule(data=st.data())
    def reopen(self, data: st.DataObject) -> None:
        actor = data.draw(st.sampled_from(ACTORS))
        note = data.draw(st.sampled_from(["cek ulang", ""]))
        self._attempt("reopen", actor=actor, at=self._when(data), note=note)

    @invariant()
    def signed_off_means_nothing_is_open(self) -> None:
        if self.review.signed_off:
            event("signed off")
            assert self.review.open_questions == ()
            assert len(self.review.sign_offs) == 3

    @invariant()
    def the_history_replays_to_the_same_review(self) -> None:
        saved = json.loads(json.dumps(self.review.to_dict()))
        back = Review.from_dict(saved, rubric=_RUBRIC, definition=_DEFINITION)
        assert back.to_dict() == saved

    @invariant()
    def the_final_layers_score_as_the_modelled_submission(self) -> None:
        expected = _START.with_answers(self.unit, "unit")
        expected = expected.with_answers(
            {q: v for q, v in self.tpi.items() if v is not None}, "tpi"
        )
        for layer in ("unit", "tpi"):
            got = zi_engine.evaluate(_RUBRIC, self.review.submission, up_to=layer).total
            want = zi_engine.evaluate(_RUBRIC, expected, up_to=layer).total
            assert got == want, (layer, got, want)
        for q in QUESTIONS:
            assert self.review.unit_answer(q) == self.unit[q]
            assert self.review.reviewer_answer(q) == self.tpi[q]

    @invariant()
    def a_round_closes_only_when_every_returned_question_is_answered(self) -> None:
        review = self.review
        revised_rounds = {r.round for r in review.history if r.action == "revision"}
        assert review.rounds_closed <= len(revised_rounds)
        if review.rounds_closed:
            event(f"rounds closed: {min(review.rounds_closed, 2)}+")
        assert all(review.status[q] == "perlu_revisi" or review.status[q] == "revised"
                   for q in review.returned)  # fmt: skip


ReviewMachine.TestCase.settings = settings(
    max_examples=examples(0.5),
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_review_state_machine = ReviewMachine.TestCase

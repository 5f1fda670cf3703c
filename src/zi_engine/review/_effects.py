"""What each checked action does to a review: statuses, rounds, sign-offs, answer layers.

Live actions and the replay of a saved history go through :func:`apply_record`,
so a restored review is built by exactly the code that built the original.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from zi_engine.review._records import ReviewRecord
from zi_engine.submission._model import AnswerEntry, LayeredAnswer

if TYPE_CHECKING:
    from zi_engine.review._model import Review

__all__ = ["apply_record"]


def apply_record(review: Review, record: ReviewRecord) -> None:
    """Apply ``record`` (already checked) to ``review`` and append it to the history."""
    question = record.question
    if record.action == "verdict":
        assert question is not None
        _verdict(review, question, record)
    elif record.action == "revision":
        assert question is not None
        layered = review._submission.answers.get(question) or LayeredAnswer()
        entry = AnswerEntry(value=record.answer, notes=record.note, evidence=list(record.evidence))
        _put(review, question, layered.model_copy(update={"unit": entry}))
        review._status[question] = "revised"
        review._returned[question] = True
        _close_round_if_answered(review)
    elif record.action == "sign_off":
        assert record.tier is not None
        review._sign_offs.append((record.tier, record.actor, record.at))
    else:  # reopen: every sign-off is withdrawn
        review._sign_offs.clear()
    review._history.append(record)


def _close_round_if_answered(review: Review) -> None:
    """A round closes when the unit has answered every question returned in it."""
    if review._returned and all(review._returned.values()):
        review._round += 1
        review._returned = {}


def _verdict(review: Review, question: str, record: ReviewRecord) -> None:
    verdict = record.verdict
    assert verdict is not None
    review._status[question] = verdict
    if verdict == "perlu_revisi":
        review._returned[question] = False
    elif review._returned.pop(question, None) is not None:
        # the reviewer settled a returned question itself: the rest may all be answered now
        _close_round_if_answered(review)
    layer = review.spec.layer
    if layer is None:  # a review without a layer keeps its answers in its records only
        return
    # "sesuai" writes the unit's answer to the layer: a fully agreed layer is complete
    value = review.unit_answer(question) if verdict == "sesuai" else record.answer
    layered = review._submission.answers.get(question) or LayeredAnswer()
    entry = (
        None
        if value is None
        else AnswerEntry(value=value, notes=record.note, evidence=list(record.evidence))
    )
    _put(review, question, layered.model_copy(update={layer: entry}))


def _put(review: Review, question: str, layered: LayeredAnswer) -> None:
    answers = dict(review._submission.answers)
    answers[question] = layered
    review._submission = review._submission.model_copy(update={"answers": answers})

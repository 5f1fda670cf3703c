"""A saved review restores exactly, and any change to it is found and named."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

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
from zi_engine import Review, ReviewStateError, Rubric

QUESTIONS = ("mp.p.tim_kerja.a", "mp.p.rencana.b", "mp.p.rencana.c")


@pytest.fixture(scope="module")
def saved(rubric: Rubric) -> dict[str, Any]:
    """Two revision rounds and three sign-offs, saved as JSON data."""
    review = Review.start(
        definition(), "tpi", rubric=rubric, submission=unit_only_submission(), at=minutes(0),
        questions=QUESTIONS,
    )  # fmt: skip
    review.give_verdict(QUESTIONS[0], "sesuai", actor=ANGGOTA, at=minutes(1))
    review.give_verdict(QUESTIONS[1], "perlu_revisi", actor=ANGGOTA, at=minutes(2), note="a")
    review.give_verdict(QUESTIONS[2], "perlu_revisi", actor=ANGGOTA, at=minutes(3), note="b",
                        answer="C")  # fmt: skip
    review.revise(QUESTIONS[1], "B", actor=UNIT_HEAD, at=minutes(4))
    review.revise(QUESTIONS[2], "B", actor=UNIT_HEAD, at=minutes(5))  # round 1 closes
    review.give_verdict(QUESTIONS[1], "sesuai", actor=ANGGOTA, at=minutes(6))
    review.give_verdict(QUESTIONS[2], "perlu_revisi", actor=ANGGOTA, at=minutes(7), note="c")
    review.revise(QUESTIONS[2], "C", actor=UNIT_HEAD, at=minutes(8))  # round 2 closes
    review.give_verdict(QUESTIONS[2], "sesuai", actor=ANGGOTA, at=minutes(9))
    for n, who in enumerate((ANGGOTA, KETUA, PENGENDALI)):
        review.sign_off(actor=who, at=minutes(10 + n))
    assert (review.rounds_closed, review.signed_off) == (2, True)
    data: dict[str, Any] = json.loads(json.dumps(review.to_dict()))
    return data


def test_a_restored_review_is_the_same_and_continues_the_same(
    saved: dict[str, Any], rubric: Rubric
) -> None:
    back = Review.from_dict(copy.deepcopy(saved), rubric=rubric, definition=definition())
    assert back.to_dict() == saved
    assert (back.round, back.rounds_closed, back.signed_off) == (3, 2, True)
    assert back.submission.answers["mp.p.rencana.c"].unit.value == "C"  # type: ignore[union-attr]
    assert [r.answer for r in back.question("mp.p.rencana.c").history] == [
        "C",
        "B",
        None,
        "C",
        None,
    ]
    # without the rubric the chain and rules are verified; answers are not parsed again
    assert Review.from_dict(copy.deepcopy(saved)).head_hash == saved["head"]


def _edit(path: str, value: object) -> Callable[[dict[str, Any]], None]:
    def change(doc: dict[str, Any]) -> None:
        *parents, last = path.split("/")
        here: Any = doc
        for part in parents:
            here = here[int(part)] if part.isdigit() else here[part]
        here[int(last) if last.isdigit() else last] = value

    return change


def _drop_record(doc: dict[str, Any]) -> None:
    del doc["history"][3]


def _swap_records(doc: dict[str, Any]) -> None:
    h = doc["history"]
    h[3], h[4] = h[4], h[3]


TAMPERING: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
    "a note rewritten": (_edit("history/1/note", "tidak ada catatan"), r"history\[1\]\.hash"),
    "an answer changed": (_edit("history/4/answer", "A"), r"history\[4\]\.hash"),
    "a record removed": (_drop_record, r"history\[3\]\.seq"),
    "records reordered": (_swap_records, r"history\[3\]\.seq"),
    "the initial answers swapped": (
        _edit("initial/answers/mp.p.rencana.b", "C"),
        r"history\[0\]\.prev_hash",
    ),
    "the tiers changed": (_edit("spec/tiers/2/actor_role", "tpi"), r"spec"),
    "the state claimed open": (_edit("state/signed_off", False), r"state\.signed_off"),
    "the submission edited": (
        _edit("submission/answers/mp.p.rencana.c", "A"),
        r"submission: differs",
    ),
    "the head replaced": (_edit("head", "0" * 64), r"head"),
    "a naive time": (_edit("history/2/at", "2026-03-02T08:03:00"), r"history\[2\]\.at"),
    "an unknown action": (_edit("history/2/action", "approve"), r"history\[2\]\.action"),
}


@pytest.mark.parametrize("change", sorted(TAMPERING))
def test_tampering_is_detected_and_named(saved: dict[str, Any], change: str) -> None:
    edit, where = TAMPERING[change]
    doc = copy.deepcopy(saved)
    edit(doc)
    with pytest.raises(ReviewStateError, match=where):
        Review.from_dict(doc, definition=definition())


def test_a_rehashed_forgery_that_breaks_the_rules_is_refused(saved: dict[str, Any]) -> None:
    """Recomputing the hashes does not help a history the rules would have refused."""
    from zi_engine._canonical import canonical_hash

    doc = copy.deepcopy(saved)
    # the ketua tim signs off first: the record is rehashed and the chain relinked
    doc["history"][-3]["actor"] = dict(doc["history"][-2]["actor"])
    prev = doc["history"][-4]["hash"]
    for record in doc["history"][-3:]:
        record["prev_hash"] = prev
        content = {k: v for k, v in record.items() if k != "hash"}
        record["hash"] = prev = canonical_hash(content)
    doc["head"] = prev
    with pytest.raises(
        ReviewStateError, match=r"history\[9\]: the rules refuse this action: the next tier"
    ):
        Review.from_dict(doc)


def test_a_document_of_another_rubric_or_definition_is_refused(
    saved: dict[str, Any], rubric: Rubric
) -> None:
    other = copy.deepcopy(saved)
    other["rubric"]["hash"] = "f" * 64
    with pytest.raises(ReviewStateError, match=r"rubric\.hash: the review was made against"):
        Review.from_dict(other, rubric=rubric)
    tpn_as_tpi = copy.deepcopy(saved)
    tpn_as_tpi["kind"] = "tpn"
    with pytest.raises(ReviewStateError, match="tiers differ"):
        Review.from_dict(tpn_as_tpi, definition=definition())


@pytest.mark.parametrize("bad", [None, [], "review", {"format": "zi-engine.review"}])
def test_what_is_not_a_review_document_is_a_clear_error(bad: Any) -> None:
    with pytest.raises(ReviewStateError):
        Review.from_dict(bad)


def test_the_score_of_the_restored_layers_is_the_score_of_the_saved_submission(
    saved: dict[str, Any], rubric: Rubric
) -> None:
    back = Review.from_dict(copy.deepcopy(saved), rubric=rubric)
    stored = zi_engine.Submission.from_dict(saved["submission"])
    assert zi_engine.evaluate(rubric, back.submission, up_to="tpi").total == (
        zi_engine.evaluate(rubric, stored, up_to="tpi").total
    )

"""A review's history: who did what to which question, when – chained by hash.

Records are hashed as the lifecycle's audit records are: SHA-256 over the
RFC 8785 canonical JSON (:mod:`zi_engine._canonical`) of every field but
``hash``, each naming the hash of the record before it. The first record
links to a *genesis* hash over the review's identity – its kind, tiers,
unit, rubric, questions and the submission it started from – so a history
cannot be moved onto another review, and the starting answers cannot be
swapped under it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from zi_engine._canonical import canonical_hash
from zi_engine._text import require_text
from zi_engine.review._tiers import Verdict
from zi_engine.submission._model import RawAnswer

__all__ = [
    "ACTIONS",
    "QuestionReview",
    "ReviewAction",
    "ReviewActor",
    "ReviewRecord",
    "genesis_hash",
    "new_record",
]

ReviewAction = Literal["verdict", "revision", "sign_off", "reopen"]
ACTIONS: tuple[ReviewAction, ...] = ("verdict", "revision", "sign_off", "reopen")


@dataclass(frozen=True, slots=True)
class ReviewActor:
    """Someone who acts in a review: an id, a role of the definition, an agency and a unit.

    ``unit_id`` is the unit the person belongs to: a reviewer never reviews
    the answers of their own unit, and only the unit's own people revise
    them. ``agency_id`` may be ``None`` only for the national team.
    """

    id: str
    role: str
    agency_id: str | None = None
    unit_id: str | None = None

    def __post_init__(self) -> None:
        require_text(self.id, "ReviewActor.id")
        require_text(self.role, "ReviewActor.role")
        if self.agency_id is not None:
            require_text(self.agency_id, "ReviewActor.agency_id")
        if self.unit_id is not None:
            require_text(self.unit_id, "ReviewActor.unit_id")

    def to_dict(self) -> dict[str, str | None]:
        """Plain JSON-able data."""
        return {
            "id": self.id,
            "role": self.role,
            "agency_id": self.agency_id,
            "unit_id": self.unit_id,
        }


@dataclass(frozen=True, slots=True)
class ReviewRecord:
    """One action in a review's history.

    ``question`` is ``None`` for a sign-off or a reopening; ``answer`` is the
    reviewer's answer (a verdict) or the unit's new answer (a revision);
    ``round`` is the revision round the action happened in (1 is the first
    check). ``hash`` is SHA-256 over the canonical JSON of every other field.
    """

    seq: int
    action: ReviewAction
    question: str | None
    round: int
    tier: str | None
    actor: ReviewActor
    at: datetime
    verdict: Verdict | None
    answer: RawAnswer
    note: str | None
    evidence: tuple[str, ...]
    prev_hash: str
    hash: str

    def content(self) -> dict[str, Any]:
        """Every field but ``hash`` as JSON data: what the hash is taken over."""
        return _content(
            self.seq, self.action, self.question, self.round, self.tier, self.actor, self.at,
            self.verdict, self.answer, self.note, self.evidence, self.prev_hash,
        )  # fmt: skip

    def computed_hash(self) -> str:
        """The hash this record's content should have (differs from ``hash`` if altered)."""
        return canonical_hash(self.content())

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data (``at`` as ISO 8601 with its UTC offset)."""
        out = self.content()
        out["hash"] = self.hash
        return out


def _content(
    seq: int,
    action: str,
    question: str | None,
    round: int,
    tier: str | None,
    actor: ReviewActor,
    at: datetime,
    verdict: str | None,
    answer: RawAnswer,
    note: str | None,
    evidence: tuple[str, ...],
    prev_hash: str,
) -> dict[str, Any]:
    return {
        "seq": seq,
        "action": action,
        "question": question,
        "round": round,
        "tier": tier,
        "actor": actor.to_dict(),
        "at": at.isoformat(),
        "verdict": verdict,
        "answer": answer,
        "note": note,
        "evidence": list(evidence),
        "prev_hash": prev_hash,
    }


def new_record(
    seq: int,
    action: ReviewAction,
    question: str | None,
    round: int,
    tier: str | None,
    actor: ReviewActor,
    at: datetime,
    verdict: Verdict | None,
    answer: RawAnswer,
    note: str | None,
    evidence: tuple[str, ...],
    prev_hash: str,
) -> ReviewRecord:
    """A record with its hash computed."""
    digest = canonical_hash(
        _content(
            seq,
            action,
            question,
            round,
            tier,
            actor,
            at,
            verdict,
            answer,
            note,
            evidence,
            prev_hash,
        )
    )
    return ReviewRecord(
        seq, action, question, round, tier, actor, at, verdict, answer, note, evidence,
        prev_hash, digest,
    )  # fmt: skip


def genesis_hash(identity: Mapping[str, Any]) -> str:
    """The ``prev_hash`` of a review's first record: the hash of its identity document."""
    return canonical_hash(dict(identity))


class QuestionReview:
    """One question's state in a review, with its history (read-only view)."""

    __slots__ = ("history", "question", "returned", "reviewer_answer", "status", "unit_answer")

    def __init__(
        self,
        question: str,
        status: str,
        unit_answer: RawAnswer,
        reviewer_answer: RawAnswer,
        returned: bool,
        history: tuple[ReviewRecord, ...],
    ) -> None:
        self.question = question
        self.status = status  # unchecked | perlu_revisi | revised | sesuai | tidak_sesuai
        self.unit_answer = unit_answer
        self.reviewer_answer = reviewer_answer
        self.returned = returned  # returned in the current round
        self.history = history

    @property
    def verdict(self) -> Verdict | None:
        """The latest verdict given, or ``None``."""
        return next((r.verdict for r in reversed(self.history) if r.verdict), None)

    @property
    def note(self) -> str | None:
        """The latest verdict's note."""
        return next((r.note for r in reversed(self.history) if r.action == "verdict"), None)

    @property
    def unit_answers(self) -> tuple[RawAnswer, ...]:
        """Every answer the unit gave in revisions, oldest first (its first is in ``initial``)."""
        return tuple(r.answer for r in self.history if r.action == "revision")

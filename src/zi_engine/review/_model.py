"""A review of one submission at one layer: verdicts, revision rounds, sign-offs, history.

A TPI *anggota* gives each answer a verdict – ``sesuai`` (agreed),
``perlu_revisi`` (returned to the unit, with a note and perhaps the
reviewer's answer) or ``tidak_sesuai`` (the reviewer's answer replaces the
unit's) – the unit answers the questions returned to it, the reviewer
checks them again, and the tiers sign off in order. A round closes when the
unit has answered every question returned in it. Every action is a
hash-chained :class:`ReviewRecord`; the unit's earlier answers live on in
the records and in :attr:`Review.initial`.

Reviewers' answers are written to the review's layer of
:attr:`Review.submission` (a ``sesuai`` writes the unit's answer there, so
the layer is complete once every question is agreed or replaced); the unit's
revisions to its ``unit`` layer. Scoring ``review.submission`` is scoring the
final layers. Time is passed in to every action.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any, Protocol

from zi_engine._i18n import t
from zi_engine._text import require_aware, require_text
from zi_engine.review import _rules
from zi_engine.review._effects import apply_record
from zi_engine.review._errors import ReviewRefused
from zi_engine.review._format import FORMAT, FORMAT_VERSION, answer_parsers
from zi_engine.review._records import (
    QuestionReview,
    ReviewAction,
    ReviewActor,
    ReviewRecord,
    genesis_hash,
    new_record,
)
from zi_engine.review._tiers import ReviewSpec, TierSpec, Verdict
from zi_engine.rubric._rubric import Rubric
from zi_engine.scoring._score import score
from zi_engine.submission._hash import submission_hash
from zi_engine.submission._model import RawAnswer, Submission

__all__ = ["FORMAT", "FORMAT_VERSION", "Review", "ReviewDefinition"]


class ReviewDefinition(Protocol):
    """What a review reads from a lifecycle definition: its name and its ``reviews``."""

    @property
    def name(self) -> str: ...
    @property
    def reviews(self) -> Mapping[str, ReviewSpec]: ...


class Review:
    """A review of one unit's submission by one team (TPI, TPN, parent unit), kept whole.

    Start one with :meth:`start`; act with :meth:`give_verdict`, :meth:`revise`,
    :meth:`sign_off` and :meth:`reopen` (each refused with
    :class:`ReviewRefused`, changing nothing, unless allowed); save with
    :meth:`to_dict` and restore, verified, with :meth:`from_dict`.
    """

    def __init__(self) -> None:
        raise TypeError(
            t("review.no_constructor", "use Review.start(...) or Review.from_dict(...)")
        )

    # -- construction ---------------------------------------------------------------------------

    @classmethod
    def start(
        cls,
        definition: ReviewDefinition,
        kind: str,
        *,
        rubric: Rubric,
        submission: Submission,
        at: datetime,
        questions: Sequence[str] | None = None,
    ) -> Review:
        """Begin the ``kind`` review (``"tpi"``, ``"tpn"``, ...) of ``submission``.

        ``questions`` (default: every question of ``rubric`` that takes an
        answer, in rubric order) are the ones the reviewers must check. A
        submission with answers the rubric does not accept raises
        :class:`~zi_engine.SubmissionError`: nobody agrees with an invalid answer.
        """
        require_aware(at, "at")
        spec = definition.reviews.get(kind)
        if spec is None:
            known = ", ".join(definition.reviews) or t("review.none", "none")
            raise ReviewRefused(
                "start",
                [
                    t(
                        "review.unknown_kind",
                        "{definition} has no {kind!r} review; known: {known}",
                        definition=definition.name,
                        kind=kind,
                        known=known,
                    )
                ],
            )
        answerable = rubric.layout.answerable
        if questions is None:
            chosen = tuple(q for q in rubric.questions if q in answerable)
        else:
            chosen = tuple(dict.fromkeys(questions))
            unknown = [q for q in chosen if q not in answerable]
            if unknown:
                raise ReviewRefused(
                    "start",
                    [
                        t(
                            "review.not_questions",
                            "{questions}: not questions of {rubric} that take answers",
                            questions=", ".join(unknown),
                            rubric=rubric.id,
                        )
                    ],
                )
        score(rubric, submission)  # a SubmissionError names every answer the rubric refuses
        self = object.__new__(cls)
        self._init(
            spec, kind, definition.name, submission,
            {"id": rubric.id, "version": rubric.version, "hash": rubric.content_hash},
            chosen, at, answer_parsers(rubric),
        )  # fmt: skip
        return self

    def _init(
        self,
        spec: ReviewSpec,
        kind: str,
        definition: str,
        submission: Submission,
        rubric: dict[str, str],
        questions: tuple[str, ...],
        started_at: datetime,
        parsers: Mapping[str, Callable[[object], float]] | None,
    ) -> None:
        require_text(kind, "kind")
        self._spec, self._kind, self._definition = spec, kind, definition
        self._unit_id, self._agency_id = submission.unit.id, submission.unit.agency.id
        self._rubric, self._questions, self._started_at = rubric, questions, started_at
        self._initial = self._submission = submission
        self._parsers = parsers
        self._status: dict[str, str] = dict.fromkeys(questions, "unchecked")
        self._round = 1
        self._returned: dict[str, bool] = {}  # returned in this round -> answered by the unit
        self._sign_offs: list[tuple[str, ReviewActor, datetime]] = []
        self._history: list[ReviewRecord] = []
        self._genesis = genesis_hash(self.identity())

    def identity(self) -> dict[str, Any]:
        """What the chain's genesis hash is taken over: the review's fixed facts."""
        return {
            "format": FORMAT,
            "kind": self._kind,
            "definition": self._definition,
            "spec": self._spec.model_dump(mode="json"),
            "unit_id": self._unit_id,
            "agency_id": self._agency_id,
            "rubric": dict(self._rubric),
            "questions": list(self._questions),
            "started_at": self._started_at.isoformat(),
            "initial": self._initial.to_dict(),
        }

    # -- reading --------------------------------------------------------------------------------

    @property
    def spec(self) -> ReviewSpec:
        """The review's tiers, layer, scope and revisers (from the lifecycle definition)."""
        return self._spec

    @property
    def kind(self) -> str:
        """Which review of the definition this is (``tpi``, ``tpn``, ``preliminary``)."""
        return self._kind

    @property
    def definition(self) -> str:
        """The name of the lifecycle definition the tiers come from."""
        return self._definition

    @property
    def unit_id(self) -> str:
        """The unit whose answers are reviewed."""
        return self._unit_id

    @property
    def agency_id(self) -> str:
        """The unit's agency."""
        return self._agency_id

    @property
    def rubric(self) -> Mapping[str, str]:
        """The rubric the answers are checked against: ``id``, ``version``, ``hash``."""
        return dict(self._rubric)

    @property
    def questions(self) -> tuple[str, ...]:
        """The questions under review, in rubric order."""
        return self._questions

    @property
    def started_at(self) -> datetime:
        """When the review began."""
        return self._started_at

    @property
    def initial(self) -> Submission:
        """The submission as it was when the review began."""
        return self._initial

    @property
    def submission(self) -> Submission:
        """The submission now: the unit's revisions and the reviewers' layer applied."""
        return self._submission

    @property
    def submission_hash(self) -> str:
        """The content hash of :attr:`submission` (as ``Evaluation.submission_hash`` writes it):
        the lifecycle's guards compare it with the evaluation's, so a review and an
        evaluation of different answers cannot move a unit on together."""
        return submission_hash(self._submission)

    @property
    def year(self) -> int:
        """The year of the LKE under review."""
        return self._submission.year

    @property
    def status(self) -> Mapping[str, str]:
        """Each question's status: ``unchecked``, ``perlu_revisi``, ``revised``,
        ``sesuai`` or ``tidak_sesuai``."""
        return dict(self._status)

    @property
    def open_questions(self) -> tuple[str, ...]:
        """Questions still to be settled (unchecked, returned, or revised and not re-checked)."""
        return tuple(q for q, s in self._status.items() if s in _rules.OPEN)

    @property
    def round(self) -> int:
        """The current revision round (1: the first check)."""
        return self._round

    @property
    def rounds_closed(self) -> int:
        """Rounds in which the unit answered every question returned to it."""
        return self._round - 1

    @property
    def returned(self) -> tuple[str, ...]:
        """Questions returned to the unit in the current round."""
        return tuple(self._returned)

    @property
    def sign_offs(self) -> tuple[tuple[str, ReviewActor, datetime], ...]:
        """``(tier name, actor, at)`` of every sign-off so far, in tier order."""
        return tuple(self._sign_offs)

    @property
    def signed_off(self) -> bool:
        """Whether the last tier has signed off (what the lifecycle's guards read)."""
        return len(self._sign_offs) == len(self._spec.tiers)

    @property
    def next_tier(self) -> TierSpec | None:
        """The tier that signs off next (``None`` once every tier has)."""
        return _rules.next_tier(self)

    @property
    def outstanding(self) -> tuple[str, ...]:
        """What stands between the review and its last sign-off, in plain words."""
        out: list[str] = []
        still_open = self.open_questions
        if still_open:
            out.append(
                t("review.questions_open", "{count} question(s) open", count=len(still_open))
            )
        tier = self.next_tier
        if tier is not None:
            out.append(
                t("review.awaiting_sign_off", "awaiting the sign-off of {tier}", tier=tier.label)
            )
        return tuple(out)

    @property
    def history(self) -> tuple[ReviewRecord, ...]:
        """Every action, oldest first."""
        return tuple(self._history)

    @property
    def head_hash(self) -> str:
        """The newest record's hash (the genesis hash before any): pin it to detect rewrites."""
        return self._history[-1].hash if self._history else self._genesis

    @property
    def last_at(self) -> datetime:
        """When the last action happened (the start, before any)."""
        return self._history[-1].at if self._history else self._started_at

    def question(self, question: str) -> QuestionReview:
        """One question's status, answers and history."""
        status = self._status.get(question)
        if status is None:
            raise KeyError(
                t(
                    "review.unknown_question",
                    "{question!r} is not a question of this review",
                    question=question,
                )
            )
        return QuestionReview(
            question, status, self.unit_answer(question), self.reviewer_answer(question),
            question in self._returned,
            tuple(r for r in self._history if r.question == question),
        )  # fmt: skip

    def unit_answer(self, question: str) -> RawAnswer:
        """The unit's answer now."""
        layered = self._submission.answers.get(question)
        return layered.unit.value if layered is not None and layered.unit is not None else None

    def reviewer_answer(self, question: str) -> RawAnswer:
        """The answer in the review's layer now (``None`` for a review without a layer)."""
        layer = self._spec.layer
        layered = self._submission.answers.get(question)
        entry = getattr(layered, layer) if layered is not None and layer else None
        return entry.value if entry is not None else None

    def parser(self, question: str) -> Callable[[object], float] | None:
        """The answer type's parser of ``question`` (``None``: restored without a rubric)."""
        return None if self._parsers is None else self._parsers.get(question)

    # -- acting ---------------------------------------------------------------------------------

    def give_verdict(
        self,
        question: str,
        verdict: Verdict,
        *,
        actor: ReviewActor,
        at: datetime,
        answer: RawAnswer = None,
        note: str | None = None,
        evidence_checked: Sequence[str] = (),
    ) -> ReviewRecord:
        """Record a checking tier's verdict on one answer (``answer``: the reviewer's own)."""
        require_aware(at, "at")
        evidence = tuple(evidence_checked)
        reasons = _rules.verdict_reasons(self, question, verdict, actor, at, answer, note, evidence)
        return self._record(
            "verdict", reasons, question, None, actor, at, verdict, answer, note, evidence
        )

    def revise(
        self,
        question: str,
        answer: RawAnswer,
        *,
        actor: ReviewActor,
        at: datetime,
        note: str | None = None,
        evidence: Sequence[str] | None = None,
    ) -> ReviewRecord:
        """The unit answers a question returned to it (``evidence``: ``None`` keeps the old)."""
        require_aware(at, "at")
        kept = tuple(evidence) if evidence is not None else ()
        reasons = _rules.revision_reasons(self, question, actor, at, answer, note, kept)
        if evidence is None:
            layered = self._submission.answers.get(question)
            kept = tuple(layered.unit.evidence) if layered and layered.unit else ()
        return self._record(
            "revision", reasons, question, None, actor, at, None, answer, note, kept
        )

    def sign_off(
        self, *, actor: ReviewActor, at: datetime, note: str | None = None
    ) -> ReviewRecord:
        """The next tier signs off; refused while any question is open."""
        require_aware(at, "at")
        reasons = _rules.sign_off_reasons(self, actor, at, note)
        tier = self.next_tier
        name = tier.name if tier is not None else None
        return self._record("sign_off", reasons, None, name, actor, at, None, None, note, ())

    def reopen(self, *, actor: ReviewActor, at: datetime, note: str) -> ReviewRecord:
        """Withdraw every sign-off (a higher tier disagrees), so verdicts can change again."""
        require_aware(at, "at")
        reasons = _rules.reopen_reasons(self, actor, at, note)
        return self._record("reopen", reasons, None, None, actor, at, None, None, note, ())

    def _record(
        self,
        action: ReviewAction,
        reasons: list[str],
        question: str | None,
        tier: str | None,
        actor: ReviewActor,
        at: datetime,
        verdict: Verdict | None,
        answer: RawAnswer,
        note: str | None,
        evidence: tuple[str, ...],
    ) -> ReviewRecord:
        if reasons:
            raise ReviewRefused(action, reasons)
        record = new_record(
            len(self._history) + 1, action, question, self._round, tier, actor, at, verdict,
            answer, (note or "").strip() or None, evidence, self.head_hash,
        )  # fmt: skip
        self.apply(record)
        return record

    def apply(self, record: ReviewRecord) -> None:
        """Apply a checked record's effect and append it (also how a history is replayed)."""
        apply_record(self, record)

    # -- saving -----------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data; :meth:`from_dict` restores it exactly, verified."""
        from zi_engine.review._persist import document

        return document(self)

    @classmethod
    def from_dict(
        cls,
        data: Mapping[str, Any],
        *,
        rubric: Rubric | None = None,
        definition: ReviewDefinition | None = None,
    ) -> Review:
        """Restore a :meth:`to_dict` document, replaying and verifying its whole history.

        Raises :class:`ReviewStateError` naming the first problem: a broken
        hash or link, an action the rules refuse, a stored state the history
        does not produce. With ``rubric`` (its content hash must match) every
        answer is checked again; with ``definition`` the stored tiers must be
        the definition's.
        """
        from zi_engine.review._persist import restore

        return restore(cls, data, rubric=rubric, definition=definition)

    def __repr__(self) -> str:
        state = "signed off" if self.signed_off else "; ".join(self.outstanding)
        return f"<Review {self._kind} of {self._unit_id} round {self._round}: {state}>"

"""Reviews in the store: every review of a unit's answers, saved with optimistic locking.

A unit has, per kind (``tpi``, ``tpn``, ``preliminary``), a numbered series
of reviews: a new one starts once the one before is signed off (a unit sent
back to building is reviewed again). Each row keeps the review's
``to_dict()`` document and, beside it, the columns listed without a replay
(round, open questions, signed off). Every read replays and verifies the
whole history (:meth:`Review.from_dict`, against the lifecycle definition's
tiers and, when it is still the one, the rubric). A save names the revision
it read: the row is updated only where the store still holds that revision
*and* that head hash, as for lifecycles.

When an action completes the last sign-off, the review's submission (the
unit's revisions and the reviewers' layer) is stored as the unit's next
version, so that evaluating the stored submission – what ``fire`` does for a
transition's evaluation – scores the final layers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from zi_engine._errors import ZiError
from zi_engine._i18n import t
from zi_engine._text import show
from zi_engine.review._errors import ReviewStateError
from zi_engine.review._model import Review
from zi_engine.review._records import ReviewRecord, genesis_hash
from zi_engine.store import _schema as tables
from zi_engine.store._db import aware
from zi_engine.store._errors import ReviewConflict, ReviewOpen, StoreError, StoreNotFound

if TYPE_CHECKING:
    from zi_engine.engine._engine import Engine
    from zi_engine.lifecycle._definition import LifecycleDefinition, TriggerSpec
    from zi_engine.store._store import StoredSubmission

__all__ = ["ReviewRow", "ReviewsMixin", "StoredReview", "review_kind"]

R = tables.reviews
Result = TypeVar("Result")


@dataclass(frozen=True, slots=True)
class StoredReview:
    """A review as the store holds it: its unit, kind and number, restored and verified."""

    agency_id: str
    unit_id: str
    kind: str
    number: int
    review: Review


@dataclass(frozen=True, slots=True)
class ReviewRow:
    """One stored review as the columns beside its document list it (no replay)."""

    kind: str
    number: int
    year: int
    round: int
    open_questions: int
    signed_off: bool
    revision: int
    started_at: datetime
    last_at: datetime


def review_kind(definition: LifecycleDefinition, spec: TriggerSpec) -> str | None:
    """The review a trigger's guards read: the kind ``k`` of its ``k_review_signed_off`` guard.

    ``None`` when no guard, or more than one, names a review of the definition.
    """
    kinds = [k for k in definition.reviews if f"{k}_review_signed_off" in spec.guards]
    return kinds[0] if len(kinds) == 1 else None


def _no_review(agency_id: str, unit_id: str, kind: str, number: int | None) -> StoreNotFound:
    if number is None:
        return StoreNotFound(
            t(
                "store.no_review",
                "unit {unit_id} of agency {agency_id} has no {kind} review in the store",
                unit_id=show(unit_id), agency_id=show(agency_id), kind=kind,
            )
        )  # fmt: skip
    return StoreNotFound(
        t(
            "store.no_review_number",
            "unit {unit_id} of agency {agency_id} has no {kind} review no. {number} in the store",
            unit_id=show(unit_id), agency_id=show(agency_id), kind=kind, number=number,
        )
    )  # fmt: skip


def _key(agency_id: str, unit_id: str, kind: str) -> tuple[Any, Any, Any]:
    return R.c.agency_id == agency_id, R.c.unit_id == unit_id, R.c.kind == kind


def _columns(review: Review) -> dict[str, Any]:
    return {
        "round": review.round,
        "open_questions": len(review.open_questions),
        "signed_off": review.signed_off,
        "revision": len(review.history),
        "head": review.head_hash,
        "last_at": review.last_at.astimezone(timezone.utc),
        "document": review.to_dict(),
    }


class ReviewsMixin:
    """The review half of :class:`~zi_engine.store.Store`."""

    if TYPE_CHECKING:
        engine: Engine

        def writing(self) -> AbstractContextManager[Connection]: ...
        def reading(self) -> AbstractContextManager[Connection]: ...
        def submission(
            self, agency_id: str, unit_id: str, version: int | None = None
        ) -> StoredSubmission: ...
        def put_submission(
            self, submission: Any, *, by: str, at: datetime | None = None
        ) -> Any: ...

    # -- reading ------------------------------------------------------------------------------

    def review(
        self, agency_id: str, unit_id: str, kind: str, number: int | None = None
    ) -> StoredReview:
        """The unit's ``kind`` review (default: the latest), its whole history verified."""
        query = sa.select(R.c.number, R.c.document).where(*_key(agency_id, unit_id, kind))
        if number is None:
            query = query.order_by(R.c.number.desc()).limit(1)
        else:
            query = query.where(R.c.number == number)
        with self.reading() as conn:
            row = conn.execute(query).first()
        if row is None:
            raise _no_review(agency_id, unit_id, kind, number)
        restored = self._restore_review(row.document, unit_id, kind, int(row.number))
        return StoredReview(agency_id, unit_id, kind, int(row.number), restored)

    def _restore_review(
        self, document: Mapping[str, Any], unit_id: str, kind: str, number: int
    ) -> Review:
        try:
            definition = self.engine.lifecycle_runtime(str(document["definition"])).definition
            rubric = None
            ref = document["rubric"]
            try:
                loaded = self.engine.load_rubric(str(ref["id"]))
                rubric = loaded if loaded.content_hash == ref["hash"] else None
            except ZiError:  # a rubric no longer registered: the chain is still verified
                rubric = None
            return Review.from_dict(document, rubric=rubric, definition=definition)
        except (ReviewStateError, ZiError, KeyError, TypeError) as exc:
            # the store wrote it: a document that does not verify was altered in the database
            raise StoreError(
                t(
                    "store.review_corrupt",
                    "unit {unit_id}: the stored {kind} review no. {number} does not verify: "
                    "{problem}",
                    unit_id=show(unit_id),
                    kind=kind,
                    number=number,
                    problem=str(exc)[:500],
                )
            ) from None

    def reviews(self, agency_id: str, unit_id: str) -> list[ReviewRow]:
        """Every stored review of the unit, by kind and number (read from the columns)."""
        query = (
            sa.select(
                R.c.kind,
                R.c.number,
                R.c.year,
                R.c.round,
                R.c.open_questions,
                R.c.signed_off,
                R.c.revision,
                R.c.started_at,
                R.c.last_at,
            )
            .where(R.c.agency_id == agency_id, R.c.unit_id == unit_id)
            .order_by(R.c.kind, R.c.number)
        )
        with self.reading() as conn:
            return [
                ReviewRow(
                    r.kind,
                    r.number,
                    r.year,
                    r.round,
                    r.open_questions,
                    bool(r.signed_off),
                    r.revision,
                    aware(r.started_at),
                    aware(r.last_at),
                )
                for r in conn.execute(query)
            ]

    # -- writing ------------------------------------------------------------------------------

    def start_review(
        self,
        agency_id: str,
        unit_id: str,
        kind: str,
        *,
        at: datetime,
        version: int | None = None,
        questions: list[str] | None = None,
        rubric: str | None = None,
    ) -> StoredReview:
        """Begin the unit's next ``kind`` review of a stored version (default: the latest).

        The tiers are those of the unit's lifecycle definition (the bundled one
        when the unit has no lifecycle yet). Refused with :class:`ReviewOpen`
        while the unit's previous review of that kind is not signed off.
        """
        from zi_engine._resources import BUNDLED_LIFECYCLE, BUNDLED_RUBRIC

        stored = self.submission(agency_id, unit_id, version)
        with self.reading() as conn:
            name = conn.scalar(
                sa.select(tables.lifecycles.c.definition).where(
                    tables.lifecycles.c.agency_id == agency_id,
                    tables.lifecycles.c.unit_id == unit_id,
                )
            )
        definition = self.engine.lifecycle_runtime(name or BUNDLED_LIFECYCLE).definition
        loaded = self.engine.load_rubric(rubric or BUNDLED_RUBRIC)
        review = Review.start(
            definition,
            kind,
            rubric=loaded,
            submission=stored.submission,
            at=at,
            questions=questions,
        )
        return self.add_review(review)

    def add_review(self, review: Review) -> StoredReview:
        """Store a new review as the next of its kind for its unit (see :meth:`start_review`)."""
        agency_id, unit_id, kind = review.agency_id, review.unit_id, review.kind
        with self.writing() as conn:
            unit = conn.scalar(
                sa.select(tables.units.c.unit_id).where(
                    tables.units.c.agency_id == agency_id, tables.units.c.unit_id == unit_id
                )
            )
            if unit is None:
                raise StoreNotFound(
                    t(
                        "store.no_unit",
                        "unit {unit_id} of agency {agency_id} is not in the store",
                        unit_id=show(unit_id),
                        agency_id=show(agency_id),
                    )
                )
            latest = conn.execute(
                sa.select(R.c.number, R.c.signed_off)
                .where(*_key(agency_id, unit_id, kind))
                .order_by(R.c.number.desc())
                .limit(1)
            ).first()
            if latest is not None and not latest.signed_off:
                raise ReviewOpen(agency_id, unit_id, kind, int(latest.number))
            number = 1 if latest is None else int(latest.number) + 1
            conn.execute(
                sa.insert(R).values(
                    agency_id=agency_id,
                    unit_id=unit_id,
                    kind=kind,
                    number=number,
                    year=review.started_at.year,
                    definition=review.definition,
                    started_at=review.started_at.astimezone(timezone.utc),
                    **_columns(review),
                )
            )
        return StoredReview(agency_id, unit_id, kind, number, review)

    def save_review(self, review: Review, *, number: int, expected_revision: int) -> None:
        """Save ``review`` (review no. ``number`` of its kind), read at ``expected_revision``.

        A writer that lost the race gets :class:`ReviewConflict`; nothing is written.
        """
        agency_id, unit_id, kind = review.agency_id, review.unit_id, review.kind
        history = review.history
        if not 0 <= expected_revision <= len(history):
            raise StoreError(
                t(
                    "store.review_revision_outside",
                    "unit {unit_id}: expected revision {expected} is not in this review's "
                    "history (revision {actual})",
                    unit_id=show(unit_id),
                    expected=expected_revision,
                    actual=len(history),
                )
            )
        old_head = (
            history[expected_revision - 1].hash
            if expected_revision
            else genesis_hash(review.identity())
        )
        with self.writing() as conn:
            done = conn.execute(
                sa.update(R)
                .where(
                    *_key(agency_id, unit_id, kind),
                    R.c.number == number,
                    R.c.revision == expected_revision,
                    R.c.head == old_head,
                )
                .values(**_columns(review))
            )
            if done.rowcount != 1:
                held = conn.scalar(
                    sa.select(R.c.revision).where(
                        *_key(agency_id, unit_id, kind), R.c.number == number
                    )
                )
                if held is None:
                    raise _no_review(agency_id, unit_id, kind, number)
                raise ReviewConflict(agency_id, unit_id, kind, number, expected_revision, int(held))

    def act_on_review(
        self,
        agency_id: str,
        unit_id: str,
        kind: str,
        act: Callable[[Review], ReviewRecord],
        *,
        expected_revision: int | None = None,
    ) -> tuple[StoredReview, ReviewRecord]:
        """Load the unit's latest ``kind`` review, apply ``act`` and save it, as one optimistic
        write.

        ``act`` is one of the review's actions (``lambda r: r.give_verdict(...)``);
        a refusal (:class:`~zi_engine.ReviewRefused`) stores nothing.
        ``expected_revision`` (default: the revision just read) is checked when
        saving. The action that completes the last sign-off also stores the
        review's submission as the unit's next version.
        """
        stored = self.review(agency_id, unit_id, kind)
        review = stored.review
        read_at = len(review.history)
        if expected_revision is not None and expected_revision != read_at:
            raise ReviewConflict(
                agency_id, unit_id, kind, stored.number, expected_revision, read_at
            )
        was_signed_off = review.signed_off
        record = act(review)
        self.save_review(review, number=stored.number, expected_revision=read_at)
        if review.signed_off and not was_signed_off:
            self._store_reviewed(review, record)
        return stored, record

    def _store_reviewed(self, review: Review, record: ReviewRecord) -> None:
        from zi_engine.submission._model import AgencyFacts

        final = review.submission
        # the agency's facts are the store's, held per year: the unit's part is what changed
        unit_part = final.model_copy(
            update={"facts": final.facts.model_copy(update={"agency": AgencyFacts()})}
        )
        self.put_submission(unit_part, by=f"review {review.kind}: {record.actor.id}", at=record.at)

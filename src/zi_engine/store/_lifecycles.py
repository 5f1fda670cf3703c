"""Lifecycles in the store: saved with optimistic locking, restored with their chain checked.

A save names the revision it read: the row is updated only where the store
still holds that revision *and* that head hash (the new history continues the
stored one), in the same transaction as the proposals it lists and the
evaluation it relied on. A writer that lost the race gets
:class:`StoreConflict` naming the unit and both revisions; nothing of its
write remains.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from contextlib import AbstractContextManager, suppress
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from zi_engine._i18n import t
from zi_engine._text import show
from zi_engine.lifecycle._audit import Actor, AuditRecord
from zi_engine.lifecycle._model import Lifecycle
from zi_engine.store import _schema as tables
from zi_engine.store._errors import StoreConflict, StoreError, StoreNotFound
from zi_engine.store._history import category as _category
from zi_engine.store._history import columns as _columns
from zi_engine.store._history import genesis as _genesis
from zi_engine.store._history import linked_version as _linked_version
from zi_engine.store._history import prop_key as _prop_key
from zi_engine.store._history import record_evaluation as _record_evaluation
from zi_engine.store._history import write_proposals as _write_proposals
from zi_engine.store._reviews import review_kind as _review_kind
from zi_engine.submission._hash import submission_hash

if TYPE_CHECKING:
    from zi_engine.eligibility._evaluation import Evaluation
    from zi_engine.engine._engine import Engine
    from zi_engine.store._reviews import StoredReview
    from zi_engine.store._store import StoredSubmission

__all__ = ["LifecyclesMixin", "ProposedUnit"]

MATCH_VERSIONS = 20
"""How many stored versions are scored to find the one an imported proposal was made with."""


@dataclass(frozen=True, slots=True)
class ProposedUnit:
    """A unit proposed in a round, as the portal's lists show it."""

    unit_id: str
    name: str
    target: str
    category: str | None
    seq: int


@dataclass(frozen=True, slots=True)
class PortalView:
    """What ``jawaban-unit`` needs of a unit, read in one transaction.

    ``version`` is the one to serve: the proposal's in ``year`` when the unit
    was proposed then (``None`` if the store does not know which it was), else
    the latest. ``owner`` is ``"agency"``, ``"other"`` (another agency has a
    unit of this id) or ``"none"``.
    """

    owner: str
    proposed: bool
    version: int | None
    year: int | None


class LifecyclesMixin:
    """The lifecycle half of :class:`~zi_engine.store.Store`."""

    if TYPE_CHECKING:
        engine: Engine

        def writing(self) -> AbstractContextManager[Connection]: ...
        def reading(self) -> AbstractContextManager[Connection]: ...
        def submission(
            self, agency_id: str, unit_id: str, version: int | None = None
        ) -> StoredSubmission: ...
        def review(
            self, agency_id: str, unit_id: str, kind: str, number: int | None = None
        ) -> StoredReview: ...

    def lifecycle(self, agency_id: str, unit_id: str) -> Lifecycle:
        """The unit's lifecycle, its whole document checked (hash chain, states, revision)."""
        with self.reading() as conn:
            document = conn.scalar(
                sa.select(tables.lifecycles.c.document).where(*_key(agency_id, unit_id))
            )
        if document is None:
            raise StoreNotFound(
                t(
                    "store.no_lifecycle",
                    "unit {unit_id} of agency {agency_id} has no lifecycle",
                    unit_id=show(unit_id),
                    agency_id=show(agency_id),
                )
            )
        return Lifecycle.from_dict(document, engine=self.engine)

    def save_lifecycle(
        self,
        lifecycle: Lifecycle,
        *,
        expected_revision: int | None,
        evaluation: tuple[int, Evaluation] | None = None,
    ) -> None:
        """Save ``lifecycle``, read at ``expected_revision`` (``None``: a new one).

        ``evaluation`` is ``(submission version, evaluation)`` that the newest
        record relied on; it is kept with the record's ``seq`` so the portal is
        served exactly the answers a proposal was made with.
        """
        agency_id, unit_id = lifecycle.agency_id, lifecycle.unit_id
        history = lifecycle.history
        values = _columns(lifecycle)
        with self.writing() as conn:
            if expected_revision is None:
                held = _held(conn, agency_id, unit_id)
                if held is not None:
                    raise StoreConflict(agency_id, unit_id, None, held)
                conn.execute(
                    sa.insert(tables.lifecycles).values(
                        agency_id=agency_id, unit_id=unit_id, **values
                    )
                )
            else:
                if not 0 <= expected_revision <= len(history):
                    raise StoreError(
                        t(
                            "store.revision_outside",
                            "unit {unit_id}: expected revision {expected} is not in this "
                            "lifecycle's history (revision {actual})",
                            unit_id=show(unit_id),
                            expected=expected_revision,
                            actual=len(history),
                        )
                    )
                old_head = (
                    history[expected_revision - 1].hash
                    if expected_revision
                    else _genesis(lifecycle)
                )
                done = conn.execute(
                    sa.update(tables.lifecycles)
                    .where(
                        *_key(agency_id, unit_id),
                        tables.lifecycles.c.revision == expected_revision,
                        tables.lifecycles.c.head == old_head,
                    )
                    .values(**values)
                )
                if done.rowcount != 1:
                    held = _held(conn, agency_id, unit_id)
                    why = (
                        ""
                        if held != expected_revision
                        else t("store.other_history", " with a different history")
                    )
                    raise StoreConflict(agency_id, unit_id, expected_revision, held, why)
            _write_proposals(conn, lifecycle)
            if evaluation is not None and history:
                _record_evaluation(conn, agency_id, unit_id, *evaluation, seq=history[-1].seq)

    def put_lifecycle(self, lifecycle: Lifecycle) -> str:
        """Store a lifecycle read from a file: new, the same, or continuing the stored one.

        Returns ``"added"``, ``"updated"`` or ``"unchanged"``; a history that
        does not continue the stored one is a :class:`StoreConflict`. Proposals
        in it are linked to the stored submission version they were evaluated on
        (the one whose evaluation has the record's rubric hash and total).
        """
        with self.reading() as conn:
            row = conn.execute(
                sa.select(tables.lifecycles.c.revision, tables.lifecycles.c.head).where(
                    *_key(lifecycle.agency_id, lifecycle.unit_id)
                )
            ).first()
        if row is not None and (row.revision, row.head) == (
            lifecycle.revision,
            lifecycle.head_hash,
        ):
            return "unchanged"
        self.save_lifecycle(lifecycle, expected_revision=None if row is None else row.revision)
        self._link_proposals(lifecycle)
        return "added" if row is None else "updated"

    def fire(
        self,
        agency_id: str,
        unit_id: str,
        trigger: str,
        *,
        actor: Actor,
        at: datetime,
        expected_revision: int | None = None,
        submission_version: int | None = None,
        layer: str = "tpn",
        rubric: str | None = None,
        payload: Mapping[str, Any] | None = None,
        review_kind: str | None = None,
    ) -> tuple[Lifecycle, AuditRecord]:
        """Load the unit's lifecycle, fire ``trigger`` and save it, as one optimistic write.

        When the trigger takes an evaluation that is not given, the unit's
        stored submission is evaluated with the agency's facts and kept with
        the new record: ``submission_version``, or else the newest version
        whose answers the trigger's review covers, or else the latest.
        ``expected_revision`` (default: the revision just read) is checked
        when saving: a concurrent writer makes this a :class:`StoreConflict`.
        Refusals raise :class:`~zi_engine.TransitionRefused`, storing nothing.
        ``payload`` holds the trigger's other fields (``reason``, flags, dates).
        A payload field of type review that is not given is the unit's latest
        stored review of ``review_kind`` (default: the kind the trigger's
        ``<kind>_review_signed_off`` guard reads), if it began after the unit
        entered its current state; none such, the guard says so.
        """
        payload = dict(payload or {})
        lifecycle = self.lifecycle(agency_id, unit_id)
        read_at = lifecycle.revision
        if expected_revision is not None and expected_revision != read_at:
            raise StoreConflict(agency_id, unit_id, expected_revision, read_at)
        used: tuple[int, Evaluation] | None = None
        spec = lifecycle.definition.triggers.get(trigger)
        fields = list(spec.payload.items()) if spec is not None else []
        # reviews first: the answers a review covers are the version to evaluate
        for name, field in fields:
            if spec is not None and field.type == "review" and name not in payload:
                kind = review_kind or _review_kind(lifecycle.definition, spec)
                if kind is not None:
                    # none stored: the trigger's guard names the review that is missing
                    with suppress(StoreNotFound):
                        found = self.review(agency_id, unit_id, kind).review
                        # only a review of this stage: one begun before the unit entered
                        # it belongs to an earlier round and decides nothing now
                        entered = lifecycle.entered_at
                        if entered is None or found.started_at >= entered:
                            payload[name] = found
        for name, field in fields:
            if field.type == "evaluation" and name not in payload:
                version = submission_version
                if version is None:
                    version = self._reviewed_version(agency_id, unit_id, payload.values())
                stored = self.submission(agency_id, unit_id, version)
                evaluation = self.evaluate(stored, layer=layer, rubric=rubric)
                payload[name] = evaluation
                used = (stored.version, evaluation)
        record = lifecycle.fire(trigger, actor=actor, at=at, **payload)
        self.save_lifecycle(lifecycle, expected_revision=read_at, evaluation=used)
        return lifecycle, record

    def _reviewed_version(
        self, agency_id: str, unit_id: str, given: Iterable[object]
    ) -> int | None:
        """The newest stored version whose answers a given review covers (``None``: the latest).

        A review's answers are stored as a version at its last sign-off; newer
        versions may follow, and the proposal is scored on the reviewed one.
        No version matches: the latest, and the review guard says they differ.
        """
        hashes = {
            h for value in given if isinstance(h := getattr(value, "submission_hash", None), str)
        }
        if not hashes:
            return None
        stored = self.submission(agency_id, unit_id)  # versions run 1..latest, none missing
        for version in range(stored.version, 0, -1):
            if version != stored.version:
                stored = self.submission(agency_id, unit_id, version)
            if submission_hash(stored.submission) in hashes:
                return version
        return None

    def evaluate(
        self, stored: StoredSubmission, *, layer: str = "tpn", rubric: str | None = None
    ) -> Evaluation:
        """Evaluate a stored submission (its agency's facts applied) with a registered rubric."""
        from zi_engine._resources import BUNDLED_RUBRIC

        loaded = self.engine.load_rubric(rubric or BUNDLED_RUBRIC)
        return self.engine.evaluate(loaded, stored.submission, up_to=layer)  # type: ignore[arg-type]

    # -- the portal's view ------------------------------------------------------------------

    def proposed_units(self, agency_id: str, target: str, year: int) -> list[ProposedUnit]:
        """Units of the agency proposed for ``target`` in ``year`` (the latest proposal each).

        For WBBM only units that hold a predicate (Menuju WBK) now: a revoked
        unit's proposal no longer stands.
        """
        p, u, lc = tables.proposals, tables.units, tables.lifecycles
        query = (
            sa.select(p.c.unit_id, u.c.name, p.c.target, p.c.seq)
            .select_from(
                p.join(
                    lc, sa.and_(lc.c.agency_id == p.c.agency_id, lc.c.unit_id == p.c.unit_id)
                ).join(u, sa.and_(u.c.agency_id == p.c.agency_id, u.c.unit_id == p.c.unit_id))
            )
            .where(p.c.agency_id == agency_id, p.c.year == year, p.c.target == target)
            .order_by(p.c.unit_id, p.c.seq.desc())
        )
        if target != "WBK":
            query = query.where(lc.c.predicate.is_not(None))
        with self.reading() as conn:
            rows = list(conn.execute(query))
            latest: dict[str, Any] = {}
            for row in rows:
                latest.setdefault(row.unit_id, row)
            return [
                ProposedUnit(
                    row.unit_id,
                    row.name,
                    row.target,
                    _category(conn, agency_id, row.unit_id, row.seq),
                    row.seq,
                )
                for row in latest.values()
            ]

    def proposal_version(self, agency_id: str, unit_id: str, year: int) -> int | None:
        """The submission version the unit's latest proposal in ``year`` was evaluated on.

        ``None`` when the unit was not proposed that year, or no stored version
        is known to be the one (a lifecycle imported before its submission).
        """
        with self.reading() as conn:
            seq = conn.scalar(
                sa.select(sa.func.max(tables.proposals.c.seq)).where(
                    tables.proposals.c.agency_id == agency_id,
                    tables.proposals.c.unit_id == unit_id,
                    tables.proposals.c.year == year,
                )
            )
            if seq is None:
                return None
            return _linked_version(conn, agency_id, unit_id, seq)

    def portal_view(self, agency_id: str, unit_id: str, year: int | None) -> PortalView:
        """:class:`PortalView` of a unit for the round ``year`` (``None``: the store's round)."""
        u, p = tables.units, tables.proposals
        with self.reading() as conn:
            latest = conn.scalar(
                sa.select(u.c.latest_version).where(
                    u.c.agency_id == agency_id, u.c.unit_id == unit_id
                )
            )
            if latest is None:
                other = conn.scalar(sa.select(u.c.agency_id).where(u.c.unit_id == unit_id).limit(1))
                return PortalView("other" if other is not None else "none", False, None, year)
            if year is None:
                stored = conn.scalar(
                    sa.select(tables.settings.c.value).where(
                        tables.settings.c.name == "current_round"
                    )
                )
                year = None if stored is None else int(stored)
            seq = None
            if year is not None:
                seq = conn.scalar(
                    sa.select(sa.func.max(p.c.seq)).where(
                        p.c.agency_id == agency_id, p.c.unit_id == unit_id, p.c.year == year
                    )
                )
            if seq is None:
                return PortalView("agency", False, int(latest), year)
            return PortalView("agency", True, _linked_version(conn, agency_id, unit_id, seq), year)

    def was_proposed(self, agency_id: str, unit_id: str, year: int) -> bool:
        """Whether the unit's lifecycle holds a proposal made in ``year``."""
        with self.reading() as conn:
            return (
                conn.scalar(
                    sa.select(sa.func.count()).where(
                        tables.proposals.c.agency_id == agency_id,
                        tables.proposals.c.unit_id == unit_id,
                        tables.proposals.c.year == year,
                    )
                )
                or 0
            ) > 0

    def _link_proposals(self, lifecycle: Lifecycle) -> None:
        """Find, for each imported proposal, the stored version its evaluation was made on."""
        agency_id, unit_id = lifecycle.agency_id, lifecycle.unit_id
        records = {r.seq: r for r in lifecycle.history}
        with self.reading() as conn:
            seqs = [
                seq
                for (seq,) in conn.execute(
                    sa.select(tables.proposals.c.seq).where(*_prop_key(agency_id, unit_id))
                )
                if _linked_version(conn, agency_id, unit_id, seq) is None
            ]
            latest = conn.scalar(
                sa.select(tables.units.c.latest_version).where(
                    tables.units.c.agency_id == agency_id, tables.units.c.unit_id == unit_id
                )
            )
        if not seqs or not latest:
            return
        for seq in seqs:
            summary = records[seq].evaluation
            if summary is None:
                continue
            for version in range(latest, max(0, latest - MATCH_VERSIONS), -1):
                stored = self.submission(agency_id, unit_id, version)
                try:
                    ev = self.evaluate(
                        stored, layer=summary.layer or "tpn", rubric=summary.rubric_id
                    )
                except Exception:
                    break
                if ev.rubric_hash == summary.rubric_hash and ev.total == summary.total:
                    with self.writing() as conn:
                        _record_evaluation(conn, agency_id, unit_id, version, ev, seq=seq)
                    break


def _key(agency_id: str, unit_id: str) -> tuple[Any, Any]:
    return tables.lifecycles.c.agency_id == agency_id, tables.lifecycles.c.unit_id == unit_id


def _held(conn: Connection, agency_id: str, unit_id: str) -> int | None:
    held = conn.scalar(sa.select(tables.lifecycles.c.revision).where(*_key(agency_id, unit_id)))
    return None if held is None else int(held)

"""A lifecycle's rows beside its document: the columns counted, its proposals, evaluations."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from zi_engine.lifecycle._audit import AuditRecord
from zi_engine.lifecycle._model import Lifecycle
from zi_engine.store import _schema as t

if TYPE_CHECKING:
    from zi_engine.eligibility._evaluation import Evaluation

__all__ = [
    "category",
    "columns",
    "genesis",
    "linked_version",
    "prop_key",
    "proposals",
    "record_evaluation",
    "write_proposals",
]


def prop_key(agency_id: str, unit_id: str) -> tuple[Any, Any]:
    """The WHERE terms of one unit's proposals."""
    return t.proposals.c.agency_id == agency_id, t.proposals.c.unit_id == unit_id


def genesis(lifecycle: Lifecycle) -> str:
    from zi_engine.lifecycle._audit import genesis_hash

    return genesis_hash(
        lifecycle.definition.name, lifecycle.unit_id, lifecycle.agency_id,
        lifecycle.needs_preliminary_review, lifecycle.created_at,
    )  # fmt: skip


def columns(lifecycle: Lifecycle) -> dict[str, Any]:
    entered = lifecycle.entered_at
    return {
        "definition": lifecycle.definition.name,
        "state": lifecycle.state,
        "target": lifecycle.target,
        "predicate": lifecycle.predicate,
        "resting": lifecycle.definition.states[lifecycle.state].resting,
        "entered_at": None if entered is None else entered.astimezone(timezone.utc),
        "revision": lifecycle.revision,
        "head": lifecycle.head_hash,
        "document": lifecycle.to_dict(),
    }


def proposals(lifecycle: Lifecycle) -> Iterator[tuple[AuditRecord, str, int]]:
    """Each proposal in the history: its record, target then, and year in the calendar."""
    definition = lifecycle.definition
    offset = definition.parameters.calendar_utc_offset
    sign = -1 if offset[0] == "-" else 1
    zone = timezone(sign * timedelta(hours=int(offset[1:3]), minutes=int(offset[4:6])))
    target = definition.predicates[0]
    for record in lifecycle.history:
        spec = definition.triggers.get(record.trigger)
        if spec is None:
            continue
        if "record_proposal" in spec.effects:
            yield record, target, record.at.astimezone(zone).year
        if spec.set_target is not None:
            target = spec.set_target


def write_proposals(conn: Connection, lifecycle: Lifecycle) -> None:
    agency_id, unit_id = lifecycle.agency_id, lifecycle.unit_id
    stored = {
        seq
        for (seq,) in conn.execute(
            sa.select(t.proposals.c.seq).where(*prop_key(agency_id, unit_id))
        )
    }
    rows = [
        {
            "agency_id": agency_id,
            "unit_id": unit_id,
            "seq": record.seq,
            "year": year,
            "target": target,
            "at": record.at.astimezone(timezone.utc),
        }
        for record, target, year in proposals(lifecycle)
        if record.seq not in stored  # a history only grows: earlier rows stay as they are
    ]
    if rows:
        conn.execute(sa.insert(t.proposals), rows)


def record_evaluation(
    conn: Connection, agency_id: str, unit_id: str, version: int, ev: Evaluation, *, seq: int
) -> None:
    conn.execute(
        sa.insert(t.evaluations).values(
            agency_id=agency_id,
            unit_id=unit_id,
            submission_version=version,
            rubric_id=ev.rubric_id,
            rubric_version=ev.rubric_version,
            rubric_hash=ev.rubric_hash,
            total=ev.total,
            layer=ev.layer,
            lifecycle_seq=seq,
            document=ev.to_dict(items=False),
            made_at=datetime.now(timezone.utc),
        )
    )


def linked_version(conn: Connection, agency_id: str, unit_id: str, seq: int) -> int | None:
    e = t.evaluations
    version = conn.scalar(
        sa.select(e.c.submission_version)
        .where(e.c.agency_id == agency_id, e.c.unit_id == unit_id, e.c.lifecycle_seq == seq)
        .order_by(e.c.id.desc())
        .limit(1)
    )
    return None if version is None else int(version)


def category(conn: Connection, agency_id: str, unit_id: str, seq: int) -> str | None:
    version = linked_version(conn, agency_id, unit_id, seq)
    s = t.submissions
    query = sa.select(s.c.category).where(s.c.agency_id == agency_id, s.c.unit_id == unit_id)
    if version is not None:
        query = query.where(s.c.version == version)
    else:
        query = query.order_by(s.c.version.desc()).limit(1)
    category: str | None = conn.scalar(query)
    return category

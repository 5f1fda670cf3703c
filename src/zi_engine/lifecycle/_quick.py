"""The restore's quick path: a usual record accepted in one pass, or left to the full checks.

Restoring 100,000 units checks a million fields. Most records are alike: plain
ASCII text, an actor of one agency, the time as ``fire()`` writes it, no
evaluation, few details. :func:`quick_record` checks such a record in one
function, in the order of the full checks (``_persist._record`` and
``_replay``), and returns what they would: the same record, the same move
replayed. Anything else – another shape or type, text outside ASCII, an
evaluation, a hash or link that does not match, a move the restore plan does
not accept – makes it return ``None`` before it changes anything, and the full
checks take the record and name the problem. So it never refuses and never
accepts what they would not; ``tests/lifecycle/test_fast_paths.py`` holds the
restore through it equal to the reference restore on generated histories and
tamperings, and ``tests/lifecycle/test_restore_fast_path.py`` its reading of
times.
"""

from __future__ import annotations

import re
import sys
from datetime import datetime
from hashlib import sha256
from typing import TYPE_CHECKING, Any

from zi_engine.lifecycle._audit import NO_DETAILS, AuditRecord
from zi_engine.lifecycle._machine import apply_effects
from zi_engine.lifecycle._replay import RestorePlan
from zi_engine.lifecycle._shared import SharedValues

if TYPE_CHECKING:
    from zi_engine.lifecycle._persist import _Replay

__all__ = ["ACTOR_KEYS", "RECORD_KEYS", "WRITTEN_TIME", "quick_record", "written_time"]

RECORD_KEYS = frozenset(
    {
        "seq", "trigger", "source", "dest", "actor", "at", "reason", "evaluation",
        "details", "prev_hash", "hash",
    }
)  # fmt: skip
ACTOR_KEYS = frozenset({"id", "role", "agency_id"})
_LARGEST = int(sys.float_info.max)  # larger integers have no double, so no RFC 8785 form

WRITTEN_TIME = re.compile(
    r"\d{4}-\d\d-\d\dT(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d[+-](?:[01]\d|2[0-3]):[0-5]\d"
)
"""A time as records write it: ``datetime.isoformat()`` of a whole second, with an offset
in whole minutes (``fromisoformat`` reads ``+07:60`` as +08:00: the fields' ranges are the
pattern's). ``-00:00`` is written ``+00:00``, so it is not of this form."""


def written_time(text: object) -> datetime | None:
    """The time ``text`` is, if it is written as records write times (else ``None``)."""
    if type(text) is str and WRITTEN_TIME.fullmatch(text) and not text.endswith("-00:00"):
        try:  # of this form, a time that parses is written back as this very text
            return datetime.fromisoformat(text)
        except ValueError:
            return None  # out of range (30 February): the full check says so
    return None


def quick_record(
    raw: object,
    index: int,
    replay: _Replay,
    genesis: str,
    values: SharedValues,
    plan: RestorePlan,
) -> AuditRecord | None:
    """The record ``raw`` (of format version 2) checked, hashed and replayed, or ``None``
    (nothing changed) for the full checks to judge."""
    if type(raw) is not dict or raw.keys() != RECORD_KEYS:
        return None
    r: dict[str, Any] = raw
    seq, trigger, source, dest = r["seq"], r["trigger"], r["source"], r["dest"]
    prev_hash, digest, reason, evaluation = r["prev_hash"], r["hash"], r["reason"], r["evaluation"]
    actor_raw, details_raw = r["actor"], r["details"]
    if (
        type(seq) is not int
        or seq != index + 1
        or type(trigger) is not str
        or type(source) is not str
        or type(dest) is not str
        or type(prev_hash) is not str
        or type(digest) is not str
        or not (trigger and source and dest and prev_hash and digest)
        or (reason is not None and (type(reason) is not str or not reason))
        or evaluation is not None  # a summary to check field by field: the full checks
        or type(actor_raw) is not dict
        or actor_raw.keys() != ACTOR_KEYS
        or type(details_raw) is not dict
        or source != replay._state
        or prev_hash != (replay.hash or genesis)
    ):
        return None
    who, role, agency = actor_raw["id"], actor_raw["role"], actor_raw["agency_id"]
    if (
        type(who) is not str
        or type(role) is not str
        or not (who and role)
        or (agency is not None and (type(agency) is not str or not agency))
        or not (trigger + source + dest + prev_hash + digest + (reason or "")).isascii()
        or not (who + role + (agency or "")).isascii()
    ):
        return None
    known = plan.moves.get((trigger, source))
    if known is None or known.dest != dest:  # not a move of the definition: no layout made
        return None
    at = written_time(r["at"])
    if at is None:
        return None
    if not details_raw:
        details = NO_DETAILS
    else:
        for key, value in details_raw.items():  # what _fields.details_field refuses, quietly
            if type(key) is not str or not key.isascii():
                return None
            kind = type(value)
            if kind is str:
                if not value.isascii():
                    return None
            elif kind is int:
                if not -_LARGEST <= value <= _LARGEST:
                    return None
            elif kind is not bool and value is not None:
                return None  # (no detail a definition declares is a float, a list, …)
        details = values.details(details_raw)  # which keys and types: the plan, below
    actor = values.actor(who, role, agency)
    text = values.record_text(
        seq, trigger, source, dest, actor, r["at"], reason, None, details, prev_hash
    )
    if sha256(text.encode()).hexdigest() != digest:
        return None
    record = AuditRecord(
        seq, trigger, source, dest, actor, at, reason, None, details, prev_hash, digest
    )
    move = plan.accepted(record)
    if move is None or (replay.last_at is not None and at < replay.last_at):
        return None
    apply_effects(replay, move.spec, at)
    replay._state, replay.last_at, replay.hash = move.dest, at, digest
    return record

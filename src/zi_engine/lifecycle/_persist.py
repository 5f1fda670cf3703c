"""Saved lifecycles: the JSON document, and checking one before it is trusted.

A document is checked in full on load: its shape, every record's hash and
link to the record before it, that each recorded transition exists in the
definition, continues from where the previous one ended and follows the
definition's roles and payload (``_replay``), that times never run backwards,
and that replaying the records' effects gives exactly the stored state,
target, predicate and clocks (as written). The first problem found is
raised as a :class:`LifecycleStateError` naming the record and field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from zi_engine._canonical import sha256_hex
from zi_engine._i18n import t
from zi_engine.lifecycle._audit import (
    HASH_VERSION,
    NO_DETAILS,
    AuditRecord,
    genesis_hash,
)
from zi_engine.lifecycle._definition import LifecycleDefinition
from zi_engine.lifecycle._fields import (
    actor_field,
    details_field,
    evaluation_field,
    exact_keys,
    fail,
    text_field,
    time_field,
)
from zi_engine.lifecycle._machine import apply_effects
from zi_engine.lifecycle._quick import RECORD_KEYS, quick_record, written_time
from zi_engine.lifecycle._replay import RestorePlan, check_record_rules
from zi_engine.lifecycle._shared import SharedValues
from zi_engine.lifecycle._signing import SIGNATURE_KEY

__all__ = ["FORMAT", "FORMAT_VERSION", "READABLE_VERSIONS", "Restored", "parse_document"]

FORMAT = "zi-engine.lifecycle"
FORMAT_VERSION = HASH_VERSION  # written by to_dict: records hashed over RFC 8785 text
READABLE_VERSIONS = (1, 2)  # 1: records hashed over json.dumps text, before RFC 8785
_VERSION1_KEYS = frozenset(
    {
        "format", "format_version", "definition", "unit_id", "agency_id",
        "needs_preliminary_review", "created_at", "state", "target", "predicate",
        "building_since", "proposed_at", "revoked_at", "revision", "head", "history",
    }
)  # fmt: skip
# version 2 adds how many leading records a version-1 document brought along (their
# hashes are over the version-1 text, and stay as they were: the head an app has pinned
# elsewhere still matches)
TOP_KEYS = _VERSION1_KEYS | {"version1_records"}


@dataclass(slots=True)
class Restored:
    """A checked document's fields, ready to become a Lifecycle."""

    unit_id: str
    agency_id: str
    needs_preliminary_review: bool
    created_at: datetime | None
    _state: str
    _target: str
    _predicate: str | None
    _building_since: datetime | None
    _proposed_at: datetime | None
    _revoked_at: datetime | None
    history: list[AuditRecord]  # the restored lifecycle's own list


def parse_document(
    doc: object,
    definition: LifecycleDefinition,
    shared: SharedValues | None = None,
    *,
    reference: bool = False,
) -> Restored:
    """Check a ``to_dict()`` document against ``definition``; raise on the first problem.

    ``shared`` (the runtime's) gives restored records their actors and details,
    so that equal ones are one object across documents. ``reference``
    recomputes each record's hash the straightforward way
    (:meth:`AuditRecord.computed_hash`: the record's content handed to the
    general canonical writer) instead of from the parts already checked;
    the two agree on every document (``tests/lifecycle/test_fast_paths.py``),
    so it is there to hold the fast path to.
    """
    if type(doc) is not dict and not isinstance(doc, Mapping):
        fail(
            "",
            t(
                "lifecycle.doc_not_object",
                "expected an object, got {kind}",
                kind=type(doc).__name__,
            ),
        )
    version = doc.get("format_version")
    if doc.get("format") != FORMAT or type(version) is not int or version not in READABLE_VERSIONS:
        fail(
            "format",
            t(
                "lifecycle.doc_format",
                "not a {format} document of version 1 or {version}",
                format=FORMAT,
                version=str(FORMAT_VERSION),
            ),
        )
    keys = _VERSION1_KEYS if version == 1 else TOP_KEYS
    if version > 1 and SIGNATURE_KEY in doc:  # optional: written by to_dict(signing_key=)
        keys = keys | {SIGNATURE_KEY}
    data = exact_keys(doc, keys, "")
    if data["definition"] != definition.name:
        fail(
            "definition",
            t(
                "lifecycle.doc_definition",
                "{given!r} was given; expected {expected!r}",
                given=data["definition"],
                expected=definition.name,
            ),
        )
    prelim = data["needs_preliminary_review"]
    if not isinstance(prelim, bool):
        fail("needs_preliminary_review", t("lifecycle.doc_not_flag", "expected true or false"))
    unit_id, agency_id = text_field(data, "unit_id", ""), text_field(data, "agency_id", "")
    created_at = time_field(data, "created_at", "")
    history = data["history"]
    if not isinstance(history, list):
        fail("history", t("lifecycle.doc_not_records", "expected a list of records"))
    version1 = len(history) if version == 1 else data["version1_records"]
    if type(version1) is not int or not 0 <= version1 <= len(history):
        fail(
            "version1_records",
            t(
                "lifecycle.doc_version1_count",
                "expected a count from 0 to {count}, got {got}",
                count=len(history),
                got=repr(version1),
            ),
        )
    genesis = genesis_hash(definition.name, unit_id, agency_id, prelim, created_at)
    values = SharedValues() if shared is None else shared
    plan: RestorePlan | None = None
    if not reference:  # the runtime's tables of the definition's moves, built on first use
        kept = values.plan
        if isinstance(kept, RestorePlan) and kept.definition is definition:
            plan = kept
        else:
            plan = values.plan = RestorePlan(definition)
    replay = _Replay(definition, created_at, plan)
    records = []
    for i, raw in enumerate(history):
        # the usual record in one pass (plan is None for the reference restore); any other,
        # and any problem, through the full checks, which name it
        quick = (
            quick_record(raw, i, replay, genesis, values, plan) if plan and i >= version1 else None
        )
        records.append(
            quick
            or _record(
                raw, i, replay, genesis, 1 if i < version1 else HASH_VERSION, values, reference
            )
        )
    restored = Restored(
        unit_id, agency_id, prelim, created_at,
        text_field(data, "state", ""), text_field(data, "target", ""),
        text_field(data, "predicate", "", optional=True),
        time_field(data, "building_since", ""), time_field(data, "proposed_at", ""),
        time_field(data, "revoked_at", ""), records,
    )  # fmt: skip
    _check_summary(data, restored, replay, genesis)
    return restored


class _Replay:
    """The state, target, predicate and clocks the records add up to."""

    __slots__ = (
        "_building_since", "_predicate", "_proposed_at", "_revoked_at", "_state",
        "_target", "definition", "hash", "last_at", "plan",
    )  # fmt: skip

    def __init__(
        self, definition: LifecycleDefinition, created_at: datetime | None, plan: RestorePlan | None
    ) -> None:
        self.definition = definition
        self.plan = plan
        self._state = definition.initial
        self._target: str = definition.predicates[0]
        self._predicate: str | None = None
        self._building_since: datetime | None = None
        self._proposed_at: datetime | None = None
        self._revoked_at: datetime | None = None
        self.last_at = created_at
        self.hash = ""


def _record(
    raw: object,
    index: int,
    replay: _Replay,
    genesis: str,
    hash_version: int,
    values: SharedValues,
    reference: bool = False,
) -> AuditRecord:
    """One stored record, checked field by field, its hash recomputed and its move replayed."""
    path = f"history[{index}]."
    r = exact_keys(raw, RECORD_KEYS, f"history[{index}]")
    seq = r["seq"]
    if type(seq) is not int or seq != index + 1:  # not true, not 1.0: exactly the number
        fail(
            f"{path}seq",
            t(
                "lifecycle.doc_seq",
                "is {seq}; record {expected} was expected here",
                seq=repr(seq),
                expected=index + 1,
            ),
        )
    trigger, source, dest, prev_hash, digest = (
        r["trigger"], r["source"], r["dest"], r["prev_hash"], r["hash"],
    )  # fmt: skip
    reason = r["reason"]
    # Restoring 100,000 units checks a million fields: the usual record (plain ASCII text)
    # passes in one expression; any other is checked field by field, which names the problem.
    if not (
        type(trigger) is str
        and type(source) is str
        and type(dest) is str
        and type(prev_hash) is str
        and type(digest) is str
        and (reason is None or type(reason) is str)
        and trigger
        and source
        and dest
        and prev_hash
        and digest
        and (trigger + source + dest + prev_hash + digest + (reason or "")).isascii()
    ):
        trigger, source, dest = (
            text_field(r, "trigger", path),
            text_field(r, "source", path),
            text_field(r, "dest", path),
        )
        reason = text_field(r, "reason", path, optional=True)
        prev_hash, digest = text_field(r, "prev_hash", path), text_field(r, "hash", path)
    raw_details = r["details"]
    if type(raw_details) is dict and not raw_details:  # most records hold no details
        details = NO_DETAILS
    else:
        details = values.details(details_field(raw_details, path, hash_version))
    actor, evaluation = (
        actor_field(r["actor"], path, values),
        evaluation_field(r["evaluation"], path),
    )
    at = _recorded_at(r, path, reference=reference)
    record = AuditRecord(
        index + 1, trigger, source, dest, actor, at, reason, evaluation, details, prev_hash,
        digest, hash_version,
    )  # fmt: skip
    if prev_hash != (replay.hash or genesis):
        fail(
            f"{path}prev_hash",
            t(
                "lifecycle.doc_chain_broken",
                "does not link to the record before it (or to this unit's genesis): the history "
                "was reordered, or records were removed, inserted or copied from another unit",
            ),
        )
    if hash_version == 1 or reference:
        computed = record.computed_hash()
    else:  # what record.computed_hash() gives, from the parts at hand (the stored ISO text
        # of the time is the time's own: _recorded_at checked it); tests/lifecycle/
        # test_fast_paths.py holds this restore equal to the reference one
        text = values.record_text(
            index + 1, trigger, source, dest, actor, r["at"], reason, evaluation, details,
            prev_hash,
        )  # fmt: skip
        computed = sha256_hex(text)
    if computed != digest:
        fail(
            f"{path}hash",
            t(
                "lifecycle.doc_altered",
                "does not match the content of record {seq}: it was altered",
                seq=index + 1,
            ),
        )
    _replay(record, replay, path)
    return record


def _recorded_at(r: Mapping[str, Any], path: str, *, reference: bool = False) -> datetime:
    """The record's time, which must be written as records write times.

    ``reference``: always parse and write the time back to compare, as the
    fast path (a time of the form fire() writes, parsed only) stands in for.
    """
    if not reference:
        quick = written_time(r["at"])  # (tests/lifecycle/test_restore_fast_path.py)
        if quick is not None:
            return quick
    at = time_field(r, "at", path)
    if at is None:
        fail(f"{path}at", t("lifecycle.doc_no_time", "is missing"))
    if at.isoformat() != r["at"]:  # the hash covers the text, and the text is written so
        fail(
            f"{path}at",
            t(
                "lifecycle.doc_time_written",
                "{given!r} is not written as records write times ({written!r})",
                given=r["at"],
                written=at.isoformat(),
            ),
        )
    return at


def _replay(record: AuditRecord, replay: _Replay, path: str) -> None:
    plan = replay.plan
    if plan is not None and record.source == replay._state:
        move = plan.accepted(record)
        if move is not None and (replay.last_at is None or record.at >= replay.last_at):
            # every check below passes: the plan says so (tests/lifecycle/test_fast_paths.py)
            apply_effects(replay, move.spec, record.at)
            replay._state, replay.last_at, replay.hash = move.dest, record.at, record.hash
            return
    definition = replay.definition
    spec = definition.triggers.get(record.trigger)
    if spec is None:
        fail(
            f"{path}trigger",
            t(
                "lifecycle.not_a_trigger",
                "{trigger!r} is not a trigger of {definition}",
                trigger=record.trigger,
                definition=definition.name,
            ),
        )
    if record.source != replay._state:
        fail(
            f"{path}source",
            t(
                "lifecycle.doc_source",
                "is {source!r} but the unit was {state!r}",
                source=record.source,
                state=replay._state,
            ),
        )
    moved = record.source in definition.sources(record.trigger) or definition.retired_source(
        record.trigger, record.source, record.at.date()
    )  # a step an earlier version of the definition took: histories saved then still load
    if not moved or record.dest != definition.dest(record.trigger, record.source):
        fail(
            f"{path}dest",
            t(
                "lifecycle.doc_dest",
                "{trigger!r} does not lead from {source!r} to {dest!r}",
                trigger=record.trigger,
                source=record.source,
                dest=record.dest,
            ),
        )
    if replay.last_at is not None and record.at < replay.last_at:
        fail(
            f"{path}at",
            t("lifecycle.doc_time_backwards", "is earlier than the record (or creation) before it"),
        )
    check_record_rules(record, spec, definition, path, fail)
    apply_effects(replay, spec, record.at)
    replay._state, replay.last_at, replay.hash = record.dest, record.at, record.hash


def _check_summary(
    data: Mapping[str, Any], restored: Restored, replay: _Replay, genesis: str
) -> None:
    count = len(restored.history)
    if type(data["revision"]) is not int or data["revision"] != count:
        fail(
            "revision",
            t(
                "lifecycle.doc_revision",
                "is {revision} but the history has {count} records: the history was truncated "
                "or extended",
                revision=repr(data["revision"]),
                count=count,
            ),
        )
    if data["head"] != (replay.hash or genesis):
        fail(
            "head",
            t(
                "lifecycle.doc_head",
                "is not the hash of the last record: the history was truncated or altered",
            ),
        )
    r, p = restored, replay
    if (
        r._state == p._state
        and r._target == p._target
        and r._predicate == p._predicate
        and r._building_since is p._building_since is None
        and r._proposed_at is p._proposed_at is None
        and r._revoked_at is p._revoked_at is None
    ):
        return  # a unit whose clocks have not started (most of a portfolio): all agree
    # clocks as text: 09:00+07:00 and 02:00+00:00 are equal datetimes, but a document whose
    # clock was rewritten in another zone is not the one the records add up to
    stored = (
        r._state,
        r._target,
        r._predicate,
        *map(_iso, (r._building_since, r._proposed_at, r._revoked_at)),
    )
    replayed = (
        p._state,
        p._target,
        p._predicate,
        *map(_iso, (p._building_since, p._proposed_at, p._revoked_at)),
    )
    if stored != replayed:
        fields = ("state", "target", "predicate", "building_since", "proposed_at", "revoked_at")
        name, a, b = next(x for x in zip(fields, stored, replayed, strict=True) if x[1] != x[2])
        fail(
            name,
            t(
                "lifecycle.doc_replay_mismatch",
                "is {stored} but the history adds up to {replayed}",
                stored=_show(a),
                replayed=_show(b),
            ),
        )


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _show(value: object) -> str:
    return repr(value.isoformat()) if isinstance(value, datetime) else repr(value)

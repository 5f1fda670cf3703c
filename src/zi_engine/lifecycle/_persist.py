"""Saved lifecycles: the JSON document, and checking one before it is trusted.

A document is checked in full on load: its shape, every record's hash and
link to the record before it, that each recorded transition exists in the
definition and continues from where the previous one ended, that times never
run backwards, and that replaying the records' effects gives exactly the
stored state, target, predicate and clocks. The first problem found is
raised as a :class:`LifecycleStateError` naming the record and field.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from hashlib import sha256 as _sha256
from types import MappingProxyType
from typing import Any, NoReturn

from zi_engine._errors import Problem
from zi_engine.lifecycle._audit import (
    Actor,
    AuditRecord,
    EvaluationSummary,
    JsonScalar,
    build_record,
    genesis_hash,
    plain_record_json,
    unencodable,
)
from zi_engine.lifecycle._definition import LifecycleDefinition
from zi_engine.lifecycle._errors import LifecycleStateError
from zi_engine.lifecycle._machine import apply_effects

__all__ = ["FORMAT", "FORMAT_VERSION", "Restored", "parse_document"]

FORMAT = "zi-engine.lifecycle"
FORMAT_VERSION = 1
TOP_KEYS = frozenset(
    {
        "format", "format_version", "definition", "unit_id", "agency_id",
        "needs_preliminary_review", "created_at", "state", "target", "predicate",
        "building_since", "proposed_at", "revoked_at", "revision", "head", "history",
    }
)  # fmt: skip
RECORD_KEYS = frozenset(
    {
        "seq", "trigger", "source", "dest", "actor", "at", "reason", "evaluation",
        "details", "prev_hash", "hash",
    }
)  # fmt: skip
_ACTOR_KEYS = frozenset({"id", "role", "agency_id"})
_EVAL_KEYS = frozenset({"rubric_id", "rubric_version", "rubric_hash", "total", "layer"})


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


def _fail(path: str, message: str) -> NoReturn:
    raise LifecycleStateError(Problem(message, path=path))


def _str(data: Mapping[str, Any], key: str, path: str, *, optional: bool = False) -> Any:
    value = data.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, str) or not value:
        _fail(f"{path}{key}", f"expected non-empty text, got {type(value).__name__}")
    problem = unencodable(value)
    if problem:
        _fail(f"{path}{key}", problem)
    return value


def _time(data: Mapping[str, Any], key: str, path: str) -> datetime | None:
    text = _str(data, key, path, optional=True)
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        _fail(f"{path}{key}", f"{text!r} is not an ISO 8601 date and time")
    if moment.tzinfo is None:
        _fail(f"{path}{key}", f"{text!r} has no UTC offset")
    return moment


def _exact_keys(data: object, keys: frozenset[str], path: str) -> Mapping[str, Any]:
    if type(data) is dict and data.keys() == keys:  # the usual case, without the ABC check
        return data
    if not isinstance(data, Mapping):
        _fail(path, f"expected an object, got {type(data).__name__}")
    if data.keys() != keys:
        missing, extra = sorted(keys - data.keys()), sorted(data.keys() - keys)
        what = "; ".join(
            part
            for part in (
                f"missing {', '.join(missing)}" if missing else "",
                f"unexpected {', '.join(map(str, extra))}" if extra else "",
            )
            if part
        )
        _fail(path, f"fields do not match the lifecycle format: {what}")
    return data


def parse_document(doc: object, definition: LifecycleDefinition) -> Restored:
    """Check a ``to_dict()`` document against ``definition``; raise on the first problem."""
    data = _exact_keys(doc, TOP_KEYS, "")
    if data["format"] != FORMAT or data["format_version"] != FORMAT_VERSION:
        _fail("format", f"not a {FORMAT} document of version {FORMAT_VERSION}")
    if data["definition"] != definition.name:
        _fail("definition", f"{data['definition']!r} was given; expected {definition.name!r}")
    prelim = data["needs_preliminary_review"]
    if not isinstance(prelim, bool):
        _fail("needs_preliminary_review", "expected true or false")
    unit_id, agency_id = _str(data, "unit_id", ""), _str(data, "agency_id", "")
    created_at = _time(data, "created_at", "")
    history = data["history"]
    if not isinstance(history, list):
        _fail("history", "expected a list of records")
    genesis = genesis_hash(definition.name, unit_id, agency_id, prelim, created_at)
    replay = _Replay(definition, created_at)
    records = [_record(r, i, replay, genesis) for i, r in enumerate(history)]
    restored = Restored(
        unit_id, agency_id, prelim, created_at,
        _str(data, "state", ""), _str(data, "target", ""),
        _str(data, "predicate", "", optional=True),
        _time(data, "building_since", ""), _time(data, "proposed_at", ""),
        _time(data, "revoked_at", ""), records,
    )  # fmt: skip
    _check_summary(data, restored, replay, genesis)
    return restored


class _Replay:
    """The state, target, predicate and clocks the records add up to."""

    __slots__ = (
        "_building_since", "_predicate", "_proposed_at", "_revoked_at", "_state",
        "_target", "definition", "hash", "last_at",
    )  # fmt: skip

    def __init__(self, definition: LifecycleDefinition, created_at: datetime | None) -> None:
        self.definition = definition
        self._state = definition.initial
        self._target: str = definition.predicates[0]
        self._predicate: str | None = None
        self._building_since: datetime | None = None
        self._proposed_at: datetime | None = None
        self._revoked_at: datetime | None = None
        self.last_at = created_at
        self.hash = ""


def _record(raw: object, index: int, replay: _Replay, genesis: str) -> AuditRecord:
    path = f"history[{index}]."
    found = _fast_record(raw, index)
    record, computed = found if found is not None else _checked_record(raw, index, path)
    if record.prev_hash != (replay.hash or genesis):
        _fail(
            f"{path}prev_hash",
            "does not link to the record before it (or to this unit's genesis): the history "
            "was reordered, or records were removed, inserted or copied from another unit",
        )
    if computed != record.hash:
        _fail(f"{path}hash", f"does not match the content of record {index + 1}: it was altered")
    _replay(record, replay, path)
    return record


def _fast_record(raw: object, index: int) -> tuple[AuditRecord, str] | None:
    """The common case – a record exactly as ``to_dict`` wrote it – checked in one go.

    Restoring 100,000 lifecycles must take seconds, so a well-formed record is
    hashed straight from its JSON data; anything unusual returns ``None`` and
    goes through :func:`_checked_record`, which names the problem.
    """
    if type(raw) is not dict or raw.keys() != RECORD_KEYS:
        return None
    a, e, details, text = raw["actor"], raw["evaluation"], raw["details"], raw["at"]
    if not (
        type(raw["seq"]) is int
        and raw["seq"] == index + 1
        and type(raw["trigger"]) is str
        and type(raw["source"]) is str
        and type(raw["dest"]) is str
        and type(raw["prev_hash"]) is str
        and type(raw["hash"]) is str
        and type(text) is str
        and (raw["reason"] is None or type(raw["reason"]) is str)
        and type(a) is dict
        and a.keys() == _ACTOR_KEYS
        and type(a["id"]) is str
        and type(a["role"]) is str
        and (a["agency_id"] is None or type(a["agency_id"]) is str)
        and (e is None or (type(e) is dict and e.keys() == _EVAL_KEYS and _plain_eval(e)))
        and type(details) is dict
    ):
        return None
    shared = _shared_details(details) if details else _EMPTY_DETAILS
    if shared is None:
        return None
    try:
        at = datetime.fromisoformat(text)
    except ValueError:
        return None
    if at.tzinfo is None or at.isoformat() != text:
        return None
    key = (a["id"], a["role"], a["agency_id"])
    actor = _ACTORS.get(key)
    if actor is None:
        try:
            actor = Actor(*key)
        except ValueError:  # empty or not valid Unicode: the checked path names the field
            return None
        if len(_ACTORS) >= _MAX_ACTORS:
            _ACTORS.clear()
        _ACTORS[key] = actor
    evaluation = None if e is None else EvaluationSummary(
        e["rubric_id"], e["rubric_version"], e["rubric_hash"], e["total"], e["layer"]
    )  # fmt: skip
    record = build_record(
        index + 1, raw["trigger"], raw["source"], raw["dest"], actor, at, raw["reason"],
        evaluation, shared,
        raw["prev_hash"], raw["hash"],
    )  # fmt: skip
    try:  # the types are checked above, and `text` is at.isoformat()
        content = plain_record_json(
            index + 1, raw["trigger"], raw["source"], raw["dest"], actor, text, raw["reason"],
            evaluation, record.details, raw["prev_hash"],
        )  # fmt: skip
        computed = _sha256(content.encode("utf-8")).hexdigest()
    except ValueError:  # a lone surrogate, a NaN: the checked path names the field
        return None
    return record, computed


_SCALARS = (str, int, float, bool)
# Actors are immutable and few (a unit head, a TPI, the TPN, the minister act on many
# units), so restored records share them: less memory and less for the GC to walk.
_ACTORS: dict[tuple[Any, ...], Actor] = {}
_MAX_ACTORS = 10_000
_EMPTY_DETAILS: Mapping[str, JsonScalar] = MappingProxyType({})
# Details repeat too ({"pakta_integritas_signed": true} on every declaration). Shared, they
# cost one read-only mapping instead of one per record – for the memory and for the GC,
# which walks every container of 100,000 restored lifecycles several times. Only flags,
# text and nulls are shared: for numbers, equal values may be written differently
# (1 and 1.0, 0.0 and -0.0), and the record must keep exactly what was hashed.
_DETAILS: dict[tuple[tuple[str, JsonScalar], ...], Mapping[str, JsonScalar]] = {}
_MAX_DETAILS = 10_000
_SHAREABLE = (bool, str, type(None))


def _shared_details(details: dict[Any, Any]) -> Mapping[str, JsonScalar] | None:
    """A read-only copy (shared when it holds only flags, text and nulls); ``None`` if not plain.

    A key that is not text or a value that is not a JSON scalar returns ``None``:
    the checked path then names it.
    """
    shareable = True
    for key, value in details.items():
        kind = type(value)
        if type(key) is not str or (value is not None and kind not in _SCALARS):
            return None
        if kind not in _SHAREABLE:
            shareable = False
    if not shareable:
        return MappingProxyType(dict(details))
    items = tuple(details.items())  # True and "True" differ; True and 1 cannot both occur here
    found = _DETAILS.get(items)
    if found is None:
        if len(_DETAILS) >= _MAX_DETAILS:
            _DETAILS.clear()
        found = _DETAILS[items] = MappingProxyType(dict(details))
    return found


def _plain_eval(e: dict[str, Any]) -> bool:
    return (
        type(e["rubric_id"]) is str
        and type(e["rubric_version"]) is str
        and type(e["rubric_hash"]) is str
        and type(e["total"]) is float
        and math.isfinite(e["total"])
        and (e["layer"] is None or type(e["layer"]) is str)
    )


def _checked_record(raw: object, index: int, path: str) -> tuple[AuditRecord, str]:
    r = _exact_keys(raw, RECORD_KEYS, path.rstrip("."))
    seq = r["seq"]
    if type(seq) is not int or seq != index + 1:  # not true, not 1.0: exactly the number
        _fail(f"{path}seq", f"is {r['seq']!r}; record {index + 1} was expected here")
    at = _time(r, "at", path)
    if at is None:
        _fail(f"{path}at", "is missing")
    record = AuditRecord(
        index + 1, _str(r, "trigger", path), _str(r, "source", path), _str(r, "dest", path),
        _actor(r["actor"], f"{path}actor"), at, _str(r, "reason", path, optional=True),
        _evaluation(r["evaluation"], f"{path}evaluation"), _details(r["details"], path),
        _str(r, "prev_hash", path), _str(r, "hash", path),
    )  # fmt: skip
    return record, record.computed_hash()


def _replay(record: AuditRecord, replay: _Replay, path: str) -> None:
    definition = replay.definition
    spec = definition.triggers.get(record.trigger)
    if spec is None:
        _fail(f"{path}trigger", f"{record.trigger!r} is not a trigger of {definition.name}")
    if record.source != replay._state:
        _fail(f"{path}source", f"is {record.source!r} but the unit was {replay._state!r}")
    if record.source not in definition.sources(record.trigger) or record.dest != spec.to:
        _fail(
            f"{path}dest",
            f"{record.trigger!r} does not lead from {record.source!r} to {record.dest!r}",
        )
    if replay.last_at is not None and record.at < replay.last_at:
        _fail(f"{path}at", "is earlier than the record (or creation) before it")
    apply_effects(replay, spec, record.at)
    replay._state, replay.last_at, replay.hash = record.dest, record.at, record.hash


def _actor(raw: object, path: str) -> Actor:
    a = _exact_keys(raw, _ACTOR_KEYS, path)
    p = f"{path}."
    return Actor(_str(a, "id", p), _str(a, "role", p), _str(a, "agency_id", p, optional=True))


def _evaluation(raw: object, path: str) -> EvaluationSummary | None:
    if raw is None:
        return None
    e = _exact_keys(raw, _EVAL_KEYS, path)
    total = e["total"]
    if isinstance(total, bool) or not isinstance(total, (int, float)) or not math.isfinite(total):
        _fail(f"{path}.total", "expected a finite number")
    p = f"{path}."
    return EvaluationSummary(
        _str(e, "rubric_id", p), _str(e, "rubric_version", p), _str(e, "rubric_hash", p),
        float(total), _str(e, "layer", p, optional=True),
    )  # fmt: skip


def _details(raw: object, path: str) -> Mapping[str, JsonScalar]:
    if not isinstance(raw, Mapping):
        _fail(f"{path}details", "expected an object")
    for key, value in raw.items():
        if not isinstance(key, str) or unencodable(key):
            _fail(f"{path}details", f"has a key that is not valid text: {key!r}")
        if value is not None and not isinstance(value, (str, int, float, bool)):
            _fail(f"{path}details.{key}", "expected a plain value (text, number, true/false)")
        if isinstance(value, str) and (problem := unencodable(value)):
            _fail(f"{path}details.{key}", problem)
        if isinstance(value, float) and not math.isfinite(value):
            _fail(f"{path}details.{key}", "expected a finite number")
    return MappingProxyType(dict(raw))


def _check_summary(
    data: Mapping[str, Any], restored: Restored, replay: _Replay, genesis: str
) -> None:
    count = len(restored.history)
    if type(data["revision"]) is not int or data["revision"] != count:
        _fail(
            "revision",
            f"is {data['revision']!r} but the history has {count} records: the history was "
            "truncated or extended",
        )
    if data["head"] != (replay.hash or genesis):
        _fail("head", "is not the hash of the last record: the history was truncated or altered")
    r, p = restored, replay
    stored = (r._state, r._target, r._predicate, r._building_since, r._proposed_at, r._revoked_at)
    replayed = (p._state, p._target, p._predicate, p._building_since, p._proposed_at, p._revoked_at)
    if stored != replayed:
        fields = ("state", "target", "predicate", "building_since", "proposed_at", "revoked_at")
        name, a, b = next(x for x in zip(fields, stored, replayed, strict=True) if x[1] != x[2])
        _fail(name, f"is {_show(a)} but the history adds up to {_show(b)}")


def _show(value: object) -> str:
    return repr(value.isoformat()) if isinstance(value, datetime) else repr(value)

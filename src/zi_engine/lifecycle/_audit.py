"""The audit trail: who fired what, when, on which evidence – chained by hash.

Each :class:`AuditRecord` carries the hash of the record before it and its own
hash over a canonical JSON of its content, so an altered, reordered or removed
record breaks the chain. The chain starts from a *genesis* hash over the
unit's identity, so one unit's history cannot be pasted onto another.

The hash is a checksum, not a signature: whoever runs this code can recompute
a forged chain. An app that must prove integrity against its own operators
stores :attr:`Lifecycle.head_hash` somewhere they cannot write.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime
from types import MappingProxyType
from typing import Any, Protocol

__all__ = [
    "Actor",
    "AuditRecord",
    "EvaluationLike",
    "EvaluationSummary",
    "JsonScalar",
    "build_record",
    "canonical_hash",
    "canonical_json",
    "genesis_hash",
    "plain_record_json",
    "require_aware",
    "require_text",
    "unencodable",
]

JsonScalar = str | int | float | bool | None

_ENCODER = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
)


def _no_default(value: object) -> Any:
    raise TypeError(f"{type(value).__name__} is not JSON data")


def _encoder() -> Callable[[Any], str]:
    """``_ENCODER.encode`` – or the same C encoder built once, not per call.

    Restoring 100,000 lifecycles hashes every record, and ``JSONEncoder.encode``
    builds its C scanner anew on each call (about a quarter of the cost). The
    arguments are exactly those ``JSONEncoder.iterencode`` passes; a test keeps
    the two outputs identical.
    """
    make = getattr(json.encoder, "c_make_encoder", None)
    quote = getattr(json.encoder, "c_encode_basestring", None)
    if make is None or quote is None:  # pragma: no cover - a Python without the C speedups
        return _ENCODER.encode
    c_encode = make(None, _no_default, quote, None, ":", ",", True, False, False)
    return lambda data: "".join(c_encode(data, 0))


_encode = _encoder()
_sha256 = hashlib.sha256
_quote: Callable[[str], str] = getattr(json.encoder, "c_encode_basestring", None) or (
    json.encoder.py_encode_basestring
)


def canonical_json(data: Mapping[str, Any]) -> str:
    """``data`` as canonical JSON: sorted keys, no spaces, no NaN, non-ASCII kept."""
    return _encode(data)


def canonical_hash(data: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of ``data`` as canonical JSON, UTF-8 encoded."""
    return _sha256(_encode(data).encode("utf-8")).hexdigest()


def require_aware(at: object, what: str = "at") -> datetime:
    """``at`` if it is a timezone-aware datetime; otherwise a clear TypeError/ValueError."""
    if not isinstance(at, datetime):
        raise TypeError(f"{what} must be a datetime with a timezone, got {type(at).__name__}")
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(
            f"{what} must be timezone-aware (e.g. datetime(..., tzinfo=timezone.utc)); "
            f"got the naive {at.isoformat()}"
        )
    return at


def require_text(value: object, what: str) -> str:
    """``value`` if it is non-empty text that can be stored (UTF-8); otherwise a clear error."""
    if not isinstance(value, str) or not value:
        raise ValueError(f"{what} must be a non-empty string, got {_short(value)}")
    text_problem = unencodable(value)
    if text_problem:
        raise ValueError(f"{what} {text_problem}")
    return value


def unencodable(text: str) -> str | None:
    """Why ``text`` cannot be written as UTF-8 (a lone surrogate), or ``None`` if it can."""
    if text.isascii():
        return None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return f"contains {text[exc.start]!r} at position {exc.start}, which is not valid Unicode"
    return None


def _short(value: object) -> str:
    shown = repr(value)
    return shown if len(shown) <= 60 else f"{shown[:57]}..."


def genesis_hash(
    definition: str,
    unit_id: str,
    agency_id: str,
    needs_preliminary_review: bool,
    created_at: datetime | None,
) -> str:
    """The ``prev_hash`` of a lifecycle's first record: binds the chain to the unit."""
    created = created_at.isoformat() if created_at is not None else None
    if not (
        type(definition) is str
        and type(unit_id) is str
        and type(agency_id) is str
        and type(needs_preliminary_review) is bool
    ):
        return canonical_hash(
            {
                "definition": definition,
                "unit_id": unit_id,
                "agency_id": agency_id,
                "needs_preliminary_review": needs_preliminary_review,
                "created_at": created,
            }
        )
    q = _quote  # the text canonical_hash writes, without building and sorting a dict
    text = (
        f'{{"agency_id":{q(agency_id)},"created_at":{"null" if created is None else q(created)},'
        f'"definition":{q(definition)},'
        f'"needs_preliminary_review":{"true" if needs_preliminary_review else "false"},'
        f'"unit_id":{q(unit_id)}}}'
    )
    return _sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Actor:
    """Someone who fires triggers: an id, a role from the definition and an agency.

    ``agency_id`` may be ``None`` only for national roles (TPN, the minister).
    """

    id: str
    role: str
    agency_id: str | None = None

    def __post_init__(self) -> None:
        # every record names its actor, and a saved history must load again
        require_text(self.id, "Actor.id")
        require_text(self.role, "Actor.role")
        if self.agency_id is not None:
            require_text(self.agency_id, "Actor.agency_id")

    def to_dict(self) -> dict[str, str | None]:
        """Plain JSON-able data."""
        return {"id": self.id, "role": self.role, "agency_id": self.agency_id}


class _CriterionLike(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def group(self) -> str: ...
    @property
    def outcome(self) -> str: ...
    @property
    def reason(self) -> str: ...


class _PredicateResultLike(Protocol):
    @property
    def outcome(self) -> str: ...
    @property
    def criteria(self) -> Any: ...  # Sequence[_CriterionLike]; Any keeps tuples of fakes simple


class EvaluationLike(Protocol):
    """What the lifecycle reads from a :class:`zi_engine.Evaluation` (and nothing more)."""

    @property
    def rubric_id(self) -> str: ...
    @property
    def rubric_version(self) -> str: ...
    @property
    def rubric_hash(self) -> str: ...
    @property
    def total(self) -> float: ...
    @property
    def layer(self) -> str | None: ...
    @property
    def eligibility(self) -> Mapping[str, Any]: ...  # values: _PredicateResultLike


@dataclass(frozen=True, slots=True)
class EvaluationSummary:
    """The evaluation an audit record relied on: which rubric (and content hash), what total."""

    rubric_id: str
    rubric_version: str
    rubric_hash: str
    total: float
    layer: str | None

    @classmethod
    def of(cls, evaluation: EvaluationLike) -> EvaluationSummary:
        """Summarise an evaluation object."""
        return cls(
            str(evaluation.rubric_id),
            str(evaluation.rubric_version),
            str(evaluation.rubric_hash),
            float(evaluation.total),
            None if evaluation.layer is None else str(evaluation.layer),
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data."""
        return {
            "rubric_id": self.rubric_id,
            "rubric_version": self.rubric_version,
            "rubric_hash": self.rubric_hash,
            "total": self.total,
            "layer": self.layer,
        }


_EMPTY: Mapping[str, JsonScalar] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """One fired transition, as it is kept in the history and handed to listeners.

    ``seq`` counts from 1; ``hash`` is SHA-256 over the canonical JSON of every
    other field (``prev_hash`` included). ``details`` holds the payload's other
    values (flags, dates as ISO text).
    """

    seq: int
    trigger: str
    source: str
    dest: str
    actor: Actor
    at: datetime
    reason: str | None
    evaluation: EvaluationSummary | None
    details: Mapping[str, JsonScalar]
    prev_hash: str
    hash: str

    @classmethod
    def create(
        cls,
        *,
        seq: int,
        trigger: str,
        source: str,
        dest: str,
        actor: Actor,
        at: datetime,
        reason: str | None,
        evaluation: EvaluationSummary | None,
        details: Mapping[str, JsonScalar],
        prev_hash: str,
    ) -> AuditRecord:
        """Build a record and compute its hash."""
        frozen = MappingProxyType(dict(details)) if details else _EMPTY
        digest = _sha256(
            _record_json(
                seq, trigger, source, dest, actor, at.isoformat(), reason, evaluation, frozen,
                prev_hash,
            ).encode("utf-8")
        ).hexdigest()  # fmt: skip
        return cls(
            seq, trigger, source, dest, actor, at, reason, evaluation, frozen, prev_hash, digest
        )

    @classmethod
    def _fire(
        cls,
        seq: int,
        trigger: str,
        source: str,
        dest: str,
        actor: Actor,
        at: datetime,
        reason: str | None,
        evaluation: EvaluationSummary | None,
        details: Mapping[str, JsonScalar],
        prev_hash: str,
    ) -> AuditRecord:
        """:meth:`create` for ``Lifecycle.fire``, whose values are known to be plain text.

        Trigger, states and ``prev_hash`` come from the definition and the chain,
        ``reason`` from the checked payload, the actor's fields are checked when
        it is made; ``details`` is a fresh dict of the payload's values.
        """
        frozen = MappingProxyType(details) if details else _EMPTY
        digest = _sha256(
            plain_record_json(
                seq, trigger, source, dest, actor, at.isoformat(), reason, evaluation, frozen,
                prev_hash,
            ).encode("utf-8")
        ).hexdigest()  # fmt: skip
        return build_record(
            seq, trigger, source, dest, actor, at, reason, evaluation, frozen, prev_hash, digest
        )

    def _content(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "trigger": self.trigger,
            "source": self.source,
            "dest": self.dest,
            "actor": self.actor.to_dict(),
            "at": self.at.isoformat(),
            "reason": self.reason,
            "evaluation": self.evaluation.to_dict() if self.evaluation is not None else None,
            "details": dict(self.details),
            "prev_hash": self.prev_hash,
        }

    def canonical_json(self) -> str:
        """The canonical JSON of every field but ``hash``: the text the hash is taken over."""
        return _record_json(
            self.seq, self.trigger, self.source, self.dest, self.actor, self.at.isoformat(),
            self.reason, self.evaluation, self.details, self.prev_hash,
        )  # fmt: skip

    def computed_hash(self) -> str:
        """The hash this record's content should have (differs from ``hash`` if altered)."""
        return _sha256(self.canonical_json().encode("utf-8")).hexdigest()

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data (``at`` as ISO 8601 with its UTC offset)."""
        out = self._content()
        out["hash"] = self.hash
        return out


_new = object.__new__
(
    _set_seq, _set_trigger, _set_source, _set_dest, _set_actor, _set_at, _set_reason,
    _set_evaluation, _set_details, _set_prev_hash, _set_hash,
) = (vars(AuditRecord)[f.name].__set__ for f in fields(AuditRecord))  # fmt: skip


def build_record(
    seq: int,
    trigger: str,
    source: str,
    dest: str,
    actor: Actor,
    at: datetime,
    reason: str | None,
    evaluation: EvaluationSummary | None,
    details: Mapping[str, JsonScalar],
    prev_hash: str,
    digest: str,
) -> AuditRecord:
    """``AuditRecord(...)`` in half the time, for the records every ``fire`` and restore builds.

    A frozen dataclass's ``__init__`` calls ``object.__setattr__`` once per
    field; this sets the slots through their descriptors instead. A test holds
    the result equal to the constructor's, field for field.
    """
    record: AuditRecord = _new(AuditRecord)
    _set_seq(record, seq)
    _set_trigger(record, trigger)
    _set_source(record, source)
    _set_dest(record, dest)
    _set_actor(record, actor)
    _set_at(record, at)
    _set_reason(record, reason)
    _set_evaluation(record, evaluation)
    _set_details(record, details)
    _set_prev_hash(record, prev_hash)
    _set_hash(record, digest)
    return record


def _record_json(
    seq: int,
    trigger: str,
    source: str,
    dest: str,
    actor: Actor,
    at: str,
    reason: str | None,
    evaluation: EvaluationSummary | None,
    details: Mapping[str, JsonScalar],
    prev_hash: str,
) -> str:
    """``canonical_json`` of a record's content, written out field by field.

    Every fired transition is hashed, and building the content dict and
    sorting its keys in the general encoder cost twice this. Keys are in
    sorted order; text goes through the encoder's own quoting; anything that
    is not plain text (or ``None``) where text belongs, and the nested
    ``details`` and ``evaluation``, take the general encoder, so the output is
    the same text ``canonical_json`` writes – a property test holds the two
    equal over arbitrary records.
    """
    if not (
        type(seq) is int
        and type(trigger) is str
        and type(source) is str
        and type(dest) is str
        and type(prev_hash) is str
        and (reason is None or type(reason) is str)
        and type(actor.id) is str
        and type(actor.role) is str
        and (actor.agency_id is None or type(actor.agency_id) is str)
    ):
        return _encode(
            {
                "seq": seq, "trigger": trigger, "source": source, "dest": dest,
                "actor": actor.to_dict(), "at": at, "reason": reason,
                "evaluation": evaluation.to_dict() if evaluation is not None else None,
                "details": dict(details), "prev_hash": prev_hash,
            }
        )  # fmt: skip
    return plain_record_json(
        seq, trigger, source, dest, actor, at, reason, evaluation, details, prev_hash
    )


def plain_record_json(
    seq: int,
    trigger: str,
    source: str,
    dest: str,
    actor: Actor,
    at: str,
    reason: str | None,
    evaluation: EvaluationSummary | None,
    details: Mapping[str, JsonScalar],
    prev_hash: str,
) -> str:
    """:func:`_record_json` for a caller that has checked the types (text, whole-number seq)."""
    q = _quote
    agency = "null" if actor.agency_id is None else q(actor.agency_id)
    return (
        f'{{"actor":{{"agency_id":{agency},"id":{q(actor.id)},"role":{q(actor.role)}}},'
        f'"at":{q(at)},"dest":{q(dest)},'
        f'"details":{_encode(dict(details)) if details else "{}"},'
        f'"evaluation":{"null" if evaluation is None else _encode(evaluation.to_dict())},'
        f'"prev_hash":{q(prev_hash)},"reason":{"null" if reason is None else q(reason)},'
        f'"seq":{seq},"source":{q(source)},"trigger":{q(trigger)}}}'
    )


def detail_value(value: object) -> JsonScalar:
    """A payload value as it is stored in ``details``: JSON scalars as they are, dates as ISO."""
    if isinstance(value, date):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)

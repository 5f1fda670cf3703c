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
from dataclasses import dataclass
from datetime import date, datetime
from types import MappingProxyType
from typing import Any, Protocol

__all__ = [
    "Actor",
    "AuditRecord",
    "EvaluationLike",
    "EvaluationSummary",
    "JsonScalar",
    "canonical_hash",
    "canonical_json",
    "genesis_hash",
    "require_aware",
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


def canonical_json(data: Mapping[str, Any]) -> str:
    """``data`` as canonical JSON: sorted keys, no spaces, no NaN, non-ASCII kept."""
    return _encode(data)


def canonical_hash(data: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of ``data`` as canonical JSON, UTF-8 encoded."""
    return hashlib.sha256(_encode(data).encode("utf-8")).hexdigest()


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


def genesis_hash(
    definition: str,
    unit_id: str,
    agency_id: str,
    needs_preliminary_review: bool,
    created_at: datetime | None,
) -> str:
    """The ``prev_hash`` of a lifecycle's first record: binds the chain to the unit."""
    return canonical_hash(
        {
            "definition": definition,
            "unit_id": unit_id,
            "agency_id": agency_id,
            "needs_preliminary_review": needs_preliminary_review,
            "created_at": created_at.isoformat() if created_at is not None else None,
        }
    )


@dataclass(frozen=True, slots=True)
class Actor:
    """Someone who fires triggers: an id, a role from the definition and an agency.

    ``agency_id`` may be ``None`` only for national roles (TPN, the minister).
    """

    id: str
    role: str
    agency_id: str | None = None

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
        rec = cls(
            seq, trigger, source, dest, actor, at, reason, evaluation,
            MappingProxyType(dict(details)) if details else _EMPTY, prev_hash, "",
        )  # fmt: skip
        object.__setattr__(rec, "hash", canonical_hash(rec._content()))
        return rec

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

    def computed_hash(self) -> str:
        """The hash this record's content should have (differs from ``hash`` if altered)."""
        return canonical_hash(self._content())

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data (``at`` as ISO 8601 with its UTC offset)."""
        out = self._content()
        out["hash"] = self.hash
        return out


def detail_value(value: object) -> JsonScalar:
    """A payload value as it is stored in ``details``: JSON scalars as they are, dates as ISO."""
    if isinstance(value, date):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)

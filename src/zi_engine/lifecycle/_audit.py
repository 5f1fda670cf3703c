"""The audit trail: who fired what, when, on which evidence – chained by hash.

Each :class:`AuditRecord` carries the hash of the record before it and its own
hash over a canonical JSON of its content, so an altered, reordered or removed
record breaks the chain. The chain starts from a *genesis* hash over the
unit's identity, so one unit's history cannot be pasted onto another.

The hash is a checksum, not a signature: whoever runs this code can recompute
a forged chain, or cut records off its end. An app that must prove integrity
against its own operators signs the head with a key they do not hold
(``_signing``), or stores :attr:`Lifecycle.head_hash` somewhere they cannot write.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from hashlib import sha256
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from zi_engine._canonical import (
    ObjectLayout,
    canonical_hash,
    canonical_json,
    sha256_hex,
    version1_json,
)
from zi_engine._i18n import t
from zi_engine._text import require_aware, require_text, unencodable

if TYPE_CHECKING:
    from zi_engine.lifecycle._shared import SharedValues

__all__ = [
    "HASH_VERSION",
    "IDENTITY_FIELDS",
    "MOVE_FIELDS",
    "NO_DETAILS",
    "RECORD_FIELDS",
    "Actor",
    "AuditRecord",
    "EvaluationLike",
    "EvaluationSummary",
    "JsonScalar",
    "actor_json",
    "canonical_hash",
    "detail_value",
    "genesis_hash",
    "new_record",
    "record_json",
    "require_aware",
    "require_text",
    "unencodable",
]

JsonScalar = str | int | float | bool | None
HASH_VERSION = 2  # the document format whose canonical text new records are hashed over


def genesis_hash(
    definition: str,
    unit_id: str,
    agency_id: str,
    needs_preliminary_review: bool,
    created_at: datetime | None,
) -> str:
    """The ``prev_hash`` of a lifecycle's first record: binds the chain to the unit.

    The same in every format version: its content is text, a flag and
    ``null``, whose canonical JSON version 1 already wrote as RFC 8785 does.
    The hash of the canonical JSON of ``{"definition": ..., "unit_id": ...,
    "agency_id": ..., "needs_preliminary_review": ..., "created_at": ISO text
    or null}`` (written through a layout: every restore computes one).
    """
    created = created_at.isoformat() if created_at is not None else None
    return sha256_hex(
        _GENESIS.write((definition, unit_id, agency_id, needs_preliminary_review, created))
    )


_GENESIS = ObjectLayout(
    ("definition", "unit_id", "agency_id", "needs_preliminary_review", "created_at"),
    text=("definition", "unit_id", "agency_id"),
)


@dataclass(frozen=True, slots=True)
class Actor:
    """Someone who fires triggers: an id, a role from the definition and an agency.

    ``agency_id`` may be ``None`` only for national roles (TPN, the minister)
    and for joint roles, whose actor acts for several agencies at once (the
    joint TPI of a Kawasan): those are ``agency_ids``, kept sorted, each once.
    """

    id: str
    role: str
    agency_id: str | None = None
    agency_ids: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # every record names its actor, and a saved history must load again
        require_text(self.id, "Actor.id")
        require_text(self.role, "Actor.role")
        if self.agency_id is not None:
            require_text(self.agency_id, "Actor.agency_id")
        if self.agency_ids:
            if self.agency_id is not None:
                raise ValueError(
                    t(
                        "lifecycle.actor_agencies",
                        "an Actor has one agency_id or several agency_ids, not both",
                    )
                )
            if isinstance(self.agency_ids, str):
                raise TypeError(
                    t(
                        "lifecycle.actor_agency_ids_text",
                        "Actor.agency_ids is a sequence of agency ids, not one text",
                    )
                )
            ids = tuple(sorted({require_text(a, "Actor.agency_ids[]") for a in self.agency_ids}))
            object.__setattr__(self, "agency_ids", ids)  # one spelling, so one record hash

    @property
    def agencies(self) -> frozenset[str]:
        """Every agency the actor acts for: its ``agency_id`` or its ``agency_ids``."""
        if self.agency_ids:
            return frozenset(self.agency_ids)
        return frozenset(() if self.agency_id is None else (self.agency_id,))

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data (``agency_ids`` only for an actor that has them)."""
        out: dict[str, Any] = {"id": self.id, "role": self.role, "agency_id": self.agency_id}
        if self.agency_ids:
            out["agency_ids"] = list(self.agency_ids)
        return out


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

    # also read when present (the guards of propose, admit and recommend need them):
    # unit_id, agency_id, year (int), submission_hash, survey_layers (question id -> layer)


@dataclass(frozen=True, slots=True)
class EvaluationSummary:
    """The evaluation an audit record relied on: which rubric (and content hash), what total,
    and whose answers – unit, agency, year and the submission's content hash.

    The identity fields are ``None`` only in records written before they were kept;
    they are left out of the record's text then, so those records keep their hashes.
    """

    rubric_id: str
    rubric_version: str
    rubric_hash: str
    total: float
    layer: str | None
    unit_id: str | None = None
    agency_id: str | None = None
    year: int | None = None
    submission_hash: str | None = None

    @classmethod
    def of(cls, evaluation: EvaluationLike) -> EvaluationSummary:
        """Summarise an evaluation object (identity fields it lacks stay ``None``)."""
        year = getattr(evaluation, "year", None)
        return cls(
            str(evaluation.rubric_id),
            str(evaluation.rubric_version),
            str(evaluation.rubric_hash),
            float(evaluation.total),
            None if evaluation.layer is None else str(evaluation.layer),
            _text_or_none(getattr(evaluation, "unit_id", None)),
            _text_or_none(getattr(evaluation, "agency_id", None)),
            year if type(year) is int else None,
            _text_or_none(getattr(evaluation, "submission_hash", None)),
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data (identity fields only when known)."""
        out: dict[str, Any] = {
            "rubric_id": self.rubric_id,
            "rubric_version": self.rubric_version,
            "rubric_hash": self.rubric_hash,
            "total": self.total,
            "layer": self.layer,
        }
        for name in IDENTITY_FIELDS:
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        return out


IDENTITY_FIELDS = ("unit_id", "agency_id", "year", "submission_hash")
"""The fields of :class:`EvaluationSummary` that name whose answers were evaluated."""


def _text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


NO_DETAILS: Mapping[str, JsonScalar] = MappingProxyType({})
"""The details of a record that has none: one mapping that every such record shares."""
_EMPTY = NO_DETAILS


class AuditRecord(NamedTuple):
    """One fired transition, as it is kept in the history and handed to listeners.

    ``seq`` counts from 1; ``hash`` is SHA-256 over the canonical JSON of every
    other field (``prev_hash`` included) – RFC 8785 for every record written
    now. ``details`` holds the payload's other values (flags, dates as ISO
    text). ``hash_version`` is 1 only for a record restored from a document of
    format version 1, whose hash covers that version's text.

    Immutable: a named tuple, because every ``fire()`` and every restored
    record builds one, and a tuple of twelve fields is built in a fifth of
    the time a frozen dataclass takes (which sets each field through
    ``object.__setattr__``). Compare records by their fields or ``hash``;
    ``record._replace(...)`` gives a changed copy (whose ``hash`` no longer
    matches: :meth:`computed_hash` says so).
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
    hash_version: int = HASH_VERSION

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
        """Build a record and compute its hash.

        ``ValueError`` for content that has no canonical form (text that is not
        valid Unicode, NaN).
        """
        return new_record(
            seq, trigger, source, dest, actor, at, reason, evaluation, details, prev_hash
        )

    def canonical_json(self) -> str:
        """The canonical JSON of every field but ``hash``: the text the hash is taken over."""
        content = _content(
            self.seq, self.trigger, self.source, self.dest, self.actor, self.at, self.reason,
            self.evaluation, self.details, self.prev_hash,
        )  # fmt: skip
        if self.hash_version == 1:
            content["details"] = dict(self.details)  # json.dumps reads only plain dicts
            return version1_json(content)
        return canonical_json(content)

    def computed_hash(self) -> str:
        """The hash this record's content should have (differs from ``hash`` if altered)."""
        return sha256_hex(self.canonical_json())

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data (``at`` as ISO 8601 with its UTC offset)."""
        out = _content(
            self.seq, self.trigger, self.source, self.dest, self.actor, self.at, self.reason,
            self.evaluation, self.details, self.prev_hash,
        )  # fmt: skip
        out["details"] = dict(self.details)
        out["hash"] = self.hash
        return out


RECORD_FIELDS = (
    "seq", "trigger", "source", "dest", "actor", "at", "reason", "evaluation", "details",
    "prev_hash",
)  # fmt: skip
"""A record's hashed members, in the order :func:`record_json` takes them."""
_RECORD = ObjectLayout(
    RECORD_FIELDS, text=("trigger", "source", "dest", "at", "prev_hash"), written=("actor",)
)
MOVE_FIELDS = ("seq", "actor", "at", "reason", "evaluation", "details", "prev_hash")
# a record's members beside its move (trigger, source, dest), which a move layout holds fixed
_ACTOR = ObjectLayout(("id", "role", "agency_id"), text=("id", "role"))
_JOINT_ACTOR = ObjectLayout(("id", "role", "agency_id", "agency_ids"), text=("id", "role"))


def actor_json(actor: Actor) -> str:
    """The canonical JSON of ``actor.to_dict()`` (a record's ``actor`` member)."""
    if actor.agency_ids:
        return _JOINT_ACTOR.write((actor.id, actor.role, None, list(actor.agency_ids)))
    return _ACTOR.write((actor.id, actor.role, actor.agency_id))


def record_json(
    seq: int,
    trigger: str,
    source: str,
    dest: str,
    actor: str,
    at: str,
    reason: str | None,
    evaluation: EvaluationSummary | None,
    details: Mapping[str, JsonScalar],
    prev_hash: str,
) -> str:
    """The RFC 8785 text a version-2 record's hash is over, from its parts.

    ``actor`` is :func:`actor_json` of the actor and ``at`` the time's ISO
    text, both as the caller already has them (an actor acts on many units;
    a restored record's time is the stored text, checked to be the ISO text
    of the time). The same text as :meth:`AuditRecord.canonical_json`, which
    builds the record's content and hands it to the general writer: that is
    the reference, and ``tests/lifecycle/test_fast_paths.py`` holds the two
    equal.
    """
    summary = None if evaluation is None else evaluation.to_dict()
    return _RECORD.write(
        (seq, trigger, source, dest, actor, at, reason, summary, details, prev_hash)
    )


def new_record(
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
    *,
    shared: SharedValues | None = None,
) -> AuditRecord:
    """:meth:`AuditRecord.create` with positional arguments (every ``fire`` makes one).

    ``shared``: the runtime's :class:`SharedValues`, whose kept actor texts and
    record layouts write the text (the same text, with less work).
    """
    frozen = MappingProxyType(dict(details)) if details else _EMPTY
    if shared is None:
        text = record_json(
            seq, trigger, source, dest, actor_json(actor), at.isoformat(), reason, evaluation,
            frozen, prev_hash,
        )  # fmt: skip
    else:
        text = shared.record_text(
            seq, trigger, source, dest, actor, at.isoformat(), reason, evaluation, frozen,
            prev_hash,
        )  # fmt: skip
    digest = sha256(text.encode()).hexdigest()  # sha256_hex(text), one call fewer per fire
    return AuditRecord(
        seq, trigger, source, dest, actor, at, reason, evaluation, frozen, prev_hash, digest
    )


def _content(
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
) -> dict[str, Any]:
    """A record's fields as JSON data: what is hashed, and (with ``hash``) what is stored.

    ``details`` stays the record's read-only mapping here: the canonical writer
    reads it as it is; :meth:`AuditRecord.to_dict` hands out a copy.
    """
    return {
        "seq": seq,
        "trigger": trigger,
        "source": source,
        "dest": dest,
        "actor": actor.to_dict(),
        "at": at.isoformat(),
        "reason": reason,
        "evaluation": None if evaluation is None else evaluation.to_dict(),
        "details": details,
        "prev_hash": prev_hash,
    }


def detail_value(value: object) -> JsonScalar:
    """A payload value as it is stored in ``details``: JSON scalars as they are, dates as ISO."""
    if isinstance(value, date):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)

"""The :class:`Lifecycle`: one unit's road to Menuju WBK/WBBM, guarded, audited, persistable."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from transitions import MachineError

from zi_engine import _defaults
from zi_engine._errors import ZiError
from zi_engine._i18n import t
from zi_engine._resources import BUNDLED_LIFECYCLE
from zi_engine.lifecycle._audit import (
    Actor,
    AuditRecord,
    genesis_hash,
    require_aware,
    require_text,
)
from zi_engine.lifecycle._definition import LifecycleDefinition
from zi_engine.lifecycle._errors import LifecycleStateError, ListenerError, TransitionRefused
from zi_engine.lifecycle._machine import Attempt, LifecycleHost, Runtime
from zi_engine.lifecycle._persist import FORMAT, FORMAT_VERSION, parse_document
from zi_engine.lifecycle._signing import SIGNATURE_KEY, check_signature, signature_member
from zi_engine.submission._scope import AgencyType, UnitLevel, resolve_preliminary_review

if TYPE_CHECKING:
    from zi_engine.submission._model import UnitInfo

__all__ = ["DEFAULT_DEFINITION", "Lifecycle"]

DEFAULT_DEFINITION = BUNDLED_LIFECYCLE
_EMPTY_PAYLOAD: Mapping[str, Any] = {}


def _engine(engine: LifecycleHost | None) -> LifecycleHost:
    host: LifecycleHost = _defaults.engine() if engine is None else engine
    return host


class Lifecycle:
    """A unit's Zona Integritas lifecycle as a guarded, role-checked, audited state machine.

    Create one with :meth:`new`, restore one with :meth:`from_dict`, move it
    with :meth:`fire`. ``state``, ``target`` (``"WBK"``/``"WBBM"``) and
    ``predicate`` (``None``/``"WBK"``/``"WBBM"``) are read-only; every
    change goes through a trigger and leaves an :class:`AuditRecord`.
    Times are always passed in (``at=``, timezone-aware); no rule reads
    the clock. Not thread-safe: guard one lifecycle with one lock.
    """

    __slots__ = (
        "_agency_id", "_building_since", "_busy", "_created_at", "_history", "_predicate",
        "_prelim", "_proposed_at", "_revoked_at", "_rt", "_state", "_target", "_unit_id",
    )  # fmt: skip

    _rt: Runtime
    _unit_id: str
    _agency_id: str
    _prelim: bool
    _created_at: datetime | None
    _state: str
    _target: str
    _predicate: str | None
    _building_since: datetime | None
    _proposed_at: datetime | None
    _revoked_at: datetime | None
    _history: list[AuditRecord] | tuple[()]  # () until the first record: idle units stay small
    _busy: bool

    def __init__(self) -> None:
        raise TypeError(
            t("lifecycle.no_constructor", "use Lifecycle.new(...) or Lifecycle.from_dict(...)")
        )

    # -- construction ---------------------------------------------------------------------------

    @classmethod
    def new(
        cls,
        unit_id: str,
        agency_id: str,
        *,
        definition: str | Path | LifecycleDefinition = DEFAULT_DEFINITION,
        engine: LifecycleHost | None = None,
        unit: UnitInfo | None = None,
        level: UnitLevel | None = None,
        agency_type: AgencyType | None = None,
        needs_preliminary_review: bool | None = None,
        created_at: datetime | None = None,
    ) -> Lifecycle:
        """A unit that has not yet declared (the definition's initial state).

        Its preliminary review (penilaian pendahuluan) follows from ``unit``
        (its :class:`~zi_engine.UnitInfo`) or ``level`` and ``agency_type``:
        see :func:`~zi_engine.submission.resolve_preliminary_review`, which
        also reads the deprecated ``needs_preliminary_review``. ``created_at``
        (optional) starts the clock a portfolio uses to report units that
        never started.
        """
        require_text(unit_id, "unit_id")
        require_text(agency_id, "agency_id")
        if created_at is not None:
            require_aware(created_at, "created_at")
        prelim = resolve_preliminary_review(
            unit_id, agency_id, unit=unit, level=level, agency_type=agency_type,
            stated=needs_preliminary_review,
        )  # fmt: skip
        rt = _engine(engine).lifecycle_runtime(definition)
        d = rt.definition
        self = object.__new__(cls)
        self._init(rt, unit_id, agency_id, prelim, created_at)
        self._state, self._target, self._predicate = d.initial, d.predicates[0], None
        self._building_since = self._proposed_at = self._revoked_at = None
        self._history = ()
        return self

    def _init(
        self, rt: Runtime, unit_id: str, agency_id: str, prelim: bool, created: datetime | None
    ) -> None:
        self._rt, self._unit_id, self._agency_id = rt, unit_id, agency_id
        self._prelim, self._created_at, self._busy = prelim, created, False

    @classmethod
    def from_dict(
        cls,
        data: Mapping[str, Any],
        *,
        engine: LifecycleHost | None = None,
        definition: LifecycleDefinition | None = None,
        signing_key: bytes | None = None,
    ) -> Lifecycle:
        """Restore a :meth:`to_dict` document exactly, without firing anything.

        The whole document is checked (hash chain, revision, every record
        replayed against the definition's transitions, roles and payload, state
        against the history); a corrupt or tampered one raises
        :class:`LifecycleStateError` naming the first bad record.
        ``definition`` is needed only for a definition that is not registered
        with the engine (one loaded from a path). With ``signing_key`` the
        document must carry a signature of its head under that key (see
        :meth:`to_dict`): without the key nobody can forge or truncate it.
        """
        if not isinstance(data, Mapping):
            raise LifecycleStateError(
                t(
                    "lifecycle.not_a_document",
                    "expected a lifecycle document, got {kind}",
                    kind=type(data).__name__,
                )
            )
        if definition is None:
            name = data.get("definition")
            if not isinstance(name, str):
                raise LifecycleStateError(
                    t("lifecycle.no_definition_named", "the document names no lifecycle definition")
                )
            eng = _engine(engine)
            if name not in eng.lifecycle_definitions:
                # documents come from storage: only registered definitions are trusted by
                # name; a file must be passed explicitly as definition=
                known = ", ".join(sorted(eng.lifecycle_definitions)) or t("lifecycle.none", "none")
                raise LifecycleStateError(
                    t(
                        "lifecycle.definition_not_registered",
                        "the document names lifecycle definition {name!r}, which is not "
                        "registered (known: {known}); pass definition= to load another one",
                        name=name,
                        known=known,
                    )
                )
            rt = eng.lifecycle_runtime(name)
        else:
            rt = _engine(engine).lifecycle_runtime(definition)
        r = parse_document(data, rt.definition, rt.shared)
        self = object.__new__(cls)
        self._init(rt, r.unit_id, r.agency_id, r.needs_preliminary_review, r.created_at)
        self._state, self._target, self._predicate = r._state, r._target, r._predicate
        self._building_since, self._proposed_at = r._building_since, r._proposed_at
        self._revoked_at, self._history = r._revoked_at, r.history or ()
        check_signature(data.get(SIGNATURE_KEY), signing_key, self.head_hash)
        return self

    def to_dict(self, *, signing_key: bytes | None = None) -> dict[str, Any]:
        """Plain JSON-able data, including ``revision`` (for optimistic locking) and ``head``.

        With ``signing_key`` (at least 16 bytes the app keeps secret) the
        document also carries ``signature``: HMAC-SHA256 of its head, which
        :meth:`from_dict` checks when given the same key.
        """
        doc = self._document()
        if signing_key is not None:
            doc[SIGNATURE_KEY] = signature_member(signing_key, doc["head"])
        return doc

    def _document(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "version1_records": sum(record.hash_version == 1 for record in self._history),
            "definition": self._rt.definition.name,
            "unit_id": self._unit_id,
            "agency_id": self._agency_id,
            "needs_preliminary_review": self._prelim,
            "created_at": _iso(self._created_at),
            "state": self._state,
            "target": self._target,
            "predicate": self._predicate,
            "building_since": _iso(self._building_since),
            "proposed_at": _iso(self._proposed_at),
            "revoked_at": _iso(self._revoked_at),
            "revision": len(self._history),
            "head": self.head_hash,
            "history": [record.to_dict() for record in self._history],
        }

    # -- firing ---------------------------------------------------------------------------------

    def fire(self, trigger: str, *, actor: Actor, at: datetime, **payload: Any) -> AuditRecord:
        """Fire ``trigger`` as ``actor`` at ``at``; return the new audit record.

        Payload keywords are those the definition declares for the trigger
        (``evaluation=``, ``reason=``, ``sptjm_signed=``, …). On refusal raises
        :class:`TransitionRefused` listing every reason, with state and history
        untouched. If a ``zi_transition_done`` listener raises, the transition
        is rolled back and :class:`ListenerError` is raised.
        """
        self._ready(actor, at)
        rt = self._rt
        event = rt.machine.events.get(trigger)
        if event is None:  # not a trigger of the definition (or of its machine)
            reasons = self._reasons(trigger, actor, at, payload)
            raise TransitionRefused(trigger, self._state, reasons)
        attempt = Attempt(actor, at, payload)
        saved = (
            self._state, self._target, self._predicate, self._building_since,
            self._proposed_at, self._revoked_at, len(self._history),
        )  # fmt: skip
        try:
            # the machine checks the source state, then its transition's condition checks
            # everything else, `before` writes the record, the machine sets the state and
            # `after` applies the effects
            fired = event.trigger(self, attempt=attempt)
        except MachineError:  # no transition from this state: refused before any callback
            reasons = self._reasons(trigger, actor, at, payload)
            raise TransitionRefused(trigger, self._state, reasons) from None
        except BaseException:
            self._restore(saved)
            raise
        if not fired:
            raise TransitionRefused(trigger, self._state, attempt.reasons)
        record = attempt.record
        assert record is not None  # written by the transition's `before` callback
        if rt.has_listeners():
            self._tell_listeners(trigger, record, saved)
        return record

    def check(self, trigger: str, *, actor: Actor, at: datetime, **payload: Any) -> tuple[str, ...]:
        """The reasons :meth:`fire` would refuse with (empty: it would fire). Changes nothing."""
        self._ready(actor, at)
        return tuple(self._reasons(trigger, actor, at, payload))

    def allowed(self, actor: Actor, *, at: datetime) -> tuple[str, ...]:
        """The triggers ``actor`` may fire now, given the payload they require.

        Checks the state, the actor's permission and every guard that does
        not depend on the payload (evidence such as an evaluation is checked
        when firing).
        """
        self._ready(actor, at)
        rt = self._rt
        return tuple(
            trigger
            for trigger in rt.machine.get_triggers(self._state)
            if not rt.reasons(self, trigger, actor, at, _EMPTY_PAYLOAD, probe=True)[0]
        )

    def _ready(self, actor: Actor, at: datetime) -> None:
        if type(at) is not datetime or at.utcoffset() is None:  # the usual case, cheaply
            require_aware(at)
        if not isinstance(actor, Actor):
            raise TypeError(
                t(
                    "lifecycle.not_an_actor",
                    "actor must be a zi_engine.Actor, got {kind}",
                    kind=type(actor).__name__,
                )
            )
        if self._busy:
            raise ZiError(
                t(
                    "lifecycle.reentered",
                    "a transition listener, guard or authorization policy may not fire or check "
                    "this lifecycle again",
                )
            )

    def _reasons(
        self, trigger: str, actor: Actor, at: datetime, payload: Mapping[str, Any]
    ) -> list[str]:
        return self._rt.reasons(self, trigger, actor, at, payload, probe=False)[0]

    def _append(self, record: AuditRecord) -> None:
        """Add a fired transition's record (the machine's ``after`` callback calls this)."""
        if self._history:
            self._history.append(record)  # non-empty, so it is the list
        else:
            self._history = [record]

    def _tell_listeners(self, trigger: str, record: AuditRecord, saved: tuple[Any, ...]) -> None:
        self._busy = True
        try:
            self._rt.notify(self, record)
        except Exception as exc:  # a listener's failure: undo, then report it as ours
            self._restore(saved)
            raise ListenerError(trigger, exc) from exc
        except BaseException:
            self._restore(saved)
            raise
        finally:
            self._busy = False

    def _restore(self, saved: tuple[Any, ...]) -> None:
        (
            self._state, self._target, self._predicate, self._building_since,
            self._proposed_at, self._revoked_at, count,
        ) = saved  # fmt: skip
        if isinstance(self._history, list):
            del self._history[count:]

    # -- read-only view ---------------------------------------------------------------------------

    @property
    def unit_id(self) -> str:
        """The unit's id (as the embedding app knows it)."""
        return self._unit_id

    @property
    def agency_id(self) -> str:
        """The agency (instansi) the unit belongs to."""
        return self._agency_id

    @property
    def definition(self) -> LifecycleDefinition:
        """The lifecycle definition in force."""
        return self._rt.definition

    @property
    def engine(self) -> LifecycleHost:
        """The engine whose plugins guard, authorize and listen."""
        return self._rt.engine

    @property
    def state(self) -> str:
        """The current state (``candidate``, ``building``, ``designated``, …)."""
        return self._state

    @property
    def state_label(self) -> str:
        """The current state's Indonesian label (``Pembangunan``, …)."""
        return self._rt.definition.states[self._state].label

    @property
    def target(self) -> str:
        """The predicate being worked toward: ``"WBK"`` or ``"WBBM"``."""
        return self._target

    @property
    def predicate(self) -> str | None:
        """The predicate held: ``None``, ``"WBK"`` or ``"WBBM"``."""
        return self._predicate

    @property
    def needs_preliminary_review(self) -> bool:
        """Whether the unit goes through a preliminary review before the TPI."""
        return self._prelim

    @property
    def created_at(self) -> datetime | None:
        """When the lifecycle was created, if given."""
        return self._created_at

    @property
    def building_since(self) -> datetime | None:
        """Start of building toward the current target (reset by pursuing WBBM, resuming)."""
        return self._building_since

    @property
    def proposed_at(self) -> datetime | None:
        """When the latest proposal was made."""
        return self._proposed_at

    @property
    def revoked_at(self) -> datetime | None:
        """When the predicate was last revoked."""
        return self._revoked_at

    @property
    def entered_at(self) -> datetime | None:
        """When the current state was entered (``created_at`` before any transition)."""
        return self._history[-1].at if self._history else self._created_at

    @property
    def history(self) -> tuple[AuditRecord, ...]:
        """Every fired transition, oldest first (a copy: records are immutable)."""
        return tuple(self._history)

    @property
    def revision(self) -> int:
        """Number of transitions so far; compare it when saving (optimistic locking)."""
        return len(self._history)

    @property
    def head_hash(self) -> str:
        """Hash of the last record (or of the unit's identity): store it to pin the history."""
        if self._history:
            return self._history[-1].hash
        return genesis_hash(
            self._rt.definition.name, self._unit_id, self._agency_id, self._prelim, self._created_at
        )

    def __repr__(self) -> str:
        return (
            f"<Lifecycle {self._unit_id!r} ({self._agency_id}) {self._state} "
            f"target={self._target} predicate={self._predicate} revision={len(self._history)}>"
        )


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None

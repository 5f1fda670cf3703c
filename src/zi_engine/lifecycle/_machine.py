"""One shared ``transitions`` machine per definition and engine: it fires every transition.

Each trigger of the definition is a transition of the machine (``transitions``
rejects a transition to or from an unknown state), wired to its callbacks:

* one condition, which evaluates *every* check – time order, the
  authorization policy, the payload, the trigger's guards – and keeps each
  failure's reason on the attempt: a refusal lists them all, while separate
  ``transitions`` conditions would stop at the first false one;
* ``after`` writes the hashed audit record (from the transition's source
  and destination), applies the trigger's effects and appends the record.
  One callback rather than a ``before`` and an ``after``: each callback the
  machine dispatches costs about a tenth of a bare dispatch, and nothing
  needs the unit in its source state once the condition has passed.

:meth:`Lifecycle.fire` dispatches with ``machine.events[trigger].trigger``;
the machine checks the source state (a ``MachineError`` from any other),
runs the callbacks and sets the state. :meth:`Runtime.reasons` is the
check the condition runs, so ``check()`` and ``allowed()`` give the answer
``fire()`` would.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from transitions import EventData, Machine

from zi_engine._errors import plugin_failed
from zi_engine._i18n import t
from zi_engine.lifecycle._audit import (
    AuditRecord,
    EvaluationSummary,
    detail_value,
    new_record,
)
from zi_engine.lifecycle._definition import (
    SAME_STATE,
    LifecycleDefinition,
    LifecycleParameters,
    TriggerSpec,
)
from zi_engine.lifecycle._errors import LifecycleDefinitionError
from zi_engine.lifecycle._load import load_definition_file, resolve_definition
from zi_engine.lifecycle._payload import check_payload
from zi_engine.lifecycle._shared import SharedValues

if TYPE_CHECKING:
    from pathlib import Path

    import pluggy

    from zi_engine.lifecycle._audit import Actor
    from zi_engine.lifecycle._model import Lifecycle

__all__ = [
    "Attempt",
    "Guard",
    "GuardContext",
    "LifecycleHost",
    "Runtime",
    "Runtimes",
    "apply_effects",
]

STATE_ATTRIBUTE = "_state"  # a slot of Lifecycle; the public .state is read-only
BUILTIN_POLICY = "zi_engine.lifecycle._builtin"
_POLICY_ARGS = ("lifecycle", "actor", "trigger", "at")


class GuardContext(NamedTuple):
    """What a guard sees: the lifecycle (before the transition), who, what, when and with what.

    ``payload`` holds only the well-formed payload fields the trigger declares;
    a field that is missing or malformed is already a refusal reason of its
    own, so a guard treats a missing field as "nothing to object to" and
    returns ``None``. :meth:`Lifecycle.allowed` calls guards with an empty
    payload for the same reason. Immutable (a named tuple: one is built for
    every check, and a tuple is built in a third of a frozen dataclass's time).
    """

    lifecycle: Lifecycle
    actor: Actor
    trigger: str
    at: datetime
    payload: Mapping[str, Any]
    parameters: LifecycleParameters


Guard = Callable[[GuardContext], "str | None"]


class LifecycleHost(Protocol):
    """What a lifecycle needs from its engine: plugins, guards, definitions, runtimes.

    :class:`~zi_engine.Engine` is the implementation; the lifecycle layer
    never imports it.
    """

    @property
    def plugin_manager(self) -> pluggy.PluginManager: ...
    @property
    def lifecycle_guards(self) -> Mapping[str, Any]: ...
    @property
    def lifecycle_definitions(self) -> Mapping[str, tuple[Path, str]]: ...
    def lifecycle_runtime(self, definition: str | Path | LifecycleDefinition) -> Runtime: ...


class _Stateful(Protocol):
    _target: str
    _predicate: str | None
    _building_since: datetime | None
    _proposed_at: datetime | None
    _revoked_at: datetime | None


def apply_effects(obj: _Stateful, spec: TriggerSpec, at: datetime) -> None:
    """Apply a trigger's effects, then its ``set_target`` (also used to replay history)."""
    for effect in spec.effects:
        if effect == "start_building_clock":
            obj._building_since = at
        elif effect == "record_proposal":
            obj._proposed_at = at
        elif effect == "grant_target":
            obj._predicate = obj._target
        elif effect == "clear_predicate":
            obj._predicate = None
        elif effect == "record_revocation":
            obj._revoked_at = at
    if spec.set_target is not None:
        obj._target = spec.set_target


class Attempt:
    """One ``fire()`` on its way through the machine: what was asked and what came of it.

    Passed to the dispatch as ``attempt=``, so every callback of the
    transition reads it from ``event.kwargs``.
    """

    __slots__ = ("actor", "at", "clean", "payload", "reasons", "record")

    def __init__(self, actor: Actor, at: datetime, payload: Mapping[str, Any]) -> None:
        self.actor = actor
        self.at = at
        self.payload = payload
        self.reasons: list[str] = []
        self.clean: dict[str, Any] = {}
        self.record: AuditRecord | None = None


def _details(spec: TriggerSpec, clean: Mapping[str, Any]) -> tuple[Any, dict[str, Any]]:
    """The evaluation summary and the details a record keeps of a checked payload."""
    evaluation = None
    details: dict[str, Any] = {}
    for key, value in clean.items():
        kind = spec.payload[key].type
        if kind == "evaluation":
            evaluation = EvaluationSummary.of(value)
        elif kind != "review" and key != "reason":  # a review keeps its own history
            details[key] = detail_value(value)
    return evaluation, details


def _transitions(definition: LifecycleDefinition, trigger: str) -> list[tuple[list[str], str]]:
    """The machine transitions of ``trigger``: ``[(sources, dest)]``."""
    sources = list(definition.sources(trigger))
    if definition.triggers[trigger].to != SAME_STATE:
        return [(sources, definition.triggers[trigger].to)]
    return [([source], source) for source in sources]


class _Policy(NamedTuple):
    """One ``zi_authorize`` implementation, ready to call without pluggy's machinery."""

    function: Callable[..., object]
    argnames: tuple[str, ...]
    plugin: str


class Runtime:
    """A definition made executable for one engine (shared by all its lifecycles)."""

    __slots__ = (
        "_authorize", "_done", "_policies", "_policy_impls", "definition", "engine", "guards",
        "machine", "shared",
    )  # fmt: skip

    def __init__(self, engine: LifecycleHost, definition: LifecycleDefinition) -> None:
        self.engine = engine
        self.definition = definition
        registry = engine.lifecycle_guards
        missing = sorted(
            {g for t in definition.triggers.values() for g in t.guards} - set(registry)
        )
        if missing:
            raise LifecycleDefinitionError(
                t(
                    "lifecycle.guards_missing",
                    "lifecycle {name!r} names guards this engine does not have: {missing}",
                    name=definition.name,
                    missing=", ".join(missing),
                )
            )
        # per guard whether it is ours (a failure is our bug) or a plugin's (named when it fails)
        self.guards: dict[str, tuple[tuple[str, Guard, bool], ...]] = {
            name: tuple((g, registry[g], _ours(registry[g])) for g in spec.guards)
            for name, spec in definition.triggers.items()
        }
        # Models are never registered: add_model gives each one bound trigger methods
        # (~15 KiB per object) and the machine keeps a list of them, and a national portal
        # holds 100,000 units. The machine dispatches for any object that has the state
        # attribute, so one machine serves every lifecycle of the definition.
        self.machine = Machine(
            model=None,
            states=list(definition.states),
            initial=definition.initial,
            auto_transitions=False,
            send_event=True,
            model_attribute=STATE_ATTRIBUTE,
            name=definition.name,
        )
        for name, spec in definition.triggers.items():
            # a trigger that stays (to: "=") is one reflexive transition per source state
            for sources, dest in _transitions(definition, name):
                self.machine.add_transition(
                    name,
                    list[Any](sources),
                    dest,
                    conditions=self._permitted,
                    after=partial(self._record, spec),
                )
        self.shared = SharedValues()  # actors and details that restored records share
        hooks = engine.plugin_manager.hook
        self._authorize = hooks.zi_authorize
        self._done = hooks.zi_transition_done
        self._policy_impls: list[Any] | None = None
        self._policies: tuple[_Policy, ...] | None = None

    # -- the transition's callbacks ---------------------------------------------------------

    def _permitted(self, event: EventData) -> bool:
        """The transition's one condition: every check passes.

        It runs every check and keeps each reason on the attempt – a refusal
        lists them all, where separate conditions would stop at the first.
        """
        attempt: Attempt = event.kwargs["attempt"]
        lifecycle: Lifecycle = event.model  # type: ignore[assignment]
        attempt.reasons, attempt.clean = self.reasons(
            lifecycle, event.event.name, attempt.actor, attempt.at, attempt.payload, probe=False
        )
        return not attempt.reasons

    def _record(self, spec: TriggerSpec, event: EventData) -> None:
        """The hashed audit record, the effects, and the record joins the history.

        The machine has set the destination state; if anything here fails,
        ``fire`` puts the unit back as it was.
        """
        attempt: Attempt = event.kwargs["attempt"]
        lifecycle: Lifecycle = event.model  # type: ignore[assignment]  # transitions: object
        clean = attempt.clean
        evaluation, details = _details(spec, clean) if clean else (None, {})
        history = lifecycle._history  # the list itself: no copy for every record
        actor = attempt.actor
        transition = event.transition
        assert transition is not None  # the machine is executing it
        assert transition.dest is not None  # not an internal transition: every one has a dest
        attempt.record = record = new_record(
            len(history) + 1, event.event.name, transition.source, transition.dest, actor,
            attempt.at, clean.get("reason"), evaluation, details,
            history[-1].hash if history else lifecycle.head_hash,
            shared=self.shared,  # the same actors fire again and again, on the same moves
        )  # fmt: skip
        if spec.effects or spec.set_target is not None:
            apply_effects(lifecycle, spec, attempt.at)
        lifecycle._append(record)

    # -- checks ----------------------------------------------------------------------------

    def reasons(
        self,
        lifecycle: Lifecycle,
        trigger: str,
        actor: Actor,
        at: datetime,
        payload: Mapping[str, Any],
        *,
        probe: bool,
    ) -> tuple[list[str], dict[str, Any]]:
        """Every reason to refuse ``trigger`` now, and the well-formed payload.

        The source state is checked against the machine's own transitions.
        ``probe`` (for :meth:`Lifecycle.allowed`) skips the payload.
        """
        d = self.definition
        spec = d.triggers.get(trigger)
        if spec is None:
            known = ", ".join(d.triggers)
            return [
                t(
                    "lifecycle.unknown_trigger",
                    "{trigger!r} is not a trigger of {definition}; known: {known}",
                    trigger=trigger,
                    definition=d.name,
                    known=known,
                )
            ], {}
        reasons: list[str] = []
        state = lifecycle._state
        event = self.machine.events.get(trigger)
        if event is None or state not in event.transitions:  # what the machine's dispatch checks
            sources = (
                [source for source, found in event.transitions.items() if found] if event else []
            )
            reasons.append(
                t(
                    "lifecycle.wrong_state",
                    "{trigger!r} fires only from {sources}; the unit is {state!r} ({label})",
                    trigger=trigger,
                    sources=", ".join(sources) or t("lifecycle.no_state", "no state"),
                    state=state,
                    label=d.states[state].label,
                )
            )
        history = lifecycle._history  # entered_at, without the property's call
        last = history[-1].at if history else lifecycle._created_at
        if last is not None and at < last:
            reasons.append(
                t(
                    "lifecycle.before_last_change",
                    "{at} is before the last change ({last})",
                    at=at.isoformat(),
                    last=last.isoformat(),
                )
            )
        clean: dict[str, Any] = {}
        if not probe and (payload or spec.payload):
            payload_reasons, clean = check_payload(trigger, spec, payload)
        else:
            payload_reasons = []
        # policies and guards are plugins: while they decide, the lifecycle refuses to be
        # fired or checked again (a policy that fires what it is asked about would recurse,
        # or move the unit under the transition being checked), as it does for listeners
        busy = lifecycle._busy
        lifecycle._busy = True
        try:
            denied = self.authorize(lifecycle, actor, trigger, at)
            if denied:
                reasons.append(denied)
            reasons += payload_reasons
            guards = self.guards[trigger]
            if guards:
                ctx = GuardContext(lifecycle, actor, trigger, at, clean, d.parameters)
                for name, guard, ours in guards:
                    why = guard(ctx) if ours else _guarded(name, guard, ctx)
                    if why:  # a Text keeps its code
                        reasons.append(why if isinstance(why, str) else str(why))
        finally:
            lifecycle._busy = busy
        return reasons, clean

    def authorize(
        self, lifecycle: Lifecycle, actor: Actor, trigger: str, at: datetime
    ) -> str | None:
        """``None`` if the ``zi_authorize`` policy allows it, else the reason it does not.

        A refusal by a plugin's policy names the plugin, so a user can tell which
        of several policies decided.
        """
        verdict, who = self._ask_policies(lifecycle, actor, trigger, at)
        if verdict is True:
            return None
        if verdict is None:
            return t(
                "lifecycle.no_policy",
                "no authorization policy allows {role} {actor!r} to {trigger!r}",
                role=actor.role,
                actor=actor.id,
                trigger=trigger,
            )
        named = who if who and who != BUILTIN_POLICY else None
        if verdict is False:
            if named is None:
                return t(
                    "lifecycle.policy_refused",
                    "{role} {actor!r} may not {trigger!r} (refused by a policy)",
                    role=actor.role,
                    actor=actor.id,
                    trigger=trigger,
                )
            return t(
                "lifecycle.plugin_policy_refused",
                "{role} {actor!r} may not {trigger!r} (policy: {policy})",
                role=actor.role,
                actor=actor.id,
                trigger=trigger,
                policy=named,
            )
        if named is None:
            return verdict if isinstance(verdict, str) else str(verdict)
        return t(
            "lifecycle.policy_reason", "{reason} (policy: {policy})", reason=verdict, policy=named
        )

    def _ask_policies(
        self, lifecycle: Lifecycle, actor: Actor, trigger: str, at: datetime
    ) -> tuple[object, str | None]:
        """The first non-``None`` answer of ``zi_authorize`` and the plugin that gave it.

        Same order as pluggy's first-result call (last registered first). The
        implementations are read on every call – a plugin registered later
        takes part at once – and prepared again only when they changed. With
        hook wrappers present pluggy itself is asked, and the answer not
        attributed.
        """
        impls = self._authorize.get_hookimpls()
        if impls != self._policy_impls:
            self._policy_impls = impls
            self._policies = (
                None
                if any(impl.hookwrapper or impl.wrapper for impl in impls)
                else tuple(
                    _Policy(impl.function, tuple(impl.argnames), impl.plugin_name)
                    for impl in reversed(impls)
                )
            )
        policies = self._policies
        if policies is None:
            try:
                verdict = self._authorize(lifecycle=lifecycle, actor=actor, trigger=trigger, at=at)
            except Exception as exc:
                raise plugin_failed("(one of several)", "zi_authorize", exc) from exc
            return verdict, None
        for function, argnames, plugin in policies:
            try:
                if argnames == _POLICY_ARGS:
                    verdict = function(lifecycle, actor, trigger, at)
                else:  # an implementation may take any subset of the arguments, in any order
                    given = {"lifecycle": lifecycle, "actor": actor, "trigger": trigger, "at": at}
                    verdict = function(*[given[name] for name in argnames])
            except Exception as exc:  # the policy's failure, not a refusal and not ours
                raise plugin_failed(plugin, "zi_authorize", exc) from exc
            if verdict is not None:
                if verdict is not True and verdict is not False and not isinstance(verdict, str):
                    raise plugin_failed(
                        plugin,
                        "zi_authorize",
                        t(
                            "lifecycle.policy_answer",
                            "returned {kind}; expected True, False, a reason (text) or None",
                            kind=type(verdict).__name__,
                        ),
                    )
                return verdict, plugin
        return None, None

    def has_listeners(self) -> bool:
        """Whether any plugin implements ``zi_transition_done`` (read on every call)."""
        return bool(self._done.get_hookimpls())

    def notify(self, lifecycle: Lifecycle, record: Any) -> None:
        """Tell the ``zi_transition_done`` listeners."""
        self._done(lifecycle=lifecycle, record=record)


def _ours(guard: Guard) -> bool:
    """Whether ``guard`` is one of zi_engine's own (its failure is our bug, and says so)."""
    return (getattr(guard, "__module__", None) or "?").startswith("zi_engine.")


def _guarded(name: str, guard: Guard, ctx: GuardContext) -> str | None:
    """A plugin guard's objection; a plugin's guard that raises is a PluginError naming it."""
    module = getattr(guard, "__module__", None) or "?"
    if _ours(guard):
        return guard(ctx)
    try:
        return guard(ctx)
    except Exception as exc:  # a re-entrant guard's ZiError too: the guard is named
        raise plugin_failed(module, f"lifecycle guard {name!r}", exc) from exc


def _cache_key(engine: LifecycleHost, definition: str | Path | LifecycleDefinition) -> object:
    if isinstance(definition, LifecycleDefinition):
        return ("object", id(definition))
    if str(definition) in engine.lifecycle_definitions:
        return ("name", str(definition))
    try:  # a file given by path: a changed file is loaded again
        stat = os.stat(definition)
    except OSError:
        return ("path", str(definition))
    return ("path", os.path.abspath(definition), stat.st_mtime_ns, stat.st_size)


class Runtimes:
    """One engine's runtimes, by definition (name, path or object), each built once.

    Owned by the engine, so it is dropped with the engine and an engine's
    plugins can never see another engine's guards.
    """

    __slots__ = ("_cache", "_engine")

    def __init__(self, engine: LifecycleHost) -> None:
        self._engine = engine
        self._cache: dict[object, Runtime] = {}

    def get(self, definition: str | Path | LifecycleDefinition) -> Runtime:
        """The runtime for ``definition``, loading and checking it on first use."""
        engine = self._engine
        key = _cache_key(engine, definition)
        found = self._cache.get(key)
        if found is not None:
            return found
        if isinstance(definition, LifecycleDefinition):
            loaded = definition  # the runtime keeps a reference, so id() stays unique while cached
        else:
            path, display = resolve_definition(engine, definition)
            loaded = load_definition_file(path, engine.lifecycle_guards, display_name=str(path))
            if display in engine.lifecycle_definitions and loaded.name != display:
                raise LifecycleDefinitionError(
                    t(
                        "lifecycle.registered_name",
                        "{path}: registered as {display!r} but its name is {name!r}",
                        path=str(path),
                        display=display,
                        name=loaded.name,
                    )
                )
        runtime = Runtime(engine, loaded)
        self._cache[key] = runtime
        return runtime

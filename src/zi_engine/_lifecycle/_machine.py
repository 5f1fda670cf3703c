"""One shared ``transitions`` machine per definition and engine; guards, effects, policy.

Why a shared machine with no registered models: ``transitions`` gives every
model added with ``add_model`` bound trigger methods (~15 KiB per object, and
``add_model`` scans the model list, so it slows as models accumulate); a
Machine per object costs ~40 KiB. A national portal holds tens of thousands of
units, so each :class:`~zi_engine.Lifecycle` is a small ``__slots__`` object
and the machine is driven through its events:
``machine.events[trigger].trigger(lifecycle, at=...)``. ``transitions`` then
checks the source state, sets ``lifecycle._state`` and runs the transition's
``after`` callbacks (the definition's effects). It keeps no per-model state,
so creating or restoring a lifecycle costs the same at any portfolio size.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol

from transitions import EventData, Machine

from ._definition import LifecycleDefinition, LifecycleParameters, TriggerSpec
from ._errors import LifecycleDefinitionError
from ._load import load_definition_file, resolve_definition

if TYPE_CHECKING:
    from pathlib import Path

    from .._engine import Engine
    from ._audit import Actor
    from ._model import Lifecycle

__all__ = ["Guard", "GuardContext", "Runtime", "apply_effects", "runtime_for"]

STATE_ATTRIBUTE = "_state"
BUILTIN_POLICY = (
    "zi_engine._builtins.lifecycle"  # a slot of Lifecycle; the public .state is read-only
)


@dataclass(frozen=True, slots=True)
class GuardContext:
    """What a guard sees: the lifecycle (before the transition), who, what, when and with what.

    ``payload`` holds only the well-formed payload fields the trigger declares;
    a field that is missing or malformed is already a refusal reason of its
    own, so a guard treats a missing field as "nothing to object to" and
    returns ``None``. :meth:`Lifecycle.allowed` calls guards with an empty
    payload for the same reason.
    """

    lifecycle: Lifecycle
    actor: Actor
    trigger: str
    at: datetime
    payload: Mapping[str, Any]
    parameters: LifecycleParameters


Guard = Callable[[GuardContext], "str | None"]


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


def _after(spec: TriggerSpec, event: EventData) -> None:
    model: Lifecycle = event.model  # type: ignore[assignment]  # transitions types it object
    apply_effects(model, spec, event.kwargs["at"])


class Runtime:
    """A definition made executable for one engine (shared by all its lifecycles)."""

    __slots__ = ("_authorize", "_done", "definition", "engine", "events", "guards", "machine")

    def __init__(self, engine: Engine, definition: LifecycleDefinition) -> None:
        self.engine = engine
        self.definition = definition
        registry = engine.lifecycle_guards
        missing = sorted(
            {g for t in definition.triggers.values() for g in t.guards} - set(registry)
        )
        if missing:
            raise LifecycleDefinitionError(
                f"lifecycle {definition.name!r} names guards this engine does not have: "
                f"{', '.join(missing)}"
            )
        self.guards: dict[str, tuple[tuple[str, Guard], ...]] = {
            name: tuple((g, registry[g]) for g in spec.guards)
            for name, spec in definition.triggers.items()
        }
        self.machine = Machine(
            model=None,  # models are never registered: see the module docstring
            states=list(definition.states),
            initial=definition.initial,
            auto_transitions=False,
            send_event=True,
            model_attribute=STATE_ATTRIBUTE,
            name=definition.name,
        )
        for name, spec in definition.triggers.items():
            self.machine.add_transition(
                name, list(definition.sources(name)), spec.to, after=partial(_after, spec)
            )
        self.events = self.machine.events
        hooks = engine.plugin_manager.hook
        self._authorize = hooks.zi_authorize
        self._done = hooks.zi_transition_done

    def authorize(
        self, lifecycle: Lifecycle, actor: Actor, trigger: str, at: datetime
    ) -> str | None:
        """``None`` if the ``zi_authorize`` policy allows it, else the reason it does not.

        A refusal by a plugin's policy names the plugin, so a user can tell which
        of several policies decided.
        """
        verdict, who = self._ask_policies(
            {"lifecycle": lifecycle, "actor": actor, "trigger": trigger, "at": at}
        )
        if verdict is True:
            return None
        if verdict is None:
            return f"no authorization policy allows {actor.role} {actor.id!r} to {trigger!r}"
        by = f" (policy: {who})" if who and who != BUILTIN_POLICY else ""
        if verdict is False:
            return f"{actor.role} {actor.id!r} may not {trigger!r}{by or ' (refused by a policy)'}"
        return f"{verdict}{by}"

    def _ask_policies(self, kwargs: dict[str, Any]) -> tuple[object, str | None]:
        """The first non-``None`` answer of ``zi_authorize`` and the plugin that gave it.

        Same order as pluggy's first-result call (last registered first); only
        with hook wrappers present is pluggy asked, and the answer not attributed.
        """
        impls = self._authorize.get_hookimpls()
        if any(impl.hookwrapper or impl.wrapper for impl in impls):
            return self._authorize(**kwargs), None
        for impl in reversed(impls):
            verdict = impl.function(*[kwargs[name] for name in impl.argnames])
            if verdict is not None:
                return verdict, impl.plugin_name
        return None, None

    def notify(self, lifecycle: Lifecycle, record: Any) -> None:
        """Tell the ``zi_transition_done`` listeners (skipped when there are none)."""
        if self._done.get_hookimpls():
            self._done(lifecycle=lifecycle, record=record)


_CACHE_ATTRIBUTE = "_zi_lifecycle_runtimes"


def _cache_key(engine: Engine, definition: str | Path | LifecycleDefinition) -> object:
    if isinstance(definition, LifecycleDefinition):
        return ("object", id(definition))
    if str(definition) in engine.lifecycle_definitions:
        return ("name", str(definition))
    try:  # a file given by path: a changed file is loaded again
        stat = os.stat(definition)
    except OSError:
        return ("path", str(definition))
    return ("path", os.path.abspath(definition), stat.st_mtime_ns, stat.st_size)


def runtime_for(engine: Engine, definition: str | Path | LifecycleDefinition) -> Runtime:
    """The engine's runtime for a definition (by name, path or object), built once and cached.

    The cache lives on the engine object itself, so it is dropped with the
    engine and an engine's plugins can never see another engine's guards.
    """
    cache: dict[object, Runtime] = vars(engine).setdefault(_CACHE_ATTRIBUTE, {})
    key = _cache_key(engine, definition)
    found = cache.get(key)
    if found is not None:
        return found
    if isinstance(definition, LifecycleDefinition):
        loaded = definition  # the runtime keeps a reference, so id() stays unique while cached
    else:
        path, display = resolve_definition(engine, definition)
        loaded = load_definition_file(path, engine.lifecycle_guards, display_name=str(path))
        if display in engine.lifecycle_definitions and loaded.name != display:
            raise LifecycleDefinitionError(
                f"{path}: registered as {display!r} but its name is {loaded.name!r}"
            )
    runtime = Runtime(engine, loaded)
    cache[key] = runtime
    return runtime

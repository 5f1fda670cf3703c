"""Building a plugin manager: built-ins first, then explicit plugins, then entry points."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import metadata
from types import ModuleType
from typing import Any, TypeVar

import pluggy

from zi_engine import hookspecs
from zi_engine._errors import PluginError, plugin_failed
from zi_engine._i18n import t
from zi_engine.eligibility import _kinds
from zi_engine.kawasan import _builtin as _kawasan_builtin
from zi_engine.lifecycle import _builtin as _lifecycle_builtin
from zi_engine.rubric import _builtin_answers, _builtin_sources

__all__ = [
    "COLLECTING_HOOKS",
    "ENTRY_POINT_GROUP",
    "PluginInfo",
    "collect_named",
    "collecting_impls",
    "make_plugin_manager",
]

ENTRY_POINT_GROUP = "zi_engine"
ENV_ALLOW = "ZI_ENGINE_PLUGINS"
ENV_DENY = "ZI_ENGINE_DISABLE_PLUGINS"

# zi_engine's own plugins, registered first and through the same hooks as everyone else's
BUILTIN_PLUGINS: tuple[ModuleType, ...] = (
    _builtin_answers,
    _builtin_sources,
    _kinds,
    _lifecycle_builtin,
    _kawasan_builtin,
)

# every plugin's answer is kept and attributed to it: see collecting_impls
COLLECTING_HOOKS: tuple[str, ...] = (
    "zi_answer_types",
    "zi_rubric_sources",
    "zi_criterion_kinds",
    "zi_extra_criteria",
    "zi_lifecycle_definitions",
    "zi_lifecycle_guards",
)

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class PluginInfo:
    """What ``zi-engine plugins`` shows about one registered plugin."""

    name: str
    origin: str
    hooks: tuple[str, ...]


def _split(value: str | None) -> list[str] | None:
    if value is None:
        return None
    return [part.strip() for part in value.split(",") if part.strip()]


def make_plugin_manager(
    plugins: Iterable[object] = (),
    *,
    load_entrypoints: bool = False,
    allow: Sequence[str] | None = None,
    deny: Sequence[str] = (),
) -> tuple[pluggy.PluginManager, dict[str, str]]:
    """A fresh manager with the built-ins, ``plugins`` and (optionally) entry points.

    Returns the manager and, for each plugin name, where it came from (for humans).

    ``allow``/``deny`` name entry points (``name`` as declared in the
    ``zi_engine`` group). Without ``allow``, the environment variable
    ``ZI_ENGINE_PLUGINS`` (comma-separated) is the allowlist if set;
    ``ZI_ENGINE_DISABLE_PLUGINS`` adds to the denylist. Entry points load in
    name order so the result does not depend on install order. A plugin that
    fails to import raises :class:`PluginError` naming it; nothing half-loaded
    is returned.
    """
    pm = pluggy.PluginManager(hookspecs.PROJECT_NAME)
    pm.add_hookspecs(hookspecs)
    origins: dict[str, str] = {}
    for module in BUILTIN_PLUGINS:
        pm.register(module, name=module.__name__)
        origins[module.__name__] = "built-in"
    for plugin in plugins:
        name = getattr(plugin, "__name__", None) or f"{type(plugin).__name__}@{id(plugin):x}"
        if pm.is_registered(plugin):
            continue
        origin = f"registered explicitly ({getattr(plugin, '__module__', None) or name})"
        _register(pm, plugin, name, origin)
        origins[name] = origin
    if load_entrypoints:
        origins.update(_load_entrypoints(pm, allow=allow, deny=deny))
    try:
        pm.check_pending()  # a misspelt hook name must not be silently ignored
    except pluggy.PluginValidationError as exc:
        bad = pm.get_name(exc.plugin) or repr(exc.plugin)
        raise PluginError(
            t(
                "engine.plugin_not_valid",
                "plugin {plugin} ({origin}) is not valid: {error}",
                plugin=repr(bad),
                origin=origins.get(bad) or t("engine.registered", "registered"),
                error=str(exc),
            )
        ) from exc
    for hook_name in COLLECTING_HOOKS:  # refused now, not at the first rubric that asks
        collecting_impls(pm, hook_name, origins)
    return pm, origins


def collecting_impls(
    pm: pluggy.PluginManager, hook_name: str, origins: Mapping[str, str] | None = None
) -> list[pluggy.HookImpl]:
    """The implementations of a collecting hook, in registration order (built-ins first).

    Collecting hooks are called one implementation at a time, so that every
    result is kept under the plugin that gave it (a name two plugins claim is
    an error naming both). A hook wrapper has nothing to wrap there: one is a
    :class:`PluginError` naming the plugin and the hook, not a crash.
    """
    impls: list[pluggy.HookImpl] = getattr(pm.hook, hook_name).get_hookimpls()
    for impl in impls:
        if impl.wrapper or impl.hookwrapper:
            kind = "wrapper=True" if impl.wrapper else "hookwrapper=True"
            origin = (origins or {}).get(impl.plugin_name)
            shown = f"{impl.plugin_name!r} ({origin})" if origin else repr(impl.plugin_name)
            raise PluginError(
                t(
                    "engine.collecting_hook_wrapper",
                    "plugin {plugin} implements {hook} as a hook wrapper ({kind}), but {hook}"
                    " is a collecting hook: each plugin's own answer is kept, so there is"
                    " nothing to wrap; return what the plugin adds instead",
                    plugin=shown,
                    hook=hook_name,
                    kind=kind,
                )
            )
    return impls


def _register(pm: pluggy.PluginManager, plugin: object, name: str, origin: str) -> None:
    try:
        pm.register(plugin, name=name)
    except (pluggy.PluginValidationError, ValueError) as exc:
        raise PluginError(
            t(
                "engine.plugin_not_valid",
                "plugin {plugin} ({origin}) is not valid: {error}",
                plugin=repr(name),
                origin=origin,
                error=str(exc),
            )
        ) from exc


def _load_entrypoints(
    pm: pluggy.PluginManager, *, allow: Sequence[str] | None, deny: Sequence[str]
) -> dict[str, str]:
    allowed = list(allow) if allow is not None else _split(os.environ.get(ENV_ALLOW))
    denied = set(deny) | set(_split(os.environ.get(ENV_DENY)) or ())
    eps = sorted(metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda ep: ep.name)
    _refuse_duplicate_names(eps)
    staged: list[tuple[str, Any, str]] = []
    for ep in eps:
        if allowed is not None and ep.name not in allowed:
            continue
        if ep.name in denied:
            continue
        try:
            plugin = ep.load()
        except (Exception, SystemExit) as exc:  # the plugin's import error, reported by name
            # (sys.exit() at import would otherwise end the program silently, status 0)
            dist = (
                t(
                    "engine.from_distribution",
                    " from {name} {version}",
                    name=ep.dist.name,
                    version=ep.dist.version,
                )
                if ep.dist
                else ""
            )
            what = (
                t(
                    "engine.plugin_exited",
                    "called sys.exit({code}) while being imported",
                    code=repr(exc.code),
                )
                if isinstance(exc, SystemExit)
                else f"{type(exc).__name__}: {exc}"
            )
            entry_point = ep.value + dist
            raise PluginError(
                t(
                    "engine.plugin_failed_to_load",
                    "plugin {plugin} ({entry_point}) failed to load: {error}",
                    plugin=repr(ep.name),
                    entry_point=entry_point,
                    error=what,
                )
            ) from exc
        origin = f"entry point {ep.name} = {ep.value}"
        if ep.dist is not None:
            origin += f" ({ep.dist.name} {ep.dist.version})"
        staged.append((ep.name, plugin, origin))
    origins: dict[str, str] = {}
    for name, plugin, origin in staged:
        if pm.is_registered(plugin):
            continue  # the same module was registered explicitly
        _register(pm, plugin, name, origin)
        origins[name] = origin
    return origins


def _refuse_duplicate_names(eps: Sequence[metadata.EntryPoint]) -> None:
    """Two distributions declaring the same entry-point name is an error naming both."""
    seen: dict[str, metadata.EntryPoint] = {}
    for ep in eps:
        first = seen.setdefault(ep.name, ep)
        if first is ep or first.value == ep.value:
            continue

        def who(e: metadata.EntryPoint) -> str:
            dist = (
                e.dist.name
                if e.dist
                else t("engine.unknown_distribution", "an unknown distribution")
            )
            return t("engine.entry_point_from", "{value} from {dist}", value=e.value, dist=dist)

        raise PluginError(
            t(
                "engine.plugin_name_twice",
                "two plugins are named {name} in the {group} entry-point group: {first} and"
                " {second}",
                name=repr(ep.name),
                group=repr(ENTRY_POINT_GROUP),
                first=who(first),
                second=who(ep),
            )
        )


def collect_named(
    pm: pluggy.PluginManager,
    hook_name: str,
    key: Callable[[T], str] | None,
    what: str,
    valid: Callable[[object], bool] = lambda item: True,
    **kwargs: Any,
) -> dict[str, tuple[T, str]]:
    """Call a collecting hook and index the results by name.

    Returns ``{name: (item, plugin name)}``. ``key`` names an item of a hook
    that returns a list; ``None`` for a hook that returns ``{name: item}``.
    ``valid`` says whether an item is of the kind the hook is for. Two plugins
    offering the same name is a :class:`PluginError` that names both; a hook
    that raises or returns something else is one naming the plugin and the hook.
    """
    found: dict[str, tuple[T, str]] = {}
    for impl in collecting_impls(pm, hook_name):  # registration order: built-ins first
        plugin = impl.plugin_name
        try:
            result: Any = impl.function(**{a: kwargs[a] for a in impl.argnames})
        except Exception as exc:
            raise plugin_failed(plugin, hook_name, exc) from exc
        if result is None:
            continue
        items = _named_items(result, key, plugin, hook_name, what)
        for name, item in items:
            if not valid(item):
                raise plugin_failed(
                    plugin,
                    hook_name,
                    t(
                        "engine.plugin_returned_for",
                        "returned {value} for {what} {name}",
                        value=_shown(item),
                        what=what,
                        name=repr(name),
                    ),
                )
            if name in found and found[name][1] != impl.plugin_name:
                raise PluginError(
                    t(
                        "engine.name_provided_twice",
                        "{what} {name} is provided by two plugins: {first} and {second}",
                        what=what,
                        name=repr(name),
                        first=repr(found[name][1]),
                        second=repr(impl.plugin_name),
                    )
                )
            found[name] = (item, impl.plugin_name)
    return found


def _shown(value: object) -> str:
    text = repr(value)
    return f"{text[:57]}... ({type(value).__name__})" if len(text) > 60 else text


def _named_items(
    result: object, key: Callable[[Any], str] | None, plugin: str, hook: str, what: str
) -> list[tuple[str, Any]]:
    """``[(name, item)]`` from one implementation's answer, or its :class:`PluginError`."""
    expected = (
        t("engine.a_list", "a list")
        if key is not None
        else t("engine.a_mapping", "a mapping {example}", example="{name: ...}")
    )
    wrong = t(
        "engine.plugin_returned_wrong",
        "returned {value}; expected {expected}",
        value=_shown(result),
        expected=expected,
    )
    if key is None:
        if not isinstance(result, Mapping):
            raise plugin_failed(plugin, hook, wrong)
        pairs = list(result.items())
    else:
        if isinstance(result, (str, bytes, Mapping)) or not isinstance(result, Iterable):
            raise plugin_failed(plugin, hook, wrong)
        pairs = []
        for item in result:
            try:
                name = key(item)
            except Exception:
                raise plugin_failed(
                    plugin,
                    hook,
                    t(
                        "engine.plugin_item_unnamed",
                        "returned {value}, which has no name (not a {what})",
                        value=_shown(item),
                        what=what,
                    ),
                ) from None
            pairs.append((name, item))
    for name, _item in pairs:
        if not isinstance(name, str) or not name:
            raise plugin_failed(
                plugin,
                hook,
                t(
                    "engine.plugin_bad_name",
                    "returned {value} as the name of {what}",
                    value=_shown(name),
                    what=what,
                ),
            )
    return pairs

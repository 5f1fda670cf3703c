"""Building a plugin manager: built-ins first, then explicit plugins, then entry points."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import metadata
from typing import Any, TypeVar

import pluggy

from . import hookspecs
from ._errors import PluginError

__all__ = ["ENTRY_POINT_GROUP", "PluginInfo", "collect_named", "make_plugin_manager"]

ENTRY_POINT_GROUP = "zi_engine"
ENV_ALLOW = "ZI_ENGINE_PLUGINS"
ENV_DENY = "ZI_ENGINE_DISABLE_PLUGINS"

BUILTIN_PLUGINS: tuple[str, ...] = (
    "zi_engine._builtins.answers",
    "zi_engine._builtins.rubrics",
    "zi_engine._builtins.criteria",
    "zi_engine._builtins.lifecycle",
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
) -> pluggy.PluginManager:
    """A fresh manager with the built-ins, ``plugins`` and (optionally) entry points.

    ``allow``/``deny`` name entry points (``name`` as declared in the
    ``zi_engine`` group). Without ``allow``, the environment variable
    ``ZI_ENGINE_PLUGINS`` (comma-separated) is the allowlist if set;
    ``ZI_ENGINE_DISABLE_PLUGINS`` adds to the denylist. Entry points load in
    name order so the result does not depend on install order. A plugin that
    fails to import raises :class:`PluginError` naming it; nothing half-loaded
    is returned.
    """
    import importlib

    pm = pluggy.PluginManager(hookspecs.PROJECT_NAME)
    pm.add_hookspecs(hookspecs)
    for modname in BUILTIN_PLUGINS:
        pm.register(importlib.import_module(modname), name=modname)
    for plugin in plugins:
        name = getattr(plugin, "__name__", None) or f"{type(plugin).__name__}@{id(plugin):x}"
        if pm.is_registered(plugin):
            continue
        pm.register(plugin, name=name)
    if load_entrypoints:
        _load_entrypoints(pm, allow=allow, deny=deny)
    return pm


def _load_entrypoints(
    pm: pluggy.PluginManager, *, allow: Sequence[str] | None, deny: Sequence[str]
) -> None:
    allowed = list(allow) if allow is not None else _split(os.environ.get(ENV_ALLOW))
    denied = set(deny) | set(_split(os.environ.get(ENV_DENY)) or ())
    eps = sorted(metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda ep: ep.name)
    staged: list[tuple[str, Any, str]] = []
    for ep in eps:
        if allowed is not None and ep.name not in allowed:
            continue
        if ep.name in denied:
            continue
        try:
            plugin = ep.load()
        except Exception as exc:  # a plugin's import error is the plugin's, report it by name
            dist = f" from {ep.dist.name} {ep.dist.version}" if ep.dist else ""
            raise PluginError(
                f"plugin {ep.name!r} ({ep.value}{dist}) failed to load: {type(exc).__name__}: {exc}"
            ) from exc
        origin = f"entry point {ep.name} = {ep.value}"
        if ep.dist is not None:
            origin += f" ({ep.dist.name} {ep.dist.version})"
        staged.append((ep.name, plugin, origin))
    for name, plugin, origin in staged:
        if pm.get_plugin(name) is not None or pm.is_registered(plugin):
            continue
        try:
            pm.register(plugin, name=name)
        except (pluggy.PluginValidationError, ValueError) as exc:
            raise PluginError(f"plugin {name!r} ({origin}) is not valid: {exc}") from exc
        _ORIGINS[id(plugin)] = origin


_ORIGINS: dict[int, str] = {}


def plugin_origin(plugin: object, name: str) -> str:
    """Where a registered plugin came from, for humans."""
    if name in BUILTIN_PLUGINS:
        return "built-in"
    known = _ORIGINS.get(id(plugin))
    if known:
        return known
    mod = getattr(plugin, "__module__", None) or getattr(plugin, "__name__", None)
    return f"registered explicitly ({mod})" if mod else "registered explicitly"


def collect_named(
    pm: pluggy.PluginManager,
    hook_name: str,
    key: Callable[[T], str],
    what: str,
    **kwargs: Any,
) -> dict[str, tuple[T, str]]:
    """Call a collecting hook and index the results by name.

    Returns ``{name: (item, plugin name)}``. Two plugins offering the same
    name is a :class:`PluginError` that names both.
    """
    hook = getattr(pm.hook, hook_name)
    found: dict[str, tuple[T, str]] = {}
    for impl in reversed(hook.get_hookimpls()):  # registration order
        result = impl.function(**{a: kwargs[a] for a in impl.argnames})
        if result is None:
            continue
        items: Iterable[tuple[str, T]]
        if isinstance(result, Mapping):
            items = result.items()
        else:
            items = ((key(item), item) for item in result)
        for name, item in items:
            if name in found and found[name][1] != impl.plugin_name:
                raise PluginError(
                    f"{what} {name!r} is provided by two plugins: "
                    f"{found[name][1]!r} and {impl.plugin_name!r}"
                )
            found[name] = (item, impl.plugin_name)
    return found

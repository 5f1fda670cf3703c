"""The Engine: one plugin manager and everything looked up through it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any

import pluggy

from ._evaluation import Evaluation
from ._plugins import PluginInfo, collect_named, make_plugin_manager
from ._scoring import score

if TYPE_CHECKING:
    from datetime import date
    from pathlib import Path

    from ._rubric import Rubric
    from ._submission import Layer, Submission

__all__ = ["Engine", "default_engine"]


class Engine:
    """A configured zi_engine: its plugins and the registries they provide.

    Each engine owns its own :class:`pluggy.PluginManager`; nothing is global
    and nothing is loaded at import time. ``Engine()`` has only the built-in
    plugins; pass ``plugins=[module_or_object, ...]`` to add some explicitly,
    or ``load_entrypoints=True`` to load the ``zi_engine`` entry-point group
    (filtered by ``allow``/``deny`` or the ``ZI_ENGINE_PLUGINS`` /
    ``ZI_ENGINE_DISABLE_PLUGINS`` environment variables).
    """

    def __init__(
        self,
        plugins: Iterable[object] = (),
        *,
        load_entrypoints: bool = False,
        allow: Sequence[str] | None = None,
        deny: Sequence[str] = (),
    ) -> None:
        self.plugin_manager: pluggy.PluginManager
        self.plugin_manager, self._origins = make_plugin_manager(
            plugins, load_entrypoints=load_entrypoints, allow=allow, deny=deny
        )
        self._named_rubrics: dict[str, Rubric] = {}
        # lifecycle definitions made executable for this engine (zi_engine._lifecycle fills it)
        self._lifecycle_runtimes: dict[object, Any] = {}
        # collecting hooks are called once, now, so name conflicts surface when the
        # engine is built rather than at the first load_rubric()
        for registry in (
            "answer_types",
            "rubric_sources",
            "criterion_kinds",
            "lifecycle_definitions",
            "lifecycle_guards",
        ):
            getattr(self, registry)

    # -- registries -----------------------------------------------------------------------

    @cached_property
    def answer_types(self) -> dict[str, Any]:
        """``{name: AnswerType}`` from every plugin's ``zi_answer_types``."""
        found: dict[str, tuple[Any, str]] = collect_named(
            self.plugin_manager, "zi_answer_types", lambda t: t.name, "answer type"
        )
        return {name: item for name, (item, _) in found.items()}

    @cached_property
    def rubric_sources(self) -> dict[str, tuple[Path, str]]:
        """``{rubric name: (directory, providing plugin)}``."""
        return collect_named(self.plugin_manager, "zi_rubric_sources", str, "rubric")

    @cached_property
    def criterion_kinds(self) -> dict[str, Any]:
        """``{kind name: CriterionKind}`` from every plugin's ``zi_criterion_kinds``."""
        found: dict[str, tuple[Any, str]] = collect_named(
            self.plugin_manager, "zi_criterion_kinds", lambda k: k.name, "criterion kind"
        )
        return {name: item for name, (item, _) in found.items()}

    @cached_property
    def lifecycle_definitions(self) -> dict[str, tuple[Path, str]]:
        """``{definition name: (YAML file, providing plugin)}``."""
        return collect_named(self.plugin_manager, "zi_lifecycle_definitions", str, "lifecycle")

    @cached_property
    def lifecycle_guards(self) -> dict[str, Any]:
        """``{guard name: callable}`` from every plugin's ``zi_lifecycle_guards``."""
        found: dict[str, tuple[Any, str]] = collect_named(
            self.plugin_manager, "zi_lifecycle_guards", str, "lifecycle guard"
        )
        return {name: item for name, (item, _) in found.items()}

    # -- the work -------------------------------------------------------------------------

    def load_rubric(self, name_or_path: str | Path) -> Rubric:
        """Load, validate and compile a rubric by name (bundled or a plugin's) or directory.

        Raises :class:`~zi_engine.RubricError` listing every problem in every
        file, each as ``file:line:column``.
        """
        from ._rubric_load import load_rubric_with

        return load_rubric_with(self, name_or_path)

    def rubric(self, name: str) -> Rubric:
        """A named rubric (bundled or a plugin's), loaded once per engine and then reused.

        Named rubrics ship inside installed packages and do not change while a
        process runs; use :meth:`load_rubric` to read a directory afresh.
        """
        cache = self._named_rubrics
        if name not in cache:
            if name not in self.rubric_sources:
                return self.load_rubric(name)  # raises the "no rubric" error with known names
            cache[name] = self.load_rubric(name)
        return cache[name]

    def evaluate(
        self,
        rubric: Rubric,
        submission: Submission,
        *,
        as_of: date | None = None,
        up_to: Layer = "tpn",
    ) -> Evaluation:
        """Score ``submission`` against ``rubric`` and judge eligibility.

        ``up_to`` picks the highest answer layer that counts: ``"tpn"`` (TPN
        replaces TPI replaces unit), ``"tpi"`` (the TPI's evaluation) or
        ``"unit"`` (the self-assessment). ``as_of`` (default: the
        submission's) is the date periods are measured to.
        """
        evaluation = Evaluation(
            rubric,
            submission,
            score(rubric, submission, up_to),
            as_of=as_of if as_of is not None else submission.as_of,
            up_to=up_to,
        )
        hook = self.plugin_manager.hook.zi_evaluation_done
        if hook.get_hookimpls():  # skip pluggy's call machinery when nobody listens
            hook(evaluation=evaluation)
        return evaluation

    def plugins(self) -> list[PluginInfo]:
        """Every registered plugin, where it came from and which hooks it implements."""
        pm = self.plugin_manager
        out: list[PluginInfo] = []
        for name, plugin in pm.list_name_plugin():
            hooks = tuple(sorted(h.name for h in (pm.get_hookcallers(plugin) or [])))
            origin = self._origins.get(name, "registered on the plugin manager directly")
            out.append(PluginInfo(name=name, origin=origin, hooks=hooks))
        return out


_default: Engine | None = None


def default_engine() -> Engine:
    """The engine behind the module-level functions: built-in plugins only, made on first use."""
    global _default  # noqa: PLW0603 - one lazily built default, never at import time
    if _default is None:
        _default = Engine()
    return _default

"""zi_engine's extension points: one hook per thing a plugin can add.

Every built-in answer type, rubric, criterion kind, lifecycle definition and
guard is itself provided through these hooks (the ``_builtin*`` modules and
``eligibility._kinds``), so third-party plugins go through exactly the same
door – and the core never asks which built-in it has, only what the answer
type or criterion kind says (see :class:`~zi_engine.AnswerType` and
:class:`~zi_engine.CriterionKind`).

Plugins implement hooks with the :data:`zi_engine.hookimpl` marker and are
registered either explicitly (``Engine(plugins=[...])``) or through the
``zi_engine`` entry-point group (``Engine(load_entrypoints=True)``).

Calling semantics, stated per hook:

* *collecting* hooks are called once when an :class:`~zi_engine.Engine` is
  built; every plugin's result is kept, and two plugins claiming the same name
  is a :class:`~zi_engine.PluginError` naming both. Each implementation is
  called on its own so its results stay attributed to it: a hook wrapper
  (``wrapper=True`` or ``hookwrapper=True``) on a collecting hook is a
  :class:`~zi_engine.PluginError` naming the plugin and the hook;
* *first-result* hooks stop at the first plugin that returns something other
  than ``None`` (plugins registered later are asked first, as in pluggy);
* *listener* hooks are called for every plugin; their return value is ignored.

A hook implementation that raises, or answers with the wrong type, is a
:class:`~zi_engine.PluginError` naming the plugin and the hook (the plugin's
exception is its ``__cause__``); ``zi_transition_done`` listeners keep their
:class:`~zi_engine.ListenerError`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from zi_engine.eligibility._criteria import CriterionKind
    from zi_engine.eligibility._evaluation import Evaluation
    from zi_engine.lifecycle import Actor, AuditRecord, Lifecycle
    from zi_engine.rubric._answer_type import AnswerType
    from zi_engine.rubric._model import CriterionSpec
    from zi_engine.rubric._rubric import Rubric

__all__ = ["hookimpl", "hookspec"]

PROJECT_NAME = "zi_engine"

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
"""Marker for zi_engine hook specifications (used only by this module)."""

hookimpl = pluggy.HookimplMarker(PROJECT_NAME)
"""Marker that plugins put on their hook implementations."""


@hookspec
def zi_answer_types() -> Sequence[AnswerType]:
    """Return the answer types this plugin provides.

    Collecting hook. Each :class:`~zi_engine.AnswerType` has a unique ``name``
    that rubric files use in a question's ``answer:`` field. An answer type
    parses a raw answer (or, for a formula, computes its value from counts),
    gives its value in [0, 1], may state an option table scoring reads fast,
    and says what its next better answer is, for the improvement plan.
    """


@hookspec
def zi_rubric_sources() -> Mapping[str, Path]:
    """Return rubrics this plugin ships, as ``{name: directory}``.

    Collecting hook. The directory holds a ``rubric.yaml`` manifest and the
    area files it lists. Names are what ``load_rubric(name)`` and a manifest's
    ``extends:`` accept.
    """


@hookspec
def zi_criterion_kinds() -> Sequence[CriterionKind]:
    """Return criterion kinds (how a criterion is measured and judged).

    Collecting hook. A rubric's eligibility criteria name their ``kind``;
    the kind turns an evaluation into a :class:`~zi_engine.CriterionResult`
    and, when a score decides a result, says which one must reach how many
    points (:meth:`~zi_engine.CriterionKind.score_goals`), for the plan.
    """


@hookspec
def zi_extra_criteria(rubric: Rubric, predicate: str) -> Sequence[CriterionSpec] | None:
    """Return extra eligibility criteria for ``predicate`` under ``rubric``.

    Collecting hook, called once per rubric and predicate when the rubric is
    compiled by an engine. The criteria appear in every evaluation's
    explanation exactly like the rubric's own, and a failing one makes the
    predicate ``not_eligible``. Return ``None`` or ``[]`` to add nothing.
    """


@hookspec
def zi_evaluation_done(evaluation: Evaluation) -> None:
    """Listener: called after every :meth:`Engine.evaluate` (audit, export)."""


@hookspec
def zi_lifecycle_definitions() -> Mapping[str, Path]:
    """Return lifecycle definitions, as ``{name: YAML file}``.

    Collecting hook. Names are what ``Lifecycle.new(definition=...)`` accepts.
    """


@hookspec
def zi_lifecycle_guards() -> Mapping[str, Any]:
    """Return named guard conditions, as ``{name: callable}``.

    Collecting hook. A guard is called as ``guard(ctx)`` with a
    :class:`~zi_engine.GuardContext` and returns ``None`` when satisfied or a
    plain-language reason when not. Lifecycle definitions refer to guards by
    name.
    """


@hookspec(firstresult=True)
def zi_authorize(
    lifecycle: Lifecycle, actor: Actor, trigger: str, at: datetime
) -> str | bool | None:
    """Decide whether ``actor`` may fire ``trigger`` on ``lifecycle``.

    First-result hook. Return ``True`` to allow, a reason string (or
    ``False``) to refuse, or ``None`` to leave the decision to the next
    plugin. The built-in policy (roles from the definition; agency actors act
    only on their own agency's units) answers last.
    """


@hookspec
def zi_transition_done(lifecycle: Lifecycle, record: AuditRecord) -> None:
    """Listener: called after a transition has been applied and recorded.

    If a listener raises, the transition is rolled back (state and history as
    before) and the error is re-raised as a :class:`~zi_engine.ListenerError`.
    """

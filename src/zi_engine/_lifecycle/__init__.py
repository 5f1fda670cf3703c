"""A unit's Zona Integritas lifecycle: a guarded, role-checked, audited state machine.

Modules: ``_definition`` (the YAML format), ``_load`` (reading and checking
it), ``_machine`` (the shared ``transitions`` machine, guards and effects),
``_model`` (:class:`Lifecycle`), ``_audit`` (the hash-chained records),
``_persist`` (checking saved documents), ``_portfolio``, ``_diagram``,
``_schema``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ._audit import Actor, AuditRecord, EvaluationLike, EvaluationSummary
from ._definition import LifecycleDefinition, LifecycleParameters
from ._diagram import mermaid_diagram
from ._errors import (
    LifecycleDefinitionError,
    LifecycleStateError,
    ListenerError,
    TransitionRefused,
)
from ._machine import GuardContext, runtime_for
from ._model import Lifecycle
from ._portfolio import Portfolio, StuckUnit, load_portfolio_dir, render_portfolio

if TYPE_CHECKING:
    from .._engine import Engine

__all__ = [
    "Actor",
    "AuditRecord",
    "EvaluationLike",
    "EvaluationSummary",
    "GuardContext",
    "Lifecycle",
    "LifecycleDefinition",
    "LifecycleDefinitionError",
    "LifecycleParameters",
    "LifecycleStateError",
    "ListenerError",
    "Portfolio",
    "StuckUnit",
    "TransitionRefused",
    "load_lifecycle_definition",
    "load_portfolio_dir",
    "mermaid_diagram",
    "render_portfolio",
]


def load_lifecycle_definition(
    name_or_path: str | Path, engine: Engine | None = None
) -> LifecycleDefinition:
    """Load a lifecycle definition by registered name or from a YAML file, fully checked.

    Guard names are checked against ``engine``'s plugins (the default engine
    when ``None``). Raises :class:`LifecycleDefinitionError` listing every
    problem at ``file:line:column``. Loaded definitions are cached per engine.
    """
    if engine is None:
        from .._engine import default_engine

        engine = default_engine()
    return runtime_for(engine, name_or_path).definition

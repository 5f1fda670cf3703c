"""A unit's Zona Integritas lifecycle: a guarded, role-checked, audited state machine.

Modules: ``_definition`` (the YAML format), ``_load`` (reading and checking
it), ``_machine`` (the shared ``transitions`` machine that fires every
transition: its checks, record and effects), ``_model`` (:class:`Lifecycle`),
``_audit`` (the hash-chained records, hashed over the RFC 8785 text of
``zi_engine._canonical``, which reviews share), ``_persist`` (checking saved documents),
``_replay`` (each restored record against the definition), ``_signing`` (the optional
signature of the head), ``_portfolio`` (counting many), ``_evidence`` (whose evaluation,
the TPN's survey), ``_monitoring`` (pemantauan and the grounds of a revocation), ``_decree``
(the designation decree), ``_builtin`` (the bundled definition, guards and policy,
registered as a plugin).

Names are imported on first use: registering the built-in plugin (``_builtin``) does
not import the state machine.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from zi_engine import _defaults
from zi_engine._lazy import lazy_exports

if TYPE_CHECKING:
    from zi_engine.lifecycle._audit import Actor, AuditRecord, EvaluationLike, EvaluationSummary
    from zi_engine.lifecycle._definition import LifecycleDefinition, LifecycleParameters
    from zi_engine.lifecycle._errors import (
        LifecycleDefinitionError,
        LifecycleStateError,
        ListenerError,
        TransitionRefused,
    )
    from zi_engine.lifecycle._machine import GuardContext, LifecycleHost, Runtime, Runtimes
    from zi_engine.lifecycle._model import Lifecycle
    from zi_engine.lifecycle._monitoring import MonitoringStatus, monitoring_status
    from zi_engine.lifecycle._portfolio import Portfolio, StuckUnit, load_portfolio_dir

__all__ = [
    "Actor",
    "AuditRecord",
    "EvaluationLike",
    "EvaluationSummary",
    "GuardContext",
    "Lifecycle",
    "LifecycleDefinition",
    "LifecycleDefinitionError",
    "LifecycleHost",
    "LifecycleParameters",
    "LifecycleStateError",
    "ListenerError",
    "MonitoringStatus",
    "Portfolio",
    "Runtime",
    "Runtimes",
    "StuckUnit",
    "TransitionRefused",
    "load_lifecycle_definition",
    "load_portfolio_dir",
    "monitoring_status",
]

# public name -> the module that defines it, imported on first use (as ``zi_engine`` does)
_EXPORTS: dict[str, str] = {
    "Actor": "zi_engine.lifecycle._audit",
    "AuditRecord": "zi_engine.lifecycle._audit",
    "EvaluationLike": "zi_engine.lifecycle._audit",
    "EvaluationSummary": "zi_engine.lifecycle._audit",
    "GuardContext": "zi_engine.lifecycle._machine",
    "Lifecycle": "zi_engine.lifecycle._model",
    "LifecycleDefinition": "zi_engine.lifecycle._definition",
    "LifecycleDefinitionError": "zi_engine.lifecycle._errors",
    "LifecycleHost": "zi_engine.lifecycle._machine",
    "LifecycleParameters": "zi_engine.lifecycle._definition",
    "LifecycleStateError": "zi_engine.lifecycle._errors",
    "ListenerError": "zi_engine.lifecycle._errors",
    "MonitoringStatus": "zi_engine.lifecycle._monitoring",
    "Portfolio": "zi_engine.lifecycle._portfolio",
    "Runtime": "zi_engine.lifecycle._machine",
    "Runtimes": "zi_engine.lifecycle._machine",
    "StuckUnit": "zi_engine.lifecycle._portfolio",
    "TransitionRefused": "zi_engine.lifecycle._errors",
    "load_portfolio_dir": "zi_engine.lifecycle._portfolio",
    "monitoring_status": "zi_engine.lifecycle._monitoring",
}


__getattr__, __dir__ = lazy_exports(globals(), _EXPORTS, __all__)


def load_lifecycle_definition(
    name_or_path: str | Path, engine: LifecycleHost | None = None
) -> LifecycleDefinition:
    """Load a lifecycle definition by registered name or from a YAML file, fully checked.

    Guard names are checked against ``engine``'s plugins (the default engine
    when ``None``). Raises :class:`LifecycleDefinitionError` listing every
    problem at ``file:line:column``. Loaded definitions are cached per engine.
    """
    host: LifecycleHost = _defaults.engine() if engine is None else engine
    return host.lifecycle_runtime(name_or_path).definition

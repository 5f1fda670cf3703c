"""zi_engine: the Zona Integritas (WBK/WBBM) rules of PermenPAN-RB 90/2021, executable.

Load a rubric, evaluate a unit's submission, read the verdict::

    import zi_engine

    rubric = zi_engine.load_rubric("permenpan-rb-90-2021")
    submission = zi_engine.load_submission("examples/dinkes-banjarbaru-wbk.yaml")
    evaluation = zi_engine.evaluate(rubric, submission)
    print(evaluation.total, evaluation.eligibility["WBK"].outcome)

Everything public is importable from ``zi_engine``; modules whose names start
with an underscore are private. The package is laid out as the pipeline it
runs: ``rubric`` → ``submission`` → ``scoring`` → ``eligibility`` →
``planning`` → ``lifecycle``, with ``safeio`` (safe YAML/JSON reading) below
them and ``render``, ``engine`` and ``cli`` above.

Names are imported on first use (as pydantic's own ``__init__`` does), so
``import zi_engine`` stays cheap for the command line.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from zi_engine import _defaults

if TYPE_CHECKING:
    from zi_engine._api import evaluate, from_portalrb, load_rubric, load_submission, to_portalrb
    from zi_engine._errors import PluginError, Problem, RubricError, SubmissionError, ZiError
    from zi_engine.eligibility._criteria import (
        MISSING,
        CriterionContext,
        CriterionKind,
        CriterionResult,
        Group,
        Outcome,
        ScoreBounds,
    )
    from zi_engine.eligibility._evaluation import (
        Evaluation,
        ItemResult,
        NodeResult,
        PredicateOutcome,
        PredicateResult,
    )
    from zi_engine.engine._engine import Engine, default_engine
    from zi_engine.engine._plugins import PluginInfo
    from zi_engine.hookspecs import hookimpl
    from zi_engine.lifecycle import load_lifecycle_definition
    from zi_engine.lifecycle._audit import Actor, AuditRecord, EvaluationLike, EvaluationSummary
    from zi_engine.lifecycle._definition import LifecycleDefinition, LifecycleParameters
    from zi_engine.lifecycle._errors import (
        LifecycleDefinitionError,
        LifecycleStateError,
        ListenerError,
        TransitionRefused,
    )
    from zi_engine.lifecycle._machine import GuardContext, LifecycleHost
    from zi_engine.lifecycle._model import Lifecycle
    from zi_engine.lifecycle._portfolio import Portfolio, StuckUnit
    from zi_engine.planning._plan import ImprovementPlan, PlanStep, Requirement, plan
    from zi_engine.render._diagram import mermaid_diagram
    from zi_engine.rubric._answers import (
        AnswerError,
        AnswerType,
        ChoiceAnswerType,
        InputKind,
        parse_number,
    )
    from zi_engine.rubric._model import CriterionSpec, Manifest, QuestionSpec
    from zi_engine.rubric._rubric import BoundCriterion, Rubric, RubricFile
    from zi_engine.rubric._tree import AreaRef, Item, Node, Tree
    from zi_engine.submission._model import (
        AgencyFacts,
        AgencyInfo,
        AnswerEntry,
        Facts,
        Layer,
        LayeredAnswer,
        RawAnswer,
        Submission,
        UnitFacts,
        UnitInfo,
    )

__version__ = "0.1.0"

__all__ = [
    "MISSING",
    "Actor",
    "AgencyFacts",
    "AgencyInfo",
    "AnswerEntry",
    "AnswerError",
    "AnswerType",
    "AreaRef",
    "AuditRecord",
    "BoundCriterion",
    "ChoiceAnswerType",
    "CriterionContext",
    "CriterionKind",
    "CriterionResult",
    "CriterionSpec",
    "Engine",
    "Evaluation",
    "EvaluationLike",
    "EvaluationSummary",
    "Facts",
    "Group",
    "GuardContext",
    "ImprovementPlan",
    "InputKind",
    "Item",
    "ItemResult",
    "Layer",
    "LayeredAnswer",
    "Lifecycle",
    "LifecycleDefinition",
    "LifecycleDefinitionError",
    "LifecycleHost",
    "LifecycleParameters",
    "LifecycleStateError",
    "ListenerError",
    "Manifest",
    "Node",
    "NodeResult",
    "Outcome",
    "PlanStep",
    "PluginError",
    "PluginInfo",
    "Portfolio",
    "PredicateOutcome",
    "PredicateResult",
    "Problem",
    "QuestionSpec",
    "RawAnswer",
    "Requirement",
    "Rubric",
    "RubricError",
    "RubricFile",
    "ScoreBounds",
    "StuckUnit",
    "Submission",
    "SubmissionError",
    "TransitionRefused",
    "Tree",
    "UnitFacts",
    "UnitInfo",
    "ZiError",
    "__version__",
    "default_engine",
    "evaluate",
    "from_portalrb",
    "hookimpl",
    "load_lifecycle_definition",
    "load_rubric",
    "load_submission",
    "mermaid_diagram",
    "parse_number",
    "plan",
    "to_portalrb",
]

# public name -> the module that defines it
_EXPORTS: dict[str, str] = {
    "Actor": "zi_engine.lifecycle._audit",
    "AgencyFacts": "zi_engine.submission._model",
    "AgencyInfo": "zi_engine.submission._model",
    "AnswerEntry": "zi_engine.submission._model",
    "AnswerError": "zi_engine.rubric._answers",
    "AnswerType": "zi_engine.rubric._answers",
    "AreaRef": "zi_engine.rubric._tree",
    "AuditRecord": "zi_engine.lifecycle._audit",
    "BoundCriterion": "zi_engine.rubric._rubric",
    "ChoiceAnswerType": "zi_engine.rubric._answers",
    "CriterionContext": "zi_engine.eligibility._criteria",
    "CriterionKind": "zi_engine.eligibility._criteria",
    "CriterionResult": "zi_engine.eligibility._criteria",
    "CriterionSpec": "zi_engine.rubric._model",
    "Engine": "zi_engine.engine._engine",
    "Evaluation": "zi_engine.eligibility._evaluation",
    "EvaluationLike": "zi_engine.lifecycle._audit",
    "EvaluationSummary": "zi_engine.lifecycle._audit",
    "Facts": "zi_engine.submission._model",
    "Group": "zi_engine.eligibility._criteria",
    "GuardContext": "zi_engine.lifecycle._machine",
    "ImprovementPlan": "zi_engine.planning._plan",
    "InputKind": "zi_engine.rubric._answers",
    "Item": "zi_engine.rubric._tree",
    "ItemResult": "zi_engine.eligibility._evaluation",
    "Layer": "zi_engine.submission._model",
    "LayeredAnswer": "zi_engine.submission._model",
    "Lifecycle": "zi_engine.lifecycle._model",
    "LifecycleDefinition": "zi_engine.lifecycle._definition",
    "LifecycleDefinitionError": "zi_engine.lifecycle._errors",
    "LifecycleHost": "zi_engine.lifecycle._machine",
    "LifecycleParameters": "zi_engine.lifecycle._definition",
    "LifecycleStateError": "zi_engine.lifecycle._errors",
    "ListenerError": "zi_engine.lifecycle._errors",
    "MISSING": "zi_engine.eligibility._criteria",
    "Manifest": "zi_engine.rubric._model",
    "Node": "zi_engine.rubric._tree",
    "NodeResult": "zi_engine.eligibility._evaluation",
    "Outcome": "zi_engine.eligibility._criteria",
    "PlanStep": "zi_engine.planning._plan",
    "PluginError": "zi_engine._errors",
    "PluginInfo": "zi_engine.engine._plugins",
    "Portfolio": "zi_engine.lifecycle._portfolio",
    "PredicateOutcome": "zi_engine.eligibility._evaluation",
    "PredicateResult": "zi_engine.eligibility._evaluation",
    "Problem": "zi_engine._errors",
    "QuestionSpec": "zi_engine.rubric._model",
    "RawAnswer": "zi_engine.submission._model",
    "Requirement": "zi_engine.planning._plan",
    "Rubric": "zi_engine.rubric._rubric",
    "RubricError": "zi_engine._errors",
    "RubricFile": "zi_engine.rubric._rubric",
    "ScoreBounds": "zi_engine.eligibility._criteria",
    "StuckUnit": "zi_engine.lifecycle._portfolio",
    "Submission": "zi_engine.submission._model",
    "SubmissionError": "zi_engine._errors",
    "TransitionRefused": "zi_engine.lifecycle._errors",
    "Tree": "zi_engine.rubric._tree",
    "UnitFacts": "zi_engine.submission._model",
    "UnitInfo": "zi_engine.submission._model",
    "ZiError": "zi_engine._errors",
    "default_engine": "zi_engine.engine._engine",
    "evaluate": "zi_engine._api",
    "from_portalrb": "zi_engine._api",
    "hookimpl": "zi_engine.hookspecs",
    "load_lifecycle_definition": "zi_engine.lifecycle",
    "load_rubric": "zi_engine._api",
    "load_submission": "zi_engine._api",
    "mermaid_diagram": "zi_engine.render._diagram",
    "parse_number": "zi_engine.rubric._answers",
    "plan": "zi_engine.planning._plan",
    "to_portalrb": "zi_engine._api",
}


def __getattr__(name: str) -> Any:
    """Import a public name on first use, and show classes as ``zi_engine.X`` (as httpx does)."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'zi_engine' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    if isinstance(value, type) and value.__module__.startswith("zi_engine."):
        value.__module__ = "zi_engine"
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


def _default_engine() -> Any:
    # the name once imported (every Lifecycle.new and from_dict asks), else import it now
    found = globals().get("default_engine") or __getattr__("default_engine")
    return found()


_defaults.provide(_default_engine)

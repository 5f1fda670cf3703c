"""zi_engine: the Zona Integritas (WBK/WBBM) rules of PermenPAN-RB 90/2021, executable.

Load a rubric, evaluate a unit's submission, read the verdict::

    import zi_engine

    rubric = zi_engine.load_rubric("permenpan-rb-90-2021")
    submission = zi_engine.Submission.load("examples/dinkes-wbk.yaml")
    evaluation = zi_engine.evaluate(rubric, submission)
    print(evaluation.total, evaluation.eligibility["WBK"].outcome)

Everything public is importable from ``zi_engine``; modules whose names start
with an underscore are private.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ._answers import AnswerError, AnswerType, ChoiceAnswerType, parse_number
from ._criteria import (
    MISSING,
    CriterionContext,
    CriterionKind,
    CriterionResult,
    ScoreBounds,
)
from ._engine import Engine, default_engine
from ._errors import PluginError, Problem, RubricError, SubmissionError, ZiError
from ._evaluation import Evaluation, ItemResult, NodeResult, PredicateResult
from ._lifecycle import (
    Actor,
    AuditRecord,
    EvaluationSummary,
    GuardContext,
    Lifecycle,
    LifecycleDefinition,
    LifecycleDefinitionError,
    LifecycleParameters,
    LifecycleStateError,
    ListenerError,
    Portfolio,
    StuckUnit,
    TransitionRefused,
    load_lifecycle_definition,
    mermaid_diagram,
)
from ._plan import ImprovementPlan, PlanStep, Requirement, plan
from ._plugins import PluginInfo
from ._rubric import Rubric, RubricFile
from ._rubric_model import CriterionSpec, QuestionSpec
from ._submission import (
    AgencyFacts,
    AgencyInfo,
    AnswerEntry,
    Facts,
    LayeredAnswer,
    Submission,
    UnitFacts,
    UnitInfo,
)
from .hookspecs import hookimpl

if TYPE_CHECKING:
    from ._submission import Layer

__version__ = "0.1.0"

__all__ = [
    "MISSING",
    "Actor",
    "AgencyFacts",
    "AgencyInfo",
    "AnswerEntry",
    "AnswerError",
    "AnswerType",
    "AuditRecord",
    "ChoiceAnswerType",
    "CriterionContext",
    "CriterionKind",
    "CriterionResult",
    "CriterionSpec",
    "Engine",
    "Evaluation",
    "EvaluationSummary",
    "Facts",
    "GuardContext",
    "ImprovementPlan",
    "ItemResult",
    "LayeredAnswer",
    "Lifecycle",
    "LifecycleDefinition",
    "LifecycleDefinitionError",
    "LifecycleParameters",
    "LifecycleStateError",
    "ListenerError",
    "NodeResult",
    "PlanStep",
    "PluginError",
    "PluginInfo",
    "Portfolio",
    "PredicateResult",
    "Problem",
    "QuestionSpec",
    "Requirement",
    "Rubric",
    "RubricError",
    "RubricFile",
    "ScoreBounds",
    "StuckUnit",
    "Submission",
    "SubmissionError",
    "TransitionRefused",
    "UnitFacts",
    "UnitInfo",
    "ZiError",
    "__version__",
    "default_engine",
    "evaluate",
    "hookimpl",
    "load_lifecycle_definition",
    "load_rubric",
    "mermaid_diagram",
    "parse_number",
    "plan",
]


def load_rubric(name_or_path: str | Path) -> Rubric:
    """Load a rubric with the default engine (built-in plugins only).

    ``"permenpan-rb-90-2021"`` is the bundled rubric; a path loads a rubric
    directory. See :meth:`Engine.load_rubric`.
    """
    return default_engine().load_rubric(name_or_path)


def evaluate(
    rubric: Rubric,
    submission: Submission,
    *,
    as_of: date | None = None,
    up_to: Layer = "tpn",
) -> Evaluation:
    """Evaluate ``submission`` with the default engine. See :meth:`Engine.evaluate`."""
    return default_engine().evaluate(rubric, submission, as_of=as_of, up_to=up_to)


def _fix_module_names() -> None:
    """Show public classes as ``zi_engine.X`` in reprs and docs, as httpx does."""
    for name in __all__:
        obj = globals().get(name)
        if isinstance(obj, type) and obj.__module__.startswith("zi_engine._"):
            obj.__module__ = "zi_engine"


_fix_module_names()

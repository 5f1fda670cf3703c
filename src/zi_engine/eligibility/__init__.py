"""Stage 4 of the pipeline: eligibility – criterion kinds, the built-in ones, and the evaluation.

``_criteria`` is the contract a criterion kind implements (built-in or a
plugin's); ``_kinds`` holds the built-in kinds (Table 5 gates, Table 6
thresholds), registered as a plugin; ``_evaluation`` is the
:class:`Evaluation` that explains a score and judges every predicate.
"""

from __future__ import annotations

from zi_engine.eligibility._criteria import (
    EPSILON,
    MISSING,
    CriterionContext,
    CriterionJudge,
    CriterionKind,
    CriterionResult,
    CriterionVerdict,
    Group,
    Missing,
    Outcome,
    ScoreBounds,
    ScoreGoal,
    meets,
)
from zi_engine.eligibility._evaluation import (
    Evaluation,
    ItemResult,
    NodeResult,
    PredicateOutcome,
    PredicateResult,
)

__all__ = [
    "EPSILON",
    "MISSING",
    "CriterionContext",
    "CriterionJudge",
    "CriterionKind",
    "CriterionResult",
    "CriterionVerdict",
    "Evaluation",
    "Group",
    "ItemResult",
    "Missing",
    "NodeResult",
    "Outcome",
    "PredicateOutcome",
    "PredicateResult",
    "ScoreBounds",
    "ScoreGoal",
    "meets",
]

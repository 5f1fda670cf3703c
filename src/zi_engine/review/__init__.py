"""Reviews of a unit's answers, question by question, by the TPI tiers, the TPN or the parent unit.

Modules: ``_tiers`` (the ``reviews`` section of a lifecycle definition),
``_records`` (the hash-chained history), ``_rules`` (who may do what, and
when), ``_model`` (:class:`Review`), ``_persist`` (the saved document and
its verification), ``_diff`` (where the answer layers differ, with each
difference's score effect).

A layer of its own between eligibility and the lifecycle: it reads
submissions and scores them; the lifecycle's guards read its sign-off.
Names are imported on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from zi_engine._lazy import lazy_exports

if TYPE_CHECKING:
    from zi_engine.review._diff import LayerDifference, layer_differences
    from zi_engine.review._errors import ReviewRefused, ReviewStateError
    from zi_engine.review._model import Review, ReviewDefinition
    from zi_engine.review._records import QuestionReview, ReviewAction, ReviewActor, ReviewRecord
    from zi_engine.review._tiers import ReviewSpec, TierSpec, Verdict

__all__ = [
    "LayerDifference",
    "QuestionReview",
    "Review",
    "ReviewAction",
    "ReviewActor",
    "ReviewDefinition",
    "ReviewRecord",
    "ReviewRefused",
    "ReviewSpec",
    "ReviewStateError",
    "TierSpec",
    "Verdict",
    "layer_differences",
]

_EXPORTS: dict[str, str] = {
    "LayerDifference": "zi_engine.review._diff",
    "QuestionReview": "zi_engine.review._records",
    "Review": "zi_engine.review._model",
    "ReviewAction": "zi_engine.review._records",
    "ReviewActor": "zi_engine.review._records",
    "ReviewDefinition": "zi_engine.review._model",
    "ReviewRecord": "zi_engine.review._records",
    "ReviewRefused": "zi_engine.review._errors",
    "ReviewSpec": "zi_engine.review._tiers",
    "ReviewStateError": "zi_engine.review._errors",
    "TierSpec": "zi_engine.review._tiers",
    "Verdict": "zi_engine.review._tiers",
    "layer_differences": "zi_engine.review._diff",
}

__getattr__, __dir__ = lazy_exports(globals(), _EXPORTS, __all__)

"""The hook implementations: the module the ``zi_engine`` entry point ``kalsel`` names.

Each function is marked with :data:`zi_engine.hookimpl` and has the name and
(a subset of) the parameters of a hook in :mod:`zi_engine.hookspecs`; pluggy
checks both when the engine registers this module.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from zi_engine import AnswerType, CriterionKind, CriterionSpec, Evaluation, Rubric, hookimpl

from . import audit
from .answers import skala_1_5
from .criteria import TemuanLamaKind, extra_criteria

__all__ = [
    "RUBRICS_DIR",
    "zi_answer_types",
    "zi_criterion_kinds",
    "zi_evaluation_done",
    "zi_extra_criteria",
    "zi_rubric_sources",
    "zi_transition_done",
]

RUBRICS_DIR = Path(__file__).resolve().parent / "rubrics"
"""Package data: one directory per rubric, each with a ``rubric.yaml``."""


@hookimpl
def zi_answer_types() -> Sequence[AnswerType]:
    """``skala_1_5``."""
    return [skala_1_5]


@hookimpl
def zi_criterion_kinds() -> Sequence[CriterionKind]:
    """``kalsel_temuan_lama``."""
    return [TemuanLamaKind()]


@hookimpl
def zi_rubric_sources() -> Mapping[str, Path]:
    """``kalsel-2026`` (extends the bundled ``permenpan-rb-90-2021``)."""
    return {"kalsel-2026": RUBRICS_DIR / "kalsel-2026"}


@hookimpl
def zi_extra_criteria(rubric: Rubric, predicate: str) -> Sequence[CriterionSpec]:
    """The Inspektorat's "no finding open for more than six months" rule (provincial rubric)."""
    return extra_criteria(rubric, predicate)


@hookimpl
def zi_evaluation_done(evaluation: Evaluation) -> None:
    """One ``evaluation`` line in the audit log: who, which rubric, total, verdicts."""
    path = audit.audit_log_path()
    if path is None:
        return  # logging is off: do not even judge eligibility
    sub = evaluation.submission
    audit.append_event(
        {
            "event": "evaluation",
            "unit": sub.unit.id,
            "year": sub.year,
            "rubric": {
                "id": evaluation.rubric_id,
                "version": evaluation.rubric_version,
                "hash": evaluation.rubric_hash,
            },
            "as_of": evaluation.as_of,
            "up_to": evaluation.up_to,
            "layer": evaluation.layer,
            "total": round(evaluation.total, 4),
            "eligibility": {k: v.outcome for k, v in evaluation.eligibility.items()},
        },
        path,
    )


# ``Lifecycle`` and ``AuditRecord`` are typed ``Any``: zi_engine does not export them yet.
@hookimpl
def zi_transition_done(lifecycle: Any, record: Any) -> None:
    """One ``transition`` line in the audit log: the unit and the hash-chained audit record."""
    path = audit.audit_log_path()
    if path is None:
        return
    audit.append_event(
        {
            "event": "transition",
            "unit": lifecycle.unit_id,
            "agency": lifecycle.agency_id,
            "definition": lifecycle.definition.name,
            "record": record,
        },
        path,
    )

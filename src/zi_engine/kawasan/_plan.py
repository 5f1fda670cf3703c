"""What it would take for a Kawasan: which members must improve what, and the integration.

Each member that does not pass gets its own improvement plan (the unit's
plan, :func:`zi_engine.plan`, on its own evaluation) and the criteria it falls
short on; the integration assessment gets a plan of its own when its score
is below the threshold; what answers cannot change (an unevaluated member,
the Kawasan's Menuju WBK designation) is said as a requirement.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from zi_engine._errors import UsageError
from zi_engine._i18n import Text, t
from zi_engine.eligibility._criteria import CriterionResult
from zi_engine.planning._plan import ImprovementPlan, plan

if TYPE_CHECKING:
    from zi_engine.kawasan._evaluate import KawasanEvaluation

__all__ = ["KawasanPlan", "MemberPlan", "kawasan_plan"]

_PASSING = ("pass", "not_applicable")
# every text of this module, in one place (t() runs when the plan is made)
_TEXT: dict[str, Callable[..., Text]] = {
    "unknown": lambda **v: t(
        "kawasan.unknown_predicate", "the Kawasan is judged for {known}, not {predicate!r}", **v
    ),
    "held": lambda **v: t(
        "kawasan.plan_held",
        "the Kawasan must first be designated Kawasan Menuju WBK (hlm. 59)",
        **v,
    ),
    "held_unknown": lambda **v: t(
        "kawasan.plan_held_unknown",
        "state whether the Kawasan holds Kawasan Menuju WBK (predicate_held)",
        **v,
    ),
    "evaluate": lambda **v: t(
        "kawasan.plan_evaluate",
        "member {unit} ({agency}) must be evaluated: give its submission",
        **v,
    ),
    "no_predicate": lambda **v: t(
        "kawasan.plan_no_predicate",
        "member {unit} ({agency}) is scored with a rubric that has no {predicate}",
        **v,
    ),
}


@dataclass(frozen=True, slots=True)
class MemberPlan:
    """A member that does not pass yet: what it falls short on and its own plan."""

    unit_id: str
    agency_id: str
    outcome: str
    shortfalls: tuple[CriterionResult, ...]
    plan: ImprovementPlan | None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data."""
        return {
            "unit_id": self.unit_id,
            "agency_id": self.agency_id,
            "outcome": self.outcome,
            "shortfalls": [c.to_dict() for c in self.shortfalls],
            "plan": None if self.plan is None else self.plan.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class KawasanPlan:
    """What it would take for the Kawasan to meet ``predicate``."""

    predicate: str
    outcome: str
    members: tuple[MemberPlan, ...]
    integration: ImprovementPlan | None
    integration_gap: float | None
    requirements: tuple[str, ...]

    @property
    def nothing_to_do(self) -> bool:
        """True when the Kawasan already meets the predicate."""
        return self.outcome == "eligible"

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data."""
        return {
            "predicate": self.predicate,
            "outcome": self.outcome,
            "members": [m.to_dict() for m in self.members],
            "integration": None if self.integration is None else self.integration.to_dict(),
            "integration_gap": self.integration_gap,
            "requirements": list(self.requirements),
        }


def kawasan_plan(evaluation: KawasanEvaluation, predicate: str) -> KawasanPlan:
    """The plan for ``evaluation``'s Kawasan to meet ``predicate``."""
    result = evaluation.eligibility.get(predicate)
    if result is None:
        known = ", ".join(evaluation.eligibility) or t("kawasan.none", "none")
        raise UsageError(_TEXT["unknown"](predicate=predicate, known=known))
    by_member = {(m.agency_id, m.unit_id): m for m in evaluation.members}
    members: list[MemberPlan] = []
    requirements: list[str] = []
    integration_gap: float | None = None
    integration_short = False
    for c in result.criteria:
        if c.outcome in _PASSING:
            continue
        if c.group == "kawasan":
            requirements.append(_TEXT["held" if c.outcome == "fail" else "held_unknown"]())
        elif c.group == "integration":
            integration_short = True
            if c.gap is not None:
                integration_gap = max(integration_gap or 0.0, c.gap)
        elif c.member is not None:
            member = by_member[c.member]
            ev = member.evaluation
            fill = {"unit": member.unit_id, "agency": member.agency_id, "predicate": predicate}
            if ev is None:
                requirements.append(_TEXT["evaluate"](**fill))
                members.append(MemberPlan(member.unit_id, member.agency_id, c.outcome, (), None))
            elif predicate not in ev.eligibility:
                requirements.append(_TEXT["no_predicate"](**fill))
            else:
                own = plan(ev, predicate)
                members.append(
                    MemberPlan(member.unit_id, member.agency_id, c.outcome, c.details, own)
                )
    integration = plan(evaluation.integration, predicate) if integration_short else None
    return KawasanPlan(
        predicate,
        result.outcome,
        tuple(members),
        integration,
        integration_gap,
        tuple(requirements),
    )

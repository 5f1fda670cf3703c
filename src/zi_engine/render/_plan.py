"""An improvement plan as readable text."""

from __future__ import annotations

from zi_engine._i18n import format_number, t
from zi_engine._text import printable_lines
from zi_engine.planning._plan import ImprovementPlan

__all__ = ["render_plan"]


def render_plan(p: ImprovementPlan) -> str:
    """The plan as readable text."""
    lines: list[str] = [
        t(
            "render.plan_head",
            "Target {target}: now {before} (total {total_before:.2f});"
            " after these steps {after} (total {total_after:.2f}).",
            target=p.target,
            before=_outcome(p.outcome_before),
            total_before=p.total_before,
            after=_outcome(p.outcome_after),
            total_after=p.total_after,
        ),
    ]
    if p.steps:
        lines.append(
            t(
                "render.plan_steps",
                "{steps} answer improvement(s), most points per step first:",
                steps=len(p.steps),
            )
        )
        for s in p.steps:
            soal = f" [soal {s.soal_id}]" if s.soal_id else ""
            lines.append(
                f"  +{format_number(s.points, '5.2f')}  {s.question_id}{soal}:"
                f" {s.from_answer!s} -> {s.to_answer!s}   ({s.text[:60]})"
            )
    else:
        lines.append(t("render.plan_no_steps", "No answer needs to change for the score criteria."))
    if p.requirements:
        lines.append(t("render.plan_requirements", "Not fixable by answers:"))
        for r in p.requirements:
            lines.append(f"  {r.criterion_id}: {r.reason}")
    if not p.achievable:
        lines.append(
            t(
                "render.plan_unreachable",
                "The score criteria cannot all be met by better answers alone: {criteria}",
                criteria=", ".join(p.unreachable),
            )
        )
    return printable_lines(lines)


def _outcome(outcome: str) -> str:
    """A predicate outcome as the plan's sentence says it (``eligible``; ``memenuhi``)."""
    if outcome == "eligible":
        return t("render.plan_eligible", "eligible")
    if outcome == "not_eligible":
        return t("render.plan_not_eligible", "not_eligible")
    if outcome == "inconclusive":
        return t("render.plan_inconclusive", "inconclusive")
    return outcome

"""An improvement plan as readable text."""

from __future__ import annotations

from zi_engine._text import printable_lines
from zi_engine.planning._plan import ImprovementPlan

__all__ = ["render_plan"]


def render_plan(p: ImprovementPlan) -> str:
    """The plan as readable text."""
    lines = [
        f"Target {p.target}: now {p.outcome_before} (total {p.total_before:.2f}); "
        f"after these steps {p.outcome_after} (total {p.total_after:.2f}).",
    ]
    if p.steps:
        lines.append(f"{len(p.steps)} answer improvement(s), most points per step first:")
        for s in p.steps:
            soal = f" [soal {s.soal_id}]" if s.soal_id else ""
            lines.append(
                f"  +{s.points:5.2f}  {s.question_id}{soal}: {s.from_answer!s} -> {s.to_answer!s}"
                f"   ({s.text[:60]})"
            )
    else:
        lines.append("No answer needs to change for the score criteria.")
    if p.requirements:
        lines.append("Not fixable by answers:")
        for r in p.requirements:
            lines.append(f"  {r.criterion_id}: {r.reason}")
    if not p.achievable:
        lines.append(
            "The score criteria cannot all be met by better answers alone: "
            + ", ".join(p.unreachable)
        )
    return printable_lines(lines)

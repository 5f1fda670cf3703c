"""How the evaluation guards word a criterion that does not pass: one wording for all."""

from __future__ import annotations

from typing import Any

from zi_engine._i18n import t

__all__ = ["PASSING", "criteria_problems", "outcome_word"]

PASSING = ("pass", "not_applicable")
"""Criterion outcomes that let a guard through."""


def criteria_problems(criteria: Any, groups: tuple[str, ...] | None) -> list[str]:
    """Each criterion of ``groups`` (all when ``None``) that does not pass, in words."""
    chosen = [c for c in criteria if groups is None or c.group in groups]
    if not chosen:
        if groups is None:
            return [t("lifecycle.no_criteria", "it has no eligibility criteria")]
        return [
            t(
                "lifecycle.no_group_criteria",
                "it has no {groups} criteria",
                groups="/".join(groups),
            )
        ]
    out: list[str] = []
    for c in chosen:
        if c.outcome in PASSING:
            continue
        if c.outcome == "inconclusive":
            if c.reason:
                out.append(
                    t(
                        "lifecycle.criterion_inconclusive_because",
                        "{label} is inconclusive, which is not a pass – {reason}",
                        label=c.label,
                        reason=c.reason,
                    )
                )
            else:
                out.append(
                    t(
                        "lifecycle.criterion_inconclusive",
                        "{label} is inconclusive, which is not a pass",
                        label=c.label,
                    )
                )
        elif c.reason:
            out.append(
                t(
                    "lifecycle.criterion_failed_because",
                    "{label}: {outcome} – {reason}",
                    label=c.label,
                    outcome=outcome_word(c.outcome),
                    reason=c.reason,
                )
            )
        else:
            out.append(
                t(
                    "lifecycle.criterion_failed",
                    "{label}: {outcome}",
                    label=c.label,
                    outcome=outcome_word(c.outcome),
                )
            )
    return out


def outcome_word(outcome: str) -> str:
    """A criterion's outcome as a word of the message's language (``fail``: tidak terpenuhi)."""
    if outcome == "fail":
        return t("lifecycle.outcome_fail", "fail")
    return outcome

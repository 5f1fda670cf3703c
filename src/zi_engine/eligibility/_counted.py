"""A gate measured by the LKE's own count rows, with a stated fact as fallback and cross-check.

Tabel 5's "LHKASN dan LHKPN 100%" (hlm. 46) is the same measure as the
LKE's percentage rows computed from counts (Lampiran III, hlm. 85–86): the
gate reads the row where its counts are answered, falls back to the stated
fact where they are not, and reports a stated fact that contradicts the
counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from zi_engine._constants import TOLERANCE
from zi_engine.eligibility._criteria import (
    MISSING,
    CriterionContext,
    CriterionJudge,
    CriterionKind,
    CriterionResult,
    ScoreBounds,
    ScoreGoal,
    judge_bounds,
    meets,
)
from zi_engine.eligibility._judges import judges_itself, lke_percent_judge
from zi_engine.eligibility._values import as_number, fact_choices, need_fields
from zi_engine.submission._model import Facts

if TYPE_CHECKING:
    from zi_engine.rubric._model import CriterionSpec, Manifest
    from zi_engine.rubric._tree import Tree

__all__ = ["LkePercentMin"]

# A stated percentage agrees with the counts when it is their value rounded to two decimals,
# as the LKE shows it (5 of 9 reported is 55.56%).
_STATED_ROUNDING = 0.005


class LkePercentMin(CriterionKind):
    """The LKE item ``node`` (``item:<id>``) as a percentage ≥ ``min``; else the ``fact``.

    The item's value (0..1, a ratio of counts) times 100 is the measure when
    every count it reads is answered. When some are not, the stated ``fact``
    (a percentage) decides; without it, the best and worst answers decide
    whether the result is a fail or inconclusive. A ``fact`` that differs
    from the counted percentage is reported in the result's ``warnings``
    (the counts decide: they are the measure).
    """

    name = "lke_percent_min"
    group = "gate"

    def check(self, spec: CriterionSpec, tree: Tree, manifest: Manifest) -> list[str]:
        problems = need_fields(spec, "node", "min")
        if spec.min is not None and spec.min > 100:
            problems.append(f"min {spec.min:g} is a percentage and cannot be above 100")
        if spec.node is not None:
            index = tree.resolve_item(spec.node) if spec.node.startswith("item:") else None
            if index is None:
                problems.append(f"node {spec.node!r} must name a question: item:<question id>")
            elif not tree.items[index].scored or tree.items[index].coef <= 0:
                problems.append(
                    f"node {spec.node!r} scores nothing, so it has no percentage to read"
                )
        if spec.fact is not None and not Facts.known_path(spec.fact):
            problems.append(f"fact {spec.fact!r} does not exist: use {fact_choices()}")
        return problems

    def prepare(self, spec: CriterionSpec, tree: Tree, manifest: Manifest) -> CriterionJudge | None:
        if judges_itself(self, LkePercentMin):
            return None
        return lke_percent_judge(spec, tree, _stated_percent)

    def score_goals(
        self, spec: CriterionSpec, result: CriterionResult, tree: Tree
    ) -> Sequence[ScoreGoal]:
        # the counts decide: the plan can answer them (everyone obliged has reported)
        index = tree.resolve_item(spec.node) if spec.node and spec.min is not None else None
        if index is None or spec.min is None:
            return ()
        return [
            ScoreGoal(f"item:{tree.items[index].spec.id}", tree.items[index].coef * spec.min / 100)
        ]

    def evaluate(self, spec: CriterionSpec, ctx: CriterionContext) -> Sequence[CriterionResult]:
        assert spec.node is not None
        assert spec.min is not None
        bounds = ctx.score(spec.node)
        stated = _stated_percent(spec, ctx)
        if bounds.exact:
            return [self._counted(spec, bounds, stated)]
        if isinstance(stated, float):
            return [self._from_fact(spec, stated, bounds)]
        return [self._unanswered(spec, bounds, stated)]

    def _counted(
        self, spec: CriterionSpec, bounds: ScoreBounds, stated: float | str | None
    ) -> CriterionResult:
        assert spec.min is not None
        pct = 100.0 * bounds.low / bounds.maximum
        ok = meets(pct, spec.min)
        reason = f"the LKE's counts give {pct:.2f}% ({spec.node})"
        reason += "" if ok else f", below {spec.min:g}%"
        warnings: tuple[str, ...] = ()
        if isinstance(stated, float) and abs(stated - pct) > _STATED_ROUNDING + TOLERANCE:
            warning = (
                f"{spec.fact} states {stated:g}%, but the LKE's counts ({spec.node}) give "
                f"{pct:.2f}%: the counts decide {spec.id!r}; correct the one that is wrong"
            )
            reason += f"; {spec.fact} states {stated:g}%, which the counts contradict"
            warnings = (warning,)
        elif isinstance(stated, str):
            warnings = (f"{spec.fact} {stated}; the LKE's counts ({spec.node}) decide",)
        result = self.result(
            spec,
            "pass" if ok else "fail",
            actual=round(pct, 10),
            required=spec.min,
            gap=round(max(0.0, spec.min - pct), 10),
            unit="%",
            reason=reason,
        )
        return _with_warnings(result, warnings)

    def _from_fact(
        self, spec: CriterionSpec, stated: float, bounds: ScoreBounds
    ) -> CriterionResult:
        assert spec.min is not None
        ok = meets(stated, spec.min)
        reason = (
            f"{spec.fact} is {stated:g}% ({bounds.missing} count(s) of {spec.node} unanswered, "
            "so the stated figure is read)"
        )
        return self.result(
            spec,
            "pass" if ok else "fail",
            actual=stated,
            required=spec.min,
            gap=round(max(0.0, spec.min - stated), 10),
            unit="%",
            reason=reason + ("" if ok else f", below {spec.min:g}%"),
        )

    def _unanswered(
        self, spec: CriterionSpec, bounds: ScoreBounds, stated: float | str | None
    ) -> CriterionResult:
        assert spec.min is not None
        outcome, why = judge_bounds(bounds, bounds.maximum * spec.min / 100)
        given = f"{spec.fact} {stated}" if isinstance(stated, str) else f"no {spec.fact}"
        reason = f"{spec.node} is not counted yet ({why}), and {given}"
        if spec.fact is None:
            reason = f"{spec.node} is not counted yet ({why})"
        return self.result(
            spec,
            outcome,
            actual=None
            if outcome == "inconclusive"
            else round(100 * bounds.low / bounds.maximum, 10),
            required=spec.min,
            gap=None,
            unit="%",
            reason=reason,
        )


def _stated_percent(spec: CriterionSpec, ctx: CriterionContext) -> float | str | None:
    """The stated fact as a number, ``None`` when not given, or why it cannot be read."""
    if spec.fact is None:
        return None
    value = ctx.fact(spec.fact)
    if value is MISSING:
        return None
    number = as_number(value)
    return number if number is not None else f"is {value!r}, which is not a number"


def _with_warnings(result: CriterionResult, warnings: tuple[str, ...]) -> CriterionResult:
    return replace(result, warnings=warnings) if warnings else result
